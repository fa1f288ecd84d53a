import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { SegmentCountRule } from "./SegmentCountRule.js";

const segments = (n: number) =>
  Array.from({ length: n }, (_, i) => `  - { id: s${i + 1}, when: { employees: { gte: ${(n - i) * 10} } } }`);

describe("SegmentCountRule", () => {
  it("accepts 4 to 7 named segments (the fallback does not count), and no segments at all", () => {
    expect(diagnosticsText(compileText(project("segments:", ...segments(4), "  - { id: rest }")))).toEqual([]);
    expect(diagnosticsText(compileText(project("segments:", ...segments(7))))).toEqual([]);
    expect(diagnosticsText(compileText(project()))).toEqual([]);
  });

  it("warns about fewer than 4, at the `segments` key", () => {
    const text = project("segments:", ...segments(3), "  - { id: rest }");
    const diagnostics = runRule(SegmentCountRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:13:1 warning SEG026 3 segments; good practice is 4 to 7",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["segments"]);
    expect(hints(diagnostics)).toEqual(["a segmentation that drives plays usually needs at least 4"]);
  });

  it("says `1 segment`, not `1 segments`", () => {
    const diagnostics = runRule(SegmentCountRule, project("segments:", ...segments(1)));
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:13:1 warning SEG026 1 segment; good practice is 4 to 7",
    ]);
  });

  it("warns about more than 7", () => {
    const diagnostics = runRule(SegmentCountRule, project("segments:", ...segments(8)));
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:13:1 warning SEG026 8 segments; good practice is 4 to 7",
    ]);
    expect(hints(diagnostics)).toEqual(["collapse segments that get the same play or are too small to learn from"]);
  });

  it("warns when only the fallback is declared", () => {
    const diagnostics = runRule(SegmentCountRule, project("segments:", "  - { id: everyone }"));
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:13:1 warning SEG026 no segments: every ICP account lands in the fallback",
    ]);
    expect(hints(diagnostics)).toEqual(["add 4 to 7 segments, each deserving a different play"]);
  });

  it("is a warning: the project still compiles", () => {
    const result = compileText(project("segments:", ...segments(2)));
    expect(result.plan).toBeDefined();
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning SEG026"]);
  });
});
