import template from '../../adaptiveCards/conversation-created.json';
import type { AdaptiveCard, ConfirmationCardData } from './card-types';
import { renderTemplate } from './render-template';

/** Replaces the form once the conversation exists. `bodyPreview` arrives already shortened. */
export function buildConfirmationCard(data: ConfirmationCardData): AdaptiveCard {
  return renderTemplate(template, {
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
