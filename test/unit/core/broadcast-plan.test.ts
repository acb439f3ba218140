// Issue 15's building blocks: the multi-select group value Teams submits, the per-group draft ids
// that make a broadcast exactly once per group, the progress counts, and the update pacing and
// Bot Connector retry (time and randomness passed in).
import { countStates, groupDraftId, isSettled, parseGroupSelection } from '../../../src/core/broadcast-plan';
import { connectorRetryDelay, createUpdatePacer } from '../../../src/core/paced-updates';

const A = 'c0ffee00-0000-4000-8000-000000000001';
const B = 'C0FFEE00-0000-4000-8000-000000000002';
const GUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('parseGroupSelection', () => {
  it('one value is one group (today’s flow); comma-joined values are several, lower-cased, in order', () => {
    expect(parseGroupSelection(A, 50)).toEqual({ ok: true, groupIds: [A] });
    expect(parseGroupSelection(`${B},${A}`, 50)).toEqual({ ok: true, groupIds: [B.toLowerCase(), A] });
  });

  it('drops duplicates (any case) and empty parts; spaces around ids are ignored', () => {
    expect(parseGroupSelection(` ${A} ,,${A.toUpperCase()}, ${B} `, 50)).toEqual({
      ok: true,
      groupIds: [A, B.toLowerCase()]
    });
  });

  it.each([
    [undefined, 'missing'],
    [42, 'missing'],
    ['', 'missing'],
    [' , ', 'missing'],
    [`${A},not-a-guid`, 'not_a_group'],
    [`${A};${B}`, 'not_a_group']
  ])('%j → %s', (value, problem) => {
    expect(parseGroupSelection(value, 50)).toEqual({ ok: false, problem });
  });

  it('more than the maximum is refused, and a huge value is refused before it is split', () => {
    const ids = Array.from({ length: 4 }, (_, i) => `c0ffee00-0000-4000-8000-00000000000${i}`);
    expect(parseGroupSelection(ids.join(','), 3)).toEqual({ ok: false, problem: 'too_many' });
    expect(parseGroupSelection(ids.join(','), 4)).toMatchObject({ ok: true });
    expect(parseGroupSelection(`${A},`.repeat(100_000), 3)).toEqual({ ok: false, problem: 'too_many' });
  });
});

describe('groupDraftId', () => {
  const broadcast = 'd0000000-0000-4000-8000-00000000b0b0';

  it('is a draftId-shaped UUID, the same for the same broadcast and group (any case)', () => {
    const id = groupDraftId(broadcast, A);
    expect(id).toMatch(GUID_V8);
    expect(groupDraftId(broadcast.toUpperCase(), A.toUpperCase())).toBe(id);
  });

  it('differs per group and per broadcast', () => {
    const ids = new Set([
      groupDraftId(broadcast, A),
      groupDraftId(broadcast, B),
      groupDraftId('d0000000-0000-4000-8000-00000000b0b1', A)
    ]);
    expect(ids.size).toBe(3);
    // Never the broadcast's own id: a single-group form with that draftId is another draft.
    expect(ids.has(broadcast)).toBe(false);
  });
});

describe('progress counts', () => {
  it('counts each state; settled only when nothing is waiting, posting or being checked', () => {
    const counts = countStates(['posted', 'failed', 'checking', 'waiting', 'posting', 'posted']);
    expect(counts).toEqual({ total: 6, done: 2, failed: 1, checking: 1, pending: 2 });
    expect(isSettled(counts)).toBe(false);
    expect(isSettled(countStates(['posted', 'failed']))).toBe(true);
    expect(isSettled(countStates(['posted', 'checking']))).toBe(false);
  });
});

describe('update pacing', () => {
  it('the first change goes at once; changes within a second are coalesced into one update', () => {
    const pacer = createUpdatePacer(1000);
    expect(pacer.changed(10_000)).toBe(0);
    expect(pacer.changed(10_010)).toBeUndefined();
    pacer.sent(10_020);
    // The next change waits for the rest of the interval, and later ones join it.
    expect(pacer.changed(10_300)).toBe(720);
    expect(pacer.changed(10_900)).toBeUndefined();
    pacer.sent(11_020);
    expect(pacer.changed(13_000)).toBe(0);
  });

  it('over a burst of 100 changes in 3 s, at most one update per second goes out', () => {
    const pacer = createUpdatePacer(1000);
    const sentAt: number[] = [];
    let dueAt: number | undefined;
    for (let t = 0; t <= 3000; t += 30) {
      if (dueAt !== undefined && t >= dueAt) {
        pacer.sent(t);
        sentAt.push(t);
        dueAt = undefined;
      }
      const wait = pacer.changed(t);
      if (wait !== undefined) dueAt = t + wait;
    }
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(sentAt.length).toBeGreaterThanOrEqual(3);
  });
});

describe('Bot Connector retry', () => {
  it('retries 412, 429, 502 and 504 only, at most five tries in all', () => {
    for (const status of [412, 429, 502, 504]) expect(connectorRetryDelay({ attempt: 0, status }, () => 0.5)).toBe(250);
    for (const status of [400, 403, 404, 500, 503])
      expect(connectorRetryDelay({ attempt: 0, status }, () => 0.5)).toBeUndefined();
    expect(connectorRetryDelay({ attempt: 3, status: 429 }, () => 0.5)).toBeDefined();
    expect(connectorRetryDelay({ attempt: 4, status: 429 }, () => 0.5)).toBeUndefined();
  });

  it('honours Retry-After (capped at a minute); otherwise full jitter under a growing, capped ceiling', () => {
    expect(connectorRetryDelay({ attempt: 0, status: 429, retryAfterSeconds: 3 }, () => 0.99)).toBe(3000);
    expect(connectorRetryDelay({ attempt: 0, status: 429, retryAfterSeconds: 600 }, () => 0)).toBe(60_000);
    expect(connectorRetryDelay({ attempt: 0, status: 502 }, () => 0.999)).toBe(499);
    expect(connectorRetryDelay({ attempt: 2, status: 502 }, () => 0.999)).toBe(1998);
    expect(connectorRetryDelay({ attempt: 3, status: 502 }, () => 0)).toBe(0);
  });
});
