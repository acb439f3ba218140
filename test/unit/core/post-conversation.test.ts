// Posting one validated draft, exactly once, against a fake GraphClient that records every call.
import { AppError, GraphRequestError } from '../../../src/core/errors';
import { createRateLimiter } from '../../../src/core/rate-limiter';
import { createGroupDirectory } from '../../../src/core/group-directory';
import {
  buildConversationBody,
  postConversation,
  type PostConversationDeps
} from '../../../src/core/post-conversation';
import type { ValidDraft } from '../../../src/core/validate-draft';
import type {
  CreatedConversation,
  GraphClient,
  GroupSummary,
  NewConversationBody,
  ResolvedUser
} from '../../../src/graph/graph-client';
import type { PostedConversation } from '../../../src/storage/draft-ledger';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteDraftLedger } from '../../../src/storage/sqlite-draft-ledger';
import type { ConversationSummary } from '../../../src/graph/graph-client';
import { NO_FOLLOW_CALLS, NO_MAIL_SUBSCRIPTION_CALLS, NO_OUTLOOK_VISIBILITY_CALLS } from '../../helpers/graph-fakes';

const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const BOB_ID = 'b0b00000-0000-4000-8000-000000000b0b';
const CAROL_ID = 'ca801000-0000-4000-8000-00000000ca80';
const TOKEN = 'alice-graph-token';
const MARKETING: GroupSummary = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  displayName: 'Marketing',
  mail: 'marketing@contoso.test',
  visibility: 'Public'
};
const SALES: GroupSummary = {
  id: 'c0ffee00-0000-4000-8000-000000000002',
  displayName: 'sales',
  mail: null,
  visibility: 'Private'
};
const USERS: Record<string, ResolvedUser> = {
  [BOB_ID]: { id: BOB_ID, displayName: 'Bob Stone', address: 'Bob@Contoso.test' },
  [CAROL_ID]: { id: CAROL_ID, displayName: 'Carol Diaz', address: 'carol@contoso.test' }
};
const CREATED: CreatedConversation = { conversationId: 'AAQkAGConversation1=', threadId: 'AAQkAGThread1=' };

type Call =
  | ['listMyGroups', string]
  | ['getGroup', string, string]
  | ['resolveUsers', string, string[]]
  | ['createConversation', string, string, NewConversationBody];

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A GraphClient that records calls; `create` decides each createConversation answer. */
function fakeGraph(create: () => Promise<CreatedConversation> = async () => CREATED) {
  const calls: Call[] = [];
  const graph: GraphClient = {
    ...NO_FOLLOW_CALLS,
    ...NO_MAIL_SUBSCRIPTION_CALLS,
    ...NO_OUTLOOK_VISIBILITY_CALLS,
    async listMyGroups(token) {
      calls.push(['listMyGroups', token]);
      return [MARKETING, SALES];
    },
    async getGroup(token, groupId) {
      calls.push(['getGroup', token, groupId]);
      const group = [MARKETING, SALES].find((g) => g.id === groupId);
      if (!group)
        throw new GraphRequestError('group_not_found', { status: 404, graphCode: 'Request_ResourceNotFound' });
      return group;
    },
    async resolveUsers(token, userIds) {
      calls.push(['resolveUsers', token, [...userIds]]);
      return userIds.map((id) => USERS[id]);
    },
    async createConversation(token, groupId, body) {
      calls.push(['createConversation', token, groupId, body]);
      return create();
    },
    // Reconciliation reads: what the group's conversation list shows (tests put commits there).
    async getMe() {
      return { id: ALICE, displayName: 'Alice Wong', address: 'alice@contoso.test' };
    },
    async listConversations() {
      return { conversations: visible, orderedByDelivery: false };
    },
    async getConversationThreadId(_t, _g, conversationId) {
      return conversationId === CREATED.conversationId ? CREATED.threadId : `thread-of-${conversationId}`;
    },
    // The first post of each visible conversation says what `firstPosts` holds (default: the draft).
    async listThreadPosts(_t, _g, threadId) {
      calls.push(['listThreadPosts' as never, threadId] as never);
      const conversationId =
        threadId === CREATED.threadId ? CREATED.conversationId : threadId.replace('thread-of-', '');
      const html = firstPosts.get(conversationId) ?? 'Hello &lt;team&gt;,<br>see you &amp; bye';
      return {
        posts: [
          {
            id: 'p1',
            senderAddresses: ['alice@contoso.test'],
            createdDateTime: null,
            body: { contentType: 'html', content: `<html><body><div>${html}</div></body></html>` }
          }
        ]
      };
    },
    replyToThread: () => Promise.reject(new Error('not expected'))
  };
  const visible: ConversationSummary[] = [];
  const firstPosts = new Map<string, string>();
  const named = (name: Call[0] | 'listConversations') => calls.filter((c) => c[0] === name);
  return { graph, calls, named, visible, firstPosts };
}

