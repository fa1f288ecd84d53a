/** Wording and small text helpers shared by the report renderers, so every view says the same thing. */
import type {
  CaseResult,
  CoverageItem,
  CoverageReport,
  ExpectationFailure,
  SuiteResult,
  TestReport,
} from "../report.js";

export interface CaseCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export function suiteCounts(suite: SuiteResult): CaseCounts {
  const counts: CaseCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const testCase of suite.cases) {
    if (testCase.status === "pass") counts.passed += 1;
    else if (testCase.status === "fail") counts.failed += 1;
    else counts.skipped += 1;
  }
  return counts;
}

/**
 * The closing line CI reads: `N passed, N failed, N skipped`. Counts fixture cases only, from the report's
 * summary; bars and the coverage gate are reported on the line before it.
 */
export function countsLine(report: TestReport): string {
  const { passed, failed, skipped, barErrors } = report.summary;
  // A run failed by a quality bar must not end on "0 failed": the bars that failed are counted on the same line.
  const bars = barErrors > 0 ? `, ${plural(barErrors, "quality bar", "quality bars")} failed` : "";
  return `${passed} passed, ${failed} failed, ${skipped} skipped${bars}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Why the run did not pass, in words: `1 failing test, 1 quality bar failed, coverage below the gate`. */
export function failureReasons(report: TestReport): string[] {
  const { summary } = report;
  const reasons: string[] = [];
  const inputErrors = report.diagnostics.filter((d) => d.severity === "error").length;
  if (inputErrors > 0) reasons.push(plural(inputErrors, "error", "errors") + " in the inputs");
  if (summary.failed > 0) reasons.push(plural(summary.failed, "failing test", "failing tests"));
  if (summary.barErrors > 0) reasons.push(plural(summary.barErrors, "quality bar", "quality bars") + " failed");
  if (summary.coverageFailed) reasons.push("coverage below the gate");
  if (summary.barsUnmeasured > 0)
    reasons.push(
      `${plural(summary.barsUnmeasured, "quality bar", "quality bars")} not measured: no data (--require-data)`,
    );
  return reasons;
}

/** `passed`, `failed` or `errored` (unusable input), from the exit code the report decided. */
export function verdictWord(report: TestReport): "passed" | "failed" | "errored" {
  return report.summary.exitCode === 0 ? "passed" : report.summary.exitCode === 1 ? "failed" : "errored";
}

/**
 * One line for the verdict: `PASSED`, `PASSED with 1 bar warning`, `FAILED: 1 failing test, coverage below the gate`,
 * `ERRORED: 2 errors in the inputs`.
 */
export function verdictLine(report: TestReport): string {
  const word = verdictWord(report).toUpperCase();
  if (report.summary.exitCode === 0) {
    const warnings = report.summary.barWarnings;
    const notes: string[] = [];
    if (warnings > 0) notes.push(plural(warnings, "bar warning", "bar warnings"));
    const skipped = report.summary.barsSkipped;
    if (skipped > 0) notes.push(`${plural(skipped, "quality bar", "quality bars")} skipped`);
    return notes.length > 0 ? `${word} with ${notes.join(" and ")}` : word;
  }
  const reasons = failureReasons(report);
  return reasons.length > 0 ? `${word}: ${reasons.join(", ")}` : word;
}

/**
 * A ratio as a percentage with one decimal. Never shows 100.0% for an incomplete ratio or 0.0% for a non-zero one,
 * so a failing 100% gate never reads `100.0% < 100.0%`.
 */
export function percent(ratio: number): string {
  let tenths = Math.round(ratio * 1000);
  if (tenths >= 1000 && ratio < 1) tenths = 999;
  if (tenths <= 0 && ratio > 0) tenths = 1;
  return `${(tenths / 10).toFixed(1)}%`;
}

/** Uncovered coverage items, in report order. */
export function uncoveredItems(coverage: CoverageReport): CoverageItem[] {
  return coverage.items.filter((item) => (item.kind === "target" ? !item.seenTrue : !item.seenTrue || !item.seenFalse));
}

/** What is missing for an item: `never true`, `never false`, `never evaluated`, `no fixture lands here`. */
export function missingText(item: CoverageItem): string {
  if (item.kind === "target") return "no fixture lands here";
  if (!item.seenTrue && !item.seenFalse) return "never evaluated";
  return item.seenTrue ? "never false" : "never true";
}

/** The coverage gate in words, or undefined when no gate applies: `87.5% below the minimum 90.0%`. */
export function gateText(coverage: CoverageReport): string | undefined {
  if (coverage.min === undefined) return undefined;
  const gated = coverage.gatedRatio ?? coverage.ratio;
  const scope = coverage.changedSince !== undefined ? ` of definitions changed since ${coverage.changedSince}` : "";
  const relation = coverage.passed ? "meets the minimum" : "below the minimum";
  return `${percent(gated)}${scope} ${relation} ${percent(coverage.min)}`;
}

/** `account acme: tier: expected tier2, got tier1` */
export function failureText(failure: ExpectationFailure): string {
  return `account ${failure.account}: ${failure.what}: expected ${failure.expected}, got ${failure.actual}`;
}

export function caseTitle(suite: SuiteResult, testCase: CaseResult): string {
  return `${suite.name} › ${testCase.name}`;
}

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators (which some terminals and editors break on).
export { oneLine, textLines } from "@segform/plan";

/** Whether this is the last failure of its account in the case: the explanation is shown once, after it. */
export function lastForAccount(failures: readonly ExpectationFailure[], index: number): boolean {
  const account = failures[index]!.account;
  return !failures.slice(index + 1).some((failure) => failure.account === account);
}
