// teams-ai's Application with the bot's own steps before teams-ai's, and the one definition of
// the turns teams-ai signs the person in for.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application, type TurnState } from './teams-ai';
import { needsSignIn, parseCommand } from '../commands';
import type { BotDeps } from './bot-deps';
import { exchangeBeforeTeamsAi, refuseForeignSsoToken } from './sso-exchange-guard';
import { tokenExchangeOnce } from './token-exchange-once';
import { conversationScope, turnLogger } from './turn';

const SIGN_IN_INVOKES: ReadonlySet<string> = new Set(['signin/tokenExchange', 'signin/verifyState']);

/**
 * teams-ai's Application with the bot's own steps before its sign-in: run() handles a
 * signin/tokenExchange before any route or beforeTurn handler could look at it, so the owner
 * check, the claim of its id (once across instances) and the exchange (with the bot's error
 * mapping) come first.
 */
export class BotApplication extends Application<TurnState> {
  constructor(
    private readonly deps: BotDeps,
    options: ConstructorParameters<typeof Application<TurnState>>[0]
  ) {
    super(options);
  }

  override async run(context: TurnContext): Promise<boolean> {
    const log = turnLogger(context, this.deps.logger);
    if (await refuseForeignSsoToken(context, log)) return true;
    if (!this.deps.sso) return super.run(context);
    return tokenExchangeOnce(
      context,
      this.deps,
      log,
      async () => (await exchangeBeforeTeamsAi(context, this.deps.tokens, log)) || super.run(context)
    );
  }
}

/**
 * The turns teams-ai signs the person in for, silently: commands that call Graph, in a 1:1 chat
 * (`help` and chit-chat need no token; elsewhere Teams cannot do it silently), and the sign-in
 * invokes, whose routes only match once teams-ai has tagged the activity with the setting name.
 * These are the turns that need teams-ai's stored state (tolerant-turn-state.ts).
 */
export function startsSignIn(context: TurnContext): boolean {
  const a = context.activity;
  return (
    (a.type === ActivityTypes.Message && conversationScope(a) === 'personal' && needsSignIn(parseCommand(a.text))) ||
    (a.type === ActivityTypes.Invoke && SIGN_IN_INVOKES.has(a.name ?? ''))
  );
}
