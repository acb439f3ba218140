// Remembers the groups a person's form listed, so a submit can name the group and link its
// mailbox without another Graph round trip. On a miss (restart, expired) Graph is asked.
// The whole list is reused for `listTtlMs` (a minute): a person typing `new` again and again gets
// the form without a Graph call; a group joined a moment ago shows up within that minute.
import type { GraphClient, GroupSummary } from '../graph/graph-client';
import { setNewest } from './bounded-map';

export interface GroupDirectory {
  listForUser(token: string, userId: string): Promise<GroupSummary[]>;
  describe(token: string, userId: string, groupId: string): Promise<GroupSummary>;
  /** A group this person's own list or lookups returned lately, without Graph; undefined otherwise. */
  known(userId: string, groupId: string): GroupSummary | undefined;
  /**
   * Whether the group is hidden from Outlook clients (issue 17), read with this person's token and
   * kept per group for `hiddenTtlMs`: a group property, the same for everyone, that an owner
   * rarely changes; a change shows within those minutes.
   */
  hiddenFromOutlook(token: string, groupId: string): Promise<boolean>;
}

/** How long whether a group is hidden from Outlook is kept (the privacy page says it too). */
export const OUTLOOK_FLAG_TTL_MS = 5 * 60_000;

export function createGroupDirectory(
  graph: GraphClient,
  now: () => number,
  ttlMs = 15 * 60_000,
  maxUsers = 10_000,
  listTtlMs = 60_000,
  /** Groups remembered per person beyond their list (lookups by id): each one is a Graph answer kept. */
  maxLookupsPerUser = 1_000,
  hiddenTtlMs = OUTLOOK_FLAG_TTL_MS,
  maxHiddenGroups = 10_000
): GroupDirectory {
  const hidden = new Map<string, { at: number; hidden: boolean }>();
  const byUser = new Map<string, { at: number; groups: Map<string, GroupSummary> }>();
  const lists = new Map<string, { at: number; token: string; groups: GroupSummary[] }>();
  // A read still running is shared by the same person and token: opening the message action again
  // after its "still loading" answer waits on that read instead of starting another one.
  const reading = new Map<string, Promise<GroupSummary[]>>();

  const listed = (userId: string): number => lists.get(userId)?.groups.length ?? 0;
  const remember = (userId: string, groups: GroupSummary[]): void =>
    setNewest(byUser, userId, { at: now(), groups: new Map(groups.map((g) => [g.id.toLowerCase(), g])) }, maxUsers);

  return {
    async listForUser(token, userId) {
      const listed = lists.get(userId);
      // Same token only: a list is never handed out on the strength of someone else's sign-in.
      if (listed && listed.token === token && now() - listed.at < listTtlMs) return listed.groups;
      const key = `${userId} ${token}`;
      const running = reading.get(key);
      if (running) return running;
      const read = graph.listMyGroups(token).then((groups) => {
        remember(userId, groups);
        setNewest(lists, userId, { at: now(), token, groups }, maxUsers);
        return groups;
      });
      reading.set(key, read);
      const done = () => reading.delete(key);
      read.then(done, done);
      return read;
    },
    async hiddenFromOutlook(token, groupId) {
      const key = groupId.toLowerCase();
      const kept = hidden.get(key);
      if (kept && now() - kept.at < hiddenTtlMs) return kept.hidden;
      // A failed read is not remembered: the next post asks again.
      const flag = await graph.isHiddenFromOutlook(token, groupId);
      setNewest(hidden, key, { at: now(), hidden: flag }, maxHiddenGroups);
      return flag;
    },
    known(userId, groupId) {
      const entry = byUser.get(userId);
      return entry && now() - entry.at < ttlMs ? entry.groups.get(groupId.toLowerCase()) : undefined;
    },
    async describe(token, userId, groupId) {
      const entry = byUser.get(userId);
      const fresh = entry && now() - entry.at < ttlMs ? entry : undefined;
      const cached = fresh?.groups.get(groupId.toLowerCase());
      if (cached) return cached;
      const group = await graph.getGroup(token, groupId);
      // Only a group Graph let this person read is remembered, and only for this person.
      // Bounded too: a person naming group after group by id must not grow their entry without end.
      if (fresh) setNewest(fresh.groups, group.id.toLowerCase(), group, maxLookupsPerUser + listed(userId));
      else remember(userId, [group]);
      return group;
    }
  };
}
