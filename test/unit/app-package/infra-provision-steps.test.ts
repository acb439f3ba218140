// teamsapp.yml and teamsapp.local.yml provision and deploy with infra/azure.json: arm/deploy runs
// it with its parameters file after the Entra apps exist, and deploy zip-deploys to the web app it
// made. Nothing is asked to be created by hand.
import YAML from 'yaml';
import { parseEnvFile } from '../../helpers/env-file';
import { PARAMETER_FILES, read, TEMPLATE } from './infra-deployment';

describe('teamsapp.yml and teamsapp.local.yml deploy this template', () => {
  interface Step {
    uses: string;
    with?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    writeToEnvironmentFile?: Record<string, string>;
  }
  const PROJECTS = [
    { file: 'teamsapp.yml', env: 'dev' as const },
    { file: 'teamsapp.local.yml', env: 'local' as const }
  ];

  it.each(PROJECTS)(
    '$file: arm/deploy runs infra/azure.json with its parameters, after both Entra apps',
    ({ file, env }) => {
      const doc = YAML.parse(read(file)) as { provision: Step[]; deploy: Step[] };
      const uses = doc.provision.map((s) => s.uses);
      expect(uses).not.toContain('botFramework/create');
      expect(uses).not.toContain('botAadApp/create');
      const arm = doc.provision.filter((s) => s.uses === 'arm/deploy');
      expect(arm).toHaveLength(1);
      expect(arm[0].with).toMatchObject({
        subscriptionId: '${{AZURE_SUBSCRIPTION_ID}}',
        resourceGroupName: '${{AZURE_RESOURCE_GROUP_NAME}}',
        templates: [{ path: './infra/azure.json', parameters: `./${PARAMETER_FILES[env]}` }]
      });
      expect(arm[0].with?.templates[0].deploymentName).toMatch(/\S/);
      // The bot identity: single-tenant, with the service principal it needs to get tokens, its tenant written.
      const botApp = doc.provision.find(
        (s) => s.uses === 'aadApp/create' && s.writeToEnvironmentFile?.clientId === 'BOT_ID'
      );
      expect(botApp?.with).toMatchObject({ signInAudience: 'AzureADMyOrg', generateServicePrincipal: true });
      expect(botApp?.writeToEnvironmentFile).toMatchObject({
        clientSecret: 'SECRET_BOT_PASSWORD',
        tenantId: 'BOT_TENANT_ID'
      });
      const armAt = uses.indexOf('arm/deploy');
      expect(uses.indexOf('aadApp/create')).toBeLessThan(armAt);
      expect(doc.provision.indexOf(botApp as Step)).toBeLessThan(armAt);
      // aadApp/update needs BOT_DOMAIN, which dev's arm/deploy writes.
      expect(armAt).toBeLessThan(uses.indexOf('aadApp/update'));
    }
  );

  it('dev deploy zip-deploys to the web app the template made', () => {
    const doc = YAML.parse(read('teamsapp.yml')) as { deploy: Step[] };
    const zip = doc.deploy.find((s) => s.uses === 'azureAppService/zipDeploy');
    expect(zip?.with?.resourceId).toBe('${{AZURE_APP_SERVICE_RESOURCE_ID}}');
    expect(Object.keys(TEMPLATE.outputs)).toContain('AZURE_APP_SERVICE_RESOURCE_ID');
  });

  it('no hand-made Azure resources are asked for any more', () => {
    for (const f of ['env/.env.dev', 'env/.env.local', 'teamsapp.yml', 'teamsapp.local.yml', 'README.md']) {
      expect({ f, mentions: read(f).includes('BOT_AZURE_APP_SERVICE_RESOURCE_ID') }).toEqual({ f, mentions: false });
    }
    expect(parseEnvFile(read('env/.env.dev')).BOT_APP_TYPE).toBe('SingleTenant');
  });
});
