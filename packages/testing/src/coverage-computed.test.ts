// Coverage of clauses on derived fields (`compute:`): evaluated from the computed value, as explain shows it.
import { PLAN_VERSION, withHash, type Plan } from "@segform/plan";
import { Engine, accountEnv } from "@segform/engine";
import { describe, expect, it } from "vitest";
import { CoverageCollector } from "./coverage.js";

const plan: Plan = withHash({
  planVersion: PLAN_VERSION,
  name: "derived",
  key: "id",
  fields: [
    {
      name: "employees",
      type: "integer",
      column: "employees",
      default: null,
      nullable: true,
      enum: null,
      separator: ";",
    },
    { name: "id", type: "string", column: "id", default: null, nullable: true, enum: null, separator: ";" },
    { name: "revenue", type: "number", column: "revenue", default: null, nullable: true, enum: null, separator: ";" },
  ],
  computed: [
    {
      name: "per_head",
      type: "number",
      expr: {
        op: "/",
        left: { op: "field", name: "revenue", type: "number" },
        right: { op: "field", name: "employees", type: "integer" },
      },
    },
  ],
  icp: { op: "test", ref: { kind: "field", name: "per_head", type: "number" }, test: "gte", value: 100 },
  scores: [],
  tiers: [],
  segments: [],
  fallback: { id: "rest", activate: [] },
  contacts: null,
  activations: [],
  destinations: [],
  quality: {},
});

describe("coverage of a clause on a derived field", () => {
  it("is seen true and false from the computed values (a division by zero is missing, so false)", () => {
    const engine = new Engine(plan, { asOf: "2026-11-01" });
    const coverage = new CoverageCollector(plan);
    const record = (row: Record<string, string>, index: number) => {
      const prepared = engine.prepare(engine.coercer.fromObject(row), index);
      const result = engine.finish(prepared);
      coverage.recordAccount(
        accountEnv(plan, prepared, result.tier, engine.asOfDay),
        result.icp,
        result.tier,
        result.segment,
      );
      return result.icp;
    };
    expect(record({ id: "a", revenue: "1000", employees: "5" }, 0)).toBe(true);
    expect(coverage.report().items.find((item) => item.owner === "icp")).toMatchObject({
      clause: "per_head >= 100",
      seenTrue: true,
      seenFalse: false,
    });
    expect(record({ id: "b", revenue: "1000", employees: "0" }, 1)).toBe(false);
    expect(coverage.report().items.find((item) => item.owner === "icp")).toMatchObject({
      clause: "per_head >= 100",
      seenTrue: true,
      seenFalse: true,
    });
  });
});
