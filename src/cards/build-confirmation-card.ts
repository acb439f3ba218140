import template from '../../adaptiveCards/conversation-created.json';
import { actionData } from './action-data';
import { VERBS, type AdaptiveCard, type ConfirmationCardData } from './card-types';
import { renderTemplate } from './render-template';

/** Replaces the form once the conversation exists. `bodyPreview` arrives already shortened. */
export function buildConfirmationCard(data: ConfirmationCardData): AdaptiveCard {
  // Reply goes straight to the thread this post created: no lookup when the form opens.
  const reply = data.groupId
    ? actionData(VERBS.openReply, { groupId: data.groupId, conversationId: data.conversationId, threadId: data.threadId, topic: data.topic })
    : undefined;
  return renderTemplate(template, {
    verbs: VERBS,
    reply: reply?.data,
    replySubmit: reply?.submit,
    groupName: data.groupName ?? '',
    topic: data.topic ?? '',
    bodyPreview: data.bodyPreview ?? '',
    participants: data.participants.map((p) => ({
      displayName: p.displayName || p.address || '',
      address: p.address ?? ''
    })),
    conversationId: data.conversationId ?? '',
    threadId: data.threadId ?? '',
    // An empty string would still pass the template's exists() and yield an OpenUrl without a URL.
    outlookUrl: data.outlookUrl ? data.outlookUrl : undefined
  });
}
