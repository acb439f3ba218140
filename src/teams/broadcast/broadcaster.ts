// Runs broadcasts (issue 15) outside the turn that started them: posts each unfinished group
// (core/run-broadcast.ts: one exactly-once draft per group), keeps the durable record, and updates
// the one progress card at most about once a second until the summary. The same broadcast is run
// at most once at a time in this process; a second click, a re-delivered invoke or a restart
// only joins or resumes it, and the ledger keeps every group to one post whatever else happens.
//
// Resuming after a restart needs the person's Graph token, which only lives in msal's memory
// (shared-token-cache.ts): a running broadcast's record keeps it sealed (auth/token-seal.ts) until
// it settles. Without a usable one (expired, no secret to seal with, the secret rotated) the groups
// left are marked "sign-in needed": the summary's Retry the failed ones is the person's click that
// brings a token, and posts only those.
import { buildBroadcastCard, type AdaptiveCard, type BroadcastCardData, type BroadcastCardGroup } from '../../cards';
import { countStates, isSettled } from '../../core/broadcast-plan';
import { describeError } from '../../core/describe-error';
import { AppError } from '../../core/errors';
import { createPacedPublisher, createUpdatePacer, type UpdatePacer } from '../../core/paced-updates';
import {
  lookAgainAtGroup,
  runBroadcast,
  type Broadcast,
  type BroadcastDeps,
  type GroupOutcome
} from '../../core/run-broadcast';
import type { BroadcastSettings } from '../../config';
import type { TokenProvider } from '../../auth/token-provider';
import { tokenExpiresAt, type TokenSeal } from '../../auth/token-seal';
import type { BroadcastGroup, BroadcastRecord, BroadcastStore } from '../../storage/broadcast-store';
import type { Logger } from '../../logger';

/** Where a broadcast's card is (BroadcastRecord.card): the Teams layer knows how to reach it. */
export type CardSpot = BroadcastRecord['card'];

export interface BroadcasterDeps extends Omit<BroadcastDeps, 'concurrency' | 'rateLimiter'> {
  store: BroadcastStore;
  tokens: TokenProvider;
  settings: BroadcastSettings;
  /**
   * Replaces the card at `spot` (card-updates.ts: the Bot Connector, with its retries); with no
   * activity id to replace it sends the card and resolves with the new message's id.
   */
  updateCard: (spot: CardSpot, card: AdaptiveCard) => Promise<string | undefined>;
  /** Runs `task` once, `delayMs` from now (the second look at a group whose post is uncertain). */
  schedule: (delayMs: number, task: () => Promise<void>) => void;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
  /** Seals the person's token into a running broadcast's record (Teams mode with a client secret). */
  seal?: TokenSeal;
}

export interface Broadcaster {
  /**
   * Posts the record's unfinished groups in the background, as the person (`token`, else their
   * cached one); nothing when this process runs that broadcast already. `answeredAt`: the card was
   * just shown (the invoke's answer), so the first update waits a full interval.
   */
  run(record: BroadcastRecord, options?: { token?: string; answeredAt?: number }): void;
  isRunning(broadcastId: string): boolean;
  /** The record to save before `run`: with the person's token sealed in it, where the bot can seal. */
  withToken(record: BroadcastRecord, token: string): BroadcastRecord;
  /** At start: every broadcast the last process left running is run again; how many. */
  resumeUnfinished(): Promise<number>;
  /** Resolves when nothing runs (tests, and a clean stop). */
  idle(): Promise<void>;
}

/** The card for a record as it stands. */
export function broadcastCard(record: BroadcastRecord): AdaptiveCard {
  return buildBroadcastCard(broadcastCardData(record));
}

export function broadcastCardData(record: BroadcastRecord): BroadcastCardData {
  return { broadcastId: record.broadcastId, topic: record.draft.topic, groups: record.groups.map(cardGroup) };
}

function cardGroup(group: BroadcastGroup): BroadcastCardGroup {
  const reason =
    group.state === 'failed'
      ? describeError(new AppError((group.errorCode ?? 'internal') as AppError['code'], 'stored outcome'), 'post').title
      : undefined;
  return { name: group.groupName, state: group.state, outlookUrl: group.outlookUrl, reason };
}

/** How many times a group shown as checking is looked at again before it is left to Retry. */
const MAX_LOOKS = 3;
const RESUME_LIMIT = 100;

