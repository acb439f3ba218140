// What the compose box's search looks through: the recent conversations of a person's groups,
// read as that person and kept for a minute, so a person typing (Teams sends a query at each pause)
// costs one scan a minute, not one per keystroke. The scan is bounded (MAX_SCANNED_GROUPS groups,
// MAX_CONVERSATIONS_PER_GROUP rows and `maxPagesPerGroup` Graph pages each), because Graph has no
// search over group posts and a message extension must answer within 5 seconds.
//
// A query waits at most `waitMs` for a running scan and answers with what it found so far; the scan
// goes on and the next keystroke sees the rest. No cache is shared between people, and a scan is
// reused only with the token that made it (as the group directory's lists are).
import type { GraphClient, GroupSummary } from '../graph/graph-client';
import { setNewest } from './bounded-map';
import {
  MAX_CONVERSATIONS_PER_GROUP,
  MAX_SCANNED_GROUPS,
  distinctConversations,
  mostRecent,
  type FoundConversation
} from './find-conversations';

/** What a summary keeps of Graph's strings (a preview is short already; a topic may not be). */
const MAX_TOPIC = 255;
const MAX_PREVIEW = 400;
const MAX_SENDERS = 5;
const MAX_SENDER = 120;

/** How long a person's scan is reused (the privacy page states it). */
export const SCAN_TTL_MS = 60_000;

export interface ScanResult {
  rows: FoundConversation[];
  /** Every group was read (or failed); false while the scan is still running. */
  complete: boolean;
  scannedGroups: number;
  totalGroups: number;
}

export interface ConversationScanner {
  /** The person's scan of `groups` (the first MAX_SCANNED_GROUPS), waiting at most `waitMs` for it. */
  scan(token: string, userId: string, groups: readonly GroupSummary[], waitMs: number): Promise<ScanResult>;
  /** A conversation this person's own scan found within the minute; undefined otherwise. */
  found(userId: string, groupId: string, conversationId: string): FoundConversation | undefined;
}

export interface ScannerOptions {
  graph: GraphClient;
  now: () => number;
  /** Resolves after `ms` (passed in: tests decide when a wait is over). */
  wait?: (ms: number) => Promise<void>;
  /** A group whose read failed: skipped, the others still count. */
  onGroupFailed?: (groupId: string, err: unknown) => void;
  ttlMs?: number;
  /** People whose scan is kept; one more forgets the oldest (each holds up to 1,000 short rows). */
  maxPeople?: number;
  /** Groups read at once; each is its own mailbox, so Outlook's 4 per mailbox is not at stake. */
  concurrency?: number;
  maxPagesPerGroup?: number;
}

interface Entry {
  token: string;
  at: number;
  rows: FoundConversation[];
  scanned: number;
  total: number;
  complete: boolean;
  done: Promise<void>;
}

export function createConversationScanner(options: ScannerOptions): ConversationScanner {
  const { graph, now } = options;
  const wait = options.wait ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  const ttlMs = options.ttlMs ?? SCAN_TTL_MS;
  const maxPeople = options.maxPeople ?? 200;
  const concurrency = options.concurrency ?? 6;
  const maxPages = options.maxPagesPerGroup ?? 5;
  const entries = new Map<string, Entry>();

  const snapshot = (e: Entry): ScanResult => ({
    rows: distinctConversations(e.rows),
    complete: e.complete,
    scannedGroups: e.scanned,
    totalGroups: e.total
  });

  const readGroup = async (token: string, group: GroupSummary, entry: Entry): Promise<void> => {
    const got: FoundConversation['conversation'][] = [];
    let page: string | undefined;
    for (let n = 0; n < maxPages; n++) {
      const read = await graph.listConversations(token, group.id, page === undefined ? {} : { page });
      got.push(...read.conversations);
      page = read.nextLink;
      // Newest first as asked: the first rows are the most recent ones, no need to read further.
      if (page === undefined || (read.orderedByDelivery && got.length >= MAX_CONVERSATIONS_PER_GROUP)) break;
    }
    entry.rows.push(...mostRecent(got).map((c) => ({ group, conversation: trimmed(c) })));
  };

  const start = (token: string, userId: string, groups: readonly GroupSummary[]): Entry => {
    const queue = groups.slice(0, MAX_SCANNED_GROUPS);
    const entry: Entry = {
      token,
      at: now(),
      rows: [],
      scanned: 0,
      total: queue.length,
      complete: false,
      done: Promise.resolve()
    };
    const failures: unknown[] = [];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        try {
          await readGroup(token, group, entry);
        } catch (err) {
          failures.push(err);
          options.onGroupFailed?.(group.id, err);
        }
        entry.scanned++;
      }
    };
    entry.done = Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker)).then(() => {
      entry.complete = true;
      // Nothing could be read (a refused token, Graph down): not a result to keep for a minute.
      if (failures.length > 0 && failures.length === entry.total) {
        if (entries.get(userId) === entry) entries.delete(userId);
        throw failures[0];
      }
    });
    setNewest(entries, userId, entry, maxPeople);
    return entry;
  };

  return {
    async scan(token, userId, groups, waitMs) {
      const kept = entries.get(userId);
      const fresh = kept && kept.token === token && now() - kept.at < ttlMs ? kept : undefined;
      const entry = fresh ?? start(token, userId, groups);
      if (!entry.complete) {
        // The scan keeps going after the answer; a failure of the whole scan is for this caller.
        const outcome = entry.done.then(() => 'done' as const);
        // Each group's failure went to onGroupFailed already; a whole scan failing after this wait
        // is not kept (start removed it), so the next query scans again and sees it.
        outcome.catch(() => 'reported');
        await Promise.race([outcome, wait(waitMs)]);
        if (entry.complete) await outcome;
      }
      return snapshot(entry);
    },
    found(userId, groupId, conversationId) {
      const entry = entries.get(userId);
      if (!entry || now() - entry.at >= ttlMs) return undefined;
      const group = groupId.toLowerCase();
      return entry.rows.find((r) => r.group.id.toLowerCase() === group && r.conversation.id === conversationId);
    }
  };
}

function trimmed(c: FoundConversation['conversation']): FoundConversation['conversation'] {
  return {
    ...c,
    topic: clip(c.topic, MAX_TOPIC),
    preview: clip(c.preview, MAX_PREVIEW),
    uniqueSenders: c.uniqueSenders.slice(0, MAX_SENDERS).map((s) => clip(s, MAX_SENDER))
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}
