// Reply to a group conversation: "Reply" (on the confirmation, a listed conversation, or "Reply
// again") opens the reply form; its Post sends the reply as the person, once per form and person.
import {
  buildNoticeCard,
  buildReplyFormCard,
  buildReplySentCard,
  type AdaptiveCard,
  type ReplyFormValues
} from '../../cards';
import { parseConversationRef, type ConversationRef } from '../../core/conversation-ref';
import { describeError } from '../../core/describe-error';
import { AppError, ValidationError } from '../../core/errors';
import { lookForReply, postReply } from '../../core/post-reply';
import { validateReply, type ValidReply } from '../../core/validate-reply';
import { withShared, type Handler, type Outcome } from '../app/outcome';
import type { AnonymousTurn } from '../app/turn';
import { keptBodyPosted, retryCardKeeping, withKeptBody } from './kept-body';
import { draftIdOf, formValuesOf, rememberGroupUsed } from './new-conversation-form';
import { runAsThePerson } from './run-as-the-person';
import { withSecondLook } from './settle-later';
import { notice } from '../../core/words';
import type { PostedConversation } from '../../storage/draft-ledger';

const EMPTY: ReplyFormValues = { body: '', participants: '', otherEmails: '' };

/** openReply: data {groupId, conversationId, threadId?, topic}. */
export const openReplyForm: Handler = async (turn) => {
  const { deps } = turn;
  const ref = parseConversationRef(turn.data);
  if (!ref) return outOfDate(turn);
  const form = (threadId: string | undefined, err?: unknown): AdaptiveCard =>
    buildReplyFormCard({
      draftId: deps.newDraftId(),
      conversation: { ...ref, threadId },
      values: EMPTY,
      error: err === undefined ? undefined : describeError(err, 'reply')
    });
  // From a post the bot made (confirmation, Reply again) the thread is known: no Graph call.
  if (ref.threadId) return { kind: 'card', card: form(ref.threadId), result: 'shown' };
  return runAsThePerson(turn, {
    what: 'reply',
    // Still a usable form: its Post looks the thread up again.
    retryCard: (err) => form(undefined, err),
    failure: { message: 'could not find the thread to reply to', fields: { groupId: ref.groupId } },
    run: async (token) => ({
      card: form(await deps.graph.getConversationThreadId(token, ref.groupId, ref.conversationId)),
      result: 'shown'
    })
  });
};

/** replyToThread: the form's Post (or Try again); an empty Message posts the one kept for this form. */
export const sendReply: Handler = async (sent) => {
  // The kept message is read before anything else: a store that fails means nothing was sent.
  const read = await withKeptBody(sent).then(
    (turn) => ({ turn, failed: false as const }),
    (err: unknown) => ({ turn: sent, failed: true as const, err })
  );
  const { turn } = read;
  const { deps, log, person, data } = turn;
  const ref = parseConversationRef(data);
  if (!ref) return outOfDate(turn);
  const { body, participants, otherEmails } = formValuesOf(data);
  const draftId = draftIdOf(data);
  const retryForm = (
    err: unknown,
    conversation: ConversationRef,
    fieldErrors?: ValidationError['fields'],
    formId = draftId
  ): Promise<AdaptiveCard> =>
    retryCardKeeping(turn, formId, body, (shown, keptBody) =>
      buildReplyFormCard({
        draftId: formId,
        conversation,
        values: { body: shown, participants, otherEmails },
        keptBody,
        error: describeError(err, 'reply'),
        fieldErrors
      })
    );
  if (read.failed) {
    log.warn({ err: read.err, groupId: ref.groupId }, 'could not read the kept message: nothing sent');
    return {
      kind: 'card',
      card: await retryForm(read.err, ref),
      result: 'failed',
      shared: notice('notice.sharedReplyFailed', { actor: turn.actor })
    };
  }

  let reply: ValidReply;
  try {
    reply = validateReply(data);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    log.info({ fields: Object.keys(err.fields) }, 'reply failed validation');
    // A damaged draftId cannot be kept: a fresh one lets Try again work.
    return {
      kind: 'card',
      card: await retryForm(err, ref, err.fields, err.fields.draftId ? deps.newDraftId() : draftId),
      result: 'invalid',
      shared: notice('notice.sharedReplyFailed', { actor: turn.actor })
    };
  }

  // A channel or group chat reads only that a reply was sent, never its text or people.
  let replied = false;
  let unknownWith: string | undefined;
  const replyDeps = { ...deps, reconcileGraceMs: deps.config.reconcileGraceMs };
  const sentCard = (posted: PostedConversation): AdaptiveCard =>
    buildReplySentCard({
      conversation: {
        groupId: posted.groupId,
        conversationId: posted.conversationId,
        threadId: posted.threadId,
        topic: posted.topic
      },
      bodyPreview: posted.bodyPreview,
      participants: posted.participants
    });
  const outcome = await runAsThePerson(turn, {
    what: 'reply',
    retryCard: (err) => retryForm(err, reply),
    failure: { message: 'reply failed', fields: { groupId: reply.groupId } },
    run: async (token) => {
      const result = await postReply(replyDeps, person.aadObjectId, token, reply).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'post_status_unknown') unknownWith = token;
        throw err;
      });
      log.info({ groupId: reply.groupId, repeated: result.repeated }, 'reply sent');
      await rememberGroupUsed(turn, reply.groupId);
      await keptBodyPosted(turn, reply.draftId);
      replied = true;
      return { card: sentCard(result.posted), result: result.repeated ? 'repeated' : 'posted' };
    }
  });
  const answered = withShared(
    outcome,
    notice(replied ? 'notice.sharedReplied' : 'notice.sharedReplyFailed', { actor: turn.actor })
  );
  if (unknownWith === undefined || answered.kind !== 'card') return answered;
  const token = unknownWith;
  return withSecondLook(turn, answered, {
    groupId: reply.groupId,
    look: () => lookForReply(replyDeps, person.aadObjectId, token, reply),
    posted: async (posted) => {
      await rememberGroupUsed(turn, reply.groupId);
      await keptBodyPosted(turn, reply.draftId);
      return {
        kind: 'card',
        card: sentCard(posted),
        result: 'posted',
        shared: notice('notice.sharedReplied', { actor: turn.actor })
      };
    },
    absent: async (err) => ({
      kind: 'card',
      card: await retryForm(err, reply),
      result: 'failed',
      shared: notice('notice.sharedReplyFailed', { actor: turn.actor })
    })
  });
};

function outOfDate(turn: AnonymousTurn): Outcome {
  turn.log.info('conversation reference failed validation');
  return { kind: 'card', result: 'invalid', card: buildNoticeCard(notice('notice.cardOutOfDate')) };
}
