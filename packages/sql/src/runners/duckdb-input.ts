import { existsSync, statSync } from "node:fs";
import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { PlanField } from "@segform/plan";
import {
  DataError,
  fileFormat as dataFileFormat,
  MAX_RECORD_CHARS,
  openSource,
  type FileFormat as DataFileFormat,
} from "@segform/data";
import { sqlBuilder, type Sql } from "../builder.js";
import { typedInputColumns } from "../typed-input.js";
import { missingColumns, SqlRunError } from "./errors.js";

export type FileFormat = DataFileFormat;

const { sql, ident, join } = sqlBuilder("duckdb");

/** The format of a data file, from `explicit` or the extension, as @segform/data decides it (Parquet included). */
export function fileFormat(path: string, explicit?: string): FileFormat {
  try {
    return dataFileFormat(path, explicit);
  } catch (error) {
    if (error instanceof DataError) throw new SqlRunError(error.code, error.message, error.hint, path);
    throw error;
  }
}

/**
 * Defines the temporary view `view` over a data file: one VARCHAR column per input column the fields read (named
 * by `column`, as the compiled query expects) and `rowColumn`, a number that increases in file order. Values come
 * as the JS engine's reader sees them, as text (the compiled query casts and coerces): CSV cells as written, JSON
 * scalars as the text JavaScript makes of them, lists joined with the field's separator; empty and absent values
 * are NULL. DuckDB's own errors about the file are left to the caller.
 *
 * With `typed` (the key field's name), a Parquet file's columns that the fields can read as they are
 * (typed-input.ts) keep their types; returned by name with their DuckDB types, for compileSql's `inputTypes`.
 */
export async function defineFileView(
  connection: DuckDBConnection,
  view: string,
  path: string,
  format: FileFormat,
  fields: readonly PlanField[],
  rowColumn: string,
  typed?: { key: string },
): Promise<Record<string, string>> {
  if (!existsSync(path) || !statSync(path).isFile())
    throw new SqlRunError("SEG106", `cannot read data file ${path}`, "check the path, or pass --data FILE", path);
  const columns = inputColumns(fields);
  let select: Sql;
  let inputTypes: Record<string, string> = {};
  if (format === "csv") select = await csvSelect(path, fields, columns, ident(rowColumn));
  else if (format === "parquet")
    ({ select, inputTypes } = await parquetSelect(connection, path, fields, columns, ident(rowColumn), typed));
  else select = jsonSelect(path, format, columns, ident(rowColumn));
  await connection.run(sql`CREATE OR REPLACE TEMP VIEW ${ident(view)} AS ${select}`.text);
  return inputTypes;
}

interface InputColumn {
  name: string;
  /** Lists are joined with this (the separator of the first string[] field on the column), or null. */
  separator: string | null;
}

/** The input columns the fields read, once each, in field order. */
function inputColumns(fields: readonly PlanField[]): InputColumn[] {
  const byName = new Map<string, InputColumn>();
  for (const field of fields) {
    const known = byName.get(field.column);
    const separator = field.type === "string[]" ? field.separator : null;
    if (!known) byName.set(field.column, { name: field.column, separator });
    else if (known.separator === null) known.separator = separator;
  }
  return [...byName.values()];
}

/**
 * CSV, read as the JS engine reads it (README, "How segform reads data"): the header is the JS reader's (first
 * record, names trimmed, a name twice refused), then the file is read as positional VARCHAR columns c0..cN with an
 * explicit, strict dialect: RFC 4180 quotes, no sniffing of types or names, no null padding (a ragged row is an
 * error), a BOM and empty lines skipped. The JS reader's verdict on the whole file comes first (the runner's
 * checkKeys), so what DuckDB reads here is a file both readers accept. `row_number() OVER ()` directly over the
 * CSV reader numbers the records in file order (one thread reads the file, so the order is the file's).
 * `buffer_size` is pinned just above the line limit: DuckDB's default is 16x `max_line_size` (1 GiB here), one block
 * it cannot get under an explicit `memory_limit` ("could not allocate block of size 1.0 GiB").
 */
