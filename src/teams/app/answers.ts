// The one place a handler's Outcome becomes what Teams is answered, for each surface a route can
// be reached from: the Action.Execute invoke, a chat message (commands and the Action.Submit
// fallback), the late update of a "Posting…" card, and the message extension's dialog.
import { CardFactory, type InvokeResponse, type MessagingExtensionResult, type TaskModuleTaskInfo } from 'botbuilder';
import { buildNoticeCard, type AdaptiveCard } from '../../cards';
import type { UserRef } from '../../auth/token-provider';
import type { BotDeps } from './bot-deps';
import { cardResponse, errorResponse, loginRequestResponse, searchResponse } from './invoke-responses';
import type { Outcome, QueryOutcome, SearchOutcome } from './outcome';
import { notice, say } from '../../core/words';
import type { ErrorDescription } from '../../core/describe-error';

/**
 * `adaptiveCard/action`: the card replaces the one pressed; a sign-in asks Teams for the person's
 * token, with a sign-in link bound to `person` (the sender). `text` replaces the usual prompt.
 */
export function invokeAnswer(deps: BotDeps, outcome: Outcome, person?: UserRef, text?: string): InvokeResponse {
  if (outcome.kind === 'refused') return errorResponse(400, outcome.code, outcome.notice.text);
  if (outcome.kind === 'card') return cardResponse(outcome.card);
  const { oauthConnectionName, bot } = deps.config;
  if (!deps.sso || !deps.signIn || !person || !oauthConnectionName || !bot) {
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
    signInUrl: deps.signIn.linkFor(person, { consent: outcome.consent }),
    text: text ?? say(outcome.consent ? 'signIn.consentPrompt' : 'signIn.prompt')
  });
}

/** `application/search`: the typeahead's matches, or a refusal (an account without an Entra identity). */
export function searchAnswer(outcome: SearchOutcome): InvokeResponse {
  if (outcome.kind === 'refused') return errorResponse(400, outcome.code, outcome.notice.text);
  return searchResponse(outcome.results);
}

/**
 * composeExtension/query and selectItem (a search command): the result list, a line of text in it,
 * or a sign-in (messaging-extensions/how-to/search-commands/respond-to-search.md; SSO:
 * bots/how-to/authentication/message-extension-sso-code.md). `silentAuth` asks Teams for the SSO
 * token (it resends the query with it); `auth` shows the pop-up, bound to the sender. Local mode has
 * no sign-in to offer: the text says what happened.
 */
export function queryAnswer(deps: BotDeps, outcome: QueryOutcome, person?: UserRef): InvokeResponse {
  const answer = (composeExtension: MessagingExtensionResult): InvokeResponse => ({
    status: 200,
    body: { composeExtension }
  });
  switch (outcome.kind) {
    case 'results':
      return answer({
        type: 'result',
        attachmentLayout: 'list',
        attachments: outcome.results.map((r) => ({ ...CardFactory.adaptiveCard(r.card), preview: r.preview }))
      });
    case 'message':
      return answer({ type: 'message', text: outcome.text });
    case 'refused':
      return answer({ type: 'message', text: outcome.notice.text });
    case 'sign-in': {
      if (!deps.signIn || !person) return answer({ type: 'message', text: notice('notice.signInFirst').text });
      const link = deps.signIn.linkFor(person, { consent: outcome.consent });
      return answer({
        ...authResult(link, say('search.signIn')),
        type: outcome.silent ? 'silentAuth' : 'auth'
      });
    }
  }
}

/** The sign-in to ask for again when the code Teams resent after the pop-up is refused. */
export function signInNotConfirmed(): Outcome {
  return {
    kind: 'sign-in',
    consent: false,
    afterFailedExchange: false,
    card: buildNoticeCard(notice('notice.signInNotConfirmed'))
  };
}

/** A chat message (a command, or an Action.Submit from a client without Universal Actions). */
export function messageAnswer(outcome: Outcome): AdaptiveCard[] {
  if (outcome.kind === 'refused') return [buildNoticeCard(outcome.notice)];
  if (outcome.kind === 'card') return [outcome.card];
  // Action.Submit carries no SSO token and cannot ask Teams for one; the command path can:
  // typing "new" signs the person in silently, after which Try again on this form works.
  return [outcome.card, buildNoticeCard(notice('notice.signInFirst'))];
}

/**
 * A message-extension Post answered after its deadline (the dialog closed meanwhile): the result
 * as messages for the person's 1:1 chat with the bot, with the chat form where a dialog's was built.
 */
export function personalChatAnswer(outcome: Outcome): AdaptiveCard[] {
  return outcome.kind === 'refused'
    ? messageAnswer(outcome)
    : messageAnswer({ ...outcome, card: outcome.chatCard ?? outcome.card });
}

/** The card that replaces "Posting…" once a slow action finishes: a sign-in cannot be asked for any more. */
export function lateAnswer(outcome: Outcome): AdaptiveCard {
  return outcome.kind === 'refused' ? buildNoticeCard(outcome.notice) : outcome.card;
}

export type DialogAnswer =
  | { kind: 'dialog'; dialog: TaskModuleTaskInfo; toChat?: AdaptiveCard }
  | { kind: 'auth'; composeExtension: MessagingExtensionResult };

/**
 * The message extension's dialog. A posted form's confirmation goes into the chat for everyone
 * there and the dialog closes; anything else (the form again, a repeat, a notice) stays in it.
 * A sign-in is the documented `auth` answer (fetchTask and submitAction alike): Teams opens the
 * person-bound link in a pop-up, then resends the same invoke with the pop-up's code.
 */
export function dialogAnswer(deps: BotDeps, outcome: Outcome, person?: UserRef, again = false): DialogAnswer {
  if (outcome.kind === 'sign-in' && deps.signIn && person) {
    const link = deps.signIn.linkFor(person, { consent: outcome.consent });
    return { kind: 'auth', composeExtension: authResult(link, say(again ? 'button.signInAgain' : 'button.signIn')) };
  }
  const card = lateAnswer(outcome);
  const posted = outcome.kind === 'card' && outcome.result === 'posted';
  return { kind: 'dialog', dialog: dialog(card), ...(posted ? { toChat: card } : {}) };
}

function authResult(link: string, title: string): MessagingExtensionResult {
  return { type: 'auth', suggestedActions: { actions: [{ type: 'openUrl', value: link, title }] } };
}

function dialog(card: AdaptiveCard): TaskModuleTaskInfo {
  return { title: say('form.dialogTitle'), height: 'large', width: 'medium', card: CardFactory.adaptiveCard(card) };
}

/**
 * What an invoke is answered when its turn failed unexpectedly (app.error), in the shape its
 * surface documents: a card action's error, the dialog's message, a failed token exchange (412,
 * as teams-ai answers one) or a failed verifyState (412, no body). Never an HTTP 500: Teams would
 * retry the invoke and then say "Unable to reach the app".
 */
export function failedInvokeAnswer(
  name: string | undefined,
  value: unknown,
  { code, text }: ErrorDescription
): InvokeResponse {
  switch (name) {
    case 'composeExtension/fetchTask':
    case 'composeExtension/submitAction':
      return { status: 200, body: { task: { type: 'message', value: text } } };
    case 'signin/tokenExchange': {
      // The failure's code (storage_unavailable, internal…): for logs and tools, Teams shows none.
      const id = (value as { id?: unknown } | undefined)?.id;
      return { status: 412, body: { id: typeof id === 'string' ? id : undefined, failureDetail: code } };
    }
    case 'signin/verifyState':
      return { status: 412 };
    default:
      return errorResponse(500, 'internal', text);
  }
}
