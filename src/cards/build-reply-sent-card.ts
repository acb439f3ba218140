import template from '../../adaptiveCards/reply-sent.json';
import { actionData, conversationRefData } from './action-data';
import { VERBS, type AdaptiveCard, type ReplySentCardData } from './card-types';
import { safeParticipants } from './participant-facts';
import { renderTemplate } from './render-template';
import { markdownSafe } from '../core/markdown-safe';
import { say } from '../core/words';

/** Replaces the reply form once Graph accepted the reply; "Reply again" opens a fresh form. */
export function buildReplySentCard(data: ReplySentCardData): AdaptiveCard {
  const reply = actionData(VERBS.openReply, conversationRefData(data.conversation));
  return renderTemplate(template, {
    verbs: VERBS,
    t: {
      title: say('replySent.title', { topic: markdownSafe(data.conversation.topic) || say('reply.theConversation') }),
      added: say('replySent.added'),
      replyAgain: say('button.replyAgain')
    },
    bodyPreview: markdownSafe(data.bodyPreview ?? ''),
    participants: safeParticipants(data.participants),
    reply: reply.data,
    replySubmit: reply.submit
  });
}
