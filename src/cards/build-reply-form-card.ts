import template from '../../adaptiveCards/reply-form.json';
import { actionData, conversationRefData } from './action-data';
import { VERBS, type AdaptiveCard, type ReplyFormCardData, type ReplyFormValues } from './card-types';
import { keptBodyWords, messageInputWords, postButtonWords } from './card-words';
import { renderTemplate } from './render-template';
import { markdownSafe } from '../core/markdown-safe';
import { say } from '../core/words';

const FIELDS: (keyof ReplyFormValues)[] = ['body', 'participants', 'otherEmails'];

/** The reply form; with `error` it is the retry form that keeps every input (or `keptBody`, as the form's). */
export function buildReplyFormCard(data: ReplyFormCardData): AdaptiveCard {
  // Every field the template reads must be defined (undefined prints as "${…}").
  const values = Object.fromEntries(FIELDS.map((f) => [f, data.values[f] ?? '']));
  const fieldErrors = Object.fromEntries(FIELDS.map((f) => [f, data.fieldErrors?.[f] ?? '']));
  const post = actionData(VERBS.replyToThread, { draftId: data.draftId, ...conversationRefData(data.conversation) });
  const kept = keptBodyWords(data.keptBody);
  return renderTemplate(template, {
    verbs: VERBS,
    draftId: data.draftId,
    t: {
      // The topic arrives in card data (from Graph, through a list or a confirmation): shown literally.
      title: say('reply.title', { topic: markdownSafe(data.conversation.topic) || say('reply.theConversation') }),
      ...messageInputWords(),
      ...kept.words,
      participantsLabel: say('input.addParticipants.label'),
      ...postButtonWords(data.error !== undefined)
    },
    values,
    fieldErrors,
    error: data.error ? { title: data.error.title ?? '', text: data.error.text ?? '' } : undefined,
    kept: kept.kept,
    post: post.data,
    postSubmit: post.submit
  });
}
