// Issue 15: one announcement posted to several groups, each group its own exactly-once draft
// (groupDraftId), at most `concurrency` groups in flight (BROADCAST_CONCURRENCY; the mailbox gate
// inside the Graph client still bounds each mailbox). Running it again with the same broadcast id
// (a second click, Teams re-delivering the invoke, a restart, "Retry the failed ones") posts
// nothing twice: a group already posted answers from the ledger as a repeat.
//
// Not wired into a route yet: the progress card, the durable broadcast record (to resume after a
// restart) and the per-person allowance come with the Teams side.
import { AppError } from './errors';
import { groupDraftId, type GroupState } from './broadcast-plan';
import { postConversation, type PostConversationDeps } from './post-conversation';
import type { ValidDraft } from './validate-draft';
import type { PostedConversation } from '../storage/draft-ledger';

export interface Broadcast {
  broadcastId: string;
  userId: string;
  /** The person's delegated Graph token: every group is posted as them. */
  token: string;
  /** What every group gets: the form's topic, body, participants and other addresses. */
  draft: Omit<ValidDraft, 'draftId' | 'groupId'>;
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

async function postToGroup(deps: BroadcastDeps, broadcast: Broadcast, groupId: string): Promise<GroupOutcome> {
  const draft: ValidDraft = { ...broadcast.draft, groupId, draftId: groupDraftId(broadcast.broadcastId, groupId) };
  try {
    const result = await postConversation(deps, broadcast.userId, broadcast.token, draft);
    return { groupId, state: 'posted', posted: result.posted, repeated: result.repeated };
  } catch (err) {
    // Not known yet is not a failure: an uncertain write, or another delivery of this broadcast
    // posting that group right now (its outcome will be the one this card shows once settled).
    const open = err instanceof AppError && (err.code === 'post_status_unknown' || err.code === 'draft_in_progress');
    return { groupId, state: open ? 'checking' : 'failed', error: err };
  }
}
