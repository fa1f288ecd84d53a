/**
 * DuckDB over typed input (Parquet): the columns a field can read as they are, without the round trip through
 * text that other inputs take. The value read from a typed column is the value the text path gives for the text
 * the runner's view would have made of it (runners/duckdb-input.ts parquetSelect): digits for integers, numbers
 * as JavaScript prints them, dates and timestamps as YYYY-MM-DD[ HH:MM:SS], booleans as true/false. So:
 * - integer field, integer column: the value within +-(2^53 - 1) (the text path refuses longer digits);
 * - number field, DOUBLE / FLOAT / integer column (not HUGEINT): the value as a double when finite (NaN and infinities print as
 *   text that is no number), 0 for -0 (printed as "0");
 * - date field without `format`, DATE or TIMESTAMP column: the day, for years 0001-9999 (the text path reads
 *   four-digit years other than 0000);
 * - boolean field, BOOLEAN column: the value.
 * A column is read typed only when every field reading it is one of these, none is the key (the key checks read
 * the view's text), and no `null_values` placeholder could be the text of a value of the column's type (a
 * placeholder "0" makes the text "0" missing). Everything else keeps the text path.
 */
import type { PlanField } from "@segform/plan";
import { SqlDate, type Sql, type SqlBuilder } from "./builder.js";

const INTEGER_TYPES = new Set([
  "TINYINT",
  "SMALLINT",
  "INTEGER",
  "BIGINT",
  "HUGEINT",
  "UTINYINT",
  "USMALLINT",
  "UINTEGER",
  "UBIGINT",
]);
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

type TypedKind = "integer" | "double" | "date" | "boolean";

/** How a field reads a column of this DuckDB type as it is, or null when it reads the column's text. */
function typedKind(field: PlanField, type: string): TypedKind | null {
  const placeholders = field.nullValues ?? [];
  const safe = (textOfValue: RegExp) => placeholders.every((placeholder) => !textOfValue.test(placeholder));
  switch (field.type) {
    case "integer":
      return INTEGER_TYPES.has(type) && safe(/^-?[0-9]+$/) ? "integer" : null;
    case "number":
      // HUGEINT to DOUBLE rounds twice (high and low halves); the text path rounds the digits once.
      return (type === "DOUBLE" || type === "FLOAT" || (INTEGER_TYPES.has(type) && type !== "HUGEINT")) &&
        safe(/^([-+.e]*[0-9][-+0-9.e]*|-?inf|nan)$/)
        ? "double"
        : null;
    case "date":
      return (type === "DATE" || type === "TIMESTAMP") && field.format === undefined && safe(/^[0-9]/) ? "date" : null;
    case "boolean":
      return type === "BOOLEAN" && safe(/^(true|false)$/) ? "boolean" : null;
    default:
      return null;
  }
}

/**
 * The input columns (by name) that the fields read typed, with their DuckDB types, from the types of a typed
 * file's columns; the key field's column stays text.
 */
export function typedInputColumns(
  fields: readonly PlanField[],
  key: string,
  types: ReadonlyMap<string, string>,
): Record<string, string> {
  const byColumn = new Map<string, PlanField[]>();
  for (const field of fields) byColumn.set(field.column, [...(byColumn.get(field.column) ?? []), field]);
  const typed: Record<string, string> = {};
  for (const [column, readers] of byColumn) {
    const type = types.get(column);
    if (type === undefined || readers.some((field) => field.name === key || typedKind(field, type) === null)) continue;
    typed[column] = type;
  }
  return typed;
}

/** The value of a field read from a typed column (see the top of this file), NULL where the text path gives none. */
export function typedInputValue(
  b: SqlBuilder,
  field: PlanField,
  column: Sql,
  type: string,
  numeric: "bigint" | "double" | null,
): Sql {
  const { sql } = b;
  switch (typedKind(field, type)) {
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
