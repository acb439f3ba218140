// Every ${{VAR}} the toolkit files use (teamsapp.yml, teamsapp.local.yml and the manifests their
// steps read) must have a value by the time its step runs: either an earlier step writes it
// (writeToEnvironmentFile, or an action's documented own output) or the environment's templates
// declare it (env/.env.{env}, env/.env.{env}.user.sample). Secrets only ever as SECRET_*, only in
// the gitignored .user files.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadConfig } from '../../../src/config';
import { parseEnvFile } from '../../helpers/env-file';

const ROOT = path.resolve(__dirname, '../../..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const LIFECYCLES = ['provision', 'deploy', 'publish'] as const;

// Outputs some actions write without a writeToEnvironmentFile entry (Agents Toolkit action docs).
// aadApp/update generates AAD_APP_ACCESS_AS_USER_PERMISSION_ID itself when it is empty, before it
// fills the manifest, so that one is available to the step that produces it.
const OWN_OUTPUTS: Record<string, { vars: string[]; availableToItself: boolean }> = {
  'aadApp/update': { vars: ['AAD_APP_ACCESS_AS_USER_PERMISSION_ID'], availableToItself: true },
  'teamsApp/create': { vars: ['TEAMS_APP_TENANT_ID'], availableToItself: false },
  'teamsApp/update': { vars: ['TEAMS_APP_TENANT_ID', 'TEAMS_APP_UPDATE_TIME'], availableToItself: false }
};
// Steps whose `with.manifestPath` file is filled with the environment before use.
const READS_MANIFEST = new Set(['aadApp/update', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage']);

interface ArmTemplateRef {
  path: string;
  parameters?: string;
}

/** arm/deploy fills each parameters file with the environment; its templates' outputs become variables. */
function armFiles(step: Step, readFile: (rel: string) => string): { parameterFiles: string[]; outputs: string[] } {
  if (step.uses !== 'arm/deploy') return { parameterFiles: [], outputs: [] };
  const templates = (step.with?.templates ?? []) as ArmTemplateRef[];
  return {
    parameterFiles: templates.flatMap((t) => (t.parameters ? [t.parameters] : [])),
    // The toolkit writes each output under its name in upper case. An output with a condition may
    // not be written (infra-template.test.ts checks those per environment).
    outputs: templates.flatMap((t) =>
      Object.entries(
        (JSON.parse(readFile(t.path)) as { outputs?: Record<string, { condition?: string }> }).outputs ?? {}
      )
        .filter(([, o]) => o.condition === undefined)
        .map(([name]) => name.toUpperCase())
    )
  };
}

interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];

function steps(doc: Record<string, unknown>): Step[] {
  return LIFECYCLES.flatMap((l) => (Array.isArray(doc[l]) ? (doc[l] as Step[]) : []));
}

/**
 * Problems with the variables one toolkit project file uses, for an environment whose templates
 * declare `declared`. `readFile` reads files the steps name (manifests), relative to the project.
 */
function checkEnvironment(ymlText: string, declared: ReadonlySet<string>, readFile: (rel: string) => string): string[] {
  const doc = YAML.parse(ymlText) as Record<string, unknown>;
  const all = steps(doc);
  const producedAt = new Map<string, { index: number; availableToItself: boolean }>();
  all.forEach((step, index) => {
    const outs = [
      ...Object.values(step.writeToEnvironmentFile ?? {}).map((v) => ({ v, self: false })),
      ...armFiles(step, readFile).outputs.map((v) => ({ v, self: false })),
      ...(OWN_OUTPUTS[step.uses]?.vars ?? []).map((v) => ({ v, self: OWN_OUTPUTS[step.uses].availableToItself }))
    ];
    for (const { v, self } of outs) if (!producedAt.has(v)) producedAt.set(v, { index, availableToItself: self });
  });

  const problems: string[] = [];
  all.forEach((step, index) => {
    const where = `step ${index + 1} (${step.uses})`;
    const used = new Map<string, string>();
    for (const v of placeholders(JSON.stringify(step.with ?? {}))) used.set(v, where);
    const manifestPath = step.with?.manifestPath;
    if (READS_MANIFEST.has(step.uses) && typeof manifestPath === 'string') {
      for (const v of placeholders(readFile(manifestPath)))
        if (!used.has(v)) used.set(v, `${manifestPath} in ${where}`);
    }
    for (const file of armFiles(step, readFile).parameterFiles) {
      for (const v of placeholders(readFile(file))) if (!used.has(v)) used.set(v, `${file} in ${where}`);
    }
    for (const [v, at] of used) {
      const produced = producedAt.get(v);
      if (produced) {
        const inTime = produced.index < index || (produced.index === index && produced.availableToItself);
        if (!inTime)
          problems.push(
            `${v} is used by ${at} before step ${produced.index + 1} (${all[produced.index].uses}) writes it`
          );
      } else if (!declared.has(v)) {
        problems.push(`${v} is used by ${at} but no env template declares it and no earlier step writes it`);
      }
    }
  });
  return problems;
}

function declaredFor(envName: string): Set<string> {
  return new Set([
    ...Object.keys(parseEnvFile(read(`env/.env.${envName}`))),
    ...Object.keys(parseEnvFile(read(`env/.env.${envName}.user.sample`)))
  ]);
}

const PROJECTS = [
  { file: 'teamsapp.yml', env: 'dev' },
  { file: 'teamsapp.local.yml', env: 'local' }
] as const;

describe('toolkit environment variables', () => {
  it.each(PROJECTS)('$file: every ${{VAR}} has a value by the time its step runs ($env)', ({ file, env }) => {
    expect(checkEnvironment(read(file), declaredFor(env), read)).toEqual([]);
  });

  it('the checker reads the manifests too: every placeholder in them is covered', () => {
    const used = new Set([
      ...placeholders(read('appPackage/manifest.json')),
      ...placeholders(read('aad.manifest.json'))
    ]);
    expect([...used].sort()).toEqual(
      [
        'AAD_APP_ACCESS_AS_USER_PERMISSION_ID',
        'AAD_APP_CLIENT_ID',
        'AAD_APP_OBJECT_ID',
        'APP_NAME_SUFFIX',
        'BOT_DOMAIN',
        'BOT_ID',
        'TEAMSFX_ENV',
        'TEAMS_APP_ID'
      ].sort()
    );
    for (const { file } of PROJECTS) {
      const doc = YAML.parse(read(file)) as Record<string, unknown>;
      const manifestsRead = steps(doc)
        .filter((s) => READS_MANIFEST.has(s.uses))
        .map((s) => s.with?.manifestPath);
      expect(new Set(manifestsRead)).toEqual(new Set(['./aad.manifest.json', './appPackage/manifest.json']));
    }
  });

  describe('the checker itself', () => {
    const files: Record<string, string> = { './m.json': '{"id": "${{APP_ID}}", "bot": "${{BOT_ID}}"}' };
    const readFile = (rel: string): string => files[rel];
    const declared = new Set(['TEAMSFX_ENV', 'APP_ID', 'BOT_ID']);

    it('passes a file whose variables are all declared or written earlier', () => {
      const yml = `
provision:
  - uses: botAadApp/create
    with: { name: "bot-\${{TEAMSFX_ENV}}" }
    writeToEnvironmentFile: { botId: BOT_ID, botPassword: SECRET_BOT_PASSWORD }
  - uses: teamsApp/validateManifest
    with: { manifestPath: ./m.json }
deploy:
  - uses: file/createOrUpdateEnvironmentFile
    with: { target: ./.localConfigs, envs: { BOT_PASSWORD: "\${{SECRET_BOT_PASSWORD}}" } }
`;
      expect(checkEnvironment(yml, declared, readFile)).toEqual([]);
    });

    it('fails for an undefined variable, in the file or in a manifest a step reads', () => {
      const yml = `
provision:
  - uses: botFramework/create
    with: { botId: "\${{BOT_ID}}", messagingEndpoint: "https://\${{BOT_DOMIAN}}/api/messages" }
  - uses: teamsApp/zipAppPackage
    with: { manifestPath: ./m.json }
`;
      expect(checkEnvironment(yml, new Set(['BOT_ID']), readFile)).toEqual([
        'BOT_DOMIAN is used by step 1 (botFramework/create) ' +
          'but no env template declares it and no earlier step writes it',
        'APP_ID is used by ./m.json in step 2 (teamsApp/zipAppPackage) ' +
          'but no env template declares it and no earlier step writes it'
      ]);
    });

    it('fails for a variable used before the step that writes it', () => {
      const yml = `
provision:
  - uses: botFramework/create
    with: { botId: "\${{BOT_ID}}" }
  - uses: botAadApp/create
    with: { name: bot }
    writeToEnvironmentFile: { botId: BOT_ID, botPassword: SECRET_BOT_PASSWORD }
`;
      expect(checkEnvironment(yml, declared, readFile)).toEqual([
        'BOT_ID is used by step 1 (botFramework/create) before step 2 (botAadApp/create) writes it'
      ]);
    });

    it('reads arm/deploy parameters files, and counts the template outputs as written by that step', () => {
      files['./t.json'] = '{"outputs": {"webAppHost": {"type": "string", "value": "x"}}}';
      files['./p.json'] = '{"parameters": {"a": {"value": "${{APP_ID}}"}, "b": {"value": "${{NOPE}}"}}}';
      const yml = `
provision:
  - uses: arm/deploy
    with:
      subscriptionId: x
      resourceGroupName: y
      templates: [{ path: ./t.json, parameters: ./p.json, deploymentName: d }]
  - uses: aadApp/update
    with: { manifestPath: ./m.json, outputFilePath: ./o.json, extra: "\${{WEBAPPHOST}}" }
`;
      expect(checkEnvironment(yml, declared, readFile)).toEqual([
        'NOPE is used by ./p.json in step 1 (arm/deploy) but no env template declares it and no earlier step writes it'
      ]);
    });
  });
});

describe('env templates and secrets', () => {
  const ENVS = ['dev', 'local'];

  it.each(ENVS)('env/.env.%s has no secrets; its .user.sample holds only blank SECRET_* entries', (env) => {
    const plain = parseEnvFile(read(`env/.env.${env}`));
    expect(Object.keys(plain).filter((k) => k.startsWith('SECRET_') || /PASSWORD|CLIENT_SECRET/.test(k))).toEqual([]);
    expect(plain.TEAMSFX_ENV).toBe(env);
    const sample = parseEnvFile(read(`env/.env.${env}.user.sample`));
    expect(Object.keys(sample).sort()).toEqual(['SECRET_AAD_APP_CLIENT_SECRET', 'SECRET_BOT_PASSWORD']);
    expect(Object.values(sample)).toEqual(['', '']);
  });

  it.each(PROJECTS)('$file writes every generated secret to a SECRET_* variable', ({ file }) => {
    const all = steps(YAML.parse(read(file)) as Record<string, unknown>);
    const secretOutputs = all.flatMap((s) =>
      Object.entries(s.writeToEnvironmentFile ?? {})
        .filter(([key]) => /secret|password/i.test(key))
        .map(([, v]) => v)
    );
    expect(secretOutputs.sort()).toEqual(['SECRET_AAD_APP_CLIENT_SECRET', 'SECRET_BOT_PASSWORD']);
  });

  it('the real .user files, .localConfigs and built packages stay out of git', () => {
    const ignored = read('.gitignore')
      .split(/\r?\n/)
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['env/.env.*.user', '.localConfigs', 'appPackage/build/']));
  });

  // What src/config.ts needs for Teams mode (BOT_ID, BOT_PASSWORD, AAD_APP_*, BOT_DOMAIN), in the
  // names it reads, with the secrets taken from SECRET_* variables. Dev's App Service settings come
  // from infra/azure.json (infra-template.test.ts).
  const RUNTIME = {
    MODE: 'teams',
    BOT_ID: '${{BOT_ID}}',
    BOT_PASSWORD: '${{SECRET_BOT_PASSWORD}}',
    BOT_APP_TYPE: 'SingleTenant',
    BOT_TENANT_ID: '${{BOT_TENANT_ID}}',
    OAUTH_CONNECTION_NAME: '${{OAUTH_CONNECTION_NAME}}',
    AAD_APP_CLIENT_ID: '${{AAD_APP_CLIENT_ID}}',
    AAD_APP_CLIENT_SECRET: '${{SECRET_AAD_APP_CLIENT_SECRET}}',
    AAD_APP_TENANT_ID: '${{AAD_APP_TENANT_ID}}',
    AAD_APP_OAUTH_AUTHORITY_HOST: '${{AAD_APP_OAUTH_AUTHORITY_HOST}}',
    BOT_DOMAIN: '${{BOT_DOMAIN}}',
    ALLOWED_TENANTS: '${{AAD_APP_TENANT_ID}}'
  };

  it('local deploy writes the bot runtime environment to ./.localConfigs', () => {
    const all = steps(YAML.parse(read('teamsapp.local.yml')) as Record<string, unknown>);
    const step = all.find((s) => s.uses === 'file/createOrUpdateEnvironmentFile');
    expect(step?.with?.target).toBe('./.localConfigs');
    expect(step?.with?.envs).toMatchObject(RUNTIME);
  });

  it('dev deploy builds, then zip-deploys without secrets to the web app provision created', () => {
    const all = steps(YAML.parse(read('teamsapp.yml')) as Record<string, unknown>);
    expect(all.some((s) => s.uses === 'file/createOrUpdateJsonFile')).toBe(false);
    const zip = all.find((s) => s.uses === 'azureAppService/zipDeploy');
    expect(zip?.with).toMatchObject({
      artifactFolder: '.',
      ignoreFile: './.gitignore',
      resourceId: '${{AZURE_APP_SERVICE_RESOURCE_ID}}'
    });
    const doc = YAML.parse(read('teamsapp.yml')) as Record<string, Step[]>;
    expect(doc.deploy.map((s) => s.uses)).toEqual([
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'azureAppService/zipDeploy'
    ]);
  });

  it.each([{ file: 'teamsapp.local.yml', uses: 'file/createOrUpdateEnvironmentFile', key: 'envs' }])(
    '$file: the runtime settings it writes start the bot in Teams mode (src/config.ts)',
    ({ file, uses, key }) => {
      const step = steps(YAML.parse(read(file)) as Record<string, unknown>).find((s) => s.uses === uses);
      const template = (step?.with?.[key] ?? {}) as Record<string, unknown>;
      const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
      const values: Record<string, string> = {
        BOT_ID: '8d3f1c2b-4a5e-4f60-9b7a-1c2d3e4f5a6b',
        SECRET_BOT_PASSWORD: 'bot-secret',
        BOT_TENANT_ID: tenant,
        OAUTH_CONNECTION_NAME: 'graph',
        AAD_APP_CLIENT_ID: '5c9e2a71-3b4d-4e8f-a1b2-c3d4e5f6a7b8',
        SECRET_AAD_APP_CLIENT_SECRET: 'aad-secret',
        AAD_APP_TENANT_ID: tenant,
        AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.com',
        BOT_DOMAIN: 'gcbot-dev.azurewebsites.net'
      };
      const env = Object.fromEntries(
        Object.entries(template).map(([k, v]) => [
          k,
          String(v).replace(PLACEHOLDER, (_m, name: string) => values[name] ?? `<unset ${name}>`)
        ])
      );
      expect(Object.values(env).join(' ')).not.toContain('<unset');
      const config = loadConfig(env);
      expect(config.mode).toBe('teams');
      expect(config.bot).toEqual({
        appId: values.BOT_ID,
        appPassword: 'bot-secret',
        appType: 'SingleTenant',
        tenantId: tenant
      });
      expect(config.aad).toMatchObject({
        clientId: values.AAD_APP_CLIENT_ID,
        clientSecret: 'aad-secret',
        tenantId: tenant
      });
      expect(config.publicBaseUrl).toBe('https://gcbot-dev.azurewebsites.net');
      expect(config.oauthConnectionName).toBe('graph');
      expect(config.allowedTenants).toEqual([tenant]);
    }
  );

  it.each(PROJECTS)('$file provisions with the expected actions, in order', ({ file }) => {
    const doc = YAML.parse(read(file)) as Record<string, Step[]>;
    expect(doc.provision.map((s) => s.uses)).toEqual([
      'aadApp/create',
      'teamsApp/create',
      'aadApp/create',
      'arm/deploy',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update'
    ]);
    const aadCreate = doc.provision[0];
    expect(aadCreate.with).toMatchObject({ generateClientSecret: true, signInAudience: 'AzureADMyOrg' });
    // aadApp/update renames the app to aad.manifest.json's name: keep the two equal.
    expect(aadCreate.with?.name).toBe(JSON.parse(read('aad.manifest.json')).name);
    expect(doc.provision.find((s) => s.uses === 'aadApp/update')?.with?.manifestPath).toBe('./aad.manifest.json');
  });
});
