// graphTokenIsOf: whose Graph token this is, read from the JWT without verifying it.
import { graphTokenIsOf } from '../../../src/auth/graph-token-owner';
import { ALICE, BOB, graphTokenFor } from '../../helpers/entra';

describe('graphTokenIsOf', () => {
  it("a JWT about the person is theirs (in any letter case); about someone else, it isn't", () => {
    expect(graphTokenIsOf(graphTokenFor(ALICE), ALICE.aadObjectId)).toBe(true);
    expect(graphTokenIsOf(graphTokenFor(ALICE), ALICE.aadObjectId.toUpperCase())).toBe(true);
    expect(graphTokenIsOf(graphTokenFor(BOB), ALICE.aadObjectId)).toBe(false);
  });

  it('a JWT without an oid (an app-only token, a forged one) belongs to nobody', () => {
    expect(graphTokenIsOf(graphTokenFor(ALICE, { oid: undefined }), ALICE.aadObjectId)).toBe(false);
    expect(graphTokenIsOf(graphTokenFor(ALICE, { oid: 42 }), ALICE.aadObjectId)).toBe(false);
  });

  it('an opaque token cannot be checked', () => {
    for (const token of ['graph-token-alice', 'sandbox.a11ce000', 'a.b.c', 'x.bnVsbA.y', ''])
      expect(graphTokenIsOf(token, ALICE.aadObjectId)).toBeUndefined();
  });
});
