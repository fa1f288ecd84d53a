import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { FieldType, PlanField } from "@segform/plan";
import { defineFileView, fileFormat, type FileFormat } from "./duckdb-input.js";
import { SqlRunError } from "./errors.js";

function field(name: string, column = name, type: FieldType = "string"): PlanField {
  return { name, column, type, default: null, nullable: true, enum: null, separator: ";" };
}

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "segform-duckdb-input-"));
  // Several threads, so that a large file is read in parallel.
  instance = await DuckDBInstance.create(":memory:", { threads: "4" });
  connection = await instance.connect();
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** The view's rows in row order, row numbers dropped. */
async function view(
  file: string,
  content: string | Buffer,
  fields: PlanField[],
  format?: FileFormat,
): Promise<(string | null)[][]> {
  const path = join(dir, file);
  writeFileSync(path, content);
  await defineFileView(connection, "input", path, format ?? fileFormat(path), fields, "row");
  const result = await connection.runAndReadAll(`SELECT * FROM input ORDER BY "row"`);
  return result.getRows().map((row) => row.slice(1).map((cell) => (cell === null ? null : String(cell))));
}

describe("CSV through DuckDB", () => {
  it("reads cells as the JS reader does: header trimmed, BOM, CRLF, quotes, blank lines", async () => {
    const csv =
      '\uFEFF Id ,Name,Tech,Other\r\na1,"Acme, Inc",x;y,dup\r\n\r\na2,,"",\r\na3,"multi\r\nline ""quoted""",,\r\na4,b,c,d\r\n  a5 , spaced ,c,d\r\n';
    const rows = await view("tricky.csv", csv, [
      field("id", "Id"),
      field("name", "Name"),
      field("tech", "Tech", "string[]"),
    ]);
    expect(rows).toEqual([
      ["a1", "Acme, Inc", "x;y"],
      // Empty cells are NULL: empty means missing in segform.
      ["a2", null, null],
      ["a3", 'multi\r\nline "quoted"', null],
      ["a4", "b", "c"],
      // Cells are not trimmed here; the compiled query trims, as the JS coercion does.
      ["  a5 ", " spaced ", "c"],
    ]);
  });

  it("reads a .tsv with tabs, and keeps every value as text (no type sniffing)", async () => {
    const rows = await view("data.tsv", "id\tn\tday\n007\t1e3\t2026-01-01\nx\ttrue\tnot a date\n", [
      field("id"),
      field("n", "n", "integer"),
      field("day", "day", "date"),
    ]);
    expect(rows).toEqual([
      ["007", "1e3", "2026-01-01"],
      ["x", "true", "not a date"],
    ]);
  });

  it("numbers rows in file order when DuckDB reads the file with several threads", async () => {
    const lines = ["id,note"];
    for (let i = 0; i < 400_000; i++)
      lines.push(i % 1000 === 7 ? `${i},"a quoted, multi\nline note"` : `${i},note number ${i}`);
    const path = join(dir, "large.csv");
    writeFileSync(path, lines.join("\n") + "\n");
    await defineFileView(connection, "large", path, "csv", [field("id"), field("note")], "row");
    const check = await connection.runAndReadAll(
      `SELECT count(*), count(*) FILTER (WHERE CAST(id AS BIGINT) <> "row" - 1), max("row") FROM large`,
    );
    expect(check.getRows()[0]!.map(Number)).toEqual([400_000, 0, 400_000]);
  });

  it("names the missing columns, like the JS reader", async () => {
    await expect(
      view("missing.csv", "Id,Name\na,b\n", [field("id", "Id"), field("size", "Employees"), field("region", "Region")]),
    ).rejects.toMatchObject({
      code: "SEG103",
      message: "columns Employees (field size), Region (field region) missing from the data",
    });
  });

  it("refuses a file that does not exist", async () => {
    const error = await defineFileView(connection, "nope", join(dir, "nope.csv"), "csv", [field("id")], "row").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SqlRunError);
    expect(error).toMatchObject({ code: "SEG106" });
  });
});

