import { existsSync, statSync } from "node:fs";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { Plan } from "@segform/plan";
import { checkKeys, privateTempDir, type OnDuplicate } from "@segform/data";
import { Engine } from "@segform/engine";
import { compileCsvCopySql, compileRolesPerAccountSql, compileSql } from "../compile.js";
import { contactAggregates } from "@segform/engine";
import { sqlBuilder } from "../builder.js";
import { defineFileView, fileFormat } from "./duckdb-input.js";
import { SqlRunError } from "./errors.js";
import { checkKeysInSql } from "./keys.js";
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
  /** Rows repeating an account key: an input error (default), or dropped after the first. */
  onDuplicate?: OnDuplicate;
  /** Each row also carries the fields' coerced values (see CompileSqlOptions.withValues). */
  withValues?: boolean;
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
  const roles = options.contacts
    ? await duckDbRoles(plan, { contacts: options.contacts, format: options.contactsFormat, asOf: options.asOf })
    : undefined;
  yield* withRoles(accountRows(plan, options), roles);
}

/**
 * When the plan's account conditions read contacts (`contacts:` tests), the contacts view the accounts query joins;
 * SEG044 without contact data.
 */
async function defineContactsForAccounts(session: DuckDbSession, plan: Plan, options: DuckDbRunOptions): Promise<void> {
  if (contactAggregates(plan).length === 0) return;
  if (!options.contacts) {
    throw new SqlRunError(
      "SEG044",
      "the definitions test accounts' contacts (a `contacts:` condition), but no contact data was given",
      "set contacts.source in the definitions, or pass --contacts FILE",
      options.data,
    );
  }
  const contacts = options.contacts;
  await session.input(
    () =>
      defineFileView(
        session.connection,
        CONTACTS,
        contacts,
        fileFormat(contacts, options.contactsFormat),
        plan.contacts!.fields,
        ROW,
      ),
    contacts,
  );
}

async function* accountRows(plan: Plan, options: DuckDbRunOptions): AsyncGenerator<SqlAccountRow> {
  const session = await DuckDbSession.open();
  try {
    const { expected, inputTypes } = await defineAccounts(session, plan, options);
    await defineContactsForAccounts(session, plan, options);
    const { accounts } = compileSql(plan, {
      dialect: "duckdb",
      table: ACCOUNTS,
      asOf: options.asOf,
      rowColumn: ROW,
      contactsTable: CONTACTS,
      withValues: options.withValues,
      inputTypes,
    });
    const reader = new AccountRowReader(plan, options.withValues);
    let count = 0;
    for await (const rows of session.stream(accounts, options.data)) {
      count += rows.length;
      for (const row of rows) yield reader.read(row);
    }
    checkCount(expected, count, options.data);
  } finally {
    session.close();
  }
}

const RAW_ACCOUNTS = "segform_raw_accounts";
const DROPPED = "segform_dropped_rows";

/**
 * Defines the accounts view over the data file, read as the JS engine reads it. A CSV or JSON file first gets
 * the JS reader's verdict (checkKeys: the same pass the JS engine makes, so the same files are refused with the
 * same codes, lines and words, and the same rows are dropped by --on-duplicate first); DuckDB then reads it with
 * an explicit, strict dialect. Returns how many accounts the view must hold (the caller checks that DuckDB read
 * exactly those), or undefined for Parquet, whose keys are checked in SQL; and the view's typed columns (Parquet),
 * for compileSql's `inputTypes`.
 */
