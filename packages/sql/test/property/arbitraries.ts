// Arbitraries for the SQL property test: plans built directly as IR (every field type, every operator valid for
// the type, nesting, scores, capacities, segments that read the tier, activations) and accounts as raw text,
// the way a CSV file gives them.
//
// Plans and accounts are generated independently (no `chain`), so fast-check shrinks both freely; they meet
// through small shared value pools: thresholds are drawn from the same pools as the account values (and,
// for scores, from the sums the criteria can actually reach), so ties at thresholds are common. References
// that depend on the rest of the plan (a criterion reading an earlier score, a segment reading a tier id, a
// rank key) are generated as indexes and resolved when the plan is built.
import fc from "fast-check";
import { RE2JS } from "re2js";
import {
  PLAN_VERSION,
  foldCase,
  formatDay,
  normalizeNullValues,
  parseDay,
  withHash,
  type ComputeExpr,
  type ContactsExpr,
  type Expr,
  type FieldType,
  type Measure,
  type Plan,
  type PlanActivation,
  type PlanComputed,
  type PlanContacts,
  type PlanField,
  type PlanRankKey,
  type PlanScore,
  type PlanSegment,
  type PlanTier,
  type ScalarValue,
  type TestExpr,
  type TestOperator,
  type UnhashedPlan,
} from "@segform/plan";

// ---------------------------------------------------------------------------------------------------------------
// The input table: a fixed set of text columns. Every plan declares a field for each (the key's type varies).

export interface ColumnDef {
  field: string;
  column: string;
  type: FieldType;
}

/** Field name, input column (hostile identifiers on purpose) and type. The key field `id` is first. */
export const COLUMNS: readonly ColumnDef[] = [
  { field: "id", column: "id", type: "string" /* per plan: string, integer or number */ },
  { field: "emp", column: "Employees", type: "integer" },
  { field: "n2", column: "n2", type: "integer" },
  { field: "rev", column: "Revenue ($)", type: "number" },
  { field: "x2", column: "x2", type: "number" },
  { field: "title", column: "Title", type: "string" },
  { field: "s2", column: 'it\'s "quoted"', type: "string" },
  { field: "demo", column: "Demo?", type: "boolean" },
  { field: "visit", column: "visit date", type: "date" },
  { field: "d2", column: "d2", type: "date" },
  { field: "tech", column: "Tech", type: "string[]" },
  { field: "tags", column: "tags", type: "string[]" },
];

export const KEY_TYPES = ["string", "integer", "number"] as const;
export type KeyType = (typeof KEY_TYPES)[number];

// ---------------------------------------------------------------------------------------------------------------
// Value pools, shared by thresholds and account values

export const INT_POOL = [0, 1, -1, 7, 42, 999, 1000, 1200, 9007199254740991, -9007199254740991];
export const NUMBER_POOL = [
  0, 0.1, 0.2, 0.3, 0.30000000000000004, 1.5, -1.5, 2.675, 12.5, 33.33333, 99.99995, 100, 1e21, 1e-7, 5e-324,
  1.7976931348623157e308, -2.5, 1000.5,
];
export const DATE_POOL = [
  "2026-11-01",
  "2026-10-31",
  "2026-10-02",
  "2026-02-28",
  "2024-02-29",
  "2000-01-01",
  "1970-01-01",
  "1969-12-31",
  "0001-01-01",
  "9999-12-31",
];
export const AS_OF_POOL = ["2026-11-01", "2026-11-01", "2024-02-29", "0001-01-05", "9999-12-31"];

/** Text values (after trimming): quotes, backslashes, LIKE wildcards, the list separator, case and Unicode traps. */
export const STRING_POOL = [
  "a",
  "A",
  "b",
  "ab",
  "abc",
  "Head of Data",
  "head of data",
  "HEAD",
  "VP Sales",
  "it's",
  'say "hi"',
  "back\\slash",
  "\\",
  "100%",
  "a_b",
  "a%b",
  "x;y",
  ";",
  "é",
  "e\u0301",
  "É",
  "ß",
  "ss",
  "SS",
  "k",
  "K",
  "\u212a",
  "s",
  "\u017f",
  "😀",
  "😀x",
  "\uffff",
  "\u{10000}",
  "\ue000",
  "日本語",
  "new\nline",
  "tab\tin",
  "--",
  "/*x*/",
  "$$",
  "\u0085x",
  "\u200b",
  "x\u200b",
  "0",
  "1.5",
  "true",
];
export const LIST_ITEMS = [
  "dbt",
  "DBT",
  "snowflake",
  "power bi",
  "a",
  "A",
  "é",
  "e\u0301",
  "😀",
  "\uffff",
  "it's",
  "back\\slash",
  "%",
  "_",
  "x y",
];

/** JavaScript's String.prototype.trim whitespace (a sample), and characters it does not trim. */
const TRIMMED = [
  " ",
  "\t",
  "\n",
  "\r\n",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
  "\ufeff",
  "\v",
  "\f",
];
const NOT_TRIMMED = ["\u0085", "\u200b", "\u180e", "\u2060"];

const KEY_POOL = [
  "1",
  "01",
  "+1",
  "1.0",
  "2",
  "10",
  "9",
  "-5",
  "1e3",
  "1000",
  "1,000",
  "0.1",
  "1.5",
  "-0",
  "0",
  "9007199254740991",
  "9007199254740993",
  "1e21",
  "1e-7",
  "n/a",
  "a",
  "A",
  "b",
  "B",
  "é",
  "e\u0301",
  "É",
  "😀",
  "\u{10000}",
  "\uffff",
  "\ue000",
  "ab",
  "aB",
  "k",
  "K",
  "\u212a",
  "ß",
  "ss",
  "it's",
  "back\\slash",
  "%",
  "_",
  " a",
  "a ",
  "\u00a0b",
  "",
  "1,5",
  "x;y",
];

// ---------------------------------------------------------------------------------------------------------------
// Raw text renderings of values: accepted forms and rejected ones

const pad = fc.constantFrom("", "", "", ...TRIMMED);
const padded = (core: fc.Arbitrary<string>) => fc.tuple(pad, core, pad).map(([a, v, b]) => a + v + b);

function thousands(n: number): string {
  const negative = n < 0 || Object.is(n, -0);
  const digits = BigInt(Math.trunc(Math.abs(n))).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + grouped;
}

const integerText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...INT_POOL), fc.integer({ min: 0, max: 7 }))
      .map(([n, style]) => renderInteger(n, style)),
  },
  { weight: 1, arbitrary: padded(fc.constantFrom(...INT_POOL.map(String))) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "",
      "n/a",
      "1,20",
      "1e3",
      "1.5",
      "9007199254740992",
      "9007199254740993",
      "-9007199254740993",
      "0x10",
      "1 000",
      "\u200b1",
      "--1",
      "+-1",
      "١٢",
      "１２",
      "-0",
      "+0",
      "-",
      ".",
      "1,000.00",
      "1,000.5",
      "12,00",
      "1,2000",
      "007.000",
      "1.",
      "0009007199254740991",
      "9,007,199,254,740,991",
    ),
  },
);

function renderInteger(n: number, style: number): string {
  const text = String(n);
  switch (style) {
    case 1:
      return n >= 0 ? "+" + text : text;
    case 2:
      return text + ".0";
    case 3:
      return text + ".";
    case 4:
      return (n < 0 ? "-00" : "00") + String(Math.abs(n));
    case 5:
      return thousands(n);
    case 6:
      return text + ".000";
    default:
      return text;
  }
}

const numberText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...NUMBER_POOL, ...INT_POOL), fc.integer({ min: 0, max: 5 }))
      .map(([x, style]) => renderNumber(x, style)),
  },
  { weight: 1, arbitrary: padded(fc.constantFrom(...NUMBER_POOL.map(String))) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "",
      "n/a",
      "1e400",
      "-1e400",
      "1e-400",
      "-0",
      "NaN",
      "Infinity",
      "-Infinity",
      "1,2345",
      ".5",
      "5.",
      "-.5e1",
      "1E+2",
      "1.7976931348623159e308",
      "2.4703282292062328e-324",
      "2.4703282292062327e-324",
      "1,200.",
      "1,200.50",
      "0.1e1",
      "1_000",
      "$5",
      "1e",
      "e5",
      "+.5",
      "0.30000000000000004",
      "9007199254740993",
      "1,000,000,000,000,000,000,000",
    ),
  },
);

