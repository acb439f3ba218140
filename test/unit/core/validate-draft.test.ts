// Server-side validation of a submitted form: the canonical draft it returns, every rule's
// boundary, and which per-field message (a word id in src/core/words.ts) the retry form shows.
import { ValidationError } from '../../../src/core/errors';
import { LIMITS, isGuid, validateDraft } from '../../../src/core/validate-draft';
import { markdownSafe } from '../../../src/core/markdown-safe';
import { say } from '../../../src/core/words';

const DRAFT_ID = 'd0000000-0000-4000-8000-00000000c0de';
const GROUP_ID = 'c0ffee00-0000-4000-8000-000000000001';
const P1 = 'a11ce000-0000-4000-8000-00000000a11c';
const P2 = 'b0b00000-0000-4000-8000-000000000b0b';
const guid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

// The limits are written out (not read from LIMITS) so that a changed limit fails here.
const MSG = {
  draftId: say('field.draftId.damaged'),
  groupMissing: say('field.group.missing'),
  groupNotGuid: say('field.group.notInList'),
  topicMissing: say('field.topic.missing'),
  topicLong: say('field.topic.tooLong', { max: 255 }),
  bodyMissing: say('field.message.missing'),
  bodyLong: say('field.message.tooLong', { max: 32_000 }),
  participantsMany: say('field.participants.tooMany', { max: 100 }),
  participantsBad: say('field.participants.notPicked'),
  emailsMany: say('field.otherEmails.tooMany', { max: 100 }),
  wrongType: say('field.wrongType')
};
// Shown in a TextBlock: the typed addresses literally (markdownSafe).
const invalidEmails = (addresses: string[], more = false) =>
  say('field.otherEmails.invalid', { addresses: addresses.map(markdownSafe), more });

const valid = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  draftId: DRAFT_ID,
  groupId: GROUP_ID,
  topic: 'Quarterly plan',
  body: 'Hello team',
  participants: '',
  otherEmails: '',
  ...extra
});

