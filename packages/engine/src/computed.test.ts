import { withHash, type ComputeExpr, type Plan, type PlanComputed } from "@segform/plan";
import { describe, expect, it } from "vitest";
import { AS_OF, day, field, planWith, test, values } from "../test/helpers.js";
import { Engine } from "./engine.js";
import { explainAccount, renderExplanation } from "./explain.js";

const f = (name: string, type: "integer" | "number" | "date"): ComputeExpr => ({ op: "field", name, type });
const n = (value: number): ComputeExpr => ({ op: "number", value });
const call = (
  fn: "min" | "max" | "abs" | "round" | "coalesce" | "days_between",
  ...args: ComputeExpr[]
): ComputeExpr => ({ op: "call", fn, args });

const computed: PlanComputed[] = [
  {
    name: "per_head",
    type: "number",
    expr: { op: "/", left: f("revenue", "number"), right: f("employees", "integer") },
  },
  { name: "rounded", type: "number", expr: call("round", f("per_head", "number"), n(1)) },
  { name: "whole", type: "number", expr: call("round", { op: "neg", arg: f("revenue", "number") }) },
  { name: "tenure", type: "number", expr: call("days_between", f("founded", "date"), f("renewal", "date")) },
  { name: "latest", type: "date", expr: call("max", f("founded", "date"), f("renewal", "date")) },
  {
    name: "fallback",
    type: "number",
    expr: call("coalesce", f("revenue", "number"), { op: "*", left: f("employees", "integer"), right: n(1000) }),
  },
  {
    name: "distance",
    type: "number",
    expr: { op: "neg", arg: call("abs", { op: "-", left: f("revenue", "number"), right: n(100) }) },
  },
  { name: "smallest", type: "number", expr: call("min", f("revenue", "number"), f("employees", "integer"), n(50)) },
  { name: "huge", type: "number", expr: { op: "*", left: f("revenue", "number"), right: n(1e308) } },
];

function planWithComputed(): Plan {
  const { hash: _hash, ...base } = planWith({
    fields: [
      field("id", "string"),
      field("revenue", "number"),
      field("employees", "integer"),
      field("founded", "date"),
      field("renewal", "date"),
    ],
    icp: test("per_head", "gte", 100, "number"),
  });
  return withHash({ ...base, computed });
}

const plan = planWithComputed();
const engine = new Engine(plan, { asOf: AS_OF });

/** The derived values of one record, by name (dates as day numbers). */
function derived(record: Record<string, unknown>): Record<string, unknown> {
  const prepared = engine.prepare(values(plan, record), 0);
  const base = plan.fields.length;
  return Object.fromEntries(computed.map((c, index) => [c.name, prepared.values[base + index]]));
}

describe("derived fields in the engine", () => {
  it("computes every operator and function with exact values", () => {
    expect(derived({ id: "A", revenue: "1000", employees: "8", founded: "2026-01-01", renewal: "2026-03-01" })).toEqual(
      {
        per_head: 125,
        rounded: 125,
        whole: -1000,
        tenure: 59,
        latest: day("2026-03-01"),
        fallback: 1000,
        distance: -900,
        smallest: 8,
        huge: null,
      },
    );
    // round is half up (floor(x * 10^d + 0.5) / 10^d): 2.25 -> 2.3, -2.5 -> -2.
    expect(
      derived({ id: "B", revenue: "2.5", employees: "1", founded: "2026-03-01", renewal: "2026-01-01" }),
    ).toMatchObject({ per_head: 2.5, rounded: 2.5, whole: -2, tenure: -59, latest: day("2026-03-01") });
    expect(derived({ id: "B", revenue: "9", employees: "4" })).toMatchObject({ per_head: 2.25, rounded: 2.3 });
  });

  it("propagates missing values (except coalesce) and makes division by zero missing", () => {
    expect(derived({ id: "C", revenue: "1000", employees: "0" })).toEqual({
      per_head: null,
      rounded: null,
      whole: -1000,
      tenure: null,
      latest: null,
      fallback: 1000,
      distance: -900,
      smallest: 0,
      huge: null,
    });
    expect(derived({ id: "D", employees: "3", founded: "2026-01-01" })).toEqual({
      per_head: null,
      rounded: null,
      whole: null,
      tenure: null,
      latest: null,
      fallback: 3000,
      distance: null,
      smallest: null,
      huge: null,
    });
    expect(derived({ id: "E" })).toMatchObject({ fallback: null, per_head: null });
  });

  it("reads derived fields in conditions, and explains them with their expression", () => {
    const account = engine.prepare(values(plan, { id: "A", revenue: "1000", employees: "8" }), 0);
    expect(account.icp).toBe(true);
    expect(engine.prepare(values(plan, { id: "B", revenue: "1000", employees: "0" }), 1).icp).toBe(false);
    const explanation = explainAccount(plan, account, engine.finish(account), engine.asOfDay);
    expect(explanation.icp.trace).toEqual({
      text: "per_head >= 100",
      result: true,
      actual: "125 = revenue / employees",
    });
    expect(renderExplanation(explanation)).toContain("✓ per_head >= 100  (was 125 = revenue / employees)");
  });
});
