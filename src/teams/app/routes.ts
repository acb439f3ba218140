// Every way in, and what answers it: "what answers createConversation?" is one look here.
//
//   activity                                    route table          key
//   message with text ("new", "@Bot list x")    COMMAND_ROUTES       parseCommand(text).command (follow…: a channel's)
//   invoke adaptiveCard/action (Action.Execute) CARD_ACTION_ROUTES   value.action.verb (retryBroadcast: a broadcast's summary)
//   the refresh of a shared card (Execute only) OWN_VIEW             verb showOwnView
//   message with value.verb (Action.Submit)     CARD_ACTION_ROUTES   value.verb (the fallback)
//   invoke composeExtension/fetchTask           MESSAGE_EXTENSION    value.commandId → open
//   invoke composeExtension/submitAction        MESSAGE_EXTENSION    value.commandId → submit
//   invoke application/search (typeahead)       SEARCH_ROUTES        value.dataset
//   invoke composeExtension/query, selectItem   QUERY_ROUTES         value.commandId (query-routes.ts)
//   conversationUpdate membersAdded (the bot)   WELCOME
//   invoke signin/tokenExchange, verifyState    teams-ai's Teams SSO, then the command that asked
//   any other text                              UNKNOWN_TEXT
//
// A route that acts as the person gets a Turn with `person` and `token()`; an anonymous one
// (help, Cancel) runs without an Entra identity. create-bot-app.ts registers these with teams-ai.
import { buildNoticeCard, buildWelcomeCard, DATASETS, VERBS } from '../../cards';
import {
  discardDraft,
  openReplyForm,
  postFromDialog,
  postFromForm,
  searchMyGroups,
  sendReply,
  showConversations
} from '../card-actions';
import { helpCommand, listCommand, newCommand, signOutCommand, type Command } from '../commands';
import {
  FIND_CONVERSATION_COMMAND,
  findConversations,
  insertFoundConversation,
  openPostToGroup,
  POST_TO_GROUP_COMMAND
} from '../message-extension';
import { show, type QueryOutcome, type Route, type SearchOutcome } from './outcome';
import { showOwnView } from './own-views';
import { retryFailedBroadcast } from '../broadcast/retry-failed';
import { followCommand, followFromCard, followingCommand, unfollowCommand } from '../follow/follow-commands';
import { notice } from '../../core/words';
import { inboxFromCard, subscribeCommand, unsubscribeCommand } from '../inbox/inbox-commands';

export const COMMAND_ROUTES: Readonly<Record<Command, Route>> = {
  new: { handle: newCommand },
  list: { handle: listCommand },
  help: { anonymous: true, handle: helpCommand },
  signout: { handle: signOutCommand },
  follow: { handle: followCommand },
  following: { anonymous: true, handle: followingCommand },
  unfollow: { handle: unfollowCommand },
  subscribe: { handle: subscribeCommand },
  unsubscribe: { handle: unsubscribeCommand }
};

/** The verbs a card button sends (as Action.Execute, or Action.Submit from older clients). */
type Verb = Exclude<(typeof VERBS)[keyof typeof VERBS], typeof VERBS.showOwnView>;

/**
 * A shared card's user-specific refresh: only ever an Action.Execute invoke (whose answer Teams
 * shows to the one person asking), never registered as an Action.Submit (which would post it).
 */
export const OWN_VIEW: Route = { handle: showOwnView };

export const CARD_ACTION_ROUTES: Readonly<Record<Verb, Route>> = {
  [VERBS.createConversation]: { handle: postFromForm, budget: 'posts' },
  [VERBS.listConversations]: { handle: showConversations },
  [VERBS.openReply]: { handle: openReplyForm },
  [VERBS.replyToThread]: { handle: sendReply, budget: 'posts' },
  [VERBS.cancel]: { anonymous: true, handle: discardDraft },
  [VERBS.retryBroadcast]: { handle: retryFailedBroadcast, budget: 'posts' },
  [VERBS.followGroup]: { handle: followFromCard },
  [VERBS.mailSubscription]: { handle: inboxFromCard }
};

/** By the manifest's composeExtensions command id. */
export const MESSAGE_EXTENSION_ROUTES: Readonly<Record<string, { open: Route; submit: Route }>> = {
  [POST_TO_GROUP_COMMAND]: { open: { handle: openPostToGroup }, submit: { handle: postFromDialog, budget: 'posts' } }
};

/**
 * Search commands, by the manifest's command id: `query` answers what the person typed (`cached`:
 * the scan behind it is one bounded scan a minute per person, however fast they type), `select`
 * the preview they chose (its last-post read counts against READS_PER_MINUTE; over it, the card
 * goes in without the sender).
 */
export const QUERY_ROUTES: Readonly<Record<string, { query: Route<QueryOutcome>; select: Route<QueryOutcome> }>> = {
  [FIND_CONVERSATION_COMMAND]: {
    query: { handle: findConversations, budget: 'cached' },
    select: { handle: insertFoundConversation }
  }
};

/** By the Data.Query `dataset` of the bot's own typeaheads (an unknown one is not handled: 400). */
export const SEARCH_ROUTES: Readonly<Record<string, Route<SearchOutcome>>> = {
  [DATASETS.myGroups]: { handle: searchMyGroups, budget: 'cached' }
};

export const WELCOME: Route = { anonymous: true, handle: async () => show(buildWelcomeCard()) };

export const UNKNOWN_TEXT: Route = {
  anonymous: true,
  handle: async () => show(buildNoticeCard(notice('notice.unknownText')))
};

/** The route for an Action.Execute's verb; undefined for anything else (including "toString"). */
export function cardActionRoute(verb: unknown): Route | undefined {
  if (verb === VERBS.showOwnView) return OWN_VIEW;
  return typeof verb === 'string' && Object.hasOwn(CARD_ACTION_ROUTES, verb)
    ? CARD_ACTION_ROUTES[verb as Verb]
    : undefined;
}
