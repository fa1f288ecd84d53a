import { duplicateKeysText, type DuplicateKeys, type OnDuplicate } from "@segform/data";
import type { Plan } from "@segform/plan";
import { sqlBuilder, type Dialect, type Sql } from "../builder.js";
import { compileKeySql } from "../compile.js";
import { SqlRunError } from "./errors.js";

/** Runs a query and returns its rows as arrays. */
export type RunQuery = (text: string) => Promise<unknown[][]>;

/**
 * The key rules for inputs the JS reader cannot read (Parquet, PostgreSQL tables), checked in SQL over the whole
 * input (the database spills its own aggregates): a row without a key is SEG101; rows repeating a key are SEG104
 * (the first few by row, as the JS engine names them by line) unless `onDuplicate` is "first". Rows are the row
 * column's numbers. Returns the query of the rows "first" drops (row numbers), or null.
 */
export async function checkKeysInSql(
  run: RunQuery,
  plan: Plan,
  options: {
    dialect: Dialect;
    table: string;
    asOf: string;
    rowColumn: string;
    onDuplicate?: OnDuplicate;
    source: string;
  },
): Promise<Sql | null> {
  const { sql, ident } = sqlBuilder(options.dialect);
  const keys = sql`${compileKeySql(plan, { dialect: options.dialect, table: options.table, asOf: options.asOf, rowColumn: options.rowColumn })}`;
  const [row, key] = [ident("row"), ident("key")];
  const column = plan.fields.find((field) => field.name === plan.key)!.column;
  const [missing] = await run(sql`SELECT min(${row}) FROM (${keys}) AS k WHERE ${key} IS NULL`.text);
  if (missing?.[0] !== null && missing?.[0] !== undefined) {
    throw new SqlRunError(
      "SEG101",
      `account key ${column} is missing (row ${Number(missing[0])})`,
      "every account needs a key: fill it in, or remove the row",
      options.source,
    );
  }
  const later = sql`SELECT ${key}, ${row}, ${ident("first")} FROM (SELECT ${key}, ${row}, min(${row}) OVER (PARTITION BY ${key}) AS ${ident("first")} FROM (${keys}) AS k) AS d WHERE ${row} > ${ident("first")}`;
  if (options.onDuplicate === "first") return sql`SELECT ${row} FROM (${later}) AS dropped`;
  const [count] = await run(sql`SELECT count(*) FROM (${later}) AS d`.text);
  const total = Number(count?.[0] ?? 0);
  if (total === 0) return null;
  const first = await run(sql`SELECT * FROM (${later}) AS d ORDER BY ${row} LIMIT 5`.text);
  const duplicates: DuplicateKeys = {
    count: total,
    first: first.map(([k, r, f]) => ({
      key: typeof k === "bigint" ? Number(k) : (k as string | number),
      row: Number(r),
      line: Number(r),
      firstLine: Number(f),
    })),
  };
  const { message, hint } = duplicateKeysText(column, duplicates, "row");
  throw new SqlRunError("SEG104", message, hint, options.source);
}
