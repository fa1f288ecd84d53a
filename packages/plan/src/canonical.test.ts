import { describe, expect, it } from "vitest";
import { canonicalJson, planHash, parsePlan, serializePlan, withHash, PLAN_VERSION, type UnhashedPlan } from "./index.js";

const base: UnhashedPlan = {
  planVersion: PLAN_VERSION,
  name: "t",
  key: "id",
  fields: [{ name: "id", type: "string", column: "id", default: null, nullable: false, enum: null, separator: ";" }],
  icp: { op: "const", value: true },
  scores: [],
  tiers: [],
  segments: [],
  fallback: { id: "other", activate: [] },
  contacts: null,
  activations: [],
  destinations: [],
  quality: {},
};

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it("refuses non-finite numbers", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow("non-finite");
  });
});

describe("plan hash", () => {
  it("does not depend on key order", () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as UnhashedPlan;
    expect(planHash(reordered)).toBe(planHash(base));
  });
  it("changes when the meaning changes", () => {
    expect(planHash({ ...base, name: "u" })).not.toBe(planHash(base));
  });
  it("round-trips through serializePlan / parsePlan", () => {
    const plan = withHash(base);
    expect(parsePlan(serializePlan(plan))).toEqual(plan);
  });
  it("rejects an edited plan and an unknown version", () => {
    const plan = withHash(base);
    expect(() => parsePlan(serializePlan({ ...plan, name: "edited" }))).toThrow("plan hash does not match");
    expect(() => parsePlan(JSON.stringify({ ...plan, planVersion: 99 }))).toThrow("plan version 99 is not supported (supported: 1)");
  });
});
