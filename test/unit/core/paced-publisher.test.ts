// The paced publisher on a fake clock: the newest state only, never two sends within the interval,
// a send never overlapping another, a failed send reported and the next state still sent.
import { createPacedPublisher, createUpdatePacer } from '../../../src/core/paced-updates';

function setup(sentAt?: number, fail = () => false) {
  let now = 10_000;
  const sent: { at: number; value: number }[] = [];
  const errors: unknown[] = [];
  const pacer = createUpdatePacer(1000);
  if (sentAt !== undefined) pacer.sent(sentAt);
  const publisher = createPacedPublisher<number>({
    pacer,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    publish: async (value) => {
      if (fail()) throw new Error('connector said no');
      sent.push({ at: now, value });
      now += 50;
    },
    onError: (err) => errors.push(err),
    finalGapMs: 250
  });
  return { publisher, sent, errors, advance: (ms: number) => (now += ms) };
}

describe('paced publisher', () => {
  it('sends the first state at once and coalesces what follows into the next interval', async () => {
    const { publisher, sent } = setup();
    publisher.update(1);
    publisher.update(2);
    publisher.update(3);
    await publisher.flush();
    expect(sent).toEqual([
      { at: 10_000, value: 1 },
      { at: 11_050, value: 3 }
    ]);
  });

  it('after the invoke answer (sent just now), the first update waits a full interval', async () => {
    const { publisher, sent } = setup(10_000);
    publisher.update(1);
    await publisher.flush();
    expect(sent).toEqual([{ at: 11_000, value: 1 }]);
  });

  it('100 changes over 3 s: at most one send per second, the last state sent last', async () => {
    const { publisher, sent, advance } = setup();
    for (let i = 1; i <= 100; i++) {
      publisher.update(i);
      advance(30);
      await Promise.resolve();
    }
    await publisher.flush();
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
    expect(sent.at(-1)?.value).toBe(100);
  });

  it('a failed send is reported and does not stop the next one', async () => {
    let calls = 0;
    const { publisher, sent, errors } = setup(undefined, () => calls++ === 0);
    publisher.update(1);
    publisher.update(2);
    await publisher.flush();
    expect(errors).toHaveLength(1);
    expect(sent.map((s) => s.value)).toEqual([2]);
  });

  it('the final state (a summary) waits only the final gap, waking a wait for a full interval', async () => {
    let now = 10_000;
    const sent: { at: number; value: number }[] = [];
    const sleeps: number[] = [];
    const pacer = createUpdatePacer(1000);
    const publisher = createPacedPublisher<number>({
      pacer,
      now: () => now,
      // A sleep that never ends by itself: only the final state's arrival can cut it short.
      sleep: (ms) => {
        sleeps.push(ms);
        return ms <= 250 ? Promise.resolve() : new Promise(() => undefined);
      },
      publish: async (value) => {
        sent.push({ at: now, value });
      },
      onError: () => undefined,
      finalGapMs: 250
    });
    publisher.update(1);
    await Promise.resolve();
    now = 10_100;
    publisher.update(2);
    await Promise.resolve();
    expect(sleeps).toEqual([900]);
    now = 10_300;
    publisher.finish(3);
    await publisher.flush();
    // 300 ms after the last update: already past the final gap, so the summary goes at once.
    expect(sent).toEqual([
      { at: 10_000, value: 1 },
      { at: 10_300, value: 3 }
    ]);
  });

  it('a final state right after an update still waits out the final gap', async () => {
    let now = 10_000;
    const sent: number[] = [];
    const publisher = createPacedPublisher<number>({
      pacer: createUpdatePacer(1000),
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      publish: async () => {
        sent.push(now);
      },
      onError: () => undefined,
      finalGapMs: 250
    });
    publisher.update(1);
    publisher.finish(2);
    await publisher.flush();
    expect(sent).toEqual([10_000, 10_250]);
  });
});
