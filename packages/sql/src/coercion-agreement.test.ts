// Coercion in SQL against the JS engine's RecordCoercer: the same raw text, read as every field type, must give
// the same value (or the same missing value) in DuckDB and PostgreSQL. Hand-picked hostile text plus generated
// text from a grammar of almost-numbers, almost-dates, padded words and lists.
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordCoercer, type Value } from "@segform/engine";
import { parseDay, type PlanField } from "@segform/plan";
import { compileCoercionSql } from "./compile.js";
import { duckdb, postgres, postgresUrl, ROW_COLUMN, type TestEngine } from "../test/engines.js";

const field = (name: string, type: PlanField["type"], extra: Partial<PlanField> = {}): PlanField => ({
  name,
  type,
  column: "raw",
  default: null,
  nullable: true,
  enum: null,
  separator: ";",
  ...extra,
});

const FIELDS: PlanField[] = [
  field("integer", "integer"),
  field("number", "number"),
  field("boolean", "boolean"),
  field("date", "date"),
  field("string", "string"),
  field("list", "string[]"),
  field("list_comma", "string[]", { separator: ", " }),
  // One-character separators take DuckDB's plain-list fast path; these are the ones a pattern must escape.
  field("list_pipe", "string[]", { separator: "|" }),
  field("list_backslash", "string[]", { separator: "\\" }),
  field("list_bracket", "string[]", { separator: "]" }),
  field("list_dash", "string[]", { separator: "-" }),
  field("list_caret", "string[]", { separator: "^" }),
  field("list_underscore", "string[]", { separator: "_" }),
  field("list_dot", "string[]", { separator: "\u00b7" }),
  field("list_emoji", "string[]", { separator: "😀" }),
  // Several characters, no whitespace: DuckDB splits on one pattern (the separator with the whitespace around it).
  field("list_double", "string[]", { separator: "::" }),
  field("list_arrow", "string[]", { separator: "-->" }),
  field("region", "string", { enum: ["NA", "EMEA", "n/a"] }),
  field("tags", "string[]", { enum: ["a", "b", "x y"], default: ["z"] }),
  field("level", "number", { enum: [1, 2.5, -0], default: 0 }),
  field("day", "date", { enum: ["2026-01-01", "2024-02-29"], default: "2026-02-01" }),
  field("count", "integer", { default: 7 }),
  field("ratio", "integer", { default: 0.5 }),
  field("flag", "boolean", { default: true }),
  field("empty_enum", "string", { enum: [] }),
  field("none_default", "string[]", { default: [] }),
  // Normalisation: ASCII case folding and placeholders read as missing (before any type rule).
  field("lower", "string", { case: "lower" }),
  field("upper", "string", { case: "upper", nullValues: ["-", "n/a", "unknown"] }),
  field("list_lower", "string[]", { case: "lower", nullValues: ["n/a"] }),
  field("list_upper_pipe", "string[]", { case: "upper", separator: "|", enum: ["A", "B", "X Y", "É"], default: ["Z"] }),
  field("region_folded", "string", { case: "lower", enum: ["emea", "na", "n/a"], default: "na" }),
  field("int_null", "integer", { nullValues: ["-", "0", "n/a", "unknown"], default: 5 }),
  field("number_null", "number", { nullValues: ["1e5", "-", "nan"] }),
  field("date_null", "date", { nullValues: ["n/a", "2026-02-29", "2026-11-01t10:00"] }),
  field("bool_null", "boolean", { nullValues: ["n", "unknown", "true"] }),
  // Dates written otherwise than ISO.
  field("us_date", "date", { format: "MM/DD/YYYY" }),
  field("eu_date", "date", { format: "DD/MM/YYYY", nullValues: ["00/00/0000"] }),
  field("de_date", "date", { format: "DD.MM.YYYY", default: "2026-01-01" }),
  field("compact_date", "date", { format: "YYYYMMDD", enum: ["2026-11-01", "2024-02-29"] }),
  field("epoch_s", "date", { format: "epoch_seconds" }),
  field("epoch_ms", "date", { format: "epoch_milliseconds" }),
];

