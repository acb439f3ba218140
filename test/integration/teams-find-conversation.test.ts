// The compose box's search in Teams mode (issue 17), with signed Bot Framework requests, Entra ID
// and Graph intercepted with nock: the documented sign-in of a search command (silentAuth, then the
// query again with Teams' SSO token, exchanged on-behalf-of), the plain `auth` answer when that token
// fails (never silentAuth again: it would loop), and the exact Graph requests of the scan.
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, BOB, graphTokenFor, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { fixture, type Activity } from '../helpers/fixtures';
import {
  entraError,
  expectOnBehalfOf,
  GRAPH,
  LOGIN,
  nockMyGroups,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { conversation, nockListConversations } from '../helpers/conversation-nock';
import { signInLink } from '../helpers/sign-in';
import { assertValidCard } from '../helpers/card-schema';
import { say } from '../../src/core/words';

const GRAPH_TOKEN = graphTokenFor(ALICE);
const MARKETING = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  displayName: 'Marketing',
  mail: 'marketing@contoso.test'
};
const LEADERSHIP = { id: 'c0ffee00-0000-4000-8000-000000000002', displayName: 'Leadership', mail: 'lead@contoso.test' };

function query(text: string, patch: (a: Activity) => void = () => undefined): Activity {
  return fixture('invoke-message-action-fetch', (a) => {
    a.name = 'composeExtension/query';
    a.value = {
      commandId: 'findConversation',
      commandContext: 'compose',
      parameters: [{ name: 'query', value: text }],
      queryOptions: { skip: 0, count: 25 }
    };
    patch(a);
  });
}

const withSso = (token: string) => (a: Activity) => {
  a.value.authentication = { token };
};

