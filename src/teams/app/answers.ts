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
  const { oauthConnectionName, bot } = deps.config;
  if (!deps.sso || !oauthConnectionName || !bot) {
    // Local mode has no sign-in to offer: keep the card and say what happened.
    return cardResponse(outcome.card);
  }
  return loginRequestResponse({
    connectionName: oauthConnectionName,
    // After a failed exchange Teams must not be asked for SSO again: it would fetch a token, resend
    // the action and get the same answer, silently, for ever. The docs allow a 412 error or a
    // second loginRequest without SSO information; the second one gets the person unstuck, since
    // its button is the way out (the consent page when consent is missing, else a fresh sign-in),
    // where a 412 would only show that the action failed.
    tokenExchangeResource: outcome.afterFailedExchange
      ? undefined
      : { id: deps.newExchangeId(), uri: `api://botid-${bot.appId}` },
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
