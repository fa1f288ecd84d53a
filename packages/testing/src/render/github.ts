import { formatLocation, type SourceLocation } from "@segform/spec";
import type { CaseResult, ExpectationFailure, SuiteResult, TestReport } from "../report.js";
import { markdownCode, markdownText } from "./markdown.js";
import {
  caseTitle,
  countsLine,
  failureReasons,
  failureText,
  gateText,
  missingText,
  percent,
  plural,
  suiteCounts,
  textLines,
  uncoveredItems,
  verdictWord,
  lastForAccount,
} from "./text.js";

export interface GithubOutput {
  /** Workflow commands (`::error ...::message`), one per line, for the step's log; empty when there are none. */
  annotations: string;
  /** GitHub-flavoured markdown for `$GITHUB_STEP_SUMMARY`. */
  summary: string;
}

/**
 * GitHub displays at most 10 error and 10 warning annotations per step. When there are more, the first nine are
 * emitted and the tenth says how many more there are; the summary lists everything.
 */
const ANNOTATION_LIMIT = 10;

/** The report for GitHub Actions: annotations on the lines that failed, and a job summary. */
export function renderGithub(report: TestReport): GithubOutput {
  const { errors, warnings } = collectAnnotations(report);
  const shownErrors = capped(errors, "error");
  const shownWarnings = capped(warnings, "warning");
  const annotations = [...shownErrors.shown, ...shownWarnings.shown].map(formatAnnotation);
  return {
    annotations: annotations.length > 0 ? annotations.join("\n") + "\n" : "",
    summary: renderSummary(report, {
      errors: errors.length,
      hiddenErrors: shownErrors.hidden,
      warnings: warnings.length,
      hiddenWarnings: shownWarnings.hidden,
    }),
  };
}

// --- annotations -----------------------------------------------------------------------------------------------

export interface Annotation {
  level: "error" | "warning";
  title: string;
  message: string;
  location?: SourceLocation;
}

/** Errors first in the order a reader fixes them (inputs, tests, bars, coverage gate), then warnings. */
function collectAnnotations(report: TestReport): { errors: Annotation[]; warnings: Annotation[] } {
  const errors: Annotation[] = [];
  const warnings: Annotation[] = [];
  for (const diagnostic of report.diagnostics) {
    const annotation: Annotation = {
      level: diagnostic.severity,
      title: diagnostic.code,
      message: diagnostic.hint ? `${diagnostic.message}\nhint: ${diagnostic.hint}` : diagnostic.message,
    };
    if (diagnostic.location) annotation.location = diagnostic.location;
    (diagnostic.severity === "error" ? errors : warnings).push(annotation);
  }
  for (const suite of report.suites) {
    for (const testCase of suite.cases)
      if (testCase.status === "fail") errors.push(...caseAnnotations(suite, testCase));
  }
  for (const bar of report.bars) {
    if (bar.passed || bar.skipped) continue;
    const failing = bar.details
      .filter((detail) => !detail.passed)
      .map((detail) => `${detail.subject}: ${detail.message}`);
    const annotation: Annotation = {
      level: bar.severity === "error" ? "error" : "warning",
      title: `quality bar ${bar.bar}`,
      message: [bar.message, ...failing].join("\n"),
    };
    if (bar.location) annotation.location = bar.location;
    (bar.severity === "error" ? errors : warnings).push(annotation);
  }
  const gate = report.coverage ? gateText(report.coverage) : undefined;
  if (report.coverage && !report.coverage.passed && gate !== undefined) {
    errors.push({ level: "error", title: "coverage gate", message: `coverage ${gate}` });
  }
  return { errors, warnings };
}

/**
 * One annotation per place a failing case's expectations are written: a table case that fails for three accounts
 * at one expectation gives one annotation listing the three.
 */
function caseAnnotations(suite: SuiteResult, testCase: CaseResult): Annotation[] {
  const title = caseTitle(suite, testCase);
  if (testCase.failures.length === 0)
    return [{ level: "error", title, message: "failed", location: testCase.location }];
  const byPlace = new Map<string, ExpectationFailure[]>();
  for (const failure of testCase.failures) {
    const key = formatLocation(failure.location);
    const group = byPlace.get(key);
    if (group) group.push(failure);
    else byPlace.set(key, [failure]);
  }
  return [...byPlace.values()].map((failures) => ({
    level: "error",
    title,
    message: failures.map(failureText).join("\n"),
    location: failures[0]!.location,
  }));
}

