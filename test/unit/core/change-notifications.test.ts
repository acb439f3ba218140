// The framework-free half of Graph's notifications (issue 16): which items are trusted, how
// repeats are recognised and when a subscription is renewed.
import crypto from 'node:crypto';
import {
  changeNotificationSchema,
  checkNotification,
  dedupeKey,
  type KnownSubscription,
  lifecycleNotificationSchema,
  notificationCollectionSchema,
  renewAt,
  RENEW_MARGIN_MS,
  sameSecret
} from '../../../src/core/change-notifications';

const SUB = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';
const TENANT = '84bd8158-6d4d-4958-8b9f-9d6445542f95';
const KNOWN: KnownSubscription = { subscriptionId: SUB, clientState: 'our-secret-client-state', tenantId: TENANT };
const lookup = (id: string) => (id === SUB ? KNOWN : undefined);

/** A notification shaped as Graph documents it, for a new conversation of a group. */
function change(changes: Record<string, unknown> = {}) {
  return changeNotificationSchema.parse({
    subscriptionId: SUB,
    clientState: KNOWN.clientState,
    changeType: 'created',
    resource: "groups('g1')/conversations('AAQkAGI=')",
    subscriptionExpirationDateTime: '2026-12-04T11:00:00.0000000Z',
    tenantId: TENANT,
    resourceData: { '@odata.type': '#Microsoft.Graph.conversation', id: 'AAQkAGI=' },
    ...changes
  });
}

describe('notification schemas', () => {
  it("reads Graph's documented change and lifecycle items, and refuses the wrong kind", () => {
    expect(change().changeType).toBe('created');
    const lifecycle = {
      subscriptionId: SUB,
      clientState: 'x',
      lifecycleEvent: 'reauthorizationRequired',
      resource: "groups('g1')/conversations",
      subscriptionExpirationDateTime: '2026-12-04T11:00:00-08:00',
      tenantId: TENANT
    };
    expect(lifecycleNotificationSchema.parse(lifecycle).lifecycleEvent).toBe('reauthorizationRequired');
    expect(changeNotificationSchema.safeParse(lifecycle).success).toBe(false);
    expect(lifecycleNotificationSchema.safeParse({ ...lifecycle, lifecycleEvent: 'other' }).success).toBe(false);
    expect(changeNotificationSchema.safeParse({ ...change(), subscriptionExpirationDateTime: 'soon' }).success).toBe(
      false
    );
    expect(changeNotificationSchema.safeParse({ ...change(), clientState: 'x'.repeat(256) }).success).toBe(false);
  });

  it('bounds the collection: a value array of at most 1000 items', () => {
    expect(notificationCollectionSchema.safeParse({ value: [] }).success).toBe(true);
    expect(notificationCollectionSchema.safeParse({ value: new Array(1001).fill({}) }).success).toBe(false);
    expect(notificationCollectionSchema.safeParse({ values: [] }).success).toBe(false);
    expect(notificationCollectionSchema.safeParse([]).success).toBe(false);
  });
});

describe('checkNotification', () => {
  it('accepts a known subscription with its clientState and tenant, ids in any case', () => {
    expect(checkNotification(change(), lookup)).toEqual({ ok: true });
    const upper = change({ subscriptionId: SUB.toUpperCase(), tenantId: TENANT.toUpperCase() });
    expect(checkNotification(upper, lookup)).toEqual({ ok: true });
  });

  it('refuses an unknown subscription', () => {
    const other = change({ subscriptionId: '00000000-0000-4000-8000-000000000000' });
    expect(checkNotification(other, lookup)).toEqual({ ok: false, reason: 'unknown_subscription' });
  });

  it('refuses a forged clientState: another value, a prefix, a longer one, none at all', () => {
    for (const clientState of ['forged', 'our-secret', `${KNOWN.clientState}x`, '', undefined]) {
      const forged = change({ clientState });
      expect([clientState, checkNotification(forged, lookup)]).toEqual([
        clientState,
        { ok: false, reason: 'client_state_mismatch' }
      ]);
    }
  });

  it("refuses another tenant's item, even with the right clientState", () => {
    const elsewhere = change({ tenantId: '11111111-1111-4111-8111-111111111111' });
    expect(checkNotification(elsewhere, lookup)).toEqual({ ok: false, reason: 'tenant_mismatch' });
  });
});

