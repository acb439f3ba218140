// Composition root: config → dependencies → teams-ai app → restify server. Tests call this
// with their own config and overrides; src/index.ts calls it with the environment's.
import { randomUUID } from 'node:crypto';
import type { INetworkModule } from '@azure/msal-node';
import type { Server } from 'restify';
import type { ContainerClient } from '@azure/storage-blob';
import type { Config } from './config';
import type { Logger } from './logger';
import { createHttpGraphClient } from './graph/http-graph-client';
import { withGraphRetries } from './graph/retrying-graph-client';
import { DEFAULT_RETRY } from './graph/retry-policy';
import { createMailboxGate, withMailboxGate } from './graph/mailbox-gate';
import { createGroupDirectory } from './core/group-directory';
import { createConversationScanner } from './core/conversation-scan';
import { createRateLimiter } from './core/rate-limiter';
import { createSqliteKeyValueStorage } from './storage/sqlite-key-value-storage';
import { createStateStores } from './storage/state-stores';
import { BLOB_PIPELINE_OPTIONS, ensureBlobContainer } from './storage/blob/open-blob-container';
import { createTeamsAiStorage } from './teams/app/teams-ai-storage';
import { createSharedTokenCache } from './auth/shared-token-cache';
import { buildMsalConfig } from './auth/msal-config';
import { createMsalNetworkClient } from './auth/msal-network-client';
import { createOboTokenProvider } from './auth/obo-token-provider';
import { createLocalTokenProvider } from './auth/local-token-provider';
import { createSignInFlow, type SignInFlow } from './auth/sign-in-flow';
import { createVerificationCodes } from './auth/verification-codes';
import { createBotAdapter, createBotApp, type BotDeps } from './teams/app';
import { createServer } from './server';
import { createBroadcaster } from './teams/broadcast/broadcaster';
import { createCardUpdates } from './teams/broadcast/card-updates';
import { createTokenSeal } from './auth/token-seal';
import { DEFAULT_RETENTION, privacyPage } from './http/info-pages';
import type { NotificationQueue } from './storage/notification-queue';
import type { SubscriptionDirectory } from './storage/subscription-directory';
import { createChannelPace } from './teams/follow/channel-pace';
import { followSubscriptionDirectory } from './teams/follow/follow-directory';
import { createFollowing, type Following } from './teams/follow/following';
import type { FollowDeps } from './teams/follow/follow-deps';
import type { AddressInfo } from 'node:net';

export interface BuildOptions {
  logger: Logger;
  now?: () => number;
  newDraftId?: () => string;
  newExchangeId?: () => string;
  /** Background tasks (BotDeps.schedule); default: a timer that does not keep the process alive. */
  schedule?: BotDeps['schedule'];
  /** msal-node's network module (benchmarks count token requests through it). */
  msalNetworkClient?: INetworkModule;
  /** teams-ai's turn state (BotDeps.storage) instead of the SQLite one: tests share or break it. */
  storage?: BotDeps['storage'];
  /** The claimed signin/tokenExchange ids (BotDeps.tokenExchanges): tests share one between two bots. */
  tokenExchanges?: BotDeps['tokenExchanges'];
  /**
   * The follow feature's background work (issue 16): `kick` works on notifications as they arrive,
   * `timers` renews and polls on its own clock. Both by default; tests drive either themselves.
   */
  following?: { kick: boolean; timers: boolean };
}

export interface BuiltBot {
  server: Server;
  deps: BotDeps;
  /**
   * Resolves once the shared state has been tried (Blob: the container created when missing). A
   * storage down at start does not stop the bot: `help` answers, posts are refused ("Can't post
   * right now … nothing was sent"), and the container is tried again until it answers.
   */
  ready(): Promise<void>;
  /**
   * What Graph's notifications feed (issue 16): the subscriptions the edge trusts (the channels'
   * active follows) and the queue it fills, which `following`'s worker drains.
   */
  notifications: { subscriptions: SubscriptionDirectory; queue: NotificationQueue };
  /** A channel following a group (issue 16): the notification worker and renewals, started by ready(). */
  following: Following;
  /** Closes the state database (after the server has stopped). */
  close(): void;
}

