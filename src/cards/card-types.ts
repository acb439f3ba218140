// Data the card builders take. Builders fill adaptiveCards/*.json templates with
// adaptivecards-templating and return plain Adaptive Card JSON (schema 1.5). Templates hold no
// words: each builder passes its card's words from src/core/words.ts as `t` (`${t.title}`).

/** An Adaptive Card as plain JSON, ready to be an attachment or an invoke response. */
export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; [key: string]: unknown };

export interface GroupChoice {
  id: string;
  displayName: string;
}

export interface PersonChoice {
  id: string;
  displayName: string;
}

/** What the person typed, kept verbatim so a failed post never loses it. */
export interface FormValues {
  groupId: string;
  topic: string;
  body: string;
  /** Comma-joined Entra object ids, as the Teams people picker submits them. */
  participants: string;
  otherEmails: string;
  /** "Post to all my groups" (the 1:1 chat's broadcast form): 'true' or 'false', as the toggle submits it. */
  allGroups?: string;
}

/**
 * A retry form's message that is too long to show again (Teams refuses a message over 100 KB):
 * the server keeps it for the person, the card shows its beginning, and Post sends it from there.
 */
export interface KeptBody {
  /** The beginning of the message, as typed (the builder makes it literal). */
  preview: string;
  /** Its whole length, in characters. */
  length: number;
  /** How long the server keeps it. */
  hours: number;
}

export interface FormCardData {
  draftId: string;
  /** The static choices, most useful first (a long list is cut to fit the size budget). */
  groups: GroupChoice[];
  /** The person has more groups than `groups`: the picker also searches all of them (typeahead). */
  searchGroups?: boolean;
  values: FormValues;
  /** Names for already-picked participant ids, so the picker shows people, not ids. */
  knownPeople?: PersonChoice[];
  /** A banner above the inputs after a failed attempt; the Post button then reads "Try again". */
  error?: { title: string; text: string };
  /** Per-input messages from the server's validation, shown under each input. */
  fieldErrors?: Partial<Record<keyof FormValues, string>>;
  /** The message is kept on the server: the card shows its beginning and an empty, optional Message. */
  keptBody?: KeptBody;
  /**
   * `dialog`: the form inside a message action's dialog, where Teams sends Action.Submit (not
   * Action.Execute) and the dialog has its own close, so Post is an Action.Submit and there is no Cancel.
   */
  mode?: 'chat' | 'dialog';
  /**
   * The 1:1 chat's form (issue 15): the group picker takes several groups and "Post to all my
   * groups" is offered. In channels, group chats and the dialog the form stays single-group.
   */
  broadcast?: boolean;
  /** "Post to all my groups" means this many groups: the form asks to confirm, its Post says how many. */
  confirmAll?: number;
  /**
   * The picked group is hidden from Outlook (issue 17): a banner says so and Post becomes "Post
   * anyway", whose data acknowledges this group for this form (`hiddenAck`, checked on the server).
   * `atOpen`: the form showed it as it opened, the server holds the acknowledgement, the data none.
   */
  hiddenGroup?: { id: string; name: string; atOpen?: boolean };
  /** A message action's files (issue 17): one toggle each, and what could not come along. */
  files?: FormFiles;
}

/**
 * The files listed on a message action's form. Only names reach the card: the toggles' ids are
 * the files' places in the list the server saved for the form (`file0`, `file1`, …), never a URL.
 */
export interface FormFiles {
  names: string[];
  /** Each toggle's value, in the order of `names`; a new form keeps them all. */
  kept: boolean[];
  /** Attachments that are no SharePoint or OneDrive file, files over the limit, inline pictures. */
  notFiles: number;
  overLimit: number;
  pictures: number;
}

export interface ConfirmationCardData {
  /** With it the card offers "Reply" (the thread id is already known). */
  groupId?: string;
  groupName: string;
  topic: string;
  bodyPreview: string;
  participants: { displayName: string; address: string }[];
  conversationId: string;
  threadId: string;
  /** Opens the group mailbox in Outlook on the web; absent when the group has no mail address. */
  outlookUrl?: string;
  /** The group is hidden from Outlook clients: the card repeats the form's warning (issue 17). */
  hiddenFromOutlook?: boolean;
}

export interface NoticeCardData {
  title: string;
  text: string;
}

/** Verbs the bot's cards send back (Action.Execute `verb`, Action.Submit `data.verb`). */
export const VERBS = {
  createConversation: 'createConversation',
  /**
   * A channel's Follow / Unfollow button, shown when a typed `follow`/`unfollow` had no token (a
   * channel signs in through the card): data {op: follow|unfollow, group?} (issue 16).
   */
  followGroup: 'followGroup',
  cancel: 'cancelDraft',
  /** A page of a group's conversations: data {groupId, cursor?} (the group picker adds groupId as an input). */
  listConversations: 'listConversations',
  /** Opens the reply form: data {groupId, conversationId, threadId?, topic}. */
  openReply: 'openReply',
  /** Posts the reply form: data {draftId, groupId, conversationId, threadId?, topic} + inputs. */
  replyToThread: 'replyToThread',
  /**
   * The user-specific refresh of a shared card (channel, group chat): data {viewId, draftId?}; only
   * the person who acted gets their own view (src/teams/app/own-views.ts), never as Action.Submit.
   */
  showOwnView: 'showOwnView',
  /** A broadcast's summary: posts again to its failed groups only, data {broadcastId} (issue 15). */
  retryBroadcast: 'retryBroadcast',
  /** Get a group's conversations in one's own inbox, or stop them: data {groupId, op: on|off} (issue 17). */
  mailSubscription: 'mailSubscription'
} as const;

/**
 * The bot's own typeahead datasets (Input.ChoiceSet `choices.data` Data.Query): Teams sends the
 * typed text as an `application/search` invoke naming the dataset, the bot answers with matches.
 */
export const DATASETS = {
  /** The acting person's Microsoft 365 groups, by name. */
  myGroups: 'groupconversations.mygroups'
} as const;

/** Names a conversation on a card; ids only, never a URL. */
export interface ConversationRefData {
  groupId: string;
  conversationId: string;
  threadId?: string;
  topic: string;
}

export interface ConversationRow {
  conversationId: string;
  topic: string;
  preview: string;
  /** Already formatted for the reader ("Nov 27, 2026, 10:00 AM UTC"). */
  when: string;
  senders: string[];
  hasAttachments: boolean;
}

export interface ListCardData {
  groupId: string;
  groupName: string;
  conversations: ConversationRow[];
  /** The next page's cursor: with it the card offers "More". */
  nextCursor?: string;
  /** This page's cursor (absent on the first page): "Try again" asks for the same page. */
  cursor?: string;
  /** A failed More: the banner, and "Try again" instead of rows. */
  error?: { title: string; text: string };
  /** With `error`: the page cannot be asked for again (its cursor is gone), only the first one. */
  startOver?: boolean;
}

export interface PickGroupCardData {
  title: string;
  text: string;
  groups: GroupChoice[];
  /** As FormCardData.searchGroups. */
  searchGroups?: boolean;
}

export interface ReplyFormValues {
  body: string;
  participants: string;
  otherEmails: string;
}

export interface ReplyFormCardData {
  draftId: string;
  conversation: ConversationRefData;
  values: ReplyFormValues;
  error?: { title: string; text: string };
  fieldErrors?: Partial<Record<keyof ReplyFormValues, string>>;
  keptBody?: KeptBody;
}

export interface ReplySentCardData {
  conversation: ConversationRefData;
  bodyPreview: string;
  participants: { displayName: string; address: string }[];
}
