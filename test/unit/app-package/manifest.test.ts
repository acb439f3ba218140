// The Teams app package (appPackage/manifest.json + icons) and the Entra app manifest
// (aad.manifest.json), checked offline the way provision would see them: every ${{VAR}} filled
// from the env templates plus sample values for what provision generates, then validated against
// the official Teams manifest schema bundled in @microsoft/app-manifest.
import { FIND_CONVERSATION_COMMAND, FIND_PARAMETER } from '../../../src/teams/message-extension/find-conversation';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { GRAPH_SCOPES } from '../../../src/config';
import { parseEnvFile } from '../../helpers/env-file';

type AppManifestModule = typeof import('@microsoft/app-manifest');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = path.resolve(__dirname, '../../..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

// What provision writes into env/.env.{env} (ids of apps it creates) and what you set yourself
// (BOT_DOMAIN for the dev tunnel; dev's comes from arm/deploy): fixed sample values, each a valid
// GUID / host name.
const SAMPLE: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: '0b5a7c4e-1d2f-4a3b-9c8d-7e6f5a4b3c2d',
  TEAMS_APP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  BOT_ID: '8d3f1c2b-4a5e-4f60-9b7a-1c2d3e4f5a6b',
  AAD_APP_CLIENT_ID: '5c9e2a71-3b4d-4e8f-a1b2-c3d4e5f6a7b8',
  AAD_APP_OBJECT_ID: 'e1d2c3b4-a5f6-4789-8abc-def012345678',
  AAD_APP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  AAD_APP_OAUTH_AUTHORITY: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47',
  AAD_APP_OAUTH_AUTHORITY_HOST: 'https://login.microsoftonline.com',
  AAD_APP_ACCESS_AS_USER_PERMISSION_ID: '3f2e1d0c-9b8a-4765-a432-10fedcba9876',
  BOT_DOMAIN: 'gcbot-dev.azurewebsites.net'
};
const ENVS = ['dev', 'local'] as const;

/** The env a provisioned environment has: the template's values, blanks filled with samples. */
function provisionedEnv(envName: string): Record<string, string> {
  const env = parseEnvFile(read(`env/.env.${envName}`));
  for (const [k, v] of Object.entries(env)) if (v === '' && SAMPLE[k] !== undefined) env[k] = SAMPLE[k];
  return env;
}

/** Replaces ${{VAR}} like the toolkit does; a placeholder without a value is an error. */
function fill(text: string, env: Record<string, string>): string {
  const missing = new Set<string>();
  const out = text.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') missing.add(name);
    return v ?? '';
  });
  if (missing.size) throw new Error(`no value for ${[...missing].join(', ')}`);
  return out;
}

function loadFilled(rel: string, envName: string): Json {
  return JSON.parse(fill(read(rel), provisionedEnv(envName))) as Json;
}

// @microsoft/app-manifest is CommonJS but requires strip-bom@5, which is ESM only; jest's module
// loader cannot require ESM. Give that one import a CommonJS stand-in with the same behaviour
// (strip-bom only serves the package's file readers, not validateAgainstSchema/fetchSchema).
function loadAppManifestPackage(): AppManifestModule {
  const pkgDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const stripBomPath = require.resolve('strip-bom', { paths: [pkgDir] });
  jest.doMock(stripBomPath, () => ({
    __esModule: true,
    default: (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s)
  }));
  return require('@microsoft/app-manifest') as AppManifestModule;
}

