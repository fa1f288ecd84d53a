/**
 * Number and text formatting for the reports. Locale-independent on purpose (no toLocaleString): the same input
 * gives the same bytes on every machine.
 */

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** A whole number with thousands separators: 1234567 -> "1,234,567". */
export function formatCount(value: number): string {
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.round(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A share as a percentage with one decimal: 0.3456 -> "34.6%"; NaN (0 of 0) -> "n/a". */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return "n/a";
  const text = (share * 100).toFixed(1);
  return `${text === "-0.0" ? "0.0" : text}%`;
}

/** A money amount, rounded to whole units, grouped: 1234.5 -> "1,235". */
export function formatAmount(value: number): string {
  return formatCount(value);
}

/** A number rounded to 6 decimals, as text without trailing zeros (for data tables and chart data). */
export function formatNumber(value: number): string {
  const rounded = Number(value.toFixed(6));
  return String(rounded === 0 ? 0 : rounded);
}

/** `n noun(s)`. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : nouns}`;
}

/** An id usable in HTML ids and CSS: letters, digits, `-` and `_` kept, anything else as `-`. */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
}
