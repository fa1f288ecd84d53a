import { existsSync } from "node:fs";
import {
  acceptDrift,
  applyPlan,
  DEFAULT_RETRY,
  openDeployPlanFile,
  type Action,
  type ApplySummary,
  type DeployPlan,
  type StateBackend,
} from "@segform/deploy";
import { canonicalJson } from "@segform/plan";
import { CliError, EXIT } from "../errors.js";
import type { ResolvedSpec } from "@segform/compiler";
import {
  adapterOpener,
  locateDeployError,
  lockInfo,
  openState,
  planDeploy,
  refreshDeploy,
  rootOf,
  secondsOption,
  withDeployErrors,
  type PlanOptions,
} from "../deploy.js";
import { count, projectFile } from "../project.js";
import { io, writeStdout } from "../io.js";
import { envelope } from "../envelope.js";
import { ApplyProgress } from "../progress.js";

export interface ApplyCommandOptions extends PlanOptions {
  autoApprove?: boolean;
  dryRun?: boolean;
  allowMassChange?: string[];
  lockTimeout?: string;
  requestTimeout?: string;
  retryBudget?: string;
  json?: boolean;
  refreshOnly?: boolean;
}

/**
 * `segform apply PLANFILE` applies exactly that plan; `segform apply [definitions] --auto-approve` plans and applies
 * in one step. Exit 0 when everything was acknowledged, 1 when a record was rejected or deferred or the plan is
 * stale or over a mass-change limit, 2 for usage and input errors (a plan file that is not segform's, a locked state).
 */
export async function applyCommand(argument: string | undefined, options: ApplyCommandOptions): Promise<number> {
  return withDeployErrors(async () => {
    if (options.refreshOnly) return acceptDriftCommand(argument, options);
    let plan: DeployPlan;
    let backend: StateBackend;
    /** The definitions, when apply plans them itself: errors about a destination are then located there. */
    let resolved: ResolvedSpec | undefined;
    /** A plan file's actions, read from it a batch at a time while applying (never all held). */
    let actions: ((destination: unknown, index: number) => AsyncIterable<Action[]>) | undefined;
    if (argument !== undefined && !/\.ya?ml$/i.test(argument)) {
      if (!existsSync(argument))
        throw new CliError(EXIT.input, `no plan file ${argument}`, "write one with segform plan --out FILE");
      const file = await openDeployPlanFile(argument);
      plan = file.plan;
      actions = (_destination, index) => file.actions(index);
      backend = await openState(options.state, plan.root);
    } else {
      if (!options.autoApprove && !options.dryRun) {
        throw new CliError(
          EXIT.usage,
          "apply without a plan file needs --auto-approve",
          "review first: segform plan --out deploy.plan, then segform apply deploy.plan",
        );
      }
      ({ plan, backend, resolved } = await planDeploy(projectFile(argument), options));
    }
    const stderr = io().stderr as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
    const progress = new ApplyProgress(stderr, { tty: stderr.isTTY === true, columns: stderr.columns });
    const summary = await applyPlan(plan, {
      backend,
      open: adapterOpener(plan),
      allowMassChange: options.allowMassChange ?? [],
      dryRun: options.dryRun,
      // The text view lists the first few; `--json` has them all.
      ...(envelope() ? {} : { dryRunListed: MAX_LISTED }),
      lock: lockInfo(`segform apply`),
      lockTimeoutMs: secondsOption(options.lockTimeout, "--lock-timeout", 0),
      timeoutMs: secondsOption(options.requestTimeout, "--request-timeout", 30_000),
      retry: {
        ...DEFAULT_RETRY,
        budgetMs: secondsOption(options.retryBudget, "--retry-budget", DEFAULT_RETRY.budgetMs),
      },
      run: lockInfo("run").id,
      onProgress: (event) => progress.update(event),
      ...(actions ? { actions } : {}),
    })
      .catch((error: unknown) => {
        throw resolved ? locateDeployError(error, resolved) : error;
      })
      .finally(() => progress.finish());
    const json = envelope();
    if (json) json.result = JSON.parse(canonicalJson(summary));
    else await writeStdout(summaryText(summary, plan));
    const failed = summary.destinations.some((d) => d.rejected.length || d.deferred.length || d.disabled);
    return failed ? EXIT.check : EXIT.ok;
  });
}

