// What the broadcast tests against the Graph sandbox share (issue 15): a sandbox for the file, the
// playground's user (Alex) pressing the card, new groups for them, what the sandbox stored, and
// the card updates the bot sends to the playground's loopback connector (nocked).
import nock from 'nock';
import { cardAction } from './conversation-nock';
import { PLAYGROUND_SERVICE_URL } from './bot-framework-auth';
import { assertValidCard } from './card-schema';
import { startVariantSandbox, type Control } from './sandbox-control';
import type { Activity } from './fixtures';
import type { TestBot } from './test-bot';
import { CURRENT_USER_ID, type GraphSandbox } from '../../src/sandbox';

export type Node = Record<string, any>;

export interface BroadcastSandbox {
  baseUrl(): string;
  control: Control;
  newGroups(count: number): Promise<{ id: string; displayName: string }[]>;
  /** The conversations the sandbox holds with this topic (in any group). */
  postsWith(topic: string): Promise<Node[]>;
  conversationsIn(groupId: string, topic: string): Promise<number>;
}

/** A sandbox for the whole file (beforeAll / afterAll). */
export function useBroadcastSandbox(): BroadcastSandbox {
  let sandbox: GraphSandbox | undefined;
  let baseUrl = '';
  let control: Control | undefined;
  beforeAll(async () => {
    ({ sandbox, baseUrl, control } = await startVariantSandbox());
  });
  afterAll(() => sandbox?.close());
  const call: Control = (method, route, body) => {
    if (!control) throw new Error('the sandbox is not started yet');
    return control(method, route, body);
  };
  const postsWith = async (topic: string) =>
    ((await call('GET', '/state')).conversations as Node[]).filter((c) => c.topic === topic);
  return {
    baseUrl: () => baseUrl,
    control: call,
    newGroups: async (count) => (await call('POST', '/groups', { count, memberIds: [CURRENT_USER_ID] })).groups,
    postsWith,
    conversationsIn: async (groupId, topic) => (await postsWith(topic)).filter((c) => c.groupId === groupId).length
  };
}

/** The activity as the playground's user sends it (the sandbox's current user). */
export const asAlex = (a: Activity): void => {
  a.from.aadObjectId = CURRENT_USER_ID;
};

/** Presses Post (createConversation) with `data`; the card that answers it, checked valid. */
export async function pressPost(bot: TestBot, data: Record<string, unknown>, patch = asAlex): Promise<Node> {
  const res = await bot.post('/api/messages', cardAction('createConversation', data, patch));
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  assertValidCard(res.body.value);
  return res.body.value;
}

/** Every card update the bot sends to the playground's connector, with when each arrived. */
export function captureCardUpdates(): { updates: { at: number; card: Node }[]; done: () => void } {
  const updates: { at: number; card: Node }[] = [];
  const scope = nock(PLAYGROUND_SERVICE_URL)
    .persist()
    .put(/\/v3\/conversations\/[^/]+\/activities\/[^/]+$/, (body: Node) => {
      updates.push({ at: Date.now(), card: body.attachments?.[0]?.content });
      return true;
    })
    .reply(200, { id: '1732700000002' });
  return { updates, done: () => scope.persist(false) };
}
