// "Find a group conversation" from the compose box or the command box (issue 17): a search
// message extension (manifest command `findConversation`, type query). Teams sends what the person
// typed as composeExtension/query and shows the previews answered; choosing one sends
// composeExtension/selectItem with the preview's tap value, and the card answered goes into the
// chat or channel.
//
// Sign-in: search commands are where Teams offers SSO to a message extension. Without a token the
// answer is `silentAuth`: Teams gets the person's SSO token and sends the query again with it in
// `value.authentication.token`, exchanged on-behalf-of here. A token that fails (consent missing,
// expired) gets the plain `auth` answer: the sign-in pop-up, never silentAuth again (that would
// loop). Local mode always has a token (the sandbox's).
//
// Privacy: only the person's own groups are scanned, with their own token, and selectItem inserts
// only a conversation their own scan of the last minute found: a forged tap value finds nothing.
import { buildFoundConversationCard, foundConversationPreview, utf16Bytes, type AdaptiveCard } from '../../cards';
import { isGraphId } from '../../core/conversation-ref';
import { describeError } from '../../core/describe-error';
import { AppError } from '../../core/errors';
import { matchConversations, type FoundConversation } from '../../core/find-conversations';
import { orderGroups } from '../../core/group-choices';
import { formatWhen } from '../../core/format-when';
import { isRecord } from '../../core/is-record';
import { outlookGroupUrl } from '../../core/outlook-link';
import { isGuid } from '../../core/validate-draft';
import { say } from '../../core/words';
import type { GroupSummary } from '../../graph/graph-client';
import type { Handler, QueryOutcome, QueryResult } from '../app/outcome';
import type { Turn } from '../app/turn';
import { latestPost } from '../../core/latest-post';

/** The command id in the manifest's composeExtensions (appPackage/manifest.json). */
export const FIND_CONVERSATION_COMMAND = 'findConversation';
/** The manifest's parameter name; Teams sends `initialRun` instead when the flyout opens. */
export const FIND_PARAMETER = 'query';

/**
 * How long a query waits for the scan before answering with what it found so far: Teams gives a
 * message extension 5 seconds, and the token exchange and group list come first.
 */
export const QUERY_WAIT_MS = 2_500;
/**
 * What one answer's previews and cards may weigh together (UTF-16), well under the 100 KB Teams takes
 * for a message: an ordinary conversation costs ~2 KB, so ten fit; a mail of pathological text
 * (markup that escapes to twice its length) makes the list shorter, never an answer Teams refuses.
 */
export const QUERY_ANSWER_BUDGET_BYTES = 48 * 1024;
/** How long the chosen result waits for its last post (the card goes in without the sender after). */
export const SELECT_WAIT_MS = 2_000;

/** composeExtension/query: the previews of the person's conversations matching the words. */
export const findConversations: Handler<QueryOutcome> = async (turn) => {
  const { deps, log, person, data } = turn;
  const signedIn = await tokenOrSignIn(turn);
  if (typeof signedIn !== 'string') return signedIn;
  try {
    const groups = await deps.groups.listForUser(signedIn, person.aadObjectId);
    if (groups.length === 0) return { kind: 'message', text: say('search.noGroups') };
    const recentIds = await deps.recentGroups.recent(person.aadObjectId, deps.now());
    const ordered = orderGroups(groups, { teamGroupId: turn.team.groupId, recentIds });
    const scan = await deps.conversationScan.scan(signedIn, person.aadObjectId, ordered, QUERY_WAIT_MS);
    const options = isRecord(data.queryOptions) ? data.queryOptions : {};
    const found = matchConversations(scan.rows, queryText(data), options);
    log.info(
      { found: found.length, scanned: scan.scannedGroups, groups: scan.totalGroups, complete: scan.complete },
      'searched recent conversations'
    );
    if (found.length > 0) return { kind: 'results', results: withinBudget(found.map((f) => resultOf(turn, f))) };
    // A later page that is empty is the end of the list, not "nothing found".
    if (options.skip !== undefined && options.skip !== 0) return { kind: 'results', results: [] };
    return { kind: 'message', text: say(scan.complete ? 'search.nothingFound' : 'search.stillLooking') };
  } catch (err) {
    log.warn({ err }, 'could not search recent conversations');
    if (err instanceof AppError && err.code === 'sign_in_required') {
      // Graph refused the token (revoked, expired early): forget it and sign in again.
      await deps.tokens.signOut(person);
      return { kind: 'sign-in', silent: !turn.carriesSsoToken, consent: false };
    }
    return { kind: 'message', text: describeError(err, 'list').text };
  }
};

