import { describe, expect, it } from "vitest";
import type { Expr } from "@segform/plan";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { implies, UnreachableRule } from "./UnreachableRule.js";

const hint = (later: string, earlier: string) =>
  `first match wins; move "${later}" above "${earlier}" or narrow "${earlier}"`;

describe("UnreachableRule", () => {
  it("accepts tiers narrowest first, and segments on different values", () => {
    const text = project(
      "scores:",
      "  fit: { from: revenue }",
      "tiers:",
      "  - { id: t1, when: { fit: { gte: 70 } } }",
      "  - { id: t2, when: { fit: { gte: 50 } } }",
      "  - { id: t3 }",
      "segments:",
      "  - { id: na, when: { region: NA } }",
      "  - { id: emea, when: { region: EMEA } }",
      "  - { id: big, when: { employees: { gte: 1000 } } }",
      "  - { id: rest-of-world, when: { region: [APAC, LATAM] } }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("warns about a tier with the same condition as an earlier one, at the later id", () => {
    const text = project(
      "tiers:",
      "  - { id: t1, when: { region: NA, employees: { gte: 100 } } }",
      "  - { id: t2, when: { employees: { gte: 100 }, region: NA } }",
    );
    const diagnostics = runRule(UnreachableRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:15:11 warning SEG025 tier "t2" can never match: every account it selects is taken first by tier "t1"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["t2"]);
    expect(hints(diagnostics)).toEqual([hint("t2", "t1")]);
  });

  it("warns when a broader range comes first (gte 50 before gte 70)", () => {
    const text = project(
      "scores:",
      "  fit: { from: revenue }",
      "tiers:",
      "  - { id: broad, when: { fit: { gte: 50 } } }",
      "  - { id: narrow, when: { fit: { gte: 70 }, region: NA } }",
    );
    const diagnostics = runRule(UnreachableRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:17:11 warning SEG025 tier "narrow" can never match: every account it selects is taken first by tier "broad"',
    ]);
    expect(hints(diagnostics)).toEqual([hint("narrow", "broad")]);
  });

  it("warns about every tier after one without `when`", () => {
    const text = project(
      "tiers:",
      "  - { id: everyone }",
      "  - { id: t2, when: { region: NA } }",
      "  - { id: t3, when: { region: EMEA } }",
    );
    const diagnostics = runRule(UnreachableRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:15:11 warning SEG025 tier "t2" can never match: every account it selects is taken first by tier "everyone"',
      'segments.yaml:16:11 warning SEG025 tier "t3" can never match: every account it selects is taken first by tier "everyone"',
    ]);
  });

  it("does not warn when the earlier tier has a capacity (accounts past it fall through)", () => {
    const text = project(
      "scores:",
      "  fit: { from: revenue }",
      "tiers:",
      "  - { id: top, when: { fit: { gte: 50 } }, capacity: 100 }",
      "  - { id: next, when: { fit: { gte: 70 } } }",
      "  - { id: rest }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("sees through defines and shorthands, and reports segments at their declared position", () => {
    const text = project(
      "define:",
      "  north_america: { region: { in: [NA] } }",
      "segments:",
      "  - { id: americas, when: { region: [NA, LATAM] } }",
      "  - { id: emea, when: { region: EMEA } }",
      "  - { id: us, when: { all: [north_america, { employees: { between: [10, 20] } }] } }",
      "  - { id: apac, when: { region: APAC } }",
      "  - { id: rest }",
    );
    const diagnostics = runRule(UnreachableRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:18:11 warning SEG025 segment "us" can never match: every account it selects is taken first by segment "americas"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["us"]);
  });

  it("runs only on a project that compiles, as part of compileProject", () => {
    const result = compileText(
      project("tiers:", "  - { id: a, when: { region: NA } }", "  - { id: b, when: { region: NA } }"),
    );
    expect(result.plan).toBeDefined();
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning SEG025"]);
  });
});

describe("implies", () => {
  const field = (name: string, type: "integer" | "string" = "integer") => ({ kind: "field" as const, name, type });
  const test = (name: string, op: string, value: unknown, type: "integer" | "string" = "integer"): Expr =>
    ({ op: "test", ref: field(name, type), test: op, value }) as Expr;

  it("compares ranges with open and closed ends", () => {
    expect(implies(test("x", "gt", 5), test("x", "gte", 5))).toBe(true);
    expect(implies(test("x", "gte", 5), test("x", "gt", 5))).toBe(false);
    expect(implies(test("x", "between", [10, 20]), test("x", "gte", 10))).toBe(true);
    expect(implies(test("x", "between", [10, 20]), test("x", "lt", 20))).toBe(false);
    expect(implies(test("x", "lt", 3), test("x", "gte", 1))).toBe(false);
  });

  it("treats value sets and ranges", () => {
    expect(implies(test("x", "in", [1, 2]), test("x", "between", [1, 2]))).toBe(true);
    expect(implies(test("x", "in", [1, 3]), test("x", "between", [1, 2]))).toBe(false);
    expect(implies(test("s", "eq", "a", "string"), test("s", "in", ["a", "b"], "string"))).toBe(true);
    expect(implies(test("s", "in", ["a", "c"], "string"), test("s", "in", ["a", "b"], "string"))).toBe(false);
  });

  it("never confuses different names, and handles exists / or / const", () => {
    expect(implies(test("x", "eq", 1), test("y", "eq", 1))).toBe(false);
    expect(implies(test("x", "ne", 1), test("x", "exists", true))).toBe(true);
    expect(implies(test("x", "missing", true), test("x", "exists", true))).toBe(false);
    expect(implies(test("x", "eq", 1), { op: "or", args: [test("y", "eq", 1), test("x", "in", [1, 2])] })).toBe(true);
    expect(implies({ op: "or", args: [test("x", "eq", 1), test("x", "eq", 3)] }, test("x", "lte", 3))).toBe(true);
    expect(implies({ op: "or", args: [test("x", "eq", 1), test("y", "eq", 3)] }, test("x", "lte", 3))).toBe(false);
    expect(implies(test("x", "eq", 1), { op: "const", value: true })).toBe(true);
    expect(implies({ op: "const", value: false }, test("x", "eq", 1))).toBe(false);
    expect(implies({ op: "not", arg: test("x", "eq", 1) }, { op: "not", arg: test("x", "eq", 1) })).toBe(true);
    expect(implies({ op: "not", arg: test("x", "eq", 1) }, { op: "not", arg: test("x", "in", [1, 2]) })).toBe(false);
  });
});
