// "Post to a group" on a Teams message: a message extension action (manifest command
// `postToGroup`, context "message", fetchTask). Opening it answers with a dialog holding the
// new-conversation form, pre-filled from the message; its Post (an Action.Submit, as dialogs
// send) is the chat form's Post (postFromDialog).
//
// Sign-in: Teams offers silent SSO to search commands and link unfurling only, not to action
// commands, so the dialog uses the token the person already has (the shared msal cache); without
// one it answers with a sign-in (the message extension's `auth` answer: Teams opens the pop-up,
// then resends this fetchTask and the dialog opens pre-filled). Local mode always has a token.
import { buildNoticeCard } from '../../cards';
import { describeError } from '../../core/describe-error';
import { AppError } from '../../core/errors';
import { filesFromMessage } from '../../core/message-files';
import { prefillFromMessage } from '../../core/message-prefill';
import { show, type Handler, type Outcome } from '../app/outcome';
import { groupChoices, openForm } from '../card-actions';

/** The command id in the manifest's composeExtensions (appPackage/manifest.json). */
export const POST_TO_GROUP_COMMAND = 'postToGroup';

/** fetchTask: the dialog with the form pre-filled from the message (`data` is the invoke's value). */
export const openPostToGroup: Handler = async (turn) => {
  const { deps, log, person } = turn;
  let token: string;
  try {
    // No SSO token: Teams sends none with a message action (see the top of this file).
    token = await turn.token();
  } catch (err) {
    log.info({ errorCode: err instanceof AppError ? err.code : 'internal' }, 'message action without a token');
    return needsSignIn(err) ?? show(buildNoticeCard(describeError(err, 'open-dialog')));
  }

  const prefill = prefillFromMessage(turn.data.messagePayload);
  const files = filesFromMessage(turn.data.messagePayload);
  // Counts only: file names and links are the message's content.
  if (files.files.length + files.notFiles + files.overLimit + files.pictures > 0)
    log.info(
      { files: files.files.length, notFiles: files.notFiles, overLimit: files.overLimit, pictures: files.pictures },
      'message action with attachments'
    );
  try {
    // The author is offered as a participant, unless it is the person posting (they are the sender).
    const author = prefill.author && prefill.author.id !== person.aadObjectId ? prefill.author : undefined;
    const people = author ? [{ id: author.id, displayName: author.displayName || author.id }] : [];
    const picker = await groupChoices(turn, token);
    return show(
      await openForm(turn, {
        ...picker,
        defaultGroupId: turn.team.groupId,
        prefill: { ...prefill, people, files },
        mode: 'dialog',
        token
      })
    );
  } catch (err) {
    log.warn({ err }, 'could not open the message action form');
    // Graph refused the token (revoked, expired early): forget it and sign in again.
    if (err instanceof AppError && err.code === 'sign_in_required') await deps.tokens.signOut(person);
    return needsSignIn(err) ?? show(buildNoticeCard(describeError(err, 'open-dialog')));
  }
};

/** A missing or refused token: the sign-in outcome (its card shows only where no sign-in can be offered). */
function needsSignIn(err: unknown): Outcome | undefined {
  if (!(err instanceof AppError) || (err.code !== 'sign_in_required' && err.code !== 'consent_required'))
    return undefined;
  return {
    kind: 'sign-in',
    consent: err.code === 'consent_required',
    // The composeExtension auth answer never asks Teams for SSO (none exists for action commands).
    afterFailedExchange: false,
    card: buildNoticeCard(describeError(err, 'open-dialog'))
  };
}
