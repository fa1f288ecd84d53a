import {
  AtomicFileTarget,
  DataError,
  detectFormat,
  evaluateContacts,
  evaluateFile,
  evaluateFileBatches,
  evaluateFilePair,
  ensureContacts,
  keyErrorFirst,
  loadContactIndex,
  type EvaluatedAccount,
  type EvaluatedPair,
  type EvaluateOptions,
  type RolesByAccount,
} from "@segform/data";
import { ContactIndex, Engine, type AccountResult } from "@segform/engine";
import type { Plan } from "@segform/plan";
import type * as Runners from "@segform/sql/runners";
import { CliError, EXIT } from "../errors.js";
import { importOptional } from "../optional.js";

export const ENGINES = ["js", "duckdb", "postgres"] as const;
export type EngineName = (typeof ENGINES)[number];

export interface EngineOptions {
  engine?: string;
  url?: string;
  table?: string;
  contactsTable?: string;
  rowColumn?: string;
  contacts?: string;
  strict?: boolean;
  inputFormat?: string;
  onDuplicate?: "error" | "first";
}

/** Where a run's accounts come from and what they are labelled with. */
export interface RunInput {
  /** The accounts' results, in input order. */
  results: AsyncIterable<AccountResult>;
  /**
   * The same results a chunk of the file at a time (JS engine): each chunk's accounts are evaluated as they are
   * taken, without an asynchronous step per account. Iterate either this or `results`, once.
   */
  batches?: AsyncIterable<Iterable<AccountResult>>;
  /** Roles by account key, when contacts were given. */
  roles?: RolesByAccount;
  /** The accounts' source, for messages (a path, or a table and a URL without its password). */
  dataLabel: string;
  contactsLabel?: string;
  /**
   * With `keysInEvaluation` (JS engine): call on any error of the run, before reporting it; throws the key check's
   * error when the file has one (a key error comes first, as when the keys are checked in a pass of their own),
   * else the error given.
   */
  keyErrorFirst?: (error: unknown) => Promise<never>;
}

/** How the account data is given, for each engine. */
export interface RunSources {
  data: () => string;
  contacts: () => string | undefined;
}

/**
 * Opens the accounts (and contacts) for `segform run` with the chosen engine. The JS engine evaluates in process
 * and reports data issues per value; DuckDB (files) and PostgreSQL (tables) run the compiled SQL and stream back
 * the same results, without per-value issues. Errors about the data or the database end as DataError/CliError
 * (exit 2), also when they happen mid-stream.
 */
export async function openRunInput(
  plan: Plan,
  asOf: string,
  options: EngineOptions,
  sources: RunSources,
  evaluateOptions: EvaluateOptions,
): Promise<RunInput> {
  const engine = checkedEngine(options);
  if (engine === "js") {
    const data = sources.data();
    detectFormat(data, options.inputFormat); // a data file the JS engine cannot read (Parquet) is refused before any work
    const evaluator = new Engine(plan, { asOf });
    const contacts = plan.contacts ? sources.contacts() : undefined;
    const roles = contacts ? await evaluateContacts(plan, contacts, evaluateOptions, evaluator.asOfDay) : undefined;
    // Account conditions over contacts read the same contact file (and format) the roles come from.
    const jsOptions = { ...evaluateOptions, contacts, contactsFormat: evaluateOptions.format };
    const batches = jsBatches(evaluator, data, jsOptions);
    return {
      results: flattened(batches),
      batches,
      roles,
      dataLabel: data,
      contactsLabel: contacts,
      keyErrorFirst: evaluateOptions.keysInEvaluation
        ? (error) => keyErrorFirst(evaluator, data, jsOptions, error)
        : undefined,
    };
  }
  return openSqlInput(engine, plan, asOf, options, sources);
}

/** The engine asked for, after refusing options that do not go with it. */
function checkedEngine(options: EngineOptions): EngineName {
  const engine = engineName(options.engine);
  if (engine !== "postgres" && (options.url || options.table || options.contactsTable || options.rowColumn)) {
    throw new CliError(
      EXIT.usage,
      "--url, --table, --contacts-table and --row-column are for --engine postgres",
      "add --engine postgres, or drop them",
    );
  }
  if (engine === "postgres" && options.contacts) {
    throw new CliError(
      EXIT.usage,
      "--contacts reads a file; with --engine postgres, name the contacts table",
      "use --contacts-table NAME",
    );
  }
  if (engine !== "js" && options.strict) {
    throw new CliError(
      EXIT.usage,
      `--strict needs --engine js`,
      "SQL engines do not check values one by one: a value that cannot be read is missing",
    );
  }
  return engine;
}

