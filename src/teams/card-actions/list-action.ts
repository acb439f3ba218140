// A page of a group's conversations, five to a card, each with Reply: `More`, `Try again` and
// the group picker's `Show conversations` (data {groupId, cursor?}). `list` opens the first page.
import { buildListCard, buildNoticeCard, type AdaptiveCard } from '../../cards';
import { parseListRequest } from '../../core/conversation-ref';
import { describeError } from '../../core/describe-error';
import { formatWhen } from '../../core/format-when';
import type { GroupSummary } from '../../graph/graph-client';
import type { Handler } from '../app/outcome';
import type { Turn } from '../app/turn';
import { runAsThePerson } from './run-as-the-person';
import { notice } from '../../core/words';

const PAGE_SIZE = 5;

/** listConversations: a page of the group's conversations. */
export const showConversations: Handler = async (turn) => {
  const request = parseListRequest(turn.data);
  if (!request) {
    turn.log.info('list request failed validation');
    return { kind: 'card', result: 'invalid', card: buildNoticeCard(notice('notice.pickGroup')) };
  }
  return runAsThePerson(turn, {
    what: 'list',
    // The group's name is not known without Graph: the banner and Try again say enough.
    retryCard: (err) =>
      buildListCard({
        groupId: request.groupId,
        groupName: '',
        conversations: [],
        cursor: request.cursor,
        error: describeError(err, 'list')
      }),
    failure: { message: 'could not list conversations', fields: { groupId: request.groupId } },
    run: async (token) => ({
      card: await conversationsCard(turn, token, request.groupId, { cursor: request.cursor }),
      result: 'shown'
    })
  });
};

/** One page of the group's conversations; `known` saves a lookup when the group was just listed. */
export async function conversationsCard(
  turn: Turn,
  token: string,
  groupId: string,
  page: { known?: GroupSummary; cursor?: string } = {}
): Promise<AdaptiveCard> {
  const { deps, person, clock } = turn;
  // The name usually comes from the directory's cache (the person's groups were just listed).
  const [group, found] = await Promise.all([
    page.known ?? deps.groups.describe(token, person.aadObjectId, groupId),
    deps.graph.listConversations(token, groupId, { top: PAGE_SIZE, cursor: page.cursor })
  ]);
  return buildListCard({
    groupId,
    groupName: group.displayName,
    cursor: page.cursor,
    nextCursor: found.cursor,
    conversations: found.conversations.map((c) => ({
      conversationId: c.id,
      topic: c.topic,
      preview: c.preview,
      when: formatWhen(c.lastDeliveredDateTime, clock),
      senders: c.uniqueSenders,
      hasAttachments: c.hasAttachments
    }))
  });
}
