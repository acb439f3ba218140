// The Graph sandbox accepts anyone's `sandbox.<id>` token, so a Teams-mode process must never
// load it: src/start.ts requires src/sandbox only inside its local-mode branch. Checked in a child
// node process with tsx's CommonJS loader (jest's own module registry would hide what node
// loads): it requires the real entry (src/index.ts, which starts nothing when required) and
// src/create-bot.ts, lists every file under src/ in require.cache, then runs start() and lists
// again. A static import of the sandbox anywhere on the entry's path puts src/sandbox/ in the
// first list; moving the require out of the local-mode branch puts it in the second.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { teamsEnv } from '../helpers/entra';
import { freePort } from '../helpers/local-process';

const ROOT = path.resolve(__dirname, '..', '..');
const CHILD_TIMEOUT_MS = 45_000;

// Runs in the child. The internet is off there too (nock, loopback only); whatever the start
// tries to reach elsewhere is reported as `blocked`.
const CHILD = `
const path = require('node:path');
const nock = require('nock');
const blocked = [];
nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?$/.test(host));
nock.emitter.on('no match', (req) => blocked.push(String(req.host ?? req.hostname ?? req.href ?? req)));
const SRC = path.join(process.cwd(), 'src') + path.sep;
const loadedUnderSrc = () =>
  Object.keys(require.cache)
    .filter((f) => f.startsWith(SRC))
    .map((f) => path.relative(process.cwd(), f).split(path.sep).join('/'))
    .sort();
const report = (result) => {
  process.stdout.write('\\nRESULT ' + JSON.stringify({ ...result, blocked }) + '\\n', () => process.exit(0));
};
require('./src/index.ts');
require('./src/create-bot.ts');
const required = loadedUnderSrc();
require('./src/start.ts').start().then(() => report({ required, started: loadedUnderSrc() }));
`;

interface ChildResult {
  required: string[];
  started: string[];
  blocked: string[];
}

function runEntry(env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', '-r', 'tsx/cjs', '-e', CHILD], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: ':memory:',
        LOG_LEVEL: 'warn',
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = output.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) return resolve(JSON.parse(line.slice('RESULT '.length)) as ChildResult);
      reject(new Error(`the entry's child exited with ${code ?? signal} before reporting:\n${output}`));
    });
  });
}

const underSandbox = (files: string[]) => files.filter((f) => f.startsWith('src/sandbox/'));

describe('the Graph sandbox is loaded in local mode only', () => {
  it(
    'Teams mode: neither requiring the entry nor starting it loads any file under src/sandbox/',
    async () => {
      const result = await runEntry(teamsEnv({ LOG_LEVEL: 'warn', DATA_DIR: ':memory:' }));
      // The lists are real: the entry and the composition root are in them.
      expect(result.required).toEqual(
        expect.arrayContaining(['src/index.ts', 'src/start.ts', 'src/create-bot.ts', 'src/config.ts'])
      );
      expect(underSandbox(result.required)).toEqual([]);
      expect(underSandbox(result.started)).toEqual([]);
      expect(result.blocked).toEqual([]);
    },
    CHILD_TIMEOUT_MS + 5000
  );

  it(
    'local mode: requiring the entry does not load it either; start() does',
    async () => {
      const result = await runEntry({ PLAYGROUND: '0', SANDBOX_PORT: String(await freePort()) });
      expect(underSandbox(result.required)).toEqual([]);
      expect(result.started).toContain('src/sandbox/index.ts');
      expect(result.blocked).toEqual([]);
    },
    CHILD_TIMEOUT_MS + 5000
  );
});
