import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { RankKeyRule } from "./RankKeyRule.js";

describe("RankKeyRule", () => {
  it("accepts scores and numeric or date fields as ranking keys", () => {
    const text = project(
      "scores:",
      "  fit: { from: revenue }",
      "rank_by: [{ by: fit }, { by: founded, order: asc }]",
      "tiers:",
      "  - { id: t1, capacity: 10, rank_by: [{ by: employees }] }",
      "  - { id: t2, capacity: 10 }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports unknown and non-rankable keys, at `by`'s value", () => {
    const text = project(
      "scores:",
      "  fit: { from: revenue }",
      "rank_by: [{ by: fitt }]",
      "tiers:",
      "  - { id: t1, capacity: 10, rank_by: [{ by: industry }, { by: xyz }] }",
    );
    const diagnostics = runRule(RankKeyRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:15:17 error SEG038 cannot rank by unknown score or field "fitt"',
      "segments.yaml:17:45 error SEG038 cannot rank by industry, a string field",
      'segments.yaml:17:63 error SEG038 cannot rank by unknown score or field "xyz"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["fitt", "industry", "xyz"]);
    expect(hints(diagnostics)).toEqual([
      'did you mean "fit"?',
      "rank by a score, or a numeric or date field",
      "rank by a score, or a numeric or date field",
    ]);
  });

  it("reports a capacity with nothing to rank by, at `capacity`", () => {
    const text = project("tiers:", "  - { id: t1, capacity: 10 }");
    const diagnostics = runRule(RankKeyRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:15 error SEG038 tier t1 has a capacity but nothing to rank by",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["capacity"]);
    expect(hints(diagnostics)).toEqual(["add `rank_by: [{ by: <score or field> }]` or declare a score"]);
  });
});
