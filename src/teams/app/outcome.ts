// What a handler returns: the card to show, a sign-in to ask for (with the card that keeps the form
// meanwhile), or a refusal; a typeahead's handler returns its matches. answers.ts is the one place
// that turns it into what Teams is answered on each surface (invoke answer, chat message, late card
// update, dialog).
import type { AdaptiveCard, NoticeCardData } from '../../cards';

/**
 * What everyone in a channel or group chat may read of an outcome whose card is the person's own
 * (their text, their groups): the late update of a shared card and the Action.Submit fallback show
 * this instead (answers.ts: sharedNotice). Absent: a neutral "Alex used Group Conversations".
 */
export type SharedNotice = NoticeCardData;
import type { AnonymousTurn, Turn } from './turn';

/** What happened, for logs, the late-update path and the dialog (a posted dialog closes). */
export type CardResult = 'posted' | 'repeated' | 'invalid' | 'failed' | 'shown';

export type RefusalCode = 'unknown_action' | 'no_user';

/**
 * `chatCard`: the same result as a chat card, where the surface's own card would not work there
 * (a dialog's form is Action.Submit): a message-extension Post that outlasts its deadline sends
 * its result to the person's 1:1 chat, and Try again there must be the chat form's Post.
 */
export type Outcome =
  | {
      kind: 'card';
      card: AdaptiveCard;
      result: CardResult;
      chatCard?: AdaptiveCard;
      shared?: SharedNotice;
      /**
       * A post whose outcome is unknown: the bot looks again once the grace is over and, when it
       * knows (posted, or certainly absent), what replaces this card; undefined leaves it as it is.
       */
      settleLater?: { afterMs: number; look: () => Promise<Outcome | undefined> };
      /**
       * Told where the card went once it is out: work that keeps updating it (a broadcast's
       * progress) starts then. An Action.Execute's card replaces the clicked one (its id is known
       * already); an Action.Submit's is a new message, whose id the send returns.
       */
      sent?: (activityId: string | undefined) => void;
    }
  | {
      kind: 'sign-in';
      consent: boolean;
      /**
       * The action already carried Teams' SSO token and it gave no usable Graph token (the exchange
       * failed, or Graph refused its result): Teams must not be asked for an SSO token again.
       */
      afterFailedExchange: boolean;
      card: AdaptiveCard;
      chatCard?: AdaptiveCard;
      shared?: SharedNotice;
    }
  | { kind: 'refused'; code: RefusalCode; notice: NoticeCardData };

export type Refusal = Extract<Outcome, { kind: 'refused' }>;

/** One typeahead choice: `title` is shown, `value` is what the input submits. */
export interface SearchResult {
  title: string;
  value: string;
}

/** What an `application/search` handler returns: at most 15 matches (or a refusal, like any route). */
export type SearchOutcome = { kind: 'search'; results: SearchResult[] } | Refusal;

/** One result of a message extension search: the card it inserts and the list's preview of it. */
export interface QueryResult {
  card: AdaptiveCard;
  preview: { contentType: string; content: Record<string, unknown> };
}

/**
 * What a search command's handler returns (composeExtension/query and selectItem): results, a
 * line of text in the result list, or a sign-in, silent (Teams SSO, search commands only) unless
 * the SSO token Teams sent already failed.
 */
export type QueryOutcome =
  | { kind: 'results'; results: QueryResult[] }
  | { kind: 'message'; text: string }
  | { kind: 'sign-in'; silent: boolean; consent: boolean }
  | Refusal;

export type Handler<O = Outcome> = (turn: Turn) => Promise<O>;
export type AnonymousHandler<O = Outcome> = (turn: AnonymousTurn) => Promise<O>;

/** A route's handler, and whether it acts as the person (most do) or needs no identity. */
export type Route<O = Outcome> =
  | {
      anonymous?: false;
      handle: Handler<O>;
      /**
       * Posts count against POSTS_PER_MINUTE (post-once.ts); `cached` routes read Graph through a
       * per-person cache that bounds them already (the typeahead: one group listing a minute, however
       * fast the person types); every other route counts against READS_PER_MINUTE.
       */
      budget?: 'posts' | 'cached';
    }
  | { anonymous: true; handle: AnonymousHandler<O> };

export function show(card: AdaptiveCard, result: CardResult = 'shown'): Outcome {
  return { kind: 'card', card, result };
}

/** The outcome with what a shared conversation may read of it (a refusal's notice is shareable as it is). */
export function withShared(outcome: Outcome, shared: SharedNotice): Outcome {
  return outcome.kind === 'refused' ? outcome : { ...outcome, shared };
}
