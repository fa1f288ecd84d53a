import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { OperatorTypeRule } from "./OperatorTypeRule.js";

describe("OperatorTypeRule", () => {
  it("accepts every operator on the types it applies to", () => {
    const text = project(
      'as_of: "2026-11-01"',
      "icp:",
      "  include:",
      "    all:",
      "      - { employees: { gte: 10, lt: 5000, between: [10, 20], in: [1, 2], ne: 3, exists: true } }",
      "      - { revenue: { gt: 1.5, lte: 1e6, not_in: [0] } }",
      '      - { industry: { contains: soft, starts_with: s, ends_with: e, matches: "(?i)^soft", in: [a, 42] } }',
      "      - { tech: { contains: dbt, contains_any: [a, b], contains_all: [c], missing: false } }",
      '      - { founded: { gte: "2020-01-01", between: ["2020-01-01", "2021-01-01"], within_days: 30 } }',
      "      - { active: true, region: [NA, EMEA] }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports an operator that does not apply to the type, at the operator, listing those that do", () => {
    const text = project(
      "icp:",
      "  include:",
      "    all:",
      "      - { industry: { gt: 5 } }",
      "      - { employees: { contains: 5 } }",
      "      - { revenue: { within_days: 5 } }",
      "      - { active: { in: [true] } }",
    );
    const diagnostics = runRule(OperatorTypeRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:16:23 error SEG021 gt does not apply to industry (string)",
      "segments.yaml:17:24 error SEG021 contains does not apply to employees (integer)",
      "segments.yaml:18:22 error SEG021 within_days does not apply to revenue (number)",
      "segments.yaml:19:21 error SEG021 in does not apply to active (boolean)",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["gt", "contains", "within_days", "in"]);
    expect(hints(diagnostics)).toEqual([
      "operators for string: eq, ne, in, not_in, exists, missing, contains, starts_with, ends_with, matches",
      "operators for integer: eq, ne, in, not_in, gt, gte, lt, lte, between, exists, missing",
      "operators for number: eq, ne, in, not_in, gt, gte, lt, lte, between, exists, missing",
      "operators for boolean: eq, ne, exists, missing",
    ]);
  });

  it("refuses a number written for text whose digits YAML would change (02134, 1.50, 1e3), at the value or item", () => {
    const text = project(
      "icp:",
      "  include:",
      "    all:",
      "      - { industry: 02134 }",
      "      - { industry: { in: [123, 0042, -7] } }",
      "      - { tech: { contains: 1.50 } }",
      "      - { tech: { contains_any: [a, 1e3] } }",
      "      - { industry: { ne: 10001 } }",
    );
    const diagnostics = runRule(OperatorTypeRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:16:21 error SEG021 industry eq: YAML reads 02134 as the number 2134, not the text "02134"',
      'segments.yaml:17:33 error SEG021 industry in: YAML reads 0042 as the number 42, not the text "0042"',
      'segments.yaml:18:29 error SEG021 tech contains: YAML reads 1.50 as the number 1.5, not the text "1.50"',
      'segments.yaml:19:37 error SEG021 tech contains_any: YAML reads 1e3 as the number 1000, not the text "1e3"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["02134", "0042", "1.50", "1e3"]);
    expect(hints(diagnostics)).toEqual([
      'quote it: "02134"',
      'quote it: "0042"',
      'quote it: "1.50"',
      'quote it: "1e3"',
    ]);
  });

  it("points a shorthand on a list field at the value and says how to test lists", () => {
    const text = project("icp:", "  include: { tech: dbt }");
    const diagnostics = runRule(OperatorTypeRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:20 error SEG021 eq does not apply to tech (string[])",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["dbt"]);
    expect(hints(diagnostics)).toEqual(["a list field is tested with contains / contains_any / contains_all"]);
  });

  it("reports values of the wrong type, at the value (or the list item)", () => {
    const text = project(
      "icp:",
      "  include:",
      "    all:",
      '      - { employees: { gt: "big" } }',
      '      - { employees: { in: [1, "x", 3] } }',
      '      - { active: { eq: "yes" } }',
      "      - { founded: { gte: 20200101 } }",
      '      - { founded: { between: ["2020-01-01", "2020-02-30"] } }',
      "      - { employees: 1.5 }",
    );
    const diagnostics = runRule(OperatorTypeRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:16:28 error SEG021 employees gt: expected a number, got string "big"',
      'segments.yaml:17:32 error SEG021 employees in: expected a number, got string "x"',
      'segments.yaml:18:25 error SEG021 active eq: expected true or false, got string "yes"',
      'segments.yaml:19:27 error SEG021 founded gte: expected a date "YYYY-MM-DD", got number 20200101',
      'segments.yaml:20:46 error SEG032 founded between: "2020-02-30" is not a valid date (YYYY-MM-DD)',
      "segments.yaml:21:22 error SEG021 employees eq: employees is an integer; 1.5 never matches",
    ]);
    expect(underlined(diagnostics, text)).toEqual(['"big"', '"x"', '"yes"', "20200101", '"2020-02-30"', "1.5"]);
    expect(hints(diagnostics)).toEqual([
      "write a number, without quotes",
      "write a number, without quotes",
      "write true or false, without quotes",
      'write a date as "YYYY-MM-DD", e.g. "2026-11-01"',
      'write a date as "YYYY-MM-DD", e.g. "2026-11-01"',
      "compare with a whole number, or use gte / lt for a range",
    ]);
  });

  it("reports a fractional within_days, an empty range, an empty list and an empty prefix", () => {
    const text = project(
      "icp:",
      "  include:",
      "    all:",
      "      - { founded: { within_days: 1.5 } }",
      "      - { employees: { between: [500, 100] } }",
      "      - { industry: { in: [] } }",
      '      - { industry: { starts_with: "" } }',
    );
    const diagnostics = runRule(OperatorTypeRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:16:35 error SEG021 founded within_days: expected a whole number of days, got number 1.5",
      "segments.yaml:17:33 error SEG012 employees between: the range is empty: 500 is above 100",
      "segments.yaml:18:27 error SEG012 industry in: the list is empty",
      "segments.yaml:19:36 error SEG012 industry starts_with: an empty string matches everything; remove the test or use exists",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["1.5", "[500, 100]", "[]", '""']);
    expect(hints(diagnostics)).toEqual([
      "e.g. within_days: 30",
      "write the lower bound first: between: [low, high]",
      "add values, or remove the test",
      "remove the test, or use `exists: true`",
    ]);
  });

  it("allows only equality and presence tests on `tier`", () => {
    const text = project(
      "tiers:",
      "  - { id: t1, when: { employees: { gte: 10 } } }",
      "segments:",
      "  - { id: a, when: { tier: { gt: t1 } } }",
      "  - { id: b, when: { tier: [t1] } }",
    );
    const diagnostics = runRule(OperatorTypeRule, text);
    expect(diagnosticsText(diagnostics)).toEqual(["segments.yaml:16:30 error SEG021 gt does not apply to tier (tier)"]);
    expect(hints(diagnostics)).toEqual(["operators for tier: eq, ne, in, not_in, exists, missing"]);
  });
});
