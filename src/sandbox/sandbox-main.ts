// Standalone Graph sandbox: `node dist/src/sandbox/sandbox-main.js [--port 5980] [--data-dir DIR]`.
// Options come from argv only (config.ts is the one reader of the environment). Prints one line
// with the Graph base URL once listening; stops cleanly on SIGINT/SIGTERM.
import { createGraphSandbox } from './index';

export interface SandboxArgs {
  port: number;
  dataDir?: string;
}

const USAGE = 'usage: sandbox-main [--port <0-65535>] [--data-dir <dir>]';

/** `--port 5980`, `--port=5980`, `--data-dir DIR`, `--data-dir=DIR`. Throws with the usage line. */
export function parseSandboxArgs(argv: readonly string[]): SandboxArgs {
  const args: SandboxArgs = { port: 5980 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (name !== '--port' && name !== '--data-dir') throw new Error(`unknown argument ${arg}\n${USAGE}`);
    if (value === undefined || value === '') throw new Error(`${name} needs a value\n${USAGE}`);
    if (name === '--port') {
      const port = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(port >= 0 && port <= 65535)) throw new Error(`--port must be 0..65535, got ${value}\n${USAGE}`);
      args.port = port;
    } else {
      args.dataDir = value;
    }
  }
  return args;
}

async function main(): Promise<void> {
  let args: SandboxArgs;
  try {
    args = parseSandboxArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const sandbox = createGraphSandbox({
    dataDir: args.dataDir,
    logger: {
      info: (obj, msg) => process.stderr.write(`${msg ?? ''} ${JSON.stringify(obj)}\n`),
      warn: (obj, msg) => process.stderr.write(`warn: ${msg ?? ''} ${JSON.stringify(obj)}\n`)
    }
  });
  const { baseUrl } = await sandbox.listen(args.port);
  process.stdout.write(`graph sandbox listening on ${baseUrl}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`graph sandbox failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