function bundledSchemaPath(version: string): string {
  const pkgDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(pkgDir, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
}

describe('appPackage/manifest.json against the official Teams schema (offline)', () => {
  let pkg: AppManifestModule;
  let schema: Json;
  const raw = JSON.parse(read('appPackage/manifest.json')) as Json;
  const validate = (m: Json): Promise<string[]> =>
    pkg.AppManifestUtils.validateAgainstSchema(m as never, schema as never);

  beforeAll(async () => {
    pkg = loadAppManifestPackage();
    // The toolkit's own lookup: a developer.microsoft.com/json-schemas/teams URL is read from the
    // copy bundled in the package; only an unknown version would be downloaded (nock refuses).
    schema = (await pkg.AppManifestUtils.fetchSchema(raw.$schema)) as Json;
  });

  it('is on a current schema version (1.19 or later, not devPreview) and its $schema names that version', () => {
    expect(raw.manifestVersion).toMatch(/^1\.\d+$/);
    expect(Number(raw.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(19);
    expect(raw.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${raw.manifestVersion}/MicrosoftTeams.schema.json`
    );
    expect(fs.existsSync(bundledSchemaPath(raw.manifestVersion))).toBe(true);
    expect(schema.properties.manifestVersion.const).toBe(raw.manifestVersion);
  });

  it('the schema used is the bundled file for that version, not a download', () => {
    // fetchSchema rewrites the \a and \v regex escapes (ajv cannot compile them) before parsing.
    const text = fs
      .readFileSync(bundledSchemaPath(raw.manifestVersion), 'utf8')
      .replace(/\\a/g, '\\u0007')
      .replace(/\\v/g, '\\u000b');
    expect(schema).toEqual(JSON.parse(text));
  });

  it.each(ENVS)('validates with no errors once the %s environment fills the placeholders', async (envName) => {
    const filled = loadFilled('appPackage/manifest.json', envName);
    expect(JSON.stringify(filled)).not.toContain('${{');
    expect(await validate(filled)).toEqual([]);
  });

  it('fails for a broken manifest, so the check can fail', async () => {
    const good = loadFilled('appPackage/manifest.json', 'dev');

    const everywhere = structuredClone(good);
    everywhere.bots[0].scopes = ['personal', 'everywhere'];
    const e1 = await validate(everywhere);
    expect(e1.some((e) => e.startsWith('/bots/0/scopes/1 must be equal to one of the allowed values'))).toBe(true);

    const noId = structuredClone(good);
    delete noId.id;
    expect(await validate(noId)).toEqual(
      expect.arrayContaining([expect.stringContaining("must have required property 'id'")])
    );

    const longTitle = structuredClone(good);
    longTitle.composeExtensions[0].commands[0].title = 'Post this message to a Microsoft 365 group conversation';
    expect(
      (await validate(longTitle)).some((e) =>
        e.startsWith('/composeExtensions/0/commands/0/title must NOT have more than 32 characters')
      )
    ).toBe(true);

    // Unfilled placeholders are not GUIDs: the raw template alone does not pass.
    expect((await validate(raw)).some((e) => e.startsWith('/id must match pattern'))).toBe(true);
  });

  it(
    'webApplicationInfo: id is the Entra app, ' +
      'resource is exactly api://botid-{BOT_ID}, one of its identifier URIs',
    () => {
      for (const envName of ENVS) {
        const env = provisionedEnv(envName);
        const manifest = loadFilled('appPackage/manifest.json', envName);
        const aad = loadFilled('aad.manifest.json', envName);
        expect(raw.webApplicationInfo).toEqual({ id: '${{AAD_APP_CLIENT_ID}}', resource: 'api://botid-${{BOT_ID}}' });
        expect(manifest.webApplicationInfo.resource).toBe(`api://botid-${env.BOT_ID}`);
        expect(aad.identifierUris).toContain(manifest.webApplicationInfo.resource);
        expect(manifest.webApplicationInfo.id).toBe(env.AAD_APP_CLIENT_ID);
        expect(aad.appId).toBe(manifest.webApplicationInfo.id);
        expect(manifest.bots[0].botId).toBe(env.BOT_ID);
      }
    }
  );

  it('works in personal, team and group chats: new, list, (un)subscribe, help, signout (follow… in a team)', () => {
    const bot = raw.bots[0];
    expect(raw.bots).toHaveLength(1);
    expect(bot.botId).toBe('${{BOT_ID}}');
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const scope of ['personal', 'team', 'groupChat']) {
      const commands = (bot.commandLists as Json[])
        .filter((l) => l.scopes.includes(scope))
        .flatMap((l) => l.commands as Json[]);
      // Following a group is a channel's (issue 16): listed in the team scope only.
      const follow = scope === 'team' ? ['follow', 'following', 'unfollow'] : [];
      // Following a group in one's inbox (issue 17) is the person's own: in every scope.
      const inbox = ['subscribe', 'unsubscribe'];
      expect(commands.map((c) => c.title).sort()).toEqual(
        ['help', 'list', 'new', 'signout', ...inbox, ...follow].sort()
      );
      // Teams shows at most 10 commands a scope.
      expect(commands.length).toBeLessThanOrEqual(10);
      const byTitle = Object.fromEntries(commands.map((c) => [c.title, c.description]));
      expect(byTitle.new).toBe('Start a new group conversation');
      expect(byTitle.list).toBe('Recent conversations of a group');
      expect(byTitle.help).toEqual(expect.any(String));
      expect(byTitle.signout).toEqual(expect.any(String));
    }
  });

  it('has the message action postToGroup and the search command findConversation, on the same bot', () => {
    expect(raw.composeExtensions).toHaveLength(1);
    const [ext] = raw.composeExtensions as Json[];
    expect(ext.botId).toBe('${{BOT_ID}}');
    expect(ext.commands).toHaveLength(2);
    const { description, ...command } = ext.commands[0] as Json;
    expect(command).toEqual({
      id: 'postToGroup',
      type: 'action',
      context: ['message'],
      title: 'Post to a group conversation',
      fetchTask: true
    });
    expect(description).toEqual(expect.stringMatching(/\S/));
    // The search (issue 17): from the compose box and the command box, listing recent ones on opening;
    // its one parameter is the name the query handler reads (find-conversation.ts).
    const { description: searchDescription, parameters, ...search } = ext.commands[1] as Json;
    expect(search).toEqual({
      id: FIND_CONVERSATION_COMMAND,
      type: 'query',
      context: ['compose', 'commandBox'],
      title: 'Find a group conversation',
      initialRun: true
    });
    expect(searchDescription).toEqual(expect.stringMatching(/\S/));
    expect(parameters).toEqual([
      { name: FIND_PARAMETER, title: 'Words', description: expect.stringMatching(/\S/), inputType: 'text' }
    ]);
  });

  it('trusts only the bot domain, asks for identity and messageTeamMembers, names its two icons', () => {
    expect(raw.validDomains).toEqual(['${{BOT_DOMAIN}}']);
    expect([...raw.permissions].sort()).toEqual(['identity', 'messageTeamMembers']);
    expect(raw.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    const filled = loadFilled('appPackage/manifest.json', 'dev');
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
      expect(new URL(filled.developer[key]).host).toBe(SAMPLE.BOT_DOMAIN);
    }
  });
});

describe('aad.manifest.json (the Entra app provision applies)', () => {
  const TEAMS_CLIENTS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];
  const OFFICE_CLIENTS = [
    'd3590ed6-52b3-4102-aeff-aad2292ab01c',
    '00000002-0000-0ff1-ce00-000000000000',
    'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
    '0ec893e0-5785-4de6-99da-4ed124e5296c',
    '4765445b-32c6-49b0-83e6-1d93765276ca',
    '4345a7b9-9a63-4910-a426-35363201d503'
  ];
  const MICROSOFT_GRAPH = '00000003-0000-0000-c000-000000000000';
  // Microsoft Graph delegated permission ids (oauth2PermissionScopes of the Graph service principal).
  const GRAPH_DELEGATED: Record<string, string> = {
    'Group.ReadWrite.All': '4e46008b-f24c-477d-8fff-7bb4ec7aafe0',
    'User.ReadBasic.All': 'b340eb25-3456-403f-be2f-af7a0d370277',
    openid: '37f7f235-527c-4136-accd-4a02d197296e',
    profile: '14dad69e-099b-42c9-810b-d002981feec1',
    offline_access: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182'
  };

  it.each(ENVS)(
    '%s: identifier URI, access_as_user, pre-authorized clients, Graph permissions, redirect URI',
    (envName) => {
      const env = provisionedEnv(envName);
      const aad = loadFilled('aad.manifest.json', envName);

      expect(aad.id).toBe(env.AAD_APP_OBJECT_ID);
      expect(aad.appId).toBe(env.AAD_APP_CLIENT_ID);
      expect(aad.signInAudience).toBe('AzureADMyOrg');
      expect(aad.identifierUris).toEqual([`api://botid-${env.BOT_ID}`]);

      expect(aad.oauth2Permissions).toHaveLength(1);
      const scope = aad.oauth2Permissions[0] as Json;
      expect(scope).toMatchObject({
        value: 'access_as_user',
        type: 'User',
        isEnabled: true,
        id: env.AAD_APP_ACCESS_AS_USER_PERMISSION_ID
      });

      const preAuthorized = aad.preAuthorizedApplications as Json[];
      expect(preAuthorized.map((p) => p.appId)).toEqual(expect.arrayContaining([...TEAMS_CLIENTS, ...OFFICE_CLIENTS]));
      for (const p of preAuthorized) expect(p.permissionIds).toEqual([scope.id]);

      expect(aad.requiredResourceAccess).toHaveLength(1);
      const graph = aad.requiredResourceAccess[0] as Json;
      expect(graph.resourceAppId).toBe(MICROSOFT_GRAPH);
      const ids = (graph.resourceAccess as Json[]).map((r) => r.id).sort();
      expect(ids).toEqual(Object.values(GRAPH_DELEGATED).sort());
      // Delegated only ("Scope"): the bot acts as the person, never as itself ("Role").
      for (const r of graph.resourceAccess as Json[]) expect(r.type).toBe('Scope');

      // The bot's own pop-up, and the Bot Framework token service's (the Azure Bot's OAuth connection).
      expect(aad.replyUrlsWithType).toEqual([
        { url: `https://${env.BOT_DOMAIN}/auth-end`, type: 'Web' },
        { url: 'https://token.botframework.com/.auth/web/redirect', type: 'Web' }
      ]);
    }
  );

  it('grants every Graph scope the bot asks for (src/config.ts GRAPH_SCOPES)', () => {
    const aad = loadFilled('aad.manifest.json', 'dev');
    const granted = new Set((aad.requiredResourceAccess[0].resourceAccess as Json[]).map((r) => r.id));
    for (const scopeUrl of GRAPH_SCOPES) {
      const name = scopeUrl.replace('https://graph.microsoft.com/', '');
      expect(GRAPH_DELEGATED[name]).toBeDefined();
      expect(granted.has(GRAPH_DELEGATED[name])).toBe(true);
    }
  });
});

// ---- PNG: the two icons, read from their bytes -------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** RGBA rows, only for 8-bit colour type 6 (truecolour with alpha), non-interlaced. */
  rgba?: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function parsePng(buf: Buffer): Png {
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG (signature)');
  let pos = 8;
  let header: (Omit<Png, 'rgba'> & { interlace: number }) | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos < buf.length && !ended) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (crc32(buf.subarray(pos + 4, pos + 8 + len)) !== buf.readUInt32BE(pos + 8 + len))
      throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') {
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8],
        colorType: data[9],
        interlace: data[12]
      };
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    pos += 12 + len;
  }
  if (!header) throw new Error('no IHDR');
  if (!ended) throw new Error('no IEND');
  const { interlace, ...png } = header;
  if (png.colorType !== 6 || png.bitDepth !== 8 || interlace !== 0) return png;

  // Undo the per-scanline filters (PNG spec, section 9) to get the real RGBA values.
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const bpp = 4;
  const stride = png.width * bpp;
  if (raw.length !== png.height * (stride + 1)) throw new Error('IDAT size does not match IHDR');
  const out = new Uint8Array(png.height * stride);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= bpp ? out[y * stride + i - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + i] : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp] : 0;
      let pred: number;
      switch (filter) {
        case 0:
          pred = 0;
          break;
        case 1:
          pred = a;
          break;
        case 2:
          pred = b;
          break;
        case 3:
          pred = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a),
            pb = Math.abs(p - b),
            pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`bad filter type ${filter}`);
      }
      out[y * stride + i] = (x + pred) & 0xff;
    }
  }
  return { ...png, rgba: out };
}

