// The compose box search's preview and inserted card (issue 17): the card goes into a chat for
// everyone there, so it holds nothing per person (the time is the card's DATE/TIME function), shows
// Graph's text literally, and stays within its budget whatever the mail holds; ten previews and
// their cards together stay far inside Teams' message limit.
import {
  buildFoundConversationCard,
  foundConversationPreview,
  utf16Bytes,
  CARD_BUDGET_BYTES,
  VERBS
} from '../../../src/cards';
import { QUERY_ANSWER_BUDGET_BYTES } from '../../../src/teams/message-extension/find-conversation';
import { say } from '../../../src/core/words';
import { assertValidCard } from '../../helpers/card-schema';
import { actionData, cardTexts, findActions, openUrls } from '../../helpers/card-readers';
import { PATHOLOGICAL_TEXTS } from '../../helpers/pathological-texts';

const base = {
  groupId: 'c0ffee00-0000-4000-8000-000000000001',
  groupName: 'Marketing',
  conversationId: 'AAQkConv=',
  topic: 'Q3 budget review',
  preview: 'Numbers are in.',
  lastPostAt: '2026-12-01T10:00:00.123Z',
  outlookUrl: 'https://outlook.office.com/mail/group/contoso.test/marketing/email'
};
const tap = { commandId: 'findConversation', groupId: base.groupId, conversationId: base.conversationId };

describe('the found conversation card and its preview', () => {
  it("names group and topic, the last post in the reader's own time, the preview; Reply and Open in Outlook", () => {
    const card = buildFoundConversationCard({ ...base, lastSender: 'Megan Bowen', threadId: 'AAQkThread=' });
    assertValidCard(card);
    expect(cardTexts(card)).toEqual([
      say('search.group', { group: 'Marketing' }),
      'Q3 budget review',
      'Last post by Megan Bowen, {{DATE(2026-12-01T10:00:00Z, SHORT)}} {{TIME(2026-12-01T10:00:00Z)}}',
      'Numbers are in.'
    ]);
    const ref = {
      groupId: base.groupId,
      conversationId: 'AAQkConv=',
      threadId: 'AAQkThread=',
      topic: 'Q3 budget review'
    };
    const replies = findActions(card, VERBS.openReply);
    expect(replies.map(actionData)).toEqual([ref, ref]);
    expect(openUrls(card)).toEqual([base.outlookUrl]);
    // Without the sender (the list's card) the time stands alone; without a time, nothing is shown.
    expect(cardTexts(buildFoundConversationCard(base))[2]).toMatch(/^Last post \{\{DATE/);
    expect(cardTexts(buildFoundConversationCard({ ...base, lastPostAt: undefined, preview: '' }))).toHaveLength(2);
  });

  it.each(PATHOLOGICAL_TEXTS)('stays valid and within budget with %s in every field', (_name, text) => {
    const huge = { ...base, groupName: text, topic: text, preview: text.repeat(20), lastSender: text };
    const card = buildFoundConversationCard(huge);
    assertValidCard(card);
    expect(utf16Bytes(card)).toBeLessThan(CARD_BUDGET_BYTES / 8);
    const preview = foundConversationPreview({ ...huge, when: 'Tue 10:00' }, tap);
    // The answer's budget (find-conversation.ts) always has room for at least four of the worst.
    expect(4 * (utf16Bytes(card) + utf16Bytes(preview))).toBeLessThan(QUERY_ANSWER_BUDGET_BYTES);
  });

  it('the preview is a thumbnail whose text is escaped (Teams reads it as HTML) and whose tap names the result', () => {
    const preview = foundConversationPreview(
      { groupName: 'R&D', topic: '<b>Plan</b>', preview: 'a < b & "c"', when: 'Tue 10:00' },
      tap
    );
    expect(preview).toEqual({
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: '&lt;b&gt;Plan&lt;/b&gt;',
        subtitle: 'R&amp;D · Tue 10:00',
        text: 'a &lt; b &amp; &quot;c&quot;',
        tap: { type: 'invoke', value: tap }
      }
    });
    expect(
      foundConversationPreview({ groupName: 'R', topic: 'T', preview: 'P', when: '' }, undefined).content
    ).not.toHaveProperty('tap');
  });
});