function renderNumber(x: number, style: number): string {
  switch (style) {
    case 1:
      return x.toExponential();
    case 2:
      return x >= 0 ? "+" + String(x) : String(x);
    case 3:
      return Math.abs(x) >= 1000 && Math.abs(x) < 1e22 && Number.isInteger(x) ? thousands(x) : String(x);
    case 4:
      return Number.isInteger(x) && Math.abs(x) < 1e21 ? String(x) + ".50" : String(x) + "0";
    default:
      return String(x);
  }
}

const dateText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...DATE_POOL),
        fc.constantFrom("", "", "", "T10:00:00Z", " 23:59", "T00:00:00.123+05:30", "T10:00-0800", "T23:59:59"),
      )
      .map(([date, time]) => date + time),
  },
  { weight: 1, arbitrary: padded(fc.constantFrom(...DATE_POOL)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "",
      "2026-02-29",
      "2023-02-29",
      "1900-02-29",
      "0000-01-01",
      "2026-13-01",
      "2026-00-10",
      "2026-04-31",
      "2026-1-5",
      "2026/11/01",
      "20261101",
      "2026-11-01T25",
      "2026-11-01X",
      "10000-01-01",
      "2026-11-01T10:00:00+05",
      "n/a",
      "2026-11-01T10",
      "2026-11-01T10:00:00.Z",
    ),
  },
);

const booleanText = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      "true",
      "TRUE",
      "True",
      "t",
      "T",
      "yes",
      "YES",
      "Yes",
      "y",
      "Y",
      "1",
      "false",
      "FALSE",
      "f",
      "F",
      "no",
      "No",
      "n",
      "N",
      "0",
    ),
  },
  { weight: 1, arbitrary: padded(fc.constantFrom("yes", "no", "true", "0")) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("", "maybe", "on", "off", "yeſ", "tru", "2", "\u200byes", "-1", "1.0", "nO ", "TrUe"),
  },
);

const stringText = fc.oneof(
  { weight: 5, arbitrary: padded(fc.constantFrom(...STRING_POOL)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", " ", "\u00a0\u2028", "\ufeff", ...NOT_TRIMMED.map((ch) => ch + "a" + ch)),
  },
);

const listText = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(
        fc.oneof(
          { weight: 5, arbitrary: padded(fc.constantFrom(...LIST_ITEMS)) },
          { weight: 1, arbitrary: fc.constantFrom("", " ", "\u00a0") },
        ),
        { maxLength: 4 },
      )
      .map((items) => items.join(";")),
  },
  { weight: 1, arbitrary: fc.constantFrom("", ";", " ; ; ", "dbt,snowflake", "dbt|looker", "dbt;;dbt", ";dbt;") },
);

const keyText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEY_POOL) },
  { weight: 1, arbitrary: padded(fc.constantFrom(...KEY_POOL)) },
);

const TEXT_BY_TYPE: Record<FieldType, fc.Arbitrary<string>> = {
  integer: integerText,
  number: numberText,
  date: dateText,
  boolean: booleanText,
  string: stringText,
  "string[]": listText,
};

/** One account: a raw text value (or null: the column is missing in that row) per column. */
export type RawRow = Record<string, string | null>;

const cell = (text: fc.Arbitrary<string>) => fc.option(text, { nil: null, freq: 6 });

/** Placeholders as CRMs write them, in any case and padded (read as missing where a field declares them). */
export const PLACEHOLDER_POOL = [
  "n/a",
  "N/A",
  "-",
  "Unknown",
  "UNKNOWN",
  "unknown\u0130",
  "none",
  "0",
  "TRUE",
  "2026-11-01",
  "a",
];
const placeholderText = padded(fc.constantFrom(...PLACEHOLDER_POOL));

export const rowArb: fc.Arbitrary<RawRow> = fc.record(
  Object.fromEntries(
    COLUMNS.map((c) => [
      c.column,
      c.field === "id"
        ? cell(keyText)
        : cell(fc.oneof({ weight: 8, arbitrary: TEXT_BY_TYPE[c.type] }, { weight: 1, arbitrary: placeholderText })),
    ]),
  ) as Record<string, fc.Arbitrary<string | null>>,
);

