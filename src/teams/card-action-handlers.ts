// The card verbs that act as the person, by verb: both the Action.Execute route and the
// Action.Submit fallbacks dispatch through this table (Cancel needs no person and stays apart).
import { VERBS } from '../cards';
import type { CardActionHandler } from './card-action-flow';
import { handleCreateAction } from './create-action';
import { handleListAction } from './list-command';
import { handleOpenReply, handleReplyAction } from './reply-action';

export const cardActionHandlers: Readonly<Record<string, CardActionHandler>> = {
  [VERBS.createConversation]: handleCreateAction,
  [VERBS.listConversations]: handleListAction,
  [VERBS.openReply]: handleOpenReply,
  [VERBS.replyToThread]: handleReplyAction
};

/** The handler for a verb from card data; undefined for anything else (including "toString"). */
export function cardActionHandler(verb: unknown): CardActionHandler | undefined {
  return typeof verb === 'string' && Object.hasOwn(cardActionHandlers, verb) ? cardActionHandlers[verb] : undefined;
}
