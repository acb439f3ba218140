// infra/azure.json with instanceCount: one instance keeps its state in SQLite under /home and
// nothing new is made; several share it in a storage account the template makes, reached with the
// web app's own managed identity (no account key anywhere), and the app settings it writes load
// in src/config.ts as the Blob storage setting. Read offline (./infra-deployment.ts).
import { loadConfig } from '../../../src/config';
import { CODE_TTL_MS } from '../../../src/auth/verification-codes';
import { DRAFT_RETENTION_MS } from '../../../src/storage/draft-ledger';
import { KEPT_DRAFT_TTL_MS } from '../../../src/storage/kept-draft-store';
import { PAGE_CURSOR_TTL_MS } from '../../../src/storage/page-cursor-store';
import { RECENT_GROUPS_TTL_MS } from '../../../src/storage/recent-groups';
import { EXCHANGE_CLAIM_MS } from '../../../src/teams/app/token-exchange-once';
import { NOTIFICATION_DEDUPE_TTL_MS } from '../../../src/storage/notification-queue';
import { TOKEN_VAULT_IDLE_MS } from '../../../src/storage/token-vault';
import { type ArmContext, evaluate, idOf, type Json } from './arm-template';
import {
  APP_SETTINGS,
  BLOB_SERVICE,
  blobEndpoint,
  CONTAINER,
  dependsOn,
  deploy,
  deployed,
  type EnvName,
  IDENTITY,
  LIFECYCLE,
  outputs,
  props,
  ROLE_ASSIGNMENT,
  resource,
  STORAGE,
  TEMPLATE,
  WEB_APP_PRINCIPAL_ID
} from './infra-deployment';

const SITE = 'Microsoft.Web/sites';
const SHARED = [STORAGE, BLOB_SERVICE, CONTAINER, LIFECYCLE, ROLE_ASSIGNMENT];
const STORAGE_SETTINGS = ['AZURE_STORAGE_ACCOUNT_URL', 'AZURE_STORAGE_CONTAINER', 'AZURE_STORAGE_CONNECTION_STRING'];
const DAY_MS = 24 * 60 * 60_000;
// Azure's built-in role: read, write and delete blobs and containers (data plane), nothing else.
const BLOB_DATA_CONTRIBUTOR = 'Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe';

const settings = (ctx: ArmContext): Record<string, string> => props(APP_SETTINGS, ctx) as Record<string, string>;
const identity = (ctx: ArmContext): Json => evaluate(resource(SITE).identity ?? null, ctx);
const accountName = (ctx: ArmContext): string => String(evaluate(resource(STORAGE).name, ctx));

describe('infra/azure.json: the instanceCount parameter', () => {
  it('an int from 1 to 10, 1 by default; the parameters files leave it at that', () => {
    expect(TEMPLATE.parameters.instanceCount).toMatchObject({
      type: 'int',
      defaultValue: 1,
      minValue: 1,
      maxValue: 10
    });
    // Azure refuses a value out of range before it creates anything (as the evaluator does).
    expect(() => deploy('dev', { parameters: { instanceCount: 0 } })).toThrow('below 1');
    expect(() => deploy('dev', { parameters: { instanceCount: 11 } })).toThrow('above 10');
    expect(deploy('dev').parameters.instanceCount).toBe(1);
    expect(deploy('local').parameters.instanceCount).toBe(1);
  });

  it.each([1, 3, 10])('is the App Service plan capacity (%i)', (instanceCount) => {
    const ctx = deploy('dev', { parameters: { instanceCount } });
    expect(evaluate(resource('Microsoft.Web/serverfarms').sku ?? null, ctx)).toEqual({
      name: 'B1',
      capacity: instanceCount
    });
  });
});

describe('infra/azure.json: one instance (the default)', () => {
  it.each(['SingleTenant', 'UserAssignedMSI'])('%s: no storage account, role or identity of its own', (botAppType) => {
    const ctx = deploy('dev', { env: { BOT_APP_TYPE: botAppType } });
    expect(SHARED.map((t) => [t, deployed(resource(t), ctx)])).toEqual(SHARED.map((t) => [t, false]));
    expect(identity(ctx)).toMatchObject({ type: botAppType === 'SingleTenant' ? 'None' : 'UserAssigned' });
  });

  it('no storage setting has a value: the bot keeps SQLite under DATA_DIR', () => {
    const ctx = deploy('dev');
    const values = settings(ctx);
    expect(STORAGE_SETTINGS.map((k) => values[k] ?? '')).toEqual(['', '', '']);
    const config = loadConfig(values);
    expect(config.storage).toEqual({ kind: 'sqlite' });
    expect(config.dataDir).toBe('/home/data/group-conversations');
  });

  it('local (no App Service): nothing to share whatever instanceCount says', () => {
    const ctx = deploy('local', { parameters: { instanceCount: 3 } });
    expect(SHARED.map((t) => deployed(resource(t), ctx))).toEqual(SHARED.map(() => false));
  });
});

