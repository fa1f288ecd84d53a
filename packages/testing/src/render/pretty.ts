import { formatDiagnostic, formatLocation } from "@segform/spec";
import type { BarResult, CaseResult, CoverageReport, SuiteResult, TestReport } from "../report.js";
import {
  countsLine,
  failureText,
  gateText,
  missingText,
  oneLine,
  percent,
  textLines,
  uncoveredItems,
  verdictLine,
  lastForAccount,
} from "./text.js";

/**
 * The report for a person at a terminal: diagnostics, then each suite's cases with their failures, coverage,
 * quality bars, the verdict, and last, alone on its line, `N passed, N failed, N skipped` (CI reads that line).
 * Plain text, no colours; user text is kept to one line per field with control characters escaped.
 */
export function renderPretty(report: TestReport): string {
  const sections: string[][] = [];
  if (report.diagnostics.length > 0) {
    sections.push(report.diagnostics.flatMap((diagnostic) => textLines(formatDiagnostic(diagnostic))));
  }
  for (const suite of report.suites) sections.push(suiteLines(suite));
  if (report.coverage) sections.push(coverageLines(report.coverage));
  if (report.bars.length > 0) sections.push(barLines(report.bars));
  sections.push([verdictLine(report), countsLine(report)]);
  return sections.map((lines) => lines.join("\n")).join("\n\n") + "\n";
}

function suiteLines(suite: SuiteResult): string[] {
  const lines = [`${oneLine(suite.name)} (${oneLine(suite.file)})`];
  if (suite.cases.length === 0) lines.push("  (no cases)");
  for (const testCase of suite.cases) lines.push(...caseLines(testCase));
  return lines;
}

function caseLines(testCase: CaseResult): string[] {
  const name = oneLine(testCase.name);
  switch (testCase.status) {
    case "pass":
      return [`  ✓ ${name}`];
    case "skip":
      return [`  - ${name} (skipped${testCase.skipReason ? `: ${oneLine(testCase.skipReason)}` : ""})`];
    case "fail": {
      const lines = [`  ✗ ${name}`];
      testCase.failures.forEach((failure, index) => {
        lines.push(`      ${oneLine(formatLocation(failure.location))}: ${oneLine(failureText(failure))}`);
        if (lastForAccount(testCase.failures, index)) lines.push(...indent(textLines(failure.explanation), "        "));
      });
      return lines;
    }
  }
}

function coverageLines(coverage: CoverageReport): string[] {
  const lines = [`Coverage: ${percent(coverage.ratio)} (${coverage.covered}/${coverage.total})`];
  const gate = gateText(coverage);
  if (gate !== undefined) lines.push(`  ${coverage.passed ? "✓" : "✗"} gate: ${gate}`);
  const uncovered = uncoveredItems(coverage);
  if (uncovered.length > 0) {
    lines.push("  uncovered:");
    for (const item of uncovered) {
      const notGated = item.gated ? "" : " (not gated)";
      lines.push(`    ${oneLine(item.owner)}: ${oneLine(item.clause)} — ${missingText(item)}${notGated}`);
    }
  }
  return lines;
}

function barLines(bars: BarResult[]): string[] {
  const lines = ["Quality bars"];
  const reasons: string[] = [];
  for (const bar of bars) {
    if (bar.skipped) {
      // The reason (often the same for every bar) is printed once, after the bars.
      if (!reasons.includes(bar.skipped.reason)) reasons.push(bar.skipped.reason);
      lines.push(`  - ${oneLine(bar.bar)}: skipped (${bar.skipped.missing === "data" ? "no data" : "no baseline"})`);
      continue;
    }
    const mark = bar.passed ? "✓" : bar.severity === "error" ? "✗" : "!";
    lines.push(`  ${mark} ${oneLine(bar.bar)}: ${oneLine(bar.message)}`);
    if (bar.passed) continue;
    if (bar.location) lines.push(`      ${oneLine(formatLocation(bar.location))}`);
    for (const detail of bar.details) {
      if (!detail.passed) lines.push(`      ${oneLine(detail.subject)}: ${oneLine(detail.message)}`);
    }
  }
  for (const reason of reasons) lines.push(`  skipped: ${oneLine(reason)}`);
  return lines;
}

function indent(lines: string[], prefix: string): string[] {
  return lines.map((line) => (line === "" ? "" : prefix + line));
}
