// The followed thread's card (issue 16): what the whole channel reads, so it holds nothing per
// person, shows Graph's text literally, stays within the message budget whatever the mail holds,
// and its Reply carries the thread so the form opens without a Graph call.
import { buildFollowedThreadCard, utf16Bytes, CARD_BUDGET_BYTES, VERBS } from '../../../src/cards';
import { actionData, cardTexts as texts, findAction, findActions, openUrls } from '../../helpers/card-readers';

const base = {
  groupName: 'Product launch',
  followerName: 'Alex Wilber',
  groupId: 'c0ffee00-0000-4000-8000-000000000001',
  conversationId: 'AAQkConv=',
  threadId: 'AAQkThread=',
  topic: 'Launch date',
  first: { sender: 'Megan Bowen', sentAt: '2026-12-01T10:00:00.5Z', text: 'We ship on Monday.' },
  newReplies: 0,
  outlookUrl: 'https://outlook.office.com/mail/group/contoso.test/launch/email'
};

describe('buildFollowedThreadCard', () => {
  it('shows group, topic, sender with a reader-local time, preview and who set the follow up', () => {
    const all = texts(buildFollowedThreadCard(base)).join('\n');
    expect(all).toContain('New in Product launch');
    expect(all).toContain('Launch date');
    expect(all).toContain('Megan Bowen · {{DATE(2026-12-01T10:00:00Z, SHORT)}} {{TIME(2026-12-01T10:00:00Z)}}');
    expect(all).toContain('We ship on Monday.');
    expect(all).toContain('Alex Wilber set this channel to follow the group');
    expect(all).not.toContain('new repl');
  });

  it('counts new replies and shows the latest one', () => {
    const all = texts(
      buildFollowedThreadCard({
        ...base,
        newReplies: 3,
        latest: { sender: 'Lee Gu', sentAt: '2026-12-01T11:00:00Z', text: 'Monday works.' }
      })
    ).join('\n');
    expect(all).toContain('3 new replies');
    expect(all).toContain('Latest from Lee Gu');
    expect(all).toContain('Monday works.');
    expect(texts(buildFollowedThreadCard({ ...base, newReplies: 1, latest: base.first })).join('\n')).toContain(
      '1 new reply'
    );
  });

  it('Reply carries group, conversation, thread and topic (Execute and the Submit fallback); Outlook opens the group', () => {
    const card = buildFollowedThreadCard(base);
    const ref = { groupId: base.groupId, conversationId: 'AAQkConv=', threadId: 'AAQkThread=', topic: 'Launch date' };
    expect(actionData(findAction(card, VERBS.openReply))).toEqual(ref);
    for (const action of findActions(card, VERBS.openReply)) expect(actionData(action)).toEqual(ref);
    expect(findActions(card, VERBS.openReply)).toHaveLength(2); // Execute and its Submit fallback
    expect(openUrls(card)).toEqual([base.outlookUrl]);
    expect(openUrls(buildFollowedThreadCard({ ...base, outlookUrl: undefined }))).toEqual([]);
  });

  it("reads Graph's text literally: a link in a topic or preview is not a link, a date function is not run", () => {
    const all = texts(
      buildFollowedThreadCard({
        ...base,
        topic: '[Reset your password](https://evil.example)',
        first: { sender: '**Boss**', sentAt: 'not a date', text: 'see {{DATE(2020-01-01T00:00:00Z)}} <at>x</at>' }
      })
    ).join('\n');
    // Each character that could start markup is backslash-escaped (markdown-safe.ts).
    expect(all).toContain('\\](https://evil.example)');
    expect(all).not.toMatch(/(?<!\\)\]\(/);
    expect(all).toContain('\\*\\*Boss\\*\\*');
    expect(all).not.toMatch(/(?<!\\)\{\{DATE\(2020/);
    expect(all).not.toMatch(/(?<!\\)<at>/);
    expect(all).toContain('Boss'); // shown, not dropped
  });

  it('stays within the card budget whatever the mail holds', () => {
    const huge = 'x'.repeat(200_000);
    const card = buildFollowedThreadCard({
      ...base,
      groupName: huge,
      topic: huge,
      followerName: huge,
      first: { sender: huge, text: huge },
      newReplies: 999,
      latest: { sender: huge, text: huge }
    });
    expect(utf16Bytes(card)).toBeLessThan(CARD_BUDGET_BYTES / 4);
  });
});