async function csvSelect(path: string, fields: readonly PlanField[], columns: InputColumn[], row: Sql): Promise<Sql> {
  const delimiter = extname(path).toLowerCase() === ".tsv" ? "\t" : ",";
  const dialect = sql`delim=${delimiter}, quote='"', escape='"', null_padding=false, parallel=false, strict_mode=true, max_line_size=${MAX_RECORD_CHARS}, buffer_size=${MAX_RECORD_CHARS + (1 << 20)}, encoding='utf-8'`;
  const header = await readCsvHeader(path);
  const positions = new Map<string, number>();
  header.forEach((name, index) => positions.set(name, index));
  const missing = missingColumns(fields, header, "the data", path, "the header has");
  if (missing) throw missing;
  const types = join(
    header.map((_, index) => sql`${`c${index}`}: 'VARCHAR'`),
    ", ",
  );
  const reader = sql`read_csv(${path}, auto_detect=false, header=true, columns={${types}}, ${dialect})`;
  const selected = columns.map((column) => sql`${ident(`c${positions.get(column.name)}`)} AS ${ident(column.name)}`);
  return sql`SELECT row_number() OVER () AS ${row}, ${join(selected, ", ")} FROM ${reader}`;
}

/** The header as the JS reader reads it (it reads the first chunk of the file only). */
async function readCsvHeader(path: string): Promise<string[]> {
  const source = await openSource(path, "csv");
  await source.close();
  return source.header ?? [];
}

/**
 * JSON Lines are read as lines of text (the CSV reader with a delimiter that valid JSON cannot hold raw, and no
 * quotes), so the BOM, CRLF and blank lines are handled as the JS reader handles them, and each line is parsed
 * once. A JSON file (an array of objects, or `{ "accounts": [...] }`) is read whole, as the JS reader does.
 */
function jsonSelect(path: string, format: "jsonl" | "json", columns: InputColumn[], row: Sql): Sql {
  const pointers = join(
    columns.map((column) => sql`${"/" + column.name.replace(/~/g, "~0").replace(/\//g, "~1")}`),
    ", ",
  );
  const values = columns.map(
    (column, index) => sql`${jsonText(sql`__values[${index + 1}]`, column.separator)} AS ${ident(column.name)}`,
  );
  const extract = (notAnObject: Sql) =>
    sql`CASE WHEN json_type(__record) = 'OBJECT' THEN json_extract(__record, [${pointers}]) ELSE error(${notAnObject}) END AS __values`;
  let records: Sql;
  if (format === "jsonl") {
    const lines = sql`read_csv(${path}, auto_detect=false, header=false, columns={'line': 'VARCHAR'}, delim=${"\u0001"}, quote='', escape='', strict_mode=false, encoding='utf-8')`;
    // Blank lines are dropped before numbering, so the numbers count records as the JS reader counts them.
    const numbered = sql`SELECT row_number() OVER () AS __row, line FROM ${lines} WHERE line IS NOT NULL AND trim(line) <> ''`;
    const parsed = sql`SELECT __row, CASE WHEN json_valid(line) THEN json(line) ELSE error(${"malformed JSON in record "} || __row) END AS __record FROM (${numbered})`;
    records = sql`SELECT __row, ${extract(sql`${"record "} || __row || ' is not a JSON object'`)} FROM (${parsed})`;
  } else {
    const document = sql`SELECT json(ltrim(content, chr(65279))) AS __document FROM read_text(${path})`;
    const items = sql`SELECT CAST(CASE WHEN json_type(__document) = 'ARRAY' THEN __document WHEN json_type(__document -> '$.accounts') = 'ARRAY' THEN __document -> '$.accounts' ELSE error(${"a .json data file must hold an array of objects"}) END AS JSON[]) AS __items FROM (${document})`;
    const unnested = sql`SELECT row_number() OVER () AS __row, __record FROM (SELECT unnest(__items) AS __record FROM (${items}))`;
    records = sql`SELECT __row, ${extract(sql`${"item "} || __row || ' is not an object'`)} FROM (${unnested})`;
  }
  return sql`SELECT __row AS ${row}, ${join(values, ", ")} FROM (${records})`;
}

/**
 * A JSON value as the text JavaScript makes of it (`String(value)`); NULL for null, objects and (outside lists)
 * arrays. A list (for string[] fields) becomes its items' text joined with the separator, nulls dropped. Numbers
 * print as JavaScript prints them in the common cases: integers as digits, other numbers in shortest form.
 */