/**
 * Every account with its labels and what they were computed from (the coerced values, scores, matching tiers), for
 * the commands that measure or explain labels (test's quality bars, diff, explain, dev), over any engine. The JS
 * engine evaluates in process; DuckDB and PostgreSQL compute the labels in SQL and return each field's coerced
 * value beside them, from which the same compiled plan rebuilds the rest (scores, segment matches, explanations).
 * `line` is the input line for the JS engine, the output position for SQL (no per-value issues there).
 */
export async function openEvaluated(
  plan: Plan,
  asOf: string,
  options: EngineOptions,
  sources: RunSources,
  evaluateOptions: EvaluateOptions,
  contactKeys = 0,
): Promise<{ engine: Engine; accounts: AsyncIterable<EvaluatedAccount>; dataLabel: string }> {
  const name = checkedEngine(options);
  const engine = new Engine(plan, { asOf });
  // Account conditions over contacts read the contact data (contacts.source, or --contacts), loaded first;
  // `contactKeys` matching contacts are kept per account to name them in explanations.
  const contacts = engine.needsContacts && name !== "postgres" ? sources.contacts() : undefined;
  const withContacts = {
    ...evaluateOptions,
    onDuplicate: options.onDuplicate,
    contacts,
    contactsFormat: evaluateOptions.format,
  };
  if (engine.needsContacts && contacts !== undefined && name !== "postgres") {
    engine.useContacts(await loadContactIndex(plan, contacts, withContacts, engine.asOfDay, contactKeys));
  }
  if (name === "js") {
    const data = sources.data();
    detectFormat(data, options.inputFormat);
    return { engine, accounts: evaluateFile(engine, data, withContacts), dataLabel: data };
  }
  if (engine.needsContacts) {
    // The labels come from SQL; what they were computed from is rebuilt in process, which needs the contacts too.
    if (name === "postgres") await useTableContacts(engine, options, contactKeys);
    else await ensureContacts(engine, withContacts, sources.data());
  }
  const input = await openSqlInput(name, plan, asOf, options, { data: sources.data, contacts: () => contacts }, true);
  return { engine, accounts: sqlEvaluated(engine, input.results), dataLabel: input.dataLabel };
}

/** Conditions over contacts with --engine postgres: the contacts table, read once into the engine's contact index. */
async function useTableContacts(engine: Engine, options: EngineOptions, contactKeys: number): Promise<void> {
  if (!options.contactsTable) {
    throw new CliError(
      EXIT.usage,
      "the definitions test accounts' contacts (a `contacts:` condition): --engine postgres needs the contacts table",
      "pass --contacts-table NAME",
    );
  }
  const runners = await loadRunners("postgres");
  const url = postgresUrl(options);
  const index = new ContactIndex(engine.plan, engine.asOfDay, contactKeys);
  let row = 0;
  try {
    for await (const batch of runners.postgresContactRecords(engine.plan, {
      url,
      contactsTable: options.contactsTable,
      rowColumn: options.rowColumn,
    })) {
      for (const record of batch) index.add(index.coercer.fromObject(record), row++);
    }
  } catch (error) {
    throw cliError(error, runners);
  }
  engine.useContacts(index);
}

async function* sqlEvaluated(engine: Engine, rows: AsyncIterable<AccountResult>): AsyncGenerator<EvaluatedAccount> {
  let row = 0;
  for await (const labelled of rows) {
    const { values, roles: _roles, ...result } = labelled as Runners.SqlAccountRow;
    if (!values) throw new Error("sql: rows without values");
    const prepared = engine.prepare(values, row);
    row++;
    yield { result, prepared, line: row };
  }
}

/**
 * Both plans over the same accounts (segform diff), in batches of pairs, in input order. The JS engine reads the
 * file once per pass for both plans; a SQL engine runs each plan's query and pairs their rows, which come out in
 * the same order (input order; PostgreSQL without --row-column: key order, so both plans must have the same key).
 */
