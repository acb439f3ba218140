import { buildFormCard, CARD_BUDGET_BYTES, utf16Bytes, VERBS, type FormCardData } from '../../../src/cards';
import { say } from '../../../src/core/words';
import { assertValidCard } from '../../helpers/card-schema';
import {
  actionData,
  banner,
  cardButtons,
  cardTexts,
  findAction,
  findActions,
  findInCard,
  findInput
} from '../../helpers/card-readers';
import { markdownSafe } from '../../../src/core/markdown-safe';

type Node = Record<string, any>;

const base = (over: Partial<FormCardData> = {}): FormCardData => ({
  draftId: 'draft-1',
  groups: [
    { id: '11111111-1111-1111-1111-111111111111', displayName: 'Marketing' },
    { id: '22222222-2222-2222-2222-222222222222', displayName: 'Sales' }
  ],
  values: { groupId: '', topic: '', body: '', participants: '', otherEmails: '' },
  ...over
});

const inputs = (card: unknown) => findInCard(card, (n) => String(n.type).startsWith('Input.') && 'id' in n);
const input = (card: unknown, id: string) => findInput(card, id) as Node;
const actions = (card: Node) => cardButtons(card);

const nasty = {
  groupId: '11111111-1111-1111-1111-111111111111',
  topic: '${topic} ${$root.draftId} "quoted" \\ back`tick` \'s\'',
  body: '<script>alert(1)</script>\nline 2 "q" \\n literal\r\n${values.body} @{x} {{y}} é 😀',
  participants: 'aaaaaaaa-0000-0000-0000-000000000001,aaaaaaaa-0000-0000-0000-000000000002',
  otherEmails: 'a@contoso.com; "B" <b@contoso.com>'
};