async function defineAccounts(
  session: DuckDbSession,
  plan: Plan,
  options: DuckDbRunOptions,
): Promise<{ expected: number | undefined; inputTypes: Record<string, string> }> {
  const format = fileFormat(options.data, options.format);
  if (format === "parquet") {
    // No lines to name: the key rules are checked in SQL, with row numbers.
    const inputTypes = await session.input(
      () => defineFileView(session.connection, RAW_ACCOUNTS, options.data, format, plan.fields, ROW, { key: plan.key }),
      options.data,
    );
    const run = async (text: string) => (await session.connection.runAndReadAll(text)).getRows();
    const dropped = await session.input(
      () =>
        checkKeysInSql(run, plan, {
          dialect: "duckdb",
          table: RAW_ACCOUNTS,
          asOf: options.asOf,
          rowColumn: ROW,
          onDuplicate: options.onDuplicate,
          source: options.data,
        }),
      options.data,
    );
    const { sql, ident } = sqlBuilder("duckdb");
    const [row, raw] = [ident(ROW), ident(RAW_ACCOUNTS)];
    const kept = dropped === null ? sql`` : sql` WHERE ${row} NOT IN (${dropped})`;
    await session.connection.run(
      sql`CREATE OR REPLACE TEMP VIEW ${ident(ACCOUNTS)} AS SELECT * FROM ${raw}${kept}`.text,
    );
    return { expected: undefined, inputTypes };
  }
  if (!existsSync(options.data) || !statSync(options.data).isFile()) {
    throw new SqlRunError(
      "SEG106",
      `cannot read data file ${options.data}`,
      "check the path, or pass --data FILE",
      options.data,
    );
  }
  const verdict = await checkKeys(new Engine(plan, { asOf: options.asOf }), options.data, {
    asOf: options.asOf,
    format,
    onDuplicate: options.onDuplicate,
  });
  const dropped = verdict.dropped ?? new Uint32Array(0);
  if (dropped.length === 0) {
    await session.input(
      () => defineFileView(session.connection, ACCOUNTS, options.data, format, plan.fields, ROW),
      options.data,
    );
  } else {
    await session.input(
      () => defineFileView(session.connection, RAW_ACCOUNTS, options.data, format, plan.fields, ROW),
      options.data,
    );
    const { sql, ident } = sqlBuilder("duckdb");
    await session.connection.run(sql`CREATE OR REPLACE TEMP TABLE ${ident(DROPPED)} (${ident(ROW)} BIGINT)`.text);
    const appender = await session.connection.createAppender(DROPPED);
    // The view numbers rows from 1; the reader's rows count from 0.
    for (const row of dropped) {
      appender.appendBigInt(BigInt(row + 1));
      appender.endRow();
    }
    appender.closeSync();
    const [row, raw, drop] = [ident(ROW), ident(RAW_ACCOUNTS), ident(DROPPED)];
    await session.connection.run(
      sql`CREATE OR REPLACE TEMP VIEW ${ident(ACCOUNTS)} AS SELECT * FROM ${raw} WHERE ${row} NOT IN (SELECT ${row} FROM ${drop})`
        .text,
    );
  }
  return { expected: verdict.records - dropped.length, inputTypes: {} };
}

/** DuckDB must have read the records the JS reader read: a difference would be a row lost (or made up) in silence. */
function checkCount(expected: number | undefined, actual: number, source: string): void {
  if (expected === undefined || expected === actual) return;
  throw new SqlRunError(
    "SEG105",
    `DuckDB read ${actual} accounts where the reader reads ${expected}`,
    "the file is read differently by the two readers; run it with --engine js, and report this file to segform",
    source,
  );
}

/** Counts of a run, for the CLI's summary. */
export interface RunCounts {
  accounts: number;
  icp: number;
  /** Accounts per tier and per segment. */
  tiers: Map<string, number>;
  segments: Map<string, number>;
  /** Plans with audiences: accounts per audience. */
  audiences?: Map<string, number>;
  /** With contacts: the keys (text) of accounts that contacts with a role belong to but the data does not hold. */
  orphans?: string[];
}

const ROLES = "segform_roles";

/**
 * Writes `segform run`'s CSV output for a data file to `path` inside DuckDB, which is much faster than moving every
 * row into Node: the compiled query builds each account's line and COPY writes them (see compileCsvCopySql; the
 * bytes are the CLI formatter's). With contacts, the roles column comes from a per-account roles table joined by
 * key. The counts for the summary (and the accounts that contacts name but the data lacks) are then read back
 * from the written file. Null when the plan's key cannot be printed in SQL: the caller streams rows instead.
 */