/** Up to `maxLength` accounts, no two with the same raw key text (coerced keys may still tie: "1" and "1.0"). */
export function rowsArb(maxLength: number): fc.Arbitrary<RawRow[]> {
  return fc.uniqueArray(rowArb, {
    maxLength,
    size: "max",
    selector: (row) => (row.id === null ? "\u0000null" : row.id),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Regular expressions: RE2 syntax that regex.ts translates exactly for PostgreSQL ((?i) only over ASCII)

const RE_SPECIAL = new Set([..."\\.+*?()|[]{}^$"]);
const reLiteral = fc
  .constantFrom(
    "a",
    "A",
    "b",
    "e",
    "é",
    "\u0301",
    "😀",
    "\uffff",
    " ",
    "%",
    "_",
    ";",
    "'",
    '"',
    "k",
    "K",
    "s",
    "S",
    "ß",
    "1",
    "0",
    "-",
    "/",
    "日",
    "\u212a",
    "\u017f",
    "x",
    "H",
    "h",
    "d",
    ".",
    "\\",
    "$",
    "(",
    "\n",
  )
  .map((ch) => (RE_SPECIAL.has(ch) ? "\\" + ch : ch));
const reEscape = fc.constantFrom(
  "\\.",
  "\\\\",
  "\\n",
  "\\t",
  "\\x41",
  "\\x{1F600}",
  "\\x{e9}",
  "\\%",
  "\\_",
  "\\Q.*\\E",
  "\\Q\\\\E",
  "\\-",
  "\\'",
);
const reClass = fc.constantFrom(
  "[a-z]",
  "[^a]",
  "[aé]",
  "[A-Z0-9]",
  "[^a-z]",
  "\\d",
  "\\w",
  "\\s",
  "\\W",
  "\\S",
  "\\D",
  ".",
  "[[:alpha:]]",
  "[[:^digit:]]",
  "[[:punct:]]",
  "[^\\n]",
  "[😀-😂]",
  "[\\x{e000}-\\x{10ffff}]",
  "[%_]",
  "[-a]",
  "[]a]",
  "[a-]",
  "[\\]]",
  "[\\\\]",
  "[^\\\\]",
  "[\\d\\s]",
  "[^\\w]",
  "[\\x{80}-\\x{ffff}]",
);
const reAnchor = fc.constantFrom("^", "$", "\\A", "\\z", "\\b", "\\B");
const reQuantifier = fc.constantFrom("", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "{2,}", "*?", "+?", "??");

const { pattern: rePattern } = fc.letrec<{ pattern: string; piece: string; atom: string; group: string }>((tie) => ({
  pattern: fc.array(tie("piece"), { minLength: 1, maxLength: 4 }).map((pieces) => pieces.join("")),
  piece: fc.oneof(
    { weight: 5, arbitrary: fc.tuple(tie("atom"), reQuantifier).map(([atom, q]) => atom + q) },
    { weight: 1, arbitrary: reAnchor },
  ),
  atom: fc.oneof(
    { maxDepth: 2, depthSize: "small", withCrossShrink: true },
    { weight: 5, arbitrary: reLiteral },
    { weight: 1, arbitrary: reEscape },
    { weight: 3, arbitrary: reClass },
    { weight: 1, arbitrary: tie("group") },
  ),
  group: fc
    .tuple(
      fc.constantFrom("(", "(?:", "(?P<g>", "(?<h>"),
      fc.array(fc.oneof(tie("pattern"), fc.constant("")), { minLength: 1, maxLength: 3 }),
    )
    .map(([open, branches]) => open + branches.join("|") + ")"),
}));

const HANDWRITTEN_PATTERNS = [
  "(?i)^(vp|head)\\b",
  "^[A-Z]",
  "data$",
  "\\d{3}",
  "^$",
  "",
  ".",
  "(?i)k",
  "(?i)s",
  "^.$",
  "(?s)^.+$",
  "(?m)^line$",
  "a|",
  "\\bof\\b",
  "é|e\u0301",
  "^\\s*$",
];

export const regexArb: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 1, arbitrary: fc.constantFrom(...HANDWRITTEN_PATTERNS) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom("", "", "", "(?i)", "(?s)", "(?m)", "(?is)", "(?ms)"), rePattern)
        .map(([flags, body]) => {
          // (?i) over ASCII only: the case orbit of a non-ASCII letter needs Unicode tables PostgreSQL does not share.
          const ascii = !/[^\x00-\x7f]|\\x\{/.test(body);
          const kept = ascii ? flags : flags.replace("i", "");
          return (kept === "(?)" ? "" : kept) + body;
        }),
    },
  )
  .map((pattern) => {
    try {
      RE2JS.compile(pattern);
      return pattern;
    } catch {
      return "a";
    }
  });

// ---------------------------------------------------------------------------------------------------------------
// Expressions (specs, resolved against the plan when it is built)

/** A test on a field other than the key, ready as IR except `within_days` against a date, resolved with the as-of. */
interface FieldLeaf {
  k: "field";
  test: TestExpr;
  /** within_days N with N = (as-of - date) + delta: a tie at the window's edge (within_next_days: date - as-of). */
  within?: { date: string; delta: number };
  /** days_ago / days_until tests whose thresholds are the measure of `date` (+ delta): ties at the edge. */
  edge?: { date: string; delta: number };
}
/** A test on the key; which one applies depends on the key's type. */
interface KeyLeaf {
  k: "key";
  text: TestExpr;
  number: TestExpr;
}
type ThresholdSpec = { pool: number } | { sum: number };
/** A test on a score (resolved by index among the scores visible there; the fallback when there are none). */
interface ScoreLeaf {
  k: "score";
  pick: number;
  op: TestOperator;
  values: ThresholdSpec[];
  fallback: FieldLeaf;
}
/** A test on the tier (segments and activations only; elsewhere the fallback). */
interface TierLeaf {
  k: "tier";
  op: TestOperator;
  picks: number[];
  fallback: FieldLeaf;
}
export type ExprSpec =
  | { k: "const"; value: boolean }
  | { k: "and" | "or"; args: ExprSpec[] }
  | { k: "not"; arg: ExprSpec }
  | { k: "named"; name: string; arg: ExprSpec }
  | FieldLeaf
  | KeyLeaf
  | ScoreLeaf
  | TierLeaf
  | ComputedLeaf
  | ContactsLeaf;

const test = (field: string, type: FieldType, op: TestOperator, value: ScalarValue | ScalarValue[]): TestExpr => ({
  op: "test",
  ref: { kind: "field", name: field, type },
  test: op,
  value,
});

/** A sorted, de-duplicated list (as the compiler lowers `in`, `not_in`, `contains_any`, `contains_all`). */
function sortedSet(values: ScalarValue[]): ScalarValue[] {
  const unique = [...new Map(values.map((value) => [`${typeof value}:${String(value)}`, value])).values()];
  return unique.sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
}

function numericLeaf(field: string, type: "integer" | "number", pool: readonly number[]): fc.Arbitrary<TestExpr> {
  const near = fc.tuple(fc.constantFrom(...pool), fc.constantFrom(0, 0, 0, 0, 0.5, -0.5, 1, -1)).map(([v, d]) => v + d);
  const whole = (x: number) => (type === "integer" && !Number.isInteger(x) ? Math.floor(x) : x);
  return fc.oneof(
    fc.tuple(fc.constantFrom<TestOperator>("eq", "ne"), near).map(([op, v]) => test(field, type, op, whole(v))),
    fc.tuple(fc.constantFrom<TestOperator>("gt", "gte", "lt", "lte"), near).map(([op, v]) => test(field, type, op, v)),
    fc
      .tuple(fc.constantFrom<TestOperator>("in", "not_in"), fc.array(near, { minLength: 1, maxLength: 4 }))
      .map(([op, vs]) => test(field, type, op, sortedSet(vs))),
    fc.tuple(near, near).map(([a, b]) => test(field, type, "between", [Math.min(a, b), Math.max(a, b)])),
    fc.constantFrom<TestOperator>("exists", "missing").map((op) => test(field, type, op, true)),
  );
}

const FIRST_DAY = parseDay("0001-01-01")!;
const LAST_DAY = parseDay("9999-12-31")!;
const nearDate = fc
  .tuple(fc.constantFrom(...DATE_POOL), fc.constantFrom(0, 0, 0, 1, -1))
  .map(([date, delta]) => formatDay(Math.min(LAST_DAY, Math.max(FIRST_DAY, parseDay(date)! + delta))));

function dateLeaf(field: string): fc.Arbitrary<FieldLeaf> {
  const plain = (t: fc.Arbitrary<TestExpr>) => t.map((t): FieldLeaf => ({ k: "field", test: t }));
  return fc.oneof(
    plain(
      fc
        .tuple(fc.constantFrom<TestOperator>("eq", "ne", "gt", "gte", "lt", "lte"), nearDate)
        .map(([op, v]) => test(field, "date", op, v)),
    ),
    plain(
      fc
        .tuple(fc.constantFrom<TestOperator>("in", "not_in"), fc.array(nearDate, { minLength: 1, maxLength: 3 }))
        .map(([op, vs]) => test(field, "date", op, sortedSet(vs))),
    ),
    plain(fc.tuple(nearDate, nearDate).map(([a, b]) => test(field, "date", "between", a <= b ? [a, b] : [b, a]))),
    plain(fc.constantFrom<TestOperator>("exists", "missing").map((op) => test(field, "date", op, true))),
    plain(
      fc
        .tuple(
          fc.constantFrom<TestOperator>("within_days", "within_next_days"),
          fc.constantFrom(0, 1, 7, 30, 365, 1_000_000, 4_000_000),
        )
        .map(([op, n]) => test(field, "date", op, n)),
    ),
    fc
      .tuple(
        fc.constantFrom<TestOperator>("within_days", "within_next_days"),
        fc.constantFrom(...DATE_POOL),
        fc.constantFrom(0, 1, -1),
      )
      .map(
        ([op, date, delta]): FieldLeaf => ({ k: "field", test: test(field, "date", op, 0), within: { date, delta } }),
      ),
    // days_ago / days_until: numeric tests on whole days from / to the as-of date.
    fc
      .tuple(fc.constantFrom<Measure>("days_ago", "days_until"), numericShape(DAY_THRESHOLDS))
      .map(([measure, t]): FieldLeaf => ({ k: "field", test: measuredTest(field, measure, t) })),
    fc
      .tuple(
        fc.constantFrom<Measure>("days_ago", "days_until"),
        fc.constantFrom<TestOperator>("eq", "ne", "gt", "gte", "lt", "lte"),
        fc.constantFrom(...DATE_POOL),
        fc.constantFrom(0, 1, -1),
      )
      .map(
        ([measure, op, date, delta]): FieldLeaf => ({
          k: "field",
          test: measuredTest(field, measure, { test: op, value: 0 }),
          edge: { date, delta },
        }),
      ),
  );
}

/** Thresholds for days: around zero, a month, a year, and beyond the whole calendar. */
const DAY_THRESHOLDS = [0, 1, -1, 7, 30, -30, 90, 365, 1_000_000, -1_000_000, 3_652_058, 0.5, -0.5];
/** Thresholds for list lengths. */
const COUNT_THRESHOLDS = [0, 1, 2, 3, 4, -1, 1.5];

/** A numeric test shape over a pool (exact tests use whole numbers: the compiler refuses fractions there, SEG042). */
function numericShape(
  pool: readonly number[],
): fc.Arbitrary<{ test: TestOperator; value: ScalarValue | ScalarValue[] }> {
  const whole = pool.filter((n) => Number.isInteger(n));
  return fc.oneof(
    fc
      .tuple(fc.constantFrom<TestOperator>("eq", "ne"), fc.constantFrom(...whole))
      .map(([op, v]) => ({ test: op, value: v })),
    fc
      .tuple(fc.constantFrom<TestOperator>("gt", "gte", "lt", "lte"), fc.constantFrom(...pool))
      .map(([op, v]) => ({ test: op, value: v })),
    fc
      .tuple(
        fc.constantFrom<TestOperator>("in", "not_in"),
        fc.array(fc.constantFrom(...whole), { minLength: 1, maxLength: 3 }),
      )
      .map(([op, vs]) => ({ test: op, value: sortedSet(vs) })),
    fc
      .tuple(fc.constantFrom(...pool), fc.constantFrom(...pool))
      .map(([a, b]) => ({ test: "between" as TestOperator, value: [Math.min(a, b), Math.max(a, b)] })),
  );
}

function measuredTest(
  field: string,
  measure: Measure,
  shape: { test: TestOperator; value: ScalarValue | ScalarValue[] },
): TestExpr {
  return {
    op: "test",
    ref: { kind: "field", name: field, type: "integer", measure },
    test: shape.test,
    value: shape.value,
  };
}

/** A non-empty piece of a pool string, cut at code points (so combining marks may be cut off their letter). */
const pieceOf = (kind: "prefix" | "suffix" | "middle") =>
  fc.tuple(fc.constantFrom(...STRING_POOL), fc.nat(), fc.nat()).map(([text, a, b]) => {
    const points = [...text];
    const n = points.length;
    let from = kind === "prefix" ? 0 : a % n;
    let to = kind === "suffix" ? n : from + 1 + (b % (n - from));
    if (to <= from) [from, to] = [0, n];
    return points.slice(from, to).join("");
  });

function stringLeaf(field: string): fc.Arbitrary<TestExpr> {
  const value = fc.constantFrom(...STRING_POOL);
  return fc.oneof(
    fc.tuple(fc.constantFrom<TestOperator>("eq", "ne"), value).map(([op, v]) => test(field, "string", op, v)),
    fc
      .tuple(fc.constantFrom<TestOperator>("in", "not_in"), fc.array(value, { minLength: 1, maxLength: 4 }))
      .map(([op, vs]) => test(field, "string", op, sortedSet(vs))),
    fc.constantFrom<TestOperator>("exists", "missing").map((op) => test(field, "string", op, true)),
    pieceOf("middle").map((v) => test(field, "string", "contains", v)),
    pieceOf("prefix").map((v) => test(field, "string", "starts_with", v)),
    pieceOf("suffix").map((v) => test(field, "string", "ends_with", v)),
    regexArb.map((v) => test(field, "string", "matches", v)),
  );
}

function booleanLeaf(field: string): fc.Arbitrary<TestExpr> {
  return fc.oneof(
    fc.tuple(fc.constantFrom<TestOperator>("eq", "ne"), fc.boolean()).map(([op, v]) => test(field, "boolean", op, v)),
    fc.constantFrom<TestOperator>("exists", "missing").map((op) => test(field, "boolean", op, true)),
  );
}

function listLeaf(field: string): fc.Arbitrary<TestExpr> {
  const item = fc.constantFrom(...LIST_ITEMS);
  return fc.oneof(
    numericShape(COUNT_THRESHOLDS).map((shape) => measuredTest(field, "count", shape)),
    item.map((v) => test(field, "string[]", "contains", v)),
    fc
      .tuple(
        fc.constantFrom<TestOperator>("contains_any", "contains_all"),
        fc.array(item, { minLength: 1, maxLength: 3 }),
      )
      .map(([op, vs]) => test(field, "string[]", op, sortedSet(vs))),
    fc.constantFrom<TestOperator>("exists", "missing").map((op) => test(field, "string[]", op, true)),
  );
}

const NUMERIC_KEY_POOL = [0, 1, 2, 9, 10, 1000, -5, 0.1, 1.5, 1e21];

const fieldLeafArb: fc.Arbitrary<FieldLeaf> = fc.oneof(
  ...COLUMNS.filter((c) => c.field !== "id").map((c): fc.Arbitrary<FieldLeaf> => {
    switch (c.type) {
      case "integer":
        return numericLeaf(c.field, "integer", INT_POOL).map((t) => ({ k: "field", test: t }));
      case "number":
        return numericLeaf(c.field, "number", NUMBER_POOL).map((t) => ({ k: "field", test: t }));
      case "date":
        return dateLeaf(c.field);
      case "string":
        return stringLeaf(c.field).map((t) => ({ k: "field", test: t }));
      case "boolean":
        return booleanLeaf(c.field).map((t) => ({ k: "field", test: t }));
      case "string[]":
        return listLeaf(c.field).map((t) => ({ k: "field", test: t }));
    }
  }),
);

const keyLeafArb: fc.Arbitrary<KeyLeaf> = fc
  .record({ text: stringLeaf("id"), number: numericLeaf("id", "number", NUMERIC_KEY_POOL) })
  .map(({ text, number }) => ({ k: "key", text, number }));

export const SCORE_THRESHOLDS = [
  0, 0.00005, 0.1, 0.3, 0.30000000000000004, 5, 10, 20.5, 33.33333, 40, 49.99995, 50, 60, 99.99995, 100,
];
const thresholdArb: fc.Arbitrary<ThresholdSpec> = fc.oneof(
  fc.nat({ max: SCORE_THRESHOLDS.length - 1 }).map((pool) => ({ pool })),
  fc.nat({ max: 255 }).map((sum) => ({ sum })),
);

const scoreLeafArb: fc.Arbitrary<ScoreLeaf> = fc
  .record({
    pick: fc.nat({ max: 7 }),
    shape: fc.oneof(
      fc
        .tuple(fc.constantFrom<TestOperator>("eq", "ne", "gt", "gte", "lt", "lte"), thresholdArb)
        .map(([op, t]) => ({ op, values: [t] })),
      fc
        .tuple(fc.constantFrom<TestOperator>("in", "not_in"), fc.array(thresholdArb, { minLength: 1, maxLength: 3 }))
        .map(([op, values]) => ({ op, values })),
      fc.tuple(thresholdArb, thresholdArb).map(([a, b]) => ({ op: "between" as TestOperator, values: [a, b] })),
      fc.constantFrom<TestOperator>("exists", "missing").map((op) => ({ op, values: [] as ThresholdSpec[] })),
    ),
    fallback: fieldLeafArb,
  })
  .map(({ pick, shape, fallback }) => ({ k: "score", pick, op: shape.op, values: shape.values, fallback }));

const tierLeafArb: fc.Arbitrary<TierLeaf> = fc
  .record({
    op: fc.constantFrom<TestOperator>("eq", "ne", "in", "not_in", "exists", "missing"),
    picks: fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 3 }),
    fallback: fieldLeafArb,
  })
  .map((leaf) => ({ k: "tier", ...leaf }));