describe("JSON through DuckDB", () => {
  const fields = [
    field("id", "Id"),
    field("n", "n", "number"),
    field("tags", "tags", "string[]"),
    field("flag", "flag", "boolean"),
    field("name", "name"),
    field("absent", "absent"),
  ];

  it("turns JSON Lines values into the text JavaScript makes of them", async () => {
    const jsonl = [
      '\uFEFF{"Id":"a1","n":200,"tags":["x"," y ",null,3],"flag":true,"name":"  hi ","extra":{"k":1}}\r',
      "",
      '{"Id":"a2","n":2.50,"tags":"x;y","flag":false,"name":{"nested":true}}',
      "   ",
      '{"Id":7,"n":1e3,"tags":[],"name":["not","a","string"]}',
      '{"Id":"a4","n":1e21,"tags":[1.5,true]}',
      '{"Id":"a5","n":0.1,"name":"a\\"b,c\\u00e9"}',
    ].join("\n");
    expect(await view("data.jsonl", jsonl, fields)).toEqual([
      ["a1", "200", "x; y ;3", "true", "  hi ", null],
      ["a2", "2.5", "x;y", "false", null, null],
      ["7", "1000", null, null, null, null],
      ["a4", "1e+21", "1.5;true", null, null, null],
      ["a5", "0.1", null, null, 'a"b,cé', null],
    ]);
  });

  it("reads a JSON array, or the accounts of an object", async () => {
    expect(await view("array.json", '\uFEFF[{"Id":"a1","n":1},{"Id":"a2"}]', fields)).toEqual([
      ["a1", "1", null, null, null, null],
      ["a2", null, null, null, null, null],
    ]);
    expect(await view("object.json", '{"accounts":[{"Id":"b1"}]}', fields)).toEqual([
      ["b1", null, null, null, null, null],
    ]);
  });

  it("fails on a line that is not a JSON object", async () => {
    await expect(view("bad.jsonl", '{"Id":"a1"}\n[1,2]\n', fields)).rejects.toThrow(/record 2 is not a JSON object/);
    await expect(view("broken.jsonl", '{"Id":"a1"}\n{"Id": \n', fields)).rejects.toThrow(/malformed JSON in record 2/);
  });
});

describe("Parquet through DuckDB", () => {
  it("numbers rows from 1 in file order and turns typed columns into text: lists joined (NULL items dropped), numbers as JavaScript prints them, dates as YYYY-MM-DD", async () => {
    const path = join(dir, "typed.parquet");
    await connection.run(
      `COPY (SELECT * FROM (VALUES ('a1', 200, 2.5::DOUBLE, ['x','y'], DATE '2026-01-02', true), ('a2', NULL, 1000.0::DOUBLE, [], NULL, false), ('a3', 3, 1e21::DOUBLE, NULL, DATE '2025-12-31', NULL), ('a4', 4, 1.0::DOUBLE, [NULL, ' a ', NULL, 'b;c', ''], NULL, NULL), ('a5', 5, 0.0::DOUBLE, [NULL, NULL]::VARCHAR[], NULL, NULL)) t("Id", employees, score, tags, seen, flag)) TO '${path}' (FORMAT parquet)`,
    );
    await defineFileView(
      connection,
      "typed",
      path,
      "parquet",
      [
        field("id", "Id"),
        field("employees", "employees", "integer"),
        field("score", "score", "number"),
        field("tags", "tags", "string[]"),
        field("seen", "seen", "date"),
        field("flag", "flag", "boolean"),
      ],
      "row",
    );
    const rows = (await connection.runAndReadAll(`SELECT * FROM typed ORDER BY "row"`))
      .getRows()
      .map((row) => row.map((cell) => (cell === null ? null : String(cell))));
    expect(rows).toEqual([
      ["1", "a1", "200", "2.5", "x;y", "2026-01-02", "true"],
      ["2", "a2", null, "1000", null, null, "false"],
      ["3", "a3", "3", "1e+21", null, "2025-12-31", null],
      // NULL items are dropped; the others are joined as they are (the query trims and splits the text).
      ["4", "a4", "4", "1", " a ;b;c;", null, null],
      ["5", "a5", "5", "0", null, null, null],
    ]);
  });
});

describe("fileFormat", () => {
  it("follows the extension, or the explicit format", () => {
    expect(
      ["a.csv", "a.tsv", "a.jsonl", "a.ndjson", "a.json", "a.parquet", "a.PQ"].map((path) => fileFormat(path)),
    ).toEqual(["csv", "csv", "jsonl", "jsonl", "json", "parquet", "parquet"]);
    expect(fileFormat("data.txt.gz", "jsonl")).toBe("jsonl");
    expect(() => fileFormat("data.xlsx")).toThrow(/cannot tell the format of data.xlsx/);
  });
});
