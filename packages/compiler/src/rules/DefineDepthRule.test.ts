import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { DefineDepthRule } from "./DefineDepthRule.js";

const chain = (links: number, body = (i: number) => `{ all: [d${i - 1}] }`) =>
  Array.from({ length: links }, (_, i) => `  d${i + 1}: ${body(i + 1)}`);

describe("DefineDepthRule", () => {
  it("accepts a chain that stays within 200 levels once expanded", () => {
    // d0 is 1 level; each link adds `all` and the name: d99 is 199 levels, used from the ICP by name: 200.
    const text = project("define:", "  d0: { employees: { gte: 1 } }", ...chain(99), "icp:", "  include: d99");
    expect(diagnosticsText(runRule(DefineDepthRule, text))).toEqual([]);
  });

  it("reports a 20,000-link chain once, at the define where it passes the limit, and the project does not compile", () => {
    const text = project("define:", "  d0: { employees: { gte: 1 } }", ...chain(20_000), "icp:", "  include: d20000");
    const result = compileText(text);
    expect(result.plan).toBeUndefined();
    expect(diagnosticsText(result)).toEqual([
      "segments.yaml:114:3 error SEG046 d100 nests 201 levels deep once the defines it uses are expanded (limit 200)",
    ]);
    expect(underlined(result, text)).toEqual(["d100"]);
    expect(hints(result)).toEqual([
      "combine defines side by side (all: [a, b, c]) instead of each wrapping the previous one",
    ]);
  });

  it("reports the condition when only its own nesting passes the limit", () => {
    const text = project("define:", "  d0: { employees: { gte: 1 } }", ...chain(99), "icp:", "  include: { not: d99 }");
    expect(diagnosticsText(runRule(DefineDepthRule, text))).toEqual([
      "segments.yaml:115:12 error SEG046 icp.include nests 201 levels deep once its defines are expanded (limit 200)",
    ]);
  });

  it("follows contact defines read by an account's contacts test", () => {
    const text = project(
      "contacts:",
      "  account_key: account_id",
      "  fields: { account_id: { type: string }, title: { type: string } }",
      "  define:",
      "    c0: { title: cto }",
      ...chain(150, (i) => `{ not: c${i - 1} }`).map((line) => `  ${line.replace(/d(\d+)/g, "c$1")}`),
      "  roles: [{ id: cto, when: { title: cto } }]",
      "icp:",
      "  include: { all: [{ contacts: { where: c150, count: { gte: 1 } } }] }",
    );
    expect(diagnosticsText(runRule(DefineDepthRule, text))).toEqual([
      "segments.yaml:170:12 error SEG046 icp.include nests 304 levels deep once its defines are expanded (limit 200)",
    ]);
  });
});
