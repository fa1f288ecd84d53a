import { sortDiagnostics } from "@segform/spec";
import type { TestReport } from "./report.js";

/** Assembles the report and decides the exit code: 2 unusable input, 1 something failed, 0 all pass. */
export function buildReport(
  input: Pick<TestReport, "project" | "planHash" | "suites" | "coverage" | "bars" | "diagnostics"> & {
    /** `--require-data`: a bar skipped for want of data fails the run (exit 1). */
    requireData?: boolean;
  },
): TestReport {
  const cases = input.suites.flatMap((suite) => suite.cases);
  const passed = cases.filter((c) => c.status === "pass").length;
  const failed = cases.filter((c) => c.status === "fail").length;
  const skipped = cases.filter((c) => c.status === "skip").length;
  const barErrors = input.bars.filter((bar) => !bar.passed && !bar.skipped && bar.severity === "error").length;
  const barWarnings = input.bars.filter((bar) => !bar.passed && !bar.skipped && bar.severity === "warn").length;
  const barsSkipped = input.bars.filter((bar) => bar.skipped).length;
  const barsUnmeasured =
    input.requireData === true ? input.bars.filter((bar) => bar.skipped?.missing === "data").length : 0;
  const coverageFailed = input.coverage ? !input.coverage.passed : false;
  const diagnostics = sortDiagnostics(input.diagnostics);
  const unusable = diagnostics.some((d) => d.severity === "error");
  const exitCode = unusable ? 2 : failed > 0 || barErrors > 0 || coverageFailed || barsUnmeasured > 0 ? 1 : 0;
  const report: TestReport = {
    project: input.project,
    planHash: input.planHash,
    suites: input.suites,
    bars: input.bars,
    diagnostics,
    summary: {
      tests: cases.length,
      passed,
      failed,
      skipped,
      barErrors,
      barWarnings,
      coverageFailed,
      barsSkipped,
      barsUnmeasured,
      exitCode,
    },
  };
  if (input.coverage) report.coverage = input.coverage;
  return report;
}
