// teams-ai wiring: registers every route of routes.ts with the Application. Thin by design: read
// the activity into a Turn, run the route's handler, give its Outcome to answers.ts.
import { ActivityTypes, CardFactory, type Storage, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from './teams-ai';
import { buildNoticeCard, type AdaptiveCard } from '../../cards';
import { describeError } from '../../core/describe-error';
import { AppError } from '../../core/errors';
import { parseCommand } from '../commands';
import { answerWithinDeadline } from './answer-within-deadline';
import { createDialogDeadline } from './dialog-deadline';
import {
  dialogAnswer,
  failedInvokeAnswer,
  invokeAnswer,
  messageAnswer,
  searchAnswer,
  signInNotConfirmed,
  type DialogAnswer
} from './answers';
import type { BotAdapter } from './bot-adapter';
import type { BotDeps } from './bot-deps';
import type { Outcome } from './outcome';
import {
  CARD_ACTION_ROUTES,
  cardActionRoute,
  COMMAND_ROUTES,
  MESSAGE_EXTENSION_ROUTES,
  SEARCH_ROUTES,
  UNKNOWN_TEXT,
  WELCOME
} from './routes';
import { BotApplication, startsSignIn } from './bot-application';
import { withoutTeamsAiDedupe } from './teams-ai-storage';
import { TolerantTurnState } from './tolerant-turn-state';
import { deliverInSharedScope } from './shared-results';
import { createTeamGroupLookup } from './team-details';
import { actingUser, conversationScope, turnLogger } from './turn';
import { bindSignInLinks, checkSignInCode } from './sign-in-pop-up';
import { isRecord } from '../../core/is-record';
import { notice } from '../../core/words';
import { runRoute } from './run-route';
import { registerQueryRoutes } from './query-routes';

const SSO_SETTING = 'graph';

export function createBotApp(deps: BotDeps, adapter: BotAdapter): Application<TurnState> {
  const { config } = deps;
  const app = new BotApplication(deps, {
    adapter,
    botAppId: config.bot?.appId,
    // Only teams-ai's Teams SSO keeps anything in its turn state, and teams-ai reads it at the start
    // of every turn to see whether the person is in a sign-in flow. Without sign-in (local mode)
    // nothing is ever kept, so teams-ai gets no storage: no read and no write on any turn.
    storage: deps.sso ? (withoutTeamsAiDedupe(deps.storage) as Storage) : undefined,
    // Without storage (local mode) its load reads nothing, so there is nothing to tolerate.
    turnStateFactory: () => new TolerantTurnState(startsSignIn, (context) => turnLogger(context, deps.logger)),
    removeRecipientMention: true,
    // Typing indicators would add a connector call per turn for no benefit on quick answers.
    startTypingTimer: false,
    authentication: deps.sso
      ? {
          settings: {
            [SSO_SETTING]: {
              scopes: [...config.graphScopes],
              msalConfig: deps.sso.msalConfig,
              signInLink: deps.sso.signInUrl,
              endOnInvalidMessage: true
            }
          },
          autoSignIn: async (context: TurnContext) => startsSignIn(context)
        }
      : undefined
  });

  bindSignInLinks(adapter, deps);
  const deadline = createDialogDeadline(deps, adapter);
  const teamGroupOf = createTeamGroupLookup();

  /** Sends each card as a message; the ids the channel gave them, in order. */
  const send = async (context: TurnContext, cards: AdaptiveCard[]): Promise<(string | undefined)[]> => {
    const ids: (string | undefined)[] = [];
    for (const card of cards)
      ids.push(
        (
          await context.sendActivity({
            attachments: [CardFactory.adaptiveCard(card)]
          })
        )?.id
      );
    return ids;
  };

  const onText = async (context: TurnContext, state: TurnState): Promise<void> => {
    const parsed = parseCommand(context.activity.text);
    // Teams mode: teams-ai's SSO put the person's Graph token in turn state for this command.
    const graphToken = (state.temp.authTokens as Record<string, string | undefined> | undefined)?.[SSO_SETTING];
    const route = parsed ? COMMAND_ROUTES[parsed.command] : UNKNOWN_TEXT;
    const team = parsed ? await teamGroupOf(context, turnLogger(context, deps.logger)) : undefined;
    await send(
      context,
      messageAnswer(
        await runRoute(route, context, deps, {
          args: parsed?.args,
          graphToken,
          team
        })
      )
    );
  };

  app.message(
    async (context) =>
      context.activity.type === ActivityTypes.Message && parseCommand(context.activity.text) !== undefined,
    onText
  );

  if (deps.sso) {
    app.authentication.get(SSO_SETTING).onUserSignInSuccess(onText);
    app.authentication.get(SSO_SETTING).onUserSignInFailure(async (context, _state, error) => {
      turnLogger(context, deps.logger).warn({ reason: error.cause }, 'command sign-in failed');
      await send(context, [
        buildNoticeCard(
          describeError(
            new AppError('consent_required', 'sign-in failed', {
              cause: error
            })
          )
        )
      ]);
    });
  }

  // Universal Actions (Action.Execute): the handler's outcome is the invoke response.
  app.addRoute(
    async (context) =>
      context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action',
    async (context) => {
      const value = (context.activity.value ?? {}) as {
        action?: { verb?: unknown; data?: unknown };
        authentication?: { token?: unknown };
      };
      const verb = value.action?.verb;
      const data =
        value.action?.data && typeof value.action.data === 'object'
          ? (value.action.data as Record<string, unknown>)
          : {};
      const ssoToken =
        typeof value.authentication?.token === 'string' && value.authentication.token
          ? value.authentication.token
          : undefined;
      const route = cardActionRoute(verb);
      const person = actingUser(context.activity);
      if ((await checkSignInCode(context, deps)) === 'refused') {
        const again = signInNotConfirmed();
        const response = invokeAnswer(deps, again, person, notice('notice.signInNotConfirmed').text);
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: response
        });
        return;
      }
      const work: Promise<Outcome> = route
        ? runRoute(route, context, deps, { data, ssoToken })
        : Promise.resolve({
            kind: 'refused',
            code: 'unknown_action',
            notice: notice('notice.unknownAction')
          });
      const response = await answerWithinDeadline(deps, context, { verb: String(verb), data }, work, person);
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: response
      });
    },
    true
  );

  // The message extension's dialogs, as our own invoke routes: teams-ai's fetchTask() wraps every
  // result as {task: …}, and a sign-in must be answered {composeExtension: {type: 'auth', …}}.
  // A refused pop-up code answers with the sign-in again, without running the route.
  for (const [commandId, routes] of Object.entries(MESSAGE_EXTENSION_ROUTES)) {
    for (const step of ['fetchTask', 'submitAction'] as const) {
      const route = step === 'fetchTask' ? routes.open : routes.submit;
      app.addRoute(
        async (context) => isMessageExtensionInvoke(context, step, commandId),
        async (context) => {
          const value = isRecord(context.activity.value) ? context.activity.value : {};
          // fetchTask: the data is the invoke's value (the message); submitAction: the dialog's form.
          const data = step === 'fetchTask' ? value : isRecord(value.data) ? value.data : {};
          const person = actingUser(context.activity);
          const body =
            (await checkSignInCode(context, deps)) === 'refused'
              ? await dialogBody(context, dialogAnswer(deps, signInNotConfirmed(), person, true))
              : step === 'fetchTask'
                ? await deadline.open(context, runRoute(route, context, deps, { data }), (outcome) =>
                    dialogBody(context, dialogAnswer(deps, outcome, person))
                  )
                : await deadline.submit(
                    context,
                    person && typeof data.draftId === 'string' ? `${person.aadObjectId} ${data.draftId}` : undefined,
                    () => runRoute(route, context, deps, { data }),
                    (outcome, first) => dialogBody(context, dialogAnswer(deps, outcome, person), first, outcome)
                  );
          await context.sendActivity({
            type: ActivityTypes.InvokeResponse,
            value: { status: 200, body }
          });
        },
        true
      );
    }
  }

  /**
   * fetchTask and submitAction answers; a posted confirmation goes into the chat and closes the
   * dialog (`first` false: a repeated delivery, whose first one sent it already). In a channel or
   * group chat that chat reads only the neutral card; the confirmation goes to the 1:1 chat.
   */
  const dialogBody = async (
    context: TurnContext,
    answer: DialogAnswer,
    first = true,
    outcome?: Outcome
  ): Promise<object> => {
    if (answer.kind === 'auth') return { composeExtension: answer.composeExtension };
    if (!answer.toChat) return { task: { type: 'continue', value: answer.dialog } };
    if (!first) return {};
    // The bot may not be a member of the chat the message is in (the connector answers 403
    // there): then the confirmation stays in the dialog instead of failing a post that happened.
    try {
      if (outcome && conversationScope(context.activity) !== 'personal')
        await deliverInSharedScope(context, adapter, deps, outcome, [answer.toChat]);
      else await send(context, [answer.toChat]);
      return {};
    } catch (err) {
      turnLogger(context, deps.logger).warn({ err }, 'could not send the confirmation into the chat');
      return { task: { type: 'continue', value: answer.dialog } };
    }
  };

  // The group picker's typeahead: our own route (teams-ai's search() answers without the
  // documented statusCode), by dataset; an unknown dataset stays unhandled (400 at the edge).
  for (const [dataset, route] of Object.entries(SEARCH_ROUTES)) {
    app.addRoute(
      async (context) => isSearchInvoke(context, dataset),
      async (context) => {
        const value = isRecord(context.activity.value) ? context.activity.value : {};
        const outcome = await runRoute(route, context, deps, { data: value });
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: searchAnswer(outcome)
        });
      },
      true
    );
  }

  registerQueryRoutes(app, deps);

  // Action.Submit fallback for clients without Universal Actions: answers with a new message. In a
  // channel or group chat every member reads it, so it is only the neutral card (who did what, a
  // link to the 1:1 chat); the person's own result belongs in their 1:1 chat.
  for (const [verb, route] of Object.entries(CARD_ACTION_ROUTES)) {
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data: Record<string, unknown>) => {
      const outcome = await runRoute(route, context, deps, { data });
      if (conversationScope(context.activity) === 'personal') {
        const [id] = await send(context, messageAnswer(outcome));
        if (outcome.kind === 'card') outcome.sent?.(id);
        return;
      }
      await deliverInSharedScope(context, adapter, deps, outcome, messageAnswer(outcome));
    });
  }

  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    if (context.activity.membersAdded?.some((m) => m.id === botId))
      await send(context, messageAnswer(await runRoute(WELCOME, context, deps, {})));
  });

  app.message(
    async (context) => context.activity.type === ActivityTypes.Message && typeof context.activity.text === 'string',
    onText
  );

  app.error(async (context, error) => {
    turnLogger(context, deps.logger).error({ err: error }, 'unhandled error in turn');
    if (context.activity.type === ActivityTypes.Invoke) {
      const { name, value } = context.activity;
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: failedInvokeAnswer(name, value, describeError(error))
      });
    } else {
      await send(context, [buildNoticeCard(describeError(error))]);
    }
  });

  return app;
}

/** teams-ai's own selector, by invoke name and command id (a bot message preview's edit/send is not ours). */
function isMessageExtensionInvoke(context: TurnContext, step: 'fetchTask' | 'submitAction', commandId: string) {
  const a = context.activity;
  if (a.type !== ActivityTypes.Invoke || a.name !== `composeExtension/${step}` || !isRecord(a.value)) return false;
  return a.value.commandId === commandId && !a.value.botMessagePreviewAction;
}

function isSearchInvoke(context: TurnContext, dataset: string): boolean {
  const a = context.activity;
  return (
    a.type === ActivityTypes.Invoke &&
    a.name === 'application/search' &&
    isRecord(a.value) &&
    a.value.dataset === dataset
  );
}
