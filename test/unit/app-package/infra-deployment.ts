// infra/azure.json deployed offline with the values provision passes in (the env files, the
// parameters files, sample ids for what provision writes): shared by the infra template tests.
// What reference() returns is given for every resource the template may read back; `strict`
// gives it only for the resources that deployment creates, as Azure does.
import fs from 'node:fs';
import path from 'node:path';
import { parseEnvFile } from '../../helpers/env-file';
import {
  type ArmContext,
  type ArmResource,
  type ArmTemplate,
  deployment,
  evaluate,
  idOf,
  type Json
} from './arm-template';

export const ROOT = path.resolve(__dirname, '../../..');
export const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');
export const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export const TEMPLATE = JSON.parse(read('infra/azure.json')) as ArmTemplate;
export const PARAMETER_FILES = {
  dev: 'infra/azure.parameters.json',
  local: 'infra/azure.parameters.local.json'
} as const;
export type EnvName = keyof typeof PARAMETER_FILES;

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
// What provision writes (ids, secrets) and the tunnel you set for local: fixed sample values.
export const SAMPLE: Readonly<Record<string, string>> = {
  BOT_ID: '8d3f1c2b-4a5e-4f60-9b7a-1c2d3e4f5a6b',
  SECRET_BOT_PASSWORD: 'sample-bot-secret',
  BOT_TENANT_ID: TENANT,
  AAD_APP_CLIENT_ID: '5c9e2a71-3b4d-4e8f-a1b2-c3d4e5f6a7b8',
  SECRET_AAD_APP_CLIENT_SECRET: 'sample-aad-secret',
  AAD_APP_TENANT_ID: TENANT,
  AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.com',
  BOT_DOMAIN: 'abcd1234-3978.euw.devtunnels.ms'
};
export const WEB_APP_HOST = 'gc-dev-web.azurewebsites.net';
export const IDENTITY = { clientId: '9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4', tenantId: TENANT };
/** The web app's system-assigned identity (its service principal's object id). */
export const WEB_APP_PRINCIPAL_ID = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';
/** The blob endpoint Azure reports for an account: `https://{name}.blob.core.windows.net/`. */
export const blobEndpoint = (account: string): string => `https://${account}.blob.core.windows.net/`;

export function envValues(env: EnvName): Record<string, string> {
  const values: Record<string, string> = { ...parseEnvFile(read(`env/.env.${env}`)) };
  for (const [k, v] of Object.entries(SAMPLE)) if (!values[k]) values[k] = v;
  return values;
}

/** The parameters file with ${{VAR}} filled like the toolkit does; a missing value fails. */
export function filledParameters(env: EnvName, overrides: Record<string, string> = {}): Record<string, Json> {
  const values = { ...envValues(env), ...overrides };
  const text = read(PARAMETER_FILES[env]).replace(PLACEHOLDER, (_m, name: string) => {
    if (!values[name]) throw new Error(`${PARAMETER_FILES[env]} uses \${{${name}}}, which has no value`);
    return values[name];
  });
  const file = JSON.parse(text) as { parameters: Record<string, { value: Json }> };
  return Object.fromEntries(Object.entries(file.parameters).map(([k, v]) => [k, v.value]));
}

export const deployed = (r: ArmResource, ctx: ArmContext): boolean =>
  r.condition === undefined || evaluate(r.condition, ctx) === true;

interface DeployOptions {
  /** Env values replaced (BOT_APP_TYPE, …) before the parameters file is filled. */
  env?: Record<string, string>;
  /** Template parameters no parameters file passes (instanceCount). */
  parameters?: Record<string, Json>;
  /** reference() only to the resources this deployment creates: an unguarded one throws. */
  strict?: boolean;
}

export function deploy(env: EnvName, options: DeployOptions = {}): ArmContext {
  const given = { ...filledParameters(env, options.env), ...options.parameters };
  const made = (ctx: ArmContext): Set<string> =>
    new Set(TEMPLATE.resources.filter((r) => !options.strict || deployed(r, ctx)).map((r) => idOf(r, ctx)));
  const only = (ctx: ArmContext, refs: Record<string, Record<string, Json>>): Record<string, Record<string, Json>> =>
    Object.fromEntries(Object.entries(refs).filter(([id]) => made(ctx).has(id)));
  return deployment(
    TEMPLATE,
    given,
    (ctx) =>
      only(ctx, {
        [String(ctx.variables.webAppId)]: { defaultHostName: WEB_APP_HOST },
        [String(ctx.variables.identityId)]: IDENTITY,
        [String(ctx.variables.storageId)]: {
          primaryEndpoints: { blob: blobEndpoint(String(ctx.variables.storageAccountName)) }
        }
      }),
    (ctx) =>
      only(ctx, {
        [String(ctx.variables.webAppId)]: {
          identity: webAppIdentity(ctx),
          properties: { defaultHostName: WEB_APP_HOST }
        }
      })
  );
}

/** The web app's identity as Azure reports it: a principal id only when it has a system-assigned one. */
function webAppIdentity(ctx: ArmContext): Json {
  const site = TEMPLATE.resources.find((r) => r.type === 'Microsoft.Web/sites') as ArmResource;
  const identity = evaluate(site.identity ?? null, ctx) as { type: string } & Record<string, Json>;
  if (!identity.type.includes('SystemAssigned')) return identity;
  return { ...identity, principalId: WEB_APP_PRINCIPAL_ID, tenantId: TENANT };
}

/** The one resource of `type` in the template. */
export const resource = (type: string): ArmResource => {
  const found = TEMPLATE.resources.filter((r) => r.type === type);
  expect(found).toHaveLength(1);
  return found[0];
};
export const props = (type: string, ctx: ArmContext): Record<string, Json> =>
  evaluate(resource(type).properties ?? {}, ctx) as Record<string, Json>;
/** The outputs provision writes (upper-case names), those whose condition holds. */
export const outputs = (ctx: ArmContext): Record<string, Json> =>
  Object.fromEntries(
    Object.entries(TEMPLATE.outputs)
      .filter(([, o]) => o.condition === undefined || evaluate(o.condition, ctx) === true)
      .map(([k, o]) => [k.toUpperCase(), evaluate(o.value, ctx)])
  );
/** dependsOn of `r`, evaluated to resource ids. */
export const dependsOn = (r: ArmResource, ctx: ArmContext): string[] =>
  (r.dependsOn ?? []).map((d) => String(evaluate(d, ctx)));

export const APP_SETTINGS = 'Microsoft.Web/sites/config';
export const BOT = 'Microsoft.BotService/botServices';
export const CONNECTION = 'Microsoft.BotService/botServices/connections';
export const STORAGE = 'Microsoft.Storage/storageAccounts';
export const BLOB_SERVICE = 'Microsoft.Storage/storageAccounts/blobServices';
export const CONTAINER = 'Microsoft.Storage/storageAccounts/blobServices/containers';
export const LIFECYCLE = 'Microsoft.Storage/storageAccounts/managementPolicies';
export const ROLE_ASSIGNMENT = 'Microsoft.Authorization/roleAssignments';
