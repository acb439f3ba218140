// The command path's signin/tokenExchange is handled once per exchange id: Teams sends it from
// every client the person is signed in to, and with several instances the copies may reach
// different instances. The first signs in (one on-behalf-of request to Entra ID) and runs the
// command; the others are answered 200 and do nothing. A claim that cannot be recorded is a 412,
// never a duplicate. teams-ai's own dedupe, which took every storage error (and every exchange on
// Blob storage) for a duplicate, no longer decides anything.
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { nockConnector, oauthCardExchangeId, tokenExchange } from '../helpers/command-sign-in';
import { ALICE, oboTokenResponse } from '../helpers/entra';
import { cardAttachments } from '../helpers/fixtures';
import { entraError, nockMyGroups, nockTokenEndpoint, type OboRequest } from '../helpers/graph-nock';
import { findInput } from '../helpers/card-readers';
import { createBlobLikeStorage, withOutage } from '../helpers/state-storage';
import { createMemoryExpiringStore } from '../../src/storage/expiring-store';

const GRAPH_TOKEN = 'graph-token-signed-in-once';
const GROUPS = [{ id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing' }];
const DRAFT = 'd0000000-0000-4000-8000-00000000a0a0';

/** Entra ID and the connector, counted: more requests than expected are served too, so they show. */
function nockSignIn() {
  const sent: any[] = [];
  nockConnector(sent, 3);
  const obo: OboRequest[] = [];
  nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) }, 3);
  nockMyGroups(GRAPH_TOKEN, GROUPS);
  const forms = () => cardAttachments(sent).filter((card) => findInput(card, 'groupId'));
  return { sent, obo, forms };
}

const DONE = (id: string) => ({ status: 200, body: { id, failureDetail: '' } });
const logLines = (logs: string[]) => logs.map((l) => JSON.parse(l));

describe('Teams mode: one exchange id, delivered twice to one instance', () => {
  const bot = useTestBot({ teams: true, newDraftId: () => DRAFT });

  it('one after the other → the second is answered as done: one OBO request, one form', async () => {
    const id = await oauthCardExchangeId(bot);
    const { obo, forms } = nockSignIn();

    const first = await bot.post('/api/messages', tokenExchange(id), teamsAuth());
    const second = await bot.post('/api/messages', tokenExchange(id), teamsAuth());

    expect(first).toMatchObject(DONE(id));
    expect(second).toMatchObject(DONE(id));
    expect(obo).toHaveLength(1);
    expect(forms()).toHaveLength(1);
    expect(logLines(bot.logs).filter((l) => /already handled/.test(l.msg))).toHaveLength(1);
  });

  it('a failed one (consent missing) is not remembered: the next delivery gets its own 412', async () => {
    const id = await oauthCardExchangeId(bot);
    const obo: OboRequest[] = [];
    const consent = entraError('invalid_grant', 65001, 'The user or administrator has not consented.');
    nockTokenEndpoint(obo, { status: 400, body: consent }, 2);

    for (const _ of [1, 2]) {
      const res = await bot.post('/api/messages', tokenExchange(id), teamsAuth());
      expect(res.status).toBe(412);
      expect(res.body).toEqual({ id, failureDetail: 'token_exchange_failed: consent_required' });
    }
    expect(obo).toHaveLength(2);
  });

  it('both at once → one signs in, the other is answered as done', async () => {
    const id = await oauthCardExchangeId(bot);
    const { obo, forms } = nockSignIn();

    const answers = await Promise.all([1, 2].map(() => bot.post('/api/messages', tokenExchange(id), teamsAuth())));

    for (const answer of answers) expect(answer).toMatchObject(DONE(id));
    expect(obo).toHaveLength(1);
    expect(forms()).toHaveLength(1);
  });
});

describe('Teams mode: turn state with Blob storage write rules (If-Match for every eTag given)', () => {
  const storage = createBlobLikeStorage();
  const bot = useTestBot({ teams: true, newDraftId: () => DRAFT, storage });

  it('the exchange signs in and sends the form; teams-ai writes no dedupe record of its own', async () => {
    const id = await oauthCardExchangeId(bot);
    const { obo, forms } = nockSignIn();

    const res = await bot.post('/api/messages', tokenExchange(id), teamsAuth());

    expect(res).toMatchObject(DONE(id));
    expect(obo).toHaveLength(1);
    expect(forms()).toHaveLength(1);
    expect(storage.keys().every((key) => /\/(conversations|users)\//.test(key))).toBe(true);
  });
});

describe('Teams mode: the store of claimed exchange ids is down', () => {
  const claims = withOutage(createMemoryExpiringStore<true>());
  const bot = useTestBot({ teams: true, newDraftId: () => DRAFT, tokenExchanges: claims.store });

  it('→ 412 storage_unavailable, no OBO request, nothing sent, the log says why; once back it signs in', async () => {
    const id = await oauthCardExchangeId(bot);
    const { obo, sent, forms } = nockSignIn();
    claims.down = true;

    const refused = await bot.post('/api/messages', tokenExchange(id), teamsAuth());

    expect(refused.status).toBe(412);
    expect(refused.body).toEqual({ id, failureDetail: 'storage_unavailable' });
    expect(obo).toEqual([]);
    expect(sent).toEqual([]);
    const why = logLines(bot.logs).find((l) => /could not be recorded/.test(l.msg));
    expect(why).toMatchObject({ level: 40, err: { code: 'ECONNREFUSED' } });

    claims.down = false;
    const again = await bot.post('/api/messages', tokenExchange(id), teamsAuth());
    expect(again).toMatchObject(DONE(id));
    expect(obo).toHaveLength(1);
    expect(forms()).toHaveLength(1);
  });
});

describe('Teams mode: two instances sharing the turn state and the claimed ids', () => {
  const storage = createBlobLikeStorage();
  const tokenExchanges = createMemoryExpiringStore<true>();
  const one = useTestBot({ teams: true, newDraftId: () => DRAFT, storage, tokenExchanges });
  const other = useTestBot({ teams: true, newDraftId: () => DRAFT, storage, tokenExchanges });

  it('OAuthCard from one, the exchange to the other, its copy to the first → one OBO request, one form', async () => {
    const id = await oauthCardExchangeId(one);
    const { obo, forms } = nockSignIn();

    // The other instance finishes the sign-in the first one started (the dialog state is shared).
    expect(await other.post('/api/messages', tokenExchange(id), teamsAuth())).toMatchObject(DONE(id));
    expect(await one.post('/api/messages', tokenExchange(id), teamsAuth())).toMatchObject(DONE(id));

    expect(obo).toHaveLength(1);
    expect(forms()).toHaveLength(1);
    expect(logLines(one.logs).filter((l) => /already handled/.test(l.msg))).toHaveLength(1);
  });
});
