// Sending one validated reply, exactly once per form and person, against a fake GraphClient.
import { GraphRequestError } from '../../../src/core/errors';
import { postReply, type PostReplyDeps } from '../../../src/core/post-reply';
import type { ValidReply } from '../../../src/core/validate-reply';
import type { GraphClient, PostSummary, ReplyBody } from '../../../src/graph/graph-client';
import { openDatabase } from '../../../src/storage/open-database';
import { createSqliteDraftLedger } from '../../../src/storage/sqlite-draft-ledger';
import { NO_FOLLOW_CALLS, NO_MAIL_SUBSCRIPTION_CALLS, NO_OUTLOOK_VISIBILITY_CALLS } from '../../helpers/graph-fakes';

const ALICE = 'a11ce000-0000-4000-8000-00000000a11c';
const BOB = 'b0b00000-0000-4000-8000-000000000b0b';
const GROUP_ID = 'c0ffee00-0000-4000-8000-000000000001';
const REPLY: ValidReply = {
  draftId: 'd0000000-0000-4000-8000-00000000000a',
  groupId: GROUP_ID,
  conversationId: 'AAQkConv=',
  threadId: 'AAQkThread=',
  topic: 'Launch plan',
  body: 'Thanks <all>\nsee you',
  participantIds: [BOB],
  otherEmails: ['bob@contoso.test', 'x@fabrikam.test']
};

function setup(reply: () => Promise<void> = async () => undefined) {
  const calls: unknown[][] = [];
  const graph: GraphClient = {
    ...NO_FOLLOW_CALLS,
    ...NO_MAIL_SUBSCRIPTION_CALLS,
    ...NO_OUTLOOK_VISIBILITY_CALLS,
    listMyGroups: () => Promise.reject(new Error('not expected')),
    getGroup: () => Promise.reject(new Error('not expected')),
    createConversation: () => Promise.reject(new Error('not expected')),
    listConversations: () => Promise.reject(new Error('not expected')),
    async resolveUsers(token, ids) {
      calls.push(['resolveUsers', token, [...ids]]);
      return ids.map((id) => ({ id, displayName: 'Bob Stone', address: 'Bob@contoso.test' }));
    },
    async getConversationThreadId(token, groupId, conversationId) {
      calls.push(['getConversationThreadId', token, groupId, conversationId]);
      return 'AAQkFound=';
    },
    async replyToThread(token, groupId, threadId, body: ReplyBody) {
      calls.push(['replyToThread', token, groupId, threadId, body]);
      return reply();
    },
    // Reconciliation reads: the thread's posts (tests put committed replies there).
    async getMe() {
      return { id: ALICE, displayName: 'Alice Wong', address: 'alice@contoso.test' };
    },
    async listThreadPosts(token, groupId, threadId) {
      calls.push(['listThreadPosts', token, groupId, threadId]);
      return { posts: threadPosts };
    }
  };
  const threadPosts: PostSummary[] = [];
  const ledger = createSqliteDraftLedger(openDatabase(undefined, 'test'));
  const deps: PostReplyDeps = { graph, ledger, now: () => 1_000 };
  return { deps, calls, ledger, threadPosts };
}

