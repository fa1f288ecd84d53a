import { isIP } from "node:net";
import { compileProject, type CompileResult } from "@segform/compiler";
import { DataError } from "@segform/data";
import { join } from "node:path";
import { DeployError, LocalStateBackend, overlayOf, PostgresStateBackend, type StateBackend } from "@segform/deploy";
import {
  buildApp,
  parseTokens,
  Reloader,
  ServeError,
  StateHolder,
  stateFromData,
  stateFromDeployState,
  stateFromEvaluated,
  stateFromMembership,
  type LoadResult,
  type ServeState,
} from "@segform/serve";
import { explainAccount, type Explanation } from "@segform/engine";
import type { Plan } from "@segform/plan";
import type { Diagnostic } from "@segform/spec";
import { resolveAsOf } from "../asof.js";
import { CliError, EXIT, LocatedError } from "../errors.js";
import { printDiagnostics, projectFile, projectReader } from "../project.js";
import { contactsPath, dataPath } from "./run.js";
import { openEvaluated, openRunInput, postgresUrl, type EngineOptions, type RunSources } from "./run-engines.js";
import { openState, rootOf } from "../deploy.js";
import { io } from "../io.js";

export interface ServeOptions extends EngineOptions {
  /** The deploy state to serve (true: the default directory beside the definitions). */
  state?: string | boolean;
  destination?: string;
  /** Seconds between polls of a PostgreSQL deploy state's serial. */
  statePoll?: string;
  /** `--engine postgres`: seconds between checks of the tables' change counters (0: not checked). */
  tablePoll?: string;
  host?: string;
  port?: string;
  data?: string;
  membership?: string;
  contacts?: string;
  asOf?: string;
  watch?: boolean;
  rateLimit?: string;
  bodyLimit?: string;
  logLevel?: string;
  /** Allow listening beyond loopback without SEGFORM_SERVE_TOKENS. */
  allowUnauthenticated?: boolean;
}

/** One load of the project: compile the definitions, then label the data (or read the membership). */
interface ProjectLoad {
  result: LoadResult;
  /** Files to watch for the next reload: definitions and imports, data or membership, contacts. */
  inputs: string[];
}

/**
 * Loads the project as `segform run` does (the same compiler, reader confinement, as-of date and data rules).
 * Throws what `run` would throw; the compile's diagnostics come back for the caller to print or log.
 */
async function loadState(
  file: string,
  options: ServeOptions,
  inputs: string[],
  backend?: StateBackend,
): Promise<{ state?: ServeState; compiled: CompileResult }> {
  const compiled = compileProject(file, projectReader(file));
  inputs.push(...compiled.sources.keys());
  if (!compiled.plan || !compiled.resolved) return { compiled };
  const asOf = resolveAsOf(options.asOf, compiled.resolved);
  if (options.membership) {
    inputs.push(options.membership);
    return {
      state: await stateFromMembership({
        plan: compiled.plan,
        asOf,
        definitions: file,
        membership: options.membership,
      }),
      compiled,
    };
  }
  if (backend) {
    if (backend instanceof LocalStateBackend)
      inputs.push(join(backend.directory, encodeURIComponent(options.destination!)));
    return {
      state: await loadDeployState(backend, options.destination!, { plan: compiled.plan, asOf, definitions: file }),
      compiled,
    };
  }
  if (options.engine && options.engine !== "js") {
    // The labels come from SQL (DuckDB over the data file, PostgreSQL over --table), as `segform run --engine`.
    const plan = compiled.plan;
    const sources = {
      data: () => dataPath(compiled, options.data),
      contacts: () => (plan.contacts ? contactsPath(compiled, options.contacts) : undefined),
    };
    if (options.engine === "duckdb") {
      inputs.push(sources.data());
      const contacts = sources.contacts();
      if (contacts) inputs.push(contacts);
    }
    // Roles first (the accounts' results stream is not read: no query runs for it), then the labelled accounts.
    const { roles } = await openRunInput(plan, asOf, options, sources, { asOf });
    const evaluated = await openEvaluated(plan, asOf, options, sources, { asOf, format: options.inputFormat });
    return {
      state: await stateFromEvaluated({
        plan,
        asOf,
        definitions: file,
        engine: evaluated.engine,
        accounts: evaluated.accounts,
        roles,
        dataLabel: evaluated.dataLabel,
        engineName: options.engine,
        explain: (key) => explainFromSql(plan, asOf, options, sources, key),
      }),
      compiled,
    };
  }
  const data = dataPath(compiled, options.data);
  inputs.push(data);
  const contacts = compiled.plan.contacts ? contactsPath(compiled, options.contacts) : undefined;
  if (contacts) inputs.push(contacts);
  return {
    state: await stateFromData({
      plan: compiled.plan,
      asOf,
      definitions: file,
      data,
      contacts,
      evaluate: options.inputFormat ? { format: options.inputFormat } : undefined,
    }),
    compiled,
  };
}

