// Real engines for the agreement tests: DuckDB in process, and PostgreSQL when a server is given (the suite's
// global setup starts one, or SEGFORM_TEST_PG_URL names one). Tables are loaded from cells as text.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import pg from "pg";
import { inject } from "vitest";
import { sqlBuilder, type Dialect } from "../src/builder.js";

export const ROW_COLUMN = "__row";

export interface TestEngine {
  dialect: Dialect;
  /** Creates (or replaces) a table: the row column (1-based) and one text column per name. */
  load(table: string, columns: readonly string[], rows: readonly (readonly (string | null)[])[]): Promise<void>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function duckdb(): Promise<TestEngine> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection: DuckDBConnection = await instance.connect();
  const { sql, ident, join } = sqlBuilder("duckdb");
  return {
    dialect: "duckdb",
    async load(table, columns, rows) {
      await connection.run(
        sql`CREATE OR REPLACE TABLE ${ident(table)} (${ident(ROW_COLUMN)} BIGINT, ${join(
          columns.map((column) => sql`${ident(column)} VARCHAR`),
          ", ",
        )})`.text,
      );
      const appender = await connection.createAppender(table);
      rows.forEach((cells, index) => {
        appender.appendBigInt(BigInt(index + 1));
        for (let i = 0; i < columns.length; i++) {
          const cell = cells[i];
          if (cell === null || cell === undefined) appender.appendNull();
          else appender.appendVarchar(cell);
        }
        appender.endRow();
      });
      appender.closeSync();
    },
    async query(text) {
      const reader = await connection.runAndReadAll(text);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** The PostgreSQL server's URL, or null (the PostgreSQL tests are then skipped). */
export function postgresUrl(): string | null {
  let injected: string | null = null;
  try {
    // Provided by test/setup/postgres.ts (which also declares its type).
    injected = (inject as (key: string) => string | null | undefined)("segformPgUrl") ?? null;
  } catch {
    injected = null;
  }
  return injected ?? process.env.SEGFORM_TEST_PG_URL ?? null;
}

export async function postgres(url: string): Promise<TestEngine> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Each test file works in its own schema, so files can run at once against one server.
  const schema = `segform_sql_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const { sql, ident, join } = sqlBuilder("postgres");
  await client.query(sql`CREATE SCHEMA ${ident(schema)}`.text);
  await client.query(sql`SET search_path TO ${ident(schema)}`.text);
  // BIGINT as a number (the values are safe integers); everything else as node-postgres reads it.
  const types = {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      oid === 20
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
  };
  return {
    dialect: "postgres",
    async load(table, columns, rows) {
      await client.query(sql`DROP TABLE IF EXISTS ${ident(table)}`.text);
      await client.query(
        sql`CREATE TABLE ${ident(table)} (${ident(ROW_COLUMN)} BIGINT, ${join(
          columns.map((column) => sql`${ident(column)} TEXT`),
          ", ",
        )})`.text,
      );
      const chunk = 500;
      for (let start = 0; start < rows.length; start += chunk) {
        const part = rows.slice(start, start + chunk);
        const params: (string | number | null)[] = [];
        const tuples = part.map((cells, offset) => {
          params.push(start + offset + 1);
          const slots = [`$${params.length}`];
          for (let i = 0; i < columns.length; i++) {
            params.push(cells[i] ?? null);
            slots.push(`$${params.length}`);
          }
          return `(${slots.join(", ")})`;
        });
        // Placeholders only: the values travel as parameters.
        await client.query(`INSERT INTO ${sql`${ident(table)}`.text} VALUES ${tuples.join(", ")}`, params);
      }
    },
    async query(text) {
      const result = await client.query({ text, types });
      return result.rows as Record<string, unknown>[];
    },
    async close() {
      await client.query(sql`DROP SCHEMA ${ident(schema)} CASCADE`.text);
      await client.end();
    },
  };
}
