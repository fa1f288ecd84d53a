import { Command, CommanderError, Option } from "commander";
import { CliError, EXIT } from "./errors.js";
import { VERSION } from "./version.js";
import { io } from "./io.js";
import { discard, openEnvelope } from "./envelope.js";

// Each command's module is imported when the command runs, so start-up loads only commander and this file
// (no DuckDB, pg, SQL compiler, statistics or file watcher for a command that does not use them).

/** Builds the command tree. Each action returns an exit code; errors are thrown as CliError. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command("segform")
    .description("Segmentation as code for B2B go-to-market teams: ICP, scores, tiers, segments, roles, activations.")
    .version(VERSION)
    .showHelpAfterError("(run segform --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io().stdout.write(text), writeErr: (text) => io().stderr.write(text) })
    .hook("preAction", (_program, action) => {
      openJsonEnvelope(action);
      refuseEmptyValues(action);
    });
  const done = (code: number) => setExit(code);

  program
    .command("validate")
    .description("check definitions: YAML, schema, types, references (exit 1 on errors)")
    .argument("[file]", "definitions file (default: segments.yaml)")
    .option("--json", "the result and diagnostics as one JSON envelope on stdout (README: Errors)")
    .action(async (file, options) => done((await import("./commands/validate.js")).validateCommand(file, options)));

  program
    .command("compile")
    .description("compile definitions to the plan (stable JSON), or to SQL that labels accounts in a warehouse")
    .argument("[file]", "definitions file (default: segments.yaml)")
    .option("-o, --out <path>", "write the output to a file (atomically) instead of stdout")
    .addOption(new Option("--format <format>", "output: json (the plan; the default) or sql").choices(["json", "sql"]))
    .addOption(
      new Option("--dialect <dialect>", "SQL dialect (implies --format sql)").choices([
        "duckdb",
        "postgres",
        "snowflake",
        "bigquery",
      ]),
    )
    .option("--table <name>", "SQL: the accounts table, optionally schema-qualified (default: accounts)")
    .option("--contacts-table <name>", "SQL: the contacts table (default: contacts)")
    .option(
      "--row-column <name>",
      "SQL: a column holding each row's 1-based input position (tie-break and order; default: order by key)",
    )
    .option(
      "--as-of <date>",
      "SQL: reference date for within_days (YYYY-MM-DD); default: the project's as_of, else today",
    )
    .option("--json", "the plan (or SQL) and diagnostics as one JSON envelope on stdout (README: Errors)")
    .action(async (file, options) => done(await (await import("./commands/compile.js")).compileCommand(file, options)));

  program
    .command("run")
    .description("label every account: ICP, scores, tier, segment, activations, roles")
    .argument("[file]", "definitions file (default: segments.yaml)")
    .option(
      "-d, --data <path>",
      "account data (CSV, JSONL or JSON; Parquet with --engine duckdb); default: the project's source",
    )
    .option("--contacts <path>", "contact data; default: contacts.source")
    .option("-o, --out <path>", "write membership to a file (atomically) instead of stdout")
    .addOption(new Option("-f, --format <format>", "output format").choices(["csv", "jsonl", "json"]))
    .option(
      "--json",
      "diagnostics (data warnings grouped, with counts) and the summary as one JSON envelope on stderr (on stdout with --out); membership as JSON unless --format or --out's extension says otherwise",
    )
    .option("--as-of <date>", "reference date for within_days (YYYY-MM-DD)")
    .option("--strict", "stop at the first value that cannot be read, instead of treating it as missing (--engine js)")
    .option("--max-warnings <n>", "stop (exit 2, nothing written) past this many data warnings (--engine js)")
    .addOption(inputFormatOption())
    .addOption(onDuplicateOption())
    .option("-q, --quiet", "no summary and no data warnings on stderr (--max-warnings still counts them)")
    .option("--snapshot <path>", "also write a membership snapshot (the baseline for segform test --baseline)")
    .addOption(
      new Option(
        "--engine <engine>",
        "js: in process; duckdb: embedded DuckDB over the data file; postgres: in the database (--url, --table)",
      )
        .choices(["js", "duckdb", "postgres"])
        .default("js"),
    )
    .option(
      "--url <url>",
      "PostgreSQL URL, postgres://user:password@host:port/database (--engine postgres; default: $SEGFORM_PG_URL)",
    )
    .option(
      "--table <name>",
      "PostgreSQL table (or view) of accounts, one column per field (--engine postgres; default: accounts)",
    )
    .option("--contacts-table <name>", "PostgreSQL table of contacts, for roles (--engine postgres)")
    .option(
      "--row-column <name>",
      "column numbering the rows in input order, 1-based, in --table and --contacts-table (--engine postgres; without it, output is in key order)",
    )
    .addHelpText(
      "after",
      `
Engines give the same membership, byte for byte. The JS engine reports every value it cannot read (a warning
with file, line and column, or a stop with --strict); the SQL engines (duckdb, postgres) do not report data
issues: such a value is simply missing. --engine postgres reads --table (default: accounts) at --url; tables
have no order of their own, so name a row-number column with --row-column to get input order.`,
    )
    .action(async (file, options) => done(await (await import("./commands/run.js")).runCommand(file, options)));

  withEngineOptions(program.command("test"))
    .description("run fixture suites (tests/*_test.yaml), clause coverage and quality bars (exit 1 on failure)")
    .argument("[file]", "definitions file (default: segments.yaml)")
    .option("--tests <path>", "a test file or directory (default: tests/ beside the definitions)")
    .option("-d, --data <path>", "data for the quality bars; default: the project's source")
    .addOption(
      new Option("--format <format>", "report format").choices(["pretty", "json", "junit", "github"]).default("pretty"),
    )
    .option("-o, --out <path>", "write the report to a file (atomically)")
    .option("--coverage", "report clause coverage")
    .option("--min-coverage <share>", "fail below this coverage (0.8 or 80%); default: quality.coverage.fixtures.min")
    .option("--changed-since <ref>", "gate coverage only on definitions changed since this git ref")
    .option("--baseline <file>", "membership snapshot to measure churn against (segform run --snapshot)")
    .option("--as-of <date>", "reference date for within_days (YYYY-MM-DD)")
    .option("--no-bars", "skip the quality bars")
    .option("--require-data", "fail (exit 1) when the quality bars cannot be measured because the data is absent")
    .option("--json", "the report (as --format json) and diagnostics as one JSON envelope on stdout")
    .option(
      "--verbose",
      "pretty output: each failing account's whole explanation (default: only the part that decided the failure)",
    )
    .action(async (file, options) => {
      const { emitFailure, testCommand } = await import("./commands/test.js");
      try {
        done(await testCommand(file, options));
      } catch (error) {
        const code = await emitFailure(error, options);
        if (code === undefined) throw error;
        done(code);
      }
    });

  withEngineOptions(program.command("diff"))
    .description("what the working tree changes against a git ref: definitions, membership, activations, quality bars")
    .argument("[file]", "definitions file (default: segments.yaml)")
    .requiredOption(
      "-b, --base <ref>",
      "git ref to compare with (e.g. origin/main); read from git, the working tree is not touched",
    )
    .option("-d, --data <path>", "account data; default: the project's source")
    .addOption(
      new Option("--format <format>", "output format (html: a self-contained page with charts)")
        .choices(["pretty", "markdown", "json", "html"])
        .default("pretty"),
    )
    .option("-o, --out <path>", "write the diff to a file (atomically)")
    .option("--as-of <date>", "reference date for within_days (YYYY-MM-DD), the same for both sides")
    .option("--json", "the diff (as --format json) and diagnostics as one JSON envelope on stdout")
    .action(async (file, options) => done(await (await import("./commands/diff.js")).diffCommand(file, options)));

  withEngineOptions(program.command("report"))
    .description(
      "a self-contained HTML report: tier funnel, segment sizes, segment x tier, scores, outcomes, quality bars, fixture coverage",
    )
    .argument("[file]", "definitions file (default: segments.yaml)")
    .option("-d, --data <path>", "account data; default: the project's source")
    .option("-o, --out <path>", "write the HTML to a file (atomically) instead of stdout, e.g. report.html")
    .option("--baseline <file>", "membership snapshot to show churn against (segform run --snapshot)")
    .option("--tests <path>", "a test file or directory for fixture coverage (default: tests/ beside the definitions)")
    .option("--as-of <date>", "reference date for within_days (YYYY-MM-DD)")
    .option("--json", "diagnostics as one JSON envelope on stderr (on stdout with --out)")
    .action(async (file, options) => done(await (await import("./commands/report.js")).reportCommand(file, options)));

  withEngineOptions(program.command("dev"))
    .description("watch mode: on every save, re-validate, rerun fixtures and print tier and segment sizes")
    .argument("[file]", "definitions file (default: segments.yaml)")
    .option("-d, --data <path>", "account data; default: the project's source")
    .option("--tests <path>", "a test file or directory (default: tests/ beside the definitions)")
    .option("--as-of <date>", "reference date for within_days (YYYY-MM-DD)")
    .action(async (file, options) => done(await (await import("./commands/dev.js")).devCommand(file, options)));

  withEngineOptions(program.command("explain"))
    .description("explain why one account landed where it did")
    .argument("[file]", "definitions file (default: segments.yaml)")
    .requiredOption("-a, --account <key>", "the account's key")
    .option("-d, --data <path>", "account data; default: the project's source")
    .option("--as-of <date>", "reference date for within_days (YYYY-MM-DD)")
    .option("--json", "the explanation and diagnostics as one JSON envelope on stdout")
    .action(async (file, options) => done(await (await import("./commands/explain.js")).explainCommand(file, options)));

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  withEngineOptions(program.command("plan"))
    .description("what apply would send to each destination: create / update / remove per account, with the reason")
    .argument("[file]", "definitions file (default: segments.yaml)")
    .option("-d, --data <path>", "account data; default: the project's source")
    .option(
      "--membership <path>",
      "plan from a membership segform run --out wrote (csv, jsonl, json) instead of labelling the data again",
    )
    .option(
      "--allow-membership-mismatch",
      "plan from a membership whose sidecar (FILE.meta.json) names other definitions or another file (warns instead)",
    )
    .option("-o, --out <path>", "save the deploy plan (for segform apply PLANFILE), atomically")
    .option("--destination <name>", "only this destination (repeatable)", collect)
    .addOption(new Option("--format <format>", "view on stdout").choices(["text", "json", "markdown"]).default("text"))
    .option("--detailed-exitcode", "exit 0 when there are no changes, 2 when there are, 1 on errors")
    .option(
      "--refresh-only",
      "drift: read what the destinations hold now (file, postgres) and report records edited, removed or added by hand",
    )
    .option(
      "--state <dir-or-url>",
      "deploy state: a directory (default: .segform/state beside the definitions) or postgres://... (shared, advisory lock)",
    )
    .option("--as-of <date>", "reference date for within_days (YYYY-MM-DD)")
    .option("--json", "the plan (as --format json) and diagnostics as one JSON envelope on stdout")
    .action(async (file, options) => done(await (await import("./commands/plan.js")).planCommand(file, options)));

  withEngineOptions(program.command("apply"))
    .description("apply a saved deploy plan exactly (or plan and apply in one step with --auto-approve)")
    .argument("[plan]", "a plan file from segform plan --out; or a definitions file (.yaml) with --auto-approve")
    .option("--auto-approve", "plan and apply in one step (without a plan file)")
    .option("--dry-run", "print what would be sent; send nothing, change no state")
    .option("--refresh-only", "accept what the destinations hold now (file, postgres) into state; send nothing")
    .option(
      "--allow-mass-change <destination>",
      "let this destination exceed max_removals / max_changes (repeatable)",
      collect,
    )
    .option("-d, --data <path>", "account data, without a plan file; default: the project's source")
    .option(
      "--membership <path>",
      "without a plan file: plan from a membership segform run --out wrote instead of labelling the data",
    )
    .option(
      "--allow-membership-mismatch",
      "plan from a membership whose sidecar (FILE.meta.json) names other definitions or another file (warns instead)",
    )
    .option("--destination <name>", "without a plan file: only this destination (repeatable)", collect)
    .option(
      "--state <dir-or-url>",
      "deploy state: a directory (default: .segform/state beside the definitions) or postgres://... (shared, advisory lock)",
    )
    .option("--lock-timeout <seconds>", "wait this long for another apply's lock (default: 0, fail at once)")
    .option("--request-timeout <seconds>", "per request to a destination (default: 30)")
    .option("--retry-budget <seconds>", "total time one apply may wait to retry transient failures (default: 300)")
    .option("--as-of <date>", "reference date for within_days (YYYY-MM-DD), without a plan file")
    .option("--json", "the summary and diagnostics as one JSON envelope on stdout (progress stays on stderr)")
    .action(async (file, options) => done(await (await import("./commands/apply.js")).applyCommand(file, options)));

  const state = program.command("state").description("what segform believes each destination holds (the deploy state)");
  state
    .command("list")
    .description("per destination: serial, records, failed-record index, unfinished apply, lock")
    .option(
      "--state <dir-or-url>",
      "deploy state: a directory (default: .segform/state beside the definitions) or postgres://... (shared, advisory lock)",
    )
    .option("--project <file>", "definitions file whose state to read (default: segments.yaml)")
    .option("--json", "as one JSON envelope on stdout")
    .action(async (options) => done(await (await import("./commands/state.js")).stateListCommand(options)));
  state
    .command("show")
    .description("the record segform last sent for one account, per destination")
    .argument("<key>", "the account's key")
    .option("--destination <name>", "only this destination")
    .option(
      "--state <dir-or-url>",
      "deploy state: a directory (default: .segform/state beside the definitions) or postgres://... (shared, advisory lock)",
    )
    .option("--project <file>", "definitions file whose state to read (default: segments.yaml)")
    .option("--json", "as one JSON envelope on stdout")
    .action(async (key, options) => done(await (await import("./commands/state.js")).stateShowCommand(key, options)));

  program
    .command("force-unlock")
    .description("remove a stale deploy-state lock (an apply that died); ID as printed by the lock error")
    .argument("<id>", "the lock id")
    .option(
      "--state <dir-or-url>",
      "deploy state: a directory (default: .segform/state beside the definitions) or postgres://... (shared, advisory lock)",
    )
    .option("--project <file>", "definitions file whose state to unlock (default: segments.yaml)")
    .option("--json", "the removed lock as one JSON envelope on stdout")
    .action(async (id, options) =>
      done(await (await import("./commands/force-unlock.js")).forceUnlockCommand(id, options)),
    );

  program
    .command("serve")
    .description(
      "decision API: labels by account key, ad-hoc evaluation, OpenFeature (OFREP); reloads when the definitions or data change",
    )
    .argument("[file]", "definitions file (default: segments.yaml)")
    .option("--host <host>", "address to listen on (default: 127.0.0.1; beyond loopback needs SEGFORM_SERVE_TOKENS)")
    .option("--port <port>", "port (default: 8080; 0 picks a free one)")
    .option("-d, --data <path>", "account data, labelled at start (default: the project's source)")
    .option(
      "--membership <path>",
      "serve a membership written by segform run (--out CSV/JSONL/JSON, or --snapshot) instead of labelling data",
    )
    .option(
      "--state [dir-or-url]",
      "serve what segform apply last sent to --destination: the deploy state (default directory: .segform/state beside the definitions; or postgres://...)",
    )
    .option("--destination <name>", "the destination whose deploy state --state serves")
    .option(
      "--state-poll <seconds>",
      "PostgreSQL deploy state: an apply's NOTIFY reloads at once; seconds between fallback polls of its serial (default: 5); a local state is watched",
    )
    .option(
      "--table-poll <seconds>",
      "--engine postgres: seconds between checks of the tables' change counters, a change reloads (default: 5; 0: never)",
    )
    .option("--contacts <path>", "contact data, for roles; default: contacts.source")
    .addOption(
      new Option(
        "--engine <engine>",
        "labels the data at load with js (in process), duckdb (the data file) or postgres (--url, --table); ad-hoc evaluation stays in process",
      ).choices(["js", "duckdb", "postgres"]),
    )
    .option("--url <url>", "PostgreSQL URL (--engine postgres; default: $SEGFORM_PG_URL)")
    .option("--table <name>", "PostgreSQL table of accounts (--engine postgres; default: accounts)")
    .option("--contacts-table <name>", "PostgreSQL table of contacts, for roles (--engine postgres)")
    .option("--row-column <name>", "column numbering the rows in input order (--engine postgres)")
    .addOption(inputFormatOption())
    .option("--as-of <date>", "reference date for within_days (YYYY-MM-DD)")
    .option("--no-watch", "do not reload when the definitions or data change (SIGHUP still reloads)")
    .option("--rate-limit <n>", "requests per second per token (or per address without tokens); 0: off (default: 6000)")
    .option("--body-limit <bytes>", "largest request body (default: 262144)")
    .addOption(
      new Option("--log-level <level>", "JSON log level on stderr")
        .choices(["debug", "info", "warn", "error", "silent"])
        .default("info"),
    )
    .option("--allow-unauthenticated", "allow --host beyond loopback without SEGFORM_SERVE_TOKENS")
    .action(async (file, options) => done(await (await import("./commands/serve.js")).serveCommand(file, options)));

  program
    .command("schema")
    .description("print the JSON Schema of the definition language (or of test files, or fixture files)")
    .option("-o, --out <path>", "write it to a file")
    .addOption(
      new Option("--kind <kind>", "definitions (segments.yaml), test (tests/*_test.yaml) or fixtures")
        .choices(["definitions", "test", "fixtures"])
        .default("definitions"),
    )
    .option("--json", "the schema as one JSON envelope on stdout")
    .option(
      "--project [file]",
      "specialised to this project (default: segments.yaml): definitions get its fields, operators by type, defines, scores and ids; --kind test gets its segment, tier, activation and score ids",
    )
    .action(async (options) => done(await (await import("./commands/schema.js")).schemaCommand(options)));

  program
    .command("init")
    .description("create a small working project (segments.yaml + data/accounts.csv)")
    .argument("[dir]", "directory (default: .)")
    .option("--force", "overwrite existing files")
    .option("--json", "the files created, as one JSON envelope on stdout")
    .action(async (dir, options) => done((await import("./commands/init.js")).initCommand(dir, options)));

  return program;
}

/**
 * The data options of the commands that label accounts to measure or explain them (test, diff, dev, explain): the
 * same engines as `segform run`, so CI can compute membership and bars inside the warehouse.
 */
function withEngineOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--engine <engine>",
        "js: in process; duckdb: embedded DuckDB over the data file; postgres: in the database (--url, --table)",
      )
        .choices(["js", "duckdb", "postgres"])
        .default("js"),
    )
    .option("--contacts <path>", "contact data, for conditions over contacts; default: contacts.source")
    .option(
      "--url <url>",
      "PostgreSQL URL (--engine postgres; default: $SEGFORM_PG_URL); its password is never printed",
    )
    .option("--table <name>", "PostgreSQL table (or view) of accounts (--engine postgres; default: accounts)")
    .option(
      "--row-column <name>",
      "column numbering the rows in input order, 1-based (--engine postgres; without it, accounts are in key order)",
    )
    .option("--contacts-table <name>", "PostgreSQL table of contacts, for conditions over contacts (--engine postgres)")
    .addOption(inputFormatOption())
    .addOption(onDuplicateOption());
}

/** The reading options of the commands that read account data (run, serve and the commands of withEngineOptions). */
function inputFormatOption(): Option {
  return new Option("--input-format <format>", "input format when the extension does not tell").choices([
    "csv",
    "jsonl",
    "json",
    "parquet",
  ]);
}

function onDuplicateOption(): Option {
  return new Option(
    "--on-duplicate <rule>",
    "rows repeating an account key: error (exit 2), or first (keep each key's first row)",
  )
    .choices(["error", "first"])
    .default("error");
}

