const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * Formatters are costly to build and to call, and a long list shows many dates: formatters are kept
 * per locale, and relative phrases ("3 days ago") per locale, unit and value, of which there are few.
 * A phrase's key is a number (its value and unit), so looking one up allocates nothing.
 */
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const relativePhrases = new Map<string, Map<number, string>>();
const exactFormats = new Map<string, Intl.DateTimeFormat>();

/** "3 days ago" in the given locale, or undefined for a missing or invalid date. */
export function relativeTime(iso: string | null | undefined, locale: string, now = Date.now()): string | undefined {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) return undefined;
  const seconds = Math.round((time - now) / 1000);
  let unit = 0;
  while (unit < units.length - 1 && Math.abs(seconds) < units[unit]![1]) unit++;
  const value = Math.round(seconds / units[unit]![1]);
  let phrases = relativePhrases.get(locale);
  if (!phrases) relativePhrases.set(locale, (phrases = new Map()));
  const key = value * units.length + unit;
  let phrase = phrases.get(key);
  if (phrase === undefined) {
    let format = relativeFormats.get(locale);
    if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
    phrases.set(key, (phrase = format.format(value, units[unit]![0])));
  }
  return phrase;
}

/** The exact date and time in the given locale, or undefined for a missing or invalid date. */
export function exactTime(iso: string | null | undefined, locale: string): string | undefined {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) return undefined;
  let format = exactFormats.get(locale);
  if (!format) exactFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })));
  return format.format(time);
}
