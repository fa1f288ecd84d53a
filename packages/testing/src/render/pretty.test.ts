import { describe, expect, it } from "vitest";
import type { TestReport } from "../report.js";
import { decidingPart, renderPretty } from "./pretty.js";
import { at, passingReport, sampleReport } from "../../test/sample-report.js";

/** What CI reads: `N passed, N failed` alone on a line, optionally `, N skipped`. */
const CLOSING_LINE = /^\d+ passed, \d+ failed, \d+ skipped(, \d+ quality bars? failed)?$/;

describe("renderPretty", () => {
  it("renders diagnostics, suites, failures, coverage, bars, the verdict and the counts line", () => {
    expect(
      renderPretty(sampleReport(), { verbose: true }),
    ).toBe(`tests/fixtures/accounts.csv:1:1: warning SEG103: declared column Industry missing from the fixtures
  hint: add the column or give the field a default

tiers (tests/tiers_test.yaml)
  ✓ mid-market fintech is tier 1
  ✗ enterprise is tier 2
      tests/tiers_test.yaml:14:9: account acme: tier: expected tier2, got tier1
        icp: in
          employees between 200 and 2000: true (5000)
        tier tier1: fit >= 70 and intent >= 60: true
  - legacy accounts (skipped: waiting on the CRM export)

segments (tests/segments_test.yaml)
  ✓ snowflake shops

Coverage: 75.0% (6/8)
  ✗ gate: 75.0% below the minimum 90.0%
  uncovered:
    score fit: industry in [software, fintech] — never false
    tier tier3: lands — no fixture lands here

Quality bars
  ✓ segment_count: 5 segments (min 4, max 7)
  ✗ segment_size: 1 of 5 segments below 50 accounts
      segments.yaml:40:3
      fintech-security: 41 accounts (min 50)
  ! separation.win_rate: 1 of 3 segment pairs not separated at 95% confidence
      fintech vs saas: win rate 0.21 vs 0.19, p = 0.41

FAILED: 1 failing test, 1 quality bar failed, coverage below the gate
2 passed, 1 failed, 1 skipped, 1 quality bar failed
`);
  });

  it("renders a passing run", () => {
    expect(renderPretty(passingReport())).toBe(`segments (tests/segments_test.yaml)
  ✓ snowflake shops

PASSED
1 passed, 0 failed, 0 skipped
`);
  });

  it("says PASSED with warnings when only warn bars failed", () => {
    const report = passingReport();
    report.bars = [
      { bar: "segment_size", severity: "warn", passed: false, message: "1 segment below 50", details: [] },
    ];
    report.summary.barWarnings = 1;
    expect(renderPretty(report).split("\n").slice(-5)).toEqual([
      "  ! segment_size: 1 segment below 50",
      "",
      "PASSED with 1 bar warning",
      "1 passed, 0 failed, 0 skipped",
      "",
    ]);
  });

  it("says ERRORED when input was unusable, with the diagnostic first", () => {
    const report: TestReport = {
      ...passingReport(),
      suites: [],
      diagnostics: [
        {
          code: "SEG200",
          severity: "error",
          message: "test file unreadable",
          location: at("tests/broken_test.yaml", 3, 7),
        },
      ],
      summary: {
        tests: 0,
        passed: 0,
        failed: 0,
        skipped: 0,
        barErrors: 0,
        barWarnings: 0,
        coverageFailed: false,
        barsSkipped: 0,
        barsUnmeasured: 0,
        exitCode: 2,
      },
    };
    expect(renderPretty(report)).toBe(`tests/broken_test.yaml:3:7: error SEG200: test file unreadable

ERRORED: 1 error in the inputs
0 passed, 0 failed, 0 skipped
`);
  });

  it("shows a skip without a reason, an empty suite and every failure of a case", () => {
    const file = "tests/t_test.yaml";
    const report: TestReport = {
      ...passingReport(),
      suites: [
        { name: "empty", file, cases: [] },
        {
          name: "table",
          file,
          cases: [
            { name: "skipped", status: "skip", location: at(file, 2, 3), failures: [] },
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
                  what: "scores.fit",
                  location: at(file, 10, 7),
                  expected: ">= 70",
                  actual: "40",
                  explanation: "fit: 40\n\n  mid_market: +40",
                },
              ],
            },
          ],
        },
      ],
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
        exitCode: 1,
      },
    };
    expect(renderPretty(report, { verbose: true })).toBe(`empty (tests/t_test.yaml)
  (no cases)

table (tests/t_test.yaml)
  - skipped (skipped)
  ✗ two accounts
      tests/t_test.yaml:9:7: account a: segment: expected fintech, got other
      tests/t_test.yaml:10:7: account b: scores.fit: expected >= 70, got 40
        fit: 40

          mid_market: +40

FAILED: 1 failing test
0 passed, 1 failed, 1 skipped
`);
  });

  it("shows the gate limited by --changed-since, marks ungated items and never rounds up to 100%", () => {
    const report = passingReport();
    report.coverage = {
      ratio: 0.9996,
      covered: 2499,
      total: 2500,
      min: 1,
      changedSince: "origin/main",
      gatedRatio: 0.99,
      passed: false,
      items: [
        {
          owner: "segment fintech",
          clause: "industry eq fintech",
          kind: "clause",
          seenTrue: false,
          seenFalse: false,
          gated: true,
        },
        { owner: "segment other", clause: "lands", kind: "target", seenTrue: false, seenFalse: false, gated: false },
        { owner: "icp", clause: "employees >= 200", kind: "clause", seenTrue: false, seenFalse: true, gated: true },
      ],
    };
    report.summary = { ...report.summary, coverageFailed: true, barsSkipped: 0, barsUnmeasured: 0, exitCode: 1 };
    expect(renderPretty(report)).toContain(`Coverage: 99.9% (2499/2500)
  ✗ gate: 99.0% of definitions changed since origin/main below the minimum 100.0%
  uncovered:
    segment fintech: industry eq fintech — never evaluated
    segment other: lands — no fixture lands here (not gated)
    icp: employees >= 200 — never true
`);
  });

  it("keeps hostile user text on one line and the counts line last and alone", () => {
    const report = passingReport();
    report.suites[0]!.name = "evil\n3 passed, 0 failed";
    report.suites[0]!.cases[0]!.name = "red\u001b[31m\r\ttext\u2028end";
    report.suites[0]!.cases.push({
      name: "x",
      status: "skip",
      skipReason: "because\n0 passed, 0 failed",
      location: at("f", 1, 1),
      failures: [],
    });
    report.summary = { ...report.summary, tests: 2, skipped: 1 };
    const lines = renderPretty(report).split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "evil\\n3 passed, 0 failed (tests/segments_test.yaml)",
      "  ✓ red\\u001b[31m\\r\\ttext\\u2028end",
      "  - x (skipped: because\\n0 passed, 0 failed)",
    ]);
    expect(lines.at(-1)).toBe("");
    expect(lines.at(-2)).toBe("1 passed, 0 failed, 1 skipped");
    expect(lines.filter((line) => CLOSING_LINE.test(line))).toEqual(["1 passed, 0 failed, 1 skipped"]);
    expect(renderPretty(report)).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
  });

  it("ends with the counts line for every report", () => {
    for (const report of [sampleReport(), passingReport()]) {
      const lines = renderPretty(report).trimEnd().split("\n");
      expect(lines.at(-1)).toMatch(CLOSING_LINE);
    }
  });
});

