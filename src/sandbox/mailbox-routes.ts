// Group mailbox routes (Outlook behind Graph): create a conversation, reply to a thread, and read
// conversations, threads and posts back. Posts are stored with `from` = the caller, because Graph
// posts as the signed-in person; that is what lets tests prove the bot never posts as anyone else.
import { mailboxListPage, type MailboxList } from './mailbox-list';
import { allowOptions, parseSelect, project } from './odata-query';
import { contextUrl, openMailbox, selectSuffix, type GraphContext, type GraphRoute } from './graph-route';
import { readJsonBody, type RouteResult } from './sandbox-http';
import type { ConversationRow, GroupRow, PostRow, SandboxStore, ThreadRow } from './sandbox-store';
import { validateNewConversation, validateReply } from './validate-conversation';
import { itemNotFound as notFound, writeConversation, writeReply } from './mailbox-writes';

export { mintId } from './mailbox-writes';

const CONVERSATION_PROPS = ['id', 'topic', 'hasAttachments', 'lastDeliveredDateTime', 'uniqueSenders', 'preview'];
const THREAD_PROPS = [...CONVERSATION_PROPS, 'toRecipients', 'ccRecipients', 'isLocked'];
// Graph's post properties (what postJson answers): `$select` on a thread's posts is how the bot
// reconciles a reply whose answer was lost.
const POST_PROPS = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'hasAttachments',
  'body',
  'from',
  'sender',
  'newParticipants',
  'conversationThreadId',
  'conversationId'
];
const PREVIEW_CHARS = 255;

/** A plain-text summary of the latest post, as Graph's `preview`. */
export function previewOf(post: PostRow | undefined): string {
  if (!post) return '';
  // Only the start is previewed: a long body is cut before it is read (its markup could be many times
  // the preview, so a generous bound).
  let text = post.body.content.slice(0, PREVIEW_SOURCE_CHARS);
  if (post.body.contentType === 'html') {
    text = stripTagsForPreview(text)
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_CHARS);
}

const PREVIEW_SOURCE_CHARS = 64_000;
const BLOCK_TAG = /^<\/?(p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|pre|hr)\b/i;
const DROPPED = /^<(script|style)\b/i;

/**
 * Tags out, in one pass with index searches (a regex such as /<[^>]*>/g rescans the rest from every
 * '<' without a '>': seconds on 100 KB): blocks separate words, inline tags do not, and a script or
 * style element goes with its content.
 */
function stripTagsForPreview(html: string): string {
  // A name once found unclosed has no closing tag further on either: it is not looked for again.
  const unclosed = new Set<string>();
  let out = '';
  let at = 0;
  for (;;) {
    const open = html.indexOf('<', at);
    const close = open < 0 ? -1 : html.indexOf('>', open + 1);
    if (close < 0) break;
    const tag = html.slice(open, close + 1);
    out += html.slice(at, open);
    at = close + 1;
    const name = DROPPED.exec(tag)?.[1]?.toLowerCase();
    const closing = name && !unclosed.has(name) ? new RegExp(`</${name}>`, 'gi') : undefined;
    if (closing) closing.lastIndex = at;
    const end = closing?.exec(html);
    if (name && !end) unclosed.add(name);
    if (end) {
      out += ' ';
      at = end.index + end[0].length;
    } else out += BLOCK_TAG.test(tag) ? ' ' : '';
  }
  return out + html.slice(at);
}

function summary(store: SandboxStore, row: ConversationRow, posts: PostRow[]) {
  const names = new Map<string, string>();
  for (const p of posts) if (!names.has(p.from)) names.set(p.from, store.getUser(p.from)?.displayName ?? p.from);
  const latest = posts.reduce<PostRow | undefined>(
    (a, p) => (a === undefined || p.createdDateTime >= a.createdDateTime ? p : a),
    undefined
  );
  return {
    id: row.id,
    topic: row.topic,
    hasAttachments: false,
    lastDeliveredDateTime: row.lastDeliveredDateTime,
    uniqueSenders: [...names.values()],
    preview: previewOf(latest)
  };
}

