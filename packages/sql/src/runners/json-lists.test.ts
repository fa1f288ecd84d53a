// JSON values in list columns (README, "How segform reads data"): a JSON list is read as its items' text joined
// with the list field's separator, as if the cell held that text; a list holding an object or a list is missing
// as a whole. The JS engine's coercer and DuckDB's reader (a JSONL or JSON file through defineFileView, then the
// compiled coercion) must give every field the same value, on generated lists of every kind of item; and
// PostgreSQL must too, whether it holds the values as jsonb columns (read through the runner's listAwareInput)
// or as text columns holding the cells' text (what DuckDB's file view makes of the lists).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { RecordCoercer } from "@segform/engine";
import type { PlanField } from "@segform/plan";
import { compileCoercionSql } from "../compile.js";
import { defineFileView } from "./duckdb-input.js";
import { listAwareInput } from "./postgres-input.js";
import { postgres, postgresUrl, ROW_COLUMN, type TestEngine } from "../../test/engines.js";

const field = (name: string, column: string, type: PlanField["type"], extra: Partial<PlanField> = {}): PlanField => ({
  name,
  type,
  column,
  default: null,
  nullable: true,
  enum: null,
  separator: ";",
  ...extra,
});

/** Several fields per column: lists with other separators, placeholders, case, enums, and scalars over a list. */
export const LIST_FIELDS: PlanField[] = [
  field("tech", "Tech", "string[]"),
  field("tech_lower", "Tech", "string[]", { case: "lower", nullValues: ["n/a"] }),
  field("tech_enum", "Tech", "string[]", { enum: ["a", "b", "x y"], default: ["z"] }),
  field("tech_text", "Tech", "string"),
  field("tags", "Tags", "string[]", { separator: ", " }),
  field("tags_pipe", "Tags", "string[]", { separator: "|" }),
  field("tags_count", "Tags", "integer"),
  field("pipe", "Pipe", "string[]", { separator: "|", nullValues: ["-"] }),
  field("plain", "Plain", "string"),
];

const COLUMNS = ["Tech", "Tags", "Pipe", "Plain"];

/** A JSON item: text with separators, padding, placeholders and Unicode; numbers; booleans; null; an object or a list. */
const itemArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "a",
      "b",
      "A",
      "x y",
      "",
      " ",
      " a ",
      "a;b",
      "a, b",
      "a|b",
      "a;",
      "; b",
      "n/a",
      "N/A",
      "-",
      "é",
      "😀",
      "z",
      "1",
      "007",
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0,
      1,
      -1,
      7,
      1.5,
      -2.25,
      0.1,
      1e21,
      1e-7,
      1e-6,
      -1.5e-6,
      2.5e-5,
      1.5e-7,
      0.00012,
      123.456,
      1e20,
      2.5e25,
      123456789012,
      9007199254740994,
    ),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ x: 1 }, {}, ["a"], [], [null]) },
);

/** A column's value: a list (most often), a scalar, null, an object, or absent (undefined). */
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.array(itemArb, { maxLength: 5 }) },
  { weight: 2, arbitrary: itemArb },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const rowArb = fc.tuple(...COLUMNS.map(() => valueArb)).map((values) => {
  const row: Record<string, unknown> = {};
  COLUMNS.forEach((column, index) => {
    if (values[index] !== undefined) row[column] = values[index];
  });
  return row;
});

/** Values in one comparable form (no -0; arrays as arrays). */
function normalize(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value;
  if (Array.isArray(value)) return [...value];
  return value;
}

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let files = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "segform-json-lists-"));
  instance = await DuckDBInstance.create(":memory:");
  connection = await instance.connect();
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

function js(rows: Record<string, unknown>[]): unknown[][] {
  const coercer = new RecordCoercer(LIST_FIELDS);
  return rows.map((row) => coercer.fromObject(row).map(normalize));
}

async function duckdbView(rows: Record<string, unknown>[], format: "jsonl" | "json"): Promise<void> {
  const path = join(dir, `rows${files++}.${format}`);
  writeFileSync(
    path,
    format === "jsonl" ? rows.map((row) => JSON.stringify(row)).join("\n") + "\n" : JSON.stringify(rows),
  );
  await defineFileView(connection, "input", path, format, LIST_FIELDS, "row");
}

async function duckdb(rows: Record<string, unknown>[], format: "jsonl" | "json"): Promise<unknown[][]> {
  await duckdbView(rows, format);
  const query = compileCoercionSql(LIST_FIELDS, {
    dialect: "duckdb",
    table: "input",
    asOf: "2026-11-01",
    rowColumn: "row",
  });
  const result = (await connection.runAndReadAll(query)).getRowObjectsJS() as Record<string, unknown>[];
  return result.map((row) => LIST_FIELDS.map((f) => normalize(row[f.name])));
}

