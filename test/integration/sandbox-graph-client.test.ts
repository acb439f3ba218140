// The test that matters most for local mode: the bot's own Graph client (src/graph), unchanged,
// against the sandbox. If this passes, local mode exercises the same requests and the same error
// mapping as graph.microsoft.com.
import { createHttpGraphClient } from '../../src/graph/http-graph-client';
import type { GraphClient } from '../../src/graph/graph-client';
import { AppError, GraphRequestError } from '../../src/core/errors';
import { createLocalTokenProvider } from '../../src/auth/local-token-provider';
import {
  createGraphSandbox,
  CURRENT_USER_ID,
  SEED_GROUP_IDS as G,
  SEED_USER_IDS as U,
  TEAM_GROUP_ID,
  type GraphSandbox
} from '../../src/sandbox';
import { assertValidConversationBody } from '../helpers/graph-schema';

let sandbox: GraphSandbox;
let origin: string;
let graph: GraphClient;
let token: string;

beforeAll(async () => {
  sandbox = createGraphSandbox({});
  const listening = await sandbox.listen(0);
  origin = listening.origin;
  graph = createHttpGraphClient({ baseUrl: `http://127.0.0.1:${listening.port}/v1.0` });
  // Exactly the token local mode uses for the playground's current user.
  token = await createLocalTokenProvider().exchange(
    { aadObjectId: CURRENT_USER_ID.toUpperCase() },
    'no-sso-token-in-local-mode'
  );
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await control('POST', '/_sandbox/reset');
  await control('POST', '/_sandbox/stats/reset');
});

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${origin}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  return res.json();
}

const BODY = {
  topic: 'Launch retro',
  threads: [
    {
      posts: [
        {
          body: { contentType: 'html' as const, content: '<p>What went well?</p>' },
          newParticipants: [
            { emailAddress: { name: 'Megan Bowen', address: 'meganb@contoso.test' } },
            { emailAddress: { name: 'Adele Vance', address: 'adelev@contoso.test' } }
          ]
        }
      ]
    }
  ]
};

it('uses the local token format the sandbox accepts', () => {
  expect(token).toBe(`sandbox.${CURRENT_USER_ID}`);
});

it('listMyGroups: the person’s Microsoft 365 groups, sorted, in one request', async () => {
  const groups = await graph.listMyGroups(token);
  expect(groups.map((g) => g.displayName)).toEqual(['Contoso Team', 'Leadership', 'Marketing', 'Product launch']);
  expect(groups.find((g) => g.id === TEAM_GROUP_ID)).toEqual({
    id: TEAM_GROUP_ID,
    displayName: 'Contoso Team',
    mail: 'contosoteam@contoso.test',
    visibility: 'Private'
  });
  expect(groups.find((g) => g.id === G.leadership)).toMatchObject({ visibility: 'Private' });
  for (const excluded of [G.finance, G.designGuild, G.allStaffSecurity])
    expect(groups.map((g) => g.id)).not.toContain(excluded);
  expect((await control('GET', '/_sandbox/stats')).byRoute).toEqual({ 'GET /me/memberOf/microsoft.graph.group': 1 });
});

it('getGroup: a Microsoft 365 group; group_not_found for the security group and for an unknown id', async () => {
  await expect(graph.getGroup(token, G.marketing)).resolves.toEqual({
    id: G.marketing,
    displayName: 'Marketing',
    mail: 'marketing@contoso.test',
    visibility: 'Public'
  });
  await expect(graph.getGroup(token, G.allStaffSecurity)).rejects.toMatchObject({ code: 'group_not_found' });
  await expect(graph.getGroup(token, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
    code: 'group_not_found',
    status: 404
  });
});

it('resolveUsers: three seeded ids in one request, in the order asked; UPN when there is no mail', async () => {
  await expect(graph.resolveUsers(token, [U.patti, U.megan, U.diego])).resolves.toEqual([
    { id: U.patti, displayName: 'Patti Fernandez', address: 'pattif@contoso.test' },
    { id: U.megan, displayName: 'Megan Bowen', address: 'meganb@contoso.test' },
    { id: U.diego, displayName: 'Diego Siciliani', address: 'diegos@contoso.test' }
  ]);
  expect((await control('GET', '/_sandbox/stats')).byRoute).toEqual({ 'GET /users': 1 });
});

