import { describe, expect, it } from "vitest";
import { compileFiles, compileText, diagnosticsText, project, runRule, underlined } from "../../test/helpers.js";
import { ExpandedSizeRule } from "./ExpandedSizeRule.js";

const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`).join(", ");

describe("ExpandedSizeRule", () => {
  it("counts a define once per use: 5 uses of a 200,000-value list pass, 5 uses of 210,000 do not", () => {
    const uses = ["icp:", "  include: big", "segments:", ...[1, 2, 3, 4].map((i) => `  - { id: s${i}, when: big }`), "  - { id: rest }"];
    expect(diagnosticsText(runRule(ExpandedSizeRule, project("define:", `  big: { industry: [${values(199_999)}] }`, ...uses)))).toEqual([]);
    const text = project("define:", `  big: { industry: [${values(210_000)}] }`, ...uses);
    const diagnostics = runRule(ExpandedSizeRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:16:12 error SEG039 the definitions expand to more than 1,000,000 tests once every define is copied where it is used (limit 1,000,000); icp.include alone expands to 210,001",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["big"]);
  });

  it("stops a fan-out chain (each define uses the previous one twice) at once, and the project does not compile", () => {
    const chain = Array.from({ length: 40 }, (_, i) => `  d${i + 1}: { any: [d${i}, { not: d${i} }] }`);
    const result = compileText(project("define:", "  d0: { employees: { gte: 1 } }", ...chain, "icp:", "  include: d40"));
    expect(result.plan).toBeUndefined();
    expect(diagnosticsText(result)).toEqual([
      "segments.yaml:56:12 error SEG039 the definitions expand to more than 1,000,000 tests once every define is copied where it is used (limit 1,000,000); icp.include alone expands to more than 1,000,000",
    ]);
  });

  it("walks a 20,000-link define chain without recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `  d${i + 1}: { all: [d${i}] }`);
    const diagnostics = runRule(ExpandedSizeRule, project("define:", "  d0: { employees: { gte: 1 } }", ...chain, "icp:", "  include: d20000"));
    expect(diagnosticsText(diagnostics)).toEqual([]);
  });

  it("also counts defines imported from another file", () => {
    const result = compileFiles({
      "segments.yaml": project("imports: [lists.yaml]", "icp:", "  include: { all: [a, a, a, a, a] }"),
      "lists.yaml": `version: 1\ndefine:\n  a: { industry: [${values(200_000)}] }\n`,
    });
    expect(diagnosticsText(result)).toEqual([
      "segments.yaml:15:12 error SEG039 the definitions expand to more than 1,000,000 tests once every define is copied where it is used (limit 1,000,000); icp.include alone expands to more than 1,000,000",
    ]);
  });
});