const WHITESPACE = [
  "\t",
  "\n",
  "\v",
  "\f",
  "\r",
  " ",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u200a",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
  "\ufeff",
];
/** Not trimmed by String.prototype.trim. */
const NOT_WHITESPACE = ["\u0085", "\u180e", "\u200b", "\u2060"];

const HOSTILE = [
  "",
  " ",
  "\u00a0",
  "\u0085",
  "\u0085x",
  "\u180e1",
  "\u200b1",
  "\ufeff42\u3000",
  "1,200",
  " 1,200 ",
  "1,200.00",
  "1,200.5",
  "1,200.",
  "12,00",
  "1,2000",
  ",100",
  "1,,200",
  "+1",
  "-0",
  "-",
  "+",
  ".",
  "1.",
  ".5",
  "-.5",
  "+.5e1",
  "1e5",
  "1E+05",
  "1e-05",
  "1.e5",
  "1e",
  "e5",
  "1e5.5",
  "1e-400",
  "-1e-400",
  "1e400",
  "-1e400",
  "1.7976931348623157e308",
  "1.7976931348623158e308",
  "1.79769313486231580793728971405303415e308",
  "1.797693134862315807937289714053034150799e308",
  "1.7976931348623159e308",
  "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
  "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
  "2.4703282292062327e-324",
  "2.4703282292062328e-324",
  "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649918180817996189898282347722858865463328355177969898199387398005390939063150356595155702263922908583924491051844359318028499365361525003193704576782492193656236698636584807570015857692699037063119282795585513329278343384093519780155312465972635795746227664652728272200563740064854999770965994704540208281662262378573934507363390079677619305775067401763246736009689513405355374585166611342237666786041621596804619144672918403005300575308490487653917113865916462395249126236538818796362393732804238910186723484976682350898633885879256283027559956575244555072551893136908362547791869486679949683240497058210285131854513962138377228261454376934125320985913276672363281255e-324",
  "4.9e-324",
  "3e-324",
  "2e-324",
  "0e99999999",
  "1e-99999999",
  "1e+99999999",
  "0.0000",
  "000.000e10",
  "00012",
  "0.1",
  "0.30000000000000004",
  "123456789012345678901234567890",
  "9007199254740991",
  "9007199254740992",
  "9007199254740993",
  "-9007199254740991",
  "-9007199254740992",
  "0009007199254740991",
  "9,007,199,254,740,991",
  "9,007,199,254,740,992",
  "12.000",
  "12.0001",
  "12.",
  "1,234,567",
  "n/a",
  "N/A",
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  "0b1",
  "1_000",
  "١٢٣",
  "１２",
  "1 000",
  "$5",
  "5%",
  "true",
  "TRUE",
  "True",
  "Yes",
  "yEs",
  "Y",
  "y",
  "t",
  "T",
  "1",
  "0",
  "no",
  "NO",
  "N",
  "F",
  "f",
  "faLse",
  "on",
  "off",
  "yes ",
  " no",
  "yeſ",
  "\u212a",
  "2026-02-28",
  "2026-02-29",
  "2024-02-29",
  "1900-02-29",
  "2000-02-29",
  "2100-02-29",
  "2026-02-30",
  "2026-04-31",
  "2026-13-01",
  "2026-00-10",
  "2026-01-00",
  "2026-01-32",
  "0000-01-01",
  "0001-01-01",
  "9999-12-31",
  "10000-01-01",
  "2026-1-5",
  "2026/11/01",
  "20261101",
  "2026-11-01T10:00",
  "2026-11-01 10:00:00",
  "2026-11-01T10:00:00.123Z",
  "2026-11-01T10:00:00+0530",
  "2026-11-01T10:00:00+05:30",
  "2026-11-01T25:99",
  "2026-11-01X",
  "2026-11-01T10",
  "2026-11-01T10:00:00+05",
  "2026-11-01 ",
  "\u20002026-11-01",
  "a;b",
  " a ; ; b ;",
  ";;",
  "; ;",
  "a",
  "z",
  "a;z",
  "b;a;a",
  "x y",
  "x y;a",
  "x y, a",
  "a, b,, c",
  ", ",
  "a,b",
  "a\u3000;\u00a0b",
  "a|b",
  "a|b|",
  "|a",
  "a||b",
  "a |b",
  "a| b",
  "a|\u00a0b",
  // Whitespace at the ends of a list's text, next to a separator at an end, or alone between separators: DuckDB
  // splits such text untrimmed (DialectSql.splitsUntrimmed), the pattern trimming the ends.
  "\u00a0|a|\u3000",
  "\ufeff a ; b \ufeff",
  " ; ",
  "\t|\n",
  "\u2028x::y\u2029",
  " :: a :: ",
  "\u3000-->\u00a0",
  "x y|z",
  "a\\b",
  "a\\\\b",
  "\\a",
  "a]b",
  "a]]b",
  "]",
  "a-b",
  "-1",
  "a^b",
  "^",
  "a_b",
  "_a_",
  "a\u00b7b",
  "a\u00b7 b",
  "a\u00b7\u00b7b",
  "a😀b",
  "a😀😀b",
  "😀a",
  "a 😀b",
  "a\u200bb|c",
  "N/A",
  " n/A ",
  "Unknown",
  "UNKNOWN",
  "unknown\u0130",
  "\u0130",
  "\u0131",
  "\u01c5",
  "\u1e9e",
  "\u03a3",
  "\ufb00",
  "\u212b",
  "ǅa",
  "Emea",
  "eMEA",
  "NA|na",
  "A|b|x Y",
  " a | É |é",
  "11/01/2026",
  "1/2/2026",
  "02/29/2024",
  "02/29/2026",
  "13/01/2026",
  "31/12/2026",
  "12/31/2026",
  "00/00/0000",
  "1/1/0000",
  "01/01/0001",
  "12/31/9999",
  "111/1/2026",
  "1/1/26",
  "01-01-2026",
  " 3/7/2026 ",
  "3/7/2026 10:00",
  "01.11.2026",
  "1.2.2026",
  "29.02.2024",
  "29.02.2023",
  "32.01.2026",
  "1.13.2026",
  "20261101",
  "20240229",
  "20230229",
  "00000101",
  "00010101",
  "99991231",
  "2026110",
  "202611011",
  "0",
  "-0",
  "86399",
  "86400",
  "-1",
  "-86400",
  "-86401",
  "1761955200",
  "1761955200000",
  "-62135596800",
  "-62135596801",
  "253402300799",
  "253402300800",
  "253402300799999",
  "253402300800000",
  "999999999999999",
  "1000000000000000",
  "-62135596800000",
  "1e9",
  "1761955200.5",
  "+1",
  "NA",
  "EMEA",
  "na",
  " NA ",
  "n/a",
  "'quoted'",
  'dq"',
  "back\\slash",
  "new\nline",
  "tab\tin",
  "--comment",
  "/*c*/",
  "$$",
  "é",
  "😀",
  "\u{10ffff}",
];

