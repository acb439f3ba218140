import { formatWhen } from '../../../src/core/format-when';
import { say } from '../../../src/core/words';

const AT = '2026-11-27T10:05:00Z';

describe('formatWhen', () => {
  it('without a reader clock: English, UTC, zone named', () => {
    expect(formatWhen(AT)).toBe('Nov 27, 2026, 10:05 AM UTC');
  });

  it("in the reader's time zone and locale when Teams sent them", () => {
    expect(formatWhen(AT, { locale: 'en-US', timeZone: 'Europe/Berlin' })).toBe('Nov 27, 2026, 11:05 AM GMT+1');
    expect(formatWhen(AT, { locale: 'de-DE', timeZone: 'Europe/Berlin' })).toBe('27. Nov. 2026, 11:05 MEZ');
    expect(formatWhen(AT, { timeZone: 'America/New_York' })).toBe('Nov 27, 2026, 5:05 AM EST');
  });

  it('an unknown zone or locale falls back instead of failing', () => {
    expect(formatWhen(AT, { locale: 'not a locale!', timeZone: 'Mars/Olympus' })).toBe('Nov 27, 2026, 10:05 AM UTC');
  });

  it('no or unreadable timestamp → "unknown time"', () => {
    expect(formatWhen(null)).toBe(say('time.unknown'));
    expect(formatWhen('yesterday')).toBe(say('time.unknown'));
  });
});
