// teams-ai wiring: routes (selector + handler) for commands, card actions and installs.
// Thin by design: parse the activity, call core, send or return a card.
import { ActivityTypes, CardFactory, type Storage, type TurnContext } from 'botbuilder';
import { Application, type TurnState } from '@microsoft/teams-ai';
import type { BotAdapter } from './bot-adapter';
import { answerWithinDeadline } from './answer-within-deadline';
import { buildNoticeCard, buildWelcomeCard, VERBS, type AdaptiveCard } from '../cards';
import { describeError } from '../core/describe-error';
import { AppError } from '../core/errors';
import type { BotDeps } from './bot-deps';
import { needsSignIn, parseCommand } from './commands';
import { cardActionHandler, cardActionHandlers } from './card-action-handlers';
import { cardResponse, errorResponse } from './invoke-responses';
import { commandHandlers } from './command-handlers';
import { registerMessageAction } from './message-action';
import type { UserRef } from '../auth/token-provider';
import { actingUser, conversationScope, readerClock, turnLogger } from './turn-helpers';

export const SSO_SETTING = 'graph';
const SIGN_IN_INVOKES = new Set(['signin/tokenExchange', 'signin/verifyState']);

export function createBotApp(deps: BotDeps, adapter: BotAdapter): Application<TurnState> {
  const { config } = deps;
  const app = new Application<TurnState>({
    adapter,
    botAppId: config.bot?.appId,
    storage: deps.storage as Storage,
    removeRecipientMention: true,
    // Typing indicators would add a connector call per turn for no benefit on quick answers.
    startTypingTimer: false,
    authentication: deps.sso
      ? {
          settings: {
            [SSO_SETTING]: { scopes: [...config.graphScopes], msalConfig: deps.sso.msalConfig, signInLink: deps.sso.signInUrl, endOnInvalidMessage: true }
          },
          // Sign in silently only for commands that call Graph, in a 1:1 chat (`help` and chit-chat need no
          // token; elsewhere Teams cannot do it silently), and let teams-ai see the sign-in invokes: its
          // routes for them only match once it has tagged the activity with the setting name.
          autoSignIn: async (context: TurnContext) =>
            (context.activity.type === ActivityTypes.Message && conversationScope(context) === 'personal' && needsSignIn(parseCommand(context.activity.text))) ||
            (context.activity.type === ActivityTypes.Invoke && SIGN_IN_INVOKES.has(context.activity.name ?? ''))
        }
      : undefined
  });

  const send = (context: TurnContext, card: AdaptiveCard) => context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });

  const runCommand = async (context: TurnContext, state: TurnState): Promise<void> => {
    const parsed = parseCommand(context.activity.text);
    if (!parsed) {
      await send(context, buildNoticeCard({ title: "I didn't catch that", text: 'Type **new** to start a group conversation, or **help** to see what I can do.' }));
      return;
    }
    const user = actingUser(context);
    if (!user && parsed.command !== 'help') {
      await send(context, buildNoticeCard({ title: 'Microsoft 365 account needed', text: 'This bot posts as you in Microsoft 365, so it only works from Microsoft Teams with a work or school account.' }));
      return;
    }
    await commandHandlers[parsed.command]({
      context,
      state,
      deps,
      log: turnLogger(context, deps.logger),
      args: parsed.args,
      user: user as UserRef,
      token: async () => {
        // Teams mode: teams-ai's SSO put it in turn state; otherwise (local mode, or signed in
        // earlier through a card) the provider's cache has it.
        const token = (state.temp.authTokens as Record<string, string | undefined> | undefined)?.[SSO_SETTING] ?? (user ? await deps.tokens.getCachedToken(user) : undefined);
        if (!token) throw new AppError('sign_in_required', 'no token for the command path');
        return token;
      },
      send: async (card) => {
        await send(context, card);
      }
    });
  };

  app.message(async (context) => context.activity.type === ActivityTypes.Message && parseCommand(context.activity.text) !== undefined, runCommand);

  if (deps.sso) {
    app.authentication.get(SSO_SETTING).onUserSignInSuccess(runCommand);
    app.authentication.get(SSO_SETTING).onUserSignInFailure(async (context, _state, error) => {
      turnLogger(context, deps.logger).warn({ reason: error.cause }, 'command sign-in failed');
      await send(context, buildNoticeCard(describeError(new AppError('consent_required', 'sign-in failed', { cause: error }))));
    });
  }

  // Universal Actions (Action.Execute): the handler's result is the invoke response.
  app.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action',
    async (context) => {
      const response = await onCardAction(deps, adapter, context);
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
    },
    true
  );

  // "Post to a group" on a message (message extension action): a dialog with the pre-filled form.
  registerMessageAction(app, deps);

  // Action.Submit fallback for clients without Universal Actions: answers with a new message.
  for (const [verb, handle] of Object.entries(cardActionHandlers)) {
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data: Record<string, unknown>) => {
      const user = actingUser(context);
      if (!user) return void (await send(context, buildNoticeCard(describeError(new AppError('sign_in_required', 'no Entra user')))));
      const result = await handle(deps, turnLogger(context, deps.logger), user, data, undefined, readerClock(context));
      await send(context, result.kind === 'card' ? result.card : result.retryCard);
      if (result.kind === 'sign-in') {
        // Action.Submit carries no SSO token and cannot ask Teams for one; the command path can:
        // typing "new" signs the person in silently, after which Try again on this form works.
        await send(context, buildNoticeCard({ title: 'Sign in first', text: 'Type **new** to sign in (Teams does it for you), then press **Try again** on the form above.' }));
      }
    });
  }
  app.adaptiveCards.actionSubmit(VERBS.cancel, async (context) => {
    await send(context, cancelledCard());
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    if (context.activity.membersAdded?.some((m) => m.id === botId)) await send(context, buildWelcomeCard());
  });

  app.message(async (context) => context.activity.type === ActivityTypes.Message && typeof context.activity.text === 'string', runCommand);

  app.error(async (context, error) => {
    turnLogger(context, deps.logger).error({ err: error }, 'unhandled error in turn');
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: errorResponse(500, 'internal', describeError(error).text) });
    } else {
      await send(context, buildNoticeCard(describeError(error)));
    }
  });

  return app;
}

async function onCardAction(deps: BotDeps, adapter: BotAdapter, context: TurnContext) {
  const value = (context.activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown }; authentication?: { token?: unknown } };
  const verb = value.action?.verb;
  const data = value.action?.data && typeof value.action.data === 'object' ? (value.action.data as Record<string, unknown>) : {};
  if (verb === VERBS.cancel) return cardResponse(cancelledCard());
  const handle = cardActionHandler(verb);
  if (!handle) {
    return errorResponse(400, 'unknown_action', 'This card action is not recognized. Type **new** to open a fresh form.');
  }
  const user = actingUser(context);
  if (!user) return errorResponse(400, 'no_user', describeError(new AppError('sign_in_required', 'no Entra user')).text);

  const ssoToken = typeof value.authentication?.token === 'string' && value.authentication.token ? value.authentication.token : undefined;
  const work = handle(deps, turnLogger(context, deps.logger), user, data, ssoToken, readerClock(context));
  return answerWithinDeadline(deps, adapter, context, { verb: String(verb), data }, work);
}

function cancelledCard(): AdaptiveCard {
  return buildNoticeCard({ title: 'Draft discarded', text: 'Nothing was posted. Type **new** to start again.' });
}
