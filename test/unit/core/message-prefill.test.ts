import { messageHtmlFor, prefillFromMessage } from '../../../src/core/message-prefill';
import { buildConversationBody } from '../../../src/core/post-conversation';
import { describeError } from '../../../src/core/describe-error';
import { AppError, SignInRequiredError } from '../../../src/core/errors';
import { notice } from '../../../src/core/words';

const BOB_ID = 'b0b00000-0000-4000-8000-000000000b0b';

const message = (body: { contentType: string; content: string }, extra: Record<string, unknown> = {}) => ({
  id: '1732700000100',
  createdDateTime: '2026-11-27T09:58:12.345Z',
  subject: null,
  from: { user: { id: BOB_ID, displayName: 'Bob Stone', userIdentityType: 'aadUser' } },
  body,
  ...extra
});

describe('prefillFromMessage', () => {
  it('topic: the subject when the message has one', () => {
    const p = prefillFromMessage(
      message({ contentType: 'html', content: '<p>First line</p><p>second</p>' }, { subject: '  Launch   date moved ' })
    );
    expect(p.topic).toBe('Launch date moved');
    expect(p.body).toBe('First line\nsecond');
  });

  it('topic: else the first non-empty line of the text, plain and trimmed', () => {
    const p = prefillFromMessage(
      message({
        contentType: 'html',
        content: '<p>&nbsp;</p><p>  The <b>Q1 launch</b> moves   to March 3. </p><p>More</p>'
      })
    );
    expect(p.topic).toBe('The Q1 launch moves to March 3.');
  });

  it('topic: at most 255 characters, cut with an ellipsis', () => {
    const p = prefillFromMessage(message({ contentType: 'text', content: 'x'.repeat(400) }));
    expect(p.topic).toHaveLength(255);
    expect(p.topic.endsWith('…')).toBe(true);
    expect(prefillFromMessage(message({ contentType: 'text', content: 'y' }, { subject: 's'.repeat(255) })).topic).toBe(
      's'.repeat(255)
    );
  });

  it('HTML body: shown as text (line breaks kept), its sanitized HTML kept for the post', () => {
    const p = prefillFromMessage(
      message({
        contentType: 'html',
        content:
          '<p>Hi <strong>team</strong> <img src=x onerror=alert(1)></p>' +
          '<p>See <a href="https://contoso.com/plan" onclick="x()">the plan</a><script>alert(1)</script></p>' +
          '<ul><li>one</li></ul>'
      })
    );
    expect(p.body).toBe('Hi team\nSee the plan (https://contoso.com/plan)\n- one');
    expect(p.html).toBe(
      '<p>Hi <strong>team</strong> </p><p>See <a href="https://contoso.com/plan">the plan</a></p><ul><li>one</li></ul>'
    );
  });

  it('text body: taken as it is (line endings normalized), no HTML', () => {
    const p = prefillFromMessage(message({ contentType: 'text', content: 'a <b>\r\nb\r\n' }));
    expect(p.body).toBe('a <b>\nb');
    expect(p.html).toBeUndefined();
  });

  it('tagless "HTML" (typed text, as some clients send it): text with its line breaks, no HTML', () => {
    const p = prefillFromMessage(message({ contentType: 'html', content: 'line 1\nline 2 & co' }));
    expect(p.body).toBe('line 1\nline 2 & co');
    expect(p.html).toBeUndefined();
  });

  it(
    'longer than the form allows: ' +
      'cut to 32,000 characters and then no HTML (what is posted must be what was shown)',
    () => {
      const p = prefillFromMessage(message({ contentType: 'html', content: `<p>${'a'.repeat(33_000)}</p>` }));
      expect(p.body).toHaveLength(32_000);
      expect(p.html).toBeUndefined();
    }
  );

  it('author: an Entra user by id, lower-cased, with the display name; aadObjectId when given', () => {
    expect(prefillFromMessage(message({ contentType: 'text', content: 'x' })).author).toEqual({
      id: BOB_ID,
      displayName: 'Bob Stone'
    });
    const upper = message(
      { contentType: 'text', content: 'x' },
      { from: { user: { id: '29:1abc', aadObjectId: BOB_ID.toUpperCase(), displayName: 'Bob' } } }
    );
    expect(prefillFromMessage(upper).author).toEqual({ id: BOB_ID, displayName: 'Bob' });
  });

  it.each([
    ['a bot (application)', { application: { id: '28:bot', displayName: 'Some bot', applicationIdentityType: 'bot' } }],
    ['an anonymous guest', { user: { id: BOB_ID, displayName: 'Guest', userIdentityType: 'anonymousGuest' } }],
    ['a federated user', { user: { id: BOB_ID, displayName: 'Fed', userIdentityType: 'federatedUser' } }],
    ['a user without a GUID id', { user: { id: '8:orgid:abc', displayName: 'X', userIdentityType: 'aadUser' } }],
    ['nothing', null]
  ])('no author for %s', (_name, from) => {
    expect(prefillFromMessage(message({ contentType: 'text', content: 'x' }, { from })).author).toBeUndefined();
  });

  it.each([undefined, null, 'text', 42, [], { body: 'not an object' }, { body: { contentType: 'html', content: 7 } }])(
    'reads %p as an empty message',
    (payload) => {
      expect(prefillFromMessage(payload)).toEqual({ topic: '', body: '' });
    }
  );
});