describe('postReply', () => {
  it('resolves the people, merges typed addresses (no duplicates), and replies with escaped HTML', async () => {
    const { deps, calls } = setup();
    const outcome = await postReply(deps, ALICE, 'tok', REPLY);
    expect(calls).toEqual([
      ['resolveUsers', 'tok', [BOB]],
      [
        'replyToThread',
        'tok',
        GROUP_ID,
        'AAQkThread=',
        {
          post: {
            body: { contentType: 'html', content: 'Thanks &lt;all&gt;<br>see you' },
            newParticipants: [
              { emailAddress: { name: 'Bob Stone', address: 'Bob@contoso.test' } },
              { emailAddress: { name: 'x@fabrikam.test', address: 'x@fabrikam.test' } }
            ]
          }
        }
      ]
    ]);
    expect(outcome).toEqual({
      repeated: false,
      posted: {
        groupId: GROUP_ID,
        groupName: '',
        conversationId: 'AAQkConv=',
        threadId: 'AAQkThread=',
        topic: 'Launch plan',
        bodyPreview: 'Thanks <all> see you',
        participants: [
          { displayName: 'Bob Stone', address: 'Bob@contoso.test' },
          { displayName: 'x@fabrikam.test', address: 'x@fabrikam.test' }
        ]
      }
    });
  });

  it('no people: the post has no newParticipants', async () => {
    const { deps, calls } = setup();
    await postReply(deps, ALICE, 'tok', { ...REPLY, participantIds: [], otherEmails: [] });
    const body = calls.at(-1)?.[4] as ReplyBody | undefined;
    expect(body?.post).toEqual({ body: { contentType: 'html', content: 'Thanks &lt;all&gt;<br>see you' } });
  });

  it('looks the thread up when the form did not know it', async () => {
    const { deps, calls } = setup();
    const outcome = await postReply(deps, ALICE, 'tok', { ...REPLY, threadId: undefined });
    expect(calls[0]).toEqual(['getConversationThreadId', 'tok', GROUP_ID, 'AAQkConv=']);
    expect(calls.at(-1)?.[3]).toBe('AAQkFound=');
    expect(outcome.posted.threadId).toBe('AAQkFound=');
  });

  it('the same form twice: the second answer is the first outcome, nothing sent again', async () => {
    const { deps, calls } = setup();
    const first = await postReply(deps, ALICE, 'tok', REPLY);
    const second = await postReply(deps, ALICE, 'tok', REPLY);
    expect(second).toEqual({ posted: first.posted, repeated: true });
    expect(calls.filter((c) => c[0] === 'replyToThread')).toHaveLength(1);
  });

  it('per person: someone else pressing Post on the same form replies as themselves', async () => {
    const { deps, calls } = setup();
    await postReply(deps, ALICE, 'alice-tok', REPLY);
    await postReply(deps, BOB, 'bob-tok', REPLY);
    expect(calls.filter((c) => c[0] === 'replyToThread').map((c) => c[1])).toEqual(['alice-tok', 'bob-tok']);
  });

  it('reply drafts are apart from conversation drafts with the same id', async () => {
    const { deps, calls, ledger } = setup();
    await ledger.claim(`${ALICE}:${REPLY.draftId}`, ALICE, 1);
    await ledger.markPosted(`${ALICE}:${REPLY.draftId}`, {
      groupId: GROUP_ID,
      groupName: 'M',
      conversationId: 'other',
      threadId: 'other',
      topic: 'x',
      bodySha256: '00',
      participants: []
    });
    expect((await postReply(deps, ALICE, 'tok', REPLY)).repeated).toBe(false);
    expect(calls.filter((c) => c[0] === 'replyToThread')).toHaveLength(1);
  });

  it('a failed reply releases the form: Try again sends it', async () => {
    let fail = true;
    const { deps, calls } = setup(async () => {
      if (fail) throw new GraphRequestError('throttled', { status: 429, retryAfterSeconds: 2 });
    });
    await expect(postReply(deps, ALICE, 'tok', REPLY)).rejects.toMatchObject({ code: 'throttled' });
    fail = false;
    expect((await postReply(deps, ALICE, 'tok', REPLY)).repeated).toBe(false);
    expect(calls.filter((c) => c[0] === 'replyToThread')).toHaveLength(2);
  });

  it('while the first press is still sending, a second one is told to wait', async () => {
    let release!: () => void;
    const { deps } = setup(() => new Promise<void>((r) => (release = r)));
    const first = postReply(deps, ALICE, 'tok', REPLY);
    await new Promise((r) => setImmediate(r));
    await expect(postReply(deps, ALICE, 'tok', REPLY)).rejects.toEqual(
      expect.objectContaining({ code: 'draft_in_progress' })
    );
    release();
    await expect(first).resolves.toMatchObject({ repeated: false });
  });

  it('a reply whose answer was lost (504 after commit) is found among the thread posts: never sent twice', async () => {
    const { deps, calls, threadPosts } = setup(async () => {
      threadPosts.push({
        id: 'p2',
        senderAddresses: ['Alice@Contoso.test'],
        createdDateTime: new Date(1_000).toISOString()
      });
      throw new GraphRequestError('graph_unavailable', { status: 504 });
    });
    await expect(postReply(deps, ALICE, 'tok', REPLY)).resolves.toMatchObject({ repeated: false });
    await expect(postReply(deps, ALICE, 'tok', REPLY)).resolves.toMatchObject({ repeated: true });
    expect(calls.filter((c) => c[0] === 'replyToThread')).toHaveLength(1);
  });

  it.each([
    ["sender is the person, from the group (Graph's example)", ['alice@contoso.test', 'marketing@contoso.test']],
    ['sender someone sending for them, from the person', ['assistant@contoso.test', 'alice@contoso.test']]
  ])('a lost reply is found whichever of its addresses is the person: %s', async (_case, senderAddresses) => {
    const { deps, calls, threadPosts } = setup(async () => {
      threadPosts.push({ id: 'p2', senderAddresses, createdDateTime: new Date(1_000).toISOString() });
      throw new GraphRequestError('graph_unavailable', { status: 504 });
    });
    await expect(postReply(deps, ALICE, 'tok', REPLY)).resolves.toMatchObject({ repeated: false });
    expect(calls.filter((c) => c[0] === 'replyToThread')).toHaveLength(1);
  });

  it("reconciliation ignores the person's own earlier post in the thread that says something else", async () => {
    let fail = true;
    const { deps, calls, threadPosts } = setup(async () => {
      if (fail) throw new GraphRequestError('graph_unavailable', { status: 504 });
    });
    threadPosts.push({
      id: 'p1',
      senderAddresses: ['alice@contoso.test'],
      createdDateTime: new Date(1_000).toISOString(),
      body: { contentType: 'html', content: '<div>My earlier reply</div>' }
    });
    await expect(postReply(deps, ALICE, 'tok', REPLY)).rejects.toMatchObject({ code: 'post_status_unknown' });
    fail = false;
    await expect(postReply(deps, ALICE, 'tok', REPLY)).resolves.toMatchObject({ repeated: false });
    expect(calls.filter((c) => c[0] === 'replyToThread')).toHaveLength(2);
  });

  it('a reply that timed out without committing: status unknown, then Try again looks and sends it once', async () => {
    let fail = true;
    const { deps, calls } = setup(async () => {
      if (fail) throw new GraphRequestError('graph_unavailable', { status: 0 });
    });
    await expect(postReply(deps, ALICE, 'tok', REPLY)).rejects.toMatchObject({ code: 'post_status_unknown' });
    fail = false;
    await expect(postReply(deps, ALICE, 'tok', REPLY)).resolves.toMatchObject({ repeated: false });
    expect(calls.filter((c) => c[0] === 'replyToThread')).toHaveLength(2);
    expect(calls.filter((c) => c[0] === 'listThreadPosts').length).toBeGreaterThanOrEqual(2);
  });
});
