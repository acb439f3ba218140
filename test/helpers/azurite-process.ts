// Azurite (Microsoft's Blob Storage emulator, an npm devDependency) as a child process: its own
// port and folder, telemetry off (tests and the bench never reach the internet), always stopped by
// PID. No jest in here: the tests' hook is azurite.ts, and `npm run bench` starts it from this file
// with its own supervisor's spawn, so that its cleanup check covers Azurite too.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const PACKAGE = path.resolve(__dirname, '..', '..', 'node_modules', 'azurite');
const MAIN = path.join(PACKAGE, 'dist', 'src', 'blob', 'main.js');
// Azurite's documented development account (public, the same in every installation).
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const LISTENING = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/;

/** The installed version, printed with the bench's figures (they depend on it). */
export const AZURITE_VERSION: string = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version;

export interface Azurite {
  connectionString: string;
  port: number;
  /** Its folder (blobs and metadata), kept across restart(). */
  location: string;
  /** SIGTERM, and resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL (a storage that dies mid-run), and resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder: the same account, containers and blobs. */
  restart(): Promise<void>;
}

/** How a `node` child is started: the bench passes its supervisor's, which remembers the PID. */
export type SpawnNode = (args: string[], options: SpawnOptions) => ChildProcess;

export interface StartAzuriteOptions {
  /** Its folder; default a new temporary one (the caller removes it, as useAzurite does). */
  location?: string;
  spawnNode?: SpawnNode;
}

const plainNode: SpawnNode = (args, options) => spawn(process.execPath, args, options);

export async function startAzurite(options: StartAzuriteOptions = {}): Promise<Azurite> {
  const location = options.location ?? mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
  const spawnNode = options.spawnNode ?? plainNode;
  let child = await launch(spawnNode, 0, location);
  const port = child.port;
  const halt = async (signal: NodeJS.Signals) => {
    const { process: running } = child;
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    // ChildProcess.kill signals its own PID only (nothing found by name), and is a no-op once gone.
    running.kill(signal);
    const late = setTimeout(() => running.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(late);
  };
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};` +
      `BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`,
    port,
    location,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    async restart() {
      await halt('SIGTERM');
      child = await launch(spawnNode, port, location);
    }
  };
}

interface Launched {
  process: ChildProcess;
  port: number;
}

/** `port` 0: any free one, read from Azurite's own "listens on" line (no window for another to take it). */
async function launch(spawnNode: SpawnNode, port: number, location: string): Promise<Launched> {
  const child = spawnNode(
    // --skipApiVersionCheck: @azure/storage-blob 12.32 asks for a service version newer than
    // Azurite 3.35 knows, and Azurite refuses it (400) otherwise.
    [MAIN, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', location].concat([
      '--silent',
      '--disableTelemetry',
      '--skipApiVersionCheck'
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  // A process (a test file, the bench) that dies without stopping it must not leave Azurite running.
  const orphan = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', orphan);
  child.once('exit', () => process.removeListener('exit', orphan));
  let output = '';
  const listening = await new Promise<number>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.stdout?.removeListener('data', read);
      child.stderr?.removeListener('data', read);
      child.removeListener('exit', exited);
    };
    const fail = (err: Error) => {
      done();
      child.kill('SIGKILL');
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within 15 s:\n${output}`)), 15_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (!match) return;
      done();
      resolve(Number(match[1]));
    };
    const exited = (code: number | null, signal: string | null) =>
      fail(new Error(`Azurite exited (${code ?? signal}) at start:\n${output}`));
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', exited);
  });
  // Read on (and drop) whatever it prints later, so a full pipe never stalls it.
  child.stdout?.resume();
  child.stderr?.resume();
  await answers(listening);
  return { process: child, port: listening };
}

/** Any HTTP answer (even 400/403) means the service is up. */
async function answers(port: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const request = http.get({ host: '127.0.0.1', port, path: `/${ACCOUNT}?comp=list`, timeout: 1000 }, (res) => {
        res.resume();
        resolve(true);
      });
      request.on('error', () => resolve(false));
      request.on('timeout', () => request.destroy());
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Azurite on port ${port} does not answer`);
}
