// Issue 16 in Teams mode, as Entra ID and Graph would be asked (nock): the Follow button in a
// channel exchanges the presser's SSO token on-behalf-of, checks their groups, creates the
// subscription with exactly Graph's body, keeps their sign-in sealed, and tells the channel. A
// second bot on the same state (a restart: new msal, nothing in memory) renews it days later with
// the kept refresh token (the exact refresh request asserted) and PATCHes only the expiry; when
// Entra refuses that refresh, the follow stops and the channel is told once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { nockBotConnectorToken, teamsAuth, TEAMS_SERVICE_URL } from '../helpers/bot-framework-auth';
import { ALICE, CLIENT_ID, CLIENT_SECRET, oboTokenResponse, ssoTokenFor, TENANT_ID } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import {
  entraError,
  expectOnBehalfOf,
  GRAPH,
  nockMyGroups,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { cardTexts, cardTitle } from '../helpers/card-readers';
import { say } from '../../src/core/words';

const TEAM_GROUP = {
  id: 'c0ffee00-0000-4000-8000-0000000000c2',
  displayName: 'Launch team',
  mail: 'launch@contoso.test'
};
const CHANNEL = '19:general-channel@thread.tacv2';
const GRAPH_TOKEN = 'graph-access-token-for-alice';
const RENEWED_TOKEN = 'graph-access-token-refreshed';
const SUBSCRIPTION_ID = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';
const HOUR = 60 * 60_000;

let offset = 0;
const now = () => Date.now() + offset;
const root = mkdtempSync(join(tmpdir(), 'follow-renewal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dataDir = '';
let sso = '';
beforeEach(() => {
  offset = 0;
  dataDir = mkdtempSync(join(root, 'state-'));
  sso = ssoTokenFor(ALICE);
});

// Two instances on one state: the first follows, the second has never seen Alice (a restart).
const first = useTestBot({ teams: true, now, env: () => ({ DATA_DIR: dataDir }) });
const second = useTestBot({ teams: true, now, env: () => ({ DATA_DIR: dataDir }) });

/** Alice presses Follow in the General channel, with the SSO token Teams attaches to the action. */
const pressFollow = () =>
  createInvoke({}, (a) => {
    a.value.action = { type: 'Action.Execute', verb: 'followGroup', data: { op: 'follow' } };
    a.value.authentication = { token: sso };
    a.conversation = { id: `${CHANNEL};messageid=1732700000002`, conversationType: 'channel', tenantId: TENANT_ID };
    a.channelData = {
      tenant: { id: TENANT_ID },
      channel: { id: CHANNEL },
      team: { id: '19:team@thread.tacv2', aadGroupId: TEAM_GROUP.id, name: TEAM_GROUP.displayName }
    };
  });

/** The channel, through the Bot Connector: every card the bot posts there. */
function channelPosts(): any[] {
  const posted: any[] = [];
  nockBotConnectorToken('connector-token');
  nock(TEAMS_SERVICE_URL, { reqheaders: { authorization: 'Bearer connector-token' } })
    .persist()
    .post(new RegExp(`^/amer/v3/conversations/${encodeURIComponent(CHANNEL)}/activities`), (body: any) => {
      posted.push(body.attachments?.[0]?.content);
      return true;
    })
    .reply(200, () => ({ id: `posted-${posted.length}` }));
  return posted;
}

async function follow(): Promise<{ clientState: string }> {
  const obo: OboRequest[] = [];
  nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
  nockMyGroups(GRAPH_TOKEN, [TEAM_GROUP]);
  let asked: any;
  const created = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
    .post('/v1.0/subscriptions', (body) => {
      asked = body;
      return true;
    })
    .reply(201, (_uri, body: any) => ({ id: SUBSCRIPTION_ID, ...body }));
  const posted = channelPosts();

  const res = await first.post('/api/messages', pressFollow(), teamsAuth());
  expect(res.body.statusCode).toBe(200);
  expect(cardTitle(res.body.value)).toBe(say('follow.confirmedTitle', { group: 'Launch team' }));
  expectOnBehalfOf(obo[0], sso);
  expect(created.isDone()).toBe(true);
  expect(asked).toEqual({
    changeType: 'created,updated',
    notificationUrl: 'https://gcbot.example.test/api/notifications',
    lifecycleNotificationUrl: 'https://gcbot.example.test/api/notifications/lifecycle',
    resource: `groups('${TEAM_GROUP.id}')/conversations`,
    expirationDateTime: expect.any(String),
    clientState: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)
  });
  const lifetime = Date.parse(asked.expirationDateTime) - now();
  expect(lifetime).toBeGreaterThan(4190 * 60_000);
  expect(lifetime).toBeLessThanOrEqual(4200 * 60_000);
  // The presser saw the confirmation; the channel is told too (the invoke answer is theirs alone).
  expect(posted.map(cardTitle)).toEqual([say('follow.confirmedTitle', { group: 'Launch team' })]);
  expect(cardTexts(posted[0]).join(' ')).toContain('Alice Wong set this channel to follow Launch team');
  nock.cleanAll();
  return { clientState: asked.clientState };
}

describe('Teams mode: follow, then renew after a restart', () => {
  it('renews with the kept refresh token on an instance that never saw the person', async () => {
    const { clientState } = await follow();
    // Nothing due yet.
    expect(await second.bot.following.renewDue()).toEqual([]);

    offset = 57 * HOUR; // past 80 % of the 70-hour lifetime
    const refresh: OboRequest[] = [];
    nockTokenEndpoint(refresh, { status: 200, body: oboTokenResponse(ALICE, RENEWED_TOKEN) });
    let patched: unknown;
    const patch = nock(GRAPH, { reqheaders: { authorization: `Bearer ${RENEWED_TOKEN}` } })
      .patch(`/v1.0/subscriptions/${SUBSCRIPTION_ID}`, (body) => {
        patched = body;
        return true;
      })
      .reply(200, (_uri, body: any) => ({ id: SUBSCRIPTION_ID, ...body }));

    expect(await second.bot.following.renewDue()).toEqual(['renewed']);
    expect(refresh).toHaveLength(1);
    expect(refresh[0]).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: `refresh-${GRAPH_TOKEN}`,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET
    });
    expect(refresh[0].scope.split(' ')).toEqual(
      expect.arrayContaining(['https://graph.microsoft.com/Group.ReadWrite.All'])
    );
    expect(patch.isDone()).toBe(true);
    expect(Object.keys(patched as object)).toEqual(['expirationDateTime']);
    const asked = Date.parse((patched as { expirationDateTime: string }).expirationDateTime);
    expect(asked - now()).toBeGreaterThan(4190 * 60_000);
    // The new expiry is remembered: nothing is due again right away.
    expect(await second.bot.following.renewDue()).toEqual([]);
    // Neither bot logged a token or the clientState.
    const logs = [...first.logs, ...second.logs].join('\n');
    for (const secret of [GRAPH_TOKEN, RENEWED_TOKEN, `refresh-${GRAPH_TOKEN}`, clientState, CLIENT_SECRET])
      expect(logs).not.toContain(secret);
  });

  it('stops the follow and tells the channel once when Entra refuses the kept sign-in', async () => {
    await follow();
    offset = 57 * HOUR;
    nockTokenEndpoint([], { status: 400, body: entraError('invalid_grant', 70008, 'The refresh token has expired.') });
    const posted = channelPosts();
    expect(await second.bot.following.renewDue()).toEqual(['stopped']);
    expect(posted.map(cardTitle)).toEqual([say('follow.stoppedTitle', { group: 'Launch team' })]);
    expect(cardTexts(posted[0]).join(' ')).toContain('Alice Wong');
    offset += 2 * HOUR;
    expect(await second.bot.following.renewDue()).toEqual([]);
    expect(posted).toHaveLength(1);
  });
});
