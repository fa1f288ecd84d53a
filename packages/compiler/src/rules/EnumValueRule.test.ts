import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { EnumValueRule } from "./EnumValueRule.js";

describe("EnumValueRule", () => {
  it("accepts values from the field's enum and declared tier ids", () => {
    const text = project(
      "icp:",
      "  include: { region: [NA, EMEA], all: [{ region: { ne: APAC } }] }",
      "tiers:",
      "  - { id: t1, when: { employees: { gte: 10 } } }",
      "segments:",
      "  - { id: a, when: { tier: t1, region: NA } }",
      "  - { id: b, when: { tier: { in: [t1] } } }",
      "  - { id: c, when: { region: LATAM } }",
      "  - { id: d, when: { region: { not_in: [NA] } } }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports a value not in the enum, with a suggestion, at the value", () => {
    const text = project("icp:", "  include: { region: EMAE }");
    const diagnostics = runRule(EnumValueRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:22 error SEG022 "EMAE" is not in the enum of region (NA, EMEA, APAC, LATAM)',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["EMAE"]);
    expect(hints(diagnostics)).toEqual(['did you mean "EMEA"?']);
  });

  it("points at the offending item of a list, and explains what a stray value does", () => {
    const text = project(
      "icp:",
      "  include: { region: [NA, APAK] }",
      "  exclude: { region: { not_in: [NA, Europe] } }",
    );
    const diagnostics = runRule(EnumValueRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:27 error SEG022 "APAK" is not in the enum of region (NA, EMEA, APAC, LATAM)',
      'segments.yaml:15:37 error SEG022 "Europe" is not in the enum of region (NA, EMEA, APAC, LATAM)',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["APAK", "Europe"]);
    expect(hints(diagnostics)).toEqual([
      'did you mean "APAC"?',
      "a value outside the list is never there, so this test is always true when the value is present",
    ]);
  });

  it("does not suggest an unrelated short word", () => {
    const text = project("icp:", "  include: { region: X }");
    const diagnostics = runRule(EnumValueRule, text);
    expect(hints(diagnostics)).toEqual(["a value outside the list never matches"]);
  });

  it("checks `tier` against the declared tiers", () => {
    const text = project(
      "tiers:",
      "  - { id: tier1, when: { employees: { gte: 10 } } }",
      "  - { id: tier2 }",
      "segments:",
      "  - { id: a, when: { tier: tier3 } }",
    );
    const diagnostics = runRule(EnumValueRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:17:28 error SEG022 "tier3" is not in the declared tiers (tier1, tier2)',
    ]);
    expect(hints(diagnostics)).toEqual(['did you mean "tier1"?']);
  });

  it("says so when no tiers are declared", () => {
    const text = project("segments:", "  - { id: a, when: { tier: gold } }");
    const diagnostics = runRule(EnumValueRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:28 error SEG022 "gold" is not in the declared tiers (none declared)',
    ]);
  });
});
