// What every KeptDraftStore must do (SQLite, Blob): a long message kept per form AND person (ids
// in any case), exactly as typed, for its TTL and only briefly once posted; never given to another
// person or form; and, where several instances share the state, kept on one and read on another.
// Run by test/integration/storage-contracts.test.ts.
import { KEPT_DRAFT_TTL_MS, type KeptDraftStore } from '../../src/storage/kept-draft-store';

export type MakeKeptDraftStore = (ttlMs?: number) => Promise<KeptDraftStore>;

const DRAFT = 'D0000000-0000-4000-8000-000000000001';
const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const BOB = 'b0b00000-0000-4000-8000-000000000b0b';
const T0 = 1_800_000_000_000;

export function describeKeptDraftStoreContract(
  name: string,
  make: MakeKeptDraftStore,
  /** Two instances on one shared state (for SQLite: two connections to one file). */
  twoInstances?: () => Promise<[KeptDraftStore, KeptDraftStore]>
): void {
  describe(`kept-draft store contract: ${name}`, () => {
    it('gives back what a person kept for a form, whatever the case of the ids', async () => {
      const kept = await make();
      await kept.keep(DRAFT, ALICE, 'long text', T0);
      expect(await kept.get(DRAFT.toLowerCase(), ALICE.toUpperCase(), T0 + 1)).toBe('long text');
      await kept.keep(DRAFT, ALICE, 'newer text', T0 + 2);
      expect(await kept.get(DRAFT, ALICE, T0 + 3)).toBe('newer text');
    });

    it('gives the message back exactly: 32,000 characters, emoji, a lone surrogate, markup', async () => {
      const kept = await make();
      const body = `<b>Q3</b> 😀 \uD83D end ${'long line\n'.repeat(3_200)}`.slice(0, 32_000);
      await kept.keep(DRAFT, ALICE, body, T0);
      expect(await kept.get(DRAFT, ALICE, T0 + 1)).toBe(body);
    });

    it("never gives one person another person's message, nor another form's", async () => {
      const kept = await make();
      await kept.keep(DRAFT, ALICE, "Alice's text", T0);
      expect(await kept.get(DRAFT, BOB, T0)).toBeUndefined();
      expect(await kept.get('d0000000-0000-4000-8000-000000000002', ALICE, T0)).toBeUndefined();
      await kept.forget(DRAFT, BOB);
      expect(await kept.get(DRAFT, ALICE, T0)).toBe("Alice's text");
      await kept.forget(DRAFT.toLowerCase(), ALICE.toUpperCase());
      expect(await kept.get(DRAFT, ALICE, T0)).toBeUndefined();
    });

    it('expires after its time (24 hours by default), and sooner once posted', async () => {
      const kept = await make();
      expect(kept.ttlMs).toBe(KEPT_DRAFT_TTL_MS);
      expect(KEPT_DRAFT_TTL_MS).toBe(24 * 60 * 60 * 1000);
      await kept.keep(DRAFT, ALICE, 'x', T0);
      expect(await kept.get(DRAFT, ALICE, T0 + KEPT_DRAFT_TTL_MS - 1)).toBe('x');
      expect(await kept.get(DRAFT, ALICE, T0 + KEPT_DRAFT_TTL_MS)).toBeUndefined();
      await kept.keep(DRAFT, ALICE, 'y', T0);
      await kept.expireBy(DRAFT, ALICE, T0 + 1000);
      expect(await kept.get(DRAFT, ALICE, T0 + 999)).toBe('y');
      expect(await kept.get(DRAFT, ALICE, T0 + 1000)).toBeUndefined();
      // expireBy never extends; on nothing kept it does nothing.
      await kept.keep(DRAFT, ALICE, 'z', T0);
      await kept.expireBy(DRAFT, ALICE, T0 + 2 * KEPT_DRAFT_TTL_MS);
      expect(await kept.get(DRAFT, ALICE, T0 + KEPT_DRAFT_TTL_MS)).toBeUndefined();
      await kept.expireBy(DRAFT, BOB, T0);
      expect(await kept.get(DRAFT, BOB, T0)).toBeUndefined();
    });

    it('takes its TTL as given', async () => {
      const kept = await make(1000);
      expect(kept.ttlMs).toBe(1000);
      await kept.keep(DRAFT, ALICE, 'short', T0);
      expect(await kept.get(DRAFT, ALICE, T0 + 999)).toBe('short');
      expect(await kept.get(DRAFT, ALICE, T0 + 1000)).toBeUndefined();
    });

    it('of two expireBy at once the earlier time holds, whichever lands last', async () => {
      const kept = await make();
      await kept.keep(DRAFT, ALICE, 'posted twice', T0);
      await Promise.all([kept.expireBy(DRAFT, ALICE, T0 + 2000), kept.expireBy(DRAFT, ALICE, T0 + 1000)]);
      expect(await kept.get(DRAFT, ALICE, T0 + 999)).toBe('posted twice');
      expect(await kept.get(DRAFT, ALICE, T0 + 1000)).toBeUndefined();
    });

    if (twoInstances) {
      it('kept on instance A, read on instance B; shortened on B and forgotten on A for both', async () => {
        const [a, b] = await twoInstances();
        await a.keep(DRAFT, ALICE, 'typed on A 😀', T0);
        expect(await b.get(DRAFT, ALICE, T0 + 1)).toBe('typed on A 😀');
        await b.expireBy(DRAFT, ALICE, T0 + 1000);
        expect(await a.get(DRAFT, ALICE, T0 + 1000)).toBeUndefined();
        await b.keep(DRAFT, ALICE, 'again on B', T0);
        await a.forget(DRAFT, ALICE);
        expect(await b.get(DRAFT, ALICE, T0 + 1)).toBeUndefined();
      });
    }
  });
}
