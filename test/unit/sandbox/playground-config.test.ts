// The repo-root `.m365agentsplayground.yml` must (1) load in the Agents Playground: it is checked
// with the playground's own JSON schema (read from its installed bundle) and its business rules,
// and (2) agree with the Graph sandbox's seed, so every id the playground sends is a user or group
// the sandbox knows.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import Ajv from 'ajv';
import { CURRENT_USER_ID, SEED, TEAM_GROUP_ID } from '../../../src/sandbox';

const ROOT = path.resolve(__dirname, '../../..');
const CONFIG_PATH = path.join(ROOT, '.m365agentsplayground.yml');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

interface PlaygroundConfig {
  version: string;
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: Array<{ id: string; name: string }> };
}

/** `yaml` (what the playground parses with) when installed; otherwise a parser for this file's simple subset. */
function parseYaml(text: string): unknown {
  try {
    require.resolve('yaml');
  } catch {
    return parseSimpleYaml(text);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('yaml') as { parse(t: string): unknown }).parse(text);
}

/** Maps, lists of maps and plain or double-quoted scalars, indented by spaces; comments ignored. */
function parseSimpleYaml(text: string): unknown {
  const lines = text
    .split('\n')
    .map((raw) => raw.replace(/\s+#.*$|^\s*#.*$/, ''))
    .filter((l) => l.trim() !== '')
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  let i = 0;
  const scalar = (v: string) => (v.startsWith('"') ? (JSON.parse(v) as string) : v);
  function block(indent: number): unknown {
    const isList = lines[i]?.text.startsWith('- ') ?? false;
    const out: Record<string, unknown> | unknown[] = isList ? [] : {};
    for (let line = lines[i]; line !== undefined && line.indent === indent; line = lines[i]) {
      if (Array.isArray(out)) {
        if (!line.text.startsWith('- ')) break;
        // "- key: value" starts a map whose keys sit 2 columns further in.
        lines[i] = { indent: indent + 2, text: line.text.slice(2) };
        out.push(block(indent + 2));
        continue;
      }
      const [, key, value] = /^([\w-]+):\s*(.*)$/.exec(line.text) ?? [];
      if (key === undefined || value === undefined) throw new Error(`cannot parse line: ${line.text}`);
      i++;
      const next = lines[i];
      const nested =
        next !== undefined && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')));
      out[key] = value !== '' ? scalar(value) : nested ? block(next.indent) : null;
    }
    return out;
  }
  return block(0);
}

/** The playground's config JSON schema, as embedded in its bundle (`JSON.parse('…')`). */
function playgroundSchema(): object {
  const bundle = fs.readFileSync(require.resolve('@microsoft/m365agentsplayground/dist/index.js'), 'utf8');
  const marker = `JSON.parse('{"$id":"https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json"`;
  const start = bundle.indexOf(marker);
  if (start === -1)
    throw new Error('config schema 0.1.1 not found in the playground bundle: check .m365agentsplayground.yml by hand');
  let end = start + "JSON.parse('".length;
  while (bundle[end] !== "'") end += bundle[end] === '\\' ? 2 : 1;
  const literal = bundle.slice(start + 'JSON.parse('.length, end + 1); // a JS string literal, nothing else
  return JSON.parse(vm.runInNewContext(literal) as string) as object;
}

const config = parseYaml(fs.readFileSync(CONFIG_PATH, 'utf8')) as PlaygroundConfig;
const everyone = [config.currentUser, ...config.users];

it('the simple parser and `yaml` read the file the same way', () => {
  expect(parseSimpleYaml(fs.readFileSync(CONFIG_PATH, 'utf8'))).toEqual(config);
});

it('passes the playground’s own schema (version 0.1.1, exactly 5 users, at most 1 extra channel)', () => {
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(playgroundSchema());
  const ok = validate(config);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  expect(config.version).toBe('0.1.1');
  // The schema really is the strict one: a sixth user or a missing surname is refused.
  expect(validate({ ...config, users: [...config.users, { ...config.currentUser, id: 'x' }] })).toBe(false);
  expect(validate({ ...config, currentUser: { ...config.currentUser, surname: undefined } })).toBe(false);
});

it('passes the playground’s business rules: unique user ids; unique chat, team and channel ids', () => {
  const userIds = everyone.map((u) => u.id);
  expect(new Set(userIds).size).toBe(userIds.length);
  const chatIds = [
    config.personalChat.id,
    config.groupChat.id,
    config.team.id,
    ...config.team.channels.map((c) => c.id)
  ];
  expect(new Set(chatIds).size).toBe(chatIds.length);
});

it(
  'every user’s id and aadObjectId are the same lower-case GUID, ' +
    'a seeded sandbox user with the same names and mail',
  () => {
    for (const u of everyone) {
      expect(u.id).toMatch(GUID);
      expect(u.aadObjectId).toBe(u.id);
      const seeded = SEED.users.find((s) => s.id === u.id);
      expect(seeded).toBeDefined();
      expect({
        name: u.name,
        givenName: u.givenName,
        surname: u.surname,
        email: u.email,
        upn: u.userPrincipleName
      }).toEqual({
        name: seeded?.displayName,
        givenName: seeded?.givenName,
        surname: seeded?.surname,
        email: seeded?.mail,
        upn: seeded?.userPrincipalName
      });
    }
    expect(config.currentUser.id).toBe(CURRENT_USER_ID);
  }
);

it(
  'tenant, bot and team match the sandbox: ' +
    'the team’s aadGroupId is the seeded team group, which holds every playground user',
  () => {
    expect(config.tenantId).toBe(SEED.tenantId);
    expect(config.bot).toEqual({ id: expect.stringMatching(GUID), name: 'Group Conversations' });
    expect(config.team.aadGroupId).toBe(TEAM_GROUP_ID);
    const teamGroup = SEED.groups.find((g) => g.id === TEAM_GROUP_ID);
    expect(teamGroup).toMatchObject({ displayName: config.team.name, groupTypes: ['Unified'] });
    expect([...(teamGroup?.members ?? [])].sort()).toEqual(everyone.map((u) => u.id).sort());
    expect(config.team.channels).toEqual([{ id: 'channel-announcements-id', name: 'Announcements' }]);
  }
);
