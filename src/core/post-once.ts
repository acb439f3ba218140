// Exactly once per form and person, whatever happens: claim the draft in the ledger before
// anything reaches Graph; record what was posted; and when a write's outcome is unknown (5xx,
// timeout, dropped connection, the process killed mid-post), never post blindly again: look in
// Graph for the post first, and only post when it is certainly absent.
// Shared by every kind of post (new conversation, reply) so they cannot drift apart.
import { createHash } from 'node:crypto';
import { AppError, GraphRequestError } from './errors';
import { previewOf } from './body-html';
import type { DraftLedger, PostedConversation, PostedRecord } from '../storage/draft-ledger';
import type { RateLimiter } from './rate-limiter';

export interface PostOnceDeps {
  ledger: DraftLedger;
  now: () => number;
  /**
   * After an uncertain write, how long a search that finds nothing is not yet proof of absence
   * (Graph may still be committing it). Within it, Try again answers "not confirmed yet".
   */
  reconcileGraceMs?: number;
  /** Per-person limit on new posts (repeats of a posted draft are free). */
  rateLimiter?: RateLimiter;
  /** Told when the ledger cannot record an outcome (the person is still told the truth). */
  logger?: { warn(obj: object, msg: string): void };
}

export interface PostOutcome {
  posted: PostedConversation;
  /** True when this draft had already been posted and nothing new was sent to Graph. */
  repeated: boolean;
}

export interface PostAttempt {
  key: string;
  userId: string;
  /** The text being posted: only its hash is kept once posted. */
  body: string;
  post: () => Promise<PostedConversation>;
  /**
   * Finds the person's post if an attempt started at `since` did commit; undefined when it is
   * certainly not there. Throws when Graph cannot be asked (the outcome stays unknown).
   */
  reconcile: (since: number) => Promise<PostedConversation | undefined>;
}

export async function postOnce(deps: PostOnceDeps, attempt: PostAttempt): Promise<PostOutcome> {
  const { key, body } = attempt;
  const startedAt = deps.now();
  // The limit comes before the claim, so that a refused submit leaves no row; a repeat of a posted
  // draft is answered first, and free. A pending draft is not charged again (its attempt paid):
  // the claim answers "in progress", or takes over an attempt that died.
  const known = await deps.ledger.get(key);
  if (known?.state === 'posted') return { posted: fromRecord(known.posted, body), repeated: true };
  const allowance =
    known?.state === 'pending' ? undefined : deps.rateLimiter?.take(attempt.userId.toLowerCase(), startedAt);
  if (allowance && !allowance.allowed) {
    throw new AppError('rate_limited', 'too many posts in the last minute', {
      retryAfterSeconds: allowance.retryAfterSeconds
    });
  }

  const claim = await deps.ledger.claim(key, attempt.userId, startedAt);
  if (!claim.claimed) {
    if (claim.record.state === 'posted') return { posted: fromRecord(claim.record.posted, body), repeated: true };
    throw new AppError('draft_in_progress', 'this draft is already being posted');
  }

  // The earliest attempt whose outcome is unknown: every search looks back to it.
  const since = claim.inDoubtSince ?? startedAt;
  if (claim.inDoubtSince !== undefined) {
    // An earlier attempt may have gone through: it must be looked for before posting again.
    let found: PostedConversation | undefined;
    try {
      found = await attempt.reconcile(since);
    } catch (err) {
      await settle(deps, () => deps.ledger.markUnknown(key, 'reconcile failed', since));
      throw new AppError('post_status_unknown', 'could not check whether the earlier attempt posted', { cause: err });
    }
    if (found) {
      await recordPosted(deps, key, found, body);
      return { posted: found, repeated: true };
    }
    const wait = (deps.reconcileGraceMs ?? 0) - (startedAt - since);
    if (wait > 0) {
      // Not visible yet is not proof of absence so soon after the attempt: posting now could
      // make a second copy of a write Graph is still committing.
      await settle(deps, () => deps.ledger.markUnknown(key, 'too soon to be sure', since));
      throw new AppError('post_status_unknown', 'the earlier attempt is too recent to be sure it is absent', {
        retryAfterSeconds: Math.ceil(wait / 1000)
      });
    }
  }

  let posted: PostedConversation;
  try {
    posted = await attempt.post();
  } catch (err) {
    if (!mayHaveCommitted(err)) {
      await settle(deps, () => deps.ledger.markFailed(key, err instanceof AppError ? err.code : 'internal'));
      throw err;
    }
    // The write may have happened. Look once now; if it is not visible yet, the outcome stays
    // unknown and the next Try again looks again before posting.
    const found = await attempt.reconcile(since).catch(() => undefined);
    if (found) {
      await recordPosted(deps, key, found, body);
      return { posted: found, repeated: false };
    }
    await settle(deps, () => deps.ledger.markUnknown(key, err instanceof AppError ? err.code : 'internal', since));
    throw new AppError('post_status_unknown', 'the post may or may not have been created', {
      cause: err,
      retryAfterSeconds: graceSeconds(deps)
    });
  }
  // Outside the try: once Graph has the post, a ledger failure must not turn it into a failure
  // (which the person would retry, and which would let the draft be posted again).
  await recordPosted(deps, key, posted, body);
  return { posted, repeated: false };
}

