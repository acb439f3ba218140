// Every installed package runs on the oldest Node this project says it supports (package.json
// `engines`, Node 20 on App Service: infra/azure.json's NODE|20-lts). Azure SDK releases moved to
// Node 22 (@azure/storage-blob 12.33+, @azure/identity 4.14+, azurite 3.36+): npm only warns
// about that, and the bot would then start on Node 20 with libraries that no longer promise to
// work there. Read from package-lock.json, so an upgrade that crosses the line fails here.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const ROOT = path.resolve(__dirname, '../../..');
const read = (rel: string) => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));

describe('dependency engines', () => {
  const project = read('package.json') as { engines: { node: string } };
  const oldest = semver.minVersion(project.engines.node)?.version as string;

  it('the project names an oldest Node of the major App Service runs', () => {
    const template = fs.readFileSync(path.join(ROOT, 'infra/azure.json'), 'utf8');
    const major = /"linuxFxVersion": "NODE\|(\d+)-lts"/.exec(template)?.[1];
    expect(semver.major(oldest)).toBe(Number(major));
  });

  it('every package in package-lock.json accepts that Node', () => {
    const lock = read('package-lock.json') as { packages: Record<string, { engines?: unknown }> };
    const refusing = Object.entries(lock.packages)
      .filter(([where]) => where !== '')
      .map(([where, p]) => [where, (p.engines as { node?: unknown } | undefined)?.node] as const)
      .filter(([, node]) => typeof node === 'string' && !semver.satisfies(oldest, node, { includePrerelease: true }))
      .map(([where, node]) => `${where} needs node ${node}`);
    expect(refusing).toEqual([]);
  });
});
