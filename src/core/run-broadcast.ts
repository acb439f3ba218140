// Issue 15: one announcement posted to several groups, each group its own exactly-once draft
// (groupDraftId), at most `concurrency` groups in flight (BROADCAST_CONCURRENCY; the mailbox gate
// inside the Graph client still bounds each mailbox). Running it again with the same broadcast id
// (a second click, Teams re-delivering the invoke, a restart, "Retry the failed ones") posts
// nothing twice: a group already posted answers from the ledger as a repeat.
//
// The Teams side (src/teams/broadcast) keeps the durable record, the progress card and the
// allowance; this is only the posting.
import { AppError } from './errors';
import { groupDraftId, type GroupState } from './broadcast-plan';
import {
  lookForConversation,
  postConversation,
  type PostConversationDeps,
  type PreparedPost
} from './post-conversation';
import type { ValidDraft } from './validate-draft';
import type { PostedConversation } from '../storage/draft-ledger';
import { nextDelayMs, type RetryOptions } from '../graph/retry-policy';

export interface Broadcast {
  broadcastId: string;
  userId: string;
  /** The person's delegated Graph token: every group is posted as them. */
  token: string;
  /** What every group gets: the form's topic, body, participants and other addresses. */
  draft: Omit<ValidDraft, 'draftId' | 'groupId'>;
  /** Resolved once before the first group (participants): the same for every group. */
  prepared?: PreparedPost;
  groupIds: readonly string[];
}

export interface GroupOutcome {
  groupId: string;
  state: Extract<GroupState, 'posted' | 'failed' | 'checking'>;
  posted?: PostedConversation;
  /** True when the ledger already had it: nothing was sent to Graph this time. */
  repeated?: boolean;
  /** Why it failed, or why its outcome is unknown (shown in words by the Teams layer). */
  error?: unknown;
}

export interface BroadcastDeps extends PostConversationDeps {
  /** Groups in flight at once. */
  concurrency: number;
  /**
   * Given when the Graph client sends each create once (retrying-graph-client.ts `writes: 'once'`):
   * a throttled group is tried again by this policy, re-queued until its Retry-After is over, and
   * its worker posts other groups meanwhile. Without it a throttled group is failed as it comes.
   */
  retryThrottled?: RetryOptions;
}

/** A group still to post: fresh (attempt 0), or throttled and waiting out its Retry-After. */
interface Queued {
  at: number;
  groupId: string;
  attempt: number;
  notBefore: number;
  waited: number;
}

/**
 * Posts to every group and resolves with one outcome per group, in the order given. `onOutcome`
 * hears each as it settles (the progress card's updates). A group's failure never stops the
 * others; an uncertain outcome (5xx, timeout, dropped connection) is `checking`, reconciled as a
 * single post is on the next run.
 */
export async function runBroadcast(
  deps: BroadcastDeps,
  broadcast: Broadcast,
  onOutcome: (outcome: GroupOutcome) => void = () => undefined
): Promise<GroupOutcome[]> {
  const outcomes: GroupOutcome[] = new Array(broadcast.groupIds.length);
  const queue: Queued[] = broadcast.groupIds.map((groupId, at) => ({
    at,
    groupId,
    attempt: 0,
    notBefore: 0,
    waited: 0
  }));
  const retry = deps.retryThrottled;
  const worker = async (): Promise<void> => {
    while (queue.length > 0) {
      const now = deps.now();
      // A throttled group whose wait is over goes first (it has waited its turn already), then the
      // groups in the order given.
      const due = queue.findIndex((q) => q.attempt > 0 && q.notBefore <= now);
      const index = due >= 0 ? due : queue.findIndex((q) => q.attempt === 0);
      if (index < 0) {
        // Only throttled groups are left, all still waiting: wait for the first of them.
        await (retry as RetryOptions).sleep(Math.min(...queue.map((q) => q.notBefore)) - now);
        continue;
      }
      const [item] = queue.splice(index, 1) as [Queued];
      const outcome = await postToGroup(deps, broadcast, item.groupId);
      const delay = retry && outcome.state === 'failed' ? throttledDelay(outcome.error, item, retry) : undefined;
      if (delay !== undefined) {
        // Not processed (429): this worker takes another group while this one waits.
        queue.push({ ...item, attempt: item.attempt + 1, notBefore: deps.now() + delay, waited: item.waited + delay });
        continue;
      }
      outcomes[item.at] = outcome;
      onOutcome(outcome);
    }
  };
  const workers = Math.max(1, Math.min(deps.concurrency, broadcast.groupIds.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

/** The retry policy's wait for a throttled create (Retry-After and jitter), within its budget; else undefined. */
function throttledDelay(err: unknown, item: Queued, o: RetryOptions): number | undefined {
  const delay = item.attempt + 1 < o.maxAttempts ? nextDelayMs(err, item.attempt, true, o) : undefined;
  return delay === undefined || item.waited + delay > o.maxTotalWaitMs ? undefined : delay;
}

function groupDraft(broadcast: Broadcast, groupId: string): ValidDraft {
  return { ...broadcast.draft, groupId, draftId: groupDraftId(broadcast.broadcastId, groupId) };
}

async function postToGroup(deps: BroadcastDeps, broadcast: Broadcast, groupId: string): Promise<GroupOutcome> {
  const draft = groupDraft(broadcast, groupId);
  try {
    const result = await postConversation(deps, broadcast.userId, broadcast.token, draft, broadcast.prepared);
    return { groupId, state: 'posted', posted: result.posted, repeated: result.repeated };
  } catch (err) {
    // Not known yet is not a failure: an uncertain write, or another delivery of this broadcast
    // posting that group right now (its outcome will be the one this card shows once settled).
    const open = err instanceof AppError && (err.code === 'post_status_unknown' || err.code === 'draft_in_progress');
    return { groupId, state: open ? 'checking' : 'failed', error: err };
  }
}

/**
 * The second look at a group shown as checking (post-once.ts lookAgain: it never posts): posted,
 * certainly absent (failed: Retry the failed ones posts it, after its own look), or still unknown.
 */
export async function lookAgainAtGroup(
  deps: BroadcastDeps,
  broadcast: Broadcast,
  groupId: string
): Promise<GroupOutcome> {
  const draft = groupDraft(broadcast, groupId);
  const seen = await lookForConversation(deps, broadcast.userId, broadcast.token, draft, broadcast.prepared).catch(
    (err: unknown) => ({ state: 'unknown' as const, err })
  );
  if (seen.state === 'posted') return { groupId, state: 'posted', posted: seen.posted, repeated: true };
  if (seen.state === 'absent') {
    return {
      groupId,
      state: 'failed',
      error: new AppError('post_not_found', 'the bot looked again: not in the group')
    };
  }
  return {
    groupId,
    state: 'checking',
    error: 'err' in seen ? seen.err : new AppError('post_status_unknown', 'still not known')
  };
}
