// The logger never writes a token, assertion, secret, Authorization header or message body,
// even when a caller passes one by mistake; errors keep their type/message/cause chain.
import { createLogger } from '../../../src/logger';

function capture(level = 'debug') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
  return { logger, lines, records };
}

const R = '[redacted]';

describe('createLogger redaction', () => {
  it('censors every secret-bearing field of the object it is given', () => {
    const { logger, records } = capture();

    logger.info(
      {
        authorization: 'Bearer x',
        token: 't',
        headers: { authorization: 'Bearer y' },
        assertion: 'a',
        clientSecret: 's',
        body: 'message text'
      },
      'request'
    );

    const [rec] = records();
    expect(rec).toMatchObject({
      msg: 'request',
      authorization: R,
      token: R,
      headers: { authorization: R },
      assertion: R,
      clientSecret: R,
      body: R
    });
  });

  it('lets none of the secret values reach the output', () => {
    const { logger, lines } = capture();
    const secrets = {
      authorization: 'Bearer SECRET-auth-header-1',
      token: 'SECRET-token-2',
      headers: { authorization: 'Bearer SECRET-nested-header-3', Authorization: 'Bearer SECRET-nested-header-4' },
      assertion: 'SECRET-assertion-5',
      clientSecret: 'SECRET-client-secret-6',
      body: 'SECRET message text 7',
      accessToken: 'SECRET-access-token-8',
      ssoToken: 'SECRET-sso-token-9',
      oboAssertion: 'SECRET-obo-10',
      appPassword: 'SECRET-app-password-11',
      password: 'SECRET-password-12',
      req: { headers: { authorization: 'Bearer SECRET-req-header-13' } },
      draft: {
        body: 'SECRET draft body 14',
        token: 'SECRET-nested-token-15',
        accessToken: 'SECRET-16',
        clientSecret: 'SECRET-17'
      },
      aad: { clientSecret: 'SECRET-aad-secret-18' },
      bot: { appPassword: 'SECRET-bot-password-19' },
      result: { ssoToken: 'SECRET-20', oboAssertion: 'SECRET-21', assertion: 'SECRET-22', password: 'SECRET-23' }
    };

    logger.info(secrets, 'everything at once');

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('SECRET');
    expect(lines[0]).toContain('everything at once');
  });

  it('censors the OAuth authorization code at the top level', () => {
    const { logger, lines, records } = capture();
    logger.info({ code: 'SECRET-oauth-code' }, 'auth-end');
    expect(lines[0]).not.toContain('SECRET');
    expect(records()[0].code).toBe(R);
  });

  it('does not redact the fields that are meant to be logged', () => {
    const { logger, records } = capture();
    logger.info(
      { groupId: 'g-1', repeated: false, conversationId: 'c-1', fields: ['topic', 'body'] },
      'conversation posted'
    );
    expect(records()[0]).toMatchObject({
      groupId: 'g-1',
      repeated: false,
      conversationId: 'c-1',
      fields: ['topic', 'body']
    });
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture('info');
    logger.debug({ token: 'x' }, 'hidden');
    expect(lines).toHaveLength(0);
  });

  it('has no pid/hostname base fields', () => {
    const { logger, records } = capture();
    logger.info('hello');
    const rec = records()[0];
    expect(rec.pid).toBeUndefined();
    expect(rec.hostname).toBeUndefined();
    expect(Object.keys(rec).sort()).toEqual(['level', 'msg', 'time']);
  });
});

describe('createLogger error serialization', () => {
  it('keeps type, message, code and the whole cause chain', () => {
    const { logger, records } = capture();
    const root = Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' });
    const middle = Object.assign(new TypeError('fetch failed', { cause: root }), { errorCode: 'network_error' });
    const outer = new Error('token service unreachable', { cause: middle });

    logger.warn({ err: outer }, 'could not get a token');

    const { err } = records()[0];
    expect(err).toEqual({
      type: 'Error',
      message: 'token service unreachable',
      stack: expect.stringContaining('token service unreachable'),
      cause: {
        type: 'TypeError',
        message: 'fetch failed',
        code: 'network_error',
        stack: expect.any(String),
        cause: { type: 'Error', message: 'connect ECONNRESET', code: 'ECONNRESET', stack: expect.any(String) }
      }
    });
  });

  it('uses the error class name as its type', () => {
    class CustomFailure extends Error {
      constructor(message: string) {
        super(message);
        this.name = 'CustomFailure';
      }
    }
    const { logger, records } = capture();
    logger.error({ err: new CustomFailure('boom') }, 'failed');
    expect(records()[0].err).toMatchObject({ type: 'CustomFailure', message: 'boom' });
  });

  it('serializes a non-Error cause as its string', () => {
    const { logger, records } = capture();
    logger.error({ err: new Error('outer', { cause: 'plain reason' }) }, 'failed');
    expect(records()[0].err.cause).toEqual({ message: 'plain reason' });
  });

  it('serializes an Error passed as the first argument the same way', () => {
    const { logger, records } = capture();
    logger.error(new Error('outer', { cause: new RangeError('inner') }), 'failed');
    const rec = records()[0];
    expect(rec.msg).toBe('failed');
    expect(rec.err).toMatchObject({ type: 'Error', message: 'outer', cause: { type: 'RangeError', message: 'inner' } });
  });

  it("does not copy an error's other properties (they can hold request details)", () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error('refused'), {
      token: 'SECRET-on-error',
      request: { headers: { authorization: 'Bearer SECRET-h' } }
    });
    logger.warn({ err }, 'refused');
    expect(lines[0]).not.toContain('SECRET');
  });
});

