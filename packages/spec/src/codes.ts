/**
 * Every diagnostic code segform emits, with a one-line meaning. Codes are stable: a code is never
 * reused for a different problem. The README's table is checked against this list by a test.
 */
export const CODES = {
  SEG001: "YAML syntax error",
  SEG002: "duplicate key in a mapping",
  SEG003: "unsafe or unsupported YAML (alias, custom tag, reserved key, too deep, too large)",
  SEG004: "file not found or unreadable",
  SEG005: "unsupported language version",
  SEG010: "unknown key",
  SEG011: "wrong value type",
  SEG012: "value not allowed (enum, pattern or range)",
  SEG013: "missing required key",
  SEG020: "unknown field or score",
  SEG021: "operator does not apply to the field's type, or value of the wrong type",
  SEG022: "value not in the field's enum",
  SEG023: "dangling reference (define, activation, destination, field)",
  SEG024: "duplicate id or name",
  SEG025: "unreachable tier or segment",
  SEG026: "segment count outside 4-7",
  SEG027: "import cycle",
  SEG028: "defined in more than one file",
  SEG029: "invalid or unsafe regular expression",
  SEG030: "literal secret (use ${env:NAME})",
  SEG031: "cycle between named conditions",
  SEG032: "invalid date",
  SEG033: "unknown template placeholder",
  SEG034: "score must have exactly one of criteria / from",
  SEG035: "fallback segment not last",
  SEG036: "empty condition",
  SEG037: "score used before it is computed",
  SEG038: "invalid ranking key",
  SEG100: "value cannot be coerced to the field's type",
  SEG101: "required value missing",
  SEG102: "value not in the field's enum",
  SEG103: "declared column missing from the data",
  SEG104: "duplicate account key",
  SEG105: "malformed data row",
  SEG106: "data file not found or unreadable",
  SEG107: "unsupported data format",
} as const;

export type DiagnosticCode = keyof typeof CODES;
