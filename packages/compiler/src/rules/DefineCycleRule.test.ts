import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { DefineCycleRule } from "./DefineCycleRule.js";

describe("DefineCycleRule", () => {
  it("accepts defines built on other defines", () => {
    const text = project(
      "define:",
      "  mid_market: { employees: { between: [200, 2000] } }",
      "  target: { all: [mid_market, { region: NA }] }",
      "  not_target: { not: target }",
      "icp:",
      "  include: target",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports a cycle once, with the chain, at the first define in it", () => {
    const text = project(
      "define:",
      "  a: { any: [b, { region: NA }] }",
      "  b: { not: c }",
      "  c: { all: [a] }",
      "  d: d",
    );
    const diagnostics = runRule(DefineCycleRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:3 error SEG031 named conditions refer to each other in a cycle: a -> b -> c -> a",
      "segments.yaml:17:3 error SEG031 named conditions refer to each other in a cycle: d -> d",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["a", "d"]);
    expect(hints(diagnostics)).toEqual([
      "break the cycle; a condition cannot be defined in terms of itself",
      "break the cycle; a condition cannot be defined in terms of itself",
    ]);
  });

  it("checks contact defines separately", () => {
    const text = project(
      "contacts:",
      "  account_key: account",
      "  fields:",
      "    account: { type: string }",
      "  define:",
      "    x: { any: [y] }",
      "    y: x",
      "  roles:",
      "    - { id: buyer, when: x }",
    );
    const diagnostics = runRule(DefineCycleRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:18:5 error SEG031 named conditions refer to each other in a cycle: x -> y -> x",
    ]);
  });

  it("stops compilation before lowering, so a cycle never hangs", () => {
    const result = compileText(project("define:", "  a: b", "  b: a", "icp:", "  include: a"));
    expect(result.plan).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["SEG031"]);
  });
});
