// teams-ai reads its turn state on every turn, but only the sign-in keeps anything there. With the
// storage unreachable, turns that keep nothing (help, chit-chat) are still answered; a turn that
// needs the state (a command that starts the sign-in, the sign-in's token exchange) fails with
// storage_unavailable before anything is sent, and the exchange is not remembered as done.
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { nockSignInThatFollows, oauthCardExchangeId, tokenExchange } from '../helpers/command-sign-in';
import { cardAttachments, fixture } from '../helpers/fixtures';
import { cardTexts, cardTitle, findInput } from '../helpers/card-readers';
import { createBlobLikeStorage, withOutage } from '../helpers/state-storage';
import { notice, say } from '../../src/core/words';

const GRAPH_TOKEN = 'graph-token-after-the-outage';
const DRAFT = 'd0000000-0000-4000-8000-00000000b0b0';
const logLines = (logs: string[]) => logs.map((l) => JSON.parse(l));

describe('Teams mode: teams-ai turn state unreachable', () => {
  const state = withOutage(createBlobLikeStorage());
  const bot = useTestBot({
    teams: true,
    newDraftId: () => DRAFT,
    storage: state.store
  });
  afterEach(() => {
    state.down = false;
  });

  const say1to1 = async (text: string) => {
    const res = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => {
        a.text = text;
        a.deliveryMode = 'expectReplies';
      }),
      teamsAuth()
    );
    expect(res.status).toBe(200);
    return res.body.activities as any[];
  };

  it('"help" and chit-chat are answered without it; /healthz is ok', async () => {
    state.down = true;

    const help = cardAttachments(await say1to1('help'));
    expect(help.map(cardTitle)).toEqual([say('help.title')]);
    const chat = cardAttachments(await say1to1('hello there'));
    expect(cardTexts(chat[0]).join('\n')).toContain('**help**');
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);

    expect(state.refused).toBeGreaterThanOrEqual(2);
    const degraded = logLines(bot.logs).filter((l) => /turn state unreadable/.test(l.msg));
    expect(degraded).toHaveLength(2);
    expect(degraded[0]).toMatchObject({
      level: 40,
      err: { code: 'storage_unavailable' }
    });
  });

  it('"new" needs the sign-in state: the storage notice, no OAuthCard', async () => {
    state.down = true;

    const replies = await say1to1('new');

    const attachments = replies.flatMap((a) => a.attachments ?? []);
    expect(attachments.map((x: any) => x.contentType)).toEqual(['application/vnd.microsoft.card.adaptive']);
    expect(cardTexts(attachments[0].content)).toEqual(
      expect.arrayContaining(Object.values(notice('error.storage_unavailable')))
    );
  });

  it('the exchange → 412 storage_unavailable, the log says why; once back, the same id signs in', async () => {
    const id = await oauthCardExchangeId(bot);
    const { sent, obo } = nockSignInThatFollows(GRAPH_TOKEN);
    state.down = true;

    const refused = await bot.post('/api/messages', tokenExchange(id), teamsAuth());

    expect(refused.status).toBe(412);
    expect(refused.body).toEqual({ id, failureDetail: 'storage_unavailable' });
    expect(sent).toEqual([]);
    const why = logLines(bot.logs).find((l) => l.level === 50);
    expect(why).toMatchObject({
      err: { code: 'storage_unavailable', cause: { code: 'ECONNREFUSED' } }
    });

    // Not remembered as done: the next delivery of the id signs in (the token is in msal's cache by now).
    state.down = false;
    const again = await bot.post('/api/messages', tokenExchange(id), teamsAuth());
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id, failureDetail: '' });
    expect(cardAttachments(sent).filter((card) => findInput(card, 'groupId'))).toHaveLength(1);
    expect(obo).toHaveLength(1);
  });
});

describe('local mode: no sign-in, so teams-ai gets no turn-state storage', () => {
  const state = withOutage(createBlobLikeStorage());
  const bot = useTestBot({ newDraftId: () => DRAFT, storage: state.store });

  it('help and a typed text are answered with the storage down, which no turn touched', async () => {
    state.down = true;
    for (const text of ['help', 'hello']) {
      const res = await bot.post(
        '/api/messages',
        fixture('message-new', (a) => {
          a.text = text;
          a.deliveryMode = 'expectReplies';
        })
      );
      expect(res.status).toBe(200);
      expect(res.body.activities.length).toBeGreaterThan(0);
    }
    // Neither a read at the start of a turn nor a write at its end: nothing is ever kept there.
    expect(state.refused).toBe(0);
    expect(logLines(bot.logs).filter((l) => l.level >= 40)).toEqual([]);
  });
});
