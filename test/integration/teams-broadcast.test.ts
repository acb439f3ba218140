// Issue 15 in Teams mode, over HTTP as Teams sends it: one Post naming three groups. The person's
// SSO token is exchanged on-behalf-of once, their groups listed once, the participants resolved
// once, and each group gets exactly one create with exactly the same Graph body, all as the
// person; the progress card is replaced through the Bot Connector (the card the person clicked,
// with the bot's own connector token) until the summary.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot } from '../helpers/test-bot';
import { nockBotConnectorToken, teamsAuth, TEAMS_SERVICE_URL } from '../helpers/bot-framework-auth';
import { CLICKED_CARD_PATH } from '../helpers/card-update-nock';
import { ALICE, BOB, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import {
  assertConversationBody,
  expectOnBehalfOf,
  nockCreateConversation,
  nockMyGroups,
  nockResolveUsers,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { cardTexts } from '../helpers/card-readers';
import { say } from '../../src/core/words';

const GRAPH_TOKEN = 'graph-access-token-for-alice';
const GROUPS = [1, 2, 3].map((i) => ({
  id: `c0ffee00-0000-4000-8000-00000000000${i}`,
  displayName: `Team ${i}`,
  mail: `team${i}@contoso.test`
}));
const DRAFT = 'd0000000-0000-4000-8000-0000000b0b15';

describe('Teams mode: one Post to three groups', () => {
  const bot = useTestBot({ teams: true });

  it('exchanges once, resolves once, posts the same body to each group as the person, and updates the card', async () => {
    const sso = ssoTokenFor(ALICE);
    const obo: OboRequest[] = [];
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    const listed = nockMyGroups(GRAPH_TOKEN, GROUPS);
    const resolved = nockResolveUsers(
      GRAPH_TOKEN,
      [BOB.aadObjectId],
      [{ id: BOB.aadObjectId, displayName: BOB.name, mail: BOB.mail }]
    );
    const bodies = new Map<string, Conversation[]>(GROUPS.map((g) => [g.id, []]));
    const creates = GROUPS.map((g) => nockCreateConversation(GRAPH_TOKEN, g.id, bodies.get(g.id) as Conversation[]));
    nockBotConnectorToken('connector-token');
    const updates: any[] = [];
    nock(TEAMS_SERVICE_URL, { reqheaders: { authorization: 'Bearer connector-token' } })
      .persist()
      .put(CLICKED_CARD_PATH, (body: any) => Boolean(updates.push(body.attachments[0].content)) || true)
      .reply(200, { id: '1732700000002' });

    const invoke = createInvoke(
      {
        draftId: DRAFT,
        groupId: GROUPS.map((g) => g.id.toUpperCase()).join(','),
        topic: 'Office closed Friday',
        body: 'The office is closed on Friday.\nEnjoy the long weekend.',
        participants: BOB.aadObjectId,
        otherEmails: 'partner@fabrikam.test'
      },
      (a) => {
        a.value.authentication = { id: 'auth-1', connectionName: '', token: sso };
      }
    );
    const res = await bot.post('/api/messages', invoke, teamsAuth());
    expect(res.status).toBe(200);
    expect(res.body.value.body[0].text).toBe(say('broadcast.posting', { total: 3 }));
    await bot.bot.deps.broadcaster.idle();
    nock.abortPendingRequests();

    expect(obo).toHaveLength(1);
    expectOnBehalfOf(obo[0], sso);
    expect(listed.isDone() && resolved.isDone() && creates.every((c) => c.isDone())).toBe(true);
    const expected: Conversation = {
      topic: 'Office closed Friday',
      threads: [
        {
          posts: [
            {
              body: { contentType: 'html', content: 'The office is closed on Friday.<br>Enjoy the long weekend.' },
              newParticipants: [
                { emailAddress: { name: BOB.name, address: BOB.mail } },
                { emailAddress: { name: 'partner@fabrikam.test', address: 'partner@fabrikam.test' } }
              ]
            }
          ]
        }
      ]
    };
    for (const g of GROUPS) {
      expect(bodies.get(g.id)).toHaveLength(1);
      const [body] = bodies.get(g.id) as Conversation[];
      assertConversationBody(body as Conversation);
      expect(body).toEqual(expected);
    }
    const summary = updates.at(-1);
    assertValidCard(summary);
    expect(summary.body[0].text).toBe(say('broadcast.summary', { posted: 3, total: 3 }));
    for (const g of GROUPS) expect(cardTexts(summary).some((t) => t.includes(g.displayName))).toBe(true);
  });
});
