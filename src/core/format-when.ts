// A Graph timestamp as the reader would write it: their locale and time zone when Teams told us
// (activity `locale`, clientInfo `timezone`), else English and UTC, always with the zone named so a
// time is never ambiguous.
import { say } from './words';

export interface ReaderClock {
  /** BCP 47, e.g. `de-DE`. */
  locale?: string;
  /** IANA, e.g. `Europe/Berlin`. */
  timeZone?: string;
}

const FALLBACK = { locale: 'en-US', timeZone: 'UTC' };

export function formatWhen(iso: string | null | undefined, clock: ReaderClock = {}): string {
  const at = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(at)) return say('time.unknown');
  return formatter(clock).format(at);
}

function formatter(clock: ReaderClock): Intl.DateTimeFormat {
  const options = (timeZone: string): Intl.DateTimeFormatOptions => ({
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short'
  });
  // The values come from the client: an unknown locale or zone must not fail the card, only fall back.
  const locale = supported(() => Intl.getCanonicalLocales(clock.locale ?? [])[0]) ?? FALLBACK.locale;
  const timeZone =
    clock.timeZone && supported(() => new Intl.DateTimeFormat('en-US', { timeZone: clock.timeZone }))
      ? clock.timeZone
      : FALLBACK.timeZone;
  return new Intl.DateTimeFormat(locale, options(timeZone));
}

function supported<T>(probe: () => T): T | undefined {
  try {
    return probe();
  } catch {
    return undefined;
  }
}
