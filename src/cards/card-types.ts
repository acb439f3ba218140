// Data the card builders take. Builders fill adaptiveCards/*.json templates with
// adaptivecards-templating and return plain Adaptive Card JSON (schema 1.5).

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
}

export interface FormCardData {
  draftId: string;
  groups: GroupChoice[];
  values: FormValues;
  /** Names for already-picked participant ids, so the picker shows people, not ids. */
  knownPeople?: PersonChoice[];
  /** A banner above the inputs after a failed attempt; the Post button then reads "Try again". */
  error?: { title: string; text: string };
  /** Per-input messages from the server's validation, shown under each input. */
  fieldErrors?: Partial<Record<keyof FormValues, string>>;
}

export interface ConfirmationCardData {
  groupName: string;
  topic: string;
  bodyPreview: string;
  participants: { displayName: string; address: string }[];
  conversationId: string;
  threadId: string;
  /** Opens the group mailbox in Outlook on the web; absent when the group has no mail address. */
  outlookUrl?: string;
}

export interface NoticeCardData {
  title: string;
  text: string;
}

/** Verbs the bot's cards send back (Action.Execute `verb`, Action.Submit `data.verb`). */
export const VERBS = {
  createConversation: 'createConversation',
  cancel: 'cancelDraft'
} as const;
