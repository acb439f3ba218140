// Following a group with the shared state on Blob Storage (Azurite), two instances: the follow is
// made on one, Graph's notifications reach it, and the other instance's worker takes them from the
// shared queue and posts the card from the shared follow store; the second instance also renews.
import { useAzurite } from '../helpers/azurite';
import { useTestBot } from '../helpers/test-bot';
import { fixture } from '../helpers/fixtures';
import { cardTexts, cardTitle } from '../helpers/card-readers';
import { startLoopbackConnector, type LoopbackConnector } from '../helpers/loopback-connector';
import { sandboxControl, type Control } from '../helpers/sandbox-control';
import { say } from '../../src/core/words';
import { createGraphSandbox, SEED_GROUP_IDS as G, SEED_TENANT_ID, SEED_USER_IDS as U } from '../../src/sandbox';
import type { GraphSandbox } from '../../src/sandbox';

let offset = 0;
const now = () => Date.now() + offset;
let sandbox: GraphSandbox;
let baseUrl: string;
let control: Control;
let connector: LoopbackConnector;

beforeAll(async () => {
  sandbox = createGraphSandbox({ now, handshakeTimeoutMs: 2000 });
  const listening = await sandbox.listen(0);
  baseUrl = listening.baseUrl;
  control = sandboxControl(listening.origin);
  connector = await startLoopbackConnector();
});
afterAll(async () => {
  await sandbox.close();
  await connector.close();
});

describe('follow on Blob storage, two instances', () => {
  const azurite = useAzurite();
  const env = () => ({
    GRAPH_BASE_URL: baseUrl,
    AZURE_STORAGE_CONNECTION_STRING: azurite().connectionString,
    AZURE_STORAGE_CONTAINER: 'follow'
  });
  // The first instance only receives (its worker is not woken); the second works on the queue.
  const receiving = useTestBot({ now, env, following: { kick: false, timers: false } });
  const working = useTestBot({ now, env, following: { kick: false, timers: false } });

  it('a notification received by one instance becomes a card posted by the other; the other renews', async () => {
    const res = await receiving.post(
      '/api/messages',
      fixture('channel-mention-new', (a) => {
        a.text = '<at>Group Conversations</at> follow';
        a.from = { id: `29:${U.alex}`, name: 'Alex Wilber', aadObjectId: U.alex };
        a.conversation.tenantId = SEED_TENANT_ID;
        a.channelData.tenant.id = SEED_TENANT_ID;
        a.channelData.team.aadGroupId = G.contosoTeam;
        a.serviceUrl = connector.serviceUrl;
        a.deliveryMode = 'expectReplies';
      })
    );
    const [confirmed] = (res.body.activities as Array<{ attachments?: Array<{ content: unknown }> }>).flatMap(
      (a) => a.attachments ?? []
    );
    expect(cardTitle(confirmed?.content)).toBe(say('follow.confirmedTitle', { group: 'Contoso Team' }));
    const [s] = (await control('GET', '/subscriptions')).subscriptions;
    expect(s.notificationUrl).toBe(`${receiving.url}/api/notifications`);

    await control('POST', `/groups/${G.contosoTeam}/conversations`, { as: U.megan, topic: 'Shared', body: 'Hello' });
    // Delivered to the receiving instance, queued in Blob; the working instance takes it.
    let cards: typeof connector.calls = [];
    for (let i = 0; i < 50 && cards.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await working.bot.following.worker.drain();
      cards = connector.calls.filter((c) => cardTexts(c.card).includes('Shared'));
    }
    expect(cards).toHaveLength(1);
    expect(cardTexts(cards[0].card).join(' ')).toContain('Megan Bowen');

    offset += 57 * 60 * 60_000;
    expect(await working.bot.following.renewDue()).toEqual(['renewed']);
    expect(await receiving.bot.following.renewDue()).toEqual([]);
  });
});