/** Row by row and field by field, the values that differ (empty when the engines agree). */
function differences(rows: Record<string, unknown>[], got: unknown[][], want: unknown[][]): string[] {
  const out: string[] = [];
  rows.forEach((row, index) => {
    LIST_FIELDS.forEach((f, i) => {
      if (JSON.stringify(got[index]?.[i]) !== JSON.stringify(want[index]![i])) {
        out.push(
          `${JSON.stringify(row[f.column])} as ${f.name}: SQL ${JSON.stringify(got[index]?.[i])}, JS ${JSON.stringify(want[index]![i])}`,
        );
      }
    });
  });
  return out;
}

describe("JSON lists: the JS engine and DuckDB read every value alike", () => {
  it("hand-picked: items holding the separator, a placeholder item, objects and lists among the items", async () => {
    const rows: Record<string, unknown>[] = [
      { Tech: ["a", { x: 1 }], Tags: [["a"], "b"], Pipe: ["a", [], "b"], Plain: ["a"] },
      { Tech: ["a;b", " c "], Tags: ["a, b", "c"], Pipe: ["a|b", "c"], Plain: "p" },
      { Tech: ["N/A"], Tags: [1.5, true, null, ""], Pipe: ["-"], Plain: 7 },
      { Tech: [], Tags: [null], Pipe: [""], Plain: null },
      { Tech: "a;b", Tags: "a, b|c", Pipe: "-", Plain: { x: 1 } },
      {
        Tech: [9007199254740994, 1e21, 1e-7, -0.5, 0.0000015],
        Tags: [123456789012],
        Pipe: [false],
        Plain: 9007199254740994,
      },
    ];
    const want = js(rows);
    expect(want).toEqual([
      // A list holding an object or a list: missing as a whole (the enum field's default applies); a scalar field
      // reading a list column gets the list's text.
      [null, null, ["z"], null, null, null, null, null, null],
      [["a", "b", "c"], ["a", "b", "c"], ["z"], "a;b; c", ["a", "b", "c"], ["a, b, c"], null, ["a", "b", "c"], "p"],
      // The text is trimmed before it is split, as a cell's: "1.5, true, " is "1.5, true,".
      [["N/A"], null, ["z"], "N/A", ["1.5", "true,"], ["1.5, true,"], null, null, "7"],
      [null, null, ["z"], null, null, null, null, null, null],
      [["a", "b"], ["a", "b"], ["a", "b"], "a;b", ["a", "b|c"], ["a, b", "c"], null, null, null],
      // Numbers as JavaScript prints them.
      [
        ["9007199254740994", "1e+21", "1e-7", "-0.5", "0.0000015"],
        ["9007199254740994", "1e+21", "1e-7", "-0.5", "0.0000015"],
        ["z"],
        "9007199254740994;1e+21;1e-7;-0.5;0.0000015",
        ["123456789012"],
        ["123456789012"],
        123456789012,
        ["false"],
        "9007199254740994",
      ],
    ]);
    for (const format of ["jsonl", "json"] as const)
      expect(differences(rows, await duckdb(rows, format), want), format).toEqual([]);
  });

  it("generated rows of lists, scalars, nulls, objects: the same value for every field (JSONL and JSON)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 12 }),
        fc.constantFrom("jsonl" as const, "json" as const),
        async (rows, format) => {
          expect(differences(rows, await duckdb(rows, format), js(rows))).toEqual([]);
        },
      ),
      { numRuns: 100, seed: 2212 },
    );
  });
});

/** The cells DuckDB's file view makes of the rows (one text per column), loaded into PostgreSQL and coerced there. */
async function postgresValues(db: TestEngine, rows: Record<string, unknown>[]): Promise<unknown[][]> {
  await duckdbView(rows, "jsonl");
  const cells = (
    await connection.runAndReadAll(`SELECT ${COLUMNS.map((c) => `"${c}"`).join(", ")} FROM input ORDER BY "row"`)
  ).getRows();
  await db.load(
    "list_input",
    COLUMNS,
    cells.map((row) => row.map((cell) => (cell === null ? null : String(cell)))),
  );
  const query = compileCoercionSql(LIST_FIELDS, {
    dialect: "postgres",
    table: "list_input",
    asOf: "2026-11-01",
    rowColumn: ROW_COLUMN,
  });
  const result = await db.query(query);
  return result.map((row) => LIST_FIELDS.map((f) => normalize(row[f.name])));
}