// ---------------------------------------------------------------------------------------------------------------
// Derived fields (`compute:`): numeric expressions over the numeric and date columns, and tests on their values.
// Field operands are clamped to [-1e9, 1e9] and rounded to 4 decimals, and divisors rounded to 2 decimals, so no
// intermediate value overflows or underflows to 0 (PostgreSQL stops with an error there, where JS and DuckDB give
// Infinity, read as missing, or 0; README, "Derived fields").

/** A numeric expression of a derived field, as a spec (resolved to the plan's ComputeExpr when the plan is built). */
export type NumSpec =
  | { k: "num"; value: number }
  | { k: "field"; field: string }
  | { k: "prev" }
  | { k: "days"; from: string; to: string }
  | { k: "neg" | "abs"; arg: NumSpec }
  | { k: "round"; arg: NumSpec; digits: number }
  | { k: "+" | "-" | "*" | "/"; left: NumSpec; right: NumSpec }
  | { k: "min" | "max" | "coalesce"; args: NumSpec[] };

export interface ComputedSpec {
  /** Numeric derived fields k1, k2 (k2 may read k1). */
  numbers: NumSpec[];
  /** A date derived field kd: coalesce, min or max of the two date columns. */
  date: "coalesce" | "min" | "max" | null;
}

const DATE_FIELDS = COLUMNS.filter((c) => c.type === "date").map((c) => c.field);

const { num: numSpecArb } = fc.letrec<{ num: NumSpec; leaf: NumSpec }>((tie) => ({
  leaf: fc.oneof(
    {
      weight: 2,
      arbitrary: fc.constantFrom(0, 1, 2, 0.5, 3, 100, 1000).map((value): NumSpec => ({ k: "num", value })),
    },
    {
      weight: 5,
      arbitrary: fc
        .constantFrom(
          ...COLUMNS.filter((c) => c.field !== "id" && (c.type === "integer" || c.type === "number")).map(
            (c) => c.field,
          ),
        )
        .map((field): NumSpec => ({ k: "field", field })),
    },
    { weight: 1, arbitrary: fc.constant<NumSpec>({ k: "prev" }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...DATE_FIELDS), fc.constantFrom(...DATE_FIELDS))
        .map(([from, to]): NumSpec => ({ k: "days", from, to })),
    },
  ),
  num: fc.oneof(
    { maxDepth: 3, depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: tie("leaf") },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom<"+" | "-" | "*" | "/">("+", "-", "*", "/"), tie("num"), tie("num"))
        .map(([k, left, right]): NumSpec => ({ k, left, right })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom<"neg" | "abs">("neg", "abs"), tie("num"))
        .map(([k, arg]): NumSpec => ({ k, arg })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(tie("num"), fc.nat({ max: 3 }))
        .map(([arg, digits]): NumSpec => ({ k: "round", arg, digits })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom<"min" | "max" | "coalesce">("min", "max", "coalesce"),
          fc.array(tie("num"), { minLength: 2, maxLength: 3 }),
        )
        .map(([k, args]): NumSpec => ({ k, args })),
    },
  ),
}));