/**
 * `?explain=1` with a SQL engine: the engine's query runs again (a capped tier is decided over the population) and
 * the account's values, as the SQL computed them, are explained by the JS engine's explain, as `segform explain
 * --engine` does. Undefined when the account is no longer in the source.
 */
async function explainFromSql(
  plan: Plan,
  asOf: string,
  options: ServeOptions,
  sources: RunSources,
  key: string,
): Promise<Explanation | undefined> {
  const { engine, accounts } = await openEvaluated(plan, asOf, options, sources, {
    asOf,
    format: options.inputFormat,
    onIssue: () => {},
  });
  for await (const { result, prepared } of accounts)
    if (result.key !== null && String(result.key) === key)
      return explainAccount(plan, prepared, result, engine.asOfDay, engine.contacts);
  return undefined;
}

/** What segform last applied to a destination: the state's head, then its records streamed (read-only, no lock). */
async function loadDeployState(
  backend: StateBackend,
  destination: string,
  project: { plan: NonNullable<CompileResult["plan"]>; asOf: string; definitions: string },
): Promise<ServeState> {
  try {
    const head = await backend.head(destination);
    if (head.point.serial === 0 && head.pending.length === 0) {
      const known = await backend.list();
      throw new ServeError(
        "SEG521",
        `no deploy state for destination ${JSON.stringify(destination)} at ${backend.location}`,
        known.length
          ? `destinations with state there: ${known.join(", ")}`
          : "run segform apply first (or pass --state where it keeps its state)",
        backend.location,
      );
    }
    return await stateFromDeployState({
      ...project,
      location: backend.location,
      destination,
      serial: head.point.serial,
      journal: head.point.journal,
      records: backend.scan(destination, overlayOf(head.pending)),
    });
  } catch (error) {
    if (error instanceof DeployError)
      throw new ServeError(
        "SEG521",
        `cannot read the deploy state: ${error.code}: ${error.message}`,
        error.hint,
        backend.location,
      );
    throw error;
  }
}

/** A reload: never throws for bad input; a failure is a list of located error lines (for /readyz and the log). */
async function loadProject(file: string, options: ServeOptions, backend?: StateBackend): Promise<ProjectLoad> {
  const inputs: string[] = [];
  try {
    const { state, compiled } = await loadState(file, options, inputs, backend);
    if (!state)
      return {
        result: { ok: false, errors: compiled.diagnostics.filter((d) => d.severity === "error").map(diagnosticLine) },
        inputs,
      };
    return { result: { ok: true, state }, inputs };
  } catch (error) {
    return { result: { ok: false, errors: [errorLine(error)] }, inputs };
  }
}

function diagnosticLine(diagnostic: Diagnostic): string {
  const at = diagnostic.location
    ? `${diagnostic.location.file}:${diagnostic.location.line}:${diagnostic.location.column}: `
    : "";
  return `${at}${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}${diagnostic.hint ? ` (hint: ${diagnostic.hint})` : ""}`;
}

function errorLine(error: unknown): string {
  if (error instanceof ServeError) return error.text();
  if (error instanceof LocatedError) return diagnosticLine(error.diagnostic);
  if (error instanceof DataError)
    return `${error.line !== undefined ? `${error.file}:${error.line}` : error.file}: error ${error.code}: ${error.message}`;
  if (error instanceof CliError) return `error: ${error.message}`;
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === "string") return `error: ${e.message}`;
  throw error;
}