const pgUrl = postgresUrl();
describe.skipIf(!pgUrl)("JSON lists: PostgreSQL reads the list's text as the JS engine reads the list", () => {
  let db: TestEngine | undefined;
  beforeAll(async () => {
    db = await postgres(pgUrl!);
  });
  afterAll(async () => db?.close());

  it("generated rows: the same value for every field", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 12 }), async (rows) => {
        expect(differences(rows, await postgresValues(db!, rows), js(rows))).toEqual([]);
      }),
      { numRuns: 100, seed: 2212 },
    );
  });
});

/** The rows as jsonb columns of a PostgreSQL table, read through the runner's view (listAwareInput) and coerced. */
async function postgresJsonb(
  db: TestEngine,
  rows: Record<string, unknown>[],
  type: "jsonb" | "json",
): Promise<unknown[][]> {
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  await db.query("DROP VIEW IF EXISTS list_view");
  await db.query("DROP TABLE IF EXISTS list_jsonb");
  await db.query(
    `CREATE TABLE list_jsonb ("${ROW_COLUMN}" bigint, ${COLUMNS.map((c) => `"${c}" ${type}`).join(", ")})`,
  );
  const tuples = rows.map(
    (row, index) =>
      `(${index + 1}, ${COLUMNS.map((c) => (row[c] === undefined ? "NULL" : `${literal(JSON.stringify(row[c]))}::${type}`)).join(", ")})`,
  );
  await db.query(`INSERT INTO list_jsonb VALUES ${tuples.join(", ")}`);
  const run = async (text: string, values: unknown[]) => ({
    rows: await db.query(values.length ? text.replace("$1", literal(String(values[0]))) : text),
  });
  const relation = await listAwareInput(run, "list_jsonb", LIST_FIELDS, "list_view");
  expect(relation).toBe("list_view");
  const result = await db.query(
    compileCoercionSql(LIST_FIELDS, {
      dialect: "postgres",
      table: relation,
      asOf: "2026-11-01",
      rowColumn: ROW_COLUMN,
    }),
  );
  return result.map((row) => LIST_FIELDS.map((f) => normalize(row[f.name])));
}

describe.skipIf(!pgUrl)(
  "JSON lists: PostgreSQL json, jsonb and array columns read as the JS engine reads the same JSON",
  () => {
    let db: TestEngine | undefined;
    beforeAll(async () => {
      db = await postgres(pgUrl!);
    });
    afterAll(async () => db?.close());

    it("generated rows in jsonb and json columns: the same value for every field", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(rowArb, { minLength: 1, maxLength: 12 }),
          fc.constantFrom("jsonb" as const, "json" as const),
          async (rows, type) => {
            expect(differences(rows, await postgresJsonb(db!, rows, type), js(rows))).toEqual([]);
          },
        ),
        { numRuns: 100, seed: 2212 },
      );
    });

    it("a text[] column is the list it holds", async () => {
      await db!.query("DROP VIEW IF EXISTS array_view");
      await db!.query("DROP TABLE IF EXISTS list_array");
      await db!.query(
        `CREATE TABLE list_array ("${ROW_COLUMN}" bigint, "Tech" text[], "Tags" integer[], "Pipe" text[], "Plain" text)`,
      );
      await db!.query(
        `INSERT INTO list_array VALUES (1, ARRAY['a;b', ' c ', NULL], ARRAY[1, 2], ARRAY[]::text[], 'p'), (2, NULL, ARRAY[[1, 2], [3, 4]], ARRAY['-'], NULL)`,
      );
      const run = async (text: string, values: unknown[]) => ({
        rows: await db!.query(values.length ? text.replace("$1", `'${String(values[0])}'`) : text),
      });
      const relation = await listAwareInput(run, "list_array", LIST_FIELDS, "array_view");
      const result = await db!.query(
        compileCoercionSql(LIST_FIELDS, {
          dialect: "postgres",
          table: relation,
          asOf: "2026-11-01",
          rowColumn: ROW_COLUMN,
        }),
      );
      const rows = [
        { Tech: ["a;b", " c ", null], Tags: [1, 2], Pipe: [], Plain: "p" },
        {
          Tags: [
            [1, 2],
            [3, 4],
          ],
          Pipe: ["-"],
        },
      ];
      expect(result.map((row) => LIST_FIELDS.map((f) => normalize(row[f.name])))).toEqual(js(rows));
    });
  },
);
