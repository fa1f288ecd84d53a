import { asciiLower, foldCase, formatDay, parseDay, parseDayAs, type PlanField } from "@segform/plan";

/** A value that could not be taken as its field's type (it becomes missing, or fails the run with --strict). */
export interface CoercionIssue {
  code: "SEG100" | "SEG101" | "SEG102";
  /** Input column. */
  column: string;
  field: string;
  /** The raw value, shortened. */
  value: string;
  message: string;
}

/**
 * Internal value representation, one slot per field (in plan order): numbers for integer/number, day numbers
 * for dates, strings, booleans, string arrays, and null for missing.
 */
export type Value = number | string | boolean | string[] | null;

type Coerce = (raw: unknown) => Value | typeof INVALID;
const INVALID = Symbol("invalid");

const INTEGER = /^[+-]?\d+(?:\.0*)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE = new Set(["true", "t", "yes", "y", "1"]);
const FALSE = new Set(["false", "f", "no", "n", "0"]);

function text(raw: unknown): string | null | typeof INVALID {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string") {
    const trimmed = raw.trim();
    return trimmed === "" ? null : trimmed;
  }
  if (typeof raw === "number") return Number.isFinite(raw) ? String(raw) : INVALID;
  if (typeof raw === "boolean") return String(raw);
  return INVALID;
}

function numberFrom(raw: unknown, integer: boolean): Value | typeof INVALID {
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return INVALID;
    // Same bar as for text: an integer beyond 2^53 has already lost digits.
    if (integer && !Number.isSafeInteger(raw)) return INVALID;
    return raw;
  }
  const t = text(raw);
  if (t === null || t === INVALID) return t;
  // Fast path for the common case; the result is the one the rules below give.
  if (plainDigits(t) || (!integer && plainDecimal(t))) return Number(t);
  let cleaned = t;
  if (THOUSANDS.test(t)) cleaned = t.replace(/,/g, "");
  if (integer ? !INTEGER.test(cleaned) : !NUMBER.test(cleaned)) return INVALID;
  const n = Number(cleaned);
  if (!Number.isFinite(n)) return INVALID;
  if (integer && !Number.isSafeInteger(n)) return INVALID;
  return n;
}

/** An optional sign and 1 to 15 ASCII digits: a safe integer, which every rule in numberFrom takes as Number(t). */
function plainDigits(t: string): boolean {
  const n = t.length;
  const first = t.charCodeAt(0);
  const start = first === 43 || first === 45 ? 1 : 0;
  if (n - start > 15) return false;
  for (let i = start; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return n > start;
}

/**
 * An optional sign, 1 to 15 ASCII digits, a point and 1 to 15 digits: text NUMBER matches and THOUSANDS does not,
 * whose Number is finite; so numberFrom (for a `number` field) takes it as Number(t) by its rules too.
 */
function plainDecimal(t: string): boolean {
  const n = t.length;
  if (n < 3 || n > 32) return false;
  let i = 0;
  const first = t.charCodeAt(0);
  if (first === 43 || first === 45) i = 1;
  const start = i;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) break;
  }
  const whole = i - start;
  if (whole < 1 || whole > 15 || i >= n - 1 || t.charCodeAt(i) !== 46) return false;
  const point = i;
  for (i++; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return n - point - 1 <= 15;
}

/**
 * What may follow YYYY-MM-DD in a date parseDay reads (plan/dates.ts DATE_PREFIX after its ten characters: a time,
 * optionally with seconds, a fraction and a zone): tested from the eleventh character on.
 */
const TIME_AFTER_DAY = /^[\s\S]{10}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** Distinct dates seen by one date field, kept up to this many (parseDay is pure; data repeats dates). */
const DATE_CACHE_LIMIT = 4096;

/**
 * The field's coercion, with its normalisation: `nullValues` placeholders (the trimmed text, ASCII lower-cased)
 * are missing before any type rule; `case` folds string values and list items (ASCII letters only).
 */
function coercerFor(field: PlanField): Coerce {
  const typed = typedCoercerFor(field);
  const fold = field.case;
  const folded: Coerce =
    fold === undefined || (field.type !== "string" && field.type !== "string[]")
      ? typed
      : (raw) => {
          const value = typed(raw);
          if (typeof value === "string") return foldCase(value, fold);
          if (Array.isArray(value)) return value.map((item) => foldCase(item, fold));
          return value;
        };
  if (field.nullValues === undefined || field.nullValues.length === 0) return folded;
  const placeholders = new Set(field.nullValues);
  // asciiLower keeps the length: a text longer than every placeholder is none of them (most values are).
  const longest = Math.max(...[...placeholders].map((placeholder) => placeholder.length));
  return (raw) => {
    if (!Array.isArray(raw)) {
      const t = text(raw);
      if (typeof t === "string") {
        if (t.length <= longest && placeholders.has(asciiLower(t))) return null;
        // Every typed coercion of a text starts by trimming it (text()): give it the trimmed text, trimmed once.
        if (typeof raw === "string") return folded(t);
      }
    }
    return folded(raw);
  };
}