/** composeExtension/selectItem: the card to insert for the chosen preview, with its last post. */
export const insertFoundConversation: Handler<QueryOutcome> = async (turn) => {
  const { deps, log, person, data } = turn;
  const groupId = isGuid(data.groupId) ? data.groupId.toLowerCase() : undefined;
  const conversationId = isGraphId(data.conversationId) ? data.conversationId : undefined;
  const row = groupId && conversationId && deps.conversationScan.found(person.aadObjectId, groupId, conversationId);
  if (!row) return { kind: 'message', text: say('search.notFound') };
  let card = cardOf(row);
  try {
    const token = await turn.token();
    const latest = await within(SELECT_WAIT_MS, latestPost(deps.graph, token, row.group.id, row.conversation.id));
    if (latest) card = cardOf(row, latest);
  } catch (err) {
    // The card from the scan still names the conversation: inserted without its last sender.
    log.info({ errorCode: err instanceof AppError ? err.code : 'internal' }, 'could not read the last post');
  }
  return { kind: 'results', results: [{ card, preview: previewOf(turn, row) }] };
};

/** The person's token, or the sign-in to answer with. */
async function tokenOrSignIn(turn: Turn): Promise<string | QueryOutcome> {
  try {
    return await turn.token();
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'internal';
    turn.log.info({ errorCode: code, withSso: turn.carriesSsoToken }, 'search without a usable token');
    if (code === 'sign_in_required' || code === 'consent_required' || code === 'wrong_user')
      return {
        kind: 'sign-in',
        silent: !turn.carriesSsoToken && code === 'sign_in_required',
        consent: code === 'consent_required'
      };
    return { kind: 'message', text: describeError(err, 'list').text };
  }
}

/** The typed words: the manifest's parameter (Teams sends `initialRun` with no words on opening). */
function queryText(data: Record<string, unknown>): string {
  const parameters = Array.isArray(data.parameters) ? data.parameters : [];
  const typed = parameters.find((p) => isRecord(p) && p.name === FIND_PARAMETER);
  return isRecord(typed) && typeof typed.value === 'string' ? typed.value : '';
}

/** The first results whose weight fits QUERY_ANSWER_BUDGET_BYTES (the first one always goes). */
function withinBudget(results: QueryResult[]): QueryResult[] {
  let total = 0;
  const kept: QueryResult[] = [];
  for (const r of results) {
    total += utf16Bytes(r.card) + utf16Bytes(r.preview);
    if (kept.length > 0 && total > QUERY_ANSWER_BUDGET_BYTES) break;
    kept.push(r);
  }
  return kept;
}

function resultOf(turn: Turn, found: FoundConversation): QueryResult {
  return { card: cardOf(found), preview: previewOf(turn, found) };
}

function cardOf(
  { group, conversation: c }: FoundConversation,
  latest?: { sender?: string; sentAt?: string; threadId: string }
): AdaptiveCard {
  return buildFoundConversationCard({
    groupId: group.id,
    groupName: nameOf(group),
    conversationId: c.id,
    threadId: latest?.threadId,
    topic: c.topic,
    preview: c.preview,
    lastPostAt: latest?.sentAt ?? c.lastDeliveredDateTime ?? undefined,
    lastSender: latest?.sender,
    outlookUrl: outlookGroupUrl(group.mail)
  });
}

function previewOf(turn: Turn, { group, conversation: c }: FoundConversation): QueryResult['preview'] {
  return foundConversationPreview(
    {
      groupName: nameOf(group),
      topic: c.topic,
      preview: c.preview,
      when: formatWhen(c.lastDeliveredDateTime, turn.clock)
    },
    // The Agents Playground refuses a result with a tap ("tap action is not supported yet"): in
    // local mode choosing one inserts the list's card (the last post's time, not its sender).
    turn.deps.config.mode === 'teams'
      ? { commandId: FIND_CONVERSATION_COMMAND, groupId: group.id, conversationId: c.id }
      : undefined
  );
}

function nameOf(group: GroupSummary): string {
  return group.displayName || group.id;
}

/**
 * The work's result, or undefined once `ms` have passed (the work goes on, its result unused). Its
 * failure is settled either way: thrown here when in time, part of the unused result when late.
 */
async function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const settled = work.then(
    (value) => ({ value }),
    (err: unknown) => ({ err })
  );
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    const first = await Promise.race([settled, late]);
    if (first && 'err' in first) throw first.err;
    return first?.value;
  } finally {
    clearTimeout(timer);
  }
}