export async function openEvaluatedPair(
  base: Plan,
  head: Plan,
  asOf: string,
  options: EngineOptions,
  sources: RunSources,
  evaluateOptions: EvaluateOptions,
): Promise<{ baseEngine: Engine; headEngine: Engine; pairs: AsyncIterable<EvaluatedPair[]>; dataLabel: string }> {
  const name = checkedEngine(options);
  if (name === "js") {
    const data = sources.data();
    detectFormat(data, options.inputFormat);
    const baseEngine = new Engine(base, { asOf });
    const headEngine = new Engine(head, { asOf });
    const contacts = baseEngine.needsContacts || headEngine.needsContacts ? sources.contacts() : undefined;
    const pairOptions = {
      ...evaluateOptions,
      onDuplicate: options.onDuplicate,
      contacts,
      contactsFormat: evaluateOptions.format,
    };
    // Each plan reads the contacts for its own conditions; their data issues are reported once (the head's).
    if (contacts !== undefined && baseEngine.needsContacts)
      baseEngine.useContacts(
        await loadContactIndex(base, contacts, { ...pairOptions, onIssue: undefined }, baseEngine.asOfDay),
      );
    return {
      baseEngine,
      headEngine,
      pairs: evaluateFilePair(baseEngine, headEngine, data, pairOptions),
      dataLabel: data,
    };
  }
  if (name === "postgres" && options.rowColumn === undefined && base.key !== head.key) {
    throw new CliError(
      EXIT.usage,
      `the key field changes (${base.key} -> ${head.key}): without --row-column the two plans' accounts cannot be paired`,
      "name the table's row-number column with --row-column",
    );
  }
  const before = await openEvaluated(base, asOf, options, sources, { ...evaluateOptions, onIssue: undefined });
  const after = await openEvaluated(head, asOf, options, sources, evaluateOptions);
  return {
    baseEngine: before.engine,
    headEngine: after.engine,
    pairs: zipped(before.accounts, after.accounts),
    dataLabel: after.dataLabel,
  };
}

async function* zipped(
  base: AsyncIterable<EvaluatedAccount>,
  head: AsyncIterable<EvaluatedAccount>,
): AsyncGenerator<EvaluatedPair[]> {
  const left = base[Symbol.asyncIterator]();
  const right = head[Symbol.asyncIterator]();
  let batch: EvaluatedPair[] = [];
  try {
    for (let row = 0; ; row++) {
      const [a, b] = await Promise.all([left.next(), right.next()]);
      if (a.done !== b.done)
        throw new CliError(
          EXIT.input,
          "the two plans returned different numbers of accounts from the same data",
          "report this to segform, with the data's shape",
        );
      if (a.done || b.done) break;
      batch.push({ row, line: b.value.line, base: a.value, head: b.value });
      if (batch.length === 2048) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  } finally {
    await Promise.all([left.return?.(), right.return?.()]);
  }
}

async function openSqlInput(
  engine: "duckdb" | "postgres",
  plan: Plan,
  asOf: string,
  options: EngineOptions,
  sources: RunSources,
  withValues = false,
): Promise<RunInput> {
  const runners = await loadRunners(engine);
  const sqlResults = (rows: AsyncIterable<AccountResult>) => translated(rows, runners);
  const sqlErrors = <T>(promise: Promise<T>) =>
    promise.catch((error: unknown) => Promise.reject(cliError(error, runners)));
  const format = options.inputFormat as "csv" | "jsonl" | "json" | "parquet" | undefined;
  if (engine === "duckdb") {
    const data = sources.data();
    const contacts = plan.contacts ? sources.contacts() : undefined;
    const roles = contacts ? await sqlErrors(runners.duckDbRoles(plan, { contacts, format, asOf })) : undefined;
    return {
      results: sqlResults(
        runners.runDuckDb(plan, {
          data,
          asOf,
          format,
          onDuplicate: options.onDuplicate,
          withValues,
          contacts,
          contactsFormat: format,
        }),
      ),
      roles,
      dataLabel: data,
      contactsLabel: contacts,
    };
  }
  const url = postgresUrl(options);
  const table = options.table ?? "accounts";
  const where = runners.redactUrl(url);
  const postgres = { url, table, asOf, rowColumn: options.rowColumn, onDuplicate: options.onDuplicate, withValues };
  const roles =
    options.contactsTable && plan.contacts
      ? await sqlErrors(runners.postgresRoles(plan, { ...postgres, contactsTable: options.contactsTable }))
      : undefined;
  return {
    results: sqlResults(runners.runPostgres(plan, { ...postgres, contactsTable: options.contactsTable })),
    roles,
    dataLabel: `table ${table} at ${where}`,
    contactsLabel: options.contactsTable ? `table ${options.contactsTable}` : undefined,
  };
}

/** The PostgreSQL URL: --url, else SEGFORM_PG_URL; a usage error without either. */
export function postgresUrl(options: EngineOptions): string {
  const url = options.url ?? process.env.SEGFORM_PG_URL;
  if (!url)
    throw new CliError(
      EXIT.usage,
      "--engine postgres needs --url",
      "pass --url postgres://user@host:port/database, or set SEGFORM_PG_URL",
    );
  return url;
}

/** What a run counted, for its summary (the DuckDB CSV writer's counts have this shape). */
export type RunCounts = Runners.RunCounts;

/**
 * `--engine duckdb` writing CSV to a file: DuckDB writes the output itself, roles included (the same bytes as the
 * formatter, much faster than moving every row into Node), atomically. Null when this does not apply (another
 * engine or format, stdout, a snapshot) or the plan's key cannot be printed in SQL: run the rows.
 */
export async function writeCsvInEngine(
  plan: Plan,
  asOf: string,
  options: EngineOptions & { out?: string; snapshot?: string },
  sources: RunSources,
): Promise<{ counts: RunCounts; data: string; contacts?: string } | null> {
  if (checkedEngine(options) !== "duckdb" || !options.out || options.snapshot) return null;
  const data = sources.data();
  const contacts = plan.contacts ? sources.contacts() : undefined;
  // Without contact data DuckDB would leave the roles column out: the rows' path writes it, empty.
  if (!contacts && (plan.contacts?.roles.length ?? 0) > 0) return null;
  const runners = await loadRunners("duckdb");
  const target = new AtomicFileTarget(options.out);
  try {
    const format = options.inputFormat as "csv" | "jsonl" | "json" | "parquet" | undefined;
    // --input-format applies to the contacts file too, as in the JS engine.
    const counts = await runners.writeDuckDbCsv(plan, {
      data,
      asOf,
      format,
      contacts,
      contactsFormat: format,
      path: target.temp,
      onDuplicate: options.onDuplicate,
    });
    if (!counts) {
      target.abort();
      return null;
    }
    target.commit();
    return { counts, data, contacts };
  } catch (error) {
    target.abort();
    throw cliError(error, runners);
  }
}

function engineName(option: string | undefined): EngineName {
  const name = option ?? "js";
  if (!(ENGINES as readonly string[]).includes(name))
    throw new CliError(EXIT.usage, `unknown engine "${name}"`, `use --engine ${ENGINES.join(", ")}`);
  return name as EngineName;
}

/** The JS engine's results a chunk of the file at a time (evaluated as taken, as `evaluateFileBatches` gives them). */
function jsBatches(engine: Engine, data: string, options: EvaluateOptions): AsyncIterable<Iterable<AccountResult>> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const batch of evaluateFileBatches(engine, data, options)) yield resultsOf(batch);
    },
  };
}

