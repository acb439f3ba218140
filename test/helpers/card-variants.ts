// One card per builder variant (every mode, with and without its optional parts), for tests that
// check a rule on every card the bot can build. A builder exported from src/cards without a
// variant here fails test/unit/cards/card-actions-everywhere.test.ts.
import * as cards from '../../src/cards';

const G = 'c0ffee00-0000-4000-8000-000000000001';
const D = 'd0000000-0000-4000-8000-000000000001';
const ref = { groupId: G, conversationId: 'AAQkConv=', threadId: 'AAQkThread=', topic: 'Launch' };
const values = { groupId: G, topic: 'Launch', body: 'Hello', participants: '', otherEmails: '' };
const error = { title: 'It failed', text: 'Try again.' };
const groups = [{ id: G, displayName: 'Marketing' }];
const row = (i: number) => ({
  conversationId: `c${i}`,
  topic: `Topic ${i}`,
  preview: 'Preview',
  when: 'Nov 27',
  senders: ['Alex Wilber'],
  hasAttachments: i % 2 === 0
});
const confirmation = {
  groupId: G,
  groupName: 'Marketing',
  topic: 'Launch',
  bodyPreview: 'Hello',
  participants: [{ displayName: 'Ada', address: 'ada@contoso.test' }],
  conversationId: 'AAQkConv=',
  threadId: 'AAQkThread=',
  outlookUrl: 'https://outlook.office.com/mail/group/contoso.test/marketing/email'
};
const found = {
  groupId: G,
  groupName: 'Marketing',
  conversationId: 'AAQkConv=',
  topic: 'Launch',
  preview: 'Hello',
  lastPostAt: '2026-12-01T10:00:00Z',
  outlookUrl: 'https://outlook.office.com/mail/group/contoso.test/marketing/email'
};
const thread = {
  groupName: 'Marketing',
  followerName: 'Alex Wilber',
  groupId: G,
  conversationId: 'AAQkConv=',
  threadId: 'AAQkThread=',
  topic: 'Launch',
  first: { sender: 'Alex Wilber', sentAt: '2026-12-01T10:00:00.123Z', text: 'Hello all' },
  outlookUrl: confirmation.outlookUrl
};
const replyValues = { body: 'Thanks', participants: '', otherEmails: '' };

