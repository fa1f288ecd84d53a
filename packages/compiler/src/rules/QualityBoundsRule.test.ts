import { describe, expect, it } from "vitest";
import { diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { QualityBoundsRule } from "./QualityBoundsRule.js";

describe("QualityBoundsRule", () => {
  it("accepts possible bounds", () => {
    const text = project(
      "quality:",
      "  segment_size: { min: 0, max: 10 }",
      "  segment_count: { min: 4, max: 4 }",
      "  icp_coverage: { min: 0, max: 1 }",
      "  overlap: { max: 0.2 }",
      "  stability: { max_churn: 1 }",
      "  coverage: { fixtures: { min: 0.8 }, pipeline_share: { min: 0 } }",
    );
    expect(runRule(QualityBoundsRule, text)).toEqual([]);
  });

  it("reports negative counts, shares outside 0-1 and min above max, at the bound", () => {
    const text = project(
      "quality:",
      "  segment_size: { min: -3 }",
      "  segment_count: { min: 7, max: 4 }",
      "  icp_coverage: { min: 1.5, max: -0.1 }",
      "  overlap: { max: 2 }",
      "  stability: { max_churn: -1 }",
      "  coverage: { fixtures: { min: 80 }, revenue_share: { min: 1.01 } }",
    );
    const diagnostics = runRule(QualityBoundsRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:24 error SEG012 segment_size.min is -3; a count cannot be negative",
      "segments.yaml:15:25 error SEG012 segment_count: min 7 is above max 4",
      "segments.yaml:16:24 error SEG012 icp_coverage.min is 1.5; a share is between 0 and 1",
      "segments.yaml:16:24 error SEG012 icp_coverage: min 1.5 is above max -0.1",
      "segments.yaml:16:34 error SEG012 icp_coverage.max is -0.1; a share is between 0 and 1",
      "segments.yaml:17:19 error SEG012 overlap.max is 2; a share is between 0 and 1",
      "segments.yaml:18:27 error SEG012 stability.max_churn is -1; a share is between 0 and 1",
      "segments.yaml:19:32 error SEG012 coverage.fixtures.min is 80; a share is between 0 and 1",
      "segments.yaml:19:60 error SEG012 coverage.revenue_share.min is 1.01; a share is between 0 and 1",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["-3", "7", "1.5", "1.5", "-0.1", "2", "-1", "80", "1.01"]);
    expect(hints(diagnostics).slice(0, 3)).toEqual([
      "use 0 or more",
      "no data can pass; lower min or raise max",
      "write a share, e.g. 0.8 for 80%",
    ]);
  });
});
