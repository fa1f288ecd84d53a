import { formatDiagnostic, formatLocation, type SourceLocation } from "@segform/spec";
import type { BarResult, CaseResult, CoverageReport, SuiteResult, TestReport } from "../report.js";
import { failureText, lastForAccount, gateText, missingText, textLines, uncoveredItems } from "./text.js";

/**
 * The report as JUnit XML in the common Jenkins/Surefire shape: `<testsuites>` with one `<testsuite>` per test
 * suite, then `diagnostics` (inputs that could not be used, as `<error>`; only when there are any) first and
 * `quality bars` (one testcase per bar plus the coverage gate) last. Deterministic: no timestamps, hostnames or
 * durations. All user text is escaped and characters XML 1.0 forbids are removed.
 */
export function renderJunit(report: TestReport): string {
  const suites: JunitSuite[] = [];
  if (report.diagnostics.length > 0) suites.push(diagnosticsSuite(report));
  for (const suite of report.suites) suites.push(testSuite(suite));
  const bars = barsSuite(report.bars, report.coverage);
  if (bars.cases.length > 0) suites.push(bars);

  const totals = suites.map(countSuite).reduce(addCounts, { tests: 0, failures: 0, errors: 0, skipped: 0 });
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attributes({ name: `segform test: ${report.project}`, ...totals })}>`,
  ];
  for (const suite of suites) lines.push(...suiteXml(suite));
  lines.push(`</testsuites>`);
  return lines.join("\n") + "\n";
}

interface JunitCase {
  classname: string;
  name: string;
  location?: SourceLocation;
  /** A check that failed. */
  failure?: JunitProblem;
  /** Input that could not be used. */
  error?: JunitProblem;
  skipped?: { message?: string };
  systemOut?: string;
}

interface JunitProblem {
  message: string;
  type: string;
  body: string;
}

interface JunitSuite {
  name: string;
  cases: JunitCase[];
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function testSuite(suite: SuiteResult): JunitSuite {
  return { name: suite.name, cases: suite.cases.map((testCase) => caseOf(suite, testCase)) };
}

function caseOf(suite: SuiteResult, testCase: CaseResult): JunitCase {
  const out: JunitCase = { classname: suite.name, name: testCase.name, location: testCase.location };
  if (testCase.status === "skip") {
    out.skipped = testCase.skipReason ? { message: testCase.skipReason } : {};
  } else if (testCase.status === "fail") {
    const [first] = testCase.failures;
    const more = testCase.failures.length > 1 ? ` (and ${testCase.failures.length - 1} more)` : "";
    const body = testCase.failures
      .map((failure, index) =>
        [
          `${formatLocation(failure.location)}: ${failureText(failure)}`,
          ...(lastForAccount(testCase.failures, index)
            ? textLines(failure.explanation).map((line) => (line ? "  " + line : ""))
            : []),
        ].join("\n"),
      )
      .join("\n\n");
    out.failure = { message: first ? failureText(first) + more : "failed", type: "expectation", body };
  }
  return out;
}

function diagnosticsSuite(report: TestReport): JunitSuite {
  const cases = report.diagnostics.map((diagnostic): JunitCase => {
    const where = diagnostic.location ? ` at ${formatLocation(diagnostic.location)}` : "";
    const out: JunitCase = { classname: "diagnostics", name: `${diagnostic.code}${where}` };
    if (diagnostic.location) out.location = diagnostic.location;
    const text = formatDiagnostic(diagnostic);
    if (diagnostic.severity === "error") out.error = { message: diagnostic.message, type: diagnostic.code, body: text };
    else out.systemOut = text;
    return out;
  });
  return { name: "diagnostics", cases };
}

function barsSuite(bars: BarResult[], coverage: CoverageReport | undefined): JunitSuite {
  const cases = bars.map((bar): JunitCase => {
    const out: JunitCase = { classname: "quality bars", name: bar.bar };
    if (bar.location) out.location = bar.location;
    if (bar.passed) return out;
    if (bar.skipped) {
      out.skipped = { message: bar.skipped.reason };
      return out;
    }
    const failing = bar.details
      .filter((detail) => !detail.passed)
      .map((detail) => `${detail.subject}: ${detail.message}`);
    const body = [bar.message, ...failing].join("\n");
    if (bar.severity === "error") out.failure = { message: bar.message, type: "quality bar", body };
    else out.systemOut = `warning: ${body}`;
    return out;
  });
  const gate = coverage ? gateText(coverage) : undefined;
  if (coverage && gate !== undefined) {
    const out: JunitCase = { classname: "quality bars", name: "coverage gate" };
    if (!coverage.passed) {
      const uncovered = uncoveredItems(coverage)
        .filter((item) => item.gated)
        .map((item) => `${item.owner}: ${item.clause} — ${missingText(item)}`);
      out.failure = {
        message: `coverage ${gate}`,
        type: "coverage",
        body: [`coverage ${gate}`, ...uncovered].join("\n"),
      };
    }
    cases.push(out);
  }
  return { name: "quality bars", cases };
}

function countSuite(suite: JunitSuite): Counts {
  return {
    tests: suite.cases.length,
    failures: suite.cases.filter((testCase) => testCase.failure).length,
    errors: suite.cases.filter((testCase) => testCase.error).length,
    skipped: suite.cases.filter((testCase) => testCase.skipped).length,
  };
}

function addCounts(a: Counts, b: Counts): Counts {
  return {
    tests: a.tests + b.tests,
    failures: a.failures + b.failures,
    errors: a.errors + b.errors,
    skipped: a.skipped + b.skipped,
  };
}

function suiteXml(suite: JunitSuite): string[] {
  const open = `  <testsuite${attributes({ name: suite.name, ...countSuite(suite) })}`;
  if (suite.cases.length === 0) return [open + "/>"];
  return [open + ">", ...suite.cases.flatMap(caseXml), "  </testsuite>"];
}

function caseXml(testCase: JunitCase): string[] {
  const attrs: Record<string, string | number> = { classname: testCase.classname, name: testCase.name };
  if (testCase.location) {
    attrs.file = testCase.location.file;
    attrs.line = testCase.location.line;
  }
  const open = `    <testcase${attributes(attrs)}`;
  const children: string[] = [];
  if (testCase.failure) children.push(problemXml("failure", testCase.failure));
  if (testCase.error) children.push(problemXml("error", testCase.error));
  if (testCase.skipped) {
    const message = testCase.skipped.message;
    children.push(`      <skipped${message !== undefined ? attributes({ message }) : ""}/>`);
  }
  if (testCase.systemOut !== undefined)
    children.push(`      <system-out>${escapeText(testCase.systemOut)}</system-out>`);
  if (children.length === 0) return [open + "/>"];
  return [open + ">", ...children, "    </testcase>"];
}

function problemXml(element: "failure" | "error", problem: JunitProblem): string {
  return `      <${element}${attributes({ message: problem.message, type: problem.type })}>${escapeText(problem.body)}</${element}>`;
}

/** ` a="1" b="x"` in the order given. */
function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join("");
}

/**
 * Characters outside XML 1.0's `Char` production: C0 controls other than tab, LF and CR; U+FFFE and U+FFFF; and
 * lone surrogates (a pair is one astral character and stays).
 */
// eslint-disable-next-line no-control-regex
const ILLEGAL_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters XML 1.0 cannot carry at all, escaped or not. */
export function stripIllegalXml(text: string): string {
  return text.replace(ILLEGAL_XML, "");
}

/** Element content: `&`, `<` and `>` (so `]]>` cannot occur) escaped; CR as a reference so parsers keep it. */
export function escapeText(text: string): string {
  return stripIllegalXml(text).replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char]!);
}

/** Attribute values: also quotes, and tab/LF/CR as references, which attribute normalisation would turn into spaces. */
export function escapeAttribute(text: string): string {
  return stripIllegalXml(text).replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char]!);
}

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
};
