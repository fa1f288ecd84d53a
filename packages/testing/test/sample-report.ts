/**
 * A small hand-built report for the renderers' tests: a passing, a failing and a skipped case, a passing error bar,
 * a failing error bar, a failing warn bar, a failed coverage gate and a warning diagnostic.
 * (Test data: lives here only because the renderers' tests share it.)
 */
import type { SourceLocation } from "@segform/spec";
import type { TestReport } from "../src/report.js";

export function at(file: string, line: number, column: number): SourceLocation {
  return { file, line, column };
}

export function sampleReport(): TestReport {
  const tiers = "tests/tiers_test.yaml";
  return {
    project: "segments.yaml",
    planHash: "sha256:0f1e2d3c",
    suites: [
      {
        name: "tiers",
        file: tiers,
        cases: [
          { name: "mid-market fintech is tier 1", status: "pass", location: at(tiers, 4, 5), failures: [] },
          {
            name: "enterprise is tier 2",
            status: "fail",
            location: at(tiers, 10, 5),
            failures: [
              {
                account: "acme",
                what: "tier",
                location: at(tiers, 14, 9),
                expected: "tier2",
                actual: "tier1",
                explanation:
                  "icp: in\n  employees between 200 and 2000: true (5000)\ntier tier1: fit >= 70 and intent >= 60: true\n",
              },
            ],
          },
          {
            name: "legacy accounts",
            status: "skip",
            location: at(tiers, 20, 5),
            skipReason: "waiting on the CRM export",
            failures: [],
          },
        ],
      },
      {
        name: "segments",
        file: "tests/segments_test.yaml",
        cases: [
          { name: "snowflake shops", status: "pass", location: at("tests/segments_test.yaml", 3, 5), failures: [] },
        ],
      },
    ],
    coverage: {
      ratio: 0.75,
      covered: 6,
      total: 8,
      min: 0.9,
      passed: false,
      items: [
        { owner: "icp", clause: "region in [NA, EMEA]", kind: "clause", seenTrue: true, seenFalse: true, gated: true },
        {
          owner: "score fit",
          clause: "industry in [software, fintech]",
          kind: "clause",
          seenTrue: true,
          seenFalse: false,
          gated: true,
        },
        { owner: "tier tier1", clause: "fit >= 70", kind: "clause", seenTrue: true, seenFalse: true, gated: true },
        { owner: "tier tier1", clause: "lands", kind: "target", seenTrue: true, seenFalse: true, gated: true },
        { owner: "tier tier3", clause: "lands", kind: "target", seenTrue: false, seenFalse: false, gated: true },
      ],
    },
    bars: [
      { bar: "segment_count", severity: "error", passed: true, message: "5 segments (min 4, max 7)", details: [] },
      {
        bar: "segment_size",
        severity: "error",
        passed: false,
        message: "1 of 5 segments below 50 accounts",
        location: at("segments.yaml", 40, 3),
        details: [
          {
            subject: "fintech-security",
            passed: false,
            message: "41 accounts (min 50)",
            figures: { accounts: 41, min: 50 },
          },
          {
            subject: "warehouse-snowflake",
            passed: true,
            message: "120 accounts (min 50)",
            figures: { accounts: 120, min: 50 },
          },
        ],
      },
      {
        bar: "separation.win_rate",
        severity: "warn",
        passed: false,
        message: "1 of 3 segment pairs not separated at 95% confidence",
        details: [
          {
            subject: "fintech vs saas",
            passed: false,
            message: "win rate 0.21 vs 0.19, p = 0.41",
            figures: { p: 0.41 },
          },
        ],
      },
    ],
    diagnostics: [
      {
        code: "SEG103",
        severity: "warning",
        message: "declared column Industry missing from the fixtures",
        hint: "add the column or give the field a default",
        location: at("tests/fixtures/accounts.csv", 1, 1),
      },
    ],
    summary: {
      tests: 4,
      passed: 2,
      failed: 1,
      skipped: 1,
      barErrors: 1,
      barWarnings: 1,
      coverageFailed: true,
      barsSkipped: 0,
      barsUnmeasured: 0,
      exitCode: 1,
    },
  };
}

/** A report where everything passed. */
export function passingReport(): TestReport {
  return {
    project: "segments.yaml",
    planHash: "sha256:0f1e2d3c",
    suites: [
      {
        name: "segments",
        file: "tests/segments_test.yaml",
        cases: [
          { name: "snowflake shops", status: "pass", location: at("tests/segments_test.yaml", 3, 5), failures: [] },
        ],
      },
    ],
    bars: [],
    diagnostics: [],
    summary: {
      tests: 1,
      passed: 1,
      failed: 0,
      skipped: 0,
      barErrors: 0,
      barWarnings: 0,
      coverageFailed: false,
      barsSkipped: 0,
      barsUnmeasured: 0,
      exitCode: 0,
    },
  };
}
