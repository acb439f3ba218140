// The follow feature's pure decisions (issue 16): which resources a subscription may speak for,
// the secret and expiry it is created with, and what a thread's card does on each change.
import {
  conversationOfResource,
  expiryFor,
  newClientState,
  subscriptionResource,
  threadStep
} from '../../../src/core/follow-plan';
import type { ThreadCard } from '../../../src/storage/follow-store';

const G = 'C0FFEE00-0000-4000-8000-000000000001';

describe('conversationOfResource', () => {
  it("reads both of Graph's spellings, the group id lower-cased and the conversation id as written", () => {
    expect(conversationOfResource(`groups('${G}')/conversations('AAQkAG+x/Y==')`)).toEqual({
      groupId: G.toLowerCase(),
      conversationId: 'AAQkAG+x/Y=='
    });
    expect(conversationOfResource(`Groups/${G}/Conversations/AAQkAG%2Bx%2FY%3D%3D`)).toEqual({
      groupId: G.toLowerCase(),
      conversationId: 'AAQkAG+x/Y=='
    });
  });

  it('refuses anything that is not one conversation of a group', () => {
    for (const resource of [
      undefined,
      '',
      `groups('${G}')/conversations`,
      `groups('${G}')/threads('x')`,
      `users('${G}')/conversations('x')`,
      "groups('not-a-guid')/conversations('x')",
      `groups('${G}')/conversations('x')/threads('y')`,
      `Groups/${G}/Conversations/%E0%A4%A`,
      `groups('${G}')/conversations('${'x'.repeat(3000)}')`
    ]) {
      expect(conversationOfResource(resource)).toBeUndefined();
    }
  });
});

describe('subscription parts', () => {
  it('watches the group’s conversations with a fresh 256-bit secret each time', () => {
    expect(subscriptionResource('g1')).toBe("groups('g1')/conversations");
    const a = newClientState();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newClientState()).not.toBe(a);
    expect(newClientState(() => Buffer.alloc(32, 1))).toBe(Buffer.alloc(32, 1).toString('base64url'));
  });

  it('asks for the configured minutes from now', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(expiryFor(now, 4200)).toEqual({ iso: '2026-12-03T22:00:00.000Z', at: now + 4200 * 60_000 });
  });
});

describe('threadStep', () => {
  const card = (over: Partial<ThreadCard> = {}): ThreadCard => ({
    followId: 'f',
    threadId: 't',
    conversationId: 'c',
    activityId: 'a1',
    postsAtStart: 1,
    postsSeen: 1,
    lastDeliveredAt: 0,
    ...over
  });

  it('sends a card for a thread never shown, or one whose first send never returned an id', () => {
    expect(threadStep(undefined, 1)).toEqual({ kind: 'send' });
    expect(threadStep(card({ activityId: undefined }), 3)).toEqual({ kind: 'send' });
  });

  it('updates only when there are more posts than the card shows, counting from the card’s start', () => {
    expect(threadStep(card(), 1)).toEqual({ kind: 'none' });
    expect(threadStep(card({ postsSeen: 4 }), 3)).toEqual({ kind: 'none' });
    expect(threadStep(card(), 4)).toEqual({ kind: 'update', newReplies: 3 });
    expect(threadStep(card({ postsAtStart: 5, postsSeen: 5 }), 6)).toEqual({ kind: 'update', newReplies: 1 });
  });
});
