import template from '../../adaptiveCards/reply-sent.json';
import { actionData, conversationRefData } from './action-data';
import { VERBS, type AdaptiveCard, type ReplySentCardData } from './card-types';
import { renderTemplate } from './render-template';
import { say } from '../core/words';

/** Replaces the reply form once Graph accepted the reply; "Reply again" opens a fresh form. */
export function buildReplySentCard(data: ReplySentCardData): AdaptiveCard {
  const reply = actionData(VERBS.openReply, conversationRefData(data.conversation));
  return renderTemplate(template, {
    verbs: VERBS,
    t: {
      title: say('replySent.title', { topic: data.conversation.topic || say('reply.theConversation') }),
      added: say('replySent.added'),
      replyAgain: say('button.replyAgain')
    },
    bodyPreview: data.bodyPreview ?? '',
    participants: data.participants.map((p) => ({
      displayName: p.displayName || p.address || '',
      address: p.address ?? ''
    })),
    reply: reply.data,
    replySubmit: reply.submit
  });
}