function capped(annotations: Annotation[], level: Annotation["level"]): { shown: Annotation[]; hidden: number } {
  if (annotations.length <= ANNOTATION_LIMIT) return { shown: annotations, hidden: 0 };
  const shown = annotations.slice(0, ANNOTATION_LIMIT - 1);
  const hidden = annotations.length - shown.length;
  const noun =
    level === "error" ? plural(hidden, "more error", "more errors") : plural(hidden, "more warning", "more warnings");
  shown.push({ level, title: "segform test", message: `… and ${noun}: see the job summary` });
  return { shown, hidden };
}

/** `::error file=F,line=L,col=C,title=T::message`, escaped as `@actions/core` does. */
export function formatAnnotation(annotation: Annotation): string {
  const properties: [string, string][] = [];
  if (annotation.location) {
    properties.push(["file", annotation.location.file]);
    properties.push(["line", String(annotation.location.line)]);
    properties.push(["col", String(annotation.location.column)]);
  }
  properties.push(["title", annotation.title]);
  const present = properties.filter(([, value]) => value !== "");
  const head =
    present.length > 0 ? " " + present.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(",") : "";
  return `::${annotation.level}${head}::${escapeData(annotation.message)}`;
}

/** Workflow command data: `%`, CR and LF percent-encoded (`@actions/core` `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Workflow command property values: as data, plus `:` and `,` (`@actions/core` `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// --- summary ---------------------------------------------------------------------------------------------------

interface AnnotationCounts {
  errors: number;
  hiddenErrors: number;
  warnings: number;
  hiddenWarnings: number;
}

function renderSummary(report: TestReport, counts: AnnotationCounts): string {
  const blocks = [
    ...summaryHead(report, counts),
    ...diagnosticsSection(report),
    ...suitesSection(report),
    ...failuresSection(report),
    ...skippedSection(report),
    ...coverageSection(report),
    ...barsSection(report),
  ];
  return blocks.join("\n\n") + "\n";
}

/** The verdict, why it failed, the counts, and how many annotations GitHub could not show. */
function summaryHead(report: TestReport, counts: AnnotationCounts): string[] {
  const blocks: string[] = [];
  const verdict = verdictWord(report);
  const icon = verdict === "passed" ? "✅" : "❌";
  const { barWarnings: warnings, barsSkipped: skipped } = report.summary;
  const notes = [
    ...(warnings > 0 ? [plural(warnings, "bar warning", "bar warnings")] : []),
    ...(skipped > 0 ? [`${plural(skipped, "quality bar", "quality bars")} skipped`] : []),
  ];
  const warned = verdict === "passed" && notes.length > 0 ? ` with ${notes.join(" and ")}` : "";
  blocks.push(`## ${icon} segform test ${verdict}${warned}`);
  const reasons = failureReasons(report);
  if (reasons.length > 0) blocks.push(`**${reasons.join(", ")}**`);
  blocks.push(
    `${countsLine(report)} · project ${markdownCode(report.project)} · plan ${markdownCode(report.planHash)}`,
  );
  const hidden: string[] = [];
  if (counts.hiddenErrors > 0) hidden.push(`${counts.errors - counts.hiddenErrors} of ${counts.errors} errors`);
  if (counts.hiddenWarnings > 0)
    hidden.push(`${counts.warnings - counts.hiddenWarnings} of ${counts.warnings} warnings`);
  if (hidden.length > 0) {
    blocks.push(
      `> Annotations show ${hidden.join(" and ")} (GitHub shows at most ${ANNOTATION_LIMIT} of each per step); all are listed below.`,
    );
  }
  return blocks;
}

function diagnosticsSection(report: TestReport): string[] {
  const blocks: string[] = [];
  if (report.diagnostics.length > 0) {
    blocks.push("### Diagnostics");
    blocks.push(
      report.diagnostics
        .map((diagnostic) => {
          const mark = diagnostic.severity === "error" ? "❌" : "⚠️";
          const where = diagnostic.location ? ` ${markdownCode(formatLocation(diagnostic.location))}` : "";
          const hint = diagnostic.hint ? ` (hint: ${markdownText(diagnostic.hint)})` : "";
          return `- ${mark} **${markdownText(diagnostic.code)}**${where}: ${markdownText(diagnostic.message)}${hint}`;
        })
        .join("\n"),
    );
  }
  return blocks;
}

function suitesSection(report: TestReport): string[] {
  const blocks: string[] = [];
  blocks.push("### Test suites");
  if (report.suites.length === 0) {
    blocks.push("No test suites.");
  } else {
    const rows = report.suites.map((suite) => {
      const { passed, failed, skipped } = suiteCounts(suite);
      return `| ${markdownText(suite.name)} | ${markdownCode(suite.file, true)} | ${passed} | ${failed} | ${skipped} |`;
    });
    const { passed, failed, skipped } = report.summary;
    blocks.push(
      [
        "| Suite | File | Passed | Failed | Skipped |",
        "| :-- | :-- | --: | --: | --: |",
        ...rows,
        `| **Total** | | **${passed}** | **${failed}** | **${skipped}** |`,
      ].join("\n"),
    );
  }
  return blocks;
}