/**
 * The post exists, and that is what the person is told, even when the ledger cannot record it
 * (SQLite locked past its busy timeout, disk full): the draft is then marked unknown if possible,
 * else left pending, so that the next submit looks in Graph instead of posting again.
 */
async function recordPosted(deps: PostOnceDeps, key: string, posted: PostedConversation, body: string): Promise<void> {
  try {
    await deps.ledger.markPosted(key, toRecord(posted, body));
  } catch (err) {
    deps.logger?.warn({ err }, 'posted, but the draft ledger could not record it: the next submit reconciles');
    await settle(deps, () => deps.ledger.markUnknown(key, 'not recorded'));
  }
}

/**
 * Records a failed or unknown outcome if the ledger can; if not, the draft stays pending (a later
 * submit reconciles once it is stale) and the person still hears what Graph said, not the ledger's error.
 */
async function settle(deps: PostOnceDeps, update: () => Promise<void>): Promise<void> {
  try {
    await update();
  } catch (err) {
    deps.logger?.warn({ err }, 'the draft ledger could not record an outcome');
  }
}

function graceSeconds(deps: PostOnceDeps): number | undefined {
  return deps.reconcileGraceMs ? Math.ceil(deps.reconcileGraceMs / 1000) : undefined;
}

/** 5xx, timeouts and dropped connections on a write: Graph may have committed it (429 never). */
function mayHaveCommitted(err: unknown): boolean {
  return err instanceof GraphRequestError && err.code === 'graph_unavailable';
}

function bodyHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

function toRecord(posted: PostedConversation, body: string): PostedRecord {
  const { bodyPreview: _preview, ...rest } = posted;
  return { ...rest, bodySha256: bodyHash(body) };
}

/** A repeat carries the same text again (same form): its preview is shown, nothing is stored. */
function fromRecord(record: PostedRecord, body: string): PostedConversation {
  const { bodySha256, ...rest } = record;
  return { ...rest, bodyPreview: bodyHash(body) === bodySha256 ? previewOf(body) : '' };
}

/** What a second look at an uncertain post found. */
export type LookedAgain =
  | { state: 'posted'; posted: PostedConversation }
  /** Certainly not there (searched after the grace): Try again will post it. */
  | { state: 'absent' }
  /** Graph could not be asked, the search was not conclusive, or someone is posting it now. */
  | { state: 'unknown' };

/**
 * The bot's own second look at a post whose outcome was unknown (run in the background once the
 * grace is over): the same claim and reconcile as Try again, but it never posts. Found: recorded
 * as posted. Absent: the draft stays unknown, so the person's Try again looks once more before it
 * posts (exactly once is kept by that rule, not by this look). No rate limit: nothing is sent.
 */
export async function lookAgain(deps: PostOnceDeps, attempt: PostAttempt): Promise<LookedAgain> {
  const { key, body } = attempt;
  const startedAt = deps.now();
  const claim = await deps.ledger.claim(key, attempt.userId, startedAt);
  if (!claim.claimed) {
    // Posted meanwhile (Try again found it), or a Try again is running: that one will answer.
    return claim.record.state === 'posted'
      ? { state: 'posted', posted: fromRecord(claim.record.posted, body) }
      : { state: 'unknown' };
  }
  const since = claim.inDoubtSince;
  if (since === undefined) {
    // Nothing was in doubt (the draft failed definitely or is gone): give the claim back.
    await settle(deps, () => deps.ledger.markFailed(key, 'nothing in doubt'));
    return { state: 'absent' };
  }
  let found: PostedConversation | undefined;
  try {
    found = await attempt.reconcile(since);
  } catch (err) {
    deps.logger?.warn({ err }, 'the second look at an uncertain post could not ask Graph');
    await settle(deps, () => deps.ledger.markUnknown(key, 'reconcile failed', since));
    return { state: 'unknown' };
  }
  if (found) {
    await recordPosted(deps, key, found, body);
    return { state: 'posted', posted: found };
  }
  await settle(deps, () => deps.ledger.markUnknown(key, 'not found on the second look', since));
  const tooSoon = (deps.reconcileGraceMs ?? 0) - (startedAt - since) > 0;
  return tooSoon ? { state: 'unknown' } : { state: 'absent' };
}