export async function writeDuckDbCsv(
  plan: Plan,
  options: DuckDbRunOptions & { path: string },
): Promise<RunCounts | null> {
  const contacts = plan.contacts && options.contacts ? options.contacts : undefined;
  const base = {
    dialect: "duckdb" as const,
    table: ACCOUNTS,
    asOf: options.asOf,
    rowColumn: ROW,
    contactsTable: CONTACTS,
  };
  const copy = compileCsvCopySql(plan, { ...base, rolesTable: contacts ? ROLES : undefined }, options.path);
  if (!copy) return null;
  const session = await DuckDbSession.open();
  try {
    if (contacts) {
      // Each account's roles cell, from the contacts (a temporary table the accounts query joins by key).
      const rolesFormat = fileFormat(contacts, options.contactsFormat);
      await session.input(
        () => defineFileView(session.connection, CONTACTS, contacts, rolesFormat, plan.contacts!.fields, ROW),
        contacts,
      );
      const roles = compileRolesPerAccountSql(plan, base, ROLES)!;
      await session.input(() => session.connection.run(roles), contacts);
    } else await defineContactsForAccounts(session, plan, options);
    const { expected, inputTypes } = await defineAccounts(session, plan, options);
    // With typed columns (Parquet), the statement reads them as they are.
    const statement =
      Object.keys(inputTypes).length === 0
        ? copy.statement
        : compileCsvCopySql(plan, { ...base, rolesTable: contacts ? ROLES : undefined, inputTypes }, options.path)!
            .statement;
    await session.input(() => session.connection.run(statement), options.data);
    // The file just written, read back for the counts: cells 1 (icp), then tier and segment after the scores.
    const { sql, ident, join } = sqlBuilder("duckdb");
    const names = Array.from({ length: copy.columns }, (_, i) => `c${i}`);
    const columns = join(
      names.map((name) => sql`${name}: 'VARCHAR'`),
      ", ",
    );
    const reader = sql`read_csv(${options.path}, header=true, auto_detect=false, columns={${columns}}, delim=',', quote='"', escape='"', strict_mode=true)`;
    const at = 2 + plan.scores.length;
    const [key, icp, tier, segment] = [names[0]!, names[1]!, names[at]!, names[at + 1]!].map((name) => ident(name));
    const counts = await session.connection.runAndReadAll(
      sql`SELECT ${icp}, ${tier}, ${segment}, count(*) FROM ${reader} GROUP BY ALL`.text,
    );
    const result: RunCounts = { accounts: 0, icp: 0, tiers: new Map(), segments: new Map() };
    for (const [isIcp, tierId, segmentId, n] of counts.getRows()) {
      const count = Number(n);
      result.accounts += count;
      if (isIcp === "true") result.icp += count;
      if (typeof tierId === "string") result.tiers.set(tierId, (result.tiers.get(tierId) ?? 0) + count);
      if (typeof segmentId === "string") result.segments.set(segmentId, (result.segments.get(segmentId) ?? 0) + count);
    }
    checkCount(expected, result.accounts, options.data);
    if (plan.audiences) {
      // The audiences cell follows the activations: ids joined with `;` (ids need no quoting).
      const cell = ident(names[at + 3]!);
      const rows = await session.connection.runAndReadAll(
        sql`SELECT audience, count(*) FROM (SELECT unnest(string_split(${cell}, ';')) AS audience FROM ${reader} WHERE ${cell} <> '') GROUP BY audience`
          .text,
      );
      result.audiences = new Map(rows.getRows().map(([audience, n]) => [String(audience), Number(n)]));
    }
    if (contacts) {
      const roles = ident(ROLES);
      const orphans = await session.connection.runAndReadAll(
        sql`SELECT ${roles}.${ident("account_key")} FROM ${roles} WHERE NOT EXISTS (SELECT 1 FROM ${reader} AS written WHERE written.${key} = ${roles}.${ident("account_key")})`
          .text,
      );
      result.orphans = orphans.getRows().map(([accountKey]) => String(accountKey));
    }
    return result;
  } finally {
    session.close();
  }
}

