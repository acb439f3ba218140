// What every PageCursorStore must do (SQLite, Blob): a random id for the card, the page behind it
// for its TTL, nothing for an unknown or malformed id. Run by test/integration/storage-contracts.test.ts.
import { type PageCursorStore, type PageCursorStoreOptions, isCursorId } from '../../src/storage/page-cursor-store';

export type MakeCursorStore = (options?: PageCursorStoreOptions) => Promise<PageCursorStore>;

const NOW = 1_000_000;
const ALEX = '418D916C-960C-47BD-A550-153891E29D69';
const GROUP = 'C0FFEE00-0000-4000-8000-000000000001';
const LINK = 'https://graph.microsoft.com/v1.0/groups/x/conversations?$skiptoken=abc';

export function describePageCursorStoreContract(name: string, make: MakeCursorStore): void {
  describe(`page cursor store contract: ${name}`, () => {
    it('gives a random 22-character id and reads the cursor back (ids and group in lower case)', async () => {
      const store = await make();
      const first = await store.save({ person: ALEX, groupId: GROUP, page: LINK, skip: 3 }, NOW);
      const second = await store.save({ person: ALEX, groupId: GROUP, skip: 5 }, NOW);
      expect(isCursorId(first)).toBe(true);
      expect(second).not.toBe(first);
      await expect(store.load(first, NOW)).resolves.toEqual({
        person: ALEX.toLowerCase(),
        groupId: GROUP.toLowerCase(),
        page: LINK,
        skip: 3
      });
      await expect(store.load(second, NOW)).resolves.toEqual({
        person: ALEX.toLowerCase(),
        groupId: GROUP.toLowerCase(),
        skip: 5
      });
    });

    it('forgets a cursor when it expires, and unknown or malformed ids are nothing', async () => {
      const store = await make({ ttlMs: 1000 });
      const id = await store.save({ person: ALEX, groupId: GROUP, skip: 0 }, NOW);
      await expect(store.load(id, NOW + 999)).resolves.toBeDefined();
      await expect(store.load(id, NOW + 1000)).resolves.toBeUndefined();
      await expect(store.load('A'.repeat(22), NOW)).resolves.toBeUndefined();
      await expect(store.load("' OR 1=1 --", NOW)).resolves.toBeUndefined();
    });

    it('refuses a bad id generator instead of storing what a card could not carry', async () => {
      const store = await make({ newId: () => 'short' });
      await expect(store.save({ person: ALEX, groupId: GROUP, skip: 0 }, NOW)).rejects.toThrow(/22 base64url/);
    });
  });
}