function setup(create?: () => Promise<CreatedConversation>) {
  const fake = fakeGraph(create);
  const clock = { now: 1_000_000 };
  const ledger = createSqliteDraftLedger(openDatabase(undefined, 'test'));
  const deps: PostConversationDeps = {
    graph: fake.graph,
    groups: createGroupDirectory(fake.graph, () => clock.now),
    ledger,
    now: () => clock.now
  };
  return { ...fake, deps, ledger, clock };
}

const draft = (extra: Partial<ValidDraft> = {}): ValidDraft => ({
  draftId: 'd0000000-0000-4000-8000-000000000001',
  groupId: MARKETING.id,
  topic: 'Quarterly plan',
  body: 'Hello <team>,\nsee you & bye',
  participantIds: [BOB_ID],
  otherEmails: ['erin@fabrikam.test'],
  ...extra
});

const EXPECTED_POSTED: PostedConversation = {
  groupId: MARKETING.id,
  groupName: 'Marketing',
  conversationId: 'AAQkAGConversation1=',
  threadId: 'AAQkAGThread1=',
  topic: 'Quarterly plan',
  bodyPreview: 'Hello <team>, see you & bye',
  participants: [
    { displayName: 'Bob Stone', address: 'Bob@Contoso.test' },
    { displayName: 'erin@fabrikam.test', address: 'erin@fabrikam.test' }
  ],
  outlookUrl: 'https://outlook.office.com/mail/group/contoso.test/marketing/email'
};

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('postConversation', () => {
  it('posts the draft once, as the person, and records the outcome', async () => {
    const t = setup();

    const outcome = await postConversation(t.deps, ALICE, TOKEN, draft());

    expect(outcome).toEqual({ posted: EXPECTED_POSTED, repeated: false });
    expect(t.calls).toEqual([
      ['getGroup', TOKEN, MARKETING.id],
      ['resolveUsers', TOKEN, [BOB_ID]],
      [
        'createConversation',
        TOKEN,
        MARKETING.id,
        {
          topic: 'Quarterly plan',
          threads: [
            {
              posts: [
                {
                  body: { contentType: 'html', content: 'Hello &lt;team&gt;,<br>see you &amp; bye' },
                  newParticipants: [
                    { emailAddress: { name: 'Bob Stone', address: 'Bob@Contoso.test' } },
                    { emailAddress: { name: 'erin@fabrikam.test', address: 'erin@fabrikam.test' } }
                  ]
                }
              ]
            }
          ]
        }
      ]
    ]);
    // The ledger holds the outcome: a later submit of the same draft gets it back.
    await expect(postConversation(t.deps, ALICE, TOKEN, draft())).resolves.toEqual({
      posted: EXPECTED_POSTED,
      repeated: true
    });
  });

  it('answers a second submit of the same draft with the first outcome and calls Graph not at all', async () => {
    const t = setup();
    await postConversation(t.deps, ALICE, TOKEN, draft());
    const callsAfterFirst = t.calls.length;

    const again = await postConversation(t.deps, ALICE, TOKEN, draft({ topic: 'Edited topic' }));

    expect(again).toEqual({ posted: EXPECTED_POSTED, repeated: true });
    expect(t.calls).toHaveLength(callsAfterFirst);
    expect(t.named('createConversation')).toHaveLength(1);
  });

  it(
    'refuses a second submit while the first is still posting (draft_in_progress), ' + 'without calling Graph',
    async () => {
      const pending = deferred<CreatedConversation>();
      const t = setup(() => pending.promise);

      const first = postConversation(t.deps, ALICE, TOKEN, draft());
      await settle();
      expect(t.named('createConversation')).toHaveLength(1);
      const callsWhilePending = t.calls.length;

      const second = await postConversation(t.deps, ALICE, TOKEN, draft()).then(
        () => undefined,
        (e: unknown) => e
      );
      expect(second).toBeInstanceOf(AppError);
      expect((second as AppError).code).toBe('draft_in_progress');
      expect(t.calls).toHaveLength(callsWhilePending);

      pending.resolve(CREATED);
      await expect(first).resolves.toEqual({ posted: EXPECTED_POSTED, repeated: false });
      expect(t.named('createConversation')).toHaveLength(1);
    }
  );

  it('frees the draft when Graph definitely refused (403), so the next submit posts', async () => {
    const failure = new GraphRequestError('access_denied', { status: 403 });
    let attempt = 0;
    const t = setup(async () => {
      attempt += 1;
      if (attempt === 1) throw failure;
      return CREATED;
    });

    await expect(postConversation(t.deps, ALICE, TOKEN, draft())).rejects.toBe(failure);

    await expect(postConversation(t.deps, ALICE, TOKEN, draft())).resolves.toEqual({
      posted: EXPECTED_POSTED,
      repeated: false
    });
    expect(t.named('createConversation')).toHaveLength(2);
  });

  it(
    'a 503 on the create that did NOT commit: ' + 'status unknown, then Try again looks, finds nothing, posts once',
    async () => {
      let attempt = 0;
      const t = setup(async () => {
        attempt += 1;
        if (attempt === 1) throw new GraphRequestError('graph_unavailable', { status: 503 });
        return CREATED;
      });

      await expect(postConversation(t.deps, ALICE, TOKEN, draft())).rejects.toMatchObject({
        code: 'post_status_unknown'
      });
      expect((await t.deps.ledger.get(`${ALICE}:${draft().draftId}`))?.state).toBe('unknown');

      await expect(postConversation(t.deps, ALICE, TOKEN, draft())).resolves.toEqual({
        posted: EXPECTED_POSTED,
        repeated: false
      });
      expect(t.named('createConversation')).toHaveLength(2);
    }
  );

  it(
    'a 503 on the create that DID commit (lost response): ' + 'found in the group, confirmed, never posted twice',
    async () => {
      const t = setup(async () => {
        // Graph created it, then the answer was lost.
        t.visible.push({
          id: CREATED.conversationId,
          topic: 'Quarterly plan',
          preview: '',
          lastDeliveredDateTime: new Date(t.clock.now).toISOString(),
          uniqueSenders: ['Alice Wong'],
          hasAttachments: false
        });
        throw new GraphRequestError('graph_unavailable', { status: 504 });
      });

      await expect(postConversation(t.deps, ALICE, TOKEN, draft())).resolves.toEqual({
        posted: EXPECTED_POSTED,
        repeated: false
      });
      await expect(postConversation(t.deps, ALICE, TOKEN, draft())).resolves.toEqual({
        posted: EXPECTED_POSTED,
        repeated: true
      });
      expect(t.named('createConversation')).toHaveLength(1);
    }
  );

  it("reconciliation ignores someone else's conversation with the same topic, and older ones", async () => {
    let attempt = 0;
    const t = setup(async () => {
      attempt += 1;
      if (attempt === 1) throw new GraphRequestError('graph_unavailable', { status: 0 });
      return CREATED;
    });
    const at = (ms: number) => new Date(ms).toISOString();
    t.visible.push(
      {
        id: 'bobs',
        topic: 'Quarterly plan',
        preview: '',
        lastDeliveredDateTime: at(t.clock.now),
        uniqueSenders: ['Bob Stone'],
        hasAttachments: false
      },
      {
        id: 'old',
        topic: 'Quarterly plan',
        preview: '',
        lastDeliveredDateTime: at(t.clock.now - 3600_000),
        uniqueSenders: ['Alice Wong'],
        hasAttachments: false
      }
    );
    await expect(postConversation(t.deps, ALICE, TOKEN, draft())).rejects.toMatchObject({
      code: 'post_status_unknown'
    });
    await expect(postConversation(t.deps, ALICE, TOKEN, draft())).resolves.toMatchObject({
      repeated: false,
      posted: { conversationId: CREATED.conversationId }
    });
    expect(t.named('createConversation')).toHaveLength(2);
  });

  it("reconciliation ignores the person's earlier conversation with the same topic but other text", async () => {
    let attempt = 0;
    const t = setup(async () => {
      attempt += 1;
      if (attempt === 1) throw new GraphRequestError('graph_unavailable', { status: 504 });
      return CREATED;
    });
    t.visible.push({
      id: 'earlier',
      topic: 'Quarterly plan',
      preview: '',
      lastDeliveredDateTime: new Date(t.clock.now).toISOString(),
      uniqueSenders: ['Alice Wong'],
      hasAttachments: false
    });
    t.firstPosts.set('earlier', 'A different message');
    await expect(postConversation(t.deps, ALICE, TOKEN, draft())).rejects.toMatchObject({
      code: 'post_status_unknown'
    });
    await expect(postConversation(t.deps, ALICE, TOKEN, draft())).resolves.toMatchObject({
      repeated: false,
      posted: { conversationId: CREATED.conversationId }
    });
    expect(t.named('createConversation')).toHaveLength(2);
  });

  it(
    'within the grace after an uncertain write, not found is not yet absent: ' + 'Try again waits, then posts once',
    async () => {
      let attempt = 0;
      const t = setup(async () => {
        attempt += 1;
        if (attempt === 1) throw new GraphRequestError('graph_unavailable', { status: 504 });
        return CREATED;
      });
      const deps = { ...t.deps, reconcileGraceMs: 15_000 };
      const started = t.clock.now;
      await expect(postConversation(deps, ALICE, TOKEN, draft())).rejects.toMatchObject({
        code: 'post_status_unknown',
        retryAfterSeconds: 15
      });
      t.clock.now = started + 5_000;
      await expect(postConversation(deps, ALICE, TOKEN, draft())).rejects.toMatchObject({
        code: 'post_status_unknown',
        retryAfterSeconds: 10
      });
      // Pressing again did not move the attempt's time: the grace still ends 15 s after the first.
      t.clock.now = started + 14_000;
      await expect(postConversation(deps, ALICE, TOKEN, draft())).rejects.toMatchObject({ retryAfterSeconds: 1 });
      expect(t.named('createConversation')).toHaveLength(1);
      t.clock.now = started + 15_000;
      await expect(postConversation(deps, ALICE, TOKEN, draft())).resolves.toMatchObject({ repeated: false });
      expect(t.named('createConversation')).toHaveLength(2);
    }
  );

  it('a write that lands during the grace is found on the next press: confirmed, never posted twice', async () => {
    const t = setup(async () => {
      throw new GraphRequestError('graph_unavailable', { status: 504 });
    });
    const deps = { ...t.deps, reconcileGraceMs: 15_000 };
    await expect(postConversation(deps, ALICE, TOKEN, draft())).rejects.toMatchObject({ code: 'post_status_unknown' });
    // Exchange finishes committing a little later.
    t.visible.push({
      id: CREATED.conversationId,
      topic: 'Quarterly plan',
      preview: '',
      lastDeliveredDateTime: new Date(t.clock.now + 3_000).toISOString(),
      uniqueSenders: ['Alice Wong'],
      hasAttachments: false
    });
    t.clock.now += 4_000;
    await expect(postConversation(deps, ALICE, TOKEN, draft())).resolves.toEqual({
      posted: EXPECTED_POSTED,
      repeated: true
    });
    expect(t.named('createConversation')).toHaveLength(1);
  });

  it(
    'a process killed mid-post (pending left behind): ' + 'after restart the draft is in doubt and is looked for first',
    async () => {
      const t = setup();
      await t.deps.ledger.claim(`${ALICE}:${draft().draftId}`, ALICE, t.clock.now);
      t.visible.push({
        id: CREATED.conversationId,
        topic: 'Quarterly plan',
        preview: '',
        lastDeliveredDateTime: new Date(t.clock.now).toISOString(),
        uniqueSenders: ['Alice Wong'],
        hasAttachments: false
      });
      expect(await t.deps.ledger.recoverInterrupted()).toBe(1);

      await expect(postConversation(t.deps, ALICE, TOKEN, draft())).resolves.toEqual({
        posted: EXPECTED_POSTED,
        repeated: true
      });
      expect(t.named('createConversation')).toHaveLength(0);
    }
  );

  it('keeps no message body once posted: only its hash; a repeat with other text shows no preview', async () => {
    const t = setup();
    await postConversation(t.deps, ALICE, TOKEN, draft());
    const record = await t.deps.ledger.get(`${ALICE}:${draft().draftId}`);
    expect(JSON.stringify(record)).not.toContain('see you');
    expect(record).toMatchObject({ state: 'posted', posted: { bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const repeat = await postConversation(t.deps, ALICE, TOKEN, draft({ body: 'different text' }));
    expect(repeat).toMatchObject({ repeated: true, posted: { bodyPreview: '' } });
  });

  it('limits new posts per person (rate limit) without touching Graph, and frees the draft', async () => {
    const t = setup();
    const deps = { ...t.deps, rateLimiter: createRateLimiter({ limit: 1, windowMs: 60_000 }) };
    await postConversation(deps, ALICE, TOKEN, draft());
    const limited = draft({ draftId: 'd0000000-0000-4000-8000-000000000009' });
    await expect(postConversation(deps, ALICE, TOKEN, limited)).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 60
    });
    expect(t.named('createConversation')).toHaveLength(1);
    // A repeat of the posted draft is still answered; after the window the limited draft posts.
    await expect(postConversation(deps, ALICE, TOKEN, draft())).resolves.toMatchObject({ repeated: true });
    t.clock.now += 60_000;
    await expect(postConversation(deps, ALICE, TOKEN, limited)).resolves.toMatchObject({ repeated: false });
  });

  it('a rate-limited submit leaves no ledger row; a repeat of a posted draft stays free (issue 13)', async () => {
    const t = setup();
    const deps = { ...t.deps, rateLimiter: createRateLimiter({ limit: 1, windowMs: 60_000 }) };
    await postConversation(deps, ALICE, TOKEN, draft());
    const limited = draft({ draftId: 'd0000000-0000-4000-8000-000000000009' });
    await expect(postConversation(deps, ALICE, TOKEN, limited)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await t.ledger.get(`${ALICE}:${limited.draftId}`)).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      await expect(postConversation(deps, ALICE, TOKEN, draft())).resolves.toMatchObject({ repeated: true });
    }
  });

  it('a submit refused before Graph creates anything (unknown group) leaves no ledger row (issue 13)', async () => {
    const t = setup();
    const missing = draft({ groupId: 'c0ffee00-0000-4000-8000-0000000000ff' });
    await expect(postConversation(t.deps, ALICE, TOKEN, missing)).rejects.toMatchObject({ code: 'group_not_found' });
    expect(await t.ledger.get(`${ALICE}:${missing.draftId}`)).toBeUndefined();
  });

  it('a second press while the first is still posting is not charged to the limit (issue 13)', async () => {
    const create = deferred<CreatedConversation>();
    const t = setup(() => create.promise);
    const deps = { ...t.deps, rateLimiter: createRateLimiter({ limit: 2, windowMs: 60_000 }) };
    const first = postConversation(deps, ALICE, TOKEN, draft());
    await settle();
    await expect(postConversation(deps, ALICE, TOKEN, draft())).rejects.toMatchObject({ code: 'draft_in_progress' });
    create.resolve(CREATED);
    await first;
    // The one allowance left is still there for another draft.
    await expect(
      postConversation(deps, ALICE, TOKEN, draft({ draftId: 'd0000000-0000-4000-8000-000000000002' }))
    ).resolves.toMatchObject({ repeated: false });
  });

  it('releases the draft when the group cannot be read, before anything is created', async () => {
    const t = setup();
    const missing = draft({ groupId: 'c0ffee00-0000-4000-8000-0000000000ff' });

    const err = await postConversation(t.deps, ALICE, TOKEN, missing).then(
      () => undefined,
      (e: unknown) => e as AppError
    );

    expect(err?.code).toBe('group_not_found');
    expect(t.named('createConversation')).toHaveLength(0);
    // Same form, another group picked: posts (the failed attempt left no claim behind).
    await expect(postConversation(t.deps, ALICE, TOKEN, { ...missing, groupId: MARKETING.id })).resolves.toMatchObject({
      repeated: false
    });
    expect(t.named('createConversation')).toHaveLength(1);
  });

  it(
    'drops other emails that a picked participant already has, ' + 'ignoring case, and duplicates among people',
    async () => {
      const t = setup();

      const { posted } = await postConversation(
        t.deps,
        ALICE,
        TOKEN,
        draft({
          participantIds: [BOB_ID, CAROL_ID],
          otherEmails: ['bob@contoso.TEST', 'erin@fabrikam.test', 'CAROL@contoso.test']
        })
      );

      expect(posted.participants).toEqual([
        { displayName: 'Bob Stone', address: 'Bob@Contoso.test' },
        { displayName: 'Carol Diaz', address: 'carol@contoso.test' },
        { displayName: 'erin@fabrikam.test', address: 'erin@fabrikam.test' }
      ]);
      const body = t.named('createConversation')[0][3] as NewConversationBody;
      expect(body.threads![0].posts![0].newParticipants!.map((p) => p.emailAddress!.address)).toEqual([
        'Bob@Contoso.test',
        'carol@contoso.test',
        'erin@fabrikam.test'
      ]);
    }
  );

  it('sends no newParticipants when nobody is added, and gives no Outlook link for a group without mail', async () => {
    const t = setup();

    const { posted } = await postConversation(
      t.deps,
      ALICE,
      TOKEN,
      draft({ groupId: SALES.id, participantIds: [], otherEmails: [] })
    );

    expect(posted.participants).toEqual([]);
    expect(posted.groupName).toBe('sales');
    expect(posted.outlookUrl).toBeUndefined();
    const post = (t.named('createConversation')[0][3] as NewConversationBody).threads![0].posts![0];
    expect(Object.keys(post)).toEqual(['body']);
  });

  it("does not hand one person the outcome of another person's submit of the same form (channel forms)", async () => {
    // In a channel every member sees the same form, so Bob can press Post on the draftId Alice posted.
    const t = setup();
    await postConversation(t.deps, ALICE, TOKEN, draft());

    const bobs = await postConversation(
      t.deps,
      BOB_ID,
      'bob-graph-token',
      draft({ topic: "Bob's topic", participantIds: [], otherEmails: [] })
    );

    expect(bobs.repeated).toBe(false);
    expect(bobs.posted.topic).toBe("Bob's topic");
    expect(t.named('createConversation').map((c) => c[1])).toEqual([TOKEN, 'bob-graph-token']);
  });
});

