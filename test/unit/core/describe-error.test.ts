// describeError picks which words the person reads for an error: the notice (words.ts) for its
// code and context, with the wait and the command filled in. Tests name the notices by id.
import { describeError, type ErrorContext } from '../../../src/core/describe-error';
import {
  AppError,
  ConsentRequiredError,
  ERROR_CODES,
  GraphRequestError,
  SignInRequiredError,
  TokenServiceError,
  ValidationError,
  type ErrorCode
} from '../../../src/core/errors';
import { notice, say } from '../../../src/core/words';

const throttled = (retryAfterSeconds?: number) =>
  describeError(new AppError('throttled', 'slow down', { retryAfterSeconds }));
const described = (code: ErrorCode, during?: ErrorContext, retryAfterSeconds?: number) =>
  describeError(new AppError(code, 'x', { retryAfterSeconds }), during);

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

  it.each(ERROR_CODES.filter((c) => c !== 'validation_failed'))('describes %s with its own notice', (code) => {
    // Each code's notice takes the wait or nothing (a fixed notice ignores it): one call fits all.
    expect(described(code, 'post', 30)).toEqual({
      code,
      ...notice(`error.${code}` as 'error.throttled', { retryAfterSeconds: 30 })
    });
  });

  it.each([1, 30, 59, 60, 90, 0.2])('throttled with Retry-After %s says how long to wait', (seconds) => {
    expect(throttled(seconds)).toEqual({
      code: 'throttled',
      ...notice('error.throttled', { retryAfterSeconds: seconds })
    });
    expect(throttled(seconds).text).toContain(say('time.wait', { seconds }));
  });

  it('throttled without a Retry-After names no wait', () => {
    expect(throttled()).toEqual({ code: 'throttled', ...notice('error.throttled', {}) });
    for (const seconds of [1, 60]) expect(throttled().text).not.toContain(say('time.wait', { seconds }));
  });

  it('a GraphRequestError carries its Retry-After into the text', () => {
    const err = new GraphRequestError('throttled', {
      status: 429,
      graphCode: 'TooManyRequests',
      retryAfterSeconds: 30
    });
    expect(describeError(err).text).toContain(say('time.wait', { seconds: 30 }));
  });

  it('counts the fields of a ValidationError', () => {
    expect(describeError(new ValidationError({ topic: say('field.topic.missing') }))).toEqual({
      code: 'validation_failed',
      ...notice('error.validation_failed', { refreshed: false, fields: 1 })
    });
    const three = new ValidationError({ topic: 'a', body: 'b', groupId: 'c' });
    expect(describeError(three)).toEqual({
      code: 'validation_failed',
      ...notice('error.validation_failed', { refreshed: false, fields: 3 })
    });
    expect(describeError(three).text).toContain('3');
  });

  it('a damaged draftId is no field to fix: it says the form was refreshed', () => {
    expect(describeError(new ValidationError({ draftId: 'x' }))).toEqual({
      code: 'validation_failed',
      ...notice('error.validation_failed.retry', { refreshed: true })
    });
    expect(describeError(new ValidationError({ draftId: 'x', verb: 'y' }))).toEqual(
      describeError(new ValidationError({ draftId: 'x' }))
    );
    expect(describeError(new ValidationError({ draftId: 'x', topic: 'y' }))).toEqual({
      code: 'validation_failed',
      ...notice('error.validation_failed', { refreshed: true, fields: 1 })
    });
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
    expect(d).toEqual({ code: 'internal', ...notice('error.internal') });
    expect(JSON.stringify(d)).not.toContain('secret-ish');
  });

  it("does not show an AppError's message either", () => {
    const d = describeError(new AppError('graph_rejected', 'secret-ish internal detail'));
    expect(JSON.stringify(d)).not.toContain('secret-ish');
  });
});

describe('describeError while opening a form (no form, no typed text yet)', () => {
  it('advises typing new again instead of pressing Try again', () => {
    for (const code of [
      'sign_in_required',
      'consent_required',
      'graph_unavailable',
      'auth_unavailable',
      'throttled'
    ] as const) {
      const d = described(code, 'open-form');
      expect(d.text).toContain('**new**');
      expect(d.text).not.toContain(say('button.tryAgain'));
    }
    expect(described('sign_in_required', 'open-form')).toEqual({
      code: 'sign_in_required',
      ...notice('error.sign_in_required.open', { command: 'new' })
    });
    expect(described('consent_required', 'open-form')).toEqual({
      code: 'consent_required',
      ...notice('error.sign_in_required.open', { command: 'new' })
    });
    expect(described('auth_unavailable', 'open-form')).toEqual({
      code: 'auth_unavailable',
      ...notice('error.graph_unavailable.open', { command: 'new' })
    });
    expect(described('access_denied', 'open-form')).toEqual({
      code: 'access_denied',
      ...notice('error.access_denied.open')
    });
    expect(described('throttled', 'open-form', 30)).toEqual({
      code: 'throttled',
      ...notice('error.throttled.open', { command: 'new', retryAfterSeconds: 30 })
    });
    expect(described('throttled', 'open-form', 30).text).toContain(say('time.wait', { seconds: 30 }));
  });

  it('falls back to the post wording for codes with nothing specific to say', () => {
    expect(described('no_groups', 'open-form')).toEqual(described('no_groups'));
  });
});

