// The one place that turns an error into what the person reads.
import { describeError } from '../../../src/core/describe-error';
import {
  AppError,
  ConsentRequiredError,
  ERROR_CODES,
  GraphRequestError,
  SignInRequiredError,
  TokenServiceError,
  ValidationError
} from '../../../src/core/errors';

const throttled = (retryAfterSeconds?: number) => describeError(new AppError('throttled', 'slow down', { retryAfterSeconds }));

describe('describeError', () => {
  it.each(ERROR_CODES)('gives %s its own code, a title and a text', (code) => {
    const d = describeError(new AppError(code, `internal message for ${code}`));
    expect(d.code).toBe(code);
    expect(d.title.trim().length).toBeGreaterThan(0);
    expect(d.text.trim().length).toBeGreaterThan(0);
    expect(d.text).not.toContain('internal message');
    expect(d.title).not.toContain('internal message');
  });

  it('gives every code a different title', () => {
    const titles = ERROR_CODES.map((code) => describeError(new AppError(code, 'm')).title);
    expect(new Set(titles).size).toBe(ERROR_CODES.length);
  });

  it.each([
    [1, 'Microsoft 365 asked us to slow down. Try again in 1 second.'],
    [30, 'Microsoft 365 asked us to slow down. Try again in 30 seconds.'],
    [59, 'Microsoft 365 asked us to slow down. Try again in 59 seconds.'],
    [60, 'Microsoft 365 asked us to slow down. Try again in 1 minute.'],
    [90, 'Microsoft 365 asked us to slow down. Try again in 2 minutes.'],
    [0.2, 'Microsoft 365 asked us to slow down. Try again in 1 second.']
  ])('throttled with Retry-After %s → %j', (seconds, text) => {
    expect(throttled(seconds)).toEqual({ code: 'throttled', title: 'Too many requests right now', text });
  });

  it('throttled without a Retry-After says "in a minute"', () => {
    expect(throttled().text).toBe('Microsoft 365 asked us to slow down. Try again in a minute.');
  });

  it('a GraphRequestError carries its Retry-After into the text', () => {
    const err = new GraphRequestError('throttled', { status: 429, graphCode: 'TooManyRequests', retryAfterSeconds: 30 });
    expect(describeError(err).text).toBe('Microsoft 365 asked us to slow down. Try again in 30 seconds.');
  });

  it('counts the fields of a ValidationError', () => {
    expect(describeError(new ValidationError({ topic: 'Enter a topic.' }))).toEqual({
      code: 'validation_failed',
      title: 'Please check the form',
      text: 'One field needs your attention.'
    });
    expect(describeError(new ValidationError({ topic: 'Enter a topic.', body: 'Write a message.', groupId: 'Choose a group.' })).text).toBe(
      '3 fields need your attention.'
    );
  });

  it('maps the typed auth errors by their code', () => {
    expect(describeError(new SignInRequiredError()).code).toBe('sign_in_required');
    expect(describeError(new ConsentRequiredError()).code).toBe('consent_required');
    expect(describeError(new TokenServiceError('x')).code).toBe('auth_unavailable');
  });

  it.each([
    ['an Error', new Error('secret-ish internal detail')],
    ['a TypeError', new TypeError('secret-ish internal detail')],
    ['a string', 'secret-ish internal detail'],
    ['an object with a code', { code: 'throttled', message: 'secret-ish internal detail' }],
    ['undefined', undefined]
  ])('describes %s as internal, never showing its message', (_label, err) => {
    const d = describeError(err);
    expect(d).toEqual({ code: 'internal', title: 'Something went wrong', text: 'Something went wrong on our side. Your text is kept; press Try again.' });
    expect(JSON.stringify(d)).not.toContain('secret-ish');
  });

  it('does not show an AppError\'s message either', () => {
    const d = describeError(new AppError('graph_rejected', 'secret-ish internal detail'));
    expect(JSON.stringify(d)).not.toContain('secret-ish');
  });
});

describe('describeError while opening a form (no form, no typed text yet)', () => {
  it('advises typing new again instead of pressing Try again', () => {
    for (const code of ['sign_in_required', 'consent_required', 'graph_unavailable', 'auth_unavailable', 'throttled'] as const) {
      const d = describeError(new AppError(code, 'x'), 'open-form');
      expect(d.text).toContain('Type **new** again');
      expect(d.text).not.toContain('Try again');
    }
    expect(describeError(new AppError('access_denied', 'x'), 'open-form').title).toBe("Your groups couldn't be listed");
    expect(describeError(new AppError('throttled', 'x', { retryAfterSeconds: 30 }), 'open-form').text).toContain('in 30 seconds');
  });

  it('falls back to the post wording for codes with nothing specific to say', () => {
    expect(describeError(new AppError('no_groups', 'x'), 'open-form')).toEqual(describeError(new AppError('no_groups', 'x')));
  });
});

describe('describeError while listing conversations (nothing typed, nothing posted)', () => {
  it('advises typing list again', () => {
    for (const code of ['sign_in_required', 'consent_required', 'graph_unavailable', 'auth_unavailable', 'throttled'] as const) {
      expect(describeError(new AppError(code, 'x'), 'list').text).toContain('Type **list** again');
    }
    expect(describeError(new AppError('throttled', 'x', { retryAfterSeconds: 90 }), 'list').text).toContain('in 2 minutes');
  });

  it('says the group cannot be read, and never that something was posted', () => {
    expect(describeError(new AppError('access_denied', 'x'), 'list').title).toBe("You can't read this group");
    expect(describeError(new AppError('no_groups', 'x'), 'list').text).toContain('no conversations to show');
    for (const code of ['access_denied', 'no_groups', 'graph_unavailable', 'throttled'] as const) {
      expect(describeError(new AppError(code, 'x'), 'list').text).not.toMatch(/posted|Your text/);
    }
  });
});

describe('describeError while replying', () => {
  it('speaks of the reply where the post wording would say conversation', () => {
    expect(describeError(new AppError('graph_unavailable', 'x'), 'reply').text).toContain('Your reply may not have been sent');
    expect(describeError(new AppError('graph_rejected', 'x'), 'reply').title).toBe('Microsoft 365 refused the reply');
    expect(describeError(new AppError('access_denied', 'x'), 'reply').title).toBe("You can't reply in this group");
  });

  it('a conversation that is gone points to list, in every context', () => {
    for (const during of ['post', 'reply', 'list'] as const) {
      const d = describeError(new AppError('conversation_not_found', 'x'), during);
      expect(d).toMatchObject({ code: 'conversation_not_found', title: 'Conversation not found' });
      expect(d.text).toContain('**list**');
    }
  });

  it('keeps the post wording for the rest (throttling, sign-in)', () => {
    expect(describeError(new AppError('throttled', 'x', { retryAfterSeconds: 5 }), 'reply')).toEqual(describeError(new AppError('throttled', 'x', { retryAfterSeconds: 5 })));
    expect(describeError(new AppError('sign_in_required', 'x'), 'reply').text).toContain('Try again');
  });
});
