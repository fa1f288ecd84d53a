/**
 * Case folding as every engine does it: only the ASCII letters change (A-Z <-> a-z). JavaScript's toLowerCase and
 * the SQL engines' lower() fold other letters by Unicode tables that differ between engines and versions (and with
 * the database's locale: PostgreSQL), so segform folds ASCII only; SQL backends use translate() with these two
 * alphabets, which means the same everywhere.
 */
export const ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz";

const HAS_UPPER = /[A-Z]/;
const HAS_LOWER = /[a-z]/;

/** The text with ASCII letters lower-cased; other characters unchanged. */
export function asciiLower(text: string): string {
  if (!HAS_UPPER.test(text)) return text;
  // All-ASCII text (nearly every value): toLowerCase folds exactly A-Z there, without a callback per run.
  return isAscii(text) ? text.toLowerCase() : text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** The text with ASCII letters upper-cased; other characters unchanged. */
export function asciiUpper(text: string): string {
  if (!HAS_LOWER.test(text)) return text;
  return isAscii(text) ? text.toUpperCase() : text.replace(/[a-z]+/g, (run) => run.toUpperCase());
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Folds text as a field's `case` says (no change without one). */
export function foldCase(text: string, mode: "lower" | "upper" | undefined): string {
  return mode === "lower" ? asciiLower(text) : mode === "upper" ? asciiUpper(text) : text;
}

/** A field's `null_values` as the plan holds them: lower-cased (ASCII), unique, sorted by code unit. */
export function normalizeNullValues(values: readonly string[]): string[] {
  return [...new Set(values.map(asciiLower))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
