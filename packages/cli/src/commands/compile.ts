import { serializePlan } from "@segform/plan";
import { writeFileAtomic } from "@segform/data";
import { resolveAsOf } from "../asof.js";
import { EXIT, CliError } from "../errors.js";
import { compileOrExit, projectFile } from "../project.js";
import { io, writeStdout } from "../io.js";
import { envelope } from "../envelope.js";

export interface CompileOptions {
  out?: string;
  format?: string;
  dialect?: string;
  table?: string;
  contactsTable?: string;
  rowColumn?: string;
  asOf?: string;
  json?: boolean;
}

/** `segform compile`: the plan as stable JSON, or (--format sql) the queries that label accounts in a warehouse. */
export async function compileCommand(fileArgument: string | undefined, options: CompileOptions): Promise<number> {
  // --dialect alone means SQL.
  const format = options.format ?? (options.dialect ? "sql" : "json");
  if (format !== "json" && format !== "sql") {
    throw new CliError(
      EXIT.usage,
      `compile --format ${format} is not available`,
      "use --format json (the plan) or --format sql --dialect duckdb|postgres|snowflake|bigquery",
    );
  }
  if (format === "json") {
    const sqlOnly = (["dialect", "table", "contactsTable", "rowColumn", "asOf"] as const).filter(
      (name) => options[name] !== undefined,
    );
    if (sqlOnly.length) {
      const flag = sqlOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      throw new CliError(
        EXIT.usage,
        `--${flag} applies to --format sql`,
        "add --format sql --dialect duckdb|postgres|snowflake|bigquery",
      );
    }
  } else if (!options.dialect) {
    throw new CliError(
      EXIT.usage,
      "compile --format sql needs --dialect",
      "use --dialect duckdb|postgres|snowflake|bigquery",
    );
  }
  const file = projectFile(fileArgument);
  const { plan, resolved } = compileOrExit(file);
  let text: string;
  let summary: string;
  if (format === "json") {
    text = serializePlan(plan);
    summary = plan.hash;
  } else {
    // Loaded here, so that other commands do not load the SQL compiler at start-up.
    const { compileSql, isDialect, renderSqlScript, SqlUnsupportedError, DIALECTS } = await import("@segform/sql");
    const dialect = options.dialect!;
    if (!isDialect(dialect))
      throw new CliError(EXIT.usage, `unknown SQL dialect "${dialect}"`, `use --dialect ${DIALECTS.join("|")}`);
    const asOf = resolveAsOf(options.asOf, resolved);
    try {
      text = renderSqlScript(
        compileSql(plan, {
          dialect,
          table: options.table ?? "accounts",
          contactsTable: options.contactsTable ?? "contacts",
          rowColumn: options.rowColumn,
          asOf,
        }),
      );
    } catch (error) {
      if (!(error instanceof SqlUnsupportedError)) throw error;
      // Located as the plan can locate it: the definitions file and the place in it (segment, tier, role, ...).
      const code = "SEG300";
      envelope()?.push({
        code,
        severity: "error",
        message: `${error.where ? `${error.where}: ` : ""}${error.message}`,
        file,
        line: null,
        column: null,
        hint: error.hint ?? null,
      });
      io().stderr.write(
        `${file}: error ${code}: ${error.where ? `${error.where}: ` : ""}${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ""}`,
      );
      throw new CliError(EXIT.input, "", undefined, true);
    }
    summary = `${dialect} SQL for ${plan.hash}, as of ${asOf}`;
  }
  const json = envelope();
  if (options.out) {
    writeFileAtomic(options.out, text);
    io().stderr.write(`wrote ${options.out} (${summary})\n`);
  }
  if (json) {
    // The data itself when it is not written to a file: the plan as an object, SQL as text.
    const content = options.out ? { out: options.out } : format === "json" ? { plan: JSON.parse(text) } : { sql: text };
    json.result =
      format === "json"
        ? { format, hash: plan.hash, ...content }
        : { format, dialect: options.dialect, hash: plan.hash, asOf: resolveAsOf(options.asOf, resolved), ...content };
  } else if (!options.out) await writeStdout(text);
  return EXIT.ok;
}
