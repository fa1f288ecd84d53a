import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { Plan } from "@segform/plan";
import { compileSql } from "../compile.js";
import { defineFileView, fileFormat } from "./duckdb-input.js";
import { SqlRunError } from "./errors.js";
import { AccountRowReader, withRoles, type SqlAccountRow, type SqlRolesByAccount } from "./results.js";
import { RoleCollector } from "./roles.js";

export interface DuckDbRunOptions {
  /** Account data file: CSV, JSON Lines, JSON or Parquet. */
  data: string;
  /** The data's format when its extension does not tell. */
  format?: "csv" | "jsonl" | "json" | "parquet";
  /** Reference date (YYYY-MM-DD) for `within_days`. */
  asOf: string;
  /** Contact data file: when given, each row carries the account's roles. */
  contacts?: string;
  contactsFormat?: "csv" | "jsonl" | "json" | "parquet";
}

const ACCOUNTS = "segform_accounts";
const CONTACTS = "segform_contacts";
const ROW = "segform_row";

/**
 * Labels every account of a data file with embedded DuckDB: the file becomes a view, the compiled query runs over
 * it, and results stream back a DuckDB chunk (2,048 rows) at a time, in input order, so memory stays flat however
 * large the file. DuckDB spills its own work (sorts, windows) to a temporary directory that is removed afterwards.
 */
export async function* runDuckDb(plan: Plan, options: DuckDbRunOptions): AsyncGenerator<SqlAccountRow> {
  const roles = options.contacts ? await duckDbRoles(plan, { contacts: options.contacts, format: options.contactsFormat, asOf: options.asOf }) : undefined;
  yield* withRoles(accountRows(plan, options), roles);
}

async function* accountRows(plan: Plan, options: DuckDbRunOptions): AsyncGenerator<SqlAccountRow> {
  const format = fileFormat(options.data, options.format);
  const session = await DuckDbSession.open();
  try {
    await session.input(() => defineFileView(session.connection, ACCOUNTS, options.data, format, plan.fields, ROW), options.data);
    const { accounts } = compileSql(plan, { dialect: "duckdb", table: ACCOUNTS, asOf: options.asOf, rowColumn: ROW });
    const reader = new AccountRowReader(plan);
    for await (const rows of session.stream(accounts, options.data)) {
      for (const row of rows) yield reader.read(row);
    }
  } finally {
    session.close();
  }
}

/** Assigns roles to the contacts of a file with embedded DuckDB, grouped by account (as the JS engine's contact pass). */
export async function duckDbRoles(plan: Plan, options: { contacts: string; format?: DuckDbRunOptions["format"]; asOf: string }): Promise<SqlRolesByAccount> {
  if (!plan.contacts) return new Map();
  const format = fileFormat(options.contacts, options.format);
  const session = await DuckDbSession.open();
  try {
    await session.input(() => defineFileView(session.connection, CONTACTS, options.contacts, format, plan.contacts!.fields, ROW), options.contacts);
    // The accounts relation is not read by the contacts query, but the compiler needs a name for it.
    const { contacts } = compileSql(plan, { dialect: "duckdb", table: ACCOUNTS, asOf: options.asOf, rowColumn: ROW, contactsTable: CONTACTS });
    if (contacts === null) return new Map();
    const collector = new RoleCollector(plan);
    for await (const rows of session.stream(contacts, options.contacts)) {
      for (const row of rows) collector.add(row);
    }
    return collector.roles;
  } finally {
    session.close();
  }
}

/** Errors DuckDB raises about the data it reads (as opposed to errors in the query, which are bugs). */
const INPUT_ERROR = /^(Invalid Input|Conversion|IO|Out of Range|Invalid) Error: /;

/**
 * An in-memory DuckDB database with its own spill directory. The directory goes when the session closes, or when
 * the process exits first (`segform run ... | head` ends the process mid-stream).
 */
class DuckDbSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly removeSpill: () => void,
  ) {}

  static async open(): Promise<DuckDbSession> {
    const spill = mkdtempSync(join(tmpdir(), "segform-duckdb-spill-"));
    const removeSpill = () => {
      process.off("exit", removeSpill);
      rmSync(spill, { recursive: true, force: true });
    };
    process.on("exit", removeSpill);
    try {
      const instance = await DuckDBInstance.create(":memory:", { temp_directory: spill, preserve_insertion_order: "true" });
      return new DuckDbSession(instance, await instance.connect(), removeSpill);
    } catch (error) {
      removeSpill();
      throw error;
    }
  }

  /** Runs a step that reads `source`, reporting DuckDB's complaints about the data as SqlRunError. */
  async input<T>(step: () => Promise<T>, source: string): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw asInputError(error, source);
    }
  }

  /** The rows of a query, a chunk at a time. */
  async *stream(sql: string, source: string): AsyncGenerator<unknown[][]> {
    const result = await this.input(() => this.connection.stream(sql), source);
    for (;;) {
      const chunk = await this.input(() => result.fetchChunk(), source);
      if (!chunk || chunk.rowCount === 0) return;
      yield chunk.getRows();
    }
  }

  close(): void {
    try {
      this.connection.closeSync();
      this.instance.closeSync();
    } finally {
      this.removeSpill();
    }
  }
}

function asInputError(error: unknown, source: string): unknown {
  if (error instanceof SqlRunError) return error;
  const message = (error as Error)?.message ?? "";
  if (!INPUT_ERROR.test(message)) return error;
  const line = message.split("\n")[0]!.replace(INPUT_ERROR, "").trim();
  return new SqlRunError("SEG105", line, "check the file's format (see --input-format)", source);
}
