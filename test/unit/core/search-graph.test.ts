// Finding an uncertain post without assuming Graph's order: page by page, as far as a bound, and
// "absent" only when the search has seen everything that could be the post (the last page, or
// Graph visibly keeping newest-first past the attempt's time). A bound reached first is unknown.
import { AppError } from '../../../src/core/errors';
import { MAX_SEARCH_PAGES, findConversationRow, firstPostOf, threadHasOwnPost } from '../../../src/core/search-graph';
import type { ConversationPage, ConversationSummary, GraphClient, PostSummary } from '../../../src/graph/graph-client';

const T0 = Date.parse('2026-12-01T12:00:00Z');
const ME = { id: 'me', displayName: 'Alex Wilber', address: 'alexw@contoso.test' };
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const row = (id: string, minutes: number | null): ConversationSummary => ({
  id,
  topic: `Topic ${id}`,
  preview: '',
  lastDeliveredDateTime: minutes === null ? null : at(minutes),
  uniqueSenders: ['Megan Bowen'],
  hasAttachments: false
});
const post = (id: string, minutes: number | null, sender = 'meganb@contoso.test', text = 'hi'): PostSummary => ({
  id,
  senderAddresses: [sender],
  createdDateTime: minutes === null ? null : at(minutes),
  body: { contentType: 'text', content: text }
});

/** A GraphClient over fixed pages; records which pages were asked for. */
function paged(pages: ConversationSummary[][], ordered: boolean, postPages: PostSummary[][] = []) {
  const asked: (string | undefined)[] = [];
  const link = (i: number) => `https://graph.microsoft.com/v1.0/next/${i}`;
  const pageOf = (page: string | undefined) => (page === undefined ? 0 : Number(page.split('/').pop()));
  const graph = {
    async listConversations(_t: string, _g: string, options: { page?: string } = {}): Promise<ConversationPage> {
      asked.push(options.page);
      const i = pageOf(options.page);
      return {
        conversations: pages[i] ?? [],
        orderedByDelivery: ordered,
        ...(i + 1 < pages.length ? { nextLink: link(i + 1) } : {})
      };
    },
    async listThreadPosts(_t: string, _g: string, _th: string, options: { page?: string } = {}) {
      asked.push(options.page);
      const i = pageOf(options.page);
      return { posts: postPages[i] ?? [], ...(i + 1 < postPages.length ? { nextLink: link(i + 1) } : {}) };
    }
  } as unknown as GraphClient;
  return { graph, asked };
}

const since = { since: T0 };
const is = (id: string) => async (c: ConversationSummary) => c.id === id;

