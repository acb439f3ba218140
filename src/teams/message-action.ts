// "Post to a group" on a Teams message: a message extension action (manifest command
// `postToGroup`, context "message", fetchTask). Opening it answers with a dialog holding the
// new-conversation form, pre-filled from the message; its Post (an Action.Submit, as dialogs
// send) goes through the same path as the chat form's Post (handleDialogCreateAction).
//
// Sign-in: teams-ai's Teams SSO for message extensions covers `composeExtension/query` only
// (TeamsSsoMessageExtensionAuthentication.isValidActivity), and Teams offers silent SSO to
// search commands and link unfurling only, so the dialog cannot sign anyone in. It uses the
// token the person already has (the shared msal cache, filled by typing `new` in the 1:1 chat or
// by a Post from a card); without one it says how to get one. Local mode always has a token.
import { CardFactory, type TaskModuleTaskInfo, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { buildFormCard, buildNoticeCard, type AdaptiveCard } from '../cards';
import { describeError } from '../core/describe-error';
import { AppError } from '../core/errors';
import { prefillFromMessage } from '../core/message-prefill';
import { resolveUserToken } from '../auth/resolve-user-token';
import type { UserRef } from '../auth/token-provider';
import type { Logger } from '../logger';
import type { BotDeps } from './bot-deps';
import { handleDialogCreateAction } from './create-action';
import { actingUser, teamGroupId, turnLogger } from './turn-helpers';

/** The command id in the manifest's composeExtensions (appPackage/manifest.json). */
export const POST_TO_GROUP_COMMAND = 'postToGroup';

const DIALOG_TITLE = 'Post to a group conversation';

const ACCOUNT_NEEDED = {
  title: 'Microsoft 365 account needed',
  text: 'This bot posts as you in Microsoft 365, so it only works from Microsoft Teams with a work or school account.'
};

export function registerMessageAction(app: Application<TurnState>, deps: BotDeps): void {
  // teams-ai wraps the result as {task: {type: 'continue', value}}: the dialog.
  app.messageExtensions.fetchTask(POST_TO_GROUP_COMMAND, async (context) => openPostToGroup(deps, context));
  // A result with a card stays a dialog (task continue); undefined closes it.
  app.messageExtensions.submitAction(POST_TO_GROUP_COMMAND, async (context, _state, data: Record<string, unknown>) =>
    submitPostToGroup(deps, context, data && typeof data === 'object' ? data : {})
  );
}

export async function openPostToGroup(deps: BotDeps, context: TurnContext): Promise<TaskModuleTaskInfo> {
  const log = turnLogger(context, deps.logger);
  const user = actingUser(context);
  if (!user) return dialog(buildNoticeCard(ACCOUNT_NEEDED));

  let token: string;
  try {
    // No SSO token: Teams sends none with a message action (see the top of this file).
    token = await resolveUserToken(deps.tokens, user, undefined);
  } catch (err) {
    log.info({ errorCode: err instanceof AppError ? err.code : 'internal' }, 'message action without a token');
    return dialog(buildNoticeCard(describeError(err, 'open-dialog')));
  }

  const value = (context.activity.value ?? {}) as { messagePayload?: unknown };
  const prefill = prefillFromMessage(value.messagePayload);
  try {
    return dialog(await buildDialogForm(deps, user, token, prefill, teamGroupId(context)));
  } catch (err) {
    log.warn({ err }, 'could not open the message action form');
    if (err instanceof AppError && err.code === 'sign_in_required') await deps.tokens.signOut(user);
    return dialog(buildNoticeCard(describeError(err, 'open-dialog')));
  }
}

async function buildDialogForm(
  deps: BotDeps,
  user: UserRef,
  token: string,
  prefill: ReturnType<typeof prefillFromMessage>,
  defaultGroupId: string | undefined
): Promise<AdaptiveCard> {
  const groups = await deps.groups.listForUser(token, user.aadObjectId);
  if (groups.length === 0) throw new AppError('no_groups', 'the person has no Microsoft 365 group');
  const choices = groups.map((g) => ({ id: g.id, displayName: g.displayName }));
  // The author is offered as a participant, unless it is the person posting (they are the sender).
  const author = prefill.author && prefill.author.id !== user.aadObjectId ? prefill.author : undefined;
  const people = author ? [{ id: author.id, displayName: author.displayName || author.id }] : [];
  const draftId = deps.newDraftId();
  deps.forms.save(draftId, {
    openedBy: user.aadObjectId,
    groups: choices,
    people,
    ...(prefill.html ? { messageBody: { text: prefill.body, html: prefill.html } } : {})
  });
  const groupId = (defaultGroupId && groups.find((g) => g.id.toLowerCase() === defaultGroupId)?.id) || '';
  return buildFormCard({
    draftId,
    groups: choices,
    values: { groupId, topic: prefill.topic, body: prefill.body, participants: people.map((p) => p.id).join(','), otherEmails: '' },
    knownPeople: people,
    mode: 'dialog'
  });
}

export async function submitPostToGroup(deps: BotDeps, context: TurnContext, data: Record<string, unknown>): Promise<TaskModuleTaskInfo | undefined> {
  const log = turnLogger(context, deps.logger);
  const user = actingUser(context);
  if (!user) return dialog(buildNoticeCard(ACCOUNT_NEEDED));

  const result = await handleDialogCreateAction(deps, log, user, data);
  if (result.kind === 'sign-in') return dialog(result.retryCard);
  // Invalid or failed: the form again, everything kept, with the banner. Repeated (this form was
  // already posted): the confirmation in the dialog, so the chat never gets it twice.
  if (result.outcome !== 'posted') return dialog(result.card);
  // Posted: the confirmation goes into the chat for everyone there, and the dialog closes.
  return (await sendToChat(context, result.card, log)) ? undefined : dialog(result.card);
}

/**
 * The bot may not be a member of the chat the message is in (the connector answers 403 there):
 * then the confirmation stays in the dialog instead of failing a post that did happen.
 */
async function sendToChat(context: TurnContext, card: AdaptiveCard, log: Logger): Promise<boolean> {
  try {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
    return true;
  } catch (err) {
    log.warn({ err }, 'could not send the confirmation into the chat');
    return false;
  }
}

function dialog(card: AdaptiveCard): TaskModuleTaskInfo {
  return { title: DIALOG_TITLE, height: 'large', width: 'medium', card: CardFactory.adaptiveCard(card) };
}
