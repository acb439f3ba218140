// What every TokenVault must do (SQLite, Blob): one entry per person whatever the case of the id,
// replaced by a later write, removed, and the ones not written since a time swept.
// Run by test/integration/storage-contracts.test.ts.
import type { TokenVault, VaultEntry } from '../../src/storage/token-vault';

export type MakeTokenVault = () => Promise<TokenVault>;

const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const BOB = 'b0b00000-0000-4000-8000-000000000b0b';
const T0 = 1_800_000_000_000;
const entry = (userId: string, sealed: string, usedAt = T0, keptAt = T0): VaultEntry => ({
  userId,
  sealed,
  keptAt,
  usedAt
});

export function describeTokenVaultContract(name: string, make: MakeTokenVault): void {
  describe(`token vault contract: ${name}`, () => {
    it('keeps one entry per person, read back whatever the case of the id, the last write winning', async () => {
      const vault = await make();
      await expect(vault.get(ALICE)).resolves.toBeUndefined();
      await vault.put(entry(ALICE.toUpperCase(), 'v1.sealed-a'));
      await vault.put(entry(BOB, 'v1.sealed-b'));
      await expect(vault.get(ALICE)).resolves.toEqual(entry(ALICE, 'v1.sealed-a'));
      await vault.put(entry(ALICE, 'v1.sealed-a2', T0 + 5, T0));
      await expect(vault.get(ALICE.toUpperCase())).resolves.toEqual(entry(ALICE, 'v1.sealed-a2', T0 + 5, T0));
      await expect(vault.get(BOB)).resolves.toEqual(entry(BOB, 'v1.sealed-b'));
    });

    it('removes one person only, and says whether there was anything', async () => {
      const vault = await make();
      await vault.put(entry(ALICE, 'a'));
      await vault.put(entry(BOB, 'b'));
      await expect(vault.remove(ALICE.toUpperCase())).resolves.toBe(true);
      await expect(vault.remove(ALICE)).resolves.toBe(false);
      await expect(vault.get(ALICE)).resolves.toBeUndefined();
      await expect(vault.get(BOB)).resolves.toEqual(entry(BOB, 'b'));
    });

    it('sweeps the entries not written since `before`, and only those', async () => {
      const vault = await make();
      await vault.put(entry(ALICE, 'a', T0 + 10));
      await vault.put(entry(BOB, 'b', T0 + 20));
      await expect(vault.sweep(T0 + 20)).resolves.toBe(1);
      await expect(vault.get(ALICE)).resolves.toBeUndefined();
      await expect(vault.get(BOB)).resolves.toEqual(entry(BOB, 'b', T0 + 20));
      await expect(vault.sweep(T0 + 20)).resolves.toBe(0);
      // A write since moves an entry out of the sweep.
      await vault.put(entry(BOB, 'b2', T0 + 100));
      await expect(vault.sweep(T0 + 50)).resolves.toBe(0);
      await expect(vault.get(BOB)).resolves.toMatchObject({ sealed: 'b2' });
    });
  });
}
