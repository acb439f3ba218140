// Post on the new-conversation form, from a chat card (Action.Execute, or its Action.Submit
// fallback) or from the message action's dialog: validate on the server, then post as the person.
import { buildConfirmationCard } from '../../cards';
import { ValidationError } from '../../core/errors';
import { messageHtmlFor } from '../../core/message-prefill';
import { postConversation } from '../../core/post-conversation';
import { validateDraft, type ValidDraft } from '../../core/validate-draft';
import type { Handler, Outcome } from '../app/outcome';
import type { Turn } from '../app/turn';
import { keptBodyPosted, withKeptBody } from './kept-body';
import { draftIdOf, retryForm } from './new-conversation-form';
import { runAsThePerson } from './run-as-the-person';

/** createConversation: the chat form's Post (and Try again). */
export const postFromForm: Handler = (turn) => postForm(turn, 'post');

/** The same Post from the message action's dialog (a failure shows the dialog's form). */
export const postFromDialog: Handler = (turn) => postForm(turn, 'dialog-post');

async function postForm(sent: Turn, during: 'post' | 'dialog-post'): Promise<Outcome> {
  // A form whose message was too long to show again sends an empty Message: the kept one is posted.
  const turn = withKeptBody(sent);
  const { deps, log, person } = turn;
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
      card: retryForm(turn, during, err, { fieldErrors: err.fields, draftId }),
      result: 'invalid'
    };
  }

  // A message action's message keeps its (sanitized, server-held) formatting while the person
  // leaves its text as shown; only the person who opened the form gets it.
  const form = deps.forms.get(draftIdOf(turn.data));
  const bodyHtml = form?.openedBy === person.aadObjectId ? messageHtmlFor(form.messageBody, draft.body) : undefined;
  const valid = bodyHtml ? { ...draft, bodyHtml } : draft;
  return runAsThePerson(turn, {
    what: 'post',
    retryCard: (err) => retryForm(turn, during, err),
    failure: { message: 'post failed', fields: { groupId: valid.groupId } },
    run: async (token) => {
      const result = await postConversation(
        { ...deps, reconcileGraceMs: deps.config.reconcileGraceMs },
        person.aadObjectId,
        token,
        valid
      );
      log.info(
        { groupId: valid.groupId, repeated: result.repeated, graphConversationId: result.posted.conversationId },
        'conversation posted'
      );
      keptBodyPosted(turn, valid.draftId);
      return { card: buildConfirmationCard(result.posted), result: result.repeated ? 'repeated' : 'posted' };
    }
  });
}
