// Holds an exclusive write lock on a SQLite file from ANOTHER process, as a second writer (a backup
// tool, an admin's sqlite3 shell, a second bot instance) would. Another process, not another
// connection in the test's: better-sqlite3 is synchronous, so while the bot's connection waits out
// its busy_timeout the whole test process is blocked, and a lock held in that process could
// never be released during the wait.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

const SCRIPT = `
const Database = require('better-sqlite3');
const [file, holdMs] = process.argv.slice(1);
const db = new Database(file);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  process.stdout.write('released\\n');
  process.exit(0);
}, Number(holdMs));
`;

export interface HeldLock {
  /** Resolves when the holder has committed and exited. */
  released: Promise<void>;
  /** When the lock was taken (Date.now() in this process, on the holder's "locked"). */
  lockedAt: number;
  kill(): void;
}

const holders = new Set<ChildProcess>();

/** Resolves once the lock is held; it is released `holdMs` later by the holder itself. */
export async function holdExclusiveLock(file: string, holdMs: number): Promise<HeldLock> {
  const child = spawn(process.execPath, ['-e', SCRIPT, file, String(holdMs)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  holders.add(child);
  let output = '';
  const released = new Promise<void>((resolve) =>
    child.once('exit', () => {
      holders.delete(child);
      resolve();
    })
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the lock holder did not take the lock in 10 s: ${output}`)),
      10_000
    );
    const onData = (c: Buffer) => {
      output += c.toString();
      if (output.includes('locked')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!output.includes('locked'))
        reject(new Error(`the lock holder exited (${code}) before taking the lock: ${output}`));
    });
  });
  return { released, lockedAt: Date.now(), kill: () => child.kill('SIGKILL') };
}

/** Kills every lock holder still alive (afterAll). */
export function killAllLockHolders(): void {
  for (const child of holders) child.kill('SIGKILL');
  holders.clear();
}