describe('sameSecret (constant time)', () => {
  it('compares strings of different lengths without throwing, and equal ones exactly', () => {
    expect(sameSecret('a', 'a much longer secret')).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
    expect(sameSecret('s3cret', 's3cret')).toBe(true);
    expect(sameSecret('s3cret', 'S3cret')).toBe(false);
    expect(sameSecret('é', 'e\u0301')).toBe(false);
  });

  it('goes through timingSafeEqual on equal-length buffers, whatever the lengths given', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      sameSecret('short', 'a secret of another length');
      expect(spy).toHaveBeenCalledTimes(1);
      const [a, b] = spy.mock.calls[0] as [Buffer, Buffer];
      expect(a.length).toBe(b.length);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('dedupeKey', () => {
  it('is the same for a repeat, whatever the case of the subscription id', () => {
    expect(dedupeKey(change())).toBe(dedupeKey(change({ subscriptionId: SUB.toUpperCase() })));
    expect(dedupeKey(change())).toMatch(/^[0-9a-f]{64}$/);
    // The expiry and clientState are not part of what changed.
    expect(dedupeKey(change())).toBe(dedupeKey(change({ subscriptionExpirationDateTime: '2026-12-05T00:00:00Z' })));
  });

  it('differs by subscription, resource, changeType and resource id (which keeps its case)', () => {
    const keys = [
      change(),
      change({ subscriptionId: '00000000-0000-4000-8000-000000000000' }),
      change({ resource: "groups('g1')/conversations('AAQkAGJ=')" }),
      change({ changeType: 'updated' }),
      change({ resourceData: { id: 'aaqkagi=' } }),
      change({ resourceData: undefined })
    ].map(dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("tells a later change of one conversation from a repeat by Outlook's etag, else by the minute", () => {
    const v1 = change({ resourceData: { id: 'AAQkAGI=', '@odata.etag': 'W/"CQAAABYAAAA1"' } });
    const v2 = change({ resourceData: { id: 'AAQkAGI=', '@odata.etag': 'W/"CQAAABYAAAA2"' } });
    expect(dedupeKey(v1, 0)).toBe(dedupeKey(v1, 10 * 60_000)); // a repeat, however late
    expect(dedupeKey(v1)).not.toBe(dedupeKey(v2));
    // No etag: the same minute is one change, the next minute another.
    expect(dedupeKey(change(), 60_000)).toBe(dedupeKey(change(), 119_999));
    expect(dedupeKey(change(), 60_000)).not.toBe(dedupeKey(change(), 120_000));
  });

  it('keeps fields apart: no two splits of the same text share a key', () => {
    expect(dedupeKey(change({ resource: 'a', resourceData: { id: 'bc' } }))).not.toBe(
      dedupeKey(change({ resource: 'ab', resourceData: { id: 'c' } }))
    );
  });

  it('tells a lifecycle event from a change, and a lifecycle event after a renewal from a retry', () => {
    const base = {
      subscriptionId: SUB,
      lifecycleEvent: 'reauthorizationRequired',
      subscriptionExpirationDateTime: '2026-12-04T11:00:00Z',
      tenantId: TENANT
    };
    const first = lifecycleNotificationSchema.parse(base);
    expect(dedupeKey(first)).toBe(dedupeKey(lifecycleNotificationSchema.parse({ ...base, clientState: 'x' })));
    const renewed = lifecycleNotificationSchema.parse({ ...base, subscriptionExpirationDateTime: '2026-12-06T11:00Z' });
    expect(dedupeKey(first)).not.toBe(dedupeKey(renewed));
    expect(dedupeKey(first)).not.toBe(
      dedupeKey(lifecycleNotificationSchema.parse({ ...base, lifecycleEvent: 'missed' }))
    );
  });
});

describe('renewAt', () => {
  const NOW = 1_800_000_000_000;
  const MIN = 60_000;

  it('renews after 80 % of the remaining lifetime: 4,230 minutes → after 3,384', () => {
    expect(renewAt(NOW + 4_230 * MIN, NOW)).toBe(NOW + 3_384 * MIN);
    expect(renewAt(NOW + 100 * MIN, NOW)).toBe(NOW + 80 * MIN);
  });

  it('at least 10 minutes before expiry when 20 % would be less', () => {
    expect(renewAt(NOW + 30 * MIN, NOW)).toBe(NOW + 30 * MIN - RENEW_MARGIN_MS);
    expect(renewAt(NOW + 50 * MIN, NOW)).toBe(NOW + 40 * MIN);
  });

  it('now when inside the margin or already expired, never in the past', () => {
    expect(renewAt(NOW + 5 * MIN, NOW)).toBe(NOW);
    expect(renewAt(NOW, NOW)).toBe(NOW);
    expect(renewAt(NOW - MIN, NOW)).toBe(NOW);
  });
});