function conversationJson(store: SandboxStore, row: ConversationRow) {
  const posts = store.threadsOfConversation(row.id).flatMap((t) => store.postsOfThread(t.id));
  return summary(store, row, posts);
}

function threadJson(store: SandboxStore, group: GroupRow, row: ThreadRow) {
  const groupAddress = { emailAddress: { name: group.displayName, address: group.mail } };
  return {
    ...summary(store, row, store.postsOfThread(row.id)),
    toRecipients: [groupAddress],
    ccRecipients: [],
    isLocked: false
  };
}

/**
 * As Graph answers a group's posts (conversationthread-list-posts.md): `from` is the group the
 * post was delivered to, `sender` the person who wrote it. A bot that reads only `from` finds
 * nobody's post.
 */
function postJson(store: SandboxStore, group: GroupRow, p: PostRow) {
  const person = store.getUser(p.from);
  const sender = {
    emailAddress: { name: person?.displayName ?? p.from, address: person?.mail ?? person?.userPrincipalName ?? null }
  };
  const from = { emailAddress: { name: group.displayName, address: group.mail } };
  const changeKey = Buffer.from(p.id.slice(-12)).toString('base64');
  return {
    '@odata.etag': `W/"${changeKey}"`,
    id: p.id,
    createdDateTime: p.createdDateTime,
    lastModifiedDateTime: p.createdDateTime,
    changeKey,
    categories: [],
    receivedDateTime: p.createdDateTime,
    hasAttachments: false,
    body: p.body,
    from,
    sender,
    newParticipants: p.newParticipants,
    conversationThreadId: p.threadId,
    conversationId: p.conversationId
  };
}

const byId = (row: { id: string }) => row.id;
const delivered = (row: ConversationRow) => row.lastDeliveredDateTime;

/** A conversation or thread list: ordered, filtered and paged as the config says (./mailbox-list). */
function threadsOrConversations<T extends ConversationRow>(
  ctx: GraphContext,
  list: MailboxList,
  fragment: string,
  rows: T[],
  toJson: (row: T) => Record<string, unknown>
): RouteResult {
  const conversations = list === 'conversations';
  return mailboxListPage(ctx, {
    list,
    fragment,
    rows,
    idOf: byId,
    timeOf: delivered,
    toJson,
    props: conversations ? CONVERSATION_PROPS : THREAD_PROPS,
    typeName: conversations ? 'microsoft.graph.conversation' : 'microsoft.graph.conversationThread'
  });
}

async function createConversation(ctx: GraphContext): Promise<RouteResult> {
  const group = openMailbox(ctx, ctx.params[0] as string);
  allowOptions(ctx.query.params, []);
  const input = validateNewConversation(await readJsonBody(ctx.req));
  const { conversationId, threads } = writeConversation(ctx, group, input);
  const row = ctx.store.getConversation(group.id, conversationId) as ConversationRow;
  const base = `${ctx.serviceRoot}/groups('${group.id}')/conversations('${conversationId}')`;
  return {
    status: 201,
    headers: { Location: base },
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `groups('${group.id}')/conversations/$entity`),
      ...conversationJson(ctx.store, row),
      'threads@odata.context': contextUrl(
        ctx.serviceRoot,
        `groups('${group.id}')/conversations('${conversationId}')/threads`
      ),
      threads: threads.map((t) => ({ id: t.id }))
    }
  };
}

async function replyToThread(ctx: GraphContext): Promise<RouteResult> {
  const group = openMailbox(ctx, ctx.params[0] as string);
  allowOptions(ctx.query.params, []);
  // The thread first: an unknown thread is 404 whatever the body, as before
  if (!ctx.store.getThread(group.id, ctx.params[1] as string)) throw notFound();
  writeReply(ctx, group, ctx.params[1] as string, validateReply(await readJsonBody(ctx.req)));
  return { status: 202 }; // Accepted, empty body, as Graph answers a reply
}