/** The ValidationError's fields, failing the test if validation passed or threw something else. */
function fieldsOf(data: unknown): ValidationError['fields'] {
  let caught: unknown;
  try {
    validateDraft(data);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  const err = caught as ValidationError;
  expect(err.code).toBe('validation_failed');
  expect(err.message).toBe(`invalid card data: ${Object.keys(err.fields).join(', ')}`);
  return err.fields;
}

describe('validateDraft: canonical form', () => {
  it('returns the canonical draft: lower-cased GUIDs, trimmed topic, split/trimmed/deduped lists', () => {
    expect(
      validateDraft({
        draftId: DRAFT_ID.toUpperCase(),
        groupId: `  ${GROUP_ID.toUpperCase()} `,
        topic: '  Quarterly plan \t',
        body: '  Line one\nLine two  ',
        participants: ` ${P1.toUpperCase()} ,${P2}, ,${P1}  ,`,
        otherEmails:
          ' Carol@Fabrikam.com; dave@fabrikam.com ,carol@fabrikam.com;;  DAVE@FABRIKAM.COM , erin@fabrikam.com '
      })
    ).toEqual({
      draftId: DRAFT_ID,
      groupId: GROUP_ID,
      topic: 'Quarterly plan',
      body: '  Line one\nLine two  ',
      participantIds: [P1, P2],
      otherEmails: ['Carol@Fabrikam.com', 'dave@fabrikam.com', 'erin@fabrikam.com']
    });
  });

  it('treats missing and null lists as empty', () => {
    const { participants: _p, otherEmails: _o, ...rest } = valid();
    expect(validateDraft(rest)).toEqual({
      draftId: DRAFT_ID,
      groupId: GROUP_ID,
      topic: 'Quarterly plan',
      body: 'Hello team',
      participantIds: [],
      otherEmails: []
    });
    expect(validateDraft(valid({ participants: null, otherEmails: null }))).toMatchObject({
      participantIds: [],
      otherEmails: []
    });
  });

  it('ignores fields it does not know (the card also submits verb and the like)', () => {
    const draft = validateDraft(valid({ verb: 'createConversation', extra: { a: 1 } }));
    expect(Object.keys(draft).sort()).toEqual(['body', 'draftId', 'groupId', 'otherEmails', 'participantIds', 'topic']);
  });
});

describe('validateDraft: topic', () => {
  it('accepts 255 characters and refuses 256', () => {
    expect(validateDraft(valid({ topic: 'x'.repeat(LIMITS.topic) })).topic).toBe('x'.repeat(255));
    expect(fieldsOf(valid({ topic: 'x'.repeat(256) }))).toEqual({ topic: MSG.topicLong });
  });

  it('measures the topic after trimming', () => {
    expect(validateDraft(valid({ topic: `   ${'x'.repeat(255)}   ` })).topic).toBe('x'.repeat(255));
  });

  it.each([[''], ['   \t\n'], [null], [undefined]])('refuses an empty topic (%j)', (topic) => {
    expect(fieldsOf(valid({ topic }))).toEqual({ topic: MSG.topicMissing });
  });
});

describe('validateDraft: body', () => {
  it('accepts 32,000 characters and refuses 32,001', () => {
    expect(LIMITS.body).toBe(32_000);
    expect(validateDraft(valid({ body: 'b'.repeat(32_000) })).body).toHaveLength(32_000);
    expect(fieldsOf(valid({ body: 'b'.repeat(32_001) }))).toEqual({ body: MSG.bodyLong });
  });

  it.each([[''], ['   '], ['\n\t \r\n'], [null]])('refuses a blank body (%j)', (body) => {
    expect(fieldsOf(valid({ body }))).toEqual({ body: MSG.bodyMissing });
  });

  it('keeps the body verbatim (no trimming, no escaping here)', () => {
    expect(validateDraft(valid({ body: ' <b>hi</b> & bye \n' })).body).toBe(' <b>hi</b> & bye \n');
  });
});

describe('validateDraft: participants', () => {
  it('accepts 100 participants and refuses 101', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => guid(i));
    expect(validateDraft(valid({ participants: hundred.join(',') })).participantIds).toEqual(hundred);
    expect(fieldsOf(valid({ participants: [...hundred, guid(100)].join(',') }))).toEqual({
      participants: MSG.participantsMany
    });
  });

  it('counts participants after removing duplicates', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => guid(i));
    expect(
      validateDraft(valid({ participants: [...hundred, guid(0).toUpperCase()].join(',') })).participantIds
    ).toHaveLength(100);
  });

  it.each([['not-a-guid'], [`${P1},../../users/x`], [`${P1}x`], [`{${P1}}`], [`${P1} ${P2}`]])(
    'refuses %j',
    (participants) => {
      expect(fieldsOf(valid({ participants }))).toEqual({ participants: MSG.participantsBad });
    }
  );
});

describe('validateDraft: otherEmails', () => {
  it.each([
    ['a@b'],
    ['a b@c.d'],
    ['<x@y.z>'],
    ['x@y..z'],
    ['@contoso.com'],
    ['alice@'],
    ['a@b@c.d'],
    ['a@-b.c'],
    ['Alice <alice@contoso.com>']
  ])('refuses %j', (address) => {
    expect(fieldsOf(valid({ otherEmails: address }))).toEqual({ otherEmails: invalidEmails([address]) });
  });

  it('accepts a 254-character address and refuses a 255-character one', () => {
    const domain = '@contoso.com';
    const ok = `${'a'.repeat(254 - domain.length)}${domain}`;
    const tooLong = `${'a'.repeat(255 - domain.length)}${domain}`;
    expect(ok).toHaveLength(LIMITS.email);
    expect(validateDraft(valid({ otherEmails: ok })).otherEmails).toEqual([ok]);
    expect(fieldsOf(valid({ otherEmails: tooLong }))).toEqual({
      otherEmails: invalidEmails([`${tooLong.slice(0, 59)}…`])
    });
  });

  it('accepts the ordinary address shapes', () => {
    const good = ['first.last@contoso.com', "o'brien+news@sub.contoso.co.uk", 'x_y-z@a-b.example'];
    expect(validateDraft(valid({ otherEmails: good.join(';') })).otherEmails).toEqual(good);
  });

  it('names at most three bad addresses, then an ellipsis', () => {
    expect(fieldsOf(valid({ otherEmails: 'a@b, c@d; e@f' }))).toEqual({
      otherEmails: invalidEmails(['a@b', 'c@d', 'e@f'])
    });
    expect(fieldsOf(valid({ otherEmails: 'a@b, c@d, e@f, g@h, ok@contoso.com' }))).toEqual({
      otherEmails: invalidEmails(['a@b', 'c@d', 'e@f'], true)
    });
  });

  it('accepts 100 addresses and refuses 101 (after de-duplication)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `user${i}@contoso.com`);
    expect(validateDraft(valid({ otherEmails: [...hundred, 'USER0@contoso.com'].join(';') })).otherEmails).toEqual(
      hundred
    );
    expect(fieldsOf(valid({ otherEmails: [...hundred, 'user100@contoso.com'].join(',') }))).toEqual({
      otherEmails: MSG.emailsMany
    });
  });
});