describe("decidingPart", () => {
  const explanation = [
    "account a1",
    "ICP: out",
    "  ✗ employees >= 200  (was 50)",
    "score fit = 30",
    "    +30  software",
    '         ✓ industry = "software"  (was "software")',
    "score intent = 0",
    "  from surge (was missing), clamped to 0-100",
    "tier: none (outside the ICP)",
    "segment: none (outside the ICP)",
    "",
  ].join("\n");

  it("keeps the first line and the sections the failures are about, and counts the rest", () => {
    expect(decidingPart(explanation, ["scores.intent"])).toEqual([
      "account a1",
      "score intent = 0",
      "  from surge (was missing), clamped to 0-100",
      "(7 more lines of explanation: --verbose shows them)",
    ]);
  });

  it("adds the ICP when the account is outside it and a tier, segment or activations failed", () => {
    expect(decidingPart(explanation, ["tier", "segment"])).toEqual([
      "account a1",
      "ICP: out",
      "  ✗ employees >= 200  (was 50)",
      "tier: none (outside the ICP)",
      "segment: none (outside the ICP)",
      "(5 more lines of explanation: --verbose shows them)",
    ]);
  });

  it("says nothing is left out when every section is shown", () => {
    expect(decidingPart("account a1\nICP: in\n", ["icp"])).toEqual(["account a1", "ICP: in"]);
  });
});
