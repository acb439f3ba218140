// Post on the new-conversation form, from a chat card (Action.Execute, or its Action.Submit
// fallback) or from the message action's dialog: validate on the server, then post as the person.
import { buildConfirmationCard, type AdaptiveCard } from '../../cards';
import { AppError, ValidationError } from '../../core/errors';
import { withSecondLook } from './settle-later';
import { fileTurnedOn, keptFiles } from '../../core/message-files';
import { messageHtmlFor } from '../../core/message-prefill';
import { lookForConversation, postConversation } from '../../core/post-conversation';
import { validateDraft, type ValidDraft } from '../../core/validate-draft';
import { withShared, type Handler, type Outcome } from '../app/outcome';
import type { Turn } from '../app/turn';
import type { FormContext } from '../../storage/form-context-store';
import { keptBodyPosted, withKeptBody } from './kept-body';
import { draftIdOf, rememberGroupUsed, retryForm } from './new-conversation-form';
import { runAsThePerson } from './run-as-the-person';
import { notice } from '../../core/words';
import { isBroadcast, postBroadcast } from '../broadcast/post-broadcast';
import { acknowledgedHidden, hiddenGroupName } from './hidden-group';

/** createConversation: the chat form's Post (and Try again). */
export const postFromForm: Handler = (turn) => postForm(turn, 'post');

/**
 * The same Post from the message action's dialog: a failed post shows the dialog's form, and
 * carries the chat form too (`chatCard`), for a result that reaches the 1:1 chat after the deadline.
 */
export const postFromDialog: Handler = (turn) => postForm(turn, 'dialog-post');

