import template from '../../adaptiveCards/reply-form.json';
import { actionData, conversationRefData } from './action-data';
import { VERBS, type AdaptiveCard, type ReplyFormCardData, type ReplyFormValues } from './card-types';
import { messageInputWords, postButtonWords } from './card-words';
import { renderTemplate } from './render-template';
import { say } from '../core/words';

const FIELDS: (keyof ReplyFormValues)[] = ['body', 'participants', 'otherEmails'];

/** The reply form; with `error` it is the retry form that keeps every input. */
export function buildReplyFormCard(data: ReplyFormCardData): AdaptiveCard {
  // Every field the template reads must be defined (undefined prints as "${…}").
  const values = Object.fromEntries(FIELDS.map((f) => [f, data.values[f] ?? '']));
  const fieldErrors = Object.fromEntries(FIELDS.map((f) => [f, data.fieldErrors?.[f] ?? '']));
  const post = actionData(VERBS.replyToThread, { draftId: data.draftId, ...conversationRefData(data.conversation) });
  return renderTemplate(template, {
    verbs: VERBS,
    draftId: data.draftId,
    t: {
      title: say('reply.title', { topic: data.conversation.topic || say('reply.theConversation') }),
      ...messageInputWords(),
      participantsLabel: say('input.addParticipants.label'),
      ...postButtonWords(data.error !== undefined)
    },
    values,
    fieldErrors,
    error: data.error ? { title: data.error.title ?? '', text: data.error.text ?? '' } : undefined,
    post: post.data,
    postSubmit: post.submit
  });
}