export function createBroadcaster(deps: BroadcasterDeps): Broadcaster {
  const running = new Map<string, Promise<void>>();
  // One pacer per card, shared by the run and the second looks after it: never two updates of one
  // card within the interval. Forgotten once the broadcast is settled.
  const pacers = new Map<string, UpdatePacer>();
  const pacerOf = (id: string): UpdatePacer => {
    const key = id.toLowerCase();
    const pacer = pacers.get(key) ?? createUpdatePacer(deps.settings.updateEveryMs);
    pacers.set(key, pacer);
    return pacer;
  };
  // Second looks scheduled and not yet finished, and who waits for them (idle()).
  let looksPending = 0;
  const waiting: (() => void)[] = [];
  const log = deps.logger;
  // No rate limiter here: the broadcast took its allowance, one post per group, before it started.
  const postDeps: BroadcastDeps = { ...deps, concurrency: deps.settings.concurrency };

  const run: Broadcaster['run'] = (record, options = {}) => {
    const id = record.broadcastId.toLowerCase();
    if (running.has(id)) return;
    const work = runRecord(record, options)
      .catch((err: unknown) => log.warn({ err, broadcastId: id }, 'a broadcast stopped before its summary'))
      .finally(() => running.delete(id));
    running.set(id, work);
  };

  async function runRecord(start: BroadcastRecord, options: { token?: string; answeredAt?: number }): Promise<void> {
    let record = start;
    const pacer = pacerOf(record.broadcastId);
    if (options.answeredAt !== undefined) pacer.sent(options.answeredAt);
    const publisher = createPacedPublisher<BroadcastRecord>({
      pacer,
      now: deps.now,
      sleep: deps.sleep,
      // The record first: a card that shows an outcome the record lost would be shown again later.
      publish: async (r) => {
        await deps.store.put(r);
        const sentId = await deps.updateCard(r.card, broadcastCard(r));
        // A card sent as a new message (no card to replace): the later updates replace that one.
        if (sentId && !record.card.activityId) {
          record = { ...record, card: { ...record.card, activityId: sentId } };
          await deps.store.put({ ...r, card: record.card });
        }
      },
      onError: (err) =>
        log.warn({ err, broadcastId: record.broadcastId }, 'could not update a broadcast card or record'),
      finalGapMs: deps.settings.summaryGapMs
    });
    const change = (groups: (g: BroadcastGroup) => BroadcastGroup) => {
      record = withGroups(record, record.groups.map(groups), deps.now());
      if (record.status === 'settled') publisher.finish(record);
      else publisher.update(record);
    };

    const todo = record.groups.filter((g) => g.state !== 'posted' && g.state !== 'failed').map((g) => g.groupId);
    const token =
      options.token ??
      (await deps.tokens.getCachedToken({ aadObjectId: record.userId, tenantId: record.tenantId })) ??
      unsealed(record);
    if (!token) {
      log.warn(
        { broadcastId: record.broadcastId, groups: todo.length },
        'no token to resume a broadcast: left to Retry'
      );
      change((g) => (todo.includes(g.groupId) ? failedAs(g, new AppError('sign_in_required', 'no token')) : g));
      await publisher.flush();
      return;
    }
    const broadcast = broadcastOf(record, token, todo);
    change((g) => (todo.includes(g.groupId) ? { ...g, state: 'posting' } : g));
    await runBroadcast(postDeps, broadcast, (outcome) =>
      change((g) => (g.groupId === outcome.groupId ? applied(g, outcome) : g))
    );
    log.info(
      { broadcastId: record.broadcastId, ...countStates(record.groups.map((g) => g.state)) },
      'broadcast posted'
    );
    await publisher.flush();
    if (record.status === 'running') scheduleLook(record, token, 1);
    else pacers.delete(record.broadcastId.toLowerCase());
  }

  /** Groups still checking are looked at again once the grace is over (never posted by the look). */
  function scheduleLook(record: BroadcastRecord, token: string, look: number): void {
    looksPending += 1;
    deps.schedule(deps.reconcileGraceMs ?? 0, async () => {
      try {
        await lookOnce(record, token, look);
      } finally {
        looksPending -= 1;
        if (looksPending === 0) for (const wake of waiting.splice(0)) wake();
      }
    });
  }

  async function lookOnce(record: BroadcastRecord, token: string, look: number): Promise<void> {
    const current = (await deps.store.get(record.broadcastId)) ?? record;
    const checking = current.groups.filter((g) => g.state === 'checking').map((g) => g.groupId);
    if (checking.length === 0 || running.has(current.broadcastId.toLowerCase())) return;
    const broadcast = broadcastOf(current, token, checking);
    const seen = await Promise.all(checking.map((id) => lookAgainAtGroup(postDeps, broadcast, id)));
    let groups = current.groups.map((g) => {
      const outcome = seen.find((o) => o.groupId === g.groupId);
      return outcome ? applied(g, outcome) : g;
    });
    // Still not known after the last look: failed as unknown, so Retry the failed ones looks once
    // more before it posts (post-once.ts), instead of a card that says "checking" for ever.
    if (look >= MAX_LOOKS) groups = groups.map((g) => (g.state === 'checking' ? { ...g, state: 'failed' } : g));
    const next = withGroups(current, groups, deps.now());
    await deps.store.put(next);
    const pacer = pacerOf(next.broadcastId);
    const wait =
      next.status === 'settled'
        ? pacer.waitFor(deps.now(), deps.settings.summaryGapMs)
        : (pacer.changed(deps.now()) ?? 0);
    if (wait > 0) await deps.sleep(wait);
    await deps.updateCard(next.card, broadcastCard(next)).finally(() => pacer.sent(deps.now()));
    if (next.status === 'running') scheduleLook(next, token, look + 1);
    else pacers.delete(next.broadcastId.toLowerCase());
  }

  /** The sealed token of a resumed broadcast, while it has more than a minute left. */
  function unsealed(record: BroadcastRecord): string | undefined {
    if (!record.sealedToken || !deps.seal) return undefined;
    const token = deps.seal.open(record.sealedToken, sealedFor(record));
    const expiresAt = token ? tokenExpiresAt(token) : undefined;
    if (!token || (expiresAt !== undefined && expiresAt - deps.now() < 60_000)) {
      log.info({ broadcastId: record.broadcastId }, 'the sealed token of a broadcast cannot be used any more');
      return undefined;
    }
    return token;
  }

  return {
    run,
    isRunning: (id) => running.has(id.toLowerCase()),
    withToken: (record, token) =>
      deps.seal ? { ...record, sealedToken: deps.seal.seal(token, sealedFor(record)) } : record,
    async resumeUnfinished() {
      const left = await deps.store.unfinished(RESUME_LIMIT);
      for (const record of left) run(record);
      if (left.length > 0) log.warn({ broadcasts: left.length }, 'resuming broadcasts the last stop interrupted');
      return left.length;
    },
    async idle() {
      while (running.size > 0 || looksPending > 0) {
        await Promise.all([...running.values()]);
        if (looksPending > 0) await new Promise<void>((wake) => waiting.push(wake));
      }
    }
  };
}

