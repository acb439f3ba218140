// The one place a handler's Outcome becomes what Teams is answered, for each surface a route can
// be reached from: the Action.Execute invoke, a chat message (commands and the Action.Submit
// fallback), the late update of a "Posting…" card, and the message extension's dialog.
import { CardFactory, type InvokeResponse, type TaskModuleTaskInfo } from 'botbuilder';
import { buildNoticeCard, type AdaptiveCard } from '../../cards';
import type { BotDeps } from './bot-deps';
import { cardResponse, errorResponse, loginRequestResponse } from './invoke-responses';
import type { Outcome } from './outcome';
import { notice, say } from '../../core/words';

/** `adaptiveCard/action`: the card replaces the one pressed; a sign-in asks Teams for the person's token. */
export function invokeAnswer(deps: BotDeps, outcome: Outcome): InvokeResponse {
  if (outcome.kind === 'refused') return errorResponse(400, outcome.code, outcome.notice.text);
  if (outcome.kind === 'card') return cardResponse(outcome.card);
  if (!deps.sso || !deps.config.aad) {
    // Local mode has no sign-in to offer: keep the card and say what happened.
    return cardResponse(outcome.card);
  }
  return loginRequestResponse({
    clientId: deps.config.aad.clientId,
    resourceUri: `api://botid-${deps.config.bot?.appId}`,
    signInUrl: `${deps.sso.signInUrl}${outcome.consent ? '?consent=1' : ''}`,
    text: say(outcome.consent ? 'signIn.consentPrompt' : 'signIn.prompt')
  });
}

/** A chat message (a command, or an Action.Submit from a client without Universal Actions). */
export function messageAnswer(outcome: Outcome): AdaptiveCard[] {
  if (outcome.kind === 'refused') return [buildNoticeCard(outcome.notice)];
  if (outcome.kind === 'card') return [outcome.card];
  // Action.Submit carries no SSO token and cannot ask Teams for one; the command path can:
  // typing "new" signs the person in silently, after which Try again on this form works.
  return [outcome.card, buildNoticeCard(notice('notice.signInFirst'))];
}

/** The card that replaces "Posting…" once a slow action finishes: a sign-in cannot be asked for any more. */
export function lateAnswer(outcome: Outcome): AdaptiveCard {
  return outcome.kind === 'refused' ? buildNoticeCard(outcome.notice) : outcome.card;
}

/**
 * The message extension's dialog. A posted form's confirmation goes into the chat for everyone
 * there and the dialog closes; anything else (the form again, a repeat, a notice) stays in it.
 */
export function dialogAnswer(outcome: Outcome): { dialog: TaskModuleTaskInfo; toChat?: AdaptiveCard } {
  const card = lateAnswer(outcome);
  const posted = outcome.kind === 'card' && outcome.result === 'posted';
  return { dialog: dialog(card), ...(posted ? { toChat: card } : {}) };
}

function dialog(card: AdaptiveCard): TaskModuleTaskInfo {
  return { title: say('form.dialogTitle'), height: 'large', width: 'medium', card: CardFactory.adaptiveCard(card) };
}
