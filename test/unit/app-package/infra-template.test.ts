// infra/azure.json, the ARM template arm/deploy runs, read offline: its structure, and whether what
// it creates agrees with appPackage/manifest.json, aad.manifest.json, the env files and src/config.ts
// (teamsapp*.yml's steps: infra-provision-steps.test.ts; several instances: infra-shared-state.test.ts).
// Its expressions are evaluated with provision's values (./infra-deployment.ts, ./arm-template.ts),
// so the app settings the web app gets are loaded with loadConfig as the bot would.
import { GRAPH_SCOPES, loadConfig } from '../../../src/config';
import { type ArmResource, evaluate, functionsUsed, idOf, type Json } from './arm-template';
import {
  APP_SETTINGS,
  BLOB_SERVICE,
  BOT,
  CONNECTION,
  CONTAINER,
  deploy,
  deployed,
  type EnvName,
  envValues,
  filledParameters,
  IDENTITY,
  LIFECYCLE,
  outputs,
  PARAMETER_FILES,
  PLACEHOLDER,
  props,
  ROLE_ASSIGNMENT,
  read,
  resource,
  SAMPLE,
  STORAGE,
  TEMPLATE,
  TENANT,
  WEB_APP_HOST
} from './infra-deployment';

// App Service's own settings: read by the platform, not by src/config.ts.
const PLATFORM_SETTINGS = ['SCM_DO_BUILD_DURING_DEPLOYMENT'];

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(PLACEHOLDER, (_m, name: string) => values[name] ?? `<unset ${name}>`);

