// What the compose box's search (issue 17) shows and inserts: a preview per found conversation
// (a thumbnail in Teams' result list, seen only by the person searching) and, once one is chosen,
// the Adaptive Card that goes into the chat or channel for everyone there. So the inserted card is
// per nobody: its time is the card's own DATE/TIME function (each reader's zone) and Reply posts
// as whoever presses it, with their own token. Graph's text reads literally (markdownSafe) and is
// cut to bounds that keep ten previews and their cards far inside Teams' message size.
import template from '../../adaptiveCards/found-conversation.json';
import { escapeHtml } from '../core/body-html';
import { markdownSafe } from '../core/markdown-safe';
import { say } from '../core/words';
import { actionData, conversationRefData } from './action-data';
import { cardTime, clipPoints } from './card-text';
import { VERBS, type AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';

export const FOUND_PREVIEW_MAX = 400;
/** The thumbnail's text in the result list: a glance, not the post. */
const THUMBNAIL_TEXT_MAX = 160;
const MAX_TOPIC = 255;
const MAX_NAME = 120;

export interface FoundConversationCardData {
  groupId: string;
  groupName: string;
  conversationId: string;
  /** The thread to reply to, when known; Reply looks it up otherwise. */
  threadId?: string;
  topic: string;
  /** Plain text. */
  preview: string;
  /** ISO 8601 (UTC) of the last post; absent when Graph did not say. */
  lastPostAt?: string;
  /** Who sent the last post, when it was read (the chosen result); absent in the list. */
  lastSender?: string;
  outlookUrl?: string;
}

export function buildFoundConversationCard(data: FoundConversationCardData): AdaptiveCard {
  const topic = clipPoints(data.topic, MAX_TOPIC);
  const reply = actionData(
    VERBS.openReply,
    conversationRefData({ groupId: data.groupId, conversationId: data.conversationId, threadId: data.threadId, topic })
  );
  const when = cardTime(data.lastPostAt);
  const sender = data.lastSender ? markdownSafe(clipPoints(data.lastSender, MAX_NAME)) : '';
  const lastPost = sender ? say('search.lastPost', { sender, when }) : when ? say('search.lastPostAt', { when }) : '';
  return renderTemplate(template, {
    verbs: VERBS,
    t: {
      group: say('search.group', { group: markdownSafe(clipPoints(data.groupName, MAX_NAME)) }),
      reply: say('button.reply'),
      openInOutlook: say('button.openInOutlook')
    },
    topic: markdownSafe(topic) || say('list.noTopic'),
    lastPost: lastPost || undefined,
    preview: markdownSafe(clipPoints(data.preview, FOUND_PREVIEW_MAX)) || undefined,
    reply: reply.data,
    replySubmit: reply.submit,
    outlookUrl: data.outlookUrl ? data.outlookUrl : undefined
  });
}

/**
 * The tap value Teams sends back as `composeExtension/selectItem` when the preview is chosen (it
 * carries nothing else, so the command's id is in it too).
 */
export interface FoundSelection {
  commandId: string;
  groupId: string;
  conversationId: string;
}

/**
 * The result list's preview: a thumbnail card (title, subtitle, text), whose text Teams renders as
 * limited HTML, hence escaped; `when` is already in the searcher's own clock (only they see it).
 * Without `tap`, choosing it inserts the attachment's own card as it is (no selectItem).
 */
export function foundConversationPreview(
  data: Pick<FoundConversationCardData, 'groupName' | 'topic' | 'preview'> & { when: string },
  tap: FoundSelection | undefined
): { contentType: string; content: Record<string, unknown> } {
  return {
    contentType: 'application/vnd.microsoft.card.thumbnail',
    content: {
      title: escapeHtml(clipPoints(data.topic, MAX_TOPIC) || say('list.noTopic')),
      subtitle: escapeHtml(say('search.previewLine', { group: clipPoints(data.groupName, MAX_NAME), when: data.when })),
      text: escapeHtml(clipPoints(data.preview, THUMBNAIL_TEXT_MAX)),
      ...(tap ? { tap: { type: 'invoke', value: { ...tap } } } : {})
    }
  };
}