describe('validateDraft: ids', () => {
  it.each([['../../users/x'], ['not-a-guid'], [`${GROUP_ID}/members`], [`${GROUP_ID}?$select=id`]])(
    'refuses groupId %j',
    (groupId) => {
      expect(fieldsOf(valid({ groupId }))).toEqual({ groupId: MSG.groupNotGuid });
    }
  );

  it.each([[''], ['   '], [null], [undefined]])('asks for a group when groupId is %j', (groupId) => {
    expect(fieldsOf(valid({ groupId }))).toEqual({ groupId: MSG.groupMissing });
  });

  it.each([[''], ['nope'], [` ${DRAFT_ID}`], [undefined]])('refuses draftId %j as a damaged form', (draftId) => {
    expect(fieldsOf(valid({ draftId }))).toEqual({ draftId: MSG.draftId });
  });
});

describe('validateDraft: wrong shapes', () => {
  it('names every missing required field of an empty object', () => {
    expect(fieldsOf({})).toEqual({
      draftId: MSG.draftId,
      groupId: MSG.groupMissing,
      topic: MSG.topicMissing,
      body: MSG.bodyMissing
    });
  });

  it.each([[null], ['str'], [42], [undefined], [true]])('treats %j as an empty form', (input) => {
    expect(fieldsOf(input)).toEqual({
      draftId: MSG.draftId,
      groupId: MSG.groupMissing,
      topic: MSG.topicMissing,
      body: MSG.bodyMissing
    });
  });

  it.each([
    ['topic', 42],
    ['body', { text: 'hi' }],
    ['participants', [P1]],
    ['otherEmails', ['a@contoso.com']],
    ['groupId', 7],
    ['draftId', true]
  ])('says %s has the wrong type when it is %j', (field, value) => {
    expect(fieldsOf(valid({ [field]: value }))).toEqual({ [field]: MSG.wrongType });
  });

  it('reports each bad field once, with its first problem', () => {
    const err = (() => {
      try {
        validateDraft(valid({ topic: '', body: ' ', participants: 'x', otherEmails: 'a@b', groupId: 'g' }));
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('expected a ValidationError');
    })();
    expect(err.fields).toEqual({
      groupId: MSG.groupNotGuid,
      topic: MSG.topicMissing,
      body: MSG.bodyMissing,
      participants: MSG.participantsBad,
      otherEmails: invalidEmails(['a@b'])
    });
    expect(err.message).toBe('invalid card data: groupId, topic, body, participants, otherEmails');
  });
});

describe('isGuid', () => {
  it('accepts a GUID in any case and refuses anything else', () => {
    expect(isGuid(GROUP_ID)).toBe(true);
    expect(isGuid(GROUP_ID.toUpperCase())).toBe(true);
    expect(isGuid(` ${GROUP_ID}`)).toBe(false);
    expect(isGuid(GROUP_ID.replace(/-/g, ''))).toBe(false);
    expect(isGuid(42)).toBe(false);
    expect(isGuid(undefined)).toBe(false);
  });
});
