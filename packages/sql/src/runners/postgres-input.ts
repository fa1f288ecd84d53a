import type { PlanField } from "@segform/plan";
import { sqlBuilder, type Sql } from "../builder.js";

const { sql, ident, qualified, join } = sqlBuilder("postgres");

/**
 * PostgreSQL columns of type json, jsonb or an array, read as the JS engine reads the same JSON values from a
 * JSONL file (README, "How segform reads data"): a string as its text, a number as JavaScript prints it, a
 * boolean as true/false, a list (for a column a list field reads) as its items' text joined with that field's
 * separator, NULL for null, objects, and a list holding an object or a list. Other columns are read as their text,
 * as before. Returns the relation to read: the table itself, or a temporary view `view` over it.
 */
export async function listAwareInput(
  run: (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>,
  table: string,
  fields: readonly PlanField[],
  view: string,
): Promise<string> {
  const types = await run(
    "SELECT a.attname, t.typname, t.typcategory FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
    [qualified(table).text],
  );
  const read = new Set(fields.map((field) => field.column));
  const separators = new Map<string, string>();
  for (const field of fields)
    if (field.type === "string[]" && !separators.has(field.column)) separators.set(field.column, field.separator);
  let converted = false;
  const selected = types.rows.map((row) => {
    const name = String(row.attname);
    const column = ident(name);
    if (!read.has(name)) return column;
    const jsonb =
      row.typname === "json" || row.typname === "jsonb"
        ? sql`CAST(${column} AS jsonb)`
        : row.typcategory === "A"
          ? sql`to_jsonb(${column})`
          : null;
    if (jsonb === null) return column;
    converted = true;
    return sql`${jsonText(jsonb, separators.get(name) ?? null)} AS ${column}`;
  });
  if (!converted) return table;
  await run(
    sql`CREATE OR REPLACE TEMP VIEW ${ident(view)} AS SELECT ${join(selected, ", ")} FROM ${qualified(table)}`.text,
    [],
  );
  return view;
}

/** A jsonb value as the text the JS engine makes of the same JSON value (see listAwareInput). */
export function jsonText(value: Sql, separator: string | null): Sql {
  const scalar = (v: Sql) =>
    sql`CASE jsonb_typeof(${v}) WHEN 'string' THEN ${v} #>> '{}' WHEN 'boolean' THEN ${v} #>> '{}' WHEN 'number' THEN ${numberText(sql`CAST(${v} #>> '{}' AS double precision)`)} ELSE NULL END`;
  if (separator === null) return scalar(value);
  const items = sql`jsonb_array_elements(${value}) WITH ORDINALITY AS segform_items(item, position)`;
  const joined = sql`(SELECT CASE WHEN bool_or(jsonb_typeof(item) IN ('object', 'array')) THEN NULL ELSE nullif(string_agg(${scalar(sql`item`)}, ${separator} ORDER BY position), '') END FROM ${items})`;
  return sql`CASE WHEN jsonb_typeof(${value}) = 'array' THEN ${joined} ELSE ${scalar(value)} END`;
}

/**
 * A double as JavaScript's String(number) prints it: from 1e-6 up to 1e21 in plain digits (the shortest digits
 * that read back as the same double, PostgreSQL's float8 text, as an exact numeric), else with an exponent
 * without zero padding (1e-7, 1.5e+21).
 */
function numberText(double: Sql): Sql {
  return sql`CASE WHEN ${double} = 0 THEN '0' WHEN abs(${double}) >= 1e21 OR abs(${double}) < 1e-6 THEN regexp_replace(CAST(${double} AS text), 'e([+-])0*([0-9])', 'e\\1\\2') ELSE CAST(CAST(CAST(${double} AS text) AS numeric) AS text) END`;
}