describe('buildFormCard', () => {
  it('has exactly the five inputs, in order', () => {
    expect(inputs(buildFormCard(base())).map((n) => n.id)).toEqual([
      'groupId',
      'topic',
      'body',
      'participants',
      'otherEmails'
    ]);
  });

  it('lists groups as compact choices and labels every input', () => {
    const card = buildFormCard(base());
    const group = input(card, 'groupId');
    expect(group).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'compact',
      label: say('input.group.label'),
      placeholder: say('input.group.placeholder'),
      errorMessage: say('field.group.missing'),
      isRequired: true
    });
    expect(group.choices).toEqual([
      { title: 'Marketing', value: '11111111-1111-1111-1111-111111111111' },
      { title: 'Sales', value: '22222222-2222-2222-2222-222222222222' }
    ]);
    expect(input(card, 'topic')).toMatchObject({
      type: 'Input.Text',
      maxLength: 255,
      isRequired: true,
      label: say('input.topic.label'),
      errorMessage: say('field.topic.required', { max: 255 })
    });
    expect(input(card, 'body')).toMatchObject({
      isMultiline: true,
      maxLength: 32000,
      isRequired: true,
      label: say('input.message.label'),
      errorMessage: say('field.message.missing')
    });
    expect(input(card, 'otherEmails')).toMatchObject({
      label: say('input.otherEmails.label'),
      placeholder: say('input.otherEmails.placeholder'),
      isRequired: false
    });
    for (const n of inputs(card)) {
      expect(n.label).toEqual(expect.any(String));
      if (n.isRequired) expect(n.errorMessage).toEqual(expect.any(String));
    }
  });

  it('makes participants a multi-select people picker over graph users', () => {
    const p = input(buildFormCard(base()), 'participants');
    expect(p).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      label: say('input.participants.label'),
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' }
    });
    expect(p.isRequired).not.toBe(true);
    expect(p.choices).toEqual([]);
  });

  it('turns knownPeople into static choices so prefilled ids show names', () => {
    const card = buildFormCard(
      base({
        values: { ...base().values, participants: 'p1,p2' },
        knownPeople: [
          { id: 'p1', displayName: 'Ada Lovelace' },
          { id: 'p2', displayName: '${displayName}' }
        ]
      })
    );
    const p = input(card, 'participants');
    expect(p.value).toBe('p1,p2');
    expect(p.choices).toEqual([
      { title: 'Ada Lovelace', value: 'p1' },
      { title: '${displayName}', value: 'p2' }
    ]);
  });

  it('Post is Action.Execute createConversation with draftId and an Action.Submit fallback', () => {
    const card = buildFormCard(base());
    const post = findAction(card, VERBS.createConversation);
    expect(actions(card)[0]).toBe(post);
    expect(post).toEqual({
      type: 'Action.Execute',
      title: say('button.post'),
      verb: VERBS.createConversation,
      data: { draftId: 'draft-1' },
      style: 'positive',
      fallback: {
        type: 'Action.Submit',
        title: say('button.post'),
        style: 'positive',
        data: { verb: VERBS.createConversation, draftId: 'draft-1' }
      }
    });
  });

  it('Cancel sends the cancel verb without inputs, with a Submit fallback', () => {
    const card = buildFormCard(base());
    expect(findAction(card, VERBS.cancel)).toMatchObject({
      type: 'Action.Execute',
      title: say('button.cancel'),
      verb: VERBS.cancel,
      data: { draftId: 'draft-1' },
      associatedInputs: 'none',
      fallback: {
        type: 'Action.Submit',
        title: say('button.cancel'),
        data: { verb: VERBS.cancel, draftId: 'draft-1' },
        associatedInputs: 'none'
      }
    });
    expect(actions(card)[1]).toBe(findAction(card, VERBS.cancel));
    expect(actions(card)).toHaveLength(2);
  });

  it('keeps prefilled values verbatim: markup, quotes, newlines and template syntax', () => {
    const card = buildFormCard(base({ values: nasty, draftId: 'd-"1"' }));
    for (const [id, value] of Object.entries(nasty)) expect(input(card, id).value).toBe(value);
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
    expect(actions(card)[0].data).toEqual({ draftId: 'd-"1"' });
  });

  it('leaves no unexpanded template syntax when optional data is absent', () => {
    // The whole card, not only its texts: a `${…}` or `$when` left anywhere is a template bug.
    const json = JSON.stringify(buildFormCard(base({ groups: [] })));
    expect(json).not.toContain('${');
    expect(json).not.toContain('$when');
    expect(json).not.toContain('$data');
    expect(input(buildFormCard(base({ groups: [] })), 'groupId').choices).toEqual([]);
  });

  it('shows no banner and no field errors without them', () => {
    const card = buildFormCard(base());
    expect(banner(card)).toBeUndefined();
    expect(findInCard(card, (n) => n.color === 'Attention')).toEqual([]);
    expect(cardTexts(card)).toEqual([say('form.title')]);
  });

  it('shows the error banner and "Try again" after a failure, keeping the values', () => {
    const card = buildFormCard(
      base({
        values: nasty,
        error: { title: 'Could not post', text: 'Graph said ${no}. Try again.' }
      })
    );
    expect(banner(card)).toEqual({ title: 'Could not post', text: 'Graph said ${no}. Try again.' });
    const post = findAction(card, VERBS.createConversation);
    expect(post.title).toBe(say('button.tryAgain'));
    expect(post.fallback.title).toBe(say('button.tryAgain'));
    expect(input(card, 'topic').value).toBe(nasty.topic);
  });

  it('renders each field error right under its input, only when present', () => {
    const card = buildFormCard(
      base({ fieldErrors: { topic: 'Topic is too long.', otherEmails: 'x@ is not an address' } })
    );
    const body = card.body as Node[];
    const below = (id: string) => body[body.findIndex((n) => n.id === id) + 1];
    expect(below('topic')).toMatchObject({
      type: 'TextBlock',
      text: 'Topic is too long.',
      color: 'Attention',
      size: 'Small'
    });
    expect(below('otherEmails')).toMatchObject({ type: 'TextBlock', text: 'x@ is not an address' });
    expect(below('groupId').type).toBe('Input.Text');
    expect(findInCard(card, (n) => n.color === 'Attention')).toHaveLength(2);
  });

  it('returns a fresh object each call', () => {
    const a = buildFormCard(base());
    (a.body as Node[]).length = 0;
    expect((buildFormCard(base()).body as Node[]).length).toBeGreaterThan(0);
  });
});

describe('buildFormCard schema conformance', () => {
  it('is valid for a fresh form, a retry form with all errors, and the longest allowed body', () => {
    assertValidCard(buildFormCard(base()));
    assertValidCard(buildFormCard(base({ groups: [] })));
    assertValidCard(
      buildFormCard(
        base({
          values: nasty,
          knownPeople: [{ id: 'p1', displayName: 'Ada' }],
          error: { title: 'Could not post', text: 'Try again' },
          fieldErrors: { groupId: 'a', topic: 'b', body: 'c', participants: 'd', otherEmails: 'e' }
        })
      )
    );
    assertValidCard(buildFormCard(base({ values: { ...nasty, topic: 't'.repeat(255), body: 'b'.repeat(32000) } })));
  });
});

