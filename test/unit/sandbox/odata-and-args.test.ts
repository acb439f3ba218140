// Small pure parts of the sandbox: OData query parsing, body validation, fault bookkeeping, the
// mailbox limiter, and the standalone entry's argv parsing.
import { createFaultRegistry, createMailboxLimiter, faultSpecSchema } from '../../../src/sandbox/faults';
import { isUnifiedFilter, paginate, parseSelect, parseUserIdFilter } from '../../../src/sandbox/odata-query';
import { parseSandboxArgs } from '../../../src/sandbox/sandbox-main';
import { codeOf } from '../../helpers/graph-error-code';
import { validateNewConversation, validateReply } from '../../../src/sandbox/validate-conversation';

const A = '7c60c286-b211-4eea-95a0-90bc0c2e0ebf';
const B = 'C39999F0-E3D0-4E6D-A3D8-BCA4D6079E4B';

describe('OData query parsing', () => {
  it('recognises the Unified filter in its usual spellings only', () => {
    expect(isUnifiedFilter("groupTypes/any(c:c eq 'Unified')")).toBe(true);
    expect(isUnifiedFilter("groupTypes/any(x: x eq 'Unified')")).toBe(true);
    expect(isUnifiedFilter("groupTypes/any(c:d eq 'Unified')")).toBe(false);
    expect(isUnifiedFilter("groupTypes/any(c:c eq 'DynamicMembership')")).toBe(false);
  });

  it('parses `id in (...)` and `id eq`, lower-casing, with OData quote escaping', () => {
    expect(parseUserIdFilter(`id in ('${A}', '${B}')`)).toEqual([A, B.toLowerCase()]);
    expect(parseUserIdFilter(`id eq '${A}'`)).toEqual([A]);
    // Parsed, then not a GUID.
    expect(codeOf(() => parseUserIdFilter("id in ('it''s')"))).toBe('400 Request_BadRequest');
    expect(codeOf(() => parseUserIdFilter(`id in ()`))).toBe('400 BadRequest');
    expect(codeOf(() => parseUserIdFilter(`mail eq 'a@b.c'`))).toBe('400 Request_UnsupportedQuery');
  });

  it('$select: canonical names, id first, unknown names refused', () => {
    const q = new URLSearchParams({ $select: 'DisplayName,mail,id' });
    expect(parseSelect(q, ['id', 'displayName', 'mail'], 'microsoft.graph.group')).toEqual([
      'id',
      'displayName',
      'mail'
    ]);
    expect(codeOf(() => parseSelect(new URLSearchParams({ $select: 'x' }), ['id'], 't'))).toBe(
      '400 Request_BadRequest'
    );
  });

  it('paginate: nextLink keeps the query, replaces $skiptoken, keeps `$` literal', () => {
    const selfUrl = new URL("http://127.0.0.1:1/v1.0/x?$top=2&$filter=groupTypes%2Fany(c%3Ac+eq+'Unified')");
    const first = paginate([1, 2, 3, 4, 5], 2, { params: selfUrl.searchParams, selfUrl });
    expect(first.page).toEqual([1, 2]);
    const next = new URL(first.nextLink as string);
    expect(first.nextLink).toMatch(/\?\$top=2&\$filter=/);
    expect(next.searchParams.get('$filter')).toBe("groupTypes/any(c:c eq 'Unified')");
    const second = paginate([1, 2, 3, 4, 5], 2, { params: next.searchParams, selfUrl: next });
    expect(second.page).toEqual([3, 4]);
    const third = new URL(second.nextLink as string);
    expect(paginate([1, 2, 3, 4, 5], 2, { params: third.searchParams, selfUrl: third })).toEqual({ page: [5] });
  });
});

describe('conversation body validation', () => {
  const body = (post: object) => ({ topic: 'T', threads: [{ posts: [post] }] });

  it('normalises participants and keeps the body as given', () => {
    expect(
      validateNewConversation(
        body({
          body: { contentType: 'text', content: ' x ' },
          newParticipants: [{ emailAddress: { name: null, address: 'a@b.co' } }]
        })
      )
    ).toEqual({
      topic: 'T',
      threads: [
        {
          posts: [
            {
              body: { contentType: 'text', content: ' x ' },
              newParticipants: [{ emailAddress: { address: 'a@b.co' } }]
            }
          ]
        }
      ]
    });
  });

  it('reader errors (unknown property, wrong type) win over missing fields', () => {
    expect(codeOf(() => validateNewConversation({ threads: 'x', extra: 1 }))).toBe('400 RequestBodyRead');
    expect(codeOf(() => validateNewConversation({}))).toBe('400 ErrorInvalidRequest');
    expect(codeOf(() => validateReply({ post: { body: { contentType: 'HTML', content: 'x' } } }))).toBe(
      '400 RequestBodyRead'
    );
    expect(codeOf(() => validateReply(null))).toBe('400 RequestBodyRead');
  });
});

describe('faults and the mailbox limiter', () => {
  it('a fault matches method and path, counts down, then disarms', () => {
    const faults = createFaultRegistry();
    faults.add(faultSpecSchema.parse({ method: 'post', path: 'conversations$', status: 429, times: 2 }));
    expect(faults.take('GET', '/v1.0/groups/g/conversations')).toBeUndefined();
    expect(faults.take('POST', '/v1.0/groups/g/conversations')).toMatchObject({ status: 429, remaining: 1 });
    expect(faults.take('POST', '/v1.0/groups/g/conversations')).toMatchObject({ remaining: 0 });
    expect(faults.take('POST', '/v1.0/groups/g/conversations')).toBeUndefined();
    expect(() => faults.add(faultSpecSchema.parse({ path: '[' }))).toThrow(SyntaxError);
    // `every`: every 3rd matching request answered, the others let through, `times` of them in all.
    faults.clear();
    faults.add(faultSpecSchema.parse({ method: 'POST', path: 'conversations$', status: 429, every: 3, times: 2 }));
    const answered = Array.from({ length: 9 }, () => faults.take('POST', '/v1.0/groups/g/conversations')?.status);
    expect(answered).toEqual([undefined, undefined, 429, undefined, undefined, 429, undefined, undefined, undefined]);
  });

  it('the limiter counts per mailbox, case-insensitively, and releases once', () => {
    const limiter = createMailboxLimiter(2);
    const r1 = limiter.tryAcquire('G');
    const r2 = limiter.tryAcquire('g');
    expect(limiter.tryAcquire('g')).toBeUndefined();
    expect(limiter.tryAcquire('other')).toBeDefined();
    r1?.();
    r1?.();
    expect(limiter.tryAcquire('g')).toBeDefined();
    expect(limiter.tryAcquire('g')).toBeUndefined();
    r2?.();
  });
});

describe('sandbox-main arguments', () => {
  it('reads --port and --data-dir in both spellings, defaults the port to 5980', () => {
    expect(parseSandboxArgs([])).toEqual({ port: 5980 });
    expect(parseSandboxArgs(['--port', '0', '--data-dir', '/tmp/x'])).toEqual({ port: 0, dataDir: '/tmp/x' });
    expect(parseSandboxArgs(['--port=6000', '--data-dir=.data'])).toEqual({ port: 6000, dataDir: '.data' });
  });

  it.each([[['--port', '70000']], [['--port']], [['--host', '0.0.0.0']], [['--port', 'abc']]])(
    'refuses %j with the usage line',
    (argv) => {
      expect(() => parseSandboxArgs(argv)).toThrow(/usage: sandbox-main/);
    }
  );
});
