import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { TestReport } from "../report.js";
import { escapeAttribute, escapeText, renderJunit, stripIllegalXml } from "./junit.js";
import { at, passingReport, sampleReport } from "../../test/sample-report.js";

/** Characters outside XML 1.0's Char production (lone surrogates included). */
const ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A character or entity reference from the predefined set, or a numeric one. */
const REFERENCE = "&(?:amp|lt|gt|quot|apos|#[0-9]+);";
/** A start, end or empty tag whose attribute values hold no raw `<`, `&` or quote. */
const STRICT_TAG = new RegExp(`</?[a-z-]+(?: [a-z]+="(?:[^"<&]|${REFERENCE})*")*/?>`, "g");

/**
 * Well-formed by fast-xml-parser's validator (which lets `<` in attribute values and `]]>` in text pass), and by
 * a stricter check: once the declaration and the tags are removed, no markup character is left bare.
 */
function expectWellFormed(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(ILLEGAL);
  expect(xml.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n`)).toBe(true);
  const content = xml.slice(xml.indexOf("\n") + 1).replace(STRICT_TAG, "");
  expect(content).not.toMatch(/[<>]/);
  expect(content.replace(new RegExp(REFERENCE, "g"), "")).not.toContain("&");
}

/** Parses with entity and character references decoded, every element as a list, nothing trimmed. */
function parse(xml: string): any {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => ["testsuite", "testcase", "failure", "error", "skipped", "system-out"].includes(name),
  });
  return parser.parse(xml);
}

describe("renderJunit", () => {
  it("renders the sample report exactly", () => {
    const xml = renderJunit(sampleReport());
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="segform test: segments.yaml" tests="9" failures="3" errors="0" skipped="1">
  <testsuite name="diagnostics" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="diagnostics" name="SEG103 at tests/fixtures/accounts.csv:1:1" file="tests/fixtures/accounts.csv" line="1">
      <system-out>tests/fixtures/accounts.csv:1:1: warning SEG103: declared column Industry missing from the fixtures
  hint: add the column or give the field a default</system-out>
    </testcase>
  </testsuite>
  <testsuite name="tiers" tests="3" failures="1" errors="0" skipped="1">
    <testcase classname="tiers" name="mid-market fintech is tier 1" file="tests/tiers_test.yaml" line="4"/>
    <testcase classname="tiers" name="enterprise is tier 2" file="tests/tiers_test.yaml" line="10">
      <failure message="account acme: tier: expected tier2, got tier1" type="expectation">tests/tiers_test.yaml:14:9: account acme: tier: expected tier2, got tier1
  icp: in
    employees between 200 and 2000: true (5000)
  tier tier1: fit &gt;= 70 and intent &gt;= 60: true</failure>
    </testcase>
    <testcase classname="tiers" name="legacy accounts" file="tests/tiers_test.yaml" line="20">
      <skipped message="waiting on the CRM export"/>
    </testcase>
  </testsuite>
  <testsuite name="segments" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="segments" name="snowflake shops" file="tests/segments_test.yaml" line="3"/>
  </testsuite>
  <testsuite name="quality bars" tests="4" failures="2" errors="0" skipped="0">
    <testcase classname="quality bars" name="segment_count"/>
    <testcase classname="quality bars" name="segment_size" file="segments.yaml" line="40">
      <failure message="1 of 5 segments below 50 accounts" type="quality bar">1 of 5 segments below 50 accounts
fintech-security: 41 accounts (min 50)</failure>
    </testcase>
    <testcase classname="quality bars" name="separation.win_rate">
      <system-out>warning: 1 of 3 segment pairs not separated at 95% confidence
fintech vs saas: win rate 0.21 vs 0.19, p = 0.41</system-out>
    </testcase>
    <testcase classname="quality bars" name="coverage gate">
      <failure message="coverage 75.0% below the minimum 90.0%" type="coverage">coverage 75.0% below the minimum 90.0%
score fit: industry in [software, fintech] — never false
tier tier3: lands — no fixture lands here</failure>
    </testcase>
  </testsuite>
</testsuites>
`);
    expectWellFormed(xml);
  });

  it("has no timestamps, hostnames or durations", () => {
    const xml = renderJunit(sampleReport());
    expect(xml).not.toMatch(/\b(time|timestamp|hostname)=/);
    expect(renderJunit(sampleReport())).toBe(xml);
  });

  it("keeps the counts consistent with the testcases", () => {
    const doc = parse(renderJunit(sampleReport()));
    const suites: any[] = doc.testsuites.testsuite;
    const sum = (key: string) => suites.reduce((total, suite) => total + Number(suite[key]), 0);
    for (const key of ["tests", "failures", "errors", "skipped"]) expect(Number(doc.testsuites[key])).toBe(sum(key));
    for (const suite of suites) {
      const cases: any[] = suite.testcase ?? [];
      expect(Number(suite.tests)).toBe(cases.length);
      expect(Number(suite.failures)).toBe(cases.filter((c) => c.failure).length);
      expect(Number(suite.skipped)).toBe(cases.filter((c) => c.skipped).length);
    }
  });

  it("renders a passing report without a quality bars suite", () => {
    const xml = renderJunit(passingReport());
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="segform test: segments.yaml" tests="1" failures="0" errors="0" skipped="0">
  <testsuite name="segments" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="segments" name="snowflake shops" file="tests/segments_test.yaml" line="3"/>
  </testsuite>
</testsuites>
`);
    expectWellFormed(xml);
  });

  it("reports unusable input as <error>, empty suites and several failures of one case", () => {
    const file = "tests/t_test.yaml";
    const report: TestReport = {
      ...passingReport(),
      suites: [
        { name: "empty", file, cases: [] },
        {
          name: "table",
          file,
          cases: [
            {
              name: "two accounts",
              status: "fail",
              location: at(file, 5, 3),
              failures: [
                {
                  account: "a",
                  what: "segment",
                  location: at(file, 9, 7),
                  expected: "fintech",
                  actual: "other",
                  explanation: "",
                },
                {
                  account: "b",
                  what: "segment",
                  location: at(file, 9, 7),
                  expected: "fintech",
                  actual: "saas",
                  explanation: "why b",
                },
              ],
            },
            { name: "skipped", status: "skip", location: at(file, 12, 3), failures: [] },
          ],
        },
      ],
      coverage: { ratio: 0.5, covered: 1, total: 2, min: 0.5, passed: true, items: [] },
      diagnostics: [{ code: "SEG200", severity: "error", message: "test file unreadable", hint: "check the path" }],
      summary: {
        tests: 2,
        passed: 0,
        failed: 1,
        skipped: 1,
        barErrors: 0,
        barWarnings: 0,
        coverageFailed: false,
        barsSkipped: 0,
        barsUnmeasured: 0,
        exitCode: 2,
      },
    };
    const xml = renderJunit(report);
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="segform test: segments.yaml" tests="4" failures="1" errors="1" skipped="1">
  <testsuite name="diagnostics" tests="1" failures="0" errors="1" skipped="0">
    <testcase classname="diagnostics" name="SEG200">
      <error message="test file unreadable" type="SEG200">error SEG200: test file unreadable
  hint: check the path</error>
    </testcase>
  </testsuite>
  <testsuite name="empty" tests="0" failures="0" errors="0" skipped="0"/>
  <testsuite name="table" tests="2" failures="1" errors="0" skipped="1">
    <testcase classname="table" name="two accounts" file="tests/t_test.yaml" line="5">
      <failure message="account a: segment: expected fintech, got other (and 1 more)" type="expectation">tests/t_test.yaml:9:7: account a: segment: expected fintech, got other

tests/t_test.yaml:9:7: account b: segment: expected fintech, got saas
  why b</failure>
    </testcase>
    <testcase classname="table" name="skipped" file="tests/t_test.yaml" line="12">
      <skipped/>
    </testcase>
  </testsuite>
  <testsuite name="quality bars" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="quality bars" name="coverage gate"/>
  </testsuite>
</testsuites>
`);
    expectWellFormed(xml);
  });

  it("escapes hostile text so that it parses back to the same text, less what XML cannot carry", () => {
    const hostile = `a & b < c > d "e" 'f' ]]> <!-- x --> &amp; \t tab\nnew\r\nline nul\u0000 bell\u0007 vt\u000B ff\u000C esc\u001B lone\uD800 low\uDC00 pair😀 é 中 \uFFFE\uFFFF`;
    const carried = `a & b < c > d "e" 'f' ]]> <!-- x --> &amp; \t tab\nnew\r\nline nul bell vt ff esc lone low pair😀 é 中 `;
    expect(stripIllegalXml(hostile)).toBe(carried);

    const file = `tests/<evil> & "q".yaml`;
    const report: TestReport = {
      ...passingReport(),
      project: hostile,
      suites: [
        {
          name: hostile,
          file,
          cases: [
            {
              name: hostile,
              status: "fail",
              location: at(file, 1, 1),
              failures: [
                {
                  account: hostile,
                  what: "tier",
                  location: at(file, 2, 3),
                  expected: hostile,
                  actual: "x",
                  explanation: hostile,
                },
              ],
            },
            { name: "skip", status: "skip", skipReason: hostile, location: at(file, 3, 1), failures: [] },
          ],
        },
      ],
      bars: [
        { bar: hostile, severity: "warn", passed: false, message: hostile, details: [] },
        {
          bar: "b",
          severity: "error",
          passed: false,
          message: hostile,
          details: [{ subject: hostile, passed: false, message: "m", figures: {} }],
        },
      ],
      diagnostics: [{ code: "SEG200", severity: "warning", message: hostile }],
      summary: {
        tests: 2,
        passed: 0,
        failed: 1,
        skipped: 1,
        barErrors: 1,
        barWarnings: 1,
        coverageFailed: false,
        barsSkipped: 0,
        barsUnmeasured: 0,
        exitCode: 1,
      },
    };
    const xml = renderJunit(report);
    expectWellFormed(xml);

    const doc = parse(xml);
    expect(doc.testsuites.name).toBe(`segform test: ${carried}`);
    const suite = doc.testsuites.testsuite[1];
    expect(suite.name).toBe(carried);
    const [failing, skipped] = suite.testcase;
    expect(failing.name).toBe(carried);
    expect(failing.classname).toBe(carried);
    expect(failing.file).toBe(file);
    expect(failing.failure[0].message).toBe(`account ${carried}: tier: expected ${carried}, got x`);
    expect(failing.failure[0]["#text"]).toContain(`tests/<evil> & "q".yaml:2:3: account ${carried}`);
    expect(skipped.skipped[0].message).toBe(carried);
    const bars = doc.testsuites.testsuite[2];
    expect(bars.testcase[0].name).toBe(carried);
    expect(bars.testcase[0]["system-out"][0]).toBe(`warning: ${carried}`);
    expect(bars.testcase[1].failure[0]["#text"]).toBe(`${carried}\n${carried}: m`);
  });

  it("escapes attributes and text by their own rules", () => {
    expect(escapeAttribute(`<a href="x">'&'\t\n\r</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&#9;&#10;&#13;&lt;/a&gt;",
    );
    expect(escapeText(`<a href="x">'&'\t\n\r]]></a>`)).toBe(`&lt;a href="x"&gt;'&amp;'\t\n&#13;]]&gt;&lt;/a&gt;`);
  });
});