/** Assigns roles to the contacts of a file with embedded DuckDB, grouped by account (as the JS engine's contact pass). */
export async function duckDbRoles(
  plan: Plan,
  options: { contacts: string; format?: DuckDbRunOptions["format"]; asOf: string },
): Promise<SqlRolesByAccount> {
  if (!plan.contacts) return new Map();
  const format = fileFormat(options.contacts, options.format);
  const session = await DuckDbSession.open();
  try {
    await session.input(
      () => defineFileView(session.connection, CONTACTS, options.contacts, format, plan.contacts!.fields, ROW),
      options.contacts,
    );
    // The accounts relation is not read by the contacts query, but the compiler needs a name for it.
    const { contacts } = compileSql(plan, {
      dialect: "duckdb",
      table: ACCOUNTS,
      asOf: options.asOf,
      rowColumn: ROW,
      contactsTable: CONTACTS,
    });
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
 * the process exits first (`segform run ... | head` ends the process mid-stream). DuckDB's memory limit is its
 * default (80% of RAM) unless SEGFORM_DUCKDB_MEMORY_LIMIT names one (e.g. `2GB`; see bench/README.md "DuckDB memory
 * limit": under ~200MB a CSV read cannot get its 65 MiB buffer, under ~100MB the Parquet run's sort runs out of
 * memory, SEG130). A size DuckDB would not take is SEG131.
 */
class DuckDbSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly removeSpill: () => void,
  ) {}

  static async open(): Promise<DuckDbSession> {
    const { path: spill, remove: removeSpill } = privateTempDir("segform-duckdb-spill-");
    try {
      const instance = await DuckDBInstance.create(":memory:", {
        temp_directory: spill,
        preserve_insertion_order: "true",
        ...memoryLimit(),
      });
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

/** A size DuckDB's `memory_limit` takes: a number and a unit (DuckDB's own units, decimal and binary). */
const MEMORY_SIZE = /^\s*[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i;

/** DuckDB's settings from SEGFORM_DUCKDB_MEMORY_LIMIT (unset or empty: DuckDB's default, 80% of RAM). */
function memoryLimit(): { memory_limit?: string } {
  const value = process.env.SEGFORM_DUCKDB_MEMORY_LIMIT;
  if (value === undefined || value === "") return {};
  if (!MEMORY_SIZE.test(value))
    throw new SqlRunError(
      "SEG131",
      `SEGFORM_DUCKDB_MEMORY_LIMIT=${JSON.stringify(value)} is not a memory size`,
      "write a number and a unit, such as 2GB or 500MB, or unset it for DuckDB's default (80% of the memory)",
    );
  return { memory_limit: value.trim() };
}

function asInputError(error: unknown, source: string): unknown {
  if (error instanceof SqlRunError) return error;
  const message = (error as Error)?.message ?? "";
  if (message.startsWith("Out of Memory Error: ")) {
    const limit = process.env.SEGFORM_DUCKDB_MEMORY_LIMIT;
    return new SqlRunError(
      "SEG130",
      `DuckDB ran out of memory${limit ? ` (SEGFORM_DUCKDB_MEMORY_LIMIT=${limit.trim()})` : ""}: ${message.split("\n")[0]!.slice("Out of Memory Error: ".length)}`,
      limit
        ? "raise SEGFORM_DUCKDB_MEMORY_LIMIT (a CSV read alone needs about 200MB), or unset it; --engine js reads in bounded memory"
        : "free memory or set SEGFORM_DUCKDB_MEMORY_LIMIT below what is free (DuckDB then spills to the temporary directory); --engine js reads in bounded memory",
      source,
    );
  }
  if (!INPUT_ERROR.test(message)) return error;
  const line = message.split("\n")[0]!.replace(INPUT_ERROR, "").trim();
  const { text, hint } = describeReadError(line);
  return new SqlRunError("SEG105", text, hint, source);
}

/**
 * DuckDB's reader messages, said in the user's terms. Parquet ones come from its Thrift metadata reader and its
 * page decoders; they carry no row or column, so the message says what is wrong with the file as a whole.
 */
export function describeReadError(line: string): { text: string; hint: string } {
  // The file's name is already in front of the message.
  const detail = line
    .replace(/ (of|from) file ['"][^'"]*['"]/, "")
    .replace(/^Failed to read file ['"][^'"]*['"]: /, "");
  if (/too small to be a Parquet file|No magic bytes found at end of file/.test(line)) {
    return {
      text: "not a complete Parquet file: no Parquet footer at its end (cut short while copying, or another format)",
      hint: "copy or export the file again; for CSV or JSON Lines data use a .csv / .jsonl name or --input-format",
    };
  }
  if (
    /TProtocolException|don't know what type|invalid TType|Could not read enough bytes|decompression failure|[Cc]orrupt/.test(
      line,
    )
  ) {
    return {
      text: `corrupt Parquet file: its metadata or data pages cannot be decoded (${detail})`,
      hint: "export the file again from the system that wrote it; a damaged Parquet file cannot be read in part",
    };
  }
  if (/Invalid unicode/.test(line)) {
    return {
      text: "a text value is not valid UTF-8",
      hint: "export the file again as UTF-8 (Parquet strings must be UTF-8)",
    };
  }
  return { text: line, hint: "check the file's format (see --input-format)" };
}
