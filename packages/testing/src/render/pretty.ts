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
export interface PrettyOptions {
  /** Print each failing account's whole explanation, not only the part that decided the failed expectation. */
  verbose?: boolean;
}

export function renderPretty(report: TestReport, options: PrettyOptions = {}): string {
  const sections: string[][] = [];
  if (report.diagnostics.length > 0) {
    sections.push(report.diagnostics.flatMap((diagnostic) => textLines(formatDiagnostic(diagnostic))));
  }
  for (const suite of report.suites) sections.push(suiteLines(suite, options));
  if (report.coverage) sections.push(coverageLines(report.coverage));
  if (report.bars.length > 0) sections.push(barLines(report.bars));
  sections.push([verdictLine(report), countsLine(report)]);
  return sections.map((lines) => lines.join("\n")).join("\n\n") + "\n";
}

function suiteLines(suite: SuiteResult, options: PrettyOptions): string[] {
  const lines = [`${oneLine(suite.name)} (${oneLine(suite.file)})`];
  if (suite.cases.length === 0) lines.push("  (no cases)");
  for (const testCase of suite.cases) lines.push(...caseLines(testCase, options));
  return lines;
}

function caseLines(testCase: CaseResult, options: PrettyOptions): string[] {
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
        if (!lastForAccount(testCase.failures, index)) return;
        const whats = testCase.failures.filter((other) => other.account === failure.account).map((other) => other.what);
        lines.push(
          ...indent(
            options.verbose ? textLines(failure.explanation) : decidingPart(failure.explanation, whats),
            "        ",
          ),
        );
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

/**
 * The part of an account's explanation that decided the failed expectations: its first line, then only the sections
 * they are about (`tier:` for a tier, `score fit` for scores.fit, ...; the ICP's too when the account is outside it),
 * and a line saying how much was left out (`--verbose` prints it all).
 */
export function decidingPart(explanation: string, whats: readonly string[]): string[] {
  const lines = textLines(explanation);
  if (lines.length === 0) return lines;
  const sections: { key: string; lines: string[] }[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith(" ") || sections.length === 0) sections.push({ key: sectionKey(line), lines: [line] });
    else sections[sections.length - 1]!.lines.push(line);
  }
  const outsideIcp = lines.some((line) => line === "ICP: out");
  const wanted = new Set(
    whats.map((what) => (what.startsWith("scores.") ? `score ${what.slice("scores.".length)}` : what)),
  );
  if (outsideIcp && ["tier", "segment", "activations"].some((what) => wanted.has(what))) wanted.add("icp");
  const kept = sections.filter((section) => wanted.has(section.key));
  const shown = kept.reduce((total, section) => total + section.lines.length, 0);
  const left = lines.length - 1 - shown;
  return [
    lines[0]!,
    ...kept.flatMap((section) => section.lines),
    ...(left > 0 ? [`(${left} more line${left === 1 ? "" : "s"} of explanation: --verbose shows them)`] : []),
  ];
}

function sectionKey(line: string): string {
  if (line.startsWith("ICP:")) return "icp";
  const score = /^score (\S+) =/.exec(line);
  if (score) return `score ${score[1]}`;
  return line.slice(0, line.indexOf(":") >= 0 ? line.indexOf(":") : line.length);
}