describe('describeError while listing conversations (nothing typed, nothing posted)', () => {
  it('advises typing list again', () => {
    for (const code of [
      'sign_in_required',
      'consent_required',
      'graph_unavailable',
      'auth_unavailable',
      'throttled'
    ] as const) {
      expect(described(code, 'list').text).toContain('**list**');
    }
    expect(described('graph_unavailable', 'list')).toEqual({
      code: 'graph_unavailable',
      ...notice('error.graph_unavailable.open', { command: 'list' })
    });
    expect(described('throttled', 'list', 90)).toEqual({
      code: 'throttled',
      ...notice('error.throttled.open', { command: 'list', retryAfterSeconds: 90 })
    });
    expect(described('throttled', 'list', 90).text).toContain(say('time.wait', { seconds: 90 }));
  });

  it('says the group cannot be read, and never that something was posted', () => {
    expect(described('access_denied', 'list')).toEqual({
      code: 'access_denied',
      ...notice('error.access_denied.list')
    });
    expect(described('no_groups', 'list')).toEqual({ code: 'no_groups', ...notice('error.no_groups.list') });
    for (const code of ['access_denied', 'no_groups', 'graph_unavailable', 'throttled'] as const) {
      expect(described(code, 'list').text).not.toMatch(/posted|Your text/);
    }
  });
});

describe('describeError while replying', () => {
  it('speaks of the reply where the post wording would say conversation', () => {
    for (const code of ['graph_unavailable', 'graph_rejected', 'access_denied'] as const) {
      expect(described(code, 'reply')).toEqual({ code, ...notice(`error.${code}.reply`) });
      expect(described(code, 'reply')).not.toEqual(described(code));
    }
  });

  it('a conversation that is gone points to list, in every context', () => {
    for (const during of ['post', 'reply', 'list'] as const) {
      const d = described('conversation_not_found', during);
      expect(d).toEqual({ code: 'conversation_not_found', ...notice('error.conversation_not_found') });
      expect(d.text).toContain('**list**');
    }
  });

  it('keeps the post wording for the rest (throttling, sign-in)', () => {
    expect(described('throttled', 'reply', 5)).toEqual(described('throttled', 'post', 5));
    expect(described('sign_in_required', 'reply').text).toContain(say('button.tryAgain'));
  });
});

describe("describeError in the message action's dialog", () => {
  it('opening: its own words for what closing the dialog can fix', () => {
    const cases: [ErrorCode, ReturnType<typeof notice>][] = [
      ['no_groups', notice('error.no_groups.dialog')],
      ['access_denied', notice('error.access_denied.open')],
      ['throttled', notice('error.throttled.dialog', { retryAfterSeconds: 30 })],
      ['graph_unavailable', notice('error.graph_unavailable.dialog')],
      ['auth_unavailable', notice('error.graph_unavailable.dialog')],
      ['sign_in_required', notice('error.sign_in_required.dialog')],
      ['consent_required', notice('error.sign_in_required.dialog')]
    ];
    for (const [code, words] of cases) expect(described(code, 'open-dialog', 30)).toEqual({ code, ...words });
    expect(described('group_not_found', 'open-dialog')).toEqual({
      code: 'internal',
      ...notice('error.internal.dialog')
    });
  });

  it('posting: sign-in as in the dialog, the rest as from the chat form', () => {
    expect(described('consent_required', 'dialog-post')).toEqual({
      code: 'consent_required',
      ...notice('error.sign_in_required.dialog')
    });
    expect(described('throttled', 'dialog-post', 30)).toEqual(described('throttled', 'post', 30));
  });
});

describe('describeError: a misconfigured bot', () => {
  it.each<ErrorContext>(['post', 'open-form', 'list', 'reply', 'open-dialog', 'dialog-post'])(
    'says "the bot is misconfigured, tell your admin" while doing %s (no sign-in advice)',
    (during) => {
      expect(described('bot_misconfigured', during)).toEqual({
        code: 'bot_misconfigured',
        ...notice('error.bot_misconfigured')
      });
    }
  );
});

describe('describeError: the read limit and a busy group (issue 13)', () => {
  it.each<ErrorContext>(['post', 'open-form', 'list', 'reply', 'open-dialog', 'dialog-post'])(
    'says how long to wait while doing %s, never "something went wrong"',
    (during) => {
      for (const code of ['reads_limited', 'mailbox_busy'] as const) {
        const d = described(code, during, 12);
        expect(d).toEqual({ code, ...notice(`error.${code}`, { retryAfterSeconds: 12 }) });
        expect(d.text).toContain(say('time.wait', { seconds: 12 }));
      }
    }
  );
});
