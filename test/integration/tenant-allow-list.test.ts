// ALLOWED_TENANTS: people from another organization get a polite refusal and the bot makes no
// Graph or Entra ID call for them; the allowed tenant works as usual. It fails closed: unset in
// Teams mode is the app's own tenant (AAD_APP_TENANT_ID); `*` opens the bot to every tenant.
import { useTestBot } from '../helpers/test-bot';
import { loadConfig } from '../../src/config';
import { teamsAuth } from '../helpers/bot-framework-auth';
import { ALICE, TENANT_ID, ssoTokenFor, teamsEnv } from '../helpers/entra';
import { cardAttachments, createInvoke, fixture } from '../helpers/fixtures';
import { nockTokenEndpoint } from '../helpers/graph-nock';
import { cardTitle, facts } from '../helpers/card-readers';
import { notice } from '../../src/core/words';

const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';
const fromOtherTenant = (a: any) => {
  a.conversation.tenantId = OTHER_TENANT;
  a.channelData.tenant.id = OTHER_TENANT;
};
/** `help` from another organization, answered in the HTTP response. */
const helpFromOtherTenant = () =>
  fixture('message-new', (a) => {
    fromOtherTenant(a);
    a.text = 'help';
    a.deliveryMode = 'expectReplies';
  });

describe('tenant allow-list', () => {
  const auth = () => teamsAuth();

  const bot = useTestBot({ teams: true, env: { ALLOWED_TENANTS: TENANT_ID.toUpperCase() } });

  it('refuses a message from another tenant with a notice, and answers the allowed tenant', async () => {
    const refused = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => {
        fromOtherTenant(a);
        a.text = 'help';
        a.deliveryMode = 'expectReplies';
      }),
      auth()
    );
    expect(refused.status).toBe(200);
    const [refusal] = cardAttachments(refused.body.activities);
    expect(cardTitle(refusal)).toBe(notice('notice.tenantNotAllowed').title);
    const allowed = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => {
        a.text = 'help';
        a.deliveryMode = 'expectReplies';
      }),
      auth()
    );
    // The help card: its commands, 'new' among them.
    expect(facts(cardAttachments(allowed.body.activities)).map((f) => f.title)).toContain('new');
    expect(JSON.stringify(cardAttachments(allowed.body.activities))).not.toContain(
      notice('notice.tenantNotAllowed').title
    );
  });

  it('refuses a Post from another tenant without exchanging the token', async () => {
    const entra = nockTokenEndpoint([], { status: 200, body: {} });
    const res = await bot.post(
      '/api/messages',
      createInvoke({}, (a) => {
        fromOtherTenant(a);
        a.value.authentication = { token: ssoTokenFor(ALICE) };
      }),
      auth()
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'tenant_not_allowed' }
    });
    expect(entra.isDone()).toBe(false);
  });

  it.each(['invoke-message-action-fetch', 'invoke-message-action-submit'])(
    'answers the message extension (%s) from another tenant with the dialog message pop-up, no exchange',
    async (name) => {
      const entra = nockTokenEndpoint([], { status: 200, body: {} });
      const res = await bot.post('/api/messages', fixture(name, fromOtherTenant), auth());
      // A 403 would make Teams retry the invoke and then show "Unable to reach the app".
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ task: { type: 'message', value: notice('notice.tenantNotAllowed').text } });
      expect(entra.isDone()).toBe(false);
    }
  );

  it('rejects a malformed ALLOWED_TENANTS at start', async () => {
    // The bot's settings are read by loadConfig before anything starts (as useTestBot and src/index.ts do).
    expect(() => loadConfig(teamsEnv({ ALLOWED_TENANTS: 'contoso.com' }))).toThrow(
      'ALLOWED_TENANTS contains "contoso.com"'
    );
  });
});

describe('tenant allow-list: unset in Teams mode', () => {
  const bot = useTestBot({ teams: true });

  it("is the app registration's own tenant: another organization is refused", async () => {
    const res = await bot.post('/api/messages', helpFromOtherTenant(), teamsAuth());
    expect(res.status).toBe(200);
    expect(cardTitle(cardAttachments(res.body.activities)[0])).toBe(notice('notice.tenantNotAllowed').title);
  });

  it('a person of the own tenant is answered', async () => {
    const res = await bot.post(
      '/api/messages',
      fixture('message-new', (a) => {
        a.text = 'help';
        a.deliveryMode = 'expectReplies';
      }),
      teamsAuth()
    );
    expect(facts(cardAttachments(res.body.activities)).map((f) => f.title)).toContain('new');
  });
});

describe('tenant allow-list: ALLOWED_TENANTS=*', () => {
  const bot = useTestBot({ teams: true, env: { ALLOWED_TENANTS: '*' } });

  it('answers people of every tenant', async () => {
    const res = await bot.post('/api/messages', helpFromOtherTenant(), teamsAuth());
    expect(res.status).toBe(200);
    expect(facts(cardAttachments(res.body.activities)).map((f) => f.title)).toContain('new');
  });
});