/** `segform serve`: the decision API over the project's labels, reloaded when its inputs change. Runs until stopped. */
export async function serveCommand(fileArgument: string | undefined, options: ServeOptions): Promise<number> {
  const file = projectFile(fileArgument);
  if (options.data && options.membership)
    throw new CliError(
      EXIT.usage,
      "--data and --membership exclude each other",
      "serve labels either data (evaluated at start) or a membership written by segform run",
    );
  if (options.state !== undefined && (options.data || options.membership))
    throw new CliError(
      EXIT.usage,
      `--state and ${options.data ? "--data" : "--membership"} exclude each other`,
      "serve one membership: labelled data, a run output, or the deploy state",
    );
  if (options.state !== undefined && !options.destination)
    throw new CliError(
      EXIT.usage,
      "--state needs --destination NAME (SEG521)",
      "name the destination whose applied labels to serve, e.g. --destination membership",
    );
  if (options.destination && options.state === undefined)
    throw new CliError(
      EXIT.usage,
      "--destination goes with --state",
      "add --state (the default state directory) or --state DIR|postgres://...",
    );
  if (options.engine && options.engine !== "js" && (options.membership || options.state !== undefined))
    throw new CliError(
      EXIT.usage,
      `--engine ${options.engine} labels data; it does not go with ${options.membership ? "--membership" : "--state"}`,
      "drop --engine, or serve the data",
    );
  if (options.engine !== "postgres" && (options.url || options.table || options.contactsTable || options.rowColumn)) {
    throw new CliError(
      EXIT.usage,
      "--url, --table, --contacts-table and --row-column are for --engine postgres",
      "add --engine postgres, or drop them",
    );
  }
  const statePoll = integerOption(options.statePoll ?? "5", "--state-poll", 1, 86_400);
  if (options.tablePoll !== undefined && options.engine !== "postgres")
    throw new CliError(EXIT.usage, "--table-poll is for --engine postgres", "add --engine postgres, or drop it");
  const tablePoll = integerOption(options.tablePoll ?? "5", "--table-poll", 0, 86_400);
  const host = options.host ?? "127.0.0.1";
  const port = integerOption(options.port ?? "8080", "--port", 0, 65535);
  const rateLimit = integerOption(options.rateLimit ?? "6000", "--rate-limit", 0, 10_000_000);
  const bodyLimit = integerOption(options.bodyLimit ?? String(256 * 1024), "--body-limit", 1024, 64 * 1024 * 1024);
  let tokens: string[];
  try {
    tokens = parseTokens(process.env.SEGFORM_SERVE_TOKENS);
  } catch (error) {
    throw usage(error);
  }
  if (!tokens.length && !isLoopback(host) && !options.allowUnauthenticated) {
    throw new CliError(
      EXIT.usage,
      `refusing to listen on ${host} without authentication (SEG506)`,
      "set SEGFORM_SERVE_TOKENS=token1,token2 (bearer tokens), or pass --allow-unauthenticated",
    );
  }

  // The first load fails like `segform run`: diagnostics with code frames, or the located data error (exit 2).
  const firstInputs: string[] = [];
  // The deploy state is opened once and read on every reload (never locked: serve only reads it).
  const backend =
    options.state !== undefined
      ? await openState(typeof options.state === "string" ? options.state : undefined, rootOf(file))
      : undefined;
  // --engine postgres: the tables' change counters before the first load (a change during it reloads once more).
  const tables =
    options.engine === "postgres" && tablePoll > 0 && options.watch !== false
      ? new TableChanges(postgresUrl(options), [options.table, options.contactsTable])
      : undefined;
  await tables?.changed().catch(() => false); // unreachable: the first load says so, located
  let loaded;
  try {
    loaded = await loadState(file, options, firstInputs, backend);
  } catch (error) {
    await backend?.close();
    if (error instanceof ServeError) {
      io().stderr.write(`${error.text()}\n${error.hint ? `  hint: ${error.hint}\n` : ""}`);
      throw new CliError(EXIT.input, "", undefined, true);
    }
    throw error;
  }
  printDiagnostics(loaded.compiled);
  if (!loaded.state) throw new CliError(EXIT.input, "", undefined, true);
  for (const warning of loaded.state.warnings) io().stderr.write(`${warning}\n`);
  const holder = new StateHolder(loaded.state);
  const app = await buildApp(holder, {
    tokens,
    rateLimit: { max: rateLimit, windowMs: 1000 },
    bodyLimit,
    logLevel: options.logLevel ?? "info",
  });
  const log = (entry: Record<string, unknown>, message: string) =>
    entry.ok === false ? app.log.error(entry, message) : app.log.info(entry, message);
  let watcher: InputWatcher | undefined;
  const reloader = new Reloader(
    holder,
    async () => {
      const next = await loadProject(file, options, backend);
      watcher?.update(next.inputs, next.result.ok); // imports may have changed: watch what the project reads now
      return next.result;
    },
    log,
  );

  // Watching starts before the address is printed: a change saved right after start is never missed.
  if (options.watch !== false) watcher = await watchInputs(firstInputs, (reason) => void reloader.reload(reason));
  try {
    await app.listen({ host, port });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    await watcher?.close();
    throw new CliError(
      EXIT.input,
      `cannot listen on ${host}:${port}: ${e.code ?? e.message} (SEG503)`,
      e.code === "EADDRINUSE" ? "another process uses the port: pass --port" : "check --host and --port",
    );
  }
  const address = app.server.address();
  const bound =
    typeof address === "object" && address
      ? `${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`
      : `${host}:${port}`;
  const state = holder.current;
  app.log.info(
    {
      event: "start",
      address: bound,
      plan: state.plan.hash,
      accounts: state.labels.size,
      source: state.source.kind,
      auth: tokens.length ? `${tokens.length} token(s)` : "none",
    },
    "serving",
  );
  io().stderr.write(
    `segform serve: http://${bound} (plan ${state.plan.hash.slice(0, 19)}, ${state.labels.size.toLocaleString("en-US")} accounts${tokens.length ? ", bearer tokens required" : ""})\n`,
  );

  // A PostgreSQL deploy state has no file to watch: apply's notifications, and a poll of its serial (and pending
  // journal entries) as the fallback.
  const stateWatch =
    backend && !(backend instanceof LocalStateBackend) && options.watch !== false
      ? watchState(backend, options.destination!, holder, statePoll, (reason) => reloader.reload(reason), log)
      : undefined;
  const tableWatch = tables ? pollTables(tables, tablePoll, (reason) => reloader.reload(reason), log) : undefined;
  const onHangup = () => void reloader.reload("SIGHUP");
  process.on("SIGHUP", onHangup);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      app.log.info({ event: "stop", signal }, "draining in-flight requests");
      // A drain that hangs (a client holding a request open) does not keep the process forever.
      const force = setTimeout(() => resolve(), 10_000);
      force.unref();
      void Promise.all([watcher?.close(), stateWatch?.stop(), tableWatch?.stop(), reloader.idle()])
        .then(() => app.close())
        .then(() => backend?.close())
        .finally(() => {
          clearTimeout(force);
          resolve();
        });
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  process.off("SIGHUP", onHangup);
  return EXIT.ok;
}