/** What Teams asks of the outline icon: 32×32, transparent background, white outline. */
function outlineProblems(png: Png): string[] {
  const problems: string[] = [];
  if (png.width !== 32 || png.height !== 32) problems.push(`size ${png.width}x${png.height}, expected 32x32`);
  if (png.colorType !== 6 || png.bitDepth !== 8 || !png.rgba) {
    problems.push(`colour type ${png.colorType} at ${png.bitDepth} bits: expected 8-bit RGBA (type 6)`);
    return problems;
  }
  let transparent = 0,
    visible = 0,
    notWhite = 0;
  for (let i = 0; i < png.rgba.length; i += 4) {
    const [r, g, b, alpha] = png.rgba.subarray(i, i + 4);
    if (alpha === 0) transparent++;
    else {
      visible++;
      if (r !== 255 || g !== 255 || b !== 255) notWhite++;
    }
  }
  if (transparent === 0) problems.push('no transparent pixel');
  if (visible === 0) problems.push('no visible pixel');
  if (notWhite > 0) problems.push(`${notWhite} visible pixels are not white`);
  return problems;
}

/** A PNG built here: RGBA pixels from a function, filter type 0. */
function makePng(width: number, height: number, colorType: 2 | 6, pixel: (x: number, y: number) => number[]): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(...pixel(x, y).slice(0, colorType === 6 ? 4 : 3));
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0))
  ]);
}

