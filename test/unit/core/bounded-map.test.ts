// The one eviction rule of the in-memory caches (group directory, rate limiter, form contexts).
import { setNewest } from '../../../src/core/bounded-map';

describe('setNewest', () => {
  it('keeps at most max entries, forgetting the oldest', () => {
    const map = new Map<string, number>();
    for (const [i, key] of ['a', 'b', 'c'].entries()) setNewest(map, key, i, 2);
    expect([...map]).toEqual([
      ['b', 1],
      ['c', 2]
    ]);
  });

  it('setting a key again makes it the newest and forgets nobody else', () => {
    const map = new Map([
      ['a', 0],
      ['b', 1]
    ]);
    setNewest(map, 'a', 2, 2);
    expect([...map]).toEqual([
      ['b', 1],
      ['a', 2]
    ]);
    setNewest(map, 'c', 3, 2);
    expect([...map]).toEqual([
      ['a', 2],
      ['c', 3]
    ]);
  });
});
