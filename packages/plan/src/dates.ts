/** Date helpers shared by the compiler and backends. Dates are whole days since 1970-01-01 (UTC). */

const DAY_MS = 86_400_000;
const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$)/;

/** Parses YYYY-MM-DD (optionally followed by a time, which is dropped: the calendar day as written) into a day number; null if invalid. */
export function parseDay(text: string): number | null {
  const match = DATE_PREFIX.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  const ms = check.getTime();
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return Math.round(ms / DAY_MS);
}

/** Parses exactly YYYY-MM-DD (no time) into a day number; null if it is anything else or not a calendar day. */
export function parseIsoDay(text: string): number | null {
  return text.length === 10 ? parseDay(text) : null;
}

/** Formats a day number as YYYY-MM-DD (years 0001-9999). */
export function formatDay(day: number): string {
  const date = new Date(day * DAY_MS);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  return `${year}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`;
}
