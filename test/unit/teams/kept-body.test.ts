// "Check status" (the Posting card) sends the pressed action again: a message too long to carry
// is kept for the person, and the card carries an empty Message that the next Post reads back.
import { buildPostingCard, ECHO_BUDGET_BYTES, utf16Bytes } from '../../../src/cards';
import { LIMITS } from '../../../src/core/validate-draft';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteKeptDraftStore } from '../../../src/storage/kept-draft-store';
import type { BotDeps } from '../../../src/teams/app/bot-deps';
import { dataKeepingLongBody } from '../../../src/teams/card-actions/kept-body';

const DRAFT = 'd0000000-0000-4000-8000-000000000001';
const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const NOW = 1_800_000_000_000;
// Cut inside an emoji on purpose: a lone surrogate must come back exactly as it was kept.
const LONGEST = 'Grüße 😀 "x"\n'.repeat(LIMITS.body).slice(0, LIMITS.body);

describe('dataKeepingLongBody (the Posting card)', () => {
  const deps = () =>
    ({ keptDrafts: createSqliteKeptDraftStore(openDatabase(undefined, 'x')), now: () => NOW }) as unknown as BotDeps;

  it('keeps a long message for the person and leaves the Message empty in the data', async () => {
    const d = deps();
    const data = { draftId: DRAFT, topic: 'Launch', body: LONGEST };
    expect(utf16Bytes(buildPostingCard('createConversation', data))).toBeGreaterThan(2 * ECHO_BUDGET_BYTES);
    const again = await dataKeepingLongBody(d, ALICE, data);
    expect(again).toEqual({ draftId: DRAFT, topic: 'Launch', body: '' });
    expect(await d.keptDrafts.get(DRAFT, ALICE, NOW)).toBe(LONGEST);
    expect(utf16Bytes(buildPostingCard('createConversation', again))).toBeLessThan(4 * 1024);
  });

  it('leaves data that fits, data without a draft, and an unknown person alone', async () => {
    const d = deps();
    const short = { draftId: DRAFT, body: 'Hi' };
    expect(await dataKeepingLongBody(d, ALICE, short)).toBe(short);
    const noDraft = { body: LONGEST };
    expect(await dataKeepingLongBody(d, ALICE, noDraft)).toBe(noDraft);
    const long = { draftId: DRAFT, body: LONGEST };
    expect(await dataKeepingLongBody(d, undefined, long)).toBe(long);
    expect(await d.keptDrafts.get(DRAFT, ALICE, NOW)).toBeUndefined();
  });
});
