import { existsSync, statSync } from "node:fs";
import { formatDiagnostic, DiagnosticBag, type Diagnostic } from "@segform/spec";
import { writeFileAtomic } from "@segform/data";
import { buildSegmentationReport, renderSegmentationReport, ReportAccumulator } from "@segform/report";
import { CoverageCollector, evaluateQualityBars, skippedQualityBars, type BarResult } from "@segform/testing";
import { resolveAsOf } from "../asof.js";
import { EXIT, LocatedError } from "../errors.js";
import { compileOrExit, projectFile } from "../project.js";
import { checkSnapshotPath, loadSnapshot } from "../snapshot.js";
import { contactsPath, dataPath, IssueReporter, missingData } from "./run.js";
import { openEvaluated, type EngineOptions } from "./run-engines.js";
import { discoverSuites, runSuites } from "./test.js";
import { io, writeStdout } from "../io.js";
import { envelope } from "../envelope.js";

export interface ReportOptions extends EngineOptions {
  data?: string;
  baseline?: string;
  tests?: string;
  out?: string;
  asOf?: string;
  json?: boolean;
}

/**
 * `segform report`: one self-contained HTML page (inline SVG charts, inline CSS, no script, no network) with the
 * tier funnel, segment sizes, the segment x tier matrix, score distributions, outcomes, churn against a baseline,
 * quality bars and fixture coverage. Byte-identical for the same inputs. Exit 0 when written, 2 on bad input;
 * failing bars or tests do not fail it (segform test is the gate).
 */
export async function reportCommand(fileArgument: string | undefined, options: ReportOptions): Promise<number> {
  const project = projectFile(fileArgument);
  if (options.out !== undefined) checkOutPath(options.out);
  if (options.baseline !== undefined) checkSnapshotPath(options.baseline);
  const compiled = compileOrExit(project);
  const plan = compiled.plan;
  const asOf = resolveAsOf(options.asOf, compiled.resolved);

  let data: string | undefined;
  let accumulator: ReportAccumulator | undefined;
  let bars: BarResult[];
  const quality = compiled.resolved?.quality;
  const locate = (barPath: string) =>
    quality ? quality.at.doc.locate([...quality.at.path, ...barPath.split(".")], "key") : undefined;
  const absent = missingData(compiled, options.data, options.engine);
  if (absent) {
    warn({
      code: "SEG601",
      severity: "warning",
      message: `report without account data (${absent}): sizes, scores and outcomes are left out`,
      hint: "pass --data FILE to include them",
    });
    bars = skippedQualityBars(plan, absent, { locate });
  } else {
    const baseline = options.baseline ? await loadSnapshot(options.baseline) : undefined;
    const reporter = new IssueReporter();
    const sources = {
      data: () => dataPath(compiled, options.data),
      contacts: () => contactsPath(compiled, options.contacts),
    };
    const opened = await openEvaluated(plan, asOf, options, sources, {
      asOf,
      format: options.inputFormat,
      onIssue: reporter.report,
    });
    accumulator = new ReportAccumulator(plan, baseline ? { baseline } : {});
    const engine = opened.engine;
    for await (const { result, prepared } of opened.accounts) {
      const matches = result.icp
        ? engine.compiled.segmentMatchCount(prepared.values, prepared.scores, result.tier, engine.asOfDay)
        : 0;
      accumulator.add(result, prepared.values, matches);
    }
    reporter.summary();
    data = opened.dataLabel;
    bars = evaluateQualityBars(plan, accumulator.quality, { baselineGiven: baseline !== undefined, locate });
  }

  // Fixture suites and clause coverage, when the project has tests (their problems are the test command's to report).
  let suites;
  let coverage;
  if (discoverSuites(project, options.tests).length > 0) {
    const collector = new CoverageCollector(plan);
    const bag = new DiagnosticBag();
    suites = await runSuites(project, plan, asOf, options.tests, collector, bag);
    const fixturesMin = (plan.quality.coverage as { fixtures?: { min: number } } | undefined)?.fixtures?.min;
    coverage = collector.report({ min: fixturesMin });
    const errors = bag.items.filter((item) => item.severity === "error").length;
    if (errors)
      envelope()?.push({
        code: "SEG117",
        severity: "warning",
        message: `${errors} problem(s) in the fixture suites (segform test lists them); the report shows what ran`,
        file: null,
        line: null,
        column: null,
        hint: "run segform test",
      });
    if (errors)
      io().stderr.write(
        `warning: ${errors} problem(s) in the fixture suites (segform test lists them); the report shows what ran\n`,
      );
  }

  const model = buildSegmentationReport({
    plan,
    project,
    asOf,
    data,
    accumulator,
    dataMissing: absent,
    bars,
    coverage,
    suites,
  });
  const html = await renderSegmentationReport(model);
  const json = envelope();
  if (json) json.result = { out: options.out ?? null, data: data ?? null, asOf, planHash: plan.hash };
  if (options.out) {
    writeFileAtomic(options.out, html);
    io().stderr.write(`wrote ${options.out}\n`);
  } else await writeStdout(html);
  return EXIT.ok;
}

/** An output path that is a directory cannot be written atomically (and is a typo more often than not). */
export function checkOutPath(out: string): void {
  if (out.endsWith("/") || (existsSync(out) && statSync(out).isDirectory())) {
    throw new LocatedError({
      code: "SEG600",
      severity: "error",
      message: `--out ${out} is a directory`,
      hint: "name the HTML file to write, e.g. --out report.html",
    });
  }
}

function warn(diagnostic: Diagnostic): void {
  envelope()?.add(diagnostic);
  io().stderr.write(formatDiagnostic(diagnostic) + "\n");
}