function* resultsOf(batch: Iterable<EvaluatedAccount>): Generator<AccountResult> {
  for (const account of batch) yield account.result;
}

/** The results of `batches` one at a time (for a caller that does not take `RunInput.batches`). */
async function* flattened(batches: AsyncIterable<Iterable<AccountResult>>): AsyncGenerator<AccountResult> {
  for await (const batch of batches) yield* batch;
}

/** The SQL runners; DuckDB's native module is an optional dependency of the published package. */
function loadRunners(engine: "duckdb" | "postgres"): Promise<typeof Runners> {
  return importOptional(() => import("@segform/sql/runners"), `--engine ${engine}`, ["@duckdb/node-api", "pg"]);
}

/** The SQL runners' rows, with their errors turned into the CLI's. */
async function* translated(rows: AsyncIterable<AccountResult>, runners: typeof Runners): AsyncGenerator<AccountResult> {
  try {
    yield* rows;
  } catch (error) {
    throw cliError(error, runners);
  }
}

/** A runner's SqlRunError as a located DataError (a file or table) or a CliError; a plan the dialect cannot express as a usage error. */
function cliError(error: unknown, runners: typeof Runners): unknown {
  if (error instanceof runners.SqlRunError) {
    if (error.source) return new DataError(error.code, error.message, error.source, undefined, error.hint);
    return new CliError(EXIT.input, error.message, error.hint, false, error.code);
  }
  if (error instanceof runners.SqlUnsupportedError) {
    const where = error.where ? ` (${error.where})` : "";
    return new CliError(
      EXIT.usage,
      `the plan cannot run on ${error.dialect ?? "SQL"}: ${error.message}${where}`,
      error.hint ?? "run it with --engine js",
    );
  }
  return error;
}