/** Each failing case, each failure, and the explanation after the last failure of an account. */
function failuresSection(report: TestReport): string[] {
  const blocks: string[] = [];
  const failing = report.suites.flatMap((suite) =>
    suite.cases.filter((testCase) => testCase.status === "fail").map((testCase) => ({ suite, testCase })),
  );
  if (failing.length > 0) {
    blocks.push("### Failures");
    for (const { suite, testCase } of failing) {
      blocks.push(`#### ✗ ${markdownText(caseTitle(suite, testCase))}`);
      if (testCase.failures.length === 0) blocks.push(`${markdownCode(formatLocation(testCase.location))} failed`);
      testCase.failures.forEach((failure, index) => {
        blocks.push(
          `${markdownCode(formatLocation(failure.location))} account ${markdownCode(failure.account)}: ${markdownText(failure.what)}: ` +
            `expected ${markdownCode(failure.expected)}, got ${markdownCode(failure.actual)}`,
        );
        const explanation = textLines(failure.explanation);
        if (explanation.length > 0 && lastForAccount(testCase.failures, index))
          blocks.push(details("Explanation", codeBlock(explanation)));
      });
    }
  }
  return blocks;
}

function skippedSection(report: TestReport): string[] {
  const blocks: string[] = [];
  const skippedCases = report.suites.flatMap((suite) =>
    suite.cases.filter((testCase) => testCase.status === "skip").map((testCase) => ({ suite, testCase })),
  );
  if (skippedCases.length > 0) {
    blocks.push("### Skipped");
    blocks.push(
      [
        "| Suite | Case | Reason |",
        "| :-- | :-- | :-- |",
        ...skippedCases.map(
          ({ suite, testCase }) =>
            `| ${markdownText(suite.name)} | ${markdownText(testCase.name)} | ${markdownText(testCase.skipReason ?? "")} |`,
        ),
      ].join("\n"),
    );
  }
  return blocks;
}

function coverageSection(report: TestReport): string[] {
  const blocks: string[] = [];
  const coverage = report.coverage;
  if (coverage) {
    blocks.push("### Coverage");
    const gate = gateText(coverage);
    const gateWords = gate !== undefined ? ` · gate ${coverage.passed ? "✅" : "❌"} ${markdownText(gate)}` : "";
    blocks.push(
      `**${percent(coverage.ratio)}** of clause outcomes covered (${coverage.covered}/${coverage.total})${gateWords}`,
    );
    const uncovered = uncoveredItems(coverage);
    if (uncovered.length > 0) {
      const table = [
        "| Definition | Clause | Missing |",
        "| :-- | :-- | :-- |",
        ...uncovered.map(
          (item) =>
            `| ${markdownText(item.owner)} | ${markdownCode(item.clause, true)} | ${missingText(item)}${item.gated ? "" : " (not gated)"} |`,
        ),
      ].join("\n");
      blocks.push(details(`${plural(uncovered.length, "uncovered item", "uncovered items")}`, table));
    }
  }
  return blocks;
}

function barsSection(report: TestReport): string[] {
  const blocks: string[] = [];
  if (report.bars.length > 0) {
    blocks.push("### Quality bars");
    const rows = report.bars.map((bar) => {
      if (bar.skipped)
        return `| ⏭️ | ${markdownText(bar.bar)} | ${bar.severity} | skipped: ${markdownText(bar.skipped.reason)} |`;
      const mark = bar.passed ? "✅" : bar.severity === "error" ? "❌" : "⚠️";
      const failing = bar.passed
        ? []
        : bar.details
            .filter((detail) => !detail.passed)
            .map((detail) => `${markdownText(detail.subject)}: ${markdownText(detail.message)}`);
      return `| ${mark} | ${markdownText(bar.bar)} | ${bar.severity} | ${[markdownText(bar.message), ...failing].join("<br>")} |`;
    });
    blocks.push(["| | Bar | Severity | Result |", "| :-: | :-- | :-- | :-- |", ...rows].join("\n"));
  }
  return blocks;
}

/** A fenced code block that no line of the text can close early. */
function codeBlock(lines: string[]): string {
  const longestRun = Math.max(0, ...lines.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return [fence + "text", ...lines, fence].join("\n");
}

/** A collapsed block; `summary` is fixed text of ours, never user text. */
function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
