// A memory map bounded three ways (issue 13), for caches whose entries differ a lot in size and
// belong to one person each: by the bytes all entries hold together (a count alone let 20,000
// entries of ~30 KB hold 1.16 GB), by live entries per owner (one person saving entry after entry
// only pushes out their own oldest), and by age. Time is passed in, so tests need no clock.
// Framework-free: the form-context and own-view stores are thin users of it.

export interface MemoryBudget {
  /** All entries together, in the bytes `sizeOf` reports. */
  maxBytes: number;
  /** Live entries per owner; saving one more forgets that owner's oldest. */
  perOwner: number;
  /** An entry is forgotten this long after it was saved. */
  ttlMs: number;
  now: () => number;
}

export interface BudgetedMemoryMapOptions<V> extends MemoryBudget {
  /** Whose entry it is (the per-owner cap counts these). */
  ownerOf: (value: V) => string;
  /** What the entry holds, in bytes (e.g. `jsonBytes`). */
  sizeOf: (key: string, value: V) => number;
}

/** What a memory store holds right now (for tests and the memory figures). */
export interface MemoryFigures {
  readonly bytes: number;
  readonly size: number;
}

export interface BudgetedMemoryMap<V> extends MemoryFigures {
  save(key: string, value: V): void;
  get(key: string): V | undefined;
}

/** A store's budget as its settings name it: each entry belongs to one person. */
export interface PerPersonBudget {
  /** All entries together, in UTF-16 bytes of what they hold. */
  maxBytes: number;
  /** Live entries per person; saving one more forgets their oldest. */
  perPerson: number;
  /** An entry is forgotten this long after it was saved. */
  ttlMs: number;
  now: () => number;
}

// The Map, its entry and the per-owner list cost something beyond the strings themselves.
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * An entry's size: its JSON's length ×2 (JS strings are UTF-16), its key, and a fixed overhead.
 * JSON.stringify walks the value once: the same order of work as building the card it came from.
 */
export function jsonBytes(key: string, value: unknown): number {
  return (JSON.stringify(value).length + key.length) * 2 + ENTRY_OVERHEAD_BYTES;
}

interface Held<V> {
  value: V;
  owner: string;
  bytes: number;
  savedAt: number;
}

export function createBudgetedMemoryMap<V>(options: BudgetedMemoryMapOptions<V>): BudgetedMemoryMap<V> {
  const { maxBytes, perOwner, ttlMs, now, ownerOf, sizeOf } = options;
  // Insertion order is save order: the first entry is always the oldest, so both the byte budget
  // and the TTL drop from the front, and each save costs O(entries it forgets).
  const entries = new Map<string, Held<V>>();
  const byOwner = new Map<string, string[]>();
  let bytes = 0;

  const forget = (key: string): void => {
    const held = entries.get(key);
    if (!held) return;
    entries.delete(key);
    bytes -= held.bytes;
    // The owner saved with the entry, not ownerOf again: the value may have changed since.
    const keys = byOwner.get(held.owner);
    if (!keys) return;
    // At most `perOwner` keys: a linear search is cheap.
    const at = keys.indexOf(key);
    if (at >= 0) keys.splice(at, 1);
    if (keys.length === 0) byOwner.delete(held.owner);
  };
  const expired = (held: Held<V>, at: number) => at - held.savedAt >= ttlMs;
  const forgetExpired = (at: number): void => {
    for (const [key, held] of entries) {
      if (!expired(held, at)) break;
      forget(key);
    }
  };

  return {
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
    save(key, value) {
      const at = now();
      forget(key);
      forgetExpired(at);
      const size = sizeOf(key, value);
      // A single entry over the whole budget is not kept: it behaves as a forgotten one.
      if (size > maxBytes) return;
      const owner = ownerOf(value);
      const keys = byOwner.get(owner) ?? [];
      // `> 0`: a cap below 1 keeps nothing of the owner's older entries, and never loops.
      while (keys.length > 0 && keys.length >= perOwner) forget(keys[0] as string);
      while (bytes + size > maxBytes) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        forget(oldest.value);
      }
      entries.set(key, { value, owner, bytes: size, savedAt: at });
      bytes += size;
      keys.push(key);
      byOwner.set(owner, keys);
    },
    get(key) {
      const held = entries.get(key);
      if (!held) return undefined;
      if (expired(held, now())) {
        forget(key);
        return undefined;
      }
      return held.value;
    }
  };
}

/** A map whose owners are people: `budget` over the store's `defaults`, on Date.now unless given a clock. */
function createPerPersonMemoryMap<V>(
  defaults: Readonly<Omit<PerPersonBudget, 'now'>>,
  budget: Partial<PerPersonBudget>,
  personOf: (value: V) => string
): BudgetedMemoryMap<V> {
  const { maxBytes, perPerson, ttlMs } = { ...defaults, ...budget };
  return createBudgetedMemoryMap<V>({
    maxBytes,
    perOwner: perPerson,
    ttlMs,
    now: budget.now ?? Date.now,
    ownerOf: personOf,
    sizeOf: jsonBytes
  });
}

/**
 * The same map as a store, async like every store the bot's state lives in (issue 14: several
 * instances keep it in Azure Blob Storage instead, reachable only asynchronously).
 */
export interface PerPersonMemoryStore<V> extends MemoryFigures {
  save(key: string, value: V): Promise<void>;
  get(key: string): Promise<V | undefined>;
}

export function createPerPersonMemoryStore<V>(
  defaults: Readonly<Omit<PerPersonBudget, 'now'>>,
  budget: Partial<PerPersonBudget>,
  personOf: (value: V) => string
): PerPersonMemoryStore<V> {
  const map = createPerPersonMemoryMap(defaults, budget, personOf);
  return {
    get bytes() {
      return map.bytes;
    },
    get size() {
      return map.size;
    },
    // `async`: whatever the map throws (the JSON of a cyclic value) reaches the caller as a rejection.
    async save(key, value) {
      map.save(key, value);
    },
    async get(key) {
      return map.get(key);
    }
  };
}
