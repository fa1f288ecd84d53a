import { writeStdout } from "../io.js";
import { explainAccount, renderExplanation } from "@segform/engine";
import type { DataIssue } from "@segform/data";
import { resolveAsOf } from "../asof.js";
import { CliError, EXIT } from "../errors.js";
import { compileOrExit, projectFile } from "../project.js";
import { contactsPath, dataPath, IssueReporter } from "./run.js";
import { openEvaluated, type EngineOptions } from "./run-engines.js";
import { envelope } from "../envelope.js";

export interface ExplainOptions extends EngineOptions {
  account: string;
  data?: string;
  asOf?: string;
  json?: boolean;
}

/** `segform explain --account ID`: why one account landed where it did. */
export async function explainCommand(fileArgument: string | undefined, options: ExplainOptions): Promise<number> {
  const file = projectFile(fileArgument);
  const compiled = compileOrExit(file);
  const asOf = resolveAsOf(options.asOf, compiled.resolved);
  const reporter = new IssueReporter();
  const wanted = options.account;
  // Data issues are shown only for the explained account's row.
  let pending: DataIssue[] = [];
  const onIssue = (issue: DataIssue) => {
    if (pending.length && pending[0]!.line !== issue.line) pending = [];
    pending.push(issue);
  };
  // Every account is evaluated: tier capacities depend on the whole population.
  const sources = {
    data: () => dataPath(compiled, options.data),
    contacts: () => contactsPath(compiled, options.contacts),
  };
  const { engine, accounts, dataLabel } = await openEvaluated(
    compiled.plan,
    asOf,
    options,
    sources,
    { asOf, format: options.inputFormat, onIssue },
    5,
  );
  for await (const { result, prepared, line } of accounts) {
    if (result.key === null || String(result.key) !== wanted) continue;
    pending.filter((issue) => issue.line === line).forEach(reporter.report);
    const explanation = explainAccount(compiled.plan, prepared, result, engine.asOfDay, engine.contacts);
    reporter.summary();
    const json = envelope();
    if (json) json.result = explanation;
    else await writeStdout(renderExplanation(explanation));
    return EXIT.ok;
  }
  throw new CliError(
    EXIT.input,
    `no account with key ${JSON.stringify(wanted)} in ${dataLabel}`,
    `the key is the field \`${compiled.plan.key}\``,
  );
}