/**
 * Watches a PostgreSQL deploy state: LISTEN for the NOTIFY an apply sends when it commits a snapshot (the reload
 * starts at once), and a poll of the head every `seconds` as the fallback (pending journal entries, which send no
 * notification; a lost or refused LISTEN session, which the next poll opens again). A head whose serial or journal
 * count differs from the serving state's reloads it. One check (and its reload) at a time; a notification that
 * arrives meanwhile checks again after it. An unreachable database is logged once per outage (the loaded labels
 * keep serving).
 */
function watchState(
  backend: StateBackend,
  destination: string,
  holder: StateHolder,
  seconds: number,
  reload: (reason: string) => Promise<void>,
  log: (entry: Record<string, unknown>, message: string) => void,
): { stop(): Promise<void> } {
  let busy = false;
  let again = false;
  let failing = false;
  let stopped = false;
  const check = (why: string) => {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    void backend
      .head(destination)
      .then((head) => {
        failing = false;
        const source = holder.current.source;
        if (source.kind === "state" && (head.point.serial !== source.serial || head.point.journal !== source.journal))
          return reload(`deploy state serial ${head.point.serial} (${head.point.journal} pending, ${why})`);
      })
      .catch((error: Error) => {
        if (!failing)
          log(
            { event: "state-poll", ok: false, code: "SEG521", error: error.message },
            "cannot read the deploy state; the loaded labels keep serving",
          );
        failing = true;
      })
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          check("notified");
        }
      });
  };
  let listening: "no" | "opening" | "yes" = "no";
  let unlisten: (() => Promise<void>) | undefined;
  let listenFailing = false;
  const listen = () => {
    if (!(backend instanceof PostgresStateBackend) || listening !== "no" || stopped) return;
    listening = "opening";
    backend
      .listen(
        destination,
        () => check("notified"),
        (error) => {
          listening = "no";
          unlisten = undefined;
          log(
            { event: "state-listen", ok: false, error: error.message },
            `the deploy state's notifications stopped; polling every ${seconds} s until they resume`,
          );
        },
      )
      .then((stop) => {
        if (stopped) return void stop();
        listening = "yes";
        unlisten = stop;
        listenFailing = false;
        check("listening"); // anything committed before LISTEN took effect
      })
      .catch((error: Error) => {
        listening = "no";
        if (!listenFailing)
          log(
            { event: "state-listen", ok: false, error: error.message },
            `cannot listen for the deploy state's notifications; polling every ${seconds} s`,
          );
        listenFailing = true;
      });
  };
  listen();
  const timer = setInterval(() => {
    listen();
    check("polled");
  }, seconds * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten?.();
    },
  };
}

