// The search message extension's invokes (issue 17), as our own routes: teams-ai's query() would
// answer its own sign-in (teams-ai's ME auth) where this bot binds every sign-in link to the sender
// and checks the pop-up's code, as for the action command (sign-in-pop-up.ts).
//   composeExtension/query       QUERY_ROUTES[commandId].query    (SSO token in value.authentication)
//   composeExtension/selectItem  QUERY_ROUTES[tap.commandId].select (the chosen preview's tap value)
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from './teams-ai';
import { isRecord } from '../../core/is-record';
import { queryAnswer } from './answers';
import type { BotDeps } from './bot-deps';
import { QUERY_ROUTES } from './routes';
import { runRoute } from './run-route';
import { checkSignInCode } from './sign-in-pop-up';
import { actingUser } from './turn';

export function registerQueryRoutes(app: Application<TurnState>, deps: BotDeps): void {
  for (const step of ['query', 'selectItem'] as const) {
    app.addRoute(
      async (context) => commandOf(context, step) !== undefined,
      async (context) => {
        const value = isRecord(context.activity.value) ? context.activity.value : {};
        const routes = QUERY_ROUTES[commandOf(context, step) as string];
        const person = actingUser(context.activity);
        const token = isRecord(value.authentication) ? value.authentication.token : undefined;
        const ssoToken = step === 'query' && typeof token === 'string' && token !== '' ? token : undefined;
        const outcome =
          (await checkSignInCode(context, deps)) === 'refused'
            ? ({ kind: 'sign-in', silent: false, consent: false } as const)
            : await runRoute(step === 'query' ? routes.query : routes.select, context, deps, { data: value, ssoToken });
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: queryAnswer(deps, outcome, person) });
      },
      true
    );
  }
}

/**
 * The search command an invoke is for: a query names it (`commandId`); a selectItem carries only
 * the tap value the bot gave its preview, which names it the same way.
 */
function commandOf(context: TurnContext, step: 'query' | 'selectItem'): string | undefined {
  const a = context.activity;
  if (a.type !== ActivityTypes.Invoke || a.name !== `composeExtension/${step}` || !isRecord(a.value)) return undefined;
  const id = a.value.commandId;
  return typeof id === 'string' && Object.hasOwn(QUERY_ROUTES, id) ? id : undefined;
}
