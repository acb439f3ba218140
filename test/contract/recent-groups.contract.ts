// What every RecentGroups must do (SQLite, Blob): per person, newest first, capped, expiring, and
// no use lost when several are recorded at once. Run by test/integration/storage-contracts.test.ts.
import type { RecentGroups, RecentGroupsOptions } from '../../src/storage/recent-groups';

export type MakeRecentGroups = (options?: RecentGroupsOptions) => Promise<RecentGroups>;

const ALEX = '418d916c-960c-47bd-a550-153891e29d69';
const MEGAN = '7c60c286-b211-4eea-95a0-90bc0c2e0ebf';
const g = (n: number) => `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function describeRecentGroupsContract(name: string, make: MakeRecentGroups): void {
  describe(`recent groups contract: ${name}`, () => {
    it('keeps each person their own groups, most recently used first, ids in lower case', async () => {
      const recent = await make();
      await recent.used(ALEX, g(1), 1000);
      await recent.used(ALEX, g(2).toUpperCase(), 2000);
      await recent.used(MEGAN, g(3), 1500);
      await recent.used(ALEX.toUpperCase(), g(1), 3000);
      await expect(recent.recent(ALEX, 3000)).resolves.toEqual([g(1), g(2)]);
      await expect(recent.recent(MEGAN, 3000)).resolves.toEqual([g(3)]);
      // An older time never moves a group back.
      await recent.used(ALEX, g(1), 10);
      await expect(recent.recent(ALEX, 3000)).resolves.toEqual([g(1), g(2)]);
    });

    it('keeps at most perPerson groups and forgets the ones older than the TTL', async () => {
      const recent = await make({ perPerson: 3, ttlMs: 1000 });
      for (let n = 1; n <= 5; n++) await recent.used(ALEX, g(n), n * 100);
      await expect(recent.recent(ALEX, 500)).resolves.toEqual([g(5), g(4), g(3)]);
      await expect(recent.recent(ALEX, 1350)).resolves.toEqual([g(5), g(4)]);
      await expect(recent.recent(ALEX, 5000)).resolves.toEqual([]);
    });

    it('loses no use when one person uses several groups at once (two instances, two tabs)', async () => {
      const recent = await make();
      await Promise.all([1, 2, 3, 4].map((n) => recent.used(ALEX, g(n), n * 100)));
      await expect(recent.recent(ALEX, 1000)).resolves.toEqual([g(4), g(3), g(2), g(1)]);
    });
  });
}
