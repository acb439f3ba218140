// Card data for replies and lists is checked on the server: ids before they reach a Graph path,
// the message and people by the same rules as a new conversation.
import { isGraphId, parseConversationRef, parseListRequest } from '../../../src/core/conversation-ref';
import { ValidationError } from '../../../src/core/errors';
import { validateReply } from '../../../src/core/validate-reply';
import { say } from '../../../src/core/words';

const GROUP_ID = 'C0FFEE00-0000-4000-8000-000000000001';
const VALID = {
  draftId: 'D0000000-0000-4000-8000-00000000000A',
  groupId: GROUP_ID,
  conversationId: 'AAQkAGI2+Tgw/Mz==',
  threadId: 'AAQkThr_e-a1=',
  topic: 'Launch plan',
  body: 'Thanks!\nSee you',
  participants: 'B0B00000-0000-4000-8000-000000000B0B, b0b00000-0000-4000-8000-000000000b0b',
  otherEmails: 'a@contoso.test; A@contoso.test'
};

function fieldsOf(data: unknown): Record<string, string> {
  try {
    validateReply(data);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).fields as Record<string, string>;
  }
  throw new Error('expected a ValidationError');
}

describe('validateReply', () => {
  it('returns the reply in canonical form (GUIDs lower-cased, people deduplicated, ids kept as given)', () => {
    expect(validateReply(VALID)).toEqual({
      draftId: 'd0000000-0000-4000-8000-00000000000a',
      groupId: 'c0ffee00-0000-4000-8000-000000000001',
      conversationId: 'AAQkAGI2+Tgw/Mz==',
      threadId: 'AAQkThr_e-a1=',
      topic: 'Launch plan',
      body: 'Thanks!\nSee you',
      participantIds: ['b0b00000-0000-4000-8000-000000000b0b'],
      otherEmails: ['a@contoso.test']
    });
  });

  it('the thread id is optional (looked up when posting); the topic is display text, cut to 255', () => {
    const reply = validateReply({ ...VALID, threadId: '', topic: 'x'.repeat(300) });
    expect(reply.threadId).toBeUndefined();
    expect(reply.topic).toHaveLength(255);
    expect(validateReply({ ...VALID, threadId: undefined, topic: null }).topic).toBe('');
  });

  it.each([
    ['body', { body: '  \n ' }, say('field.message.missing')],
    ['body', { body: 'x'.repeat(32_001) }, say('field.message.tooLong', { max: 32_000 })],
    ['participants', { participants: 'not-a-guid' }, say('field.participants.notPicked')],
    ['otherEmails', { otherEmails: 'nope' }, say('field.otherEmails.invalid', { addresses: ['nope'], more: false })],
    ['draftId', { draftId: 'x' }, expect.any(String)],
    ['body', { body: { html: 1 } }, say('field.wrongType')]
  ])('%s: %j → a field error', (field, patch, message) => {
    expect(fieldsOf({ ...VALID, ...patch })).toEqual({ [field]: message });
  });

  it('accepts exactly 32,000 characters', () => {
    expect(validateReply({ ...VALID, body: 'x'.repeat(32_000) }).body).toHaveLength(32_000);
  });

  it.each([
    ['groupId', 'not-a-guid'],
    ['conversationId', ''],
    ['conversationId', '../../users/x'],
    ['conversationId', 'a'.repeat(513)],
    ['conversationId', 'AAQk?$filter=x'],
    ['threadId', 'AAQk/../x y'],
    ['threadId', 'https://evil.test/']
  ])('%s %j is refused as an out-of-date card', (field, value) => {
    expect(fieldsOf({ ...VALID, [field]: value })).toEqual({ [field]: say('field.cardOutOfDate') });
  });
});

describe('parseConversationRef', () => {
  it('reads the ids a Reply button carries', () => {
    expect(parseConversationRef({ groupId: GROUP_ID, conversationId: 'AAQk=', topic: 'T', extra: 'ignored' })).toEqual({
      groupId: GROUP_ID.toLowerCase(),
      conversationId: 'AAQk=',
      threadId: undefined,
      topic: 'T'
    });
  });

  it('refuses anything that is not an id', () => {
    for (const bad of [
      {},
      null,
      'x',
      { groupId: GROUP_ID },
      { groupId: 'g', conversationId: 'AAQk=' },
      { groupId: GROUP_ID, conversationId: 'a b' },
      { groupId: GROUP_ID, conversationId: 'AAQk=', threadId: 7 }
    ]) {
      expect(parseConversationRef(bad)).toBeUndefined();
    }
  });

  it('Graph ids: base64 in either alphabet, 1 to 512 characters', () => {
    expect(isGraphId('AAQkAGI2-_+/=')).toBe(true);
    expect(isGraphId('a'.repeat(512))).toBe(true);
    for (const bad of ['', 'a'.repeat(513), 'a.b', 'a%2F', 'a b', 'a?b', 1]) expect(isGraphId(bad)).toBe(false);
  });
});

describe('parseListRequest', () => {
  it('reads a group id and an optional cursor (the id of one kept on the server)', () => {
    expect(parseListRequest({ groupId: GROUP_ID })).toEqual({ groupId: GROUP_ID.toLowerCase(), cursor: undefined });
    const cursor = 'Zm9vYmFyYmF6cXV4LV8xMj';
    expect(parseListRequest({ groupId: GROUP_ID, cursor, verb: 'listConversations' })).toEqual({
      groupId: GROUP_ID.toLowerCase(),
      cursor
    });
  });

  it('refuses a URL, a Graph skiptoken (or anything else) as the cursor, and a missing group', () => {
    const skiptoken = 'RFNwdAIAAQ_2';
    for (const cursor of ['https://evil.example.test/v1.0/groups', 'a&b', 'a b', 5, skiptoken, 'x'.repeat(23)])
      expect(parseListRequest({ groupId: GROUP_ID, cursor })).toBeUndefined();
    expect(parseListRequest({ groupId: '' })).toBeUndefined();
    expect(parseListRequest(undefined)).toBeUndefined();
  });
});
