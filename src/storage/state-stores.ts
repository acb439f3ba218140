// Every store whose state must outlive a turn, from one place, for `config.storage` (issue 14):
// the embedded SQLite file in DATA_DIR (one instance, local mode), or one Azure Blob container that
// every instance shares. Same interfaces either way: the rest of the bot cannot tell them apart.
//
// What stays per instance whatever the backend (README "Running several instances"): the rate
// limiters, the mailbox gate, the group directory cache and msal's token cache are built by the
// composition root, not here.
import type { ContainerClient } from '@azure/storage-blob';
import type { Config } from '../config';
import type { BroadcastStore } from './broadcast-store';
import type { DraftLedger } from './draft-ledger';
import { createSqliteBroadcastStore } from './sqlite-broadcast-store';
import { createSqliteDraftLedger } from './sqlite-draft-ledger';
import { createSqliteKeptDraftStore, type KeptDraftStore } from './kept-draft-store';
import { createSqlitePageCursorStore, type PageCursorStore } from './page-cursor-store';
import { createSqliteRecentGroups, type RecentGroups } from './recent-groups';
import { createMemoryExpiringStore, type ExpiringStore } from './expiring-store';
import { openDatabase, type SqliteDatabase } from './open-database';
import { createMemoryFormContextStore, type FormContextStore } from './form-context-store';
import { createMemoryOwnViewStore, type OwnViewStore } from './own-view-store';
import { createBlobFormContextStore } from './blob/blob-form-context-store';
import { createBlobOwnViewStore } from './blob/blob-own-view-store';
import { createBlobKeptDraftStore } from './blob/blob-kept-draft-store';
import { blobContainerClient, type OpenBlobContainerOptions } from './blob/open-blob-container';
import { createBlobDraftLedger } from './blob/blob-draft-ledger';
import { createBlobPageCursorStore } from './blob/blob-page-cursor-store';
import { createBlobRecentGroups } from './blob/blob-recent-groups';
import { createBlobExpiringStore } from './blob/blob-expiring-store';
import { createBlobBroadcastStore } from './blob/blob-broadcast-store';
import { createBlobTokenVault } from './blob/blob-token-vault';
import { createSqliteTokenVault } from './sqlite-token-vault';
import type { TokenVault } from './token-vault';
import { createBlobFollowStore } from './blob/blob-follow-store';
import { createBlobNotificationQueue } from './blob/blob-notification-queue';
import type { FollowStore } from './follow-store';
import { createSqliteNotificationQueue, type NotificationQueue } from './notification-queue';
import { createSqliteFollowStore } from './sqlite-follow-store';

export interface StateStores {
  ledger: DraftLedger;
  keptDrafts: KeptDraftStore;
  /** What each open form was opened with; the acting person's own view of a shared card. */
  forms: FormContextStore;
  ownViews: OwnViewStore;
  pageCursors: PageCursorStore;
  recentGroups: RecentGroups;
  /** Broadcasts to many groups (issue 15): resumed after a restart, on Blob by whichever instance starts. */
  broadcasts: BroadcastStore;
  /** Followers' sealed sign-ins (issue 16): a follow's subscription is renewed as them while they are away. */
  tokenVault: TokenVault;
  /** Channels following groups (issue 16): renewed and notified on whichever instance Graph reaches. */
  follows: FollowStore;
  /** Graph's change notifications, accepted by the edge and waiting for a worker (issue 16). */
  notifications: NotificationQueue;
  /**
   * Single-use entries under `name` (the sign-in pop-up's verification codes and spent nonces, the
   * claimed token-exchange ids): in memory on the embedded default, shared on Blob.
   */
  expiring<T>(name: string): ExpiringStore<T>;
  /** The SQLite file (teams-ai's state lives there too on the embedded default); in memory on Blob. */
  db: SqliteDatabase;
  /** Kind 'blob': the shared container (ensureBlobContainer creates it when missing). */
  container?: ContainerClient;
  /**
   * At start: posts that were running when the previous process stopped are now in doubt. Only
   * where one process owns the state: on Blob another instance's pending claim is a live post, and
   * a dead instance's is taken over once stale (blob-draft-ledger.ts).
   */
  recoverInterrupted: boolean;
}

export function createStateStores(config: Config, now: () => number, blob: OpenBlobContainerOptions = {}): StateStores {
  const { memory } = config;
  // On Blob nothing is kept in SQLite: no file under DATA_DIR is created or locked (App Service
  // mounts one /home on every instance); an empty in-memory database stands in for the callers
  // that take one (the close at stop).
  const db = openDatabase(
    config.storage.kind === 'sqlite' ? (config.dataDir ?? undefined) : undefined,
    'bot-state.sqlite'
  );
  if (config.storage.kind === 'sqlite') {
    return {
      ledger: createSqliteDraftLedger(db),
      keptDrafts: createSqliteKeptDraftStore(db),
      // In memory, bounded by bytes, per person and by age (issue 13): one process holds them.
      forms: createMemoryFormContextStore({
        maxBytes: memory.formStoreMaxBytes,
        perPerson: memory.formsPerPerson,
        ttlMs: memory.formTtlMs,
        now
      }),
      ownViews: createMemoryOwnViewStore({
        maxBytes: memory.ownViewStoreMaxBytes,
        perPerson: memory.ownViewsPerPerson,
        ttlMs: memory.ownViewTtlMs,
        now
      }),
      pageCursors: createSqlitePageCursorStore(db),
      recentGroups: createSqliteRecentGroups(db),
      broadcasts: createSqliteBroadcastStore(db),
      tokenVault: createSqliteTokenVault(db),
      follows: createSqliteFollowStore(db),
      notifications: createSqliteNotificationQueue(db, { now }),
      // In memory: a restart forgets sign-ins finishing at that moment (the person signs in again).
      expiring: () => createMemoryExpiringStore(),
      db,
      recoverInterrupted: true
    };
  }
  const container = blobContainerClient(config.storage, blob);
  return {
    ledger: createBlobDraftLedger(container),
    // A form opened on one instance is posted on another, a slow post's own view refreshed on a third.
    keptDrafts: createBlobKeptDraftStore(container),
    forms: createBlobFormContextStore(container, { ttlMs: memory.formTtlMs, now }),
    ownViews: createBlobOwnViewStore(container, { ttlMs: memory.ownViewTtlMs, now }),
    pageCursors: createBlobPageCursorStore(container),
    recentGroups: createBlobRecentGroups(container),
    broadcasts: createBlobBroadcastStore(container),
    // Shared: whichever instance renews a follow's subscription needs the follower's sign-in.
    tokenVault: createBlobTokenVault(container),
    // Shared: Graph posts to whichever instance, and any instance's worker takes and renews.
    follows: createBlobFollowStore(container, { now }),
    notifications: createBlobNotificationQueue(container, { now }),
    // Shared: the pop-up's redirect, Teams' resent action and a duplicate exchange may each reach
    // another instance than the one that issued the code or claimed the id.
    expiring: (name) => createBlobExpiringStore(container, name),
    db,
    container,
    recoverInterrupted: false
  };
}
