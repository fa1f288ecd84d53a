import { compileProject } from "@segform/compiler";
import type { Engine } from "@segform/engine";
import { writeFileAtomic } from "@segform/data";
import {
  diffPlans,
  emptyBase,
  MembershipDiffer,
  renderDiffJson,
  renderDiffMarkdown,
  renderDiffPretty,
  type DiffReport,
} from "@segform/diff";
import { QualityAccumulator, evaluateQualityBars } from "@segform/testing";
import { resolveAsOf } from "../asof.js";
import { CliError, EXIT } from "../errors.js";
import { gitReader } from "../git.js";
import { compileOrExit, printDiagnostics, projectFile } from "../project.js";
import { dataPath, IssueReporter, missingData, contactsPath } from "./run.js";
import { openEvaluatedPair, type EngineOptions } from "./run-engines.js";
import { io, writeStdout } from "../io.js";
import { checkOutPath } from "./report.js";
import { envelope } from "../envelope.js";

export interface DiffOptions extends EngineOptions {
  base: string;
  data?: string;
  format?: "pretty" | "markdown" | "json" | "html";
  out?: string;
  asOf?: string;
  json?: boolean;
}

/**
 * `segform diff --base REF`: what the working tree's definitions change against REF, in the plans and (on the
 * data) in membership, activations and quality bars. Reads REF from git without touching the working tree.
 */
export async function diffCommand(fileArgument: string | undefined, options: DiffOptions): Promise<number> {
  const project = projectFile(fileArgument);
  if (options.format === "html" && options.out !== undefined) checkOutPath(options.out);
  const head = compileOrExit(project);
  const reader = gitReader(options.base);
  // A project's first change: the base commit has no definitions file; everything is new.
  const baseAbsent = reader.read(project) === undefined;
  const baseResult = baseAbsent ? { ...head, plan: emptyBase(head.plan) } : compileProject(project, reader);
  if (!baseResult.plan) {
    io().stderr.write(`the definitions at ${options.base} do not compile:\n`);
    printDiagnostics(baseResult);
    throw new CliError(
      EXIT.input,
      `cannot compile ${project} at ${options.base}`,
      "the base must hold a valid project; compare against an older ref, or review this change with segform validate",
    );
  }
  const base = baseResult.plan;
  const asOf = resolveAsOf(options.asOf, head.resolved);
  const report: DiffReport = {
    base: options.base,
    project,
    baseHash: base.hash,
    headHash: head.plan.hash,
    unchanged: base.hash === head.plan.hash,
    definitions: diffPlans(base, head.plan),
  };
  if (baseAbsent) report.baseAbsent = true;

  // Without data (confidential data is often not committed) the diff still reports the definition changes.
  const absent = missingData(head, options.data, options.engine);
  if (absent) report.membershipNotComputed = absent;
  else {
    const reporter = new IssueReporter();
    const sources = { data: () => dataPath(head, options.data), contacts: () => contactsPath(head, options.contacts) };
    const { baseEngine, headEngine, pairs, dataLabel } = await openEvaluatedPair(
      base,
      head.plan,
      asOf,
      options,
      sources,
      { asOf, format: options.inputFormat, onIssue: reporter.report },
    );
    const differ = new MembershipDiffer(base, head.plan, { asOfDay: headEngine.asOfDay });
    const declaresBars = Object.keys(head.plan.quality).length > 0 || Object.keys(base.quality).length > 0;
    const before = declaresBars ? new QualityAccumulator(base) : undefined;
    const after = declaresBars ? new QualityAccumulator(head.plan) : undefined;
    for await (const batch of pairs) {
      for (const pair of batch) {
        differ.add(pair.row, pair.base, pair.head);
        if (before && after) {
          before.add(pair.base.result, pair.base.prepared.values, segmentMatches(baseEngine, pair.base));
          after.add(pair.head.result, pair.head.prepared.values, segmentMatches(headEngine, pair.head));
        }
      }
    }
    reporter.summary();
    const { membership, activations } = differ.result(dataLabel);
    report.membership = membership;
    report.activations = activations;
    if (before && after) {
      report.quality = {
        before: evaluateQualityBars(base, before, { baselineGiven: false }),
        after: evaluateQualityBars(head.plan, after, { baselineGiven: false }),
      };
    }
  }

  const format = options.json ? "json" : (options.format ?? "pretty");
  const json = envelope();
  if (json) {
    if (options.out) writeFileAtomic(options.out, renderDiffJson(report));
    json.result = options.out ? { out: options.out, unchanged: report.unchanged } : JSON.parse(renderDiffJson(report));
    return EXIT.ok;
  }
  const text =
    format === "html"
      ? await (await import("@segform/report")).renderChangeReport(report)
      : format === "json"
        ? renderDiffJson(report)
        : format === "markdown"
          ? renderDiffMarkdown(report)
          : renderDiffPretty(report);
  if (options.out) writeFileAtomic(options.out, text);
  else await writeStdout(text);
  return EXIT.ok;
}

function segmentMatches(
  engine: Engine,
  account: { prepared: { values: unknown[]; scores: number[] }; result: { icp: boolean; tier: string | null } },
): number {
  if (!account.result.icp) return 0;
  return engine.compiled.segmentMatchCount(
    account.prepared.values as never,
    account.prepared.scores,
    account.result.tier,
    engine.asOfDay,
  );
}
