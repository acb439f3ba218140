import nock from 'nock';
import { createMsalNetworkClient, TokenEndpointError } from '../../../src/auth/msal-network-client';

const URL_ = 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token';
const noSleep = { sleep: async () => undefined, random: () => 0.5 };

describe('msal network client', () => {
  it('posts the form body and returns status, headers and parsed JSON', async () => {
    nock('https://login.microsoftonline.com')
      .post('/tenant/oauth2/v2.0/token', 'grant_type=x&assertion=y')
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .reply(200, { access_token: 't' }, { 'x-ms-request-id': 'r1' });
    const client = createMsalNetworkClient(noSleep);
    const res = await client.sendPostRequestAsync<{ access_token: string }>(URL_, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=x&assertion=y'
    });
    expect(res).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'x-ms-request-id': 'r1' }),
      body: { access_token: 't' }
    });
  });

  it('retries 503 and network failures with backoff, then succeeds', async () => {
    const sleeps: number[] = [];
    nock('https://login.microsoftonline.com')
      .post('/tenant/oauth2/v2.0/token')
      .reply(503)
      .post('/tenant/oauth2/v2.0/token')
      .replyWithError(new Error('ECONNRESET'))
      .post('/tenant/oauth2/v2.0/token')
      .reply(200, { ok: 1 });
    let requests = 0;
    const client = createMsalNetworkClient({
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      onRequest: () => requests++
    });
    const res = await client.sendPostRequestAsync(URL_, { body: 'a=b' });
    expect(res.status).toBe(200);
    expect(requests).toBe(3);
    expect(sleeps).toEqual([200, 400]);
  });

  it('hands 400 invalid_grant straight back (consent flow, not a retry loop)', async () => {
    const scope = nock('https://login.microsoftonline.com')
      .post('/tenant/oauth2/v2.0/token')
      .reply(400, { error: 'invalid_grant' });
    const res = await createMsalNetworkClient(noSleep).sendPostRequestAsync(URL_, { body: 'a=b' });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(scope.isDone()).toBe(true);
  });

  it('throws (never returns) a final 5xx, so msal does not lock every exchange for 60 s', async () => {
    nock('https://login.microsoftonline.com')
      .post('/tenant/oauth2/v2.0/token')
      .times(3)
      .reply(503, {}, { 'Retry-After': '60' });
    await expect(createMsalNetworkClient(noSleep).sendPostRequestAsync(URL_, { body: 'a=b' })).rejects.toThrow(
      new TokenEndpointError('token endpoint answered 503', 503)
    );
  });

  it('gives up on a hanging endpoint after its timeout', async () => {
    nock('https://login.microsoftonline.com').post('/tenant/oauth2/v2.0/token').delay(2000).reply(200, {});
    const client = createMsalNetworkClient({ ...noSleep, timeoutMs: 100, retries: 0 });
    await expect(client.sendPostRequestAsync(URL_, { body: 'a=b' })).rejects.toThrow('token endpoint unreachable');
  });
});