describe('the form for a group hidden from Outlook (issue 17)', () => {
  const G = 'c0ffee00-0000-4000-8000-000000000001';
  const form = {
    draftId: 'd0000000-0000-4000-8000-000000000001',
    groups: [{ id: G, displayName: 'Contoso Team' }],
    values: { groupId: G, topic: 'Launch', body: 'Hello', participants: '', otherEmails: '' }
  };

  it.each(['chat', 'dialog'] as const)('%s: warns, and Post is "Post anyway" acknowledging the group', (mode) => {
    const card = buildFormCard({ ...form, mode, hiddenGroup: { id: G, name: 'Contoso *Team*' } });
    assertValidCard(card);
    // The group's name is shown literally, never as Markdown.
    expect(cardTexts(card)).toEqual(
      expect.arrayContaining([say('hidden.title', { group: markdownSafe('Contoso *Team*') }), say('hidden.text')])
    );
    // Every Post (an Action.Execute's Action.Submit fallback too) is Post anyway, acknowledging the group.
    const posts = findActions(card, 'createConversation');
    expect(posts.length).toBeGreaterThan(0);
    for (const post of posts) {
      expect(post.title).toBe(say('button.postAnyway'));
      expect(actionData(post)).toMatchObject({ draftId: form.draftId, hiddenAck: G });
    }
  });

  it.each(['chat', 'dialog'] as const)('%s, warned as it opened: Post anyway, the card carries no consent', (mode) => {
    const card = buildFormCard({ ...form, mode, hiddenGroup: { id: G, name: 'Contoso Team', atOpen: true } });
    assertValidCard(card);
    expect(cardTexts(card)).toContain(say('hidden.title', { group: 'Contoso Team' }));
    // The server recorded the warning for this draft (FormContext.hiddenWarned): an empty ack is no consent.
    const posts = findActions(card, 'createConversation');
    expect(posts.length).toBeGreaterThan(0);
    for (const post of posts) {
      expect(post.title).toBe(say('button.postAnyway'));
      expect(actionData(post)).toEqual({ draftId: form.draftId, hiddenAck: '' });
    }
  });

  it('warned as it opened, 30 groups of very long names: cut to the size budget, the warned group kept first', () => {
    const groups = Array.from({ length: 30 }, (_, i) => ({
      id: `c0ffee00-0000-4000-8000-${String(i + 100).padStart(12, '0')}`,
      displayName: `${'Ω'.repeat(1500)} ${i}`
    }));
    for (const mode of ['chat', 'dialog'] as const) {
      const card = buildFormCard({
        ...form,
        groups: [...groups, ...form.groups],
        mode,
        hiddenGroup: { id: G, name: 'Contoso Team', atOpen: true }
      });
      expect(utf16Bytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      expect(cardTexts(card)).toContain(say('hidden.title', { group: 'Contoso Team' }));
      const choices = findInput(card, 'groupId')?.choices;
      expect(choices.length).toBeLessThan(31); // the list was cut to fit
      expect(choices[0]).toEqual({ title: 'Contoso Team', value: G });
    }
  });

  it('"Post to all my groups" to confirm: its confirmation alone, no warning, one Post', () => {
    const card = buildFormCard({
      ...form,
      values: { ...form.values, allGroups: 'true' },
      broadcast: true,
      confirmAll: 37,
      hiddenGroup: { id: G, name: 'Contoso Team', atOpen: true }
    });
    assertValidCard(card);
    expect(cardTexts(card)).not.toContain(say('hidden.text'));
    const posts = findActions(card, 'createConversation');
    expect(posts.map((p) => p.title)).toEqual([
      say('button.postToAll', { count: 37 }),
      say('button.postToAll', { count: 37 })
    ]);
  });

  it('without it, Post carries no acknowledgement', () => {
    const card = buildFormCard(form);
    for (const post of findActions(card, 'createConversation')) {
      expect(post.title).toBe(say('button.post'));
      expect(actionData(post)).not.toHaveProperty('hiddenAck');
    }
  });
});
