// Following a group in a channel (issue 16): how long subscriptions last, how often the bot looks
// for work, and how fast it writes to a channel. Parsed here for src/config.ts (still the only
// reader of the environment), which passes its integer parser in.
import type { IntegerSetting } from './config-edge';

export interface FollowSettings {
  /**
   * FOLLOW_SUBSCRIPTION_MINUTES: the lifetime asked for each subscription. Graph allows at most
   * 4,230 minutes for group conversations; a little less leaves room for the clocks of two machines.
   */
  subscriptionMinutes: number;
  /** FOLLOW_MAX_PER_CHANNEL: groups one channel may follow (each is a subscription and a stream of cards). */
  maxPerChannel: number;
  /** How often due renewals are looked for (renewAt is ~56 hours out; a minute late is nothing). */
  renewCheckEveryMs: number;
  /** How often the notification queue is looked at besides each arrival (leftovers, expired leases). */
  pollEveryMs: number;
  /** At most one message or update a second per channel (Teams' per-conversation pace, bots/how-to/rate-limit.md). */
  channelGapMs: number;
  /** Stopped follows (and every thread card quiet this long) are swept after this. */
  keepStoppedMs: number;
  /** A follower's kept sign-in unused this long is swept (Entra's refresh tokens lapse after 90 days unused). */
  offlineKeepMs: number;
}

const DAY_MS = 24 * 60 * 60_000;

export function parseFollowSettings(int: IntegerSetting): FollowSettings {
  return {
    subscriptionMinutes: int('FOLLOW_SUBSCRIPTION_MINUTES', 4200, 45, 4230),
    maxPerChannel: int('FOLLOW_MAX_PER_CHANNEL', 20, 1, 100),
    renewCheckEveryMs: 60_000,
    pollEveryMs: 5_000,
    channelGapMs: 1_000,
    keepStoppedMs: 30 * DAY_MS,
    offlineKeepMs: 90 * DAY_MS
  };
}
