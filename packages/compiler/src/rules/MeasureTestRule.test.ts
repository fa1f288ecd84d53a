import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { MeasureTestRule } from "./MeasureTestRule.js";

describe("MeasureTestRule", () => {
  it("accepts days_ago, days_until and count tests, and within_next_days", () => {
    const text = project(
      "define:",
      "  stale:    { founded: { days_ago: { gte: 90 } } }",
      "  soon:     { founded: { days_until: { between: [-7, 30], ne: 0 }, within_next_days: 30 } }",
      "  broad:    { tech: { count: { gte: 5, in: [5, 6] } } }",
      "icp:",
      "  include: { any: [stale, soon, broad] }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports an empty test, a fraction in an exact test, an empty list and an empty range, at the value", () => {
    const text = project(
      "icp:",
      "  include:",
      "    any:",
      "      - { founded: { days_ago: {} } }",
      "      - { founded: { days_until: { eq: 1.5, gte: 0.5 } } }",
      "      - { tech: { count: { in: [1, 2.5], between: [5, 2] } } }",
      "      - { tech: { count: { not_in: [] } } }",
    );
    const diagnostics = runRule(MeasureTestRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:16:32 error SEG042 founded days_ago has no test",
      "segments.yaml:17:40 error SEG042 founded days_until eq: 1.5 is not a whole number, so it never matches",
      "segments.yaml:18:36 error SEG042 tech count in: 2.5 is not a whole number, so it never matches",
      "segments.yaml:18:51 error SEG042 tech count between: the range is empty: 5 is above 2",
      "segments.yaml:19:36 error SEG042 tech count not_in: the list is empty",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["{}", "1.5", "2.5", "[5, 2]", "[]"]);
    expect(hints(diagnostics)).toEqual([
      "e.g. days_ago: { gte: 90 }",
      "days are whole numbers; use gte / lt for a range",
      "counts are whole numbers; use gte / lt for a range",
      "write the lower bound first: between: [low, high]",
      "add values, or remove the test",
    ]);
  });

  it("the measure must fit the field's type (OperatorTypeRule), and a huge threshold is refused", () => {
    const text = project(
      "icp:",
      "  include:",
      "    any:",
      "      - { tech: { days_ago: { gte: 1 } } }",
      "      - { founded: { count: { gte: 1 } } }",
      "      - { employees: { within_next_days: 3 } }",
      "      - { founded: { days_until: { lt: 1e300 } } }",
    );
    const result = compileText(text);
    expect(underlined(result, text)).toEqual(["days_ago", "count", "within_next_days", "1e300"]);
    expect(diagnosticsText(result)).toEqual([
      "segments.yaml:16:19 error SEG021 days_ago does not apply to tech (string[])",
      "segments.yaml:17:22 error SEG021 count does not apply to founded (date)",
      "segments.yaml:18:24 error SEG021 within_next_days does not apply to employees (integer)",
      "segments.yaml:19:40 error SEG012 founded days_until lt: 1e+300 is beyond the whole numbers every engine holds exactly",
    ]);
  });
});