describe('createLogger redaction at any depth (issue 13)', () => {
  it('censors secret-named keys however deep and however spelled', () => {
    const { logger, lines, records } = capture();
    logger.info(
      {
        activity: { value: { authentication: { token: 'SECRET-sso-1' }, state: '123456' } },
        authTokens: { graph: 'SECRET-2', bot: 'SECRET-3' },
        request: { headers: { cookie: 'SECRET-4', 'Set-Cookie': 'SECRET-5', Authorization: 'Bearer SECRET-6' } },
        msal: { accounts: [{ homeAccountId: 'h', refreshToken: 'SECRET-7', idTokenClaims: { oid: 'o' } }] },
        deep: { a: { b: { c: { CLIENT_SECRET: 'SECRET-8', Password: 'SECRET-9', code: 'SECRET-10' } } } },
        cache: { RefreshToken: { k: { secret: 'SECRET-11' } }, AccessToken: { k: { secret: 'SECRET-12' } } }
      },
      'deep'
    );
    expect(lines[0]).not.toContain('SECRET-');
    const rec = records()[0];
    expect(rec.activity.value).toEqual({ authentication: { token: R }, state: '123456' });
    expect(rec.authTokens).toBe(R);
    expect(rec.request.headers).toEqual({ cookie: R, 'Set-Cookie': R, Authorization: R });
    expect(rec.msal.accounts[0]).toEqual({ homeAccountId: 'h', refreshToken: R, idTokenClaims: { oid: 'o' } });
    expect(rec.deep.a.b.c).toEqual({ CLIENT_SECRET: R, Password: R, code: R });
  });

  it("censors an error's request options wherever the error is, and keeps its code", () => {
    const { logger, lines, records } = capture();
    const request = { url: 'https://login.example.test/token', headers: { authorization: 'Bearer SECRET-h1' } };
    const inner = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', request });
    const outer = Object.assign(new Error('token request failed', { cause: inner }), {
      options: { headers: { Authorization: 'Bearer SECRET-h2' }, body: 'client_secret=SECRET-s' }
    });
    // Not under `err`: pino would write the error's own properties as they are.
    logger.warn({ failure: outer, nested: { errors: [inner] } }, 'request failed');
    expect(lines[0]).not.toContain('SECRET');
    const rec = records()[0];
    expect(rec.failure).toMatchObject({ message: 'token request failed', cause: { code: 'ECONNRESET' } });
    expect(rec.nested.errors[0]).toMatchObject({ type: 'Error', message: 'socket hang up', code: 'ECONNRESET' });
  });

  it('censors the bindings of a child logger too', () => {
    const { logger, lines } = capture();
    logger.child({ turn: { activity: { value: { authentication: { token: 'SECRET-child' } } } } }).info('child');
    expect(lines[0]).not.toContain('SECRET');
    expect(lines[0]).toContain('child');
  });

  it('cuts cycles, depth and size without throwing', () => {
    const { logger, records } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    let deep: Record<string, unknown> = { token: 'SECRET-bottom' };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    const shared = { id: 's' };
    const wide = Array.from({ length: 10_000 }, (_, i) => ({ i }));
    logger.info({ loop, deep, twice: [shared, shared], wide }, 'odd shapes');
    const rec = records()[0];
    expect(rec.loop).toEqual({ name: 'loop', self: '[circular]' });
    expect(JSON.stringify(rec.deep)).toContain('[too deep]');
    expect(JSON.stringify(rec.deep)).not.toContain('SECRET');
    expect(rec.twice).toEqual([{ id: 's' }, { id: 's' }]);
    expect(rec.wide.length).toBeLessThan(2100);
    expect(rec.wide[rec.wide.length - 1]).toBe('[truncated]');
  });
});
