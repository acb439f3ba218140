// Teams mode (issue 17): before posting, the bot asks Graph for exactly
// `GET /groups/{id}?$select=id,hideFromOutlookClients` with the person's token; a hidden group
// brings the form back with the warning, "Post anyway" posts, and the confirmation says so.
import type { Conversation } from '@microsoft/microsoft-graph-types';
import nock from 'nock';
import { useTestBot } from '../helpers/test-bot';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, oboTokenResponse, ssoTokenFor } from '../helpers/entra';
import { createInvoke } from '../helpers/fixtures';
import {
  GRAPH,
  nockCreateConversation,
  nockGetGroup,
  nockOutlookVisibility,
  nockTokenEndpoint,
  type OboRequest
} from '../helpers/graph-nock';
import { assertValidCard } from '../helpers/card-schema';
import { actionData, cardTexts, cardTitle, findActions, inputValues } from '../helpers/card-readers';
import { say } from '../../src/core/words';

const GROUP = { id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Marketing', mail: 'marketing@contoso.test' };
const GRAPH_TOKEN = 'graph-access-token-for-alice';

describe('Teams mode: a group hidden from Outlook', () => {
  const bot = useTestBot({ teams: true });

  it('reads the flag with $select on the one group, warns, and posts on Post anyway', async () => {
    const sso = ssoTokenFor(ALICE);
    const obo: OboRequest[] = [];
    nockTokenEndpoint(obo, { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    const queries: unknown[] = [];
    const flag = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_TOKEN}` } })
      .get(`/v1.0/groups/${GROUP.id}`)
      .query((q) => Boolean(queries.push(q)))
      .reply(200, { id: GROUP.id, hideFromOutlookClients: true });
    nockGetGroup(GRAPH_TOKEN, GROUP);
    const data = { participants: '', otherEmails: '' };
    const withSso = (a: Record<string, any>) => {
      a.value.authentication = { id: 'auth-1', connectionName: '', token: sso };
    };

    const res = await bot.post('/api/messages', createInvoke(data, withSso), teamsAuth());
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const warned = res.body.value;
    assertValidCard(warned);
    expect(flag.isDone()).toBe(true);
    expect(queries).toEqual([{ $select: 'id,hideFromOutlookClients' }]);
    expect(cardTexts(warned)).toEqual(
      expect.arrayContaining([say('hidden.title', { group: 'Marketing' }), say('hidden.text')])
    );
    expect(inputValues(warned)).toMatchObject({ groupId: GROUP.id, topic: 'Quarterly planning' });

    // Post anyway: the flag is remembered (no second read), the conversation is created once.
    const [anyway] = findActions(warned, 'createConversation');
    expect(actionData(anyway as Record<string, any>)).toMatchObject({ hiddenAck: GROUP.id });
    const created: Conversation[] = [];
    nockCreateConversation(GRAPH_TOKEN, GROUP.id, created);
    const again = await bot.post('/api/messages', createInvoke({ ...data, hiddenAck: GROUP.id }, withSso), teamsAuth());
    const confirmed = again.body.value;
    assertValidCard(confirmed);
    expect(cardTitle(confirmed)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(cardTexts(confirmed)).toContain(say('hidden.confirmation'));
    expect(created).toHaveLength(1);
  });

  it('Graph refuses the read (403): posted without a warning', async () => {
    const sso = ssoTokenFor(ALICE);
    nockTokenEndpoint([], { status: 200, body: oboTokenResponse(ALICE, GRAPH_TOKEN) });
    const flag = nockOutlookVisibility(GRAPH_TOKEN, GROUP.id, false, { status: 403 });
    nockGetGroup(GRAPH_TOKEN, GROUP);
    const created: Conversation[] = [];
    nockCreateConversation(GRAPH_TOKEN, GROUP.id, created);
    const res = await bot.post(
      '/api/messages',
      createInvoke({ participants: '', otherEmails: '' }, (a) => {
        a.value.authentication = { id: 'auth-1', connectionName: '', token: sso };
      }),
      teamsAuth()
    );
    expect(flag.isDone()).toBe(true);
    expect(cardTitle(res.body.value)).toBe(say('confirmation.title', { group: 'Marketing' }));
    expect(cardTexts(res.body.value)).not.toContain(say('hidden.confirmation'));
    expect(created).toHaveLength(1);
  });
});
