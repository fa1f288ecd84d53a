import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { FallbackSegmentRule } from "./FallbackSegmentRule.js";

describe("FallbackSegmentRule", () => {
  it("accepts a fallback segment in last place", () => {
    const text = project(
      "segments:",
      "  - { id: na, when: { region: NA } }",
      "  - { id: emea, when: { region: EMEA } }",
      "  - { id: apac, when: { region: APAC } }",
      "  - { id: latam, when: { region: LATAM } }",
      "  - { id: rest }",
    );
    const result = compileText(text);
    expect(diagnosticsText(result)).toEqual([]);
    expect(result.plan?.fallback).toEqual({ id: "rest", activate: [] });
  });

  it("reports a segment without `when` before others, at its id", () => {
    const text = project(
      "segments:",
      "  - { id: na, when: { region: NA } }",
      "  - { id: rest }",
      "  - { id: emea, when: { region: EMEA } }",
      "  - { id: apac, when: { region: APAC } }",
    );
    const diagnostics = runRule(FallbackSegmentRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:15:11 error SEG035 segment "rest" has no `when`, so it catches every account and the 2 segment(s) after it can never match',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["rest"]);
    expect(hints(diagnostics)).toEqual(["move the fallback segment to the end, or give it a `when`"]);
  });
});