/**
 * What changes in a PostgreSQL table when rows are written, read without touching the rows: the statistics
 * counters of inserted, updated and deleted rows, and the relation's file node (TRUNCATE and VACUUM FULL give a new
 * one). PostgreSQL publishes a session's counters when it commits at most once a second, or when it goes idle or
 * ends, so a change shows within seconds. A view has no counters: its tables' changes are not seen (SIGHUP).
 */
class TableChanges {
  private client: import("pg").Client | undefined;
  private last: string | undefined;

  constructor(
    private readonly url: string,
    private readonly tables: (string | undefined)[],
  ) {}

  /** True when the counters differ from the last call's (false on the first call); throws when unreachable. */
  async changed(): Promise<boolean> {
    if (!this.client) {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: this.url });
      client.on("error", () => {
        if (this.client === client) this.client = undefined;
      });
      await client.connect();
      this.client = client;
    }
    const { sqlBuilder } = await import("@segform/sql");
    const names = this.tables.filter((table): table is string => table !== undefined);
    let fingerprint: string;
    try {
      const { rows } = await this.client.query<{ counters: string | null }>(
        "SELECT string_agg(coalesce(s.n_tup_ins + s.n_tup_upd + s.n_tup_del, -1) || '/' || coalesce(pg_relation_filenode(c.oid), 0), ' ' ORDER BY t.n) AS counters FROM unnest($1::text[]) WITH ORDINALITY AS t(name, n) LEFT JOIN pg_class c ON c.oid = to_regclass(t.name) LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid",
        [names.map((table) => sqlBuilder("postgres").qualified(table).text)],
      );
      fingerprint = rows[0]?.counters ?? "";
    } catch (error) {
      await this.close();
      throw error;
    }
    const changed = this.last !== undefined && fingerprint !== this.last;
    this.last = fingerprint;
    return changed;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

/** Checks the tables every `seconds`; a change reloads (one check and its reload at a time). */
function pollTables(
  tables: TableChanges,
  seconds: number,
  reload: (reason: string) => Promise<void>,
  log: (entry: Record<string, unknown>, message: string) => void,
): { stop(): Promise<void> } {
  let busy = false;
  let failing = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void tables
      .changed()
      .then((changed) => {
        failing = false;
        if (changed) return reload("the PostgreSQL tables changed");
      })
      .catch((error: Error) => {
        if (!failing)
          log(
            { event: "table-poll", ok: false, error: error.message },
            "cannot read the tables' change counters; the loaded labels keep serving",
          );
        failing = true;
      })
      .finally(() => {
        busy = false;
      });
  }, seconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 10));
      await tables.close();
    },
  };
}

interface InputWatcher {
  /** Watches these paths too; with `prune`, stops watching paths the project no longer reads. */
  update(paths: string[], prune: boolean): void;
  close(): Promise<void>;
}

/** Watches the project's inputs (chokidar, as `segform dev`); a burst of changes gives one reload. */
async function watchInputs(paths: string[], reload: (reason: string) => void): Promise<InputWatcher> {
  const { watch } = await import("chokidar");
  let watched = new Set(paths);
  const watcher = watch([...watched], {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 },
  });
  let timer: NodeJS.Timeout | undefined;
  watcher.on("all", (event, path) => {
    clearTimeout(timer);
    timer = setTimeout(() => reload(`${event} ${path}`), 50);
  });
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    update(next, prune) {
      const wanted = new Set(next);
      const added = [...wanted].filter((item) => !watched.has(item));
      const removed = [...watched].filter((item) => !wanted.has(item));
      if (added.length) watcher.add(added);
      if (prune && removed.length) watcher.unwatch(removed);
      watched = prune ? wanted : new Set([...watched, ...wanted]);
    },
    close: () => watcher.close(),
  };
}

function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

function integerOption(value: string, name: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw new CliError(
      EXIT.usage,
      `${name} must be a whole number from ${min} to ${max} (SEG504)`,
      `e.g. ${name} ${Math.max(min, Math.min(max, 8080))}`,
    );
  return number;
}

function usage(error: unknown): CliError {
  if (error instanceof ServeError) return new CliError(EXIT.usage, `${error.message} (${error.code})`, error.hint);
  throw error;
}
