// The HTTP edge, over HTTP: Bot Framework JWT checks in Teams mode (real validation against a
// nocked JWKS), and in local mode the 4xx answers for bodies botbuilder must never see.
// Every error body is short JSON: no stack frame, no "Error:" text, and the server keeps serving.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useTestBot, type TestBot } from '../helpers/test-bot';
import {
  PLAYGROUND_SERVICE_URL,
  signBotFrameworkToken,
  strangerKey,
  TEAMS_SERVICE_URL
} from '../helpers/bot-framework-auth';
import { BOT_ID } from '../helpers/entra';
import { cardAttachments, fixture, type Activity } from '../helpers/fixtures';
import { facts } from '../helpers/card-readers';
import { MAX_BODY_BYTES } from '../../src/server';

function helpMessage(patch: (a: Activity) => void = () => undefined): Activity {
  return fixture('message-new', (a) => {
    a.text = 'help';
    a.deliveryMode = 'expectReplies';
    patch(a);
  });
}

/** A body a caller may see: short JSON, nothing from inside the process. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\bat \S.*:\d+:\d+/); // "at fn (file.js:1:2)" stack frames
  expect(text).not.toMatch(/\n\s+at /);
  expect(text).not.toContain('Error:');
  expect(text).not.toContain('node_modules');
  expect(text).not.toContain(path.resolve(__dirname, '..', '..')); // this checkout's own path
}

function expectUnauthorized(res: { status: number; body: any; text: string }): void {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ error: 'unauthorized', message: expect.any(String) });
  expectNoInternals(res.text);
}

async function get(bot: TestBot, path: string): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${bot.url}${path}`);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
}

async function send(
  bot: TestBot,
  body: string,
  contentType: string
): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { unparsable: text };
  }
  // Posted around bot.post: an invoke's answer still gets the invoke contract check.
  bot.invokeContract.checkPosted('/api/messages', body, { status: res.status, body: parsed });
  return { status: res.status, body: parsed, text };
}

describe('Teams mode: the Bot Framework JWT guards /api/messages', () => {
  const bot = useTestBot({ teams: true });
  let consoleError: jest.SpyInstance;
  let consoleWarn: jest.SpyInstance;
  const bearer = (claims: Parameters<typeof signBotFrameworkToken>[0]) => ({
    authorization: `Bearer ${signBotFrameworkToken(claims)}`
  });

  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    consoleError.mockRestore();
    consoleWarn.mockRestore();
  });

  /** The request was refused before any turn ran: no reply, no Graph, logged as a rejection. */
  function expectRejectedQuietly(): void {
    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
    expect(bot.logs.some((l) => l.includes('rejected activity: Bot Framework authentication failed'))).toBe(true);
  }

  it('401 without an Authorization header', async () => {
    const res = await bot.post('/api/messages', helpMessage());
    expectUnauthorized(res);
    expectRejectedQuietly();
  });

  it('401 for a token that is not a JWT, or not a Bearer token', async () => {
    expectUnauthorized(await bot.post('/api/messages', helpMessage(), { authorization: 'Bearer not-a-jwt' }));
    expectUnauthorized(
      await bot.post('/api/messages', helpMessage(), {
        authorization: `Basic ${Buffer.from('a:b').toString('base64')}`
      })
    );
    expectRejectedQuietly();
  });

  it('401 for a token issued to another bot (wrong audience)', async () => {
    const res = await bot.post(
      '/api/messages',
      helpMessage(),
      bearer({ aud: 'ffffffff-0000-4000-8000-000000000000', serviceUrl: TEAMS_SERVICE_URL })
    );
    expectUnauthorized(res);
    expectRejectedQuietly();
  });

  it('401 when the serviceurl claim differs from the activity serviceUrl', async () => {
    // botbuilder checks the claim against activity.serviceUrl ("ServiceUrl claim do not match").
    const res = await bot.post(
      '/api/messages',
      helpMessage(),
      bearer({ aud: BOT_ID, serviceUrl: 'https://smba.evil.example.test/amer/' })
    );
    expectUnauthorized(res);
    expectRejectedQuietly();
    expect(bot.logs.join('\n')).toContain('ServiceUrl claim do not match');
  });

  it('401 (not 500) for a token signed with a key Bot Framework never published, same kid', async () => {
    const token = signBotFrameworkToken({ aud: BOT_ID, serviceUrl: TEAMS_SERVICE_URL, key: strangerKey() });
    const res = await bot.post('/api/messages', helpMessage(), { authorization: `Bearer ${token}` });
    expectUnauthorized(res);
    expect(bot.logs.some((l) => l.includes('rejected activity'))).toBe(true);
    expect(bot.logs.some((l) => l.includes('"level":50'))).toBe(false); // not logged as a server error
    // Known botbuilder behaviour (botframework-connector jwtTokenExtractor.validateToken): it prints
    // "Error finding key for token. Available keys: <PEM public key>" with console.error before
    // rethrowing jsonwebtoken's "invalid signature". The public key is not a secret; the token
    // must never be printed.
    const printed = JSON.stringify([...consoleError.mock.calls, ...consoleWarn.mock.calls]);
    expect(printed).not.toContain(token);
    expect(consoleError.mock.calls.every((c) => String(c[0]).startsWith('Error finding key for token'))).toBe(true);
  });

  it("401 for a token expired beyond botbuilder's 5-minute clock tolerance", async () => {
    const token = signBotFrameworkToken({ aud: BOT_ID, serviceUrl: TEAMS_SERVICE_URL, expiresInSeconds: -600 });
    const res = await bot.post('/api/messages', helpMessage(), { authorization: `Bearer ${token}` });
    expectUnauthorized(res);
    // Known botbuilder behaviour: console.error(TokenExpiredError) (message "jwt expired", with its
    // stack) before throwing AuthenticationError. Nothing of it reaches the response; no token printed.
    expect(JSON.stringify(consoleError.mock.calls.map((c) => String(c[0])))).not.toContain(token);
    expect(consoleError.mock.calls.every((c) => (c[0] as Error)?.name === 'TokenExpiredError')).toBe(true);
  });

  it('accepts a token that expired 60 s ago: botbuilder allows 300 s of clock skew (clockTolerance)', async () => {
    // Documented so a change in the tolerance is noticed: a token 60 s past `exp` still passes.
    const res = await bot.post(
      '/api/messages',
      helpMessage(),
      bearer({ aud: BOT_ID, serviceUrl: TEAMS_SERVICE_URL, expiresInSeconds: -60 })
    );
    expect(res.status).toBe(200);
  });

  it('a valid token on "help" with expectReplies → 200 with the help card', async () => {
    const res = await bot.post('/api/messages', helpMessage(), bearer({ aud: BOT_ID, serviceUrl: TEAMS_SERVICE_URL }));
    expect(res.status).toBe(200);
    const [card] = cardAttachments(res.body.activities);
    expect(card).toBeDefined();
    expect(facts(card).map((f) => f.title)).toEqual(['new', 'list', 'follow', 'subscribe', 'signout', 'help']);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('an unauthenticated request never reaches the turn: no reply is produced', async () => {
    const res = await bot.post(
      '/api/messages',
      helpMessage((a) => (a.text = 'new'))
    );
    expectUnauthorized(res);
    expect(res.body.activities).toBeUndefined();
    expect(bot.logs.some((l) => l.includes('could not open the form'))).toBe(false);
  });

  it('the token never appears in a log line, even when rejected', async () => {
    const token = signBotFrameworkToken({ aud: 'ffffffff-0000-4000-8000-000000000000', serviceUrl: TEAMS_SERVICE_URL });
    await bot.post('/api/messages', helpMessage(), { authorization: `Bearer ${token}` });
    expect(bot.logs.join('\n')).not.toContain(token);
  });
});

