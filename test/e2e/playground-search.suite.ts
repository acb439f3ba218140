// Finding a group conversation from the compose box (issue 17) as a person does it in the Microsoft
// 365 Agents Playground: the search message extension's panel, the words typed, the result list,
// the chosen card inserted into the compose box and sent, and its Reply posting into the thread as
// the person. What the playground does not support, and so is not here: SSO (local mode has the
// sandbox's token) and a preview's tap (composeExtension/selectItem: "tap action is not supported
// yet"), so local mode's previews have none and the list's own card is inserted.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, describeIf, startLocal, type LocalBot } from '../helpers/local-process';
import { postReply } from '../helpers/playground-page';
import { sandboxControl, type Control } from '../helpers/sandbox-control';
import { SEED_GROUP_IDS as G, SEED_USER_IDS as U } from '../../src/sandbox';
import { say } from '../../src/core/words';
import { FIND_CONVERSATION_COMMAND, FIND_PARAMETER } from '../../src/teams/message-extension/find-conversation';

jest.setTimeout(180_000);

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];

describeIf(
  chromiumAvailable,
  `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`,
  'Agents Playground: find a group conversation from the compose box',
  () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gcbot-e2e-search-'));
    let bot: LocalBot;
    let browser: Browser;
    let page: Page;
    let control: Control;
    let threadId: string;

    beforeAll(async () => {
      bot = await startLocal({ playground: true, dataDir });
      control = sandboxControl(bot.sandboxUrl);
      ({ threadId } = await control('POST', `/groups/${G.marketing}/conversations`, {
        as: U.megan,
        topic: 'Q3 budget review',
        body: 'Numbers for the campaign budget are in.'
      }));
      // Alex is not in Finance: its conversation must never be found.
      await control('POST', `/groups/${G.finance}/conversations`, {
        as: U.megan,
        topic: 'Budget forecast (private)',
        body: 'Only for Finance.'
      });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      page = await browser.newPage({ viewport: { width: 1280, height: 1300 } });
      await page.goto(bot.playgroundUrl as string);
    });
    afterAll(async () => {
      await browser?.close();
      await bot?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** The compose box's message extension panel, set to this bot's search command. */
    async function searchPanel(): Promise<Locator> {
      await page.getByRole('button', { name: 'Trigger Message Extension App' }).click();
      await page.getByRole('menuitem', { name: 'Search Command' }).click();
      await page.getByText('Specify Command ID or Parameter').click();
      await page.getByPlaceholder('Command ID').fill(FIND_CONVERSATION_COMMAND);
      await page.getByPlaceholder('Parameter name').fill(FIND_PARAMETER);
      return page.getByPlaceholder('Enter a search term');
    }

    it('typed words → the matching conversation of your own groups → inserted, sent → its Reply posts as you', async () => {
      const box = await searchPanel();
      await box.fill('budget');
      await box.press('Enter');
      const result = page.getByText('Q3 budget review', { exact: true }).first();
      await result.waitFor({ timeout: 15_000 });
      expect(await page.getByText('Budget forecast (private)').count()).toBe(0);
      await result.click();

      // The card is in the compose box; sending it posts it into the chat.
      await page.getByRole('button', { name: 'Send Message' }).click();
      const sent = page
        .locator('.ac-adaptiveCard')
        .filter({ hasText: say('search.group', { group: 'Marketing' }) })
        .filter({ hasText: 'Q3 budget review' })
        .last();
      await sent.waitFor({ timeout: 10_000 });
      /* biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText (the text
         as shown), not the DOM property. */
      expect(await sent.innerText()).toContain('Numbers for the campaign budget are in.');
      await sent.getByRole('button', { name: say('button.reply') }).click();

      await postReply(page, 'Q3 budget review', 'Looks good to me.');

      const state = await (await fetch(`${bot.sandboxUrl}/_sandbox/state`)).json();
      const [conversation] = state.conversations.filter((c: any) => c.topic === 'Q3 budget review');
      const thread = conversation.threads.find((t: any) => t.id === threadId);
      expect(thread.posts).toHaveLength(2);
      expect(thread.posts[1]).toMatchObject({ from: U.alex, body: { content: 'Looks good to me.' } });
    });

    it('words nothing matches: the panel says so', async () => {
      await page.keyboard.press('Escape');
      const box = await searchPanel();
      await box.fill('zebra');
      await box.press('Enter');
      await page.getByText(say('search.nothingFound')).first().waitFor({ timeout: 15_000 });
    });
  }
);