function getOne<T>(
  ctx: GraphContext,
  find: (group: GroupRow) => T | undefined,
  fragment: (group: GroupRow) => string,
  toJson: (g: GroupRow, item: T) => object,
  props: string[],
  typeName: string
): RouteResult {
  const group = openMailbox(ctx, ctx.params[0] as string);
  allowOptions(ctx.query.params, ['$select']);
  const select = parseSelect(ctx.query.params, props, typeName);
  const item = find(group);
  if (item === undefined) throw notFound();
  return {
    status: 200,
    body: {
      '@odata.context': contextUrl(ctx.serviceRoot, `${fragment(group)}${selectSuffix(select)}/$entity`),
      ...project(toJson(group, item), select)
    }
  };
}

const G = '\\/groups\\/([^/]+)';
const route = (method: 'GET' | 'POST', path: string, name: string, handle: GraphRoute['handle']): GraphRoute => ({
  method,
  pattern: new RegExp(`^${G}${path}$`, 'i'),
  name,
  mailbox: true,
  handle
});
const inGroup = (g: GroupRow, rest: string) => `groups('${g.id}')/${rest}`;

export const mailboxRoutes: GraphRoute[] = [
  route('POST', '\\/conversations', 'POST /groups/{id}/conversations', createConversation),
  route('GET', '\\/conversations', 'GET /groups/{id}/conversations', (ctx) => {
    const group = openMailbox(ctx, ctx.params[0] as string);
    return threadsOrConversations(
      ctx,
      'conversations',
      inGroup(group, 'conversations'),
      ctx.store.listConversations(group.id),
      (r) => conversationJson(ctx.store, r)
    );
  }),
  route('GET', '\\/conversations\\/([^/]+)', 'GET /groups/{id}/conversations/{id}', (ctx) =>
    getOne(
      ctx,
      (g) => ctx.store.getConversation(g.id, ctx.params[1] as string),
      (g) => inGroup(g, 'conversations'),
      (_g, row) => conversationJson(ctx.store, row),
      CONVERSATION_PROPS,
      'microsoft.graph.conversation'
    )
  ),
  route('GET', '\\/conversations\\/([^/]+)\\/threads', 'GET /groups/{id}/conversations/{id}/threads', (ctx) => {
    const group = openMailbox(ctx, ctx.params[0] as string);
    if (!ctx.store.getConversation(group.id, ctx.params[1] as string)) throw notFound();
    return threadsOrConversations(
      ctx,
      'conversationThreads',
      inGroup(group, `conversations('${ctx.params[1]}')/threads`),
      ctx.store.threadsOfConversation(ctx.params[1] as string),
      (r) => threadJson(ctx.store, group, r)
    );
  }),
  route('GET', '\\/threads', 'GET /groups/{id}/threads', (ctx) => {
    const group = openMailbox(ctx, ctx.params[0] as string);
    return threadsOrConversations(
      ctx,
      'groupThreads',
      inGroup(group, 'threads'),
      ctx.store.listThreads(group.id),
      (r) => threadJson(ctx.store, group, r)
    );
  }),
  route('GET', '\\/threads\\/([^/]+)', 'GET /groups/{id}/threads/{id}', (ctx) =>
    getOne(
      ctx,
      (g) => ctx.store.getThread(g.id, ctx.params[1] as string),
      (g) => inGroup(g, 'threads'),
      (g, row) => threadJson(ctx.store, g, row),
      THREAD_PROPS,
      'microsoft.graph.conversationThread'
    )
  ),
  route('GET', '\\/threads\\/([^/]+)\\/posts', 'GET /groups/{id}/threads/{id}/posts', (ctx) => {
    const group = openMailbox(ctx, ctx.params[0] as string);
    const thread = ctx.store.getThread(group.id, ctx.params[1] as string);
    if (!thread) throw notFound();
    return mailboxListPage<PostRow>(ctx, {
      list: 'posts',
      fragment: inGroup(group, `threads('${thread.id}')/posts`),
      rows: ctx.store.postsOfThread(thread.id),
      idOf: byId,
      timeOf: (p) => p.createdDateTime,
      toJson: (p) => postJson(ctx.store, group, p),
      props: POST_PROPS,
      typeName: 'microsoft.graph.post'
    });
  }),
  route('POST', '\\/threads\\/([^/]+)\\/reply', 'POST /groups/{id}/threads/{id}/reply', replyToThread)
];