describe('app package icons', () => {
  it('color.png is a 192x192 PNG', () => {
    const png = parsePng(fs.readFileSync(path.join(ROOT, 'appPackage/color.png')));
    expect([png.width, png.height]).toEqual([192, 192]);
  });

  it('outline.png is 32x32 RGBA with a transparent background and a white outline', () => {
    const png = parsePng(fs.readFileSync(path.join(ROOT, 'appPackage/outline.png')));
    expect([png.width, png.height, png.colorType, png.bitDepth]).toEqual([32, 32, 6, 8]);
    expect(outlineProblems(png)).toEqual([]);
  });

  it('the icon checks fail for icons Teams would refuse', () => {
    // Decoding round-trips: a made-up icon reads back with the pixels it was made from.
    const ring = makePng(32, 32, 6, (x, y) =>
      (x - 15.5) ** 2 + (y - 15.5) ** 2 < 100 ? [255, 255, 255, 255] : [0, 0, 0, 0]
    );
    expect(outlineProblems(parsePng(ring))).toEqual([]);

    const opaque = makePng(32, 32, 6, () => [255, 255, 255, 255]);
    expect(outlineProblems(parsePng(opaque))).toEqual(['no transparent pixel']);

    const coloured = makePng(32, 32, 6, (x) => (x < 16 ? [70, 71, 117, 255] : [0, 0, 0, 0]));
    expect(outlineProblems(parsePng(coloured))).toEqual(['512 visible pixels are not white']);

    const noAlpha = makePng(32, 32, 2, () => [255, 255, 255]);
    expect(outlineProblems(parsePng(noAlpha))).toEqual(['colour type 2 at 8 bits: expected 8-bit RGBA (type 6)']);

    const big = makePng(64, 64, 6, (x) => (x < 8 ? [255, 255, 255, 255] : [0, 0, 0, 0]));
    expect(outlineProblems(parsePng(big))).toEqual(['size 64x64, expected 32x32']);

    const corrupt = Buffer.from(ring);
    corrupt[20] ^= 0xff; // inside IHDR
    expect(() => parsePng(corrupt)).toThrow('bad CRC in IHDR');
  });
});
