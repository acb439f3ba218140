// Retry the failed ones, on a broadcast's summary (issue 15): posts again to the groups whose post
// failed, and to no other. Each group is the same exactly-once draft as before (groupDraftId), so
// a group that did get its post (a failure that was in fact a success, found by the ledger or by
// post-once's look before posting) is answered as a repeat, never posted twice. The retried
// groups count against the person's post allowance, one each, like the broadcast did.
import { isGuid } from '../../core/validate-draft';
import { notice, say } from '../../core/words';
import { describeError } from '../../core/describe-error';
import type { BroadcastRecord } from '../../storage/broadcast-store';
import type { Handler, Outcome } from '../app/outcome';
import { runAsThePerson } from '../card-actions/run-as-the-person';
import { broadcastCard } from './broadcaster';
import { buildBroadcastCardWithBanner, buildBroadcastNoticeCard } from './broadcast-banner';
import { answerSpot, startWhenShown } from './start-when-shown';

/** retryBroadcast: data {broadcastId}. */
export const retryFailedBroadcast: Handler = async (turn) => {
  const { deps, person, log } = turn;
  const id = turn.data.broadcastId;
  const record = isGuid(id) ? await deps.broadcasts.get(id) : undefined;
  if (!record) return gone();
  if (record.userId !== person.aadObjectId) {
    return {
      kind: 'card',
      card: buildBroadcastNoticeCard('notYours'),
      result: 'failed'
    };
  }
  const failed = record.groups.filter((g) => g.state === 'failed');
  // Running (a double click, or its groups still being checked): the card as it stands.
  if (record.status === 'running' || failed.length === 0)
    return { kind: 'card', card: broadcastCard(record), result: 'repeated' };

  let started: { record: BroadcastRecord; token: string } | undefined;
  const outcome = await runAsThePerson(turn, {
    what: 'retry a broadcast',
    retryCard: (err) => buildBroadcastCardWithBanner(record, describeError(err, 'post')),
    failure: { message: 'retry of a broadcast refused', fields: { groups: failed.length } },
    run: async (token) => {
      const allowance = deps.rateLimiter.take(person.aadObjectId, deps.now(), failed.length);
      if (!allowance.allowed) {
        const seconds = allowance.retryAfterSeconds;
        const banner = {
          title: notice('error.rate_limited', { retryAfterSeconds: seconds }).title,
          text: say('broadcast.overAllowance', { count: failed.length, seconds })
        };
        return { card: buildBroadcastCardWithBanner(record, banner), result: 'failed' };
      }
      const again: BroadcastRecord = deps.broadcaster.withToken(
        {
          ...record,
          status: 'running',
          updatedAt: deps.now(),
          // This click's answer is the card to update from now on (the same card, on Action.Execute).
          card: answerSpot(turn),
          groups: record.groups.map((g) =>
            g.state === 'failed' ? { groupId: g.groupId, groupName: g.groupName, state: 'waiting' } : g
          )
        },
        token
      );
      await deps.broadcasts.put(again);
      log.info({ groups: failed.length }, 'retrying the failed groups of a broadcast');
      started = { record: again, token };
      return { card: broadcastCard(again), result: 'posted' };
    }
  });
  return started ? startWhenShown(turn, started.record, started.token, outcome) : outcome;
};

function gone(): Outcome {
  return {
    kind: 'card',
    card: buildBroadcastNoticeCard('gone'),
    result: 'failed'
  };
}
