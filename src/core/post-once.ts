// Exactly once per form and person: claim the draft in the ledger before anything reaches Graph,
// record what was posted, and release the claim when the attempt failed so the person may retry.
// Shared by every kind of post (new conversation, reply) so they cannot drift apart.
import { AppError } from './errors';
import type { DraftLedger, PostedConversation } from '../storage/draft-ledger';

export interface PostOnceDeps {
  ledger: DraftLedger;
  now: () => number;
}

export interface PostOutcome {
  posted: PostedConversation;
  /** True when this draft had already been posted and nothing new was sent to Graph. */
  repeated: boolean;
}

export async function postOnce(deps: PostOnceDeps, key: string, userId: string, post: () => Promise<PostedConversation>): Promise<PostOutcome> {
  const claim = await deps.ledger.claim(key, userId, deps.now());
  if (!claim.claimed) {
    if (claim.record.state === 'posted') return { posted: claim.record.posted, repeated: true };
    throw new AppError('draft_in_progress', 'this draft is already being posted');
  }
  try {
    const posted = await post();
    await deps.ledger.markPosted(key, posted);
    return { posted, repeated: false };
  } catch (err) {
    // Nothing was recorded as posted, so the person may try the same form again.
    await deps.ledger.release(key);
    throw err;
  }
}
