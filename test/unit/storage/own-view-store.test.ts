// The memory own-view store's budgets (issue 13): a view holds the person's own card (the form again
// with a long message is ~30 KB) and the shared card, so it is bounded by bytes, per person and by
// age. What every own-view store does (memory, Blob): test/contract/own-view-store.contract.ts.
import { loadConfig } from '../../../src/config';
import { buildBot } from '../../../src/create-bot';
import { createLogger } from '../../../src/logger';
import { createMemoryOwnViewStore, OWN_VIEW_DEFAULTS, type OwnView } from '../../../src/storage/own-view-store';
import { ownView } from '../../contract/own-view-store.contract';

const HOUR = 60 * 60_000;
const KB = 1024;
const MB = 1024 * KB;

const view = (person: string, kb = 30): OwnView => ownView(person, kb);

describe('own-view store budgets', () => {
  it('defaults: 32 MB, 20 views per person, 24 hours', () => {
    expect(OWN_VIEW_DEFAULTS).toEqual({ maxBytes: 32 * MB, perPerson: 20, ttlMs: 24 * HOUR });
  });

  it('2,000 views of ~30 KB (~60 MB) stay under 32 MB, the oldest forgotten first; so do 20,000', async () => {
    const store = createMemoryOwnViewStore();
    for (let i = 0; i < 2_000; i++) await store.save(`view-${i}`, view(`person-${i % 500}`));
    expect(store.bytes).toBeLessThanOrEqual(32 * MB);
    // Nearly the whole budget is used: ~1,090 views of ~30 KB fit in 32 MB.
    expect(store.bytes).toBeGreaterThan(31 * MB);
    expect(store.size).toBeGreaterThan(1_000);
    expect(store.size).toBeLessThan(1_100);
    expect((await store.get('view-1999'))?.aadObjectId).toBe('person-499');
    expect(await store.get('view-0')).toBeUndefined();
    // The count cap let 20,000 such views hold ~600 MB.
    for (let i = 2_000; i < 20_000; i++) await store.save(`view-${i}`, view(`person-${i % 2_000}`));
    expect(store.bytes).toBeLessThanOrEqual(32 * MB);
    expect(store.size).toBeLessThan(1_100);
    expect((await store.get('view-19999'))?.aadObjectId).toBe('person-1999');
  });

  it("one person's 21st view forgets their first, not someone else's", async () => {
    const store = createMemoryOwnViewStore();
    await store.save('bob-0', view('bob', 1));
    for (let i = 0; i < 21; i++) await store.save(`alice-${i}`, view('alice', 1));
    expect(await store.get('alice-0')).toBeUndefined();
    for (let i = 1; i < 21; i++) expect((await store.get(`alice-${i}`))?.aadObjectId).toBe('alice');
    expect((await store.get('bob-0'))?.aadObjectId).toBe('bob');
    expect(store.size).toBe(21);
  });

  it("gives back an expired view's bytes when it is met (time passed in)", async () => {
    let t = 1_700_000_000_000;
    const store = createMemoryOwnViewStore({ now: () => t });
    await store.save('v', view('alice', 1));
    t += 24 * HOUR;
    expect(await store.get('v')).toBeUndefined();
    expect(store.bytes).toBe(0);
  });

  it('takes its budget as configured', async () => {
    const store = createMemoryOwnViewStore({ maxBytes: MB, perPerson: 2 });
    for (let i = 0; i < 3; i++) await store.save(`alice-${i}`, view('alice', 1));
    expect(await store.get('alice-0')).toBeUndefined();
    for (let i = 0; i < 100; i++) await store.save(`view-${i}`, view(`person-${i}`));
    expect(store.bytes).toBeLessThanOrEqual(MB);
    expect(store.size).toBeLessThan(40);
  });
});

describe("the bot's own-view store", () => {
  it("is built with OWN_VIEWS_PER_PERSON and OWN_VIEW_TTL_HOURS, on the bot's clock", async () => {
    let t = 1_700_000_000_000;
    const config = loadConfig({ DATA_DIR: ':memory:', OWN_VIEWS_PER_PERSON: '1', OWN_VIEW_TTL_HOURS: '2' });
    const bot = buildBot(config, { logger: createLogger('silent'), now: () => t });
    try {
      const { ownViews } = bot.deps;
      await ownViews.save('first', view('alice', 1));
      await ownViews.save('second', view('alice', 1));
      expect(await ownViews.get('first')).toBeUndefined();
      expect((await ownViews.get('second'))?.aadObjectId).toBe('alice');
      t += 2 * HOUR;
      expect(await ownViews.get('second')).toBeUndefined();
    } finally {
      bot.close();
    }
  });
});
