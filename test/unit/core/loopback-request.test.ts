// Who an anonymous loopback server (local mode's bot, the Graph sandbox) answers: a loopback Host
// naming its own port, no Origin; and where local mode may send replies: a loopback serviceUrl.
import { isLoopbackHost, isLoopbackServiceUrl, refuseNonLocalRequest } from '../../../src/core/loopback-request';

const PORT = 3979;

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1:3979', 'localhost:3979', 'LOCALHOST:3979', '[::1]:3979'])('accepts %s', (host) => {
    expect(isLoopbackHost(host, PORT)).toBe(true);
  });

  it.each([
    ['a rebinding page', 'evil.example.test:3979'],
    ['another port', '127.0.0.1:3978'],
    ['no port (a browser leaves out :80)', 'localhost'],
    ['IPv6 loopback without a port', '[::1]'],
    ['another loopback address', '127.0.0.2:3979'],
    ['a look-alike', 'localhost.evil.test:3979'],
    ['userinfo', 'a@127.0.0.1:3979'],
    ['an empty port', '127.0.0.1:'],
    ['a port with a sign', '127.0.0.1:+3979'],
    ['empty', ''],
    ['very long', `${'a'.repeat(10_000)}:3979`]
  ])('refuses %s', (_why, host) => {
    expect(isLoopbackHost(host, PORT)).toBe(false);
  });

  it('refuses a missing Host, or a server whose port is unknown', () => {
    expect(isLoopbackHost(undefined, PORT)).toBe(false);
    expect(isLoopbackHost('127.0.0.1:3979', undefined)).toBe(false);
  });
});

describe('refuseNonLocalRequest', () => {
  it('passes a local tool: loopback Host on the own port, no Origin', () => {
    expect(refuseNonLocalRequest({ host: '127.0.0.1:3979' }, PORT)).toBeUndefined();
  });

  it('refuses any Origin, even a loopback one or "null" (a sandboxed frame, a file: page)', () => {
    for (const origin of ['http://evil.example.test', 'http://127.0.0.1:3979', 'null', ''])
      expect(refuseNonLocalRequest({ host: '127.0.0.1:3979', origin }, PORT)).toBe('origin_present');
  });

  it('refuses a foreign Host', () => {
    expect(refuseNonLocalRequest({ host: 'evil.example.test:3979' }, PORT)).toBe('host_not_loopback');
  });
});

describe('isLoopbackServiceUrl', () => {
  it.each([
    'http://localhost:56150/_connector',
    'http://127.0.0.1:56150/',
    'https://localhost/',
    'http://[::1]:56150/_connector'
  ])('accepts %s', (url) => {
    expect(isLoopbackServiceUrl(url)).toBe(true);
  });

  it.each([
    ['cloud metadata', 'http://169.254.169.254/'],
    ['a Teams host', 'https://smba.trafficmanager.net/amer/'],
    ['a LAN address', 'http://192.168.1.1/'],
    ['a look-alike', 'http://localhost.evil.test/'],
    ['credentials', 'http://user:pw@localhost:56150/'],
    ['another scheme', 'ftp://localhost/'],
    ['not a URL', 'localhost'],
    ['missing', undefined]
  ])('refuses %s', (_why, url) => {
    expect(isLoopbackServiceUrl(url)).toBe(false);
  });
});
