/**
 * DuckDB over typed input (Parquet): the columns a field can read as they are, without the round trip through
 * text that other inputs take. The value read from a typed column is the value the text path gives for the text
 * the runner's view would have made of it (runners/duckdb-input.ts parquetSelect): digits for integers, numbers
 * as JavaScript prints them, dates and timestamps as YYYY-MM-DD[ HH:MM:SS], booleans as true/false. So:
 * - integer field, integer column: the value within +-(2^53 - 1) (the text path refuses longer digits);
 * - number field, DOUBLE / FLOAT / integer column: the value as a double when finite (NaN and infinities print as
 *   text that is no number), 0 for -0 (printed as "0");
 * - date field without `format`, DATE or TIMESTAMP column: the day, for years 0001-9999 (the text path reads
 *   four-digit years other than 0000);
 * - boolean field, BOOLEAN column: the value.
 * - string[] field without placeholders, VARCHAR[] column: the items that are not NULL, each trimmed (and folded
 *   with `case`), empty ones dropped; NULL when no item is left. The view joins the items with the separator and
 *   the text path splits them again, which gives these items unless an item holds the separator: such a list is
 *   read from that text (the fallback text, computed only for those lists).
 * A column is read typed only when every field reading it is one of these, none is the key (the key checks read
 * the view's text), and no `null_values` placeholder could be the text of a value of the column's type (a
 * placeholder "0" makes the text "0" missing). Everything else keeps the text path.
 */
import type { PlanField } from "@segform/plan";
import { SqlDate, type Sql, type SqlBuilder } from "./builder.js";

const INTEGER_TYPES = new Set(["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"]);
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

type TypedKind = "integer" | "double" | "date" | "boolean" | "list";

/** How a field reads a column of this DuckDB type as it is, or null when it reads the column's text. */
function typedKind(field: PlanField, type: string): TypedKind | null {
  const placeholders = field.nullValues ?? [];
  const safe = (textOfValue: RegExp) => placeholders.every((placeholder) => !textOfValue.test(placeholder));
  switch (field.type) {
    case "integer":
      return INTEGER_TYPES.has(type) && safe(/^-?[0-9]+$/) ? "integer" : null;
    case "number":
      return (type === "DOUBLE" || type === "FLOAT" || INTEGER_TYPES.has(type)) && safe(/^([-+.e]*[0-9][-+0-9.e]*|-?inf|nan)$/) ? "double" : null;
    case "date":
      return (type === "DATE" || type === "TIMESTAMP") && field.format === undefined && safe(/^[0-9]/) ? "date" : null;
    case "boolean":
      return type === "BOOLEAN" && safe(/^(true|false)$/) ? "boolean" : null;
    case "string[]":
      return type === "VARCHAR[]" && placeholders.length === 0 ? "list" : null;
    default:
      return null;
  }
}

/**
 * The input columns (by name) that the fields read typed, with their DuckDB types, from the types of a typed
 * file's columns; the key field's column stays text.
 */
export function typedInputColumns(fields: readonly PlanField[], key: string, types: ReadonlyMap<string, string>): Record<string, string> {
  const byColumn = new Map<string, PlanField[]>();
  for (const field of fields) byColumn.set(field.column, [...(byColumn.get(field.column) ?? []), field]);
  const typed: Record<string, string> = {};
  for (const [column, readers] of byColumn) {
    const type = types.get(column);
    if (type === undefined || readers.some((field) => field.name === key || typedKind(field, type) === null)) continue;
    // The view joins a list with one separator (the first list field's): fields splitting it on others read text.
    if (new Set(readers.filter((field) => field.type === "string[]").map((field) => field.separator)).size > 1) continue;
    typed[column] = type;
  }
  return typed;
}

/** What the value of a typed list needs from the text path: JavaScript's trim, and the field's case folding. */
export interface TextFunctions {
  trim(text: Sql): Sql;
  fold(text: Sql): Sql;
}

/**
 * The value of a field read from a typed column (see the top of this file), NULL where the text path gives none
 * (or, for a list with `typedInputText`, where that text is to be read).
 */
export function typedInputValue(b: SqlBuilder, field: PlanField, column: Sql, type: string, numeric: "bigint" | "double" | null, text: TextFunctions): Sql {
  const { sql } = b;
  switch (typedKind(field, type)) {
    case "list": {
      const items = sql`list_filter(${column}, __item -> __item IS NOT NULL)`;
      const holdsSeparator = sql`list_bool_or(list_transform(${items}, __item -> contains(__item, ${field.separator})))`;
      const read = sql`list_filter(list_transform(${items}, __item -> ${text.fold(text.trim(sql`__item`))}), __item -> __item <> '')`;
      return sql`CASE WHEN ${holdsSeparator} THEN NULL ELSE CASE WHEN len(${read}) > 0 THEN ${read} END END`;
    }
    case "integer": {
      const value = sql`CASE WHEN ${column} BETWEEN ${-MAX_SAFE} AND ${MAX_SAFE} THEN CAST(${column} AS BIGINT) END`;
      return numeric === "double" ? sql`CAST(${value} AS DOUBLE)` : value;
    }
    case "double": {
      const value = sql`CAST(${column} AS DOUBLE)`;
      return sql`CASE WHEN NOT isfinite(${value}) THEN NULL WHEN ${value} = 0 THEN CAST(0 AS DOUBLE) ELSE ${value} END`;
    }
    case "date": {
      const day = sql`CAST(${column} AS DATE)`;
      return sql`CASE WHEN ${day} BETWEEN ${new SqlDate("0001-01-01")} AND ${new SqlDate("9999-12-31")} THEN ${day} END`;
    }
    case "boolean":
      return column;
    case null:
      throw new RangeError(`field ${field.name} cannot read a ${type} column as it is`);
  }
}

/**
 * The text the runner's view makes of a typed column (duckdb-input.ts parquetSelect), for the values whose typed
 * value is NULL; null when that text never gives a value (scalars: a NULL typed value is a NULL or unreadable one).
 */
export function typedInputText(b: SqlBuilder, field: PlanField, column: Sql, type: string): Sql | null {
  const { sql } = b;
  if (typedKind(field, type) !== "list") return null;
  return sql`nullif(array_to_string(list_filter(${column}, __item -> __item IS NOT NULL), ${field.separator}), '')`;
}
