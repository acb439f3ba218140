// Broadcast settings (issue 15): one announcement posted to many groups. Parsed here for
// src/config.ts (still the only reader of the environment), which passes its integer parser in.
import type { IntegerSetting } from './config-edge';

export interface BroadcastSettings {
  /** BROADCAST_CONCURRENCY: groups posted at once by one broadcast (the mailbox gate still bounds each mailbox). */
  concurrency: number;
  /** BROADCAST_MAX_GROUPS: groups one broadcast may post to ("Post to all my groups" included). */
  maxGroups: number;
  /** "Post to all my groups" asks the person to confirm when it means more groups than this. */
  confirmAbove: number;
  /** BROADCAST_KEEP_HOURS, in ms: a broadcast (and its message, for Retry the failed ones) is kept this long. */
  keepMs: number;
  /** Progress card updates at most this often per card (PLATFORM-FACTS: about one a second per conversation). */
  updateEveryMs: number;
  /**
   * The summary waits only this long after the progress update before it: Teams allows a bot 7
   * operations a second per conversation (bots/how-to/rate-limit.md), so one more right after a
   * progress update stays far below it, while progress itself keeps to about one a second.
   */
  summaryGapMs: number;
}

const HOUR_MS = 60 * 60_000;

export function parseBroadcastSettings(int: IntegerSetting): BroadcastSettings {
  return {
    // 16: Outlook's own limits (4 concurrent requests per mailbox, 10,000 a 10 minutes per app and
    // mailbox) are per mailbox; a broadcast's groups are different mailboxes, so the bound here is
    // what one person's broadcast may take of the bot's outbound connections.
    concurrency: int('BROADCAST_CONCURRENCY', 16, 1, 64),
    maxGroups: int('BROADCAST_MAX_GROUPS', 100, 2, 500),
    confirmAbove: 20,
    keepMs: int('BROADCAST_KEEP_HOURS', 24, 1, 24 * 30) * HOUR_MS,
    updateEveryMs: 1000,
    summaryGapMs: 250
  };
}
