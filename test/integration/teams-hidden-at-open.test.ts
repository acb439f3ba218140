// Teams mode (issue 17): `new <group>` opens the form on a known group, so the bot asks Graph for
// exactly `GET /groups/{id}?$select=id,hideFromOutlookClients` with the person's token before the
// form goes out, and warns at once; the form's Post posts with no second read and no second press.
// `new` alone (no group known) asks Graph for nothing but the person's groups.
import nock from 'nock';
import type { Conversation } from '@microsoft/microsoft-graph-types';
import { useTestBot, type TestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { nockConnector } from '../helpers/command-sign-in';
import { ALICE, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { cardAttachments, createInvoke, fixture } from '../helpers/fixtures';
import { GRAPH, nockCreateConversation, nockMyGroups, nockTokenEndpoint, type OboRequest } from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { actionData, cardTexts, cardTitle, findActions, inputValues } from '../helpers/card-readers';
import { say } from '../../src/core/words';

const GRAPH_TOKEN = 'graph-token-for-alice-hidden-at-open';
const MARKETING = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'm@contoso.test' };
const SALES = { id: 'c0ffee00-0000-4000-8000-000000000002', displayName: 'sales' };
const DRAFT = 'd0000000-0000-4000-8000-0000000a1e47';

/** `text` from Alice in her 1:1 chat, signed in through teams-ai's SSO: the form the connector received. */
async function formFor(bot: TestBot, text: string): Promise<Record<string, any>> {
  const first = await bot.post(
    '/api/messages',
    fixture('message-new', (a) => {
      a.text = text;
      a.deliveryMode = 'expectReplies';
    }),
    teamsAuth()
  );
  const oauth = first.body.activities
    .flatMap((a: any) => a.attachments ?? [])
    .find((x: any) => x.contentType === 'application/vnd.microsoft.card.oauth');
  const sent: any[] = [];
  nockConnector(sent);
  const exchange = fixture('invoke-token-exchange', (a) => {
    a.value = { id: oauth.content.tokenExchangeResource.id, connectionName: '', token: ssoTokenFor(ALICE) };
  });
  expect((await bot.post('/api/messages', exchange, teamsAuth())).status).toBe(200);
  const [form] = cardAttachments(sent);
  assertValidCard(form);
  return form;
}

/** The flag read, as the one request Graph returns it on; each query it was asked with goes to `queries`. */
function nockFlag(groupId: string, hidden: boolean, queries: unknown[]): nock.Scope {
  return nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
    .get(`/v1.0/groups/${groupId}`)
    .query((q) => Boolean(queries.push(q)))
    .reply(200, { id: groupId, hideFromOutlookClients: hidden });
}

describe('Teams mode: the form warns as it opens on a group hidden from Outlook', () => {
  const bot = useTestBot({ teams: true, newDraftId: () => DRAFT });

  it('new Marketing: one $select read with the person token, the banner at once; Post posts, no 2nd read', async () => {
    const obo: OboRequest[] = [];
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    nockMyGroups(GRAPH_TOKEN, [SALES, MARKETING]);
    const queries: unknown[] = [];
    const flag = nockFlag(MARKETING.id, true, queries);

    const form = await formFor(bot, 'new Marketing');
    expect(flag.isDone()).toBe(true);
    expect(queries).toEqual([{ $select: 'id,hideFromOutlookClients' }]);
    expect(inputValues(form)).toMatchObject({ groupId: MARKETING.id });
    expect(cardTexts(form)).toEqual(
      expect.arrayContaining([say('hidden.title', { group: 'Marketing' }), say('hidden.text')])
    );
    const [post] = findActions(form, 'createConversation');
    expect(post?.title).toBe(say('button.postAnyway'));
    expect(actionData(post as Record<string, any>)).toEqual({ draftId: DRAFT, hiddenAck: '' });

    // Post: the cached token and the cached flag; the conversation is created once.
    const created: Conversation[] = [];
    nockCreateConversation(GRAPH_TOKEN, MARKETING.id, created);
    const data = {
      ...actionData(post as Record<string, any>),
      groupId: MARKETING.id,
      participants: '',
      otherEmails: ''
    };
    const res = await bot.post('/api/messages', createInvoke(data), teamsAuth());
    const confirmed = res.body.value;
    assertValidCard(confirmed);
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(cardTexts(confirmed)).toContain(say('hidden.confirmation'));
    expect(created).toHaveLength(1);
    expect(queries).toHaveLength(1);
    expect(obo).toHaveLength(1);
  });

  it('new alone: no group is known, so Graph is asked for the groups only, never for a flag', async () => {
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    const groups = nockMyGroups(GRAPH_TOKEN, [SALES, MARKETING]);
    const queries: unknown[] = [];
    nockFlag(MARKETING.id, true, queries);
    nockFlag(SALES.id, true, queries);

    const form = await formFor(bot, 'new');
    expect(groups.isDone()).toBe(true);
    expect(inputValues(form)).toMatchObject({ groupId: '' });
    expect(cardTexts(form)).not.toContain(say('hidden.text'));
    expect(queries).toEqual([]);
    expect(bot.logs.some((l) => l.includes('hidden from Outlook'))).toBe(false);
  });
});
