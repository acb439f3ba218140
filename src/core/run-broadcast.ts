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
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < broadcast.groupIds.length) {
      const at = next++;
      const groupId = broadcast.groupIds[at] as string;
      const outcome = await postToGroup(deps, broadcast, groupId);
      outcomes[at] = outcome;
      onOutcome(outcome);
    }
  };
  const workers = Math.max(1, Math.min(deps.concurrency, broadcast.groupIds.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
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
