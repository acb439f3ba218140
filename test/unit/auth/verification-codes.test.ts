// The code /auth-end hands to Teams: random, bound to one person (object id and tenant), short
// lived, single use.
import { createVerificationCodes, CODE_TTL_MS } from '../../../src/auth/verification-codes';
import { createMemoryExpiringStore } from '../../../src/storage/expiring-store';
import { ALICE, BOB, TENANT_ID } from '../../helpers/entra';

const ALICE_REF = { aadObjectId: ALICE.aadObjectId, tenantId: TENANT_ID };

describe('verification codes', () => {
  const codes = () => createVerificationCodes(createMemoryExpiringStore());

  it('are random, url-safe and different every time', async () => {
    const c = codes();
    const [a, b] = [await c.issue(ALICE_REF, 0), await c.issue(ALICE_REF, 0)];
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
  });

  it('are accepted once, from the person they were issued to (object id case-insensitive)', async () => {
    const c = codes();
    const code = await c.issue(ALICE_REF, 0);
    await expect(c.accept(code, { ...ALICE_REF, aadObjectId: ALICE.aadObjectId.toUpperCase() }, 1)).resolves.toBe(true);
    await expect(c.accept(code, ALICE_REF, 2)).resolves.toBe(false);
  });

  it.each([
    ['another person', { aadObjectId: BOB.aadObjectId, tenantId: TENANT_ID }],
    ['the same object id in another tenant', { aadObjectId: ALICE.aadObjectId, tenantId: 'e0e0e000-0000-4000-8000-0' }],
    ['the same object id without a tenant', { aadObjectId: ALICE.aadObjectId }]
  ])('are refused from %s, and spent by the attempt', async (_label, someone) => {
    const c = codes();
    const code = await c.issue(ALICE_REF, 0);
    await expect(c.accept(code, someone, 1)).resolves.toBe(false);
    await expect(c.accept(code, ALICE_REF, 2)).resolves.toBe(false);
  });

  it('expire after a few minutes', async () => {
    const c = codes();
    const kept = await c.issue(ALICE_REF, 0);
    const late = await c.issue(ALICE_REF, 0);
    await expect(c.accept(kept, ALICE_REF, CODE_TTL_MS - 1)).resolves.toBe(true);
    await expect(c.accept(late, ALICE_REF, CODE_TTL_MS)).resolves.toBe(false);
    expect(CODE_TTL_MS).toBeLessThanOrEqual(10 * 60_000);
  });

  it('refuse anything not shaped like a code without looking it up', async () => {
    const store = createMemoryExpiringStore<{ aadObjectId: string; tenantId?: string }>();
    const take = jest.spyOn(store, 'take');
    const c = createVerificationCodes(store);
    for (const junk of ['', '0', 'x'.repeat(23), '<script>alert(1)</script>', '{"a":1}'])
      await expect(c.accept(junk, ALICE_REF, 0)).resolves.toBe(false);
    expect(take).not.toHaveBeenCalled();
  });
});
