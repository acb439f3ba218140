// What the bot loads to start (issue 18): not teams-ai's AI half (its index would: planners,
// OpenAI models, a tokenizer), not the Blob SDK on the embedded default (SQLite), not sanitize-html
// until a message's HTML is read. Read in a child process of its own, whose module cache holds only
// what loading the bot loaded.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function modulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 60_000
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as string[];
}

describe('modules the bot loads at start', () => {
  it('none of teams-ai’s AI half, no sanitize-html and, on SQLite, no Blob SDK', () => {
    const loaded = modulesLoadedBy('./src/create-bot.ts');
    // It did load the bot: teams-ai's Application is there.
    expect(loaded.some((file) => /teams-ai[\\/]lib[\\/]Application\.js$/.test(file))).toBe(true);
    const unwanted = loaded.filter((file) =>
      /node_modules[\\/](openai|gpt-tokenizer|@azure[\\/]storage-blob|botbuilder-azure-blobs|sanitize-html)[\\/]/.test(
        file
      )
    );
    expect(unwanted).toEqual([]);
  });
});
