// The load generator's side of the child processes: start them, ask them, stop them, and make
// sure that nothing the run started outlives it (at the end, on Ctrl-C and on failure; the
// children also exit on their own when the IPC channel closes).
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../paths';
import { baseChildEnv, NODE_FLAGS } from '../settings';
import { type Answers, answerId, isReady, type Questions, type QuestionType, type Ready } from './ipc-protocol';

const children = new Set<ChildProcess>();
const spawnedPids: number[] = [];
const portsUsed = new Set<number>();
const tmpDirs: string[] = [];

/** A temporary folder, removed when the run exits. */
export function tmpDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gcbot-bench-${name}-`));
  tmpDirs.push(dir);
  return dir;
}

/** A port the run used; at the end nothing may still listen on it. */
export function notePort(port: number): void {
  portsUsed.add(port);
}

/** `node <flags> <args>` from the repository root, remembered for cleanup. */
export function spawnNode(args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...args], { cwd: REPO_ROOT, ...options });
  if (child.pid !== undefined) spawnedPids.push(child.pid);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

type Extra<K extends QuestionType> = Questions[K] extends Record<string, never> ? [] : [Questions[K]];

/** A child that said ready over IPC, and can be asked (processes/ipc-protocol.ts). */
export class IpcChild {
  private seq = 0;
  private readonly pending = new Map<number, (answer: unknown) => void>();

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly ready: Ready
  ) {
    child.on('message', (msg: unknown) => {
      const id = answerId(msg);
      const waiter = id === undefined ? undefined : this.pending.get(id);
      if (id === undefined || !waiter) return;
      this.pending.delete(id);
      waiter(msg);
    });
  }

  ask<K extends QuestionType>(type: K, ...[extra]: Extra<K>): Promise<Answers[K]> {
    return new Promise((resolve, reject) => {
      const id = ++this.seq;
      // Our own child answers in the shape of the protocol: the one trusted cast.
      this.pending.set(id, (answer) => resolve(answer as Answers[K]));
      this.child.send({ type, id, ...extra }, (err) => err && reject(err));
    });
  }
}

export interface IpcChildOptions {
  args?: string[];
  env?: Record<string, string>;
  execArgv?: string[];
  /** stdout and stderr go here (appended); otherwise nowhere. */
  logFile?: string;
}

/** Starts `node script` with an IPC channel; resolves once it sends {type:'ready'}. */
export function startIpcChild(name: string, script: string, options: IpcChildOptions = {}): Promise<IpcChild> {
  const { args = [], env = {}, execArgv = [], logFile } = options;
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawnNode([...execArgv, script, ...args], {
    env: { ...baseChildEnv(), ...env },
    stdio: ['ignore', out, out, 'ipc']
  });
  if (typeof out === 'number') fs.closeSync(out);
  const where = logFile ? ` (log: ${logFile})` : '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s${where}`)), 30_000);
    child.once('exit', (code, signal) =>
      reject(new Error(`${name} exited during start (${code ?? signal})${logFile ? `:\n${tail(logFile)}` : ''}`))
    );
    child.on('message', (msg: unknown) => {
      if (!isReady(msg)) return;
      clearTimeout(timer);
      notePort(msg.port);
      resolve(new IpcChild(name, child, msg));
    });
  });
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** `signal`, then SIGKILL after 5 s; resolves once the child has exited. */
export async function stopChild(target: ChildProcess | IpcChild, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const child = target instanceof IpcChild ? target.child : target;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (!signalPid(pid, signal)) return;
  const timer = setTimeout(() => signalPid(pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

function signalPid(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

/** Ctrl-C or SIGTERM stops every child; exiting (however) kills what is left and removes the temporary folders. */
export function installCleanup(): void {
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      process.stderr.write(`\nbench: ${signal}, stopping every process it started…\n`);
      stopAll().finally(() => process.exit(130));
    });
  }
  process.on('exit', () => {
    for (const child of children) if (child.pid !== undefined) signalPid(child.pid, 'SIGKILL');
    for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/** What is still there of what the run started: live pids and ports still listening. */
export async function leftovers(): Promise<{ found: string[]; processes: number; ports: number }> {
  const found: string[] = [];
  for (const port of portsUsed) if (await portOpen(port)) found.push(`port ${port}`);
  for (const pid of spawnedPids) if (signalPid(pid, 0)) found.push(`pid ${pid}`);
  return { found, processes: spawnedPids.length, ports: portsUsed.size };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