describe('Local mode: bodies that are not activities get a 4xx, never a stack', () => {
  const bot = useTestBot({ per: 'describe' });
  let consoleError: jest.SpyInstance;
  // Posted with fetch, not bot.post: as the Agents Playground sends it (local mode's channel).
  const valid = () => helpMessage((a) => (a.serviceUrl = PLAYGROUND_SERVICE_URL));
  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
  });

  it('the anonymous local bot answers a valid help message (baseline)', async () => {
    const res = await bot.post('/api/messages', valid());
    expect(res.status).toBe(200);
    expect(cardAttachments(res.body.activities)).toHaveLength(1);
  });

  it('malformed JSON → 400', async () => {
    const res = await send(bot, '{"type": "message", "text": ', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.any(String), message: 'The request body is not valid JSON.' });
    expectNoInternals(res.text);
  });

  it('text/plain → 415, and so does a request without a content type', async () => {
    const plain = await send(bot, JSON.stringify(valid()), 'text/plain');
    expect(plain.status).toBe(415);
    expect(plain.body.error).toBe('unsupported_media_type');
    expectNoInternals(plain.text);

    // A Blob without a type: fetch sends no Content-Type header at all.
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', body: new Blob([JSON.stringify(valid())]) });
    expect(res.status).toBe(415);
    expectNoInternals(await res.text());
  });

  it('application/json with a charset parameter is accepted', async () => {
    const res = await send(bot, JSON.stringify(valid()), 'application/json; charset=utf-8');
    expect(res.status).toBe(200);
  });

  it(`a body larger than ${MAX_BODY_BYTES / 1024} KB → 413`, async () => {
    expect(MAX_BODY_BYTES).toBe(256 * 1024);
    const big = JSON.stringify({ ...valid(), text: 'x'.repeat(MAX_BODY_BYTES + 1024) });
    const res = await send(bot, big, 'application/json');
    expect(res.status).toBe(413);
    expect(res.body.message).toContain(String(MAX_BODY_BYTES));
    expectNoInternals(res.text);
  });

  const notActivities: [string, unknown, RegExp][] = [
    ['an array', [], /\(body\)/],
    ['null', null, /\(body\)/],
    ['a string', 'hello', /\(body\)/],
    ['an empty object', {}, /\btype\b/],
    [
      'an activity without conversation.id',
      { ...valid(), conversation: { conversationType: 'personal' } },
      /conversation\.id/
    ],
    ['an activity without conversation', { ...valid(), conversation: undefined }, /conversation/],
    ['an activity without serviceUrl', { ...valid(), serviceUrl: undefined }, /serviceUrl/],
    ['an activity whose serviceUrl is not a URL', { ...valid(), serviceUrl: 'smba' }, /serviceUrl/],
    ['an activity with type 123', { ...valid(), type: 123 }, /\btype\b/],
    ['an activity without from', { ...valid(), from: undefined }, /\bfrom\b/],
    ['an activity without channelId', { ...valid(), channelId: undefined }, /channelId/]
  ];
  it.each(notActivities)('%s → 400 naming the field', async (_name, body, field) => {
    const res = await send(bot, JSON.stringify(body), 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
    expect(res.body.message).toMatch(/^invalid activity: /);
    expect(res.body.message).toMatch(field);
    expectNoInternals(res.text);
  });

  it('an empty JSON body → 400', async () => {
    const res = await send(bot, '', 'application/json');
    expect(res.status).toBe(400);
    expectNoInternals(res.text);
  });

  it('GET /healthz → 200 {status:"ok"}', async () => {
    const res = await get(bot, '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /nope → 404, GET /api/messages → 405, both without internals', async () => {
    const nope = await get(bot, '/nope');
    expect(nope.status).toBe(404);
    expect(nope.body).toEqual({ error: expect.any(String), message: 'Not found.' });
    expectNoInternals(nope.text);

    const wrongMethod = await get(bot, '/api/messages');
    expect(wrongMethod.status).toBe(405);
    expectNoInternals(wrongMethod.text);
  });

  it('local mode has no sign-in pages', async () => {
    expect((await get(bot, '/auth-start')).status).toBe(404);
  });

  it('after all of the above, the server still answers /healthz and real activities', async () => {
    expect(await get(bot, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const res = await bot.post('/api/messages', valid());
    expect(res.status).toBe(200);
    expect(bot.logs.some((l) => l.includes('"level":50') || l.includes('"level":60'))).toBe(false);
  });
});

describe('pages the Teams manifest links to', () => {
  const bot = useTestBot();

  it("serves / (the websiteUrl), /privacy and /terms as HTML, with the sign-in pages' header policy", async () => {
    for (const [route, text] of [
      ['/', 'Group Conversations is a Microsoft Teams bot'],
      ['/privacy', 'does not keep the message body'],
      ['/terms', 'posted as you']
    ]) {
      const res = await fetch(`${bot.url}${route}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await res.text()).toContain(text);
    }
  });

  it('the landing page links to the privacy and terms pages, the paths the manifest names', async () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../appPackage/manifest.json'), 'utf8'));
    const base = 'https://${{BOT_DOMAIN}}';
    expect(manifest.developer.websiteUrl).toBe(base);
    const html = await (await fetch(`${bot.url}/`)).text();
    for (const key of ['privacyUrl', 'termsOfUseUrl']) {
      const pathName = String(manifest.developer[key]).slice(base.length);
      expect(html).toContain(`href="${pathName}"`);
      expect((await fetch(`${bot.url}${pathName}`)).status).toBe(200);
    }
  });
});