function broadcastOf(record: BroadcastRecord, token: string, groupIds: string[]): Broadcast {
  const { topic, body, bodyHtml, participants } = record.draft;
  return {
    broadcastId: record.broadcastId,
    userId: record.userId,
    token,
    // Participants were resolved once when the broadcast started: nothing is resolved per group.
    draft: { topic, body, ...(bodyHtml ? { bodyHtml } : {}), participantIds: [], otherEmails: [] },
    prepared: { participants },
    groupIds
  };
}

function withGroups(record: BroadcastRecord, groups: BroadcastGroup[], now: number): BroadcastRecord {
  const settled = isSettled(countStates(groups.map((g) => g.state)));
  if (!settled) return { ...record, groups, updatedAt: now, status: 'running' };
  // Settled: the person's token is not kept a moment longer than the posting needed it.
  const { sealedToken: _dropped, ...rest } = record;
  return { ...rest, groups, updatedAt: now, status: 'settled' };
}

/** What a sealed token is bound to: this broadcast, this person. */
function sealedFor(record: BroadcastRecord): string {
  return `${record.broadcastId.toLowerCase()}|${record.userId.toLowerCase()}`;
}

function applied(group: BroadcastGroup, outcome: GroupOutcome): BroadcastGroup {
  if (outcome.state === 'posted' && outcome.posted) {
    const { outlookUrl, conversationId, groupName } = outcome.posted;
    return {
      groupId: group.groupId,
      groupName: groupName || group.groupName,
      state: 'posted',
      outlookUrl,
      conversationId
    };
  }
  if (outcome.state === 'failed') return failedAs(group, outcome.error);
  return { groupId: group.groupId, groupName: group.groupName, state: 'checking', errorCode: 'post_status_unknown' };
}

function failedAs(group: BroadcastGroup, err: unknown): BroadcastGroup {
  const code = err instanceof AppError ? err.code : 'internal';
  const retryAfterSeconds = err instanceof AppError ? err.retryAfterSeconds : undefined;
  return {
    groupId: group.groupId,
    groupName: group.groupName,
    state: 'failed',
    errorCode: code,
    ...(retryAfterSeconds ? { retryAfterSeconds } : {})
  };
}