export const computedSpecArb: fc.Arbitrary<ComputedSpec> = fc.record({
  numbers: fc.array(numSpecArb, { maxLength: 2 }),
  date: fc.constantFrom<ComputedSpec["date"]>(null, null, "coalesce", "min", "max"),
});

const LIMIT: ComputeExpr = { op: "number", value: 1e9 };
const clamped = (inner: ComputeExpr): ComputeExpr => ({
  op: "call",
  fn: "round",
  args: [
    {
      op: "call",
      fn: "max",
      args: [
        { op: "call", fn: "min", args: [inner, LIMIT] },
        { op: "neg", arg: LIMIT },
      ],
    },
    { op: "number", value: 4 },
  ],
});

function resolveNum(spec: NumSpec, previous: string | null): ComputeExpr {
  switch (spec.k) {
    case "num":
      return { op: "number", value: spec.value };
    case "field": {
      const type = COLUMNS.find((c) => c.field === spec.field)!.type as "integer" | "number";
      return clamped({ op: "field", name: spec.field, type });
    }
    case "prev":
      return previous === null ? { op: "number", value: 7 } : clamped({ op: "field", name: previous, type: "number" });
    case "days":
      return {
        op: "call",
        fn: "days_between",
        args: [
          { op: "field", name: spec.from, type: "date" },
          { op: "field", name: spec.to, type: "date" },
        ],
      };
    case "neg":
      return { op: "neg", arg: resolveNum(spec.arg, previous) };
    case "abs":
      return { op: "call", fn: "abs", args: [resolveNum(spec.arg, previous)] };
    case "round":
      return {
        op: "call",
        fn: "round",
        args:
          spec.digits === 0
            ? [resolveNum(spec.arg, previous)]
            : [resolveNum(spec.arg, previous), { op: "number", value: spec.digits }],
      };
    case "/":
      // Divisors rounded to hundredths: 0 (missing) or at least 0.01 in size, so quotients stay in range.
      return {
        op: "/",
        left: resolveNum(spec.left, previous),
        right: { op: "call", fn: "round", args: [resolveNum(spec.right, previous), { op: "number", value: 2 }] },
      };
    case "+":
    case "-":
    case "*":
      return { op: spec.k, left: resolveNum(spec.left, previous), right: resolveNum(spec.right, previous) };
    case "min":
    case "max":
    case "coalesce":
      return { op: "call", fn: spec.k, args: spec.args.map((arg) => resolveNum(arg, previous)) };
  }
}

/** The plan's derived fields for a spec: k1, k2 (reading k1), kd; in plan order (each after what it reads). */
export function buildComputed(spec: ComputedSpec): PlanComputed[] {
  const out: PlanComputed[] = [];
  spec.numbers.forEach((num, index) =>
    out.push({ name: `k${index + 1}`, type: "number", expr: resolveNum(num, index === 0 ? null : "k1") }),
  );
  if (spec.date !== null)
    out.push({
      name: "kd",
      type: "date",
      expr: {
        op: "call",
        fn: spec.date,
        args: DATE_FIELDS.map((name) => ({ op: "field", name, type: "date" as const })),
      },
    });
  return out;
}

/** A test on a derived field (resolved by index among the plan's; the fallback when there are none). */
interface ComputedLeaf {
  k: "computed";
  pick: number;
  number: { test: TestOperator; value: ScalarValue | ScalarValue[] };
  date: FieldLeaf;
  fallback: FieldLeaf;
}

const COMPUTED_THRESHOLDS = [0, 1, -1, 0.5, 2, 3, 10, 100, 1000, 1e9, -1e9, 0.01, 42, 1e6];

const computedLeafArb: fc.Arbitrary<ComputedLeaf> = fc
  .record({
    pick: fc.nat({ max: 5 }),
    number: fc.oneof(
      { weight: 5, arbitrary: numericShape(COMPUTED_THRESHOLDS) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom<TestOperator>("exists", "missing")
          .map((test) => ({ test, value: true as ScalarValue })),
      },
    ),
    date: dateLeaf("kd"),
    fallback: fieldLeafArb,
  })
  .map((leaf) => ({ k: "computed", ...leaf }));

function resolveComputed(leaf: ComputedLeaf, ctx: Context): Expr {
  if (ctx.computed.length === 0) return resolveField(leaf.fallback, ctx);
  const field = ctx.computed[leaf.pick % ctx.computed.length]!;
  if (field.type === "date") return resolveField(leaf.date, ctx);
  return {
    op: "test",
    ref: { kind: "field", name: field.name, type: "number" },
    test: leaf.number.test,
    value: leaf.number.value,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions over an account's contacts (`contacts: { where, count, distinct_roles }`): a fixed contacts section
// (hostile contact columns, case folding, placeholders, roles from titles and seniority) and random tests over it.
// Contacts join an account by the text of its key, so plans with a number key (printed differently by the engines,
// see compile.ts) do not read contacts.

/** The contacts table: field name, input column (hostile identifiers) and type. */
export const CONTACT_COLUMNS: readonly ColumnDef[] = [
  { field: "cid", column: "Contact Id", type: "string" },
  { field: "account", column: "account's id", type: "string" },
  { field: "ctitle", column: "Title", type: "string" },
  { field: "level", column: "seniority", type: "string" },
  { field: "seen", column: "last seen", type: "date" },
];

const contactTest = (field: string, type: FieldType, op: TestOperator, value: ScalarValue | ScalarValue[]): TestExpr =>
  test(field, type, op, value);
const role = (op: TestOperator, value: ScalarValue | ScalarValue[]): TestExpr => ({
  op: "test",
  ref: { kind: "role", name: "role", type: "string" },
  test: op,
  value,
});

/** The plan's contacts section when contacts are read: roles by title (folded to lower case) and seniority. */
export function contactsSection(keyed: boolean): PlanContacts {
  const fields: PlanField[] = CONTACT_COLUMNS.map((c) => ({
    name: c.field,
    type: c.type,
    column: c.column,
    default: null,
    nullable: true,
    enum: null,
    separator: ";",
  }));
  fields.find((field) => field.name === "ctitle")!.case = "lower";
  fields.find((field) => field.name === "ctitle")!.nullValues = ["n/a"];
  return {
    accountKey: "account",
    key: keyed ? "cid" : null,
    fields: [...fields].sort((a, b) => (a.name < b.name ? -1 : 1)),
    roles: [
      { id: "ciso", when: contactTest("ctitle", "string", "contains", "ciso") },
      { id: "champion", when: contactTest("ctitle", "string", "contains", "director") },
      { id: "buyer", when: contactTest("level", "string", "in", ["c_level", "vp"]) },
    ],
  };
}

/** `where` conditions over contact fields and role (null: every contact). */
const CONTACT_WHERES: (Expr | null)[] = [
  null,
  role("eq", "ciso"),
  role("in", ["champion", "ciso"]),
  role("ne", "champion"),
  role("missing", true),
  contactTest("ctitle", "string", "starts_with", "vp"),
  {
    op: "and",
    args: [contactTest("level", "string", "eq", "c_level"), contactTest("seen", "date", "within_days", 30)],
  },
  { op: "not", arg: role("eq", "ciso") },
  {
    op: "or",
    args: [
      {
        ...contactTest("seen", "date", "gte", 90),
        ref: { kind: "field", name: "seen", type: "integer", measure: "days_ago" },
      },
      contactTest("seen", "date", "missing", true),
    ],
  },
];

/** A test over the account's contacts (the fallback when the plan reads none). */
interface ContactsLeaf {
  k: "contacts";
  where: number;
  measure: "count" | "distinct_roles";
  shape: { test: TestOperator; value: ScalarValue | ScalarValue[] };
  fallback: FieldLeaf;
}

const contactsLeafArb: fc.Arbitrary<ContactsLeaf> = fc
  .record({
    where: fc.nat({ max: CONTACT_WHERES.length - 1 }),
    measure: fc.constantFrom<"count" | "distinct_roles">("count", "distinct_roles"),
    shape: numericShape([0, 1, 2, 3, 0.5, -1]),
    fallback: fieldLeafArb,
  })
  .map((leaf) => ({ k: "contacts", ...leaf }));

function resolveContacts(leaf: ContactsLeaf, ctx: Context): Expr {
  if (!ctx.contacts) return resolveField(leaf.fallback, ctx);
  const expr: ContactsExpr = {
    op: "contacts",
    where: CONTACT_WHERES[leaf.where]!,
    measure: leaf.measure,
    test: leaf.shape.test,
    value: leaf.shape.value as number | number[],
  };
  return expr;
}

/** One contact: a raw text value (or null) per contact column. */
export type RawContact = Record<string, string | null>;

/** Account keys of contacts: mostly keys the accounts are likely to have, some hostile ones (padding, case, zeros). */
const CONTACT_ACCOUNT_KEYS = [
  "1",
  "01",
  "a",
  "A",
  "b",
  "2",
  "é",
  "e\u0301",
  " a",
  "a ",
  "1.0",
  "k",
  "\u212a",
  "9007199254740993",
  "",
];
const CONTACT_TITLES = [
  "CISO",
  "vp & ciso",
  "Director IT",
  "director",
  "VP Sales",
  "N/A",
  "n/a",
  "Analyst",
  "ciso\u00a0",
  "ÇISO",
  "",
  "vp",
  " VP Data ",
];
const CONTACT_LEVELS = ["c_level", "vp", "director", "manager", "C_LEVEL", ""];
const CONTACT_DATES = [
  "2026-10-20",
  "2026-11-01",
  "2026-08-03",
  "2026-08-02",
  "2024-02-01",
  "2026-12-01",
  "2026-02-30",
  "n/a",
  "",
];

export const contactRowArb: fc.Arbitrary<RawContact> = fc.record({
  "Contact Id": fc.option(fc.constantFrom("c1", "c2", "c3", "x"), { nil: null, freq: 6 }),
  "account's id": fc.option(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...CONTACT_ACCOUNT_KEYS) }, { weight: 1, arbitrary: keyText }),
    { nil: null, freq: 10 },
  ),
  Title: fc.option(fc.constantFrom(...CONTACT_TITLES), { nil: null, freq: 8 }),
  seniority: fc.option(fc.constantFrom(...CONTACT_LEVELS), { nil: null, freq: 8 }),
  "last seen": fc.option(fc.constantFrom(...CONTACT_DATES), { nil: null, freq: 6 }),
});

