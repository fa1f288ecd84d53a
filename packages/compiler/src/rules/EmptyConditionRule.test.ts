import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { EmptyConditionRule } from "./EmptyConditionRule.js";

const HINT = "add a test, or remove `when` to match every account";

describe("EmptyConditionRule", () => {
  it("accepts conditions with at least one test, and tiers without `when`", () => {
    const text = project("tiers:", "  - { id: t1, when: { any: [{ region: NA }] } }", "  - { id: rest }");
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports {}, all: [], any: [] and a field with no operator, at the empty part", () => {
    const text = project(
      "define:",
      "  nothing: {}",
      "tiers:",
      "  - { id: t1, when: { all: [] } }",
      "  - { id: t2, when: { not: { any: [] } } }",
      "  - { id: t3, when: { employees: {} } }",
    );
    const diagnostics = runRule(EmptyConditionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:12 error SEG036 empty condition in define.nothing",
      "segments.yaml:16:28 error SEG036 empty condition in tier t1",
      "segments.yaml:17:35 error SEG036 empty condition in tier t2",
      "segments.yaml:18:34 error SEG036 empty condition in tier t3",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["{}", "[]", "[]", "{}"]);
    expect(hints(diagnostics)).toEqual([HINT, HINT, HINT, HINT]);
  });
});