describe('infra/azure.json: structure', () => {
  it('is an ARM deployment template with the resources a Teams bot needs, each with an API version', () => {
    expect(TEMPLATE.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(TEMPLATE.contentVersion).toBe('1.0.0.0');
    expect(TEMPLATE.resources.map((r) => r.type).sort()).toEqual(
      [
        'Microsoft.ManagedIdentity/userAssignedIdentities',
        'Microsoft.Web/serverfarms',
        'Microsoft.Web/sites',
        APP_SETTINGS,
        BOT,
        'Microsoft.BotService/botServices/channels',
        CONNECTION,
        STORAGE,
        BLOB_SERVICE,
        CONTAINER,
        LIFECYCLE,
        ROLE_ASSIGNMENT
      ].sort()
    );
    for (const r of TEMPLATE.resources) expect(r.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
  });

  it('uses only ARM functions this test evaluates (an unknown one would go unchecked)', () => {
    const known = ['parameters', 'variables', 'if', 'equals', 'empty', 'null', 'format', 'uniqueString'];
    known.push('resourceId', 'resourceGroup', 'subscription', 'reference', 'createObject');
    known.push('and', 'greater', 'guid', 'subscriptionResourceId', 'extensionResourceId');
    expect([...functionsUsed(TEMPLATE as unknown as Json)].filter((f) => !known.includes(f))).toEqual([]);
  });

  it.each(Object.keys(PARAMETER_FILES) as EnvName[])('%s: every dependsOn names a resource of the template', (env) => {
    const ctx = deploy(env);
    const ids = new Set(TEMPLATE.resources.map((r) => idOf(r, ctx)));
    const dangling = TEMPLATE.resources.flatMap((r) =>
      (r.dependsOn ?? []).map((d) => String(evaluate(d, ctx))).filter((d) => !ids.has(d))
    );
    expect(dangling).toEqual([]);
    // Children name their parent: Azure creates the parent first only when told.
    for (const r of TEMPLATE.resources.filter((x) => x.type.split('/').length > 2)) {
      const parentType = r.type.split('/').slice(0, -1).join('/');
      const parentName = String(evaluate(r.name, ctx)).split('/').slice(0, -1).join('/');
      const parent = TEMPLATE.resources.find((p) => p.type === parentType && evaluate(p.name, ctx) === parentName);
      expect(parent).toBeDefined();
      expect((r.dependsOn ?? []).map((d) => evaluate(d, ctx))).toContain(idOf(parent as ArmResource, ctx));
    }
  });

  it.each(Object.keys(PARAMETER_FILES) as EnvName[])(
    '%s: the parameters file fills every parameter without a default, and only parameters the template has',
    (env) => {
      const file = JSON.parse(read(PARAMETER_FILES[env])) as { $schema: string; parameters: Record<string, unknown> };
      expect(file.$schema).toMatch(/deploymentParameters\.json#$/);
      const given = Object.keys(file.parameters);
      const required = Object.entries(TEMPLATE.parameters).filter(([, p]) => p.defaultValue === undefined);
      expect(required.map(([k]) => k).filter((k) => !given.includes(k))).toEqual([]);
      expect(given.filter((k) => !(k in TEMPLATE.parameters))).toEqual([]);
      for (const [name, value] of Object.entries(filledParameters(env))) {
        const allowed = TEMPLATE.parameters[name].allowedValues;
        if (allowed) expect(allowed).toContain(value);
      }
    }
  );

  it('secrets only as secure parameters, filled only from ${{SECRET_*}}, never in an output', () => {
    for (const [name, p] of Object.entries(TEMPLATE.parameters)) {
      if (/secret|password/i.test(name)) expect({ name, type: p.type }).toEqual({ name, type: 'securestring' });
      if (p.type === 'securestring') expect(p.defaultValue ?? '').toBe('');
    }
    for (const file of Object.values(PARAMETER_FILES)) {
      const parameters = (JSON.parse(read(file)) as { parameters: Record<string, { value: unknown }> }).parameters;
      for (const [name, { value }] of Object.entries(parameters)) {
        const secure = TEMPLATE.parameters[name].type === 'securestring';
        const fromSecret = /^\$\{\{SECRET_[A-Z0-9_]+\}\}$/.test(String(value));
        expect({ file, name, secure, fromSecret }).toEqual({ file, name, secure, fromSecret: secure });
      }
    }
    const secureNames = Object.keys(TEMPLATE.parameters).filter((n) => TEMPLATE.parameters[n].type === 'securestring');
    for (const [name, o] of Object.entries(TEMPLATE.outputs)) {
      expect({ name, type: o.type }).toEqual({ name, type: 'string' });
      for (const s of secureNames) expect(JSON.stringify(o.value)).not.toContain(`'${s}'`);
    }
  });
});

describe('infra/azure.json agrees with the app (dev: App Service + single-tenant bot)', () => {
  const ctx = deploy('dev');
  const values = envValues('dev');
  const manifest = JSON.parse(fill(read('appPackage/manifest.json'), { ...values, BOT_DOMAIN: WEB_APP_HOST }));
  const aad = JSON.parse(fill(read('aad.manifest.json'), { ...values, BOT_DOMAIN: WEB_APP_HOST }));

  it('the Azure Bot: single-tenant, the bot identity provision made, the web app messaging endpoint', () => {
    expect(resource(BOT)).toMatchObject({ kind: 'azurebot', location: 'global' });
    expect(props(BOT, ctx)).toMatchObject({
      msaAppType: 'SingleTenant',
      msaAppId: SAMPLE.BOT_ID,
      msaAppTenantId: SAMPLE.BOT_TENANT_ID,
      msaAppMSIResourceId: null,
      endpoint: `https://${WEB_APP_HOST}/api/messages`
    });
    // The Teams app's bot is this one.
    expect(manifest.bots[0].botId).toBe(SAMPLE.BOT_ID);
    expect(manifest.composeExtensions[0].botId).toBe(SAMPLE.BOT_ID);
  });

  it('the Microsoft Teams channel is on', () => {
    const channel = resource('Microsoft.BotService/botServices/channels');
    expect(String(evaluate(channel.name, ctx)).split('/')[1]).toBe('MsTeamsChannel');
    expect(evaluate(channel.properties ?? {}, ctx)).toMatchObject({ channelName: 'MsTeamsChannel' });
  });

  it('the OAuth connection: named OAUTH_CONNECTION_NAME, Entra ID v2 for the sign-in app, its SSO resource', () => {
    expect(values.OAUTH_CONNECTION_NAME).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(String(evaluate(resource(CONNECTION).name, ctx)).split('/')[1]).toBe(values.OAUTH_CONNECTION_NAME);
    const c = props(CONNECTION, ctx);
    expect(c).toMatchObject({
      serviceProviderDisplayName: 'Azure Active Directory v2',
      serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c',
      clientId: SAMPLE.AAD_APP_CLIENT_ID,
      clientSecret: SAMPLE.SECRET_AAD_APP_CLIENT_SECRET
    });
    const params = Object.fromEntries((c.parameters as { key: string; value: string }[]).map((p) => [p.key, p.value]));
    expect(params).toEqual({ tenantID: SAMPLE.AAD_APP_TENANT_ID, tokenExchangeUrl: `api://botid-${SAMPLE.BOT_ID}` });
    // The token exchange URL is the resource Teams asks SSO tokens for, exposed by the sign-in app.
    expect(manifest.webApplicationInfo).toEqual({ id: SAMPLE.AAD_APP_CLIENT_ID, resource: params.tokenExchangeUrl });
    expect(aad.appId).toBe(c.clientId);
    expect(aad.identifierUris).toEqual([params.tokenExchangeUrl]);
    // The delegated Graph scopes the bot asks for (src/config.ts), which the sign-in app requests.
    expect(String(c.scopes).split(' ')).toEqual([...GRAPH_SCOPES]);
    const GRAPH_DELEGATED_IDS: Record<string, string> = {
      'Group.ReadWrite.All': '4e46008b-f24c-477d-8fff-7bb4ec7aafe0',
      'User.ReadBasic.All': 'b340eb25-3456-403f-be2f-af7a0d370277'
    };
    const graph = aad.requiredResourceAccess.find(
      (r: { resourceAppId: string }) => r.resourceAppId === '00000003-0000-0000-c000-000000000000'
    );
    for (const scope of GRAPH_SCOPES) {
      const id = GRAPH_DELEGATED_IDS[scope.replace('https://graph.microsoft.com/', '')];
      expect(graph.resourceAccess).toContainEqual({ id, type: 'Scope' });
    }
  });

  it('the sign-in app redirects to the web app /auth-end and to the Bot Framework token service', () => {
    expect(outputs(ctx).BOT_DOMAIN).toBe(WEB_APP_HOST);
    expect(aad.replyUrlsWithType.map((r: { url: string }) => r.url)).toEqual([
      `https://${WEB_APP_HOST}/auth-end`,
      'https://token.botframework.com/.auth/web/redirect'
    ]);
    expect(manifest.validDomains).toEqual([WEB_APP_HOST]);
  });

  it('the web app: Linux, Node 20, HTTPS only, no FTP', () => {
    const site = resource('Microsoft.Web/sites');
    expect(site.kind).toBe('app,linux');
    expect(evaluate(resource('Microsoft.Web/serverfarms').properties ?? {}, ctx)).toEqual({ reserved: true });
    expect(props('Microsoft.Web/sites', ctx)).toMatchObject({
      httpsOnly: true,
      siteConfig: { linuxFxVersion: 'NODE|20-lts', minTlsVersion: '1.2', ftpsState: 'Disabled' }
    });
    expect(JSON.parse(read('package.json')).engines.node).toBe('>=20.19');
  });

  it('every app setting is a variable src/config.ts reads (or App Service own)', () => {
    // config.ts hands its get() to the parsers it splits off (config-storage.ts: AZURE_STORAGE_*).
    const source = read('src/config.ts') + read('src/config-storage.ts');
    const read_ = new Set([...source.matchAll(/\bget\('([A-Z0-9_]+)'\)/g)].map((m) => m[1]));
    const unknown = Object.keys(props(APP_SETTINGS, ctx)).filter(
      (k) => !read_.has(k) && !PLATFORM_SETTINGS.includes(k)
    );
    expect(unknown).toEqual([]);
  });

  it('the app settings start the bot in Teams mode with the provisioned identities', () => {
    const settings = props(APP_SETTINGS, ctx) as Record<string, string>;
    const config = loadConfig(settings);
    expect(config.mode).toBe('teams');
    expect(config.bot).toEqual({
      appId: SAMPLE.BOT_ID,
      appPassword: SAMPLE.SECRET_BOT_PASSWORD,
      appType: 'SingleTenant',
      tenantId: SAMPLE.BOT_TENANT_ID
    });
    expect(config.aad).toEqual({
      clientId: SAMPLE.AAD_APP_CLIENT_ID,
      clientSecret: SAMPLE.SECRET_AAD_APP_CLIENT_SECRET,
      tenantId: SAMPLE.AAD_APP_TENANT_ID,
      authorityHost: 'https://login.microsoftonline.com'
    });
    expect(config.publicBaseUrl).toBe(`https://${WEB_APP_HOST}`);
    expect(config.allowedTenants).toEqual([TENANT]);
    // App Service keeps /home across restarts and deployments.
    expect(config.dataDir).toBe('/home/data/group-conversations');
  });

  // Passes once src/config.ts reads OAUTH_CONNECTION_NAME (config.oauthConnectionName, the card sign-in).
  it('the bot names the OAuth connection the template creates', () => {
    const config = loadConfig(props(APP_SETTINGS, ctx) as Record<string, string>);
    expect((config as unknown as { oauthConnectionName?: string }).oauthConnectionName).toBe(
      values.OAUTH_CONNECTION_NAME
    );
  });

  it('outputs what deploy and the manifests need, under the names teamsapp.yml reads', () => {
    expect(outputs(ctx)).toEqual({
      AZURE_APP_SERVICE_RESOURCE_ID: ctx.variables.webAppId,
      BOT_DOMAIN: WEB_APP_HOST,
      BOT_AZURE_BOT_RESOURCE_ID: idOf(resource(BOT), ctx)
    });
  });
});

describe('infra/azure.json: the other ways it deploys', () => {
  it('BOT_APP_TYPE=UserAssignedMSI: the identity is the bot, the web app runs as it, no password', () => {
    const ctx = deploy('dev', { env: { BOT_APP_TYPE: 'UserAssignedMSI' } });
    const identity = resource('Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(deployed(identity, ctx)).toBe(true);
    const identityId = idOf(identity, ctx);
    expect(props(BOT, ctx)).toMatchObject({
      msaAppType: 'UserAssignedMSI',
      msaAppId: IDENTITY.clientId,
      msaAppTenantId: IDENTITY.tenantId,
      msaAppMSIResourceId: identityId
    });
    expect(evaluate(resource('Microsoft.Web/sites').identity ?? null, ctx)).toEqual({
      type: 'UserAssigned',
      userAssignedIdentities: { [identityId]: {} }
    });
    const params = props(CONNECTION, ctx).parameters as { key: string; value: string }[];
    expect(params).toContainEqual({ key: 'tokenExchangeUrl', value: `api://botid-${IDENTITY.clientId}` });
    const config = loadConfig(props(APP_SETTINGS, ctx) as Record<string, string>);
    expect(config.bot).toEqual({
      appId: IDENTITY.clientId,
      appPassword: '',
      appType: 'UserAssignedMSI',
      tenantId: TENANT
    });
    // Provision writes the identity's client id to BOT_ID (the manifests' bot id).
    expect(outputs(ctx)).toMatchObject({ BOT_ID: IDENTITY.clientId, BOT_TENANT_ID: IDENTITY.tenantId });
  });

  it('SingleTenant creates no identity and the web app has none', () => {
    const ctx = deploy('dev');
    expect(deployed(resource('Microsoft.ManagedIdentity/userAssignedIdentities'), ctx)).toBe(false);
    expect(evaluate(resource('Microsoft.Web/sites').identity ?? null, ctx)).toEqual({ type: 'None' });
  });

  it('local: only the Azure Bot, pointing at the dev tunnel; no App Service', () => {
    const ctx = deploy('local');
    const hosting = ['Microsoft.Web/serverfarms', 'Microsoft.Web/sites', APP_SETTINGS].map(resource);
    expect(hosting.map((r) => deployed(r, ctx))).toEqual([false, false, false]);
    expect(props(BOT, ctx)).toMatchObject({
      msaAppType: 'SingleTenant',
      msaAppId: SAMPLE.BOT_ID,
      endpoint: `https://${SAMPLE.BOT_DOMAIN}/api/messages`
    });
    expect(Object.keys(outputs(ctx))).toEqual(['BOT_AZURE_BOT_RESOURCE_ID']);
  });
});