function typedCoercerFor(field: PlanField): Coerce {
  switch (field.type) {
    case "integer":
      return (raw) => numberFrom(raw, true);
    case "number":
      return (raw) => numberFrom(raw, false);
    case "boolean":
      return (raw) => {
        if (typeof raw === "boolean") return raw;
        if (raw === 1 || raw === 0) return raw === 1;
        const t = text(raw);
        if (t === null || t === INVALID) return t;
        if (t === "true") return true;
        if (t === "false") return false;
        const lower = t.toLowerCase();
        if (TRUE.has(lower)) return true;
        if (FALSE.has(lower)) return false;
        return INVALID;
      };
    case "date": {
      const days = new Map<string, number | null>();
      const format = field.format;
      // A declared format reads its own form only (plan/dates.ts parseDayAs); JSON whole numbers are read as their digits.
      const parse = format === undefined ? parseDay : (t: string) => parseDayAs(t, format);
      return (raw) => {
        if (format !== undefined && typeof raw === "number" && Number.isSafeInteger(raw)) raw = String(raw);
        if (typeof raw !== "string" && raw !== null && raw !== undefined) return INVALID;
        let t = text(raw);
        if (t === null || t === INVALID) return t;
        // A date with a time (no format declared): parseDay reads the day from its first ten characters when the
        // rest is a time, else nothing; so the cache holds days, not timestamps (which rarely repeat).
        if (format === undefined && t.length > 10) {
          if (!TIME_AFTER_DAY.test(t)) return INVALID;
          t = t.slice(0, 10);
        }
        let day = days.get(t);
        if (day === undefined) {
          day = parse(t);
          if (days.size < DATE_CACHE_LIMIT) days.set(t, day);
        }
        return day === null ? INVALID : day;
      };
    }
    case "string":
      return (raw) => text(raw);
    case "string[]":
      return (raw) => {
        if (Array.isArray(raw)) {
          const items: string[] = [];
          for (const item of raw) {
            const t = text(item);
            if (t === INVALID) return INVALID;
            if (t !== null) items.push(t);
          }
          return items.length ? items : null;
        }
        const t = text(raw);
        if (t === null || t === INVALID) return t;
        // t.split(separator), trimmed, empty items dropped; in one pass (split is slow on sliced strings)
        const separator = field.separator;
        if (separator === "") {
          const chars = t
            .split(separator)
            .map((item) => item.trim())
            .filter((item) => item !== "");
          return chars.length ? chars : null;
        }
        const items: string[] = [];
        for (let start = 0; ; ) {
          const end = t.indexOf(separator, start);
          const item = (end === -1 ? t.slice(start) : t.slice(start, end)).trim();
          if (item !== "") items.push(item);
          if (end === -1) break;
          start = end + separator.length;
        }
        return items.length ? items : null;
      };
  }
}

/** Column or field names that suggest credentials or personal secrets: their values are never quoted in messages. */
const SECRET_LIKE =
  /(token|secret|passw(or)?d|api[_-]?key|private[_-]?key|credential|ssn|social[_-]?security|card[_-]?number|iban)/i;

function secretLike(field: PlanField): boolean {
  return SECRET_LIKE.test(field.column) || SECRET_LIKE.test(field.name);
}

/**
 * A value as messages quote it: at most 60 characters, and nothing at all for secret-like columns (data warnings
 * go to CI logs and PR comments).
 */
function preview(raw: unknown, field?: PlanField): string {
  if (field && secretLike(field)) return "(value not shown)";
  const s = typeof raw === "string" ? raw : (JSON.stringify(raw) ?? String(raw));
  return s.length > 60 ? s.slice(0, 60) + "…" : s;
}

/** A value quoted as JSON for a message (at most about 60 characters), or a placeholder for secret-like columns. */
function quoted(value: unknown, field: PlanField): string {
  if (secretLike(field)) return "a value (not shown: the column looks secret)";
  return typeof value === "string" ? JSON.stringify(preview(value)) : (JSON.stringify(value) ?? String(value));
}

const TYPE_WORDS: Record<string, string> = {
  integer: "a whole number",
  number: "a number",
  boolean: "a boolean (true/false/yes/no/1/0)",
  date: "a date (YYYY-MM-DD)",
  string: "a string",
  "string[]": "a list of strings",
};

/**
 * A JSON list in a column that a list field reads, as the text of a cell (README, "How segform reads data"): its
 * items' text (strings as written, numbers and booleans as JavaScript prints them, nulls dropped) joined with the
 * separator of the first list field on the column; every field reading the column then reads that text. A list
 * holding an object or a list cannot be read (INVALID: missing as a whole). So a JSON list reads as the same list
 * written in a CSV cell, and every engine can read it alike: the SQL engines get this text from their file views.
 */
function listText(items: readonly unknown[], separator: string): string | null | typeof INVALID {
  const parts: string[] = [];
  for (const item of items) {
    if (item === null || item === undefined) continue;
    if (typeof item === "object") return INVALID;
    if (typeof item === "number" && !Number.isFinite(item)) return INVALID;
    parts.push(String(item));
  }
  const joined = parts.join(separator);
  return joined === "" ? null : joined;
}

