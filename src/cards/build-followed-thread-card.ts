// The card a followed group's thread gets in the channel (issue 16): one per thread, updated in
// place as replies arrive ("3 new replies"), never one card per post. Everyone in the channel reads
// it, so nothing on it is per person: times are the card's own DATE/TIME functions, which each
// reader's Teams shows in their own locale and time zone, and Reply posts as whoever presses it.
// Everything from Graph (group, topic, names, previews) reads literally (markdownSafe) and is cut
// to a length the card's budget allows whatever the mail holds.
import template from '../../adaptiveCards/followed-thread.json';
import { actionData, conversationRefData } from './action-data';
import { VERBS, type AdaptiveCard } from './card-types';
import { renderTemplate } from './render-template';
import { markdownSafe } from '../core/markdown-safe';
import { say } from '../core/words';
import { cardTime, clipPoints as clip } from './card-text';

/** Characters of a post's text shown; the card's TextBlocks also stop at a few lines. */
export const THREAD_PREVIEW_MAX = 400;
const MAX_TOPIC = 255;
const MAX_NAME = 120;

export interface ThreadPostView {
  sender: string;
  /** ISO 8601 (UTC); absent when Graph did not say. */
  sentAt?: string;
  /** Plain text (already converted from the post's HTML), any length. */
  text: string;
}

export interface FollowedThreadCardData {
  groupName: string;
  followerName: string;
  groupId: string;
  conversationId: string;
  threadId: string;
  topic: string;
  /** The thread's first post. */
  first: ThreadPostView;
  /** Posts after the first since the card was first shown, and the newest of them. */
  newReplies: number;
  latest?: ThreadPostView;
  outlookUrl?: string;
}

export function buildFollowedThreadCard(data: FollowedThreadCardData): AdaptiveCard {
  const topic = clip(data.topic, MAX_TOPIC);
  const reply = actionData(
    VERBS.openReply,
    conversationRefData({
      groupId: data.groupId,
      conversationId: data.conversationId,
      threadId: data.threadId,
      topic
    })
  );
  const latest = data.newReplies > 0 && data.latest ? data.latest : undefined;
  return renderTemplate(template, {
    verbs: VERBS,
    t: {
      group: say('thread.group', { group: safeName(data.groupName) }),
      from: say('thread.from', { sender: safeName(data.first.sender), when: cardTime(data.first.sentAt) }),
      newReplies: say('thread.newReplies', { count: data.newReplies }),
      latest: latest ? say('thread.latest', { sender: safeName(latest.sender), when: cardTime(latest.sentAt) }) : '',
      setUpBy: say('thread.setUpBy', { follower: safeName(data.followerName) }),
      reply: say('button.reply'),
      openInOutlook: say('button.openInOutlook')
    },
    topic: markdownSafe(topic) || say('list.noTopic'),
    preview: markdownSafe(clip(data.first.text, THREAD_PREVIEW_MAX)),
    latest: latest ? { preview: markdownSafe(clip(latest.text, THREAD_PREVIEW_MAX)) } : undefined,
    reply: reply.data,
    replySubmit: reply.submit,
    outlookUrl: data.outlookUrl ? data.outlookUrl : undefined
  });
}

function safeName(name: string): string {
  return markdownSafe(clip(name, MAX_NAME)) || say('thread.someone');
}