describe('messageHtmlFor', () => {
  const original = { text: 'Hi team\nSee the plan', html: '<p>Hi <b>team</b></p><p>See the plan</p>' };

  it('the HTML while the text is as shown (line endings and trailing spaces are not edits)', () => {
    expect(messageHtmlFor(original, 'Hi team\nSee the plan')).toBe(original.html);
    expect(messageHtmlFor(original, 'Hi team  \r\nSee the plan\r\n')).toBe(original.html);
  });

  it('nothing once the person edits the text, or when there is no HTML', () => {
    expect(messageHtmlFor(original, 'Hi team\nSee the plan!')).toBeUndefined();
    expect(messageHtmlFor(original, '')).toBeUndefined();
    expect(messageHtmlFor(undefined, 'Hi team\nSee the plan')).toBeUndefined();
  });
});

describe("buildConversationBody with a message action's HTML", () => {
  it('posts the sanitized HTML as it is instead of the escaped text', () => {
    const body = buildConversationBody({ topic: 'T', body: 'Hi team', bodyHtml: '<p>Hi <b>team</b></p>' }, [
      { displayName: 'Bob', address: 'bob@contoso.test' }
    ]);
    expect(body).toEqual({
      topic: 'T',
      threads: [
        {
          posts: [
            {
              body: { contentType: 'html', content: '<p>Hi <b>team</b></p>' },
              newParticipants: [{ emailAddress: { name: 'Bob', address: 'bob@contoso.test' } }]
            }
          ]
        }
      ]
    });
  });

  it("without it, the typed text escaped (the chat form's path)", () => {
    expect(buildConversationBody({ topic: 'T', body: '<b>x</b>' }, []).threads?.[0].posts?.[0].body?.content).toBe(
      '&lt;b&gt;x&lt;/b&gt;'
    );
  });
});

describe("describeError in the message action's dialog", () => {
  it('sign-in: sign in, then the action again (no "type new in the 1:1 chat" detour), opening or posting', () => {
    for (const during of ['open-dialog', 'dialog-post'] as const) {
      for (const err of [new SignInRequiredError(), new AppError('consent_required', 'x')]) {
        const d = describeError(err, during);
        expect(d).toMatchObject(notice('error.sign_in_required.dialog'));
        expect(d.text).not.toContain('1:1 chat');
        expect(d.text).not.toContain('**new**');
        expect(d.text).toContain('**Post to a group**');
      }
    }
  });

  it('opening: no "type new" advice, no "your text is kept"', () => {
    for (const code of [
      'throttled',
      'graph_unavailable',
      'auth_unavailable',
      'access_denied',
      'no_groups',
      'internal'
    ] as const) {
      const d = describeError(new AppError(code, 'x', { retryAfterSeconds: 30 }), 'open-dialog');
      expect(d.text).not.toMatch(/type \*\*new\*\* again|text is kept/i);
    }
    expect(describeError(new AppError('throttled', 'x', { retryAfterSeconds: 30 }), 'open-dialog').text).toContain(
      'in 30 seconds'
    );
  });

  it('posting: everything but sign-in reads as from the chat form', () => {
    const err = new AppError('access_denied', 'x');
    expect(describeError(err, 'dialog-post')).toEqual(describeError(err, 'post'));
  });
});
