// Where "More" on a list card goes next. Graph's nextLink is a URL that the person's token will be
// sent to, so it never travels in a card (card data comes back from the client and can be
// edited): the card carries a random id, and the page it stands for is kept here, with who may
// use it and for which group. Kept in the bot's state database (bot-state.sqlite), so a card's
// More still works after a restart; each cursor expires after `ttlMs`.
// Async by contract so a shared store can replace SQLite without touching its callers.
import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from './open-database';

/** A page of a group's conversations, part of which a card may already have shown. */
export interface PageCursor {
  /** The Teams user (AAD object id) whose list this is. */
  person: string;
  groupId: string;
  /** Graph's nextLink for the page, as Graph gave it; undefined: the first page. */
  page?: string;
  /**
   * Rows of that page already shown. Graph pages are not cut at five (the bot does not rely on
   * $top), so More may resume in the middle of one.
   */
  skip: number;
}

export interface PageCursorStore {
  /** Keeps `cursor` until `now + ttlMs`; resolves with the id a card carries. */
  save(cursor: PageCursor, now: number): Promise<string>;
  /** The cursor, when `id` names one that has not expired. */
  load(id: string, now: number): Promise<PageCursor | undefined>;
}

export const PAGE_CURSOR_TTL_MS = 24 * 60 * 60_000;
/** 128 random bits, base64url: the only shape a card's cursor may have. */
const CURSOR_ID = /^[A-Za-z0-9_-]{22}$/;

export function isCursorId(value: unknown): value is string {
  return typeof value === 'string' && CURSOR_ID.test(value);
}

/** Why `person` may not use `cursor` for `groupId`; undefined when they may. */
export function cursorRefusal(
  cursor: PageCursor,
  person: string,
  groupId: string
): 'another_person' | 'another_group' | undefined {
  if (cursor.person.toLowerCase() !== person.toLowerCase()) return 'another_person';
  if (cursor.groupId.toLowerCase() !== groupId.toLowerCase()) return 'another_group';
  return undefined;
}

export interface PageCursorStoreOptions {
  ttlMs?: number;
  newId?: () => string;
}

/** The id generator of `options` (default: 128 random bits), checked: refuses what a card could not carry. */
export function cursorIds(options: PageCursorStoreOptions): () => string {
  const newId = options.newId ?? (() => randomBytes(16).toString('base64url'));
  return () => {
    const id = newId();
    if (!isCursorId(id)) throw new Error('page cursor ids must be 22 base64url characters');
    return id;
  };
}

export function createSqlitePageCursorStore(db: SqliteDatabase, options: PageCursorStoreOptions = {}): PageCursorStore {
  const ttlMs = options.ttlMs ?? PAGE_CURSOR_TTL_MS;
  const newId = cursorIds(options);
  db.exec(
    'CREATE TABLE IF NOT EXISTS page_cursors (id TEXT PRIMARY KEY, person TEXT NOT NULL, group_id TEXT NOT NULL, ' +
      'page TEXT, skip INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID'
  );
  db.exec('CREATE INDEX IF NOT EXISTS page_cursors_by_expiry ON page_cursors (expires_at)');
  const insert = db.prepare(
    'INSERT INTO page_cursors (id, person, group_id, page, skip, expires_at) VALUES (?, ?, ?, ?, ?, ?)'
  );
  const select = db.prepare<[string, number], { person: string; group_id: string; page: string | null; skip: number }>(
    'SELECT person, group_id, page, skip FROM page_cursors WHERE id = ? AND expires_at > ?'
  );
  const purge = db.prepare('DELETE FROM page_cursors WHERE expires_at <= ?');
  return {
    async save(cursor, now) {
      const id = newId();
      // Expired cursors go whenever a new one is made: no timer, nothing outlives its time by much.
      purge.run(now);
      insert.run(
        id,
        cursor.person.toLowerCase(),
        cursor.groupId.toLowerCase(),
        cursor.page ?? null,
        cursor.skip,
        now + ttlMs
      );
      return id;
    },
    async load(id, now) {
      if (!isCursorId(id)) return undefined;
      const row = select.get(id, now);
      if (!row) return undefined;
      return {
        person: row.person,
        groupId: row.group_id,
        skip: row.skip,
        ...(row.page === null ? {} : { page: row.page })
      };
    }
  };
}
