import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { FieldType, PlanField } from "@segform/plan";
import { compileCoercionSql } from "../compile.js";
import { defineFileView } from "./duckdb-input.js";

// A typed Parquet column read as it is (typed-input.ts) gives the value the text path gives for the text the view
// makes of it: the same file, read both ways, must give the same coerced values, edge cases included.

function field(name: string, type: FieldType, extra: Partial<PlanField> = {}): PlanField {
  return { name, column: name, type, default: null, nullable: true, enum: null, separator: ";", ...extra };
}

const FIELDS: PlanField[] = [
  field("id", "integer"),
  field("big", "integer"),
  field("small", "integer", { default: 7 }),
  field("unsigned", "integer"),
  field("fractional_default", "integer", { default: 0.5 }),
  field("score", "number"),
  field("single", "number"),
  field("whole", "number"),
  field("day", "date"),
  field("stamp", "date"),
  field("flag", "boolean"),
  field("zero_missing", "integer", { nullValues: ["0"] }),
  field("placeholders", "number", { nullValues: ["-", "n/a", "unknown"] }),
  field("epoch", "date", { format: "epoch_seconds" }),
  field("enumerated", "integer", { enum: [1, 2] }),
  // A second field on the column of "whole", with a placeholder that can be a number's text: the column stays text.
  { ...field("number_placeholder", "number", { nullValues: ["-1"] }), column: "whole" },
];

const ROWS = [
  `(1, 200::BIGINT, 3::INTEGER, 5::UBIGINT, 2::BIGINT, 2.5::DOUBLE, 0.1::FLOAT, 9007199254740993::BIGINT, DATE '2026-01-02', TIMESTAMP '2026-10-05 13:22:11', true, 0::BIGINT, 12.75::DOUBLE, DATE '2026-01-02', 1::BIGINT)`,
  `(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  `(3, 9007199254740991::BIGINT, -3::INTEGER, 18446744073709551615::UBIGINT, -9007199254740991::BIGINT, (-0.0)::DOUBLE, 'nan'::FLOAT, -9007199254740991::BIGINT, DATE '0001-01-01', TIMESTAMP '2026-10-05 23:59:59.999999', false, 5::BIGINT, 'inf'::DOUBLE, DATE '9999-12-31', 3::BIGINT)`,
  `(4, 9007199254740992::BIGINT, 0::INTEGER, 0::UBIGINT, 9007199254740992::BIGINT, 1e21::DOUBLE, 'inf'::FLOAT, 0::BIGINT, DATE '9999-12-31', TIMESTAMP '0001-01-01 00:00:00', NULL, -1::BIGINT, '-inf'::DOUBLE, DATE '1970-01-01', 2::BIGINT)`,
  `(5, -9007199254740992::BIGINT, 2147483647::INTEGER, 9007199254740991::UBIGINT, 0::BIGINT, 'nan'::DOUBLE, 3.4028235e38::FLOAT, 123456789012345678::BIGINT, DATE '10000-01-01', TIMESTAMP '10000-01-01 00:00:00', true, NULL, 5e-324::DOUBLE, NULL, -1::BIGINT)`,
  `(6, 0::BIGINT, (-2147483648)::INTEGER, 9007199254740992::UBIGINT, 1::BIGINT, 1.7976931348623157e308::DOUBLE, (-0.0)::FLOAT, -1::BIGINT, DATE '-0001-06-01', TIMESTAMP '2026-02-28 00:00:00.5', false, 0::BIGINT, 0.1::DOUBLE, DATE '2000-02-29', NULL)`,
];

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let path: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "segform-typed-parquet-"));
  instance = await DuckDBInstance.create(":memory:");
  connection = await instance.connect();
  path = join(dir, "typed.parquet");
  const names = [...new Set(FIELDS.map((f) => `"${f.column}"`))].join(", ");
  await connection.run(`COPY (SELECT * FROM (VALUES ${ROWS.join(", ")}) t(${names})) TO '${path}' (FORMAT parquet)`);
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

async function coerced(typed: boolean): Promise<{ inputTypes: Record<string, string>; rows: (string | null)[][] }> {
  const view = typed ? "typed_view" : "text_view";
  const inputTypes = await defineFileView(
    connection,
    view,
    path,
    "parquet",
    FIELDS,
    "row",
    typed ? { key: "id" } : undefined,
  );
  const query = compileCoercionSql(FIELDS, {
    dialect: "duckdb",
    table: view,
    asOf: "2026-11-01",
    rowColumn: "row",
    inputTypes,
  });
  const rows = (await connection.runAndReadAll(query))
    .getRows()
    .map((row) => row.map((cell) => (cell === null ? null : String(cell))));
  return { inputTypes, rows };
}

describe("typed Parquet columns read as they are", () => {
  it("are the columns whose type the field reads (not the key, not a placeholder that could be a value's text, not a date format)", async () => {
    const { inputTypes } = await coerced(true);
    expect(inputTypes).toEqual({
      big: "BIGINT",
      small: "INTEGER",
      unsigned: "UBIGINT",
      fractional_default: "BIGINT",
      score: "DOUBLE",
      single: "FLOAT",
      day: "DATE",
      stamp: "TIMESTAMP",
      flag: "BOOLEAN",
      placeholders: "DOUBLE",
      enumerated: "BIGINT",
    });
  });

  it("give the values the text path gives, edge cases included", async () => {
    const text = await coerced(false);
    const typed = await coerced(true);
    expect(typed.rows).toEqual(text.rows);
    // Columns: id, big, small, unsigned, fractional_default, score, single, whole, day, stamp, flag, zero_missing,
    // placeholders, epoch, enumerated, number_placeholder; dates as day numbers. The epoch field reads the text of a DATE column,
    // which is no epoch number.
    expect(typed.rows).toEqual([
      [
        "1",
        "200",
        "3",
        "5",
        "2",
        "2.5",
        "0.10000000149011612",
        "9007199254740992",
        "20455",
        "20731",
        "true",
        null,
        "12.75",
        null,
        "1",
        "9007199254740992",
      ],
      ["2", null, "7", null, "0.5", null, null, null, null, null, null, null, null, null, null, null],
      [
        "3",
        "9007199254740991",
        "-3",
        null,
        "-9007199254740991",
        "0",
        null,
        "-9007199254740991",
        "-719162",
        "20731",
        "false",
        "5",
        null,
        null,
        null,
        "-9007199254740991",
      ],
      ["4", null, "0", "0", "0.5", "1e+21", null, "0", "2932896", "-719162", null, "-1", null, null, "2", "0"],
      [
        "5",
        null,
        "2147483647",
        "9007199254740991",
        "0",
        null,
        "3.4028234663852886e+38",
        "123456789012345680",
        null,
        null,
        "true",
        null,
        "5e-324",
        null,
        null,
        "123456789012345680",
      ],
      [
        "6",
        "0",
        "-2147483648",
        null,
        "1",
        "1.7976931348623157e+308",
        "0",
        "-1",
        null,
        "20512",
        "false",
        null,
        "0.1",
        null,
        null,
        null,
      ],
    ]);
  });
});