/** Up to `maxLength` contacts (an empty list is common: accounts without contacts). */
export const contactsArb = (maxLength: number): fc.Arbitrary<RawContact[]> => fc.array(contactRowArb, { maxLength });

const DEFINE_NAMES = ["mid", "big", "rich"];

const { expr: exprArb } = fc.letrec<{ expr: ExprSpec; leaf: ExprSpec }>((tie) => ({
  leaf: fc.oneof(
    { weight: 8, arbitrary: fieldLeafArb },
    { weight: 1, arbitrary: keyLeafArb },
    { weight: 4, arbitrary: scoreLeafArb },
    { weight: 2, arbitrary: tierLeafArb },
    { weight: 3, arbitrary: computedLeafArb },
    { weight: 3, arbitrary: contactsLeafArb },
  ),
  expr: fc.oneof(
    { maxDepth: 3, depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: tie("leaf") },
    { weight: 1, arbitrary: fc.boolean().map((value): ExprSpec => ({ k: "const", value })) },
    {
      weight: 2,
      arbitrary: fc.array(tie("expr"), { minLength: 1, maxLength: 3 }).map((args): ExprSpec => ({ k: "and", args })),
    },
    {
      weight: 2,
      arbitrary: fc.array(tie("expr"), { minLength: 1, maxLength: 3 }).map((args): ExprSpec => ({ k: "or", args })),
    },
    { weight: 1, arbitrary: tie("expr").map((arg): ExprSpec => ({ k: "not", arg })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...DEFINE_NAMES), tie("expr"))
        .map(([name, arg]): ExprSpec => ({ k: "named", name, arg })),
    },
  ),
}));

// ---------------------------------------------------------------------------------------------------------------
// Plans

/** Points: whole and fractional, negative too, and at the schema's bounds (-1000 to 1000). */
export const POINTS_FRACTIONAL = [
  0.1,
  0.2,
  20.5,
  10.25,
  5.125,
  7.77777,
  0.00005,
  0.00004,
  49.99995,
  -15.5,
  1 / 3,
  2 / 3,
  0.30000000000000004,
  33.33333,
  -0.1,
  1e-9,
  2.675,
];
export const POINTS_EXTREME = [1000, -1000, 999.99995, -999.5, 100.00005, -100];

const pointsArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -60, max: 60 }) },
  { weight: 4, arbitrary: fc.constantFrom(...POINTS_FRACTIONAL) },
  { weight: 1, arbitrary: fc.constantFrom(...POINTS_EXTREME) },
);

type ScoreSpec =
  | { kind: "criteria"; criteria: { when: ExprSpec; points: number }[] }
  | { kind: "field"; field: string };

const NUMERIC_FIELDS = COLUMNS.filter((c) => c.type === "integer" || c.type === "number").map((c) => c.field);

const scoreSpecArb: fc.Arbitrary<ScoreSpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.record({ when: exprArb, points: pointsArb }), { minLength: 1, maxLength: 4 })
      .map((criteria): ScoreSpec => ({ kind: "criteria", criteria })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...NUMERIC_FIELDS).map((field): ScoreSpec => ({ kind: "field", field })) },
);

interface TierSpec {
  when: ExprSpec;
  capacity: number | null;
  rankBy: { pick: number; order: "asc" | "desc" }[];
  activate: number[];
}
interface SegmentSpec {
  when: ExprSpec;
  activate: number[];
}
interface ActivationSpec {
  when: ExprSpec | null;
}
interface FieldSpec {
  nullable: boolean;
  enumPick: ScalarValue[] | null;
  defaultPick: ScalarValue | string[] | null;
  /** string and string[] fields: ASCII case folding. */
  casePick?: "lower" | "upper" | null;
  /** Placeholders read as missing (any field but the key). */
  nullPick?: string[] | null;
}

export interface PlanSpec {
  asOf: string;
  keyType: KeyType;
  fields: FieldSpec[];
  icp: ExprSpec;
  scores: ScoreSpec[];
  tiers: TierSpec[];
  segments: SegmentSpec[];
  fallbackActivate: number[];
  activations: ActivationSpec[];
  /** `segments: { scope: all }`: accounts outside the ICP get a segment too. */
  segmentsForAll: boolean;
  /** Audiences (overlapping account sets, over every account); null: the plan has none. */
  audiences: { when: ExprSpec; activate: number[] }[] | null;
  /** Share the plan's named conditions as plan `defines` (see shareDefines). */
  share: boolean;
  /** Derived fields (plan `computed`). */
  computed: ComputedSpec;
  /** A contacts section whose tests conditions read (not with a number key); with or without a contact key. */
  contacts: { on: boolean; keyed: boolean };
}

function poolOf(type: FieldType): readonly ScalarValue[] {
  switch (type) {
    case "integer":
      return INT_POOL;
    case "number":
      return NUMBER_POOL;
    case "date":
      return DATE_POOL;
    case "string":
      return STRING_POOL;
    case "string[]":
      return LIST_ITEMS;
    case "boolean":
      return [true, false];
  }
}

