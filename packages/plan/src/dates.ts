/** Date helpers shared by the compiler and backends. Dates are whole days since 1970-01-01 (UTC). */
import type { DateFormat } from "./types.js";

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

const FIRST_DAY = -719162; // 0001-01-01
const LAST_DAY = 2932896; // 9999-12-31
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const EPOCH = /^-?\d{1,15}$/;

/**
 * Parses (trimmed) text written in a field's date `format` into a day number; null when it is not in that form or
 * not a calendar day of years 0001-9999. Day and month parts of MM/DD/YYYY, DD/MM/YYYY and DD.MM.YYYY have one or
 * two digits; YYYYMMDD exactly eight; epochs are at most 15 digits with an optional minus, and keep the UTC day
 * (floor of the seconds or milliseconds over one day's).
 */
export function parseDayAs(text: string, format: DateFormat): number | null {
  const iso = (year: string, month: string, day: string) =>
    parseIsoDay(`${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`);
  let match: RegExpExecArray | null;
  switch (format) {
    case "MM/DD/YYYY":
      return (match = SLASHED.exec(text)) ? iso(match[3]!, match[1]!, match[2]!) : null;
    case "DD/MM/YYYY":
      return (match = SLASHED.exec(text)) ? iso(match[3]!, match[2]!, match[1]!) : null;
    case "DD.MM.YYYY":
      return (match = DOTTED.exec(text)) ? iso(match[3]!, match[2]!, match[1]!) : null;
    case "YYYYMMDD":
      return (match = COMPACT.exec(text)) ? iso(match[1]!, match[2]!, match[3]!) : null;
    case "epoch_seconds":
    case "epoch_milliseconds": {
      if (!EPOCH.test(text)) return null;
      const day = Math.floor(Number(text) / (format === "epoch_seconds" ? 86_400 : 86_400_000));
      return day < FIRST_DAY || day > LAST_DAY ? null : day;
    }
  }
}
