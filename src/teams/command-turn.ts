// What a command handler gets: the turn, who is acting, their Graph token (when the command
// needs one), and a way to answer with a card. A handler is a function of this, nothing else.
import type { TurnContext } from 'botbuilder';
import type { TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from '../cards';
import type { UserRef } from '../auth/token-provider';
import type { Logger } from '../logger';
import type { BotDeps } from './bot-deps';
import type { Command } from './commands';

export interface CommandTurn {
  context: TurnContext;
  state: TurnState;
  deps: BotDeps;
  log: Logger;
  args: string;
  /** Present for commands that need a person (every command but help). */
  user: UserRef;
  /** The person's Graph token for the command path; throws sign_in_required when there is none. */
  token(): Promise<string>;
  send(card: AdaptiveCard): Promise<void>;
}

export type CommandHandler = (turn: CommandTurn) => Promise<void>;
export type CommandHandlers = Record<Command, CommandHandler>;
