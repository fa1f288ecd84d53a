import pg from "pg";
import { parse } from "pg-connection-string";
import type { Plan, PlanField } from "@segform/plan";
import { contactAggregates } from "@segform/engine";
import { compileSqlFragments } from "../compile.js";
import { missingColumns, SqlRunError } from "./errors.js";
import { sqlBuilder, type Sql } from "../builder.js";
import { AccountRowReader, withRoles, type SqlAccountRow, type SqlRolesByAccount } from "./results.js";
import { RoleCollector } from "./roles.js";
import { checkKeysInSql } from "./keys.js";
import { listAwareInput } from "./postgres-input.js";
import type { OnDuplicate } from "@segform/data";

export interface PostgresRunOptions {
  /** postgres://user:password@host:port/database (libpq URL; PG* environment variables fill in the rest). */
  url: string;
  /** The accounts table (or view): one column per field's `column`, any type. */
  table: string;
  /** Reference date (YYYY-MM-DD) for `within_days`. */
  asOf: string;
  /** The contacts table: when given, each row carries the account's roles. */
  contactsTable?: string;
  /** A column numbering the rows in input order, 1-based (e.g. a load sequence), in both tables; without it, rows come out in key order. */
  rowColumn?: string;
  /** Rows repeating an account key: an input error (default), or dropped after the first (needs rowColumn). */
  onDuplicate?: OnDuplicate;
  /** Rows per FETCH from the server-side cursor. */
  batchRows?: number;
  /** Each row also carries the fields' coerced values (see CompileSqlOptions.withValues). */
  withValues?: boolean;
}

const BATCH_ROWS = 5_000;

const { sql } = sqlBuilder("postgres");

/**
 * Labels every account of a PostgreSQL table: the compiled query runs in the database and its rows come back
 * through a server-side cursor, `batchRows` at a time, so a table of any size streams with flat memory.
 */
export async function* runPostgres(plan: Plan, options: PostgresRunOptions): AsyncGenerator<SqlAccountRow> {
  const roles = options.contactsTable
    ? await postgresRoles(plan, { ...options, contactsTable: options.contactsTable })
    : undefined;
  yield* withRoles(accountRows(plan, options), roles);
}