/** builder name → its variants, each named. */
export function cardVariants(): Record<string, Record<string, unknown>> {
  return {
    buildFormCard: {
      chat: cards.buildFormCard({ draftId: D, groups, values }),
      chatRetry: cards.buildFormCard({ draftId: D, groups, values, error, fieldErrors: { topic: 'x' } }),
      dialog: cards.buildFormCard({ draftId: D, groups, values, mode: 'dialog' }),
      dialogRetry: cards.buildFormCard({ draftId: D, groups, values, error, mode: 'dialog' }),
      chatRetryKept: cards.buildFormCard({
        draftId: D,
        groups,
        values: { ...values, body: '' },
        error,
        keptBody: { preview: 'Hello…', length: 30_000, hours: 24 }
      }),
      broadcast: cards.buildFormCard({ draftId: D, groups, values, broadcast: true }),
      broadcastConfirmAll: cards.buildFormCard({
        draftId: D,
        groups,
        values: { ...values, groupId: '', allGroups: 'true' },
        broadcast: true,
        confirmAll: 37
      }),
      chatHidden: cards.buildFormCard({ draftId: D, groups, values, hiddenGroup: { id: G, name: 'Contoso *Team*' } }),
      chatHiddenAtOpen: cards.buildFormCard({
        draftId: D,
        groups,
        values,
        hiddenGroup: { id: G, name: 'Contoso Team', atOpen: true }
      }),
      dialogHidden: cards.buildFormCard({
        draftId: D,
        groups,
        values,
        mode: 'dialog',
        hiddenGroup: { id: G, name: 'C' }
      }),
      dialogRetryKept: cards.buildFormCard({
        draftId: D,
        groups,
        values: { ...values, body: '' },
        error,
        mode: 'dialog',
        keptBody: { preview: 'Hello…', length: 30_000, hours: 24 }
      })
    },
    buildConfirmationCard: {
      full: cards.buildConfirmationCard(confirmation),
      noReplyNoOutlook: cards.buildConfirmationCard({ ...confirmation, groupId: undefined, outlookUrl: undefined }),
      noParticipants: cards.buildConfirmationCard({ ...confirmation, participants: [] }),
      hiddenFromOutlook: cards.buildConfirmationCard({ ...confirmation, hiddenFromOutlook: true })
    },
    buildHelpCard: { help: cards.buildHelpCard() },
    buildWelcomeCard: { welcome: cards.buildWelcomeCard() },
    buildNoticeCard: { notice: cards.buildNoticeCard(error) },
    buildContinueInChatCard: { continue: cards.buildContinueInChatCard('28:app-id') },
    buildOpenChatCard: { openChat: cards.buildOpenChatCard(error, '28:app-id', 'new') },
    buildPostingCard: {
      post: cards.buildPostingCard(cards.VERBS.createConversation, { draftId: D, topic: 'Launch', body: 'Hello' }),
      reply: cards.buildPostingCard(cards.VERBS.replyToThread, { draftId: D, ...ref, body: 'Thanks' }),
      empty: cards.buildPostingCard(cards.VERBS.listConversations, {})
    },
    buildListCard: {
      firstPageWithMore: cards.buildListCard({
        groupId: G,
        groupName: 'Marketing',
        conversations: [row(1), row(2)],
        nextCursor: 'next'
      }),
      lastPage: cards.buildListCard({ groupId: G, groupName: 'Marketing', conversations: [row(1)], cursor: 'c' }),
      empty: cards.buildListCard({ groupId: G, groupName: 'Marketing', conversations: [] }),
      failedMore: cards.buildListCard({ groupId: G, groupName: 'Marketing', conversations: [], cursor: 'c', error }),
      pageGone: cards.buildListCard({
        groupId: G,
        groupName: '',
        conversations: [],
        cursor: 'c',
        error,
        startOver: true
      })
    },
    buildPickGroupCard: {
      several: cards.buildPickGroupCard({
        title: 'Pick',
        text: 'Which?',
        groups: [...groups, { id: D, displayName: 'B' }]
      }),
      one: cards.buildPickGroupCard({ title: 'Pick', text: 'Which?', groups })
    },
    buildReplyFormCard: {
      fresh: cards.buildReplyFormCard({ draftId: D, conversation: ref, values: replyValues }),
      retry: cards.buildReplyFormCard({ draftId: D, conversation: ref, values: replyValues, error }),
      noThread: cards.buildReplyFormCard({
        draftId: D,
        conversation: { ...ref, threadId: undefined },
        values: replyValues
      }),
      retryKept: cards.buildReplyFormCard({
        draftId: D,
        conversation: ref,
        values: { ...replyValues, body: '' },
        error,
        keptBody: { preview: 'Thanks…', length: 30_000, hours: 24 }
      })
    },
    buildBroadcastCard: {
      progress: cards.buildBroadcastCard({
        broadcastId: D,
        topic: 'Office closed',
        groups: [
          { name: 'Marketing', state: 'posted', outlookUrl: confirmation.outlookUrl },
          { name: 'Sales', state: 'posting' },
          { name: 'Legal', state: 'waiting' },
          { name: 'HR', state: 'checking' }
        ]
      }),
      summaryWithFailures: cards.buildBroadcastCard({
        broadcastId: D,
        topic: 'Office closed',
        groups: [
          { name: 'Marketing', state: 'posted', outlookUrl: confirmation.outlookUrl },
          { name: 'Sales', state: 'failed', reason: "You can't post to this group" }
        ],
        banner: error
      }),
      allPosted: cards.buildBroadcastCard({
        broadcastId: D,
        topic: 'Office closed',
        groups: [{ name: 'Marketing', state: 'posted' }]
      })
    },
    buildReplySentCard: {
      withParticipants: cards.buildReplySentCard({
        conversation: ref,
        bodyPreview: 'Thanks',
        participants: confirmation.participants
      }),
      alone: cards.buildReplySentCard({ conversation: ref, bodyPreview: 'Thanks', participants: [] })
    },
    buildFollowCard: {
      follow: cards.buildFollowCard({ title: 'Follow Marketing', text: 'Sign in', button: 'Follow', op: 'follow' }),
      unfollowNamed: cards.buildFollowCard({
        title: 'Stop?',
        text: 'Sign in',
        button: 'Stop following',
        op: 'unfollow',
        group: 'Marketing'
      })
    },
    buildInboxCard: {
      subscribed: cards.buildInboxCard({
        title: 'Marketing comes to your inbox',
        text: 'Press Stop emails',
        groupId: 'c0ffee00-0000-4000-8000-000000000001',
        op: 'off'
      }),
      unsubscribed: cards.buildInboxCard({
        title: 'Marketing no longer comes to your inbox',
        text: 'Press Get these by email',
        groupId: 'c0ffee00-0000-4000-8000-000000000001',
        op: 'on'
      })
    },
    buildFollowedThreadCard: {
      newThread: cards.buildFollowedThreadCard({ ...thread, newReplies: 0 }),
      withReplies: cards.buildFollowedThreadCard({
        ...thread,
        newReplies: 3,
        latest: { sender: 'Megan Bowen', sentAt: '2026-12-01T10:05:00Z', text: 'Agreed.' }
      }),
      noMailbox: cards.buildFollowedThreadCard({ ...thread, newReplies: 0, outlookUrl: undefined })
    },
    buildFoundConversationCard: {
      chosen: cards.buildFoundConversationCard({
        ...found,
        threadId: 'AAQkThread=',
        lastSender: 'Megan Bowen'
      }),
      listed: cards.buildFoundConversationCard(found),
      bare: cards.buildFoundConversationCard({ ...found, preview: '', lastPostAt: undefined, outlookUrl: undefined })
    }
  };
}