describe('infra/azure.json: three instances share their state on Blob Storage', () => {
  const ctx = deploy('dev', { parameters: { instanceCount: 3 } });
  const storageId = idOf(resource(STORAGE), ctx);

  it('every shared resource is deployed', () => {
    expect(SHARED.map((t) => [t, deployed(resource(t), ctx)])).toEqual(SHARED.map((t) => [t, true]));
  });

  it('the account: StorageV2, LRS, TLS 1.2, HTTPS only, nothing public, no shared keys', () => {
    // Storage account names: 3-24 lower-case letters and digits, unique in Azure (the suffix).
    expect(accountName(ctx)).toMatch(/^gcstate[a-z0-9]+$/);
    expect(accountName(ctx).length).toBeLessThanOrEqual(24);
    expect(resource(STORAGE)).toMatchObject({ kind: 'StorageV2', sku: { name: 'Standard_LRS' } });
    expect(props(STORAGE, ctx)).toMatchObject({
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false
    });
  });

  it('the container group-conversations, private', () => {
    expect(String(evaluate(resource(CONTAINER).name, ctx))).toBe(`${accountName(ctx)}/default/group-conversations`);
    expect(props(CONTAINER, ctx)).toEqual({ publicAccess: 'None' });
  });

  it('the lifecycle rule deletes each store’s blobs only after the bot treats them as expired', () => {
    expect(String(evaluate(resource(LIFECYCLE).name, ctx))).toBe(`${accountName(ctx)}/default`);
    type Rule = { name: string; enabled: boolean; type: string; definition: Record<string, Record<string, Json>> };
    const rules = (props(LIFECYCLE, ctx).policy as { rules: Rule[] }).rules;
    const days: Record<string, number> = {};
    for (const rule of rules) {
      // Rule names: letters and digits, unique; up to 10 prefixes a rule; only block blobs exist here.
      expect(rule).toMatchObject({ name: expect.stringMatching(/^[A-Za-z0-9]+$/), enabled: true, type: 'Lifecycle' });
      const { blobTypes, prefixMatch } = rule.definition.filters as { blobTypes: string[]; prefixMatch: string[] };
      expect(blobTypes).toEqual(['blockBlob']);
      expect(prefixMatch.length).toBeLessThanOrEqual(10);
      expect(rule.definition.actions).toEqual({
        baseBlob: { delete: { daysAfterModificationGreaterThan: expect.any(Number) } }
      });
      const after = (rule.definition.actions.baseBlob as { delete: { daysAfterModificationGreaterThan: number } })
        .delete.daysAfterModificationGreaterThan;
      for (const prefix of prefixMatch) days[prefix] = after;
    }
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
    // Prefixes start with the container's name (the one AZURE_STORAGE_CONTAINER names).
    const c = 'group-conversations';
    expect(days).toEqual({
      [`${c}/drafts/`]: 31,
      [`${c}/recent-groups/`]: 181,
      [`${c}/cursors/`]: 2,
      [`${c}/forms/`]: 2,
      [`${c}/kept-drafts/`]: 2,
      [`${c}/own-views/`]: 2,
      [`${c}/sign-in-nonces/`]: 2,
      [`${c}/sign-in-codes/`]: 2,
      [`${c}/token-exchanges/`]: 2,
      [`${c}/teams-ai-state-`]: 2,
      [`${c}/notification-keys/`]: 2,
      [`${c}/token-vault/`]: 91
    });
    // A blob is last modified no earlier than the record's start, so each rule waits longer than the
    // store's lifetime (the defaults; FORM_TTL_HOURS and OWN_VIEW_TTL_HOURS above 48 are cut to 2 days).
    const memory = loadConfig({}).memory;
    const lifetimes: Record<string, number> = {
      drafts: DRAFT_RETENTION_MS,
      'recent-groups': RECENT_GROUPS_TTL_MS,
      cursors: PAGE_CURSOR_TTL_MS,
      forms: memory.formTtlMs,
      'kept-drafts': KEPT_DRAFT_TTL_MS,
      'own-views': memory.ownViewTtlMs,
      'sign-in-codes': CODE_TTL_MS,
      'token-exchanges': EXCHANGE_CLAIM_MS,
      'notification-keys': NOTIFICATION_DEDUPE_TTL_MS,
      'token-vault': TOKEN_VAULT_IDLE_MS
    };
    for (const [store, ms] of Object.entries(lifetimes))
      expect({ store, longer: days[`${c}/${store}/`] * DAY_MS > ms }).toEqual({ store, longer: true });
  });

  it('the web app gets a system-assigned identity, Storage Blob Data Contributor on the account', () => {
    expect(identity(ctx)).toEqual({ type: 'SystemAssigned' });
    const role = resource(ROLE_ASSIGNMENT);
    expect(evaluate(role.scope ?? null, ctx)).toBe(`Microsoft.Storage/storageAccounts/${accountName(ctx)}`);
    expect(String(evaluate(role.name, ctx))).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
    expect(props(ROLE_ASSIGNMENT, ctx)).toEqual({
      roleDefinitionId: `/subscriptions/${ctx.subscriptionId}/providers/${BLOB_DATA_CONTRIBUTOR}`,
      principalId: WEB_APP_PRINCIPAL_ID,
      principalType: 'ServicePrincipal'
    });
  });

  it('UserAssignedMSI: the bot identity stays on the web app next to the system-assigned one', () => {
    const msi = deploy('dev', { env: { BOT_APP_TYPE: 'UserAssignedMSI' }, parameters: { instanceCount: 3 } });
    const identityId = String(msi.variables.identityId);
    expect(identity(msi)).toEqual({
      type: 'SystemAssigned, UserAssigned',
      userAssignedIdentities: { [identityId]: {} }
    });
    const config = loadConfig(settings(msi));
    expect(config.bot).toMatchObject({ appId: IDENTITY.clientId, appType: 'UserAssignedMSI' });
    expect(config.storage).toEqual({
      kind: 'blob',
      accountUrl: blobEndpoint(accountName(msi)),
      container: 'group-conversations'
    });
  });

  it('the app settings load in src/config.ts as Blob with the account URL (managed identity, no key)', () => {
    const values = settings(ctx);
    expect(values.AZURE_STORAGE_CONNECTION_STRING).toBeUndefined();
    const config = loadConfig(values);
    expect(config.storage).toEqual({
      kind: 'blob',
      accountUrl: blobEndpoint(accountName(ctx)),
      container: 'group-conversations'
    });
    // /home is one network share mounted on every instance: SQLite's WAL there would be one file
    // written from several machines. What stays in SQLite on Blob is per instance: in memory.
    expect(config.dataDir).toBeNull();
    expect(outputs(ctx)).not.toHaveProperty('AZURE_STORAGE_ACCOUNT_URL');
  });

  it('dependsOn: account → blob service → container; policy and role after the account; settings last', () => {
    const id = (type: string): string => idOf(resource(type), ctx);
    expect(dependsOn(resource(BLOB_SERVICE), ctx)).toEqual([storageId]);
    expect(dependsOn(resource(CONTAINER), ctx)).toEqual([id(BLOB_SERVICE)]);
    expect(dependsOn(resource(LIFECYCLE), ctx)).toEqual([storageId]);
    // The role needs the web app's principal, made with the web app.
    expect(dependsOn(resource(ROLE_ASSIGNMENT), ctx).sort()).toEqual([storageId, id(SITE)].sort());
    // The settings restart the bot on Blob: the container and its access are there by then.
    expect(dependsOn(resource(APP_SETTINGS), ctx)).toEqual(
      expect.arrayContaining([id(CONTAINER), id(ROLE_ASSIGNMENT)])
    );
  });
});

describe('infra/azure.json: reference() only to what the deployment makes', () => {
  // Azure evaluates reference() in a resource's properties even when its condition is false, so
  // each one must sit behind an if() on the same condition; here an unguarded one throws.
  const VARIANTS: [EnvName, string, number][] = [
    ['dev', 'SingleTenant', 1],
    ['dev', 'SingleTenant', 3],
    ['dev', 'UserAssignedMSI', 1],
    ['dev', 'UserAssignedMSI', 3],
    ['local', 'SingleTenant', 1],
    ['local', 'SingleTenant', 3]
  ];

  it.each(VARIANTS)('%s, %s, %i instance(s)', (env, botAppType, instanceCount) => {
    // (local's parameters file names SingleTenant itself.)
    const ctx = deploy(env, { env: { BOT_APP_TYPE: botAppType }, parameters: { instanceCount }, strict: true });
    // Everything but the condition, which decides whether the resource is made at all.
    for (const { condition: _condition, ...rest } of TEMPLATE.resources) evaluate(rest as Json, ctx);
    outputs(ctx);
  });
});