async function* accountRows(plan: Plan, options: PostgresRunOptions): AsyncGenerator<SqlAccountRow> {
  const client = await connect(options.url);
  try {
    const columns = await checkColumns(client, options.table, plan.fields, options.rowColumn);
    // json, jsonb and array columns read as the same JSON values from a file (README, "How segform reads data").
    const input = await listAwareInput(
      (text, values) => query(client, text, values, options.table),
      options.table,
      plan.fields,
      "segform_input",
    );
    const table = await checkedKeys(client, plan, options, columns, input);
    if (contactAggregates(plan).length > 0) {
      if (!options.contactsTable) {
        throw new SqlRunError(
          "SEG044",
          "the definitions test accounts' contacts (a `contacts:` condition), but no contacts table was given",
          "pass --contacts-table NAME",
          options.table,
        );
      }
      await checkColumns(client, options.contactsTable, plan.contacts!.fields, undefined);
    }
    const contactsTable =
      options.contactsTable && plan.contacts
        ? await listAwareInput(
            (text, values) => query(client, text, values, options.contactsTable!),
            options.contactsTable,
            plan.contacts.fields,
            "segform_contacts_input",
          )
        : options.contactsTable;
    const { accounts } = compileSqlFragments(plan, {
      dialect: "postgres",
      table,
      asOf: options.asOf,
      rowColumn: options.rowColumn,
      contactsTable,
      withValues: options.withValues,
    });
    const reader = new AccountRowReader(plan, options.withValues);
    for await (const rows of cursor(client, accounts, options)) {
      for (const row of rows) yield reader.read(row);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

const FIRST_ROWS = "segform_first_rows";

/**
 * The key rules over the whole table (README, "How segform reads data"): a row without a key, or rows repeating
 * one, are input errors; with --on-duplicate first, the accounts are read through a temporary view without the
 * later rows. Row numbers come from --row-column, which "first" needs (a table has no order of its own). Returns
 * the relation to read.
 */
async function checkedKeys(
  client: pg.Client,
  plan: Plan,
  options: PostgresRunOptions,
  columns: readonly string[],
  input: string,
): Promise<string> {
  const run = async (text: string) =>
    (await query(client, text, [], options.table)).rows.map((row: Record<string, unknown>) => Object.values(row));
  if (options.rowColumn === undefined) {
    if (options.onDuplicate === "first")
      throw new SqlRunError(
        "SEG104",
        "--on-duplicate first needs --row-column (which row of a key comes first?)",
        "name the table's row-number column with --row-column",
        options.table,
      );
    const { ident } = sqlBuilder("postgres");
    // A row number for the check's messages, named unlike every column of the table.
    let rowName = "segform_row";
    for (let n = 2; columns.includes(rowName); n++) rowName = `segform_row_${n}`;
    const numbered = sql`(SELECT row_number() OVER () AS ${ident(rowName)}, * FROM ${sqlBuilder("postgres").qualified(input)}) AS numbered`;
    await query(
      client,
      sql`CREATE TEMP VIEW ${ident("segform_numbered")} AS SELECT * FROM ${numbered}`.text,
      [],
      options.table,
    );
    await checkKeysInSql(run, plan, {
      dialect: "postgres",
      table: "segform_numbered",
      asOf: options.asOf,
      rowColumn: rowName,
      source: options.table,
    });
    return input;
  }
  const dropped = await checkKeysInSql(run, plan, {
    dialect: "postgres",
    table: input,
    asOf: options.asOf,
    rowColumn: options.rowColumn,
    onDuplicate: options.onDuplicate,
    source: options.table,
  });
  if (dropped === null) return input;
  const { ident, qualified } = sqlBuilder("postgres");
  const row = ident(options.rowColumn);
  await query(
    client,
    sql`CREATE TEMP VIEW ${ident(FIRST_ROWS)} AS SELECT * FROM ${qualified(input)} AS t WHERE CAST(t.${row} AS bigint) NOT IN (${dropped})`
      .text,
    [],
    options.table,
  );
  return FIRST_ROWS;
}

/**
 * The contacts of a table as records (column -> value, as JSON gives them: text, numbers, booleans, lists, dates
 * as YYYY-MM-DD text), in row order (`rowColumn`) or else by contact key, a batch at a time: for the commands
 * that rebuild in process what the SQL labels were computed from (conditions over contacts need every contact).
 */
export async function* postgresContactRecords(
  plan: Plan,
  options: { url: string; contactsTable: string; rowColumn?: string; batchRows?: number },
): AsyncGenerator<Record<string, unknown>[]> {
  if (!plan.contacts) return;
  const client = await connect(options.url);
  try {
    await checkColumns(client, options.contactsTable, plan.contacts.fields, options.rowColumn);
    const { ident, qualified, join } = sqlBuilder("postgres");
    const columns = [...new Set(plan.contacts.fields.map((field) => field.column))];
    const key = plan.contacts.fields.find((field) => field.name === plan.contacts!.key)?.column;
    const order =
      options.rowColumn !== undefined
        ? ident(options.rowColumn)
        : key !== undefined
          ? sql`CAST(${ident(key)} AS TEXT) COLLATE "C"`
          : sql`1`;
    const list = join(
      columns.map((column) => sql`to_json(${ident(column)})`),
      ", ",
    );
    const select = sql`SELECT ${list} FROM ${qualified(options.contactsTable)} ORDER BY ${order}`;
    for await (const rows of cursor(client, select, { table: options.contactsTable, batchRows: options.batchRows })) {
      yield rows.map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index] ?? null])));
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Assigns roles to the contacts of a table, grouped by account (as the JS engine's contact pass). */
export async function postgresRoles(
  plan: Plan,
  options: PostgresRunOptions & { contactsTable: string },
): Promise<SqlRolesByAccount> {
  if (!plan.contacts) return new Map();
  const client = await connect(options.url);
  try {
    await checkColumns(client, options.contactsTable, plan.contacts.fields, options.rowColumn);
    const contactsTable = await listAwareInput(
      (text, values) => query(client, text, values, options.contactsTable),
      options.contactsTable,
      plan.contacts.fields,
      "segform_contacts_input",
    );
    const { contacts } = compileSqlFragments(plan, {
      dialect: "postgres",
      table: options.table,
      asOf: options.asOf,
      rowColumn: options.rowColumn,
      contactsTable,
    });
    if (contacts === null) return new Map();
    const collector = new RoleCollector(plan);
    for await (const rows of cursor(client, contacts, options)) {
      for (const row of rows) collector.add(row);
    }
    return collector.roles;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The connection string without its password, for messages, in every form the user may write: `user:pass@` and
 * `?password=` in a URL, and libpq `password=...` keyword/value pairs. The password the driver would use (read with
 * its own parser, pg-connection-string) is masked wherever else it appears too.
 */
export function redactUrl(url: string): string {
  const secrets = new Set<string>();
  let masked = url.replace(KEYWORD_PASSWORD, (_match, lead: string, keyword: string, value: string) => {
    secrets.add(value.startsWith("'") ? value.slice(1, -1).replace(/\\(.)/g, "$1") : value);
    return `${lead}${keyword}=***`;
  });
  try {
    const config = parse(url);
    for (const key of ["password", "sslpassword"])
      if (typeof config[key] === "string") secrets.add(config[key] as string);
  } catch {
    // Not a URL the driver reads; the structural masking below still applies.
  }
  try {
    const parsed = new URL(masked);
    if (parsed.password) {
      secrets.add(decodeURIComponent(parsed.password));
      parsed.password = "***";
    }
    for (const key of [...parsed.searchParams.keys()])
      if (/^(ssl)?password$/i.test(key)) parsed.searchParams.set(key, "***");
    masked = parsed.toString();
  } catch {
    masked = masked.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@").replace(/([?&](?:ssl)?password=)[^&#]*/gi, "$1***");
  }
  for (const secret of [...secrets].filter(Boolean).sort((a, b) => b.length - a.length)) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) masked = masked.split(form).join("***");
  }
  return masked;
}

/** A libpq keyword/value password pair: `password=secret` or `password = 'se cret'`. */
const KEYWORD_PASSWORD = /(^|\s)((?:ssl)?password)\s*=\s*('(?:\\.|[^'\\])*'|[^\s]*)/gi;

async function connect(url: string): Promise<pg.Client> {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new SqlRunError(
      "SEG108",
      `invalid PostgreSQL URL ${redactUrl(url)}`,
      "use postgres://user:password@host:port/database",
    );
  }
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000, application_name: "segform" });
  } catch (error) {
    throw new SqlRunError(
      "SEG108",
      `invalid PostgreSQL URL ${redactUrl(url)}: ${(error as Error).message}`,
      "use postgres://user:password@host:port/database",
    );
  }
  // A connection lost mid-run is reported by the query that was waiting on it.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new SqlRunError(
      "SEG108",
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${describe(error)}`,
      "check the URL (--url or SEGFORM_PG_URL), that the server is running, and the credentials",
    );
  }
  return client;
}

/** Fails with the missing columns listed (as the JS engine does for a CSV header) before the query runs. */
/** Checks the table and its columns; returns the table's column names. */
async function checkColumns(
  client: pg.Client,
  table: string,
  fields: readonly PlanField[],
  rowColumn: string | undefined,
): Promise<string[]> {
  const name = sqlBuilder("postgres").qualified(table).text;
  const relation = await query(client, "SELECT to_regclass($1) AS relation", [name], table).catch((error: unknown) => {
    // A name PostgreSQL cannot resolve at all (e.g. a.b.c, a cross-database reference).
    if (error instanceof SqlRunError || typeof (error as { code?: unknown }).code !== "string") throw error;
    throw new SqlRunError(
      "SEG108",
      `invalid table name ${table}: ${(error as Error).message}`,
      "name a table as NAME or SCHEMA.NAME",
      table,
    );
  });
  if (relation.rows[0]?.relation === null) {
    throw new SqlRunError(
      "SEG108",
      `table ${table} does not exist in the database`,
      "load the accounts into it, or name another with --table",
      table,
    );
  }
  const result = await query(
    client,
    "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
    [name],
    table,
  );
  const available: string[] = result.rows.map((row: { attname: string }) => row.attname);
  if (rowColumn !== undefined && !available.includes(rowColumn)) {
    throw new SqlRunError(
      "SEG103",
      `row column ${rowColumn} missing from table ${table}`,
      `the table has: ${available.slice(0, 30).join(", ")}`,
      table,
    );
  }
  const missing = missingColumns(fields, available, `table ${table}`, table, "the table has");
  if (missing) throw missing;
  return available;
}

/** A query's rows through a server-side cursor in a read-only transaction, `batchRows` at a time. */
async function* cursor(
  client: pg.Client,
  select: Sql,
  options: { table: string; batchRows?: number },
): AsyncGenerator<unknown[][]> {
  const batch = options.batchRows ?? BATCH_ROWS;
  await query(client, "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", [], options.table);
  let open = true;
  try {
    await query(client, sql`DECLARE segform_rows NO SCROLL CURSOR FOR ${select}`.text, [], options.table);
    for (;;) {
      const result = await guard(
        client.query({ text: sql`FETCH FORWARD ${batch} FROM segform_rows`.text, rowMode: "array" }),
        options.table,
      );
      if (result.rows.length === 0) break;
      yield result.rows;
      if (result.rows.length < batch) break;
    }
    await query(client, "COMMIT", [], options.table);
    open = false;
  } finally {
    if (open) await client.query("ROLLBACK").catch(() => undefined);
  }
}

/**
 * SQLSTATEs that describe the data or the database rather than a bug in the query: connection (08), data (22),
 * resources (53), shutdown or cancel (57), no such database (3D), authentication (28), no privilege (42501).
 * A missing table or column is found before the query runs; in the query it would be a bug.
 */
function isDataProblem(code: string | undefined): boolean {
  return code !== undefined && (code === "42501" || /^(08|22|53|57|3D|28)/.test(code));
}

async function query(client: pg.Client, text: string, values: unknown[], table: string): Promise<pg.QueryResult> {
  return guard(client.query(text, values), table);
}

/** A query's promise, with errors about the data or the database turned into SqlRunError. */
async function guard<T>(promise: Promise<T>, table: string): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!isDataProblem(code) && !isConnectionError(error)) throw error;
    const kind = code === "42703" ? "SEG103" : code?.startsWith("22") ? "SEG105" : "SEG108";
    throw new SqlRunError(kind, `PostgreSQL: ${describe(error)} (reading ${table})`, undefined, table);
  }
}

function isConnectionError(error: unknown): boolean {
  const message = (error as Error)?.message ?? "";
  return /Connection terminated|ECONNRESET|EPIPE|not queryable/i.test(message);
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { errors?: Error[] };
  if (e?.errors?.length) return e.errors.map((inner) => inner.message).join("; ");
  return e?.message || e?.code || String(error);
}