describe('postConversation: the group name', () => {
  it('comes from the directory listed for the form, without a getGroup call', async () => {
    const t = setup();
    await t.deps.groups.listForUser(TOKEN, ALICE);

    const { posted } = await postConversation(t.deps, ALICE, TOKEN, draft());

    expect(posted.groupName).toBe('Marketing');
    expect(t.named('getGroup')).toHaveLength(0);
    expect(t.named('listMyGroups')).toHaveLength(1);
  });

  it('matches the listed group whatever the case of its id', async () => {
    const t = setup();
    await t.deps.groups.listForUser(TOKEN, ALICE);
    await expect(t.deps.groups.describe(TOKEN, ALICE, MARKETING.id.toUpperCase())).resolves.toEqual(MARKETING);
    expect(t.named('getGroup')).toHaveLength(0);
  });

  it('is read with getGroup on a miss, and remembered after', async () => {
    const t = setup();

    await postConversation(t.deps, ALICE, TOKEN, draft());
    await postConversation(t.deps, ALICE, TOKEN, draft({ draftId: 'd0000000-0000-4000-8000-000000000002' }));

    expect(t.named('getGroup')).toEqual([['getGroup', TOKEN, MARKETING.id]]);
    expect(t.named('createConversation')).toHaveLength(2);
  });

  it("is remembered per person: another person's miss asks Graph with their token", async () => {
    const t = setup();
    await t.deps.groups.listForUser(TOKEN, ALICE);

    await postConversation(
      t.deps,
      BOB_ID,
      'bob-graph-token',
      draft({ draftId: 'd0000000-0000-4000-8000-000000000003' })
    );

    expect(t.named('getGroup')).toEqual([['getGroup', 'bob-graph-token', MARKETING.id]]);
  });

  it('is read again once the directory entry is older than 15 minutes', async () => {
    const t = setup();
    await t.deps.groups.listForUser(TOKEN, ALICE);
    t.clock.now += 15 * 60_000 - 1;
    await postConversation(t.deps, ALICE, TOKEN, draft());
    expect(t.named('getGroup')).toHaveLength(0);

    t.clock.now += 1;
    await postConversation(t.deps, ALICE, TOKEN, draft({ draftId: 'd0000000-0000-4000-8000-000000000002' }));
    expect(t.named('getGroup')).toHaveLength(1);
  });
});

describe('buildConversationBody', () => {
  it('builds exactly one thread with one HTML post and its new participants', () => {
    expect(
      buildConversationBody({ topic: 'Plan', body: 'a\r\nb' }, [
        { displayName: 'Bob Stone', address: 'bob@contoso.test' },
        { displayName: 'erin@fabrikam.test', address: 'erin@fabrikam.test' }
      ])
    ).toStrictEqual({
      topic: 'Plan',
      threads: [
        {
          posts: [
            {
              body: { contentType: 'html', content: 'a<br>b' },
              newParticipants: [
                { emailAddress: { name: 'Bob Stone', address: 'bob@contoso.test' } },
                { emailAddress: { name: 'erin@fabrikam.test', address: 'erin@fabrikam.test' } }
              ]
            }
          ]
        }
      ]
    });
  });

  it('omits newParticipants entirely when there are none', () => {
    const body = buildConversationBody({ topic: 'Plan', body: '<b>' }, []);
    expect(body).toStrictEqual({
      topic: 'Plan',
      threads: [{ posts: [{ body: { contentType: 'html', content: '&lt;b&gt;' } }] }]
    });
    expect(JSON.stringify(body)).not.toContain('newParticipants');
  });
});
