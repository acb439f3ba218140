// Reading whose SSO token it is, without verifying it (Entra ID verifies on exchange).
import { readSsoClaims } from '../../../src/auth/sso-token-claims';
import { ALICE, TENANT_ID, ssoTokenFor } from '../../helpers/entra';

const b64 = (value: string): string => Buffer.from(value, 'utf8').toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const tokenWith = (payload: string): string => `${HEADER}.${b64(payload)}.signature`;

describe('readSsoClaims', () => {
  it('reads oid, tid and exp from a Teams SSO token', () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = readSsoClaims(ssoTokenFor(ALICE));

    expect(claims).toEqual({ oid: ALICE.aadObjectId, tid: TENANT_ID, exp: expect.any(Number) });
    expect(claims!.exp! - before).toBeGreaterThanOrEqual(3599);
    expect(claims!.exp! - before).toBeLessThanOrEqual(3601);
  });

  it('reads exactly the claims it was given, and nothing else', () => {
    expect(
      readSsoClaims(tokenWith(JSON.stringify({ oid: 'o-1', tid: 't-1', exp: 1700000000, name: 'Alice', upn: 'a@b.c' })))
    ).toEqual({
      oid: 'o-1',
      tid: 't-1',
      exp: 1700000000
    });
  });

  it('leaves out claims of the wrong type', () => {
    expect(readSsoClaims(tokenWith(JSON.stringify({ oid: 42, tid: null, exp: '1700000000' })))).toEqual({
      oid: undefined,
      tid: undefined,
      exp: undefined
    });
  });

  it('does not care about the signature (Entra ID checks it)', () => {
    const [h, p] = ssoTokenFor(ALICE).split('.');
    expect(readSsoClaims(`${h}.${p}.not-a-signature`)?.oid).toBe(ALICE.aadObjectId);
  });

  it.each([
    ['two parts', `${HEADER}.${b64(JSON.stringify({ oid: 'o-1' }))}`],
    ['four parts', `${HEADER}.${b64(JSON.stringify({ oid: 'o-1' }))}.sig.extra`],
    ['one part', 'opaque-token'],
    ['an empty string', ''],
    ['an empty payload', `${HEADER}..sig`],
    ['a payload that is not base64url', `${HEADER}.!!!***.sig`],
    ['a payload that is not JSON', tokenWith('{"oid": "o-1"')],
    ['a JSON array payload', tokenWith(JSON.stringify([{ oid: 'o-1' }]))],
    ['a JSON string payload', tokenWith(JSON.stringify('o-1'))],
    ['a JSON number payload', tokenWith('42')],
    ['a JSON null payload', tokenWith('null')]
  ])('returns undefined for %s', (_label, token) => {
    expect(readSsoClaims(token)).toBeUndefined();
  });
});
