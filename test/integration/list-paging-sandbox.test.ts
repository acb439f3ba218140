// "More" against the real Graph sandbox, in both of Graph's paging styles and page sizes that do
// not divide into the card's five: every conversation of a 23-conversation group is shown exactly
// once (no repeat, no gap), the card never carries a URL, and a card's More still works after
// the bot restarts on the same state file. Runs in every sandbox configuration (jest projects).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useTestBot, type TestBot } from '../helpers/test-bot';
import { cardAction } from '../helpers/conversation-nock';
import { assertValidCard } from '../helpers/card-schema';
import { buttonsFor, cardTexts, findAction } from '../helpers/card-readers';
import { startVariantSandbox, type Control } from '../helpers/sandbox-control';
import { sandboxVariant } from '../helpers/sandbox-variant';
import { CURRENT_USER_ID, SEED_USER_IDS, type GraphSandbox } from '../../src/sandbox';
import { isCursorId } from '../../src/storage/page-cursor-store';
import { notice } from '../../src/core/words';
import type { Activity } from '../helpers/fixtures';

type Node = Record<string, any>;
const asAlex = (a: Activity) => {
  a.from.aadObjectId = CURRENT_USER_ID;
};

let sandbox: GraphSandbox;
let baseUrl: string;
let control: Control;
let groupId: string;
let topics: string[];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paging-'));

beforeAll(async () => {
  ({ sandbox, baseUrl, control } = await startVariantSandbox());
  const { groups } = await control('POST', '/groups', { count: 1, memberIds: [CURRENT_USER_ID], namePrefix: 'Paging' });
  groupId = groups[0].id;
  const made = await control('POST', '/conversations', {
    groupId,
    count: 23,
    senderId: SEED_USER_IDS.megan,
    topicPrefix: 'Paged',
    spacingMinutes: 7
  });
  topics = made.conversations.map((c: Node) => c.topic);
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Alex presses a list card's button (or the picker's Show conversations): the card it answers with. */
async function act(bot: TestBot, data: Node): Promise<Node> {
  const res = await bot.post('/api/messages', cardAction('listConversations', data, asAlex));
  expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  assertValidCard(res.body.value);
  return res.body.value;
}

/** Every topic the cards show, pressing More until there is none (bounded: a loop is a failure). */
async function readAll(bot: TestBot): Promise<{ shown: string[]; cards: Node[] }> {
  const shown: string[] = [];
  const cards: Node[] = [];
  let data: Node | undefined = { groupId };
  for (let press = 0; data && press < 20; press++) {
    const card = await act(bot, data);
    cards.push(card);
    shown.push(...buttonsFor(card, 'openReply').map((r) => r.data.topic as string));
    data = buttonsFor(card, 'listConversations')[0]?.data;
  }
  return { shown, cards };
}

describe(`More through 23 conversations (${sandboxVariant().name})`, () => {
  const bot = useTestBot({
    per: 'describe',
    env: () => ({ GRAPH_BASE_URL: baseUrl, DATA_DIR: dataDir, ...sandboxVariant().botEnv })
  });

  it.each([
    ['skiptoken', 10],
    ['skiptoken', 3],
    ['skip', 10],
    ['skip', 4]
  ] as const)('paging %s, %i a page: each conversation once, five to a card', async (paging, pageSize) => {
    await control('POST', '/config', { paging, pageSize });
    const { shown, cards } = await readAll(bot);
    expect([...shown].sort()).toEqual([...topics].sort());
    expect(cards.map((c) => buttonsFor(c, 'openReply').length)).toEqual([5, 5, 5, 5, 3]);
    for (const card of cards) {
      // No Graph URL, no paging token: the sandbox's origin and its options appear nowhere.
      expect(JSON.stringify(card)).not.toMatch(/127\.0\.0\.1|\/v1\.0\/|skiptoken|\$skip/i);
      const more = buttonsFor(card, 'listConversations')[0];
      if (more) expect(isCursorId(more.data.cursor)).toBe(true);
    }
  });
});

let kept: Node;

describe('a More from before a restart', () => {
  const bot = useTestBot({
    per: 'describe',
    env: () => ({ GRAPH_BASE_URL: baseUrl, DATA_DIR: dataDir, ...sandboxVariant().botEnv })
  });

  it('is made by the first process', async () => {
    const card = await act(bot, { groupId });
    kept = findAction(card, 'listConversations').data;
    expect(isCursorId(kept.cursor)).toBe(true);
  });
});

describe('…pressed after it', () => {
  const bot = useTestBot({
    per: 'describe',
    env: () => ({ GRAPH_BASE_URL: baseUrl, DATA_DIR: dataDir, ...sandboxVariant().botEnv })
  });

  it('opens the second card, and the same More pressed by someone else opens nothing', async () => {
    const card = await act(bot, kept);
    expect(buttonsFor(card, 'openReply')).toHaveLength(5);
    const res = await bot.post(
      '/api/messages',
      cardAction('listConversations', kept, (a) => {
        a.from.aadObjectId = SEED_USER_IDS.megan;
      })
    );
    expect(cardTexts(res.body.value)).toContain(notice('notice.pageGone').title);
  });
});
