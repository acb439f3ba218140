// Issue 14, item 3, on the real thing: a Teams-mode bot whose state is Azure Blob Storage (Azurite),
// and Azurite stopped in the middle of the command path's sign-in (after the OAuthCard went out,
// before Teams' signin/tokenExchange). teams-ai's own dedupe would take the storage error for a
// duplicate and drop the sign-in silently (teams-sdk #1457, #1897): here the exchange is answered
// 412 storage_unavailable (Teams shows the sign-in again), nothing is exchanged, and once Azurite is
// back the same exchange id signs the person in, exactly once; `help` is answered meanwhile.
import { useAzurite } from '../helpers/azurite';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { nockSignInThatFollows, oauthCardExchangeId, tokenExchange } from '../helpers/command-sign-in';
import { cardAttachments, fixture } from '../helpers/fixtures';
import { cardTitle, findInput } from '../helpers/card-readers';
import { say } from '../../src/core/words';

const GRAPH_TOKEN = 'graph-token-after-azurite-returned';

describe('Teams mode on Blob storage: Azurite stopped mid-sign-in', () => {
  const azurite = useAzurite();
  const bot = useTestBot({
    teams: true,
    env: () => ({ AZURE_STORAGE_CONNECTION_STRING: azurite().connectionString, AZURE_STORAGE_CONTAINER: 'sign-in' })
  });

  it('the exchange → 412 storage_unavailable, no on-behalf-of; `help` still answers; back → one sign-in', async () => {
    const id = await oauthCardExchangeId(bot);
    const { sent, obo } = nockSignInThatFollows(GRAPH_TOKEN);

    await azurite().stop();
    try {
      const refused = await bot.post('/api/messages', tokenExchange(id), teamsAuth());
      expect(refused.status).toBe(412);
      expect(refused.body).toEqual({ id, failureDetail: 'storage_unavailable' });
      expect(obo).toHaveLength(0);
      expect(sent).toEqual([]);

      const help = await bot.post(
        '/api/messages',
        fixture('message-new', (a) => {
          a.text = 'help';
          a.deliveryMode = 'expectReplies';
        }),
        teamsAuth()
      );
      expect(cardAttachments(help.body.activities).map(cardTitle)).toEqual([say('help.title')]);
    } finally {
      await azurite().restart();
    }

    // The same delivery again (Teams retries the exchange): not a duplicate, it signs in, once.
    const again = await bot.post('/api/messages', tokenExchange(id), teamsAuth());
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id, failureDetail: '' });
    expect(obo).toHaveLength(1);
    expect(cardAttachments(sent).filter((card) => findInput(card, 'groupId'))).toHaveLength(1);

    // And a third delivery of that id is the duplicate, answered without a second exchange.
    const third = await bot.post('/api/messages', tokenExchange(id), teamsAuth());
    expect(third.status).toBe(200);
    expect(obo).toHaveLength(1);
  }, 60_000);
});
