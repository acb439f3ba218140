// Runs the README's first command the way a person does (`npm start`), on free loopback ports
// and a temporary DATA_DIR, and stops it the way a person does (Ctrl-C → SIGINT).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { missing } from './run-notices';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface LocalBot {
  botUrl: string;
  sandboxUrl: string;
  playgroundUrl?: string;
  output: () => string;
  /** Ctrl-C, then resolves once everything it started has exited. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startLocal(options: {
  playground: boolean;
  dataDir: string;
  timeoutMs?: number;
}): Promise<LocalBot> {
  const [port, sandboxPort, playgroundPort] = [await freePort(), await freePort(), await freePort()];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    PLAYGROUND_PORT: String(playgroundPort),
    PLAYGROUND: options.playground ? '1' : '0',
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn'
  };
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));

  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      // npm runs node as a child: signal the whole process group, as a terminal's Ctrl-C does.
      process.kill(-(child.pid as number), signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // ESRCH: already gone
    }
  };
  const stop = async () => {
    if (!exited()) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        signalGroup('SIGINT');
        setTimeout(() => signalGroup('SIGKILL'), 10_000).unref();
      });
    }
    // npm itself dies by the signal; wait for the node process (bot, sandbox, playground) too.
    for (let i = 0; i < 100; i++) {
      const open = await Promise.all(
        [port, sandboxPort, ...(options.playground ? [playgroundPort] : [])].map(portOpen)
      );
      if (!open.some(Boolean)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    signalGroup('SIGKILL');
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (!output.includes('Local mode is ready')) {
    if (exited()) throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`npm start did not get ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    botUrl: `http://127.0.0.1:${port}`,
    sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
    playgroundUrl: options.playground ? `http://127.0.0.1:${playgroundPort}` : undefined,
    output: () => output,
    stop
  };
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Chromium from Debian (`apt-get install -y chromium`); .ci/run installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * A suite that needs something the machine may lack (Chromium): without it, only this suite is
 * skipped, with one notice for the run (run-notices.ts); with CI set it is one failing test.
 */
export function describeIf(available: boolean, why: string, name: string, fn: () => void): void {
  const notice = `notice: ${why}: skipped "${name}" (with CI set it fails)`;
  if (available) describe(name, fn);
  else if (process.env.CI) describe(name, () => it(`needs: ${why}`, () => missing(`needs ${name}`, why, notice)));
  else {
    missing(`needs ${name}`, why, notice);
    describe.skip(`skipped: ${why} (${name})`, fn);
  }
}

export const chromiumAvailable = existsSync(CHROMIUM);