describe('findConversationRow', () => {
  it('finds the row on a later page when Graph lists in no order', async () => {
    const { graph, asked } = paged(
      [[row('a', -300), row('b', 60)], [row('c', -10)], [row('mine', 1), row('d', 5)]],
      false
    );
    await expect(findConversationRow(graph, 't', 'g', since, is('mine'))).resolves.toMatchObject({ id: 'mine' });
    expect(asked).toHaveLength(3);
  });

  it('unordered: only the last page ends a search that found nothing', async () => {
    // The first page already holds rows far older than the attempt: meaningless without order.
    const { graph, asked } = paged([[row('a', -600)], [row('b', -700)], [row('c', 30)]], false);
    await expect(findConversationRow(graph, 't', 'g', since, is('none'))).resolves.toBeUndefined();
    expect(asked).toHaveLength(3);
  });

  it('ordered as asked and past the attempt (minus clock skew) → absent without reading further', async () => {
    const { graph, asked } = paged([[row('a', 90), row('b', 2), row('c', -6)], [row('mine', 1)]], true);
    await expect(findConversationRow(graph, 't', 'g', since, is('mine'))).resolves.toBeUndefined();
    expect(asked).toEqual([undefined]);
  });

  it('rows within the clock-skew margin do not end an ordered search', async () => {
    const { graph, asked } = paged([[row('a', 9), row('b', -4)], [row('mine', -4.5)]], true);
    await expect(findConversationRow(graph, 't', 'g', since, is('mine'))).resolves.toMatchObject({ id: 'mine' });
    expect(asked).toHaveLength(2);
  });

  it.each([
    ['a row out of order (Graph accepted $orderby and ignored it)', [row('a', -60), row('b', 30), row('c', -90)]],
    ['a row without a time', [row('a', 30), row('b', null), row('c', -90)]]
  ])('%s: the order is not trusted any more, the search goes on', async (_name, first) => {
    const { graph, asked } = paged([first, [row('mine', 2)]], true);
    await expect(findConversationRow(graph, 't', 'g', since, is('mine'))).resolves.toMatchObject({ id: 'mine' });
    expect(asked).toHaveLength(2);
  });

  it('out of order across pages counts too', async () => {
    const { graph, asked } = paged([[row('a', 30)], [row('b', 40), row('c', -90)], [row('mine', 2)]], true);
    await expect(findConversationRow(graph, 't', 'g', since, is('mine'))).resolves.toMatchObject({ id: 'mine' });
    expect(asked).toHaveLength(3);
  });

  it(`stops at ${MAX_SEARCH_PAGES} pages without an answer: post_status_unknown, never "absent"`, async () => {
    const pages = Array.from({ length: MAX_SEARCH_PAGES + 1 }, (_, i) => [row(`r${i}`, -i)]);
    pages[MAX_SEARCH_PAGES] = [row('mine', 1)];
    const { graph, asked } = paged(pages, false);
    const err = await findConversationRow(graph, 't', 'g', since, is('mine')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'post_status_unknown' });
    expect(asked).toHaveLength(MAX_SEARCH_PAGES);
  });

  it('an empty list is conclusive at once', async () => {
    const { graph, asked } = paged([[]], false);
    await expect(findConversationRow(graph, 't', 'g', since, is('x'))).resolves.toBeUndefined();
    expect(asked).toEqual([undefined]);
  });
});

describe('posts of a thread', () => {
  it('firstPostOf: the earliest post wherever Graph lists it; one without a time never beats one with', async () => {
    const { graph, asked } = paged([], false, [
      [post('late', 30), post('none', null)],
      [post('first', -5), post('mid', 2)]
    ]);
    await expect(firstPostOf(graph, 't', 'g', 'th')).resolves.toMatchObject({ id: 'first' });
    expect(asked).toHaveLength(2);
    const alone = paged([], false, [[post('none', null)]]);
    await expect(firstPostOf(alone.graph, 't', 'g', 'th')).resolves.toMatchObject({ id: 'none' });
  });

  it('threadHasOwnPost: found on a later page; absent only after the last one', async () => {
    const attempt = { me: ME, since: T0, body: 'Count me in' };
    const mine = post('mine', 1, 'AlexW@contoso.test', 'Count me in');
    const found = paged([], false, [[post('a', 3)], [post('b', -100), mine]]);
    await expect(threadHasOwnPost(found.graph, 't', 'g', 'th', attempt)).resolves.toBe(true);
    const absent = paged([], false, [[post('a', 3)], [post('b', -100)]]);
    await expect(threadHasOwnPost(absent.graph, 't', 'g', 'th', attempt)).resolves.toBe(false);
    expect(absent.asked).toHaveLength(2);
  });

  it(`a thread longer than ${MAX_SEARCH_PAGES} pages is unknown, not absent`, async () => {
    const pages = Array.from({ length: MAX_SEARCH_PAGES + 1 }, (_, i) => [post(`p${i}`, i)]);
    const { graph } = paged([], false, pages);
    const attempt = { me: ME, since: T0, body: 'Count me in' };
    await expect(threadHasOwnPost(graph, 't', 'g', 'th', attempt)).rejects.toMatchObject({
      code: 'post_status_unknown'
    });
    await expect(firstPostOf(graph, 't', 'g', 'th')).rejects.toMatchObject({ code: 'post_status_unknown' });
  });
});
