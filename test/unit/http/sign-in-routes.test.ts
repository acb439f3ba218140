// Which address the pop-up's rate limits count: App Service's `client-ip` when trusted, else the socket's.
import { clientAddress, gate } from '../../../src/http/sign-in-routes';

const req = (headers: Record<string, string>) => ({ headers, socket: { remoteAddress: '10.1.2.3' } });

describe('clientAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['203.0.113.7, 10.0.0.1', '203.0.113.7'],
    ['not-an-address', '10.1.2.3'],
    ['', '10.1.2.3']
  ])('client-ip %p → %p', (value, address) => {
    expect(clientAddress(req({ 'client-ip': value }), 'client-ip')).toBe(address);
  });

  it('ignores the header when it is not trusted (local mode) and any other header', () => {
    expect(clientAddress(req({ 'client-ip': '203.0.113.7' }), undefined)).toBe('10.1.2.3');
    expect(clientAddress(req({ 'x-forwarded-for': '203.0.113.7' }), 'client-ip')).toBe('10.1.2.3');
  });
});

describe('gate', () => {
  it('limits each client, then everyone together, and says when to come back', () => {
    const g = gate({ perClient: 2, total: 3 });
    expect(g.take('a', 0)).toEqual({ allowed: true });
    expect(g.take('a', 1)).toEqual({ allowed: true });
    expect(g.take('a', 2)).toEqual({ allowed: false, scope: 'client', retryAfter: 60 });
    expect(g.take('b', 3)).toEqual({ allowed: true });
    expect(g.take('c', 30_000)).toEqual({ allowed: false, scope: 'total', retryAfter: 30 });
    expect(g.take('c', 60_000)).toEqual({ allowed: true });
  });
});
