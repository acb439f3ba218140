// The broadcast's one card: progress while groups are posting or being checked, the summary once
// every group is settled; names are text (never markup), and Retry the failed ones appears only
// on a summary that has failures, carrying only the broadcast's id.
import { buildBroadcastCard, type BroadcastCardGroup } from '../../../src/cards';
import { say } from '../../../src/core/words';
import { assertValidCard } from '../../helpers/card-schema';
import { buttonsFor, cardTexts } from '../../helpers/card-readers';

const ID = 'd0000000-0000-4000-8000-00000000b0b0';
const URL = 'https://outlook.office.com/mail/group/contoso.test/marketing/email';
const card = (groups: BroadcastCardGroup[]) =>
  buildBroadcastCard({ broadcastId: ID, topic: 'Office *closed*', groups });

describe('broadcast card', () => {
  it('while posting: the count, each group where it stands, no Retry', () => {
    const c = card([
      { name: 'Marketing', state: 'posted', outlookUrl: URL },
      { name: 'Sales', state: 'failed', reason: "You can't post to this group" },
      { name: 'Legal', state: 'posting' },
      { name: 'HR', state: 'checking' }
    ]);
    assertValidCard(c);
    const texts = cardTexts(c);
    expect(texts[0]).toBe(say('broadcast.posting', { total: 4 }));
    expect(texts[1]).toBe('1 done, 1 failed, 1 checking…');
    expect(texts).toContain(`**Marketing** · Posted · [Open in Outlook](${URL})`);
    expect(texts).toContain("**Sales** · You can't post to this group");
    expect(texts).toContain(`**Legal** · ${say('broadcast.state.posting')}`);
    expect(texts).toContain(`**HR** · ${say('broadcast.state.checking')}`);
    expect(buttonsFor(c, 'retryBroadcast')).toHaveLength(0);
  });

  it('settled with failures: the summary and Retry the failed ones, with only the broadcast id', () => {
    const c = card([
      { name: 'Marketing', state: 'posted', outlookUrl: URL },
      { name: 'Sales', state: 'failed', reason: 'Group not found' }
    ]);
    assertValidCard(c);
    expect(cardTexts(c)[0]).toBe('Posted to 1 of 2 groups');
    const [retry] = buttonsFor(c, 'retryBroadcast');
    expect(retry).toMatchObject({
      type: 'Action.Execute',
      title: say('button.retryFailed'),
      data: { broadcastId: ID },
      fallback: { type: 'Action.Submit', data: { verb: 'retryBroadcast', broadcastId: ID } }
    });
  });

  it('all posted: "Posted to all", no Retry', () => {
    const c = card([{ name: 'Marketing', state: 'posted', outlookUrl: URL }]);
    expect(cardTexts(c)[0]).toBe('Posted to all 1 group');
    expect(buttonsFor(c, 'retryBroadcast')).toHaveLength(0);
  });

  it('a group name or topic that looks like markup reads literally', () => {
    const c = card([{ name: '[Reset](https://evil.example) *x*', state: 'waiting' }]);
    const texts = cardTexts(c);
    // markdownSafe's escapes: the bracket that would close a link text, and the emphasis marks.
    expect(texts).toContain(`**[Reset\\](https://evil.example) \\*x\\*** · ${say('broadcast.state.waiting')}`);
    expect(texts).toContain('Topic: Office \\*closed\\*');
  });
});