function fieldSpecArb(c: ColumnDef): fc.Arbitrary<FieldSpec> {
  if (c.field === "id") return fc.boolean().map((nullable) => ({ nullable, enumPick: null, defaultPick: null }));
  const pool = poolOf(c.type);
  const enumArb =
    c.type === "boolean"
      ? fc.constant(null)
      : fc.option(fc.subarray([...pool], { minLength: 0, maxLength: 5 }), { nil: null, freq: 4 });
  const defaultArb =
    c.type === "string[]"
      ? fc.option(fc.subarray([...LIST_ITEMS], { maxLength: 2 }), { nil: null, freq: 3 })
      : fc.option(fc.constantFrom(...pool) as fc.Arbitrary<ScalarValue>, { nil: null, freq: 3 });
  const caseArb =
    c.type === "string" || c.type === "string[]"
      ? fc.constantFrom<"lower" | "upper" | null>(null, null, "lower", "upper")
      : fc.constant(null);
  const nullArb = fc.option(
    fc.subarray(
      PLACEHOLDER_POOL.filter((p) => p.trim() === p),
      { minLength: 1, maxLength: 3 },
    ),
    { nil: null, freq: 3 },
  );
  return fc.record({
    nullable: fc.boolean(),
    enumPick: enumArb,
    defaultPick: defaultArb as fc.Arbitrary<ScalarValue | string[] | null>,
    casePick: caseArb,
    nullPick: nullArb,
  });
}

const activateArb = fc.uniqueArray(fc.nat({ max: 3 }), { maxLength: 3 });

export const planSpecArb: fc.Arbitrary<PlanSpec> = fc.record({
  asOf: fc.constantFrom(...AS_OF_POOL),
  keyType: fc.constantFrom<KeyType>("string", "string", "integer", "number"),
  fields: fc.tuple(...COLUMNS.map(fieldSpecArb)),
  icp: fc.oneof(
    { weight: 1, arbitrary: fc.constant<ExprSpec>({ k: "const", value: true }) },
    { weight: 3, arbitrary: exprArb },
  ),
  scores: fc.array(scoreSpecArb, { maxLength: 3 }),
  tiers: fc.array(
    fc.record({
      when: exprArb,
      capacity: fc.constantFrom(null, null, 0, 1, 1, 2, 3, 5),
      rankBy: fc.array(
        fc.record({ pick: fc.nat({ max: 11 }), order: fc.constantFrom<"asc" | "desc">("asc", "desc") }),
        { minLength: 1, maxLength: 3 },
      ),
      activate: activateArb,
    }),
    { maxLength: 4 },
  ),
  segments: fc.array(fc.record({ when: exprArb, activate: activateArb }), { maxLength: 4 }),
  fallbackActivate: activateArb,
  activations: fc.array(fc.record({ when: fc.option(exprArb, { nil: null, freq: 2 }) }), { maxLength: 4 }),
  segmentsForAll: fc.boolean(),
  audiences: fc.option(fc.array(fc.record({ when: exprArb, activate: activateArb }), { maxLength: 3 }), {
    nil: null,
    freq: 3,
  }),
  share: fc.boolean(),
  computed: computedSpecArb,
  // Two plans in five read contacts: the contacts query roughly doubles a case's time in DuckDB.
  contacts: fc.record({ on: fc.constantFrom(true, true, false, false, false), keyed: fc.boolean() }),
});

const AUDIENCE_IDS = ["renewal", "whale", "quiet"];

const SCORE_NAMES = ["fit", "heat", "mix"];
const TIER_IDS = ["gold", "silver", "bronze", "tin"];
const SEGMENT_IDS = ["hot", "data", "top", "untiered"];
const ACTIVATION_NAMES = ["crm", "crm-tier", "ads", "fast"];

interface Context {
  asOfDay: number;
  /** Enum values by field (in the plan's form). */
  enums: Map<string, readonly ScalarValue[]>;
  /** Case folding by field (test values are folded as the compiler folds them). */
  cases: Map<string, "lower" | "upper">;
  keyType: KeyType;
  scores: PlanScore[];
  fieldPools: Map<string, readonly number[]>;
  tierIds: string[] | null;
  /** The plan's derived fields. */
  computed: PlanComputed[];
  /** Whether conditions may read the account's contacts. */
  contacts: boolean;
}

function clamp(x: number): number {
  return x < 0 ? 0 : Math.min(x, 100);
}

function threshold(spec: ThresholdSpec, score: PlanScore, ctx: Context): number {
  if ("pool" in spec) return SCORE_THRESHOLDS[spec.pool]!;
  if (score.kind === "field") {
    const pool = ctx.fieldPools.get(score.field)!;
    return clamp(pool[spec.sum % pool.length]!);
  }
  // A sum the criteria can reach: the chosen ones' points added left to right, clamped.
  let p = 0;
  score.criteria.forEach((criterion, index) => {
    if (spec.sum & (1 << index)) p += criterion.points;
  });
  return clamp(p);
}

/** Operators whose values the compiler checks against the field's enum (SEG022). */
const ENUM_CHECKED = new Set<TestOperator>(["eq", "ne", "in", "not_in", "contains", "contains_any", "contains_all"]);

function resolveField(leaf: FieldLeaf, ctx: Context): Expr {
  if (leaf.within) {
    const distance =
      leaf.test.test === "within_next_days"
        ? parseDay(leaf.within.date)! - ctx.asOfDay
        : ctx.asOfDay - parseDay(leaf.within.date)!;
    return { ...leaf.test, value: Math.max(0, distance + leaf.within.delta) };
  }
  if (leaf.edge) {
    const day = parseDay(leaf.edge.date)!;
    const measure = leaf.test.ref.measure === "days_until" ? day - ctx.asOfDay : ctx.asOfDay - day;
    return { ...leaf.test, value: measure + leaf.edge.delta };
  }
  const fold = ctx.cases.get(leaf.test.ref.name);
  const t: TestExpr =
    fold === undefined ||
    leaf.test.test === "matches" ||
    leaf.test.test === "between" ||
    leaf.test.ref.measure !== undefined
      ? leaf.test
      : {
          ...leaf.test,
          value: Array.isArray(leaf.test.value)
            ? sortedSet(leaf.test.value.map((v) => (typeof v === "string" ? foldCase(v, fold) : v)))
            : typeof leaf.test.value === "string"
              ? foldCase(leaf.test.value, fold)
              : leaf.test.value,
        };
  const allowed = ctx.enums.get(t.ref.name);
  if (!allowed || !ENUM_CHECKED.has(t.test) || t.ref.measure !== undefined) return t;
  // A value outside the field's enum is refused by the compiler: such tests compare with the enum's values.
  if (allowed.length === 0)
    return { ...t, test: t.test === "ne" || t.test === "not_in" ? "missing" : "exists", value: true };
  const within = (v: ScalarValue, i: number): ScalarValue =>
    allowed.some((a) => a === v) ? v : allowed[(i + String(v).length) % allowed.length]!;
  if (Array.isArray(t.value)) return { ...t, value: sortedSet(t.value.map(within)) };
  return { ...t, value: within(t.value, 0) };
}

function resolve(spec: ExprSpec, ctx: Context): Expr {
  switch (spec.k) {
    case "const":
      return { op: "const", value: spec.value };
    case "and":
    case "or":
      return { op: spec.k, args: spec.args.map((arg) => resolve(arg, ctx)) };
    case "not":
      return { op: "not", arg: resolve(spec.arg, ctx) };
    case "named":
      return { op: "named", name: spec.name, arg: resolve(spec.arg, ctx) };
    case "field":
      return resolveField(spec, ctx);
    case "key": {
      if (ctx.keyType === "string") return spec.text;
      const t = spec.number;
      const whole = (x: ScalarValue) =>
        typeof x === "number" && ctx.keyType === "integer" && !Number.isInteger(x) ? Math.floor(x) : x;
      const value =
        ctx.keyType === "integer" && (t.test === "eq" || t.test === "ne") ? whole(t.value as ScalarValue) : t.value;
      return { ...t, ref: { kind: "field", name: "id", type: ctx.keyType }, value };
    }
    case "score": {
      if (ctx.scores.length === 0) return resolveField(spec.fallback, ctx);
      const score = ctx.scores[spec.pick % ctx.scores.length]!;
      const values = spec.values.map((v) => threshold(v, score, ctx));
      const value: ScalarValue | ScalarValue[] =
        spec.op === "exists" || spec.op === "missing"
          ? true
          : spec.op === "between"
            ? [Math.min(...values), Math.max(...values)]
            : spec.op === "in" || spec.op === "not_in"
              ? sortedSet(values)
              : values[0]!;
      return { op: "test", ref: { kind: "score", name: score.name, type: "number" }, test: spec.op, value };
    }
    case "computed":
      return resolveComputed(spec, ctx);
    case "contacts":
      return resolveContacts(spec, ctx);
    case "tier": {
      if (ctx.tierIds === null) return resolveField(spec.fallback, ctx);
      const ref = { kind: "tier" as const, name: "tier", type: "string" as const };
      // Values are declared tier ids (the compiler refuses others, SEG022); without tiers, only exists / missing.
      if (spec.op === "exists" || spec.op === "missing" || ctx.tierIds.length === 0) {
        return {
          op: "test",
          ref,
          test: spec.op === "exists" || spec.op === "missing" ? spec.op : spec.picks[0]! % 2 ? "exists" : "missing",
          value: true,
        };
      }
      const picked = spec.picks.map((pick) => ctx.tierIds![pick % ctx.tierIds!.length]!);
      return {
        op: "test",
        ref,
        test: spec.op,
        value: spec.op === "in" || spec.op === "not_in" ? sortedSet(picked) : picked[0]!,
      };
    }
  }
}