it('resolveUsers: more than 15 ids take ceil(n/15) requests; an unknown id is participant_not_found', async () => {
  const unknown = Array.from({ length: 15 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const err = await graph.resolveUsers(token, [U.megan, ...unknown]).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ code: 'participant_not_found' });
  expect((await control('GET', '/_sandbox/stats')).byRoute).toEqual({ 'GET /users': 2 });
});

it(
  'createConversation: ' + 'returns the ids, and the sandbox holds the post as the person, with the participants',
  async () => {
    const created = await graph.createConversation(token, G.productLaunch, BODY);
    expect(created).toEqual({ conversationId: expect.any(String), threadId: expect.any(String) });
    const state = await control('GET', '/_sandbox/state');
    expect(state.conversations).toEqual([
      {
        id: created.conversationId,
        groupId: G.productLaunch,
        topic: 'Launch retro',
        lastDeliveredDateTime: expect.any(String),
        threads: [
          {
            id: created.threadId,
            posts: [
              {
                id: expect.any(String),
                body: { contentType: 'html', content: '<p>What went well?</p>' },
                from: CURRENT_USER_ID,
                newParticipants: BODY.threads[0]?.posts[0]?.newParticipants,
                createdDateTime: expect.any(String)
              }
            ]
          }
        ]
      }
    ]);
    expect((await control('GET', '/_sandbox/stats')).byRoute).toEqual({ 'POST /groups/{id}/conversations': 1 });
  }
);

it(
  'createConversation: a private group the person is not in → ' +
    'access_denied with ErrorAccessDenied; nothing stored',
  async () => {
    const err = await graph.createConversation(token, G.finance, BODY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect(err).toMatchObject({
      code: 'access_denied',
      status: 403,
      graphCode: 'ErrorAccessDenied',
      requestId: expect.any(String)
    });
    expect((await control('GET', '/_sandbox/state')).conversations).toEqual([]);
  }
);

it(
  'sandbox faults surface through the client’s error mapping ' + '(throttled + Retry-After, unavailable, dropped)',
  async () => {
    await control('POST', '/_sandbox/faults', { method: 'POST', path: 'conversations$', status: 429, retryAfter: 7 });
    await expect(graph.createConversation(token, G.marketing, BODY)).rejects.toMatchObject({
      code: 'throttled',
      status: 429,
      retryAfterSeconds: 7
    });

    await control('POST', '/_sandbox/faults', {
      method: 'POST',
      path: 'conversations$',
      status: 503,
      afterCommit: true
    });
    await expect(graph.createConversation(token, G.marketing, BODY)).rejects.toMatchObject({
      code: 'graph_unavailable',
      status: 503
    });

    await control('POST', '/_sandbox/faults', { method: 'GET', path: 'memberOf', status: 0 });
    await expect(graph.listMyGroups(token)).rejects.toMatchObject({ code: 'graph_unavailable', status: 0 });

    await control('POST', '/_sandbox/faults', { method: 'GET', path: 'memberOf', status: 502, html: true });
    await expect(graph.listMyGroups(token)).rejects.toMatchObject({ code: 'graph_unavailable', status: 502 });

    // Only the afterCommit one was written.
    expect((await control('GET', '/_sandbox/state')).conversations).toHaveLength(1);
  }
);

it('a token for a user the sandbox does not know → sign_in_required', async () => {
  await expect(graph.listMyGroups('sandbox.00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
    code: 'sign_in_required',
    status: 401
  });
});

describe('the body the client sends is a valid microsoft.graph.conversation', () => {
  it('is accepted by both the official schema and the sandbox', async () => {
    expect(() => assertValidConversationBody(BODY)).not.toThrow();
    await expect(graph.createConversation(token, G.marketing, BODY)).resolves.toBeDefined();
  });
});
