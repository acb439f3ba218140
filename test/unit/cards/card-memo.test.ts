// memoCard (src/cards/card-memo.ts): the form is built once per data and copied with its new
// draftId; a copy is the card a fresh build would give, and never shares objects with another.
import { memoCard } from '../../../src/cards/card-memo';
import { buildFormCard } from '../../../src/cards/build-form-card';
import type { AdaptiveCard, FormCardData } from '../../../src/cards';

const DRAFT_A = 'a0000000-0000-4000-8000-00000000000a';
const DRAFT_B = 'b0000000-0000-4000-8000-00000000000b';

function counted() {
  let builds = 0;
  const build = (data: { draftId: string; name: string }): AdaptiveCard => {
    builds++;
    return {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: data.name }],
      actions: [
        {
          type: 'Action.Execute',
          verb: 'post',
          data: { draftId: data.draftId }
        }
      ]
    } as AdaptiveCard;
  };
  return { build, builds: () => builds };
}

describe('memoCard', () => {
  it('builds once per data, and each call gets its own draftId in a copy of its own', () => {
    const { build, builds } = counted();
    const memo = memoCard(build, { fresh: ['draftId'], max: 8 });
    const a = memo({ draftId: DRAFT_A, name: 'Sales' });
    const b = memo({ draftId: DRAFT_B, name: 'Sales' });
    expect(builds()).toBe(1);
    expect(a).toEqual(build({ draftId: DRAFT_A, name: 'Sales' }));
    expect(b).toEqual(build({ draftId: DRAFT_B, name: 'Sales' }));
    // Callers may change their card (the group picker adds its typeahead): no other card changes.
    (a.body as { text: string }[])[0].text = 'changed';
    expect((memo({ draftId: DRAFT_A, name: 'Sales' }).body as { text: string }[])[0].text).toBe('Sales');
  });

  it('other data is another card; the least recently used is forgotten past `max`', () => {
    const { build, builds } = counted();
    const memo = memoCard(build, { fresh: ['draftId'], max: 2 });
    memo({ draftId: DRAFT_A, name: 'one' });
    memo({ draftId: DRAFT_A, name: 'two' });
    memo({ draftId: DRAFT_A, name: 'one' }); // "one" is the newest now
    memo({ draftId: DRAFT_A, name: 'three' }); // forgets "two"
    expect(builds()).toBe(3);
    memo({ draftId: DRAFT_A, name: 'one' });
    expect(builds()).toBe(3);
    memo({ draftId: DRAFT_A, name: 'two' });
    expect(builds()).toBe(4);
  });

  it('a draftId longer than the stand-in, or data too large to key, is built each time', () => {
    const { build, builds } = counted();
    const memo = memoCard(build, { fresh: ['draftId'], max: 8 });
    const long = `${DRAFT_A}-and-more`;
    expect(memo({ draftId: long, name: 'x' })).toEqual(build({ draftId: long, name: 'x' }));
    memo({ draftId: long, name: 'x' });
    const big = 'y'.repeat(20_000);
    memo({ draftId: DRAFT_A, name: big });
    memo({ draftId: DRAFT_A, name: big });
    expect(builds()).toBe(5); // one direct build in the expectation, four through memo
  });

  it('refuses a template that puts the fresh field inside another string', () => {
    const memo = memoCard(
      (data: { draftId: string }) =>
        ({
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'Input.Text', id: `topic-${data.draftId}` }]
        }) as AdaptiveCard,
      { fresh: ['draftId'], max: 8 }
    );
    expect(() => memo({ draftId: DRAFT_A })).toThrow('fresh field is used inside a string');
  });
});

describe('the form, remembered', () => {
  const data = (draftId: string): FormCardData => ({
    draftId,
    groups: [
      { id: '11111111-1111-4111-8111-111111111111', displayName: 'Sales' },
      { id: '22222222-2222-4222-8222-222222222222', displayName: 'Marketing' }
    ],
    searchGroups: true,
    values: {
      groupId: '',
      topic: '',
      body: '',
      participants: '',
      otherEmails: ''
    }
  });

  it('a second form is the first with the other draftId in every action, the typeahead kept', () => {
    const first = buildFormCard(data(DRAFT_A));
    const second = buildFormCard(data(DRAFT_B));
    const text = JSON.stringify(second);
    expect(text).not.toContain(DRAFT_A);
    expect(text.split(DRAFT_B).length - 1).toBe(JSON.stringify(first).split(DRAFT_A).length - 1);
    expect(JSON.parse(text.split(DRAFT_B).join(DRAFT_A))).toEqual(first);
    expect(text).toContain('Data.Query');
  });
});
