// One operation at a time per channel, a full gap after the previous one ended (Teams' pace per
// conversation); other channels go on meanwhile; a failure neither blocks the next nor is hidden.
import { createChannelPace } from '../../../src/teams/follow/channel-pace';

function clock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    }
  };
}

describe('createChannelPace', () => {
  it('runs a channel’s operations in order, each a gap after the last ended', async () => {
    const c = clock();
    const pace = createChannelPace({ gapMs: 1000, now: c.now, sleep: c.sleep });
    const started: Array<[string, number]> = [];
    const op =
      (name: string, takes = 0) =>
      async () => {
        started.push([name, c.now()]);
        c.advance(takes);
        return name;
      };
    const results = await Promise.all([pace.run('ch', op('a', 200)), pace.run('ch', op('b')), pace.run('ch', op('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(started).toEqual([
      ['a', 0],
      ['b', 1200],
      ['c', 2200]
    ]);
  });

  it('does not hold one channel up for another', async () => {
    const c = clock();
    const pace = createChannelPace({ gapMs: 1000, now: c.now, sleep: c.sleep });
    await pace.run('one', async () => 1);
    await pace.run('two', async () => 2);
    expect(c.sleeps).toEqual([]);
  });

  it('hands a failure to its caller and still runs the next one, after the gap', async () => {
    const c = clock();
    const pace = createChannelPace({ gapMs: 1000, now: c.now, sleep: c.sleep });
    const failed = pace.run('ch', async () => {
      throw new Error('429');
    });
    const next = pace.run('ch', async () => 'next');
    await expect(failed).rejects.toThrow('429');
    await expect(next).resolves.toBe('next');
    expect(c.sleeps).toEqual([1000]);
  });
});