/** Turns raw input (CSV cells or JSON values) into typed values following the plan's field contract. */
export class RecordCoercer {
  private readonly coercers: Coerce[];
  private readonly defaults: Value[];
  private readonly enums: (Set<string | number | boolean> | null)[];
  /** Per field: the separator a JSON list in its column is joined with (see listText), or undefined. */
  private readonly listSeparators: (string | undefined)[];

  constructor(readonly fields: readonly PlanField[]) {
    this.coercers = fields.map(coercerFor);
    const firstListSeparator = new Map<string, string>();
    for (const field of fields)
      if (field.type === "string[]" && !firstListSeparator.has(field.column))
        firstListSeparator.set(field.column, field.separator);
    this.listSeparators = fields.map((field) => firstListSeparator.get(field.column));
    this.defaults = fields.map((field) => {
      if (field.default === null) return null;
      if (field.type === "date") return parseDay(String(field.default));
      return field.default as Value;
    });
    // Enum values are in the plan's form (dates as YYYY-MM-DD); compare them in the runtime form (day numbers).
    this.enums = fields.map((field) =>
      field.enum
        ? new Set(field.enum.map((item) => (field.type === "date" ? (parseDay(String(item)) ?? item) : item)))
        : null,
    );
  }

  /**
   * Coerces one raw value into slot `index`. Reports a problem through `issue` and returns null (missing)
   * when the value cannot be taken; applies the default when the value is missing.
   */
  coerce(index: number, raw: unknown, issue?: (problem: CoercionIssue) => void): Value {
    const separator = this.listSeparators[index];
    const input = separator !== undefined && Array.isArray(raw) ? listText(raw, separator) : raw;
    return this.checked(index, raw, input === INVALID ? INVALID : this.coercers[index]!(input), issue);
  }

  /** `coerce`'s checks of a coerced value (invalid, enum, missing: default), with their issues. */
  private checked(
    index: number,
    raw: unknown,
    coerced: Value | typeof INVALID,
    issue?: (problem: CoercionIssue) => void,
  ): Value {
    const field = this.fields[index]!;
    let value = coerced;
    if (value === INVALID) {
      issue?.({
        code: "SEG100",
        column: field.column,
        field: field.name,
        value: preview(raw, field),
        message: `${quoted(preview(raw), field)} is not ${field.type === "date" && field.format !== undefined ? `a date (${field.format})` : TYPE_WORDS[field.type]} (field ${field.name})`,
      });
      value = null;
    } else if (value !== null) {
      const allowed = this.enums[index];
      if (allowed) {
        let bad: string | number | boolean | undefined;
        if (Array.isArray(value)) bad = value.find((item) => !allowed.has(item));
        else if (!allowed.has(value)) bad = value;
        if (bad !== undefined) {
          issue?.({
            code: "SEG102",
            column: field.column,
            field: field.name,
            value: preview(raw, field),
            message: `${quoted(field.type === "date" ? formatDay(bad as number) : bad, field)} is not one of ${field.enum!.join(", ")} (field ${field.name})`,
          });
          value = null;
        }
      }
    }
    if (value === null) {
      value = this.defaults[index]!;
      if (value === null && !field.nullable) {
        issue?.({
          code: "SEG101",
          column: field.column,
          field: field.name,
          value: "",
          message: `required value missing (field ${field.name})`,
        });
      }
    }
    return value;
  }

  /** Coerces a JSON object keyed by column names. */
  fromObject(row: Record<string, unknown>, issue?: (problem: CoercionIssue) => void): Value[] {
    const out = new Array<Value>(this.fields.length);
    for (let i = 0; i < this.fields.length; i++) {
      const column = this.fields[i]!.column;
      out[i] = this.coerce(i, Object.hasOwn(row, column) ? row[column] : undefined, issue);
    }
    return out;
  }

  /** Column positions for delimited rows with this header; -1 where the column is absent. */
  columnIndexes(header: readonly string[]): number[] {
    const positions = new Map<string, number>();
    header.forEach((name, index) => {
      const trimmed = name.trim();
      if (!positions.has(trimmed)) positions.set(trimmed, index);
    });
    return this.fields.map((field) => positions.get(field.column) ?? -1);
  }

  /** Coerces a delimited row, given column positions from `columnIndexes`. */
  fromCells(cells: readonly string[], indexes: readonly number[], issue?: (problem: CoercionIssue) => void): Value[] {
    const n = this.fields.length;
    const out = new Array<Value>(n);
    const { coercers, enums } = this;
    for (let i = 0; i < n; i++) {
      const position = indexes[i]!;
      // A cell is text (never a JSON list): `coerce` without its list step; a value that needs no check is taken.
      const raw = position < 0 ? undefined : cells[position];
      const value = coercers[i]!(raw);
      out[i] = value !== null && value !== INVALID && enums[i] === null ? value : this.checked(i, raw, value, issue);
    }
    return out;
  }
}
