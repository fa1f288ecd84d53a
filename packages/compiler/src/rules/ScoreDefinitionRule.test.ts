import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { ScoreDefinitionRule } from "./ScoreDefinitionRule.js";

describe("ScoreDefinitionRule", () => {
  it("accepts a criteria score and a score from a numeric field", () => {
    const text = project(
      "scores:",
      "  fit: { criteria: [{ when: { employees: { gte: 200 } }, points: 40 }] }",
      "  intent: { from: intent_score }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports a score with both or neither of criteria / from, at the score's name", () => {
    const text = project(
      "scores:",
      "  fit: { from: revenue, criteria: [{ when: { employees: { gte: 200 } }, points: 40 }] }",
      "  intent: { description: nothing to compute it from }",
    );
    const diagnostics = runRule(ScoreDefinitionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:3 error SEG034 score fit has both criteria and from",
      "segments.yaml:15:3 error SEG034 score intent has neither criteria nor from",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["fit", "intent"]);
    expect(hints(diagnostics)).toEqual([
      "use `criteria: [...]` for points, or `from: <numeric field>` to take a field as the score",
      "use `criteria: [...]` for points, or `from: <numeric field>` to take a field as the score",
    ]);
  });

  it("reports `from` naming an unknown field (with a suggestion) or a non-numeric one", () => {
    const text = project("scores:", "  intent: { from: intent_scor }", "  fit: { from: industry }");
    const diagnostics = runRule(ScoreDefinitionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:19 error SEG023 score intent reads unknown field "intent_scor"',
      "segments.yaml:15:16 error SEG021 score fit reads industry, a string field; scores need integer or number",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["intent_scor", "industry"]);
    expect(hints(diagnostics)).toEqual([
      'did you mean "intent_score"?',
      "use `criteria` to score a field of another type",
    ]);
  });
});