/**
 * `--json` (see envelope.ts): the envelope goes to stdout, or to stderr where stdout carries the command's data
 * (`run`, `report` without --out). Human messages are discarded: the envelope carries the diagnostics. `apply`
 * keeps its progress lines on stderr.
 */
function openJsonEnvelope(action: Command): void {
  const options = action.opts();
  if (options.json !== true) return;
  const names: string[] = [];
  for (let command: Command | null = action; command?.parent; command = command.parent) names.unshift(command.name());
  const name = names.join(" ");
  const streams = io();
  const dataOnStdout = (name === "run" || name === "report") && options.out === undefined;
  openEnvelope(name, dataOnStdout ? streams.stderr : streams.stdout);
  if (name !== "apply") streams.stderr = discard();
}

/** An empty argument or option value (`--out ""`) would silently fall back to the default: a usage error. */
function refuseEmptyValues(action: Command): void {
  for (const option of action.options) {
    const value = action.getOptionValue(option.attributeName());
    if (value === "")
      throw new CliError(
        EXIT.usage,
        `empty value for ${option.long ?? option.short}`,
        `pass a value, or leave ${option.long ?? option.short} out`,
      );
  }
  action.registeredArguments.forEach((argument, index) => {
    if (action.args[index] === "")
      throw new CliError(
        EXIT.usage,
        `empty ${argument.name()} argument`,
        `pass a ${argument.name()}, or leave it out for the default`,
      );
  });
}

export { CommanderError };