function planField(c: ColumnDef, spec: FieldSpec, keyType: KeyType): PlanField {
  const type = c.field === "id" ? keyType : c.type;
  let enumValues = spec.enumPick;
  let defaultValue = spec.defaultPick;
  if (c.type === "integer") {
    enumValues = enumValues?.filter((v) => Number.isInteger(v)) ?? null;
    if (typeof defaultValue === "number" && !Number.isInteger(defaultValue)) defaultValue = null;
  }
  const fold =
    c.field !== "id" && (type === "string" || type === "string[]") ? (spec.casePick ?? undefined) : undefined;
  const folded = (v: ScalarValue): ScalarValue => (typeof v === "string" && fold !== undefined ? foldCase(v, fold) : v);
  if (fold !== undefined) {
    enumValues = enumValues?.map(folded) ?? null;
    if (defaultValue !== null)
      defaultValue = Array.isArray(defaultValue) ? defaultValue.map((v) => String(folded(v))) : folded(defaultValue);
  }
  const field: PlanField = {
    name: c.field,
    type,
    column: c.column,
    default: defaultValue,
    nullable: spec.nullable,
    enum: enumValues ? sortedSet(enumValues) : null,
    separator: ";",
  };
  if (fold !== undefined) field.case = fold;
  if (c.field !== "id" && spec.nullPick) field.nullValues = normalizeNullValues(spec.nullPick);
  return field;
}

/** The plan a spec describes (hashed), and its as-of date. */
export function buildPlan(spec: PlanSpec): { plan: Plan; asOf: string } {
  const asOfDay = parseDay(spec.asOf)!;
  const fields = COLUMNS.map((c, index) => planField(c, spec.fields[index]!, spec.keyType));
  const fieldPools = new Map<string, readonly number[]>(
    COLUMNS.filter((c) => c.type === "integer" || c.type === "number").map((c) => [
      c.field,
      poolOf(c.type) as number[],
    ]),
  );
  const enums = new Map(fields.filter((f) => f.enum !== null).map((f) => [f.name, f.enum!]));
  const cases = new Map(fields.filter((f) => f.case !== undefined).map((f) => [f.name, f.case!]));
  const computed = buildComputed(spec.computed);
  const readsContacts = spec.contacts.on && spec.keyType !== "number";
  const base = (scores: PlanScore[], tierIds: string[] | null): Context => ({
    asOfDay,
    enums,
    cases,
    keyType: spec.keyType,
    scores,
    fieldPools,
    tierIds,
    computed,
    contacts: readsContacts,
  });

  const icp = resolve(spec.icp, base([], null));
  const scores: PlanScore[] = [];
  spec.scores.forEach((score, index) => {
    const name = SCORE_NAMES[index]!;
    if (score.kind === "field") scores.push({ name, kind: "field", field: score.field });
    else {
      const ctx = base([...scores], null);
      scores.push({
        name,
        kind: "criteria",
        criteria: score.criteria.map((c, i) => ({ id: `c${i + 1}`, when: resolve(c.when, ctx), points: c.points })),
      });
    }
  });
  const activationNames = ACTIVATION_NAMES.slice(0, spec.activations.length);
  const activate = (picks: number[]) => [
    ...new Set(picks.filter((pick) => pick < activationNames.length).map((pick) => activationNames[pick]!)),
  ];
  const rankable: PlanRankKey["ref"][] = [
    ...scores.map((s) => ({ kind: "score" as const, name: s.name, type: "number" as const })),
    ...fields
      .filter((f) => f.type === "integer" || f.type === "number" || f.type === "date")
      .map((f) => ({ kind: "field" as const, name: f.name, type: f.type })),
  ];
  const tiers: PlanTier[] = spec.tiers.map((tier, index) => ({
    id: TIER_IDS[index]!,
    when: resolve(tier.when, base(scores, null)),
    capacity: tier.capacity,
    rankBy: tier.rankBy.map((rank) => ({ ref: rankable[rank.pick % rankable.length]!, order: rank.order })),
    activate: activate(tier.activate),
  }));
  const tierIds = tiers.map((t) => t.id);
  const segments: PlanSegment[] = spec.segments.map((segment, index) => ({
    id: SEGMENT_IDS[index]!,
    axis: null,
    owner: null,
    when: resolve(segment.when, base(scores, tierIds)),
    activate: activate(segment.activate),
  }));
  const activations: PlanActivation[] = spec.activations.map((activation, index) => ({
    name: activationNames[index]!,
    destination: "crm",
    when: activation.when ? resolve(activation.when, base(scores, tierIds)) : null,
    set: {},
    audience: null,
    sequence: null,
  }));
  const scoped: Pick<UnhashedPlan, "segmentScope" | "audiences"> = {};
  if (spec.segmentsForAll) scoped.segmentScope = "all";
  if (spec.audiences) {
    scoped.audiences = spec.audiences.map((audience, index) => ({
      id: AUDIENCE_IDS[index]!,
      owner: null,
      when: resolve(audience.when, base(scores, tierIds)),
      activate: activate(audience.activate),
    }));
  }
  const plan: UnhashedPlan = {
    ...scoped,
    planVersion: PLAN_VERSION,
    name: "property",
    key: "id",
    fields,
    icp,
    scores,
    tiers,
    segments,
    fallback: { id: "rest", activate: activate(spec.fallbackActivate) },
    contacts: readsContacts ? contactsSection(spec.contacts.keyed) : null,
    activations,
    destinations: [{ name: "crm", type: "webhook", settings: {} }],
    quality: {},
    ...(computed.length ? { computed } : {}),
  };
  return { plan: withHash(spec.share ? shareDefines(plan) : plan), asOf: spec.asOf };
}

/**
 * The plan with every named condition as a shared define (plan `defines`), as the compiler lowers a project whose
 * defines are used more than once: equal bodies are one define, read wherever they occur (so a body from the ICP
 * can be read again by a segment), and each use is written twice (`d AND d`), so every define is read more than
 * once. Names are unique per body; a define comes after those its body reads.
 */
export function shareDefines(plan: UnhashedPlan): UnhashedPlan {
  const defines: { name: string; when: Expr }[] = [];
  const byBody = new Map<string, string>();
  const hoist = (expr: Expr): Expr => {
    switch (expr.op) {
      case "named": {
        const when = hoist(expr.arg);
        const body = JSON.stringify(when);
        let name = byBody.get(body);
        if (name === undefined) {
          name = `${expr.name}_${defines.length + 1}`;
          byBody.set(body, name);
          defines.push({ name, when });
        }
        return {
          op: "and",
          args: [
            { op: "define", name },
            { op: "define", name },
          ],
        };
      }
      case "not":
        return { op: "not", arg: hoist(expr.arg) };
      case "and":
      case "or":
        return { op: expr.op, args: expr.args.map(hoist) };
      default:
        return expr;
    }
  };
  const shared: UnhashedPlan = {
    ...plan,
    icp: hoist(plan.icp),
    scores: plan.scores.map((score) =>
      score.kind === "criteria"
        ? { ...score, criteria: score.criteria.map((c) => ({ ...c, when: hoist(c.when) })) }
        : score,
    ),
    tiers: plan.tiers.map((tier) => ({ ...tier, when: hoist(tier.when) })),
    segments: plan.segments.map((segment) => ({ ...segment, when: hoist(segment.when) })),
    activations: plan.activations.map((activation) => ({
      ...activation,
      when: activation.when === null ? null : hoist(activation.when),
    })),
    ...(plan.audiences
      ? { audiences: plan.audiences.map((audience) => ({ ...audience, when: hoist(audience.when) })) }
      : {}),
  };
  return defines.length ? { ...shared, defines } : plan;
}
