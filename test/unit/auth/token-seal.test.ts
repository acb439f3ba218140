// The sealed token a running broadcast keeps to resume after a restart: it opens only with the same
// secret and for the same record, never shows the token in the clear, and a JWT's expiry is read.
import { SEAL_PURPOSES, createTokenSeal, tokenExpiresAt } from '../../../src/auth/token-seal';
import { graphTokenFor, ALICE } from '../../helpers/entra';

const TOKEN = graphTokenFor(ALICE);
const FOR = 'd0000000-0000-4000-8000-00000000b0b0|a11ce000-0000-4000-8000-00000000a11c';

describe('token seal', () => {
  it('opens with the same secret for the same record, and does not contain the token', () => {
    const seal = createTokenSeal('client-secret');
    const sealed = seal.seal(TOKEN, FOR);
    expect(sealed).not.toContain(TOKEN.split('.')[1]);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(seal.open(sealed, FOR)).toBe(TOKEN);
    // A fresh IV each time: the same token never seals to the same text.
    expect(seal.seal(TOKEN, FOR)).not.toBe(sealed);
  });

  it('does not open for another record, with another secret, or when altered', () => {
    const seal = createTokenSeal('client-secret');
    const sealed = seal.seal(TOKEN, FOR);
    expect(seal.open(sealed, `${FOR}x`)).toBeUndefined();
    expect(createTokenSeal('rotated-secret').open(sealed, FOR)).toBeUndefined();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${body?.[0] === 'A' ? 'B' : 'A'}${body?.slice(1)}`;
    expect(seal.open([v, iv, tag, flipped].join('.'), FOR)).toBeUndefined();
    expect(seal.open('v2.x.y.z', FOR)).toBeUndefined();
    expect(seal.open('garbage', FOR)).toBeUndefined();
  });

  it('gives each purpose its own key; the broadcast purpose is the default (older seals still open)', () => {
    const broadcast = createTokenSeal('client-secret');
    const offline = createTokenSeal('client-secret', SEAL_PURPOSES.offlineSignIn);
    const sealed = offline.seal(TOKEN, ALICE.aadObjectId);
    expect(offline.open(sealed, ALICE.aadObjectId)).toBe(TOKEN);
    expect(broadcast.open(sealed, ALICE.aadObjectId)).toBeUndefined();
    expect(offline.open(broadcast.seal(TOKEN, FOR), FOR)).toBeUndefined();
    expect(createTokenSeal('client-secret', SEAL_PURPOSES.broadcast).open(broadcast.seal(TOKEN, FOR), FOR)).toBe(TOKEN);
  });

  it("reads a JWT's expiry; an opaque token has none", () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    expect(tokenExpiresAt(`${part({ alg: 'HS256' })}.${part({ oid: ALICE.aadObjectId, exp })}.sig`)).toBe(exp * 1000);
    expect(tokenExpiresAt('sandbox.a11ce000')).toBeUndefined();
  });
});
