// Local mode: the Microsoft 365 Agents Playground (a devDependency) as a child process, pointed
// at the bot, kept on loopback by a preload, with its browser launch and telemetry off (this
// machine has no network, and the person opens the URL we print).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Logger } from '../logger';

export interface PlaygroundHandle {
  url: string;
  stop(): Promise<void>;
}

export function startPlayground(options: {
  port: number;
  botEndpoint: string;
  cwd: string;
  env: Readonly<Record<string, string>>;
  logger: Logger;
}): Promise<PlaygroundHandle> {
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [options.cwd] });
  const preload = path.join(__dirname, 'loopback-preload.js');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--require', preload, cli, '-p', String(options.port), '-e', options.botEndpoint, '--disable-telemetry'],
    {
      cwd: options.cwd,
      env: { ...options.env, TEAMSAPPTESTER_BROWSER: 'none', BOT_ENDPOINT: options.botEndpoint },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  const url = `http://127.0.0.1:${options.port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });

  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Listening on \d+/.test(output)) {
        child.stdout?.off('data', onData);
        resolve({ url, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) =>
      options.logger.debug({ playground: chunk.toString().trim().slice(0, 500) }, 'playground stderr')
    );
    child.once('exit', (code) =>
      reject(new Error(`the Agents Playground exited with code ${code} before listening: ${output.trim().slice(-500)}`))
    );
    setTimeout(() => reject(new Error('the Agents Playground did not start within 30 s')), 30_000).unref();
  });
}
