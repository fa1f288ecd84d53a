import { describe, expect, it } from "vitest";
import type { TestReport } from "../report.js";
import { renderJson } from "./json.js";
import { passingReport, sampleReport } from "../../test/sample-report.js";

describe("renderJson", () => {
  it("renders the report with sorted keys, two-space indent and a trailing newline", () => {
    expect(renderJson(passingReport())).toBe(`{
  "bars": [],
  "diagnostics": [],
  "planHash": "sha256:0f1e2d3c",
  "project": "segments.yaml",
  "suites": [
    {
      "cases": [
        {
          "failures": [],
          "location": {
            "column": 5,
            "file": "tests/segments_test.yaml",
            "line": 3
          },
          "name": "snowflake shops",
          "status": "pass"
        }
      ],
      "file": "tests/segments_test.yaml",
      "name": "segments"
    }
  ],
  "summary": {
    "barErrors": 0,
    "barWarnings": 0,
    "barsSkipped": 0,
    "barsUnmeasured": 0,
    "coverageFailed": false,
    "exitCode": 0,
    "failed": 0,
    "passed": 1,
    "skipped": 0,
    "tests": 1
  }
}
`);
  });

  it("round-trips to the same data", () => {
    const report = sampleReport();
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it("does not depend on the order keys were written in", () => {
    const report = sampleReport();
    const reordered = JSON.parse(JSON.stringify(report, Object.keys(flatKeys(report)).reverse())) as TestReport;
    expect(renderJson(reordered)).toBe(renderJson(report));
  });

  it("keeps hostile text as valid JSON", () => {
    const report = passingReport();
    report.suites[0]!.cases[0]!.name = 'quote " backslash \\ nul \u0000 lone \ud800 line\u2028';
    const text = renderJson(report);
    expect(JSON.parse(text).suites[0].cases[0].name).toBe(report.suites[0]!.cases[0]!.name);
    expect(text).toContain('"quote \\" backslash \\\\ nul \\u0000 lone \\ud800 line\u2028"');
  });
});

/** Every key used anywhere in the value (for a replacer list that reorders keys). */
function flatKeys(value: unknown, into: Record<string, true> = {}): Record<string, true> {
  if (Array.isArray(value)) for (const item of value) flatKeys(item, into);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      into[key] = true;
      flatKeys(item, into);
    }
  }
  return into;
}
