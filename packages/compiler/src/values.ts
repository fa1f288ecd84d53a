import { parseIsoDay, formatDay, type ScalarValue } from "@segform/plan";
import type { Path, SourceDocument } from "@segform/spec";

/** Which operators apply to which value types. */
export const OPERATORS_BY_TYPE: Record<string, readonly string[]> = {
  integer: ["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between", "exists", "missing"],
  number: ["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between", "exists", "missing"],
  date: [
    "eq",
    "ne",
    "in",
    "not_in",
    "gt",
    "gte",
    "lt",
    "lte",
    "between",
    "exists",
    "missing",
    "within_days",
    "within_next_days",
    "days_ago",
    "days_until",
  ],
  string: ["eq", "ne", "in", "not_in", "exists", "missing", "contains", "starts_with", "ends_with", "matches"],
  boolean: ["eq", "ne", "exists", "missing"],
  "string[]": ["exists", "missing", "contains", "contains_any", "contains_all", "count"],
};

/** Operators whose value is a mapping of numeric tests on a measure of the field (not on its value). */
export const MEASURE_OPERATORS: ReadonlySet<string> = new Set(["days_ago", "days_until", "count"]);

export type Normalized = { ok: true; value: ScalarValue } | { ok: false; message: string; code: string };

/**
 * A literal from YAML as a value of `type` (the element type for lists): numbers for integer/number,
 * YYYY-MM-DD for dates. Numbers written for string fields are accepted as their text (zip codes, ids).
 */
export function normalizeScalar(type: string, value: unknown): Normalized {
  switch (type) {
    case "integer":
    case "number":
      if (typeof value === "number" && Number.isFinite(value)) return { ok: true, value };
      return { ok: false, code: "SEG021", message: `expected a number, got ${describe(value)}` };
    case "date": {
      if (typeof value !== "string")
        return { ok: false, code: "SEG021", message: `expected a date "YYYY-MM-DD", got ${describe(value)}` };
      const day = parseIsoDay(value);
      if (day === null) return { ok: false, code: "SEG032", message: `"${value}" is not a valid date (YYYY-MM-DD)` };
      return { ok: true, value: formatDay(day) };
    }
    case "boolean":
      if (typeof value === "boolean") return { ok: true, value };
      return { ok: false, code: "SEG021", message: `expected true or false, got ${describe(value)}` };
    case "string":
    case "string[]":
      if (typeof value === "string") return { ok: true, value };
      if (typeof value === "number" && Number.isFinite(value)) return { ok: true, value: String(value) };
      return { ok: false, code: "SEG021", message: `expected a string, got ${describe(value)}` };
    default:
      return { ok: false, code: "SEG021", message: `unknown type ${type}` };
  }
}

/**
 * A number given where text is expected, whose text as written is not the number's text (`02134`, `1.50`, `1e3`,
 * `+5`, `0x1F`): YAML reads it as a number, so the text would silently be `2134`, `1.5`, `1000` ... The message
 * and hint for it, or undefined when the value is not such a number.
 */
export function numberWrittenForText(
  value: unknown,
  origin: { doc: SourceDocument; path: Path },
): { message: string; hint: string } | undefined {
  if (typeof value !== "number") return undefined;
  const written = origin.doc.sourceText(origin.path)?.trim();
  if (written === undefined || written === String(value)) return undefined;
  return {
    message: `YAML reads ${written} as the number ${String(value)}, not the text "${written}"`,
    hint: `quote it: "${written}"`,
  };
}

/** How to write a literal of `type`, for hints. */
export function valueHint(type: string): string {
  switch (type) {
    case "integer":
    case "number":
      return "write a number, without quotes";
    case "date":
      return 'write a date as "YYYY-MM-DD", e.g. "2026-11-01"';
    case "boolean":
      return "write true or false, without quotes";
    default:
      return "write text; quote it if YAML would read it as a number or boolean";
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The element type an operator's value must have, given the tested name's type. */
export function operandType(fieldType: string, op: string): string {
  if (fieldType === "string[]" && (op === "contains" || op === "contains_any" || op === "contains_all"))
    return "string";
  return fieldType;
}
