import template from '../../adaptiveCards/list-conversations.json';
import { actionData, conversationRefData } from './action-data';
import { inboxButton } from './build-inbox-card';
import { VERBS, type AdaptiveCard, type ConversationRow, type ListCardData } from './card-types';
import { renderTemplate } from './render-template';
import { clip } from './size-budget';
import { markdownSafe } from '../core/markdown-safe';
import { say } from '../core/words';

/** Names shown per row before "and N more": uniqueSenders can be long on a busy thread. */
const MAX_SENDERS = 3;
/** Graph's longest topic; a Reply button carries it for display, so it stays bounded. */
const MAX_TOPIC = 255;
/** Graph text of any length is clipped, so five rows always fit Teams' size limit (size-budget.ts). */
const MAX_PREVIEW = 500;
const MAX_SENDER_NAME = 100;

/**
 * One page of a group's conversations, each with Reply; More (or Try again) at the bottom. Every
 * text from Graph (group name, topics, previews, senders) is shown literally (markdownSafe).
 */
export function buildListCard(data: ListCardData): AdaptiveCard {
  const page = data.error
    ? {
        title: say(data.startOver ? 'button.latest' : 'button.tryAgain'),
        ...actionData(VERBS.listConversations, {
          groupId: data.groupId,
          cursor: data.startOver ? undefined : data.cursor
        })
      }
    : data.nextCursor
      ? {
          title: say('button.more'),
          ...actionData(VERBS.listConversations, { groupId: data.groupId, cursor: data.nextCursor })
        }
      : undefined;
  const rows = data.error ? [] : data.conversations.map((c) => row(data.groupId, c));
  return renderTemplate(template, {
    verbs: VERBS,
    t: {
      title: say('list.title', { group: markdownSafe(data.groupName) || say('list.thisGroup') }),
      subtitle: subtitle(rows.length, data.cursor !== undefined),
      reply: say('button.reply')
    },
    rows,
    error: data.error ? { title: data.error.title ?? '', text: data.error.text ?? '' } : undefined,
    page,
    // "Get these by email" (issue 17): the state is read when pressed, not for every page listed.
    inbox: data.error ? undefined : inboxButton(data.groupId, 'on')
  });
}

function row(groupId: string, c: ConversationRow) {
  const reply = actionData(
    VERBS.openReply,
    conversationRefData({ groupId, conversationId: c.conversationId, topic: c.topic.slice(0, MAX_TOPIC) })
  );
  return {
    topic: markdownSafe(clip(c.topic, MAX_TOPIC)) || say('list.noTopic'),
    preview: markdownSafe(clip(c.preview, MAX_PREVIEW)),
    details: [c.when, senders(c.senders), c.hasAttachments ? say('list.hasAttachments') : '']
      .filter(Boolean)
      .join(' · '),
    reply: reply.data,
    replySubmit: reply.submit
  };
}

function senders(names: string[]): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, MAX_SENDERS).map((n) => markdownSafe(clip(n, MAX_SENDER_NAME)));
  return say('list.from', { names: shown, more: Math.max(0, names.length - MAX_SENDERS) });
}

function subtitle(count: number, laterPage: boolean): string {
  if (count > 0) return say(laterPage ? 'list.older' : 'list.newest');
  return say(laterPage ? 'list.noMore' : 'list.empty');
}
