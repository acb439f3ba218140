// Data for a button that is an Action.Execute with an Action.Submit fallback: Execute sends the
// verb beside its data, Submit only inside it, so the fallback's data carries the verb as well.
import type { ConversationRefData } from './card-types';

export interface ActionData {
  data: Record<string, string>;
  submit: Record<string, string>;
}

export function actionData(verb: string, data: Record<string, string | undefined>): ActionData {
  // Absent values are left out rather than sent as empty strings or "undefined".
  const clean = Object.fromEntries(
    Object.entries(data).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
  );
  return { data: clean, submit: { verb, ...clean } };
}

/** What Reply / Reply again send: the conversation's ids and topic, never a URL. */
export function conversationRefData(ref: ConversationRefData): Record<string, string | undefined> {
  return { groupId: ref.groupId, conversationId: ref.conversationId, threadId: ref.threadId, topic: ref.topic };
}