/** Text from a grammar of near-values. */
function generated(count: number, seed: number): string[] {
  const pad = fc
    .array(fc.constantFrom(...WHITESPACE, ...NOT_WHITESPACE, ""), { maxLength: 2 })
    .map((items) => items.join(""));
  const digits = fc.stringMatching(/^[0-9]{0,20}$/);
  const sign = fc.constantFrom("", "+", "-");
  const number = fc
    .tuple(
      sign,
      digits,
      fc.constantFrom("", "."),
      digits,
      fc.constantFrom("", "e", "E", "e+", "e-", "E-"),
      fc.stringMatching(/^[0-9]{0,4}$/),
    )
    .map(([s, a, dot, b, e, x]) => s + a + dot + b + (e ? e + x : ""));
  const thousands = fc
    .tuple(
      sign,
      fc.integer({ min: 0, max: 999 }),
      fc.array(fc.stringMatching(/^[0-9]{2,4}$/), { minLength: 1, maxLength: 6 }),
      fc.constantFrom("", ".", ".0", ".00", ".5", ".50"),
    )
    .map(([s, head, groups, tail]) => s + String(head) + groups.map((g) => "," + g).join("") + tail);
  const date = fc
    .tuple(
      fc.integer({ min: 0, max: 10000 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.constantFrom("", "T10:00", " 23:59:59", "T10:00:00.5Z", "T10:00+01:00", "T1", "x", "T99:99:99-0800"),
    )
    .map(
      ([y, m, d, time]) =>
        `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}${time}`,
    );
  const word = fc.constantFrom(
    "true",
    "false",
    "yes",
    "no",
    "y",
    "n",
    "t",
    "f",
    "1",
    "0",
    "NA",
    "EMEA",
    "a",
    "b",
    "x y",
    "z",
    "n/a",
    "unknown",
    "-",
    "straße",
    "ǆ",
    "éa",
  );
  const casedWord = word.chain((w) =>
    fc
      .array(fc.boolean(), { minLength: w.length, maxLength: w.length })
      .map((flags) => [...w].map((ch, i) => (flags[i] ? ch.toUpperCase() : ch)).join("")),
  );
  const list = fc
    .array(
      fc.tuple(pad, fc.constantFrom("a", "b", "x y", "z", "", "é"), pad).map((parts) => parts.join("")),
      { maxLength: 4 },
    )
    .chain((items) =>
      fc
        .constantFrom(";", ", ", ",", "|", "\\", "]", "-", "^", "_", "\u00b7", "😀", "::", ":", "-->", "--", ">")
        .map((separator) => items.join(separator)),
    );
  const anything = fc.string({
    unit: fc.constantFrom("1", "0", ".", ",", "e", "-", "+", " ", "a", ";", "T", ":", "\u00a0", "9"),
    maxLength: 8,
  });
  // Dates in the declared formats (and near them): day-month-year with 1-3 digit parts, compact dates, epochs.
  const part = (max: number) =>
    fc
      .integer({ min: 0, max })
      .chain((n) => fc.constantFrom(String(n), String(n).padStart(2, "0"), String(n).padStart(3, "0")));
  const dmy = fc
    .tuple(
      part(32),
      fc.constantFrom("/", ".", "-"),
      part(32),
      fc.integer({ min: 0, max: 10000 }).map((y) => String(y).padStart(4, "0")),
    )
    .map(([a, sep, b, y]) => `${a}${sep}${b}${sep}${y}`);
  const compact = fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, "0")}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`);
  const epoch = fc
    .tuple(fc.constantFrom("", "-"), fc.bigInt({ min: 0n, max: 10n ** 16n }))
    .map(([sign, n]) => sign + n.toString());
  const value = fc.oneof(number, thousands, date, casedWord, list, anything, dmy, compact, epoch);
  return fc.sample(
    fc.tuple(pad, value, pad).map(([a, v, b]) => a + v + b),
    { numRuns: count, seed },
  );
}

/** Exactly halfway between 0 and the smallest subnormal, and between the largest double and 2^1024. */
const TIES = [
  `0.${(5n ** 1075n).toString()}e-323`,
  (2n ** 1024n - 2n ** 970n).toString(),
  `-${(2n ** 1024n - 2n ** 970n).toString()}.000`,
];

const INPUTS = [...HOSTILE, ...TIES, ...generated(2500, 20261101)];

/** Values in one comparable form: numbers (no -0), day numbers for dates, arrays, booleans, null. */
function normalize(type: PlanField["type"], value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === "date") return Number(value);
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value;
  if (Array.isArray(value)) return [...value];
  return value;
}

function expected(inputs: readonly string[]): unknown[][] {
  const coercer = new RecordCoercer(FIELDS);
  return inputs.map((raw) => {
    const values: Value[] = coercer.fromCells([raw], [...FIELDS.map(() => 0)]);
    return FIELDS.map((f, i) => normalize(f.type, values[i]));
  });
}

/**
 * `parquet`: the inputs (each 8 times, so that the column is dictionary-encoded) go through a Parquet file, as
 * `run --engine duckdb --data FILE.parquet` reads them: DuckDB then evaluates single-column functions once per
 * dictionary entry, the path the plain-form fast paths are written for.
 */
function check(engine: () => TestEngine | undefined, parquet = false): void {
  it(`coerces every hostile and generated text exactly as the JS engine${parquet ? " (from a dictionary-encoded Parquet column)" : ""}`, async () => {
    const db = engine()!;
    const inputs = parquet ? Array.from({ length: 8 }, () => INPUTS).flat() : INPUTS;
    await db.load(
      "raw_input",
      ["raw"],
      inputs.map((raw) => [raw]),
    );
    let table = "raw_input";
    if (parquet) {
      const dir = mkdtempSync(join(tmpdir(), "segform-coercion-"));
      const file = join(dir, "raw.parquet").replace(/'/g, "''");
      try {
        await db.query(`COPY raw_input TO '${file}' (FORMAT parquet)`);
        const encodings = await db.query(
          `SELECT DISTINCT encodings FROM parquet_metadata('${file}') WHERE path_in_schema = 'raw'`,
        );
        expect(encodings.map((row) => String(row.encodings))).toEqual(
          expect.arrayContaining([expect.stringContaining("DICTIONARY")]),
        );
        await db.query(`CREATE OR REPLACE TABLE raw_from_parquet AS SELECT * FROM read_parquet('${file}')`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      table = "raw_from_parquet";
    }
    const query = compileCoercionSql(FIELDS, { dialect: db.dialect, table, asOf: "2026-11-01", rowColumn: ROW_COLUMN });
    const rows = await db.query(query);
    const want = expected(inputs);
    const differences: string[] = [];
    rows.forEach((row, index) => {
      FIELDS.forEach((f, i) => {
        const got = normalize(f.type, row[f.name]);
        if (JSON.stringify(got) !== JSON.stringify(want[index]![i])) {
          differences.push(
            `${JSON.stringify(inputs[index])} as ${f.name} (${f.type}): SQL ${JSON.stringify(got)}, JS ${JSON.stringify(want[index]![i])}`,
          );
        }
      });
    });
    expect(rows.length).toBe(inputs.length);
    expect(differences.slice(0, 20)).toEqual([]);
  });
}

describe("coercion agrees with the JS engine: DuckDB", () => {
  let db: TestEngine | undefined;
  beforeAll(async () => {
    db = await duckdb();
  });
  afterAll(async () => db?.close());
  check(() => db);
  check(() => db, true);
});

const pgUrl = postgresUrl();
describe.skipIf(!pgUrl)("coercion agrees with the JS engine: PostgreSQL", () => {
  let db: TestEngine | undefined;
  beforeAll(async () => {
    db = await postgres(pgUrl!);
  });
  afterAll(async () => db?.close());
  check(() => db);
});

it("the hostile inputs include every kind of near-miss", () => {
  // A guard on the fixture itself: the boundary values are where they are claimed to be.
  expect(Number("1.7976931348623158e308")).toBe(Number.MAX_VALUE);
  expect(Number("1.7976931348623159e308")).toBe(Infinity);
  expect(Number("2.4703282292062328e-324")).toBe(5e-324);
  expect(Number("2.4703282292062327e-324")).toBe(0);
  expect(parseDay("2024-02-29")).not.toBeNull();
});
