// A sender without an Entra identity (no from.aadObjectId: not a work or school account in Teams)
// is told the same thing on every surface, and nothing acts for them: no Graph, no Entra ID call.
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { cardAttachments, createInvoke, fixture, type Activity } from '../helpers/fixtures';
import { GRAPH } from '../helpers/graph-nock';
import { cardTitle } from '../helpers/card-readers';
import { notice } from '../../src/core/words';

const ACCOUNT_NEEDED_TITLE = notice('notice.accountNeeded').title;
const noIdentity = (a: Activity) => delete a.from.aadObjectId;

describe('Sender without an Entra identity', () => {
  const bot = useTestBot({ env: { GRAPH_BASE_URL: `${GRAPH}/v1.0` } });
  let graphCalls: string[];

  beforeEach(() => {
    // Any Graph request at all would be a failure: nothing may act for this sender.
    graphCalls = [];
    const record = (uri: string): [number] => {
      graphCalls.push(uri);
      return [500];
    };
    nock(GRAPH).persist().get(/.*/).reply(record).post(/.*/).reply(record);
  });
  afterEach(() => {
    expect(graphCalls).toEqual([]);
  });

  it('Post (Action.Execute) → 400 no_user with the account-needed text, nothing posted', async () => {
    const res = await bot.post('/api/messages', createInvoke({}, noIdentity));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'no_user', message: expect.stringContaining(notice('notice.accountNeeded').text) }
    });
  });

  it('Post (Action.Submit fallback) → the account-needed notice in the chat', async () => {
    const submit = fixture('message-new', (a) => {
      noIdentity(a);
      a.deliveryMode = 'expectReplies';
      delete a.text;
      a.value = {
        verb: 'createConversation',
        draftId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        groupId: 'c0ffee00-0000-4000-8000-000000000001',
        topic: 't',
        body: 'b'
      };
    });
    const res = await bot.post('/api/messages', submit);
    expect(res.status).toBe(200);
    const cards = cardAttachments(res.body.activities);
    expect(cards.map(cardTitle)).toEqual([ACCOUNT_NEEDED_TITLE]);
  });

  it('the message action → a dialog with the account-needed notice', async () => {
    const res = await bot.post('/api/messages', fixture('invoke-message-action-fetch', noIdentity));
    expect(res.status).toBe(200);
    expect(cardTitle(res.body.task.value.card.content)).toBe(ACCOUNT_NEEDED_TITLE);
  });
});
