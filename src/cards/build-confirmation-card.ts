import template from '../../adaptiveCards/conversation-created.json';
import { actionData } from './action-data';
import { inboxButton } from './build-inbox-card';
import { VERBS, type AdaptiveCard, type ConfirmationCardData } from './card-types';
import { safeParticipants } from './participant-facts';
import { renderTemplate } from './render-template';
import { markdownSafe } from '../core/markdown-safe';
import { say } from '../core/words';

/**
 * Replaces the form once the conversation exists. `bodyPreview` arrives already shortened. Text
 * from Graph or typed (group, topic, preview, names) is shown literally; the ids sit behind Details.
 */
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
      title: say('confirmation.title', { group: markdownSafe(data.groupName ?? '') }),
      participants: say('confirmation.participants'),
      noParticipants: say('confirmation.noParticipants'),
      conversationId: say('confirmation.conversationId', { id: markdownSafe(data.conversationId ?? '') }),
      threadId: say('confirmation.threadId', { id: markdownSafe(data.threadId ?? '') }),
      reply: say('button.reply'),
      openInOutlook: say('button.openInOutlook'),
      details: say('button.details'),
      hidden: say('hidden.confirmation')
    },
    hiddenFromOutlook: data.hiddenFromOutlook === true,
    reply: reply?.data,
    replySubmit: reply?.submit,
    // "Get these by email" (issue 17): the state is read when pressed, not for every confirmation.
    inbox: data.groupId ? inboxButton(data.groupId, 'on') : undefined,
    topic: markdownSafe(data.topic ?? ''),
    bodyPreview: markdownSafe(data.bodyPreview ?? ''),
    participants: safeParticipants(data.participants),
    // An empty string would still pass the template's exists() and yield an OpenUrl without a URL.
    outlookUrl: data.outlookUrl ? data.outlookUrl : undefined
  });
}