export function buildBot(config: Config, options: BuildOptions): BuiltBot {
  const now = options.now ?? Date.now;
  const logger = options.logger;
  // Each attempt waits for a mailbox slot; a retry waiting out Retry-After holds none.
  const graphHttp = createHttpGraphClient({ baseUrl: config.graphBaseUrl, timeoutMs: config.graphTimeoutMs, now });
  const gate = createMailboxGate({ slots: config.graphMailboxConcurrency, maxWaiting: config.graphMailboxQueue, now });
  const gated = withMailboxGate(graphHttp, gate, config.graphConcurrencyScope);
  const graph = withGraphRetries(gated);
  // A broadcast's creates are sent once: a throttled group waits out Retry-After in the broadcast's
  // queue (run-broadcast.ts retryThrottled, the same policy), not in a worker the other groups need.
  const broadcastGraph = withGraphRetries(gated, DEFAULT_RETRY, 'once');

  const stores = createStateStores(config, now);
  let tokens: BotDeps['tokens'];
  let sso: BotDeps['sso'];
  let signIn: SignInFlow | undefined;
  if (config.mode === 'teams' && config.aad && config.publicBaseUrl) {
    const tokenCache = createSharedTokenCache({
      idleMs: config.memory.tokenCacheIdleMs,
      maxAccounts: config.memory.tokenCacheMaxAccounts,
      now
    });
    const msalConfig = buildMsalConfig(config.aad, tokenCache, options.msalNetworkClient ?? createMsalNetworkClient());
    // A follower's sign-in is kept sealed in the token vault, for renewals while they are away (issue 16).
    const obo = createOboTokenProvider(msalConfig, config.graphScopes, logger, tokenCache.touch, {
      vault: stores.tokenVault,
      now
    });
    signIn = createSignInFlow({
      aad: config.aad,
      publicBaseUrl: config.publicBaseUrl,
      scopes: config.graphScopes,
      redeem: obo.redeemCode,
      forget: obo.signOut,
      codes: createVerificationCodes(stores.expiring('sign-in-codes')),
      spentNonces: stores.expiring('sign-in-nonces'),
      now
    });
    tokens = obo;
    sso = { msalConfig, signInUrl: signIn.startUrl };
  } else {
    tokens = createLocalTokenProvider();
  }

  const { ledger, db } = stores;
  // Posts that were running when the previous process stopped are in doubt: their next submit
  // looks in Graph before posting (only where one process owns the state: state-stores.ts).
  if (stores.recoverInterrupted)
    void ledger
      .recoverInterrupted()
      .then((n) => n > 0 && logger.warn({ drafts: n }, 'drafts interrupted by the last stop are now in doubt'));
  const schedule: BotDeps['schedule'] =
    options.schedule ??
    ((delayMs, task) => {
      setTimeout(
        () => void task().catch((err: unknown) => logger.warn({ err }, 'a background task failed')),
        delayMs
      ).unref();
    });
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const groups = createGroupDirectory(graph, now);
  const adapter = createBotAdapter(config);
  // One way to reach a card after its turn (a late result, a second look, a broadcast's progress).
  const updateCard = createCardUpdates(adapter, { appId: config.bot?.appId ?? '', sleep, random: Math.random });
  const broadcaster = createBroadcaster({
    graph: broadcastGraph,
    // At most 50 ms of jitter on a throttled group's Retry-After, not 250: each group is a mailbox of
    // its own, so a broadcast's groups never come back to one mailbox together; the jitter only keeps
    // several broadcasts from the same instant. Backoff without a Retry-After is unchanged.
    retryThrottled: { ...DEFAULT_RETRY, retryAfterJitterMs: 50 },
    groups,
    ledger,
    now,
    reconcileGraceMs: config.reconcileGraceMs,
    logger,
    store: stores.broadcasts,
    tokens,
    settings: config.broadcast,
    updateCard,
    schedule,
    sleep,
    // Teams mode with a client secret: a running broadcast keeps the person's token sealed, to resume.
    seal: config.mode === 'teams' && config.aad?.clientSecret ? createTokenSeal(config.aad.clientSecret) : undefined
  });
  const deps: BotDeps = {
    config,
    logger,
    graph,
    tokens,
    sso,
    signIn,
    ledger,
    rateLimiter: createRateLimiter({ limit: config.postsPerMinute, windowMs: 60_000 }),
    readLimiter: createRateLimiter({ limit: config.readsPerMinute, windowMs: 60_000 }),
    storage:
      options.storage ??
      createTeamsAiStorage(config.storage, {
        sqlite: () => createSqliteKeyValueStorage(db),
        blob: { pipeline: BLOB_PIPELINE_OPTIONS }
      }),
    tokenExchanges: options.tokenExchanges ?? stores.expiring('token-exchanges'),
    forms: stores.forms,
    keptDrafts: stores.keptDrafts,
    ownViews: stores.ownViews,
    groups,
    // The compose box's search: one bounded scan per person a minute (issue 17).
    conversationScan: createConversationScanner({
      graph,
      now,
      onGroupFailed: (_groupId, err) => logger.info({ err }, "a group's conversations could not be searched")
    }),
    recentGroups: stores.recentGroups,
    pageCursors: stores.pageCursors,
    broadcasts: stores.broadcasts,
    broadcaster,
    updateCard,
    now,
    schedule,
    newDraftId: options.newDraftId ?? randomUUID,
    newExchangeId: options.newExchangeId ?? randomUUID
  };
  // Following a group (issue 16): Graph calls back on the bot's public address (Teams), or on the
  // loopback address it listens on (local mode: the sandbox is on this machine), known once listening.
  let server: Server | undefined;
  const notificationBase = (): string | undefined => {
    if (config.mode === 'teams') return config.publicBaseUrl;
    const address = server?.address() as AddressInfo | string | null | undefined;
    return address && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : undefined;
  };
  // In the state store (SQLite, or Blob shared by every instance): Graph may call any instance.
  const followStore = stores.follows;
  const follow: FollowDeps = {
    graph,
    store: followStore,
    offline: tokens.offline ?? {
      keep: async () => false,
      token: async () => undefined,
      forget: async () => undefined
    },
    updateCard,
    pace: createChannelPace({ gapMs: config.follow.channelGapMs, now, sleep }),
    settings: config.follow,
    notificationUrls: () => {
      const base = notificationBase();
      return base
        ? { change: `${base}/api/notifications`, lifecycle: `${base}/api/notifications/lifecycle` }
        : undefined;
    },
    now,
    newId: randomUUID,
    logger,
    sweepKeptSignIns: (before) => stores.tokenVault.sweep(before)
  };
  deps.follow = follow;
  const app = createBotApp(deps, adapter);
  const notifications = {
    subscriptions: followSubscriptionDirectory(followStore),
    queue: stores.notifications
  };
  const following = createFollowing(follow, notifications.queue);
  const background = options.following ?? { kick: true, timers: true };
  server = createServer({
    logger,
    adapter,
    app,
    // App Service's front end sets `client-ip` (overwriting a client's own): trusted in Teams mode only.
    signIn: signIn && { flow: signIn, now, clientAddressHeader: config.mode === 'teams' ? 'client-ip' : undefined },
    allowedTenants: config.allowedTenants,
    channel: config,
    privacyPage: privacyPage({
      ...DEFAULT_RETENTION,
      formTtlHours: config.memory.formTtlMs / 3_600_000,
      formsPerPerson: config.memory.formsPerPerson,
      ownViewHours: config.memory.ownViewTtlMs / 3_600_000,
      ownViewsPerPerson: config.memory.ownViewsPerPerson,
      tokenIdleDays: config.memory.tokenCacheIdleMs / 86_400_000,
      tokenMaxAccounts: config.memory.tokenCacheMaxAccounts,
      broadcastHours: config.broadcast.keepMs / 3_600_000
    }),
    http: config.http,
    notifications: { ...notifications, now, ...(background.kick ? { onQueued: following.worker.kick } : {}) }
  });
  return {
    server,
    deps,
    notifications,
    following,
    ready: async () => {
      if (stores.container) await openWhenReachable(stores.container, logger);
      // Broadcasts a stop interrupted go on by themselves, updating the same cards (issue 15).
      await broadcaster
        .resumeUnfinished()
        .catch((err: unknown) => logger.warn({ err }, 'could not read the broadcasts to resume'));
      if (background.timers) following.start();
    },
    close: () => {
      following.stop();
      db.close();
    }
  };
}

const RETRY_CONTAINER_MS = 10_000;

async function openWhenReachable(container: ContainerClient, logger: Logger): Promise<void> {
  const attempt = () =>
    ensureBlobContainer(container).then(
      () => true,
      (err: unknown) => {
        logger.warn(
          { err, retryInMs: RETRY_CONTAINER_MS },
          'Blob storage unreachable: posts are refused until it answers'
        );
        return false;
      }
    );
  if (await attempt()) return;
  const timer = setInterval(() => {
    void attempt().then((ok) => {
      if (!ok) return;
      clearInterval(timer);
      logger.info('Blob storage reachable again');
    });
  }, RETRY_CONTAINER_MS);
  timer.unref();
}