describe('Teams mode: find a group conversation from the compose box', () => {
  const auth = () => teamsAuth();
  const bot = useTestBot({ teams: true });

  it('without a token: silentAuth with a sign-in link bound to the sender; no Graph, no Entra ID', async () => {
    const anyGraph = nock(GRAPH).get(/.*/).reply(200, { value: [] });
    const anyEntra = nock(LOGIN).post(/.*/).reply(400, {});
    const res = await bot.post('/api/messages', query('budget'), auth());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      composeExtension: {
        type: 'silentAuth',
        suggestedActions: { actions: [{ type: 'openUrl', value: signInLink(ALICE), title: say('search.signIn') }] }
      }
    });
    expect(anyGraph.isDone()).toBe(false);
    expect(anyEntra.isDone()).toBe(false);
  });

  it("Teams' SSO token on the query: exchanged on-behalf-of, then each of the person's groups read once", async () => {
    const sso = ssoTokenFor(ALICE);
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    const groups = nockMyGroups(GRAPH_TOKEN, [LEADERSHIP, MARKETING]);
    const lists = [
      nockListConversations(GRAPH_TOKEN, MARKETING.id, {
        value: [conversation(1, { topic: 'Q3 budget review' }), conversation(2, { topic: 'Launch party' })]
      }),
      nockListConversations(GRAPH_TOKEN, LEADERSHIP.id, {
        value: [conversation(3, { topic: 'Offsite', preview: 'Mind the budget' })]
      })
    ];
    const res = await bot.post('/api/messages', query('budget', withSso(sso)), auth());
    expectOnBehalfOf(seen[0], sso);
    expect(seen).toHaveLength(1);
    expect(groups.isDone()).toBe(true);
    for (const list of lists) expect(list.isDone()).toBe(true);
    const { composeExtension } = res.body;
    expect(composeExtension.type).toBe('result');
    // Leadership's conversation 3 was delivered after Marketing's conversation 1.
    expect(composeExtension.attachments.map((a: any) => a.preview.content.title)).toEqual([
      'Offsite',
      'Q3 budget review'
    ]);
    for (const a of composeExtension.attachments) assertValidCard(a.content);

    // The next keystroke within the minute: the token is cached and so is the scan.
    const again = await bot.post('/api/messages', query('launch'), auth());
    expect(again.body.composeExtension.attachments.map((a: any) => a.preview.content.title)).toEqual(['Launch party']);
  });

  it('a chosen preview (its tap, as selectItem): the thread and its posts read as the person, last sender on the card', async () => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    nockMyGroups(GRAPH_TOKEN, [MARKETING]);
    const c1 = conversation(1, { topic: 'Q3 budget review' });
    nockListConversations(GRAPH_TOKEN, MARKETING.id, { value: [c1] });
    const found = await bot.post('/api/messages', query('budget', withSso(ssoTokenFor(ALICE))), auth());
    const { tap } = found.body.composeExtension.attachments[0].preview.content;
    expect(tap).toEqual({
      type: 'invoke',
      value: { commandId: 'findConversation', groupId: MARKETING.id, conversationId: c1.id }
    });

    const graph = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } });
    const threads = graph
      .get(`/v1.0/groups/${MARKETING.id}/conversations/${encodeURIComponent(c1.id)}/threads`)
      .query({ $select: 'id,topic,lastDeliveredDateTime' })
      .reply(200, {
        value: [
          { id: 'AAQkOld=', topic: c1.topic, lastDeliveredDateTime: '2026-11-01T09:00:00Z' },
          { id: 'AAQkNew=', topic: c1.topic, lastDeliveredDateTime: '2026-11-11T09:30:00Z' }
        ]
      });
    const post = (id: string, name: string, at: string) => ({
      id,
      createdDateTime: at,
      sender: { emailAddress: { name, address: `${id}@contoso.test` } },
      from: { emailAddress: { name: 'Marketing', address: MARKETING.mail } },
      body: { contentType: 'html', content: '<p>hi</p>' }
    });
    const posts = graph
      .get(`/v1.0/groups/${MARKETING.id}/threads/${encodeURIComponent('AAQkNew=')}/posts`)
      .query({ $select: 'id,from,sender,createdDateTime,body' })
      .reply(200, {
        value: [post('p2', 'Bob Stone', '2026-11-11T09:30:00Z'), post('p1', 'Alice Wong', '2026-11-10T08:00:00Z')]
      });
    const chosen = await bot.post(
      '/api/messages',
      fixture('invoke-message-action-fetch', (a) => {
        a.name = 'composeExtension/selectItem';
        a.value = tap.value;
      }),
      auth()
    );
    expect(threads.isDone()).toBe(true);
    expect(posts.isDone()).toBe(true);
    const [attachment] = chosen.body.composeExtension.attachments;
    assertValidCard(attachment.content);
    expect(JSON.stringify(attachment.content)).toContain(
      'Last post by Bob Stone, {{DATE(2026-11-11T09:30:00Z, SHORT)}}'
    );
    expect(JSON.stringify(attachment.content)).toContain('"threadId":"AAQkNew="');
  });

  it('an SSO token Entra ID refuses for consent: the `auth` pop-up with the consent link, not silentAuth again', async () => {
    const seen: OboRequest[] = [];
    nockTokenEndpoint(seen, {
      status: 400,
      body: entraError('invalid_grant', 65001, 'The user or administrator has not consented to use the application.')
    });
    const anyGraph = nock(GRAPH).get(/.*/).reply(200, { value: [] });
    const res = await bot.post('/api/messages', query('budget', withSso(ssoTokenFor(ALICE))), auth());
    expect(seen).toHaveLength(1);
    expect(res.body).toEqual({
      composeExtension: {
        type: 'auth',
        suggestedActions: {
          actions: [{ type: 'openUrl', value: signInLink(ALICE, { consent: true }), title: say('search.signIn') }]
        }
      }
    });
    expect(anyGraph.isDone()).toBe(false);
  });

  it('an SSO token about someone else: never exchanged; the `auth` pop-up for the sender', async () => {
    const anyEntra = nock(LOGIN)
      .post(/.*/)
      .query(true)
      .reply(200, oboTokenResponse(BOB, graphTokenFor(BOB)));
    const res = await bot.post('/api/messages', query('budget', withSso(ssoTokenFor(BOB))), auth());
    expect(res.body.composeExtension).toMatchObject({
      type: 'auth',
      suggestedActions: { actions: [{ value: signInLink(ALICE) }] }
    });
    expect(anyEntra.isDone()).toBe(false);
  });

  it('a resent query with a pop-up code not issued to the sender: the sign-in again, no Graph', async () => {
    const anyGraph = nock(GRAPH).get(/.*/).reply(200, { value: [] });
    const res = await bot.post(
      '/api/messages',
      query('budget', (a) => {
        a.value.state = 'AAAAAAAAAAAAAAAAAAAAAA';
      }),
      auth()
    );
    expect(res.body.composeExtension).toMatchObject({ type: 'auth' });
    expect(anyGraph.isDone()).toBe(false);
  });
});
