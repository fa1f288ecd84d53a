import type { Expr, Ref, ScalarValue, TestExpr, TestOperator } from "@segform/plan";
import { describe, expect, it } from "vitest";
import { diffCondition, icpParts } from "./conditions.js";

const fit: Ref = { kind: "score", name: "fit", type: "number" };
const region: Ref = { kind: "field", name: "region", type: "string" };
const employees: Ref = { kind: "field", name: "employees", type: "integer" };
const test = (ref: Ref, op: TestOperator, value: ScalarValue | ScalarValue[]): TestExpr => ({
  op: "test",
  ref,
  test: op,
  value,
});
const and = (...args: Expr[]): Expr => ({ op: "and", args });
const or = (...args: Expr[]): Expr => ({ op: "or", args });
const not = (arg: Expr): Expr => ({ op: "not", arg });
const named = (name: string, arg: Expr): Expr => ({ op: "named", name, arg });

describe("diffCondition", () => {
  it("is empty for equal conditions", () => {
    expect(
      diffCondition(
        and(test(fit, "gte", 70), test(region, "eq", "NA")),
        and(test(fit, "gte", 70), test(region, "eq", "NA")),
      ),
    ).toEqual([]);
  });

  it("pairs clauses by ref and operator: a value change is one line, a new operator on the same ref a new clause", () => {
    expect(
      diffCondition(
        and(test(fit, "gte", 70), test(region, "eq", "NA")),
        and(test(fit, "gte", 75), test(fit, "lt", 90), test(region, "eq", "NA")),
      ),
    ).toEqual(["fit >= 70 -> fit >= 75", "+ clause fit < 90"]);
  });

  it("pairs repeated tests of the same ref and operator in order", () => {
    expect(
      diffCondition(and(test(fit, "gte", 10), test(fit, "gte", 20)), and(test(fit, "gte", 10), test(fit, "gte", 30))),
    ).toEqual(["fit >= 20 -> fit >= 30"]);
  });

  it("lists changes, then removals, then additions", () => {
    expect(
      diffCondition(
        and(test(region, "eq", "NA"), test(fit, "gte", 70)),
        and(test(employees, "gt", 10), test(fit, "gte", 60)),
      ),
    ).toEqual(["fit >= 70 -> fit >= 60", '- clause region = "NA"', "+ clause employees > 10"]);
  });

  it("compares nested conditions of the same shape as whole clauses", () => {
    expect(
      diffCondition(
        and(test(fit, "gte", 70), or(test(region, "eq", "NA"), test(employees, "gt", 10))),
        and(test(fit, "gte", 70), or(test(region, "eq", "EMEA"), test(employees, "gt", 10))),
      ),
    ).toEqual(['region = "NA" or employees > 10 -> region = "EMEA" or employees > 10']);
  });

  it("compares two disjunctions alternative by alternative", () => {
    expect(
      diffCondition(
        or(test(region, "eq", "NA"), test(fit, "gte", 70)),
        or(test(employees, "gt", 10), test(region, "eq", "NA"), test(fit, "gte", 80)),
      ),
    ).toEqual(["fit >= 70 -> fit >= 80", "+ alternative employees > 10"]);
  });

  it("reports a changed define by name, clause by clause inside it", () => {
    const before = named("mid_market", and(test(employees, "gte", 200), test(employees, "lte", 2000)));
    const after = named("mid_market", and(test(employees, "gte", 250), test(employees, "lte", 2000)));
    expect(diffCondition(and(before, test(fit, "gte", 1)), and(after, test(fit, "gte", 1)))).toEqual([
      "mid_market: employees >= 200 -> employees >= 250",
    ]);
  });

  it("falls back to the whole condition when no clause is shared", () => {
    expect(diffCondition(test(region, "eq", "NA"), not(test(region, "eq", "NA")))).toEqual([
      'region = "NA" -> not (region = "NA")',
    ]);
    expect(diffCondition({ op: "const", value: true }, test(fit, "gte", 50))).toEqual(["always -> fit >= 50"]);
  });
});

describe("icpParts", () => {
  it("splits include AND NOT exclude, either alone, or neither", () => {
    const include = test(employees, "gt", 10);
    const exclude = test(region, "eq", "NA");
    expect(icpParts(and(include, not(exclude)))).toEqual({ include, exclude });
    expect(icpParts(not(exclude))).toEqual({ include: null, exclude });
    expect(icpParts(include)).toEqual({ include, exclude: null });
    expect(icpParts({ op: "const", value: true })).toEqual({ include: null, exclude: null });
  });
});