const MAX_LISTED = 10;
const REJECTED = "SEG407";
const DISABLED = "SEG408";
const UNAUTHORIZED = "SEG421";

function summaryText(summary: ApplySummary, plan: DeployPlan): string {
  const lines: string[] = [];
  for (const d of summary.destinations) {
    if (d.alreadyApplied) {
      lines.push(`${d.name}: this plan was applied already; nothing sent`);
      continue;
    }
    if (summary.dryRun) {
      lines.push(
        `${d.name}: dry run, would send ${count(d.planned, "record")}${d.resumed ? ` (${d.resumed} done by an interrupted apply)` : ""}`,
      );
      for (const op of (d.wouldSend ?? []).slice(0, MAX_LISTED))
        lines.push(`  ${op.action} ${op.key}${op.effect === "clear" ? " (clear)" : ""} ${canonicalJson(op.values)}`);
      if (d.planned > MAX_LISTED) lines.push(`  … and ${count(d.planned - MAX_LISTED, "more")}`);
      continue;
    }
    const parts = [`${count(d.acknowledged, "record")} acknowledged`];
    if (d.resumed) parts.push(`${d.resumed} already done by an interrupted apply`);
    if (d.rejected.length) parts.push(`${d.rejected.length} rejected`);
    if (d.deferred.length) parts.push(`${d.deferred.length} deferred`);
    lines.push(`${d.name}: ${parts.join(", ")}`);
    if (d.disabled && d.unauthorized) lines.push(`  error ${UNAUTHORIZED}: ${d.name}: ${d.disabled}`);
    else if (d.disabled)
      lines.push(
        `  error ${DISABLED}: ${d.name} is disabled: ${d.disabled}; fix the endpoint, then plan and apply again`,
      );
    for (const r of d.rejected.slice(0, MAX_LISTED)) lines.push(`  rejected ${r.key}: ${r.reason}`);
    if (d.rejected.length)
      lines.push(
        `  error ${REJECTED}: rejected records stay in the failed-record index and are retried first by the next apply`,
      );
    for (const r of d.deferred.slice(0, MAX_LISTED)) lines.push(`  deferred ${r.key}: ${r.reason}`);
  }
  for (const skipped of plan.skipped) lines.push(`${skipped.name}: skipped (${skipped.reason})`);
  if (!summary.destinations.length && !plan.skipped.length) lines.push("no destinations to deploy to");
  return lines.join("\n") + "\n";
}

/** `segform apply --refresh-only`: accepts what the destinations hold now into state (under the lock); sends nothing. */
async function acceptDriftCommand(argument: string | undefined, options: ApplyCommandOptions): Promise<number> {
  if (argument !== undefined && !/\.ya?ml$/i.test(argument))
    throw new CliError(
      EXIT.usage,
      "--refresh-only takes the definitions file, not a plan file",
      "segform apply --refresh-only [segments.yaml]",
    );
  const file = projectFile(argument);
  const lock = lockInfo("segform apply --refresh-only");
  const backend = await openState(options.state, rootOf(file));
  await backend.lock(lock, secondsOption(options.lockTimeout, "--lock-timeout", 0));
  const lines: string[] = [];
  try {
    // Read again under the lock: nothing may change between reading and accepting.
    const { reports, found, unreadable } = await refreshDeploy(file, options);
    for (const report of reports) {
      const state = await backend.load(report.destination);
      const accepted = acceptDrift(state.records, found.get(report.destination)!);
      await backend.compact(report.destination, { records: accepted, failed: state.failed }, "refresh-only");
      lines.push(
        `${report.destination}: state now holds ${count(accepted.size, "record")} as found (${count(report.drifted.length, "drifted record")} accepted)`,
      );
    }
    for (const name of unreadable) lines.push(`${name}: cannot be read back; state unchanged`);
  } finally {
    await backend.close();
    await backend.unlock(lock.id);
  }
  await writeStdout(lines.join("\n") + "\n");
  return EXIT.ok;
}
