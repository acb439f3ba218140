// The bot as a real child process, for the faults suite's "killed mid-post" scenarios: src/index.ts
// run by node with tsx's loader (no build, so no race with the e2e suite's `npm start`, which
// builds dist/), in local mode with PLAYGROUND=0 against a Graph sandbox the test runs itself
// (GRAPH_BASE_URL), and a DATA_DIR on disk so that a restart finds the draft ledger again.
//
// One node process (`node --import tsx`, not the tsx CLI, which would run the bot in a grandchild
// that a kill of the CLI leaves alive), in its own process group: kill() signals the group.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInvokeContract, type InvokeContract } from './invoke-contract';

const ROOT = path.resolve(__dirname, '..', '..');
const READY = /the bot answers at (http:\/\/127\.0\.0\.1:\d+)\/api\/messages/;

export interface ChildBot {
  url: string;
  pid: number;
  output(): string;
  /** The invoke contract for this process's answers (local mode: no bot id). */
  invokeContract: InvokeContract;
  alive(): boolean;
  /** Sends the signal to the bot (default SIGKILL) and resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Every child started and not yet seen exiting: `killAllChildBots` ends them (afterAll). */
const running = new Set<ChildProcess>();

export async function startChildBot(
  env: Record<string, string>,
  options: { timeoutMs?: number } = {}
): Promise<ChildBot> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      PLAYGROUND: '0',
      LOG_LEVEL: 'warn',
      // The scenarios press Try again right after the restart and check the outcome at once.
      RECONCILE_GRACE_MS: '0',
      ...env
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    })
  );
  const isExited = () => child.exitCode !== null || child.signalCode !== null;

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (!isExited()) {
      signalGroup(child, signal);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
      clearTimeout(timer);
      if (!isExited()) {
        signalGroup(child, 'SIGKILL');
        await exited;
      }
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const ready = READY.exec(output);
    if (ready)
      return {
        url: ready[1] as string,
        pid: child.pid as number,
        output: () => output,
        invokeContract: createInvokeContract({ botId: env.BOT_ID }),
        alive: () => !isExited(),
        kill
      };
    if (isExited())
      throw new Error(`the bot exited before it was ready (${child.exitCode ?? child.signalCode}):\n${output}`);
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`the bot was not ready within ${options.timeoutMs ?? 30_000} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGKILL to every child bot still running (afterAll, whatever happened). */
export async function killAllChildBots(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          signalGroup(child, 'SIGKILL');
          setTimeout(resolve, 5000).unref();
        })
    )
  );
  running.clear();
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid as number), signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // ESRCH: already gone
  }
}
