// Composition root: config → dependencies → teams-ai app → restify server. Tests call this
// with their own config and overrides; src/index.ts calls it with the environment's.
import { randomUUID } from 'node:crypto';
import type { INetworkModule } from '@azure/msal-node';
import type { Server } from 'restify';
import type { Config } from './config';
import type { Logger } from './logger';
import { createHttpGraphClient } from './graph/http-graph-client';
import { withGraphRetries } from './graph/retrying-graph-client';
import { createMailboxGate, withMailboxGate } from './graph/mailbox-gate';
import { createGroupDirectory } from './core/group-directory';
import { openDatabase } from './storage/open-database';
import { createSqliteDraftLedger } from './storage/sqlite-draft-ledger';
import { createRateLimiter } from './core/rate-limiter';
import { createSqliteKeyValueStorage } from './storage/sqlite-key-value-storage';
import { createMemoryFormContextStore } from './storage/form-context-store';
import { createSqliteRecentGroups } from './storage/recent-groups';
import { createSqlitePageCursorStore } from './storage/page-cursor-store';
import { createSqliteKeptDraftStore } from './storage/kept-draft-store';
import { createMemoryOwnViewStore } from './storage/own-view-store';
import { createSharedTokenCache } from './auth/shared-token-cache';
import { buildMsalConfig } from './auth/msal-config';
import { createMsalNetworkClient } from './auth/msal-network-client';
import { createOboTokenProvider } from './auth/obo-token-provider';
import { createLocalTokenProvider } from './auth/local-token-provider';
import { createSignInFlow, type SignInFlow } from './auth/sign-in-flow';
import { createVerificationCodes } from './auth/verification-codes';
import { createMemoryExpiringStore } from './storage/expiring-store';
import { createBotAdapter, createBotApp, type BotDeps } from './teams/app';
import { createServer } from './server';
import { DEFAULT_RETENTION, privacyPage } from './http/info-pages';

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
}

export interface BuiltBot {
  server: Server;
  deps: BotDeps;
  /** Closes the state database (after the server has stopped). */
  close(): void;
}

export function buildBot(config: Config, options: BuildOptions): BuiltBot {
  const now = options.now ?? Date.now;
  const logger = options.logger;
  // Each attempt waits for a mailbox slot; a retry waiting out Retry-After holds none.
  const graphHttp = createHttpGraphClient({ baseUrl: config.graphBaseUrl, timeoutMs: config.graphTimeoutMs, now });
  const gate = createMailboxGate({ slots: config.graphMailboxConcurrency, maxWaiting: config.graphMailboxQueue, now });
  const graph = withGraphRetries(withMailboxGate(graphHttp, gate, config.graphConcurrencyScope));

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
    const obo = createOboTokenProvider(msalConfig, config.graphScopes, logger, tokenCache.touch);
    // In memory: one instance, and a restart forgets sign-ins finishing at that moment (issue 14: Blob).
    signIn = createSignInFlow({
      aad: config.aad,
      publicBaseUrl: config.publicBaseUrl,
      scopes: config.graphScopes,
      redeem: obo.redeemCode,
      forget: obo.signOut,
      codes: createVerificationCodes(createMemoryExpiringStore()),
      spentNonces: createMemoryExpiringStore(),
      now
    });
    tokens = obo;
    sso = { msalConfig, signInUrl: signIn.startUrl };
  } else {
    tokens = createLocalTokenProvider();
  }

  const db = openDatabase(config.dataDir ?? undefined, 'bot-state.sqlite');
  const ledger = createSqliteDraftLedger(db);
  // Posts that were running when the previous process stopped are in doubt: their next submit
  // looks in Graph before posting. (One process owns the embedded SQLite file.)
  void ledger
    .recoverInterrupted()
    .then((n) => n > 0 && logger.warn({ drafts: n }, 'drafts interrupted by the last stop are now in doubt'));
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
    storage: options.storage ?? createSqliteKeyValueStorage(db),
    // In memory: one instance (issue 14: Blob, shared by the instances).
    tokenExchanges: options.tokenExchanges ?? createMemoryExpiringStore(),
    forms: createMemoryFormContextStore({
      maxBytes: config.memory.formStoreMaxBytes,
      perPerson: config.memory.formsPerPerson,
      ttlMs: config.memory.formTtlMs,
      now
    }),
    keptDrafts: createSqliteKeptDraftStore(db),
    ownViews: createMemoryOwnViewStore({
      maxBytes: config.memory.ownViewStoreMaxBytes,
      perPerson: config.memory.ownViewsPerPerson,
      ttlMs: config.memory.ownViewTtlMs,
      now
    }),
    groups: createGroupDirectory(graph, now),
    recentGroups: createSqliteRecentGroups(db),
    pageCursors: createSqlitePageCursorStore(db),
    now,
    schedule:
      options.schedule ??
      ((delayMs, task) => {
        setTimeout(
          () => void task().catch((err: unknown) => logger.warn({ err }, 'a background task failed')),
          delayMs
        ).unref();
      }),
    newDraftId: options.newDraftId ?? randomUUID,
    newExchangeId: options.newExchangeId ?? randomUUID
  };
  const adapter = createBotAdapter(config);
  const app = createBotApp(deps, adapter);
  return {
    server: createServer({
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
        tokenMaxAccounts: config.memory.tokenCacheMaxAccounts
      }),
      http: config.http
    }),
    deps,
    close: () => db.close()
  };
}
