import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  planHash,
  parsePlan,
  serializePlan,
  withHash,
  PLAN_VERSION,
  type UnhashedPlan,
} from "./index.js";

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
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
  it("orders keys by UTF-16 code unit: upper case before lower case, non-ASCII last; integer-like keys first", () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, A: 4, é: 5, z: 6, Z: 7, "😀": 8, "\uffff": 9, _: 10 })).toBe(
      '{"A":4,"B":2,"Z":7,"_":10,"a":3,"b":1,"z":6,"é":5,"😀":8,"\uffff":9}',
    );
    // JavaScript lists integer-like keys first, in numeric order, whatever the insertion order: pinned as it is.
    expect(canonicalJson({ b: 1, "10": 2, "9": 3, "09": 4 })).toBe('{"9":3,"10":2,"09":4,"b":1}');
    expect(canonicalJson({ x: [{ b: 1, a: 2 }] }, 2)).toBe(
      '{\n  "x": [\n    {\n      "a": 2,\n      "b": 1\n    }\n  ]\n}',
    );
  });
  it("refuses non-finite numbers", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow("non-finite");
  });
});

describe("plan hash", () => {
  it("is pinned for a synthetic plan (a change to the hashing changes every user's plan hash)", () => {
    // The canonical text written out by hand; the hashes are `printf '%s' TEXT | sha256sum` of it (UTF-8).
    const text =
      '{"activations":[],"contacts":null,"destinations":[],"fallback":{"activate":[],"id":"other"},"fields":[{"column":"id","default":null,"enum":null,"name":"id","nullable":false,"separator":";","type":"string"}],"icp":{"op":"const","value":true},"key":"id","name":"t","planVersion":1,"quality":{},"scores":[],"segments":[],"tiers":[]}';
    expect(canonicalJson(base)).toBe(text);
    expect(planHash(base)).toBe("sha256:991386dec7ded4a36bb608f7033a781146882bf16c30df948e95062cbcc4b930");
    expect(canonicalJson({ ...base, name: "Ünïcode", key: "Id" })).toBe(
      text.replace('"key":"id","name":"t"', '"key":"Id","name":"Ünïcode"'),
    );
    expect(planHash({ ...base, name: "Ünïcode", key: "Id" })).toBe(
      "sha256:dd51780005e5780ef7f395610db20433f585c3d11afd77c07d596135987af7d7",
    );
  });
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
    expect(() => parsePlan(JSON.stringify({ ...plan, planVersion: 99 }))).toThrow(
      "plan version 99 is not supported (supported: 1)",
    );
  });
});
