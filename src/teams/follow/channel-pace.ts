// At most one message or card update a second per channel (Teams throttles a bot per conversation:
// bots/how-to/rate-limit.md): a burst of notifications for a followed group is written out one
// operation at a time per channel, each starting at least a gap after the previous one ended.
// Other channels are not held up. In memory, per process: the pace is Teams' per conversation, and
// one queue item is worked on by one instance at a time (the notification queue's lease).
import { setNewest } from '../../core/bounded-map';

export interface ChannelPace {
  /** Runs `op` after the channel's earlier operations, at least `gapMs` after the last one ended. */
  run<T>(channelId: string, op: () => Promise<T>): Promise<T>;
}

/** Channels whose last operation's time is remembered (the oldest are forgotten first). */
const MAX_CHANNELS = 10_000;

export function createChannelPace(options: {
  gapMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}): ChannelPace {
  const tails = new Map<string, Promise<void>>();
  const lastEnded = new Map<string, number>();
  return {
    run(channelId, op) {
      const before = tails.get(channelId) ?? Promise.resolve();
      const result = before.then(async () => {
        const last = lastEnded.get(channelId);
        const wait = last === undefined ? 0 : Math.max(0, last + options.gapMs - options.now());
        if (wait > 0) await options.sleep(wait);
        try {
          return await op();
        } finally {
          setNewest(lastEnded, channelId, options.now(), MAX_CHANNELS);
        }
      });
      // The next operation waits for this one whatever its outcome; the caller gets the outcome.
      const tail = result.then(
        () => undefined,
        () => undefined
      );
      tails.set(channelId, tail);
      void tail.then(() => {
        if (tails.get(channelId) === tail) tails.delete(channelId);
      });
      return result;
    }
  };
}