async function postForm(sent: Turn, during: 'post' | 'dialog-post'): Promise<Outcome> {
  const { deps, log, person } = sent;
  const sharedFailure = notice('notice.sharedPostFailed', { actor: sent.actor });
  // What the server holds for this form is read before anything else: a store that fails means
  // nothing was posted, and the person gets their form back with "Can't post right now".
  let turn = sent;
  let form: FormContext | undefined;
  const chat: { card?: AdaptiveCard } = {};
  const formAgain = async (err: unknown): Promise<AdaptiveCard> => {
    const card = await retryForm(turn, during, err, { form });
    // A failed post (not a failed validation: that answers at once, always in the dialog) can be late.
    if (during === 'dialog-post') chat.card = await retryForm(turn, 'post', err, { form });
    return card;
  };
  const withChatCard = <O extends Outcome>(outcome: O): O =>
    chat.card === undefined || outcome.kind === 'refused' ? outcome : { ...outcome, chatCard: chat.card };
  try {
    // A form whose message was too long to show again sends an empty Message: the kept one is posted.
    turn = await withKeptBody(sent);
    form = await deps.forms.get(draftIdOf(sent.data));
  } catch (err) {
    log.warn({ err }, 'could not read what the server keeps for the form: nothing posted');
    return withChatCard({ kind: 'card', card: await formAgain(err), result: 'failed', shared: sharedFailure });
  }

  // Several groups, or all of them (the 1:1 chat's form): one broadcast, each group posted once.
  if (during === 'post' && isBroadcast(turn)) return postBroadcast(turn, form);

  let draft: ValidDraft;
  try {
    draft = validateDraft(turn.data);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    log.info({ fields: Object.keys(err.fields) }, 'form failed validation');
    // A damaged draftId cannot be kept: give the person a fresh form id so Try again works.
    const draftId = err.fields.draftId ? deps.newDraftId() : draftIdOf(turn.data);
    return {
      kind: 'card',
      card: await retryForm(turn, during, err, { form, fieldErrors: err.fields, draftId }),
      result: 'invalid',
      shared: sharedFailure
    };
  }

  // A message action's message keeps its (sanitized, server-held) formatting while the person
  // leaves its text as shown; only the person who opened the form gets it.
  const opener = form?.openedBy === person.aadObjectId;
  const bodyHtml = opener ? messageHtmlFor(form?.messageBody, draft.body) : undefined;
  // Its files likewise: the toggles name places in the list the server saved, the links are read
  // from there. A toggle for a place nobody saved a file at is forged: ignored.
  const files = keptFiles(opener ? form?.files?.files : undefined, turn.data);
  if (form === undefined && fileTurnedOn(turn.data)) {
    // A forgotten form (its age, the store's budget, a restart) whose card says files come along:
    // the person would believe they did. Said, not posted; the form again has no file toggles, so
    // Try again posts without them.
    log.info('file toggles on a form the server no longer holds: asked again');
    const err = new AppError('files_forgotten', 'the form with the message files is no longer kept');
    return { kind: 'card', card: await retryForm(turn, during, err, {}), result: 'invalid', shared: sharedFailure };
  }
  if (files.unknown > 0) log.warn({ unknown: files.unknown }, 'file toggles with no saved file: ignored');
  const valid = {
    ...draft,
    ...(bodyHtml ? { bodyHtml } : {}),
    ...(files.files.length > 0 ? { files: files.files } : {})
  };
  // A channel or group chat reads only who posted to which group, never the topic, text or people.
  let postedTo: string | undefined;
  let unknownWith: string | undefined;
  let held = false;
  let hiddenName: string | undefined;
  const postDeps = { ...deps, reconcileGraceMs: deps.config.reconcileGraceMs };
  const outcome = await runAsThePerson(turn, {
    what: 'post',
    retryCard: formAgain,
    failure: { message: 'post failed', fields: { groupId: valid.groupId } },
    run: async (token) => {
      hiddenName = await hiddenGroupName(turn, token, valid.groupId);
      if (hiddenName !== undefined && !acknowledgedHidden(turn, form, valid.groupId)) {
        // Nothing posted yet: the form comes back as typed, warned, with "Post anyway".
        log.info({ groupId: valid.groupId }, 'group hidden from Outlook: asked to confirm');
        held = true;
        const hiddenGroup = { id: valid.groupId, name: hiddenName };
        if (during === 'dialog-post') chat.card = await retryForm(turn, 'post', undefined, { form, hiddenGroup });
        return { card: await retryForm(turn, during, undefined, { form, hiddenGroup }), result: 'shown' };
      }
      const result = await postConversation(postDeps, person.aadObjectId, token, valid).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'post_status_unknown') unknownWith = token;
        throw err;
      });
      log.info(
        { groupId: valid.groupId, repeated: result.repeated, graphConversationId: result.posted.conversationId },
        'conversation posted'
      );
      await rememberGroupUsed(turn, valid.groupId);
      await keptBodyPosted(turn, valid.draftId);
      postedTo = result.posted.groupName;
      const posted = { ...result.posted, hiddenFromOutlook: hiddenName !== undefined };
      return { card: buildConfirmationCard(posted), result: result.repeated ? 'repeated' : 'posted' };
    }
  });
  // The warning is the person's own form: the shared card stays neutral.
  if (held) return withChatCard(outcome);
  const answered = withChatCard(
    withShared(
      outcome,
      postedTo === undefined ? sharedFailure : notice('notice.sharedPosted', { actor: turn.actor, group: postedTo })
    )
  );
  if (unknownWith === undefined || answered.kind !== 'card') return answered;
  // Looked for again once the grace is over: its card replaces the chat form, or reaches the 1:1
  // chat after a dialog (whose form is gone once answered), so Try again is the chat form's Post.
  const token = unknownWith;
  return withSecondLook(turn, answered, {
    groupId: valid.groupId,
    look: () => lookForConversation(postDeps, person.aadObjectId, token, valid),
    posted: async (posted) => {
      await rememberGroupUsed(turn, valid.groupId);
      await keptBodyPosted(turn, valid.draftId);
      return {
        kind: 'card',
        card: buildConfirmationCard({ ...posted, hiddenFromOutlook: hiddenName !== undefined }),
        result: 'posted',
        shared: notice('notice.sharedPosted', { actor: turn.actor, group: posted.groupName })
      };
    },
    absent: async (err) => ({
      kind: 'card',
      card: await retryForm(turn, 'post', err, { form }),
      result: 'failed',
      shared: sharedFailure
    })
  });
}