function jsonText(value: Sql, separator: string | null): Sql {
  const scalar = (v: Sql) =>
    sql`CASE json_type(${v}) WHEN 'VARCHAR' THEN ${v} ->> '$' WHEN 'BOOLEAN' THEN ${v} ->> '$' WHEN 'BIGINT' THEN ${v} ->> '$' WHEN 'UBIGINT' THEN ${v} ->> '$' WHEN 'DOUBLE' THEN ${numberText(sql`CAST(${v} AS DOUBLE)`)} ELSE NULL END`;
  if (separator === null) return scalar(value);
  const items = sql`list_filter(list_transform(CAST(${value} AS JSON[]), __item -> ${scalar(sql`__item`)}), __text -> __text IS NOT NULL)`;
  // A list holding an object or a list cannot be read: the whole value is missing (as the JS reader has it).
  const nested = sql`list_bool_or(list_transform(CAST(${value} AS JSON[]), __item -> json_type(__item) IN ('OBJECT', 'ARRAY')))`;
  return sql`CASE WHEN json_type(${value}) = 'ARRAY' THEN CASE WHEN ${nested} THEN NULL ELSE nullif(array_to_string(${items}, ${separator}), '') END ELSE ${scalar(value)} END`;
}

/**
 * A DOUBLE as JavaScript's String(number) prints it: whole numbers below 1e21 without a fraction, numbers from
 * 1e-6 up in plain digits (DuckDB writes an exponent below 1e-4: 1.5e-06 is 0.0000015), exponents without zero
 * padding.
 */
function numberText(double: Sql): Sql {
  const text = sql`CAST(${double} AS VARCHAR)`;
  const mantissa = sql`replace(regexp_extract(${text}, '^-?([0-9.]+)e', 1), '.', '')`;
  const exponent = sql`CAST(regexp_extract(${text}, 'e([+-][0-9]+)$', 1) AS INTEGER)`;
  const small = sql`CASE WHEN ${double} < 0 THEN '-' ELSE '' END || '0.' || repeat('0', -${exponent} - 1) || ${mantissa}`;
  return sql`CASE WHEN isfinite(${double}) AND ${double} = trunc(${double}) AND abs(${double}) < 1e21 THEN CAST(CAST(${double} AS HUGEINT) AS VARCHAR) WHEN abs(${double}) >= 1e-6 AND abs(${double}) < 1e-4 THEN ${small} ELSE regexp_replace(${text}, 'e([+-])0*([0-9])', 'e\\1\\2') END`;
}

/**
 * Parquet columns keep their types; each becomes text the way the compiled query reads text: lists joined with
 * the separator, DOUBLE as JavaScript prints numbers, everything else by DuckDB's cast (dates as YYYY-MM-DD).
 * The row order is the file's (`file_row_number`). With `typed`, the columns the fields read typed stay as they are.
 */
async function parquetSelect(
  connection: DuckDBConnection,
  path: string,
  fields: readonly PlanField[],
  columns: InputColumn[],
  row: Sql,
  typed: { key: string } | undefined,
): Promise<{ select: Sql; inputTypes: Record<string, string> }> {
  const reader = sql`read_parquet(${path}, file_row_number=true)`;
  const described = await connection.runAndReadAll(sql`DESCRIBE SELECT * FROM ${reader}`.text);
  const types = new Map<string, string>();
  for (const [name, type] of described.getRows()) types.set(String(name), String(type));
  const missing = missingColumns(
    fields,
    [...types.keys()].filter((name) => name !== "file_row_number"),
    "the data",
    path,
    "the file has",
  );
  if (missing) throw missing;
  const inputTypes = typed ? typedInputColumns(fields, typed.key, types) : {};
  const selected = columns.map((column) => {
    const type = types.get(column.name)!;
    const name = ident(column.name);
    if (inputTypes[column.name] !== undefined) return name;
    if (type === "VARCHAR[]") {
      // array_to_string skips NULL items, as the general form below drops them (and is ~1.5x slower: a lambda).
      return sql`nullif(array_to_string(${name}, ${column.separator ?? ";"}), '') AS ${name}`;
    }
    if (type.endsWith("[]")) {
      const item = /^(DOUBLE|FLOAT)\[\]$/.test(type)
        ? numberText(sql`CAST(__item AS DOUBLE)`)
        : sql`CAST(__item AS VARCHAR)`;
      const items = sql`list_filter(list_transform(${name}, __item -> ${item}), __text -> __text IS NOT NULL)`;
      return sql`nullif(array_to_string(${items}, ${column.separator ?? ";"}), '') AS ${name}`;
    }
    if (type === "DOUBLE" || type === "FLOAT") return sql`${numberText(sql`CAST(${name} AS DOUBLE)`)} AS ${name}`;
    return sql`CAST(${name} AS VARCHAR) AS ${name}`;
  });
  return { select: sql`SELECT file_row_number + 1 AS ${row}, ${join(selected, ", ")} FROM ${reader}`, inputTypes };
}
