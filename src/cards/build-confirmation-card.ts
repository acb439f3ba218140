import template from '../../adaptiveCards/conversation-created.json';
import { actionData } from './action-data';
import { VERBS, type AdaptiveCard, type ConfirmationCardData } from './card-types';
import { renderTemplate } from './render-template';
import { say } from '../core/words';

/** Replaces the form once the conversation exists. `bodyPreview` arrives already shortened. */
export function buildConfirmationCard(data: ConfirmationCardData): AdaptiveCard {
  // Reply goes straight to the thread this post created: no lookup when the form opens.
  const reply = data.groupId
    ? actionData(VERBS.openReply, {
        groupId: data.groupId,
        conversationId: data.conversationId,
        threadId: data.threadId,
        topic: data.topic
      })
    : undefined;
  return renderTemplate(template, {
    verbs: VERBS,
    t: {
      title: say('confirmation.title', { group: data.groupName ?? '' }),
      participants: say('confirmation.participants'),
      noParticipants: say('confirmation.noParticipants'),
      conversationId: say('confirmation.conversationId', { id: data.conversationId ?? '' }),
      threadId: say('confirmation.threadId', { id: data.threadId ?? '' }),
      reply: say('button.reply'),
      openInOutlook: say('button.openInOutlook')
    },
    reply: reply?.data,
    replySubmit: reply?.submit,
    topic: data.topic ?? '',
    bodyPreview: data.bodyPreview ?? '',
    participants: data.participants.map((p) => ({
      displayName: p.displayName || p.address || '',
      address: p.address ?? ''
    })),
    // An empty string would still pass the template's exists() and yield an OpenUrl without a URL.
    outlookUrl: data.outlookUrl ? data.outlookUrl : undefined
  });
}
