import fc from "fast-check";
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

/** The former implementation (a deep-sorted copy, then JSON.stringify): the reference for the direct writer. */
function sortedCopyJson(value: unknown, indent = 0): string {
  const sortKeysDeep = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sortKeysDeep);
    if (item !== null && typeof item === "object") {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(item).sort()) {
        const inner = (item as Record<string, unknown>)[key];
        if (inner !== undefined) sorted[key] = sortKeysDeep(inner);
      }
      return sorted;
    }
    return item;
  };
  return JSON.stringify(sortKeysDeep(value), null, indent) ?? "null";
}

describe("canonicalJson (copies only what is out of order) writes the bytes of JSON.stringify over a deep-sorted copy", () => {
  const key = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom("0", "1", "9", "10", "09", "-1", "1.5", "4294967294", "4294967295", "a", "B", "é", "😀", "\uffff"),
  );
  const leaf = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(-0),
  );
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object")),
    array: fc.array(tie("node"), { maxLength: 5 }),
    object: fc.dictionary(key, tie("node"), { maxKeys: 6 }),
  })).node;
  it("for any JSON-like value, compact and indented", () => {
    fc.assert(
      fc.property(tree, fc.constantFrom(0, 1, 2, 4), (value, indent) => {
        expect(canonicalJson(value, indent)).toBe(sortedCopyJson(value, indent));
      }),
      { seed: 18, numRuns: 2000 },
    );
  });
  it("for the top-level and empty cases", () => {
    for (const value of [
      undefined,
      null,
      "x",
      0,
      -0,
      1e21,
      1e-7,
      [],
      {},
      [undefined],
      { a: undefined },
      [[]],
      [{}],
      new Date(0),
      { b: 1, a: { toJSON: () => "x" } },
      Object.assign(Object.create(null), { b: 1, a: 2 }),
      { a: 1, b: [1, { d: 1, c: 2 }] },
      { 10: 1, 9: 2, a: 3 },
    ])
      for (const indent of [0, 2]) expect(canonicalJson(value, indent)).toBe(sortedCopyJson(value, indent));
  });
});
