import { describe, expect, it } from "vitest";
import { diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { AsOfDateRule } from "./AsOfDateRule.js";

describe("AsOfDateRule", () => {
  it("accepts a calendar date", () => {
    expect(runRule(AsOfDateRule, project("as_of: '2024-02-29'"))).toEqual([]);
  });

  it("reports a day that does not exist, at its value", () => {
    const text = project("as_of: '2026-02-30'");
    const diagnostics = runRule(AsOfDateRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:13:8 error SEG032 as_of: "2026-02-30" is not a calendar date',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["'2026-02-30'"]);
    expect(hints(diagnostics)).toEqual(["write a real day, YYYY-MM-DD, e.g. 2026-02-28"]);
    expect(diagnosticsText(runRule(AsOfDateRule, project("as_of: '0000-01-01'")))).toEqual([
      'segments.yaml:13:8 error SEG032 as_of: "0000-01-01" is not a calendar date',
    ]);
  });
});
