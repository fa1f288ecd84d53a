import { describe, expect, it } from "vitest";
import { ALWAYS, planWith } from "../test/helpers.js";
import { ResultFormatter } from "./formats.js";
import { MembershipRowError, membershipColumns, membershipRowParser } from "./membership.js";
import type { AccountResult } from "./engine.js";

const plan = {
  ...planWith({
    scores: [
      { name: "fit", kind: "criteria", criteria: [] },
      { name: "intent", kind: "field", field: "employees" },
    ],
    tiers: [{ id: "t1" }],
    segments: [{ id: "fintech" }],
    activations: [{ name: "crm" }, { name: "ads" }],
  }),
  audiences: [{ id: "buyers", owner: null, when: ALWAYS, activate: [] }],
};

const results: AccountResult[] = [
  {
    key: "a1",
    icp: true,
    scores: [70, 12.5],
    tier: "t1",
    segment: "fintech",
    activations: ["crm", "ads"],
    audiences: ["buyers"],
  },
  { key: "a2", icp: false, scores: [0, 0], tier: null, segment: null, activations: [], audiences: [] },
  {
    key: "a3",
    icp: true,
    scores: [10, 1.2345],
    tier: null,
    segment: "fintech",
    activations: ["crm", "ads"],
    audiences: [],
  },
];

/** Writes the results as `segform run` does and splits the text into the records a source gives. */
function written(format: "csv" | "jsonl"): { header?: string[]; records: { cells?: string[]; object?: unknown }[] } {
  const formatter = new ResultFormatter(plan, format, false);
  const text = formatter.begin() + results.map((result) => formatter.row(result, undefined)).join("") + formatter.end();
  const lines = text.trimEnd().split("\n");
  if (format === "jsonl") return { records: lines.map((line) => ({ object: JSON.parse(line) })) };
  return { header: lines[0]!.split(","), records: lines.slice(1).map((line) => ({ cells: line.split(",") })) };
}

describe("membership rows", () => {
  it("names the columns segform run writes, in its order", () => {
    expect(membershipColumns(plan)).toEqual(["id", "icp", "fit", "intent", "tier", "segment", "activations"]);
    expect(written("csv").header).toEqual([...membershipColumns(plan), "audiences"]);
  });

  for (const format of ["csv", "jsonl"] as const) {
    it(`reads back what the ${format} formatter writes`, () => {
      const { header, records } = written(format);
      const parse = membershipRowParser(plan, header);
      const rows = records.map(parse);
      expect(rows).toEqual(results.map((result) => ({ ...result, key: String(result.key) })));
      // Equal lists are one shared, frozen array.
      expect(rows[0]!.activations).toBe(rows[2]!.activations);
      expect(Object.isFrozen(rows[0]!.activations)).toBe(true);
    });
  }

  it("gives a CSV's roles without contact keys", () => {
    const parse = membershipRowParser(plan, [...membershipColumns(plan), "roles"]);
    expect(parse({ cells: ["a1", "true", "1", "2", "", "", "", "buyer;champion"] }).roles).toEqual({
      buyer: [],
      champion: [],
    });
  });

  it("accepts a NaN score written as NaN, and no other text", () => {
    const parse = membershipRowParser(plan, membershipColumns(plan));
    expect(parse({ cells: ["a1", "true", "NaN", "2", "", "", ""] }).scores).toEqual([Number.NaN, 2]);
    expect(() => parse({ cells: ["a1", "true", "", "2", "", "", ""] })).toThrow("score fit is not a number");
    expect(() => parse({ cells: ["a1", "true", "1", "x", "", "", ""] })).toThrow("score intent is not a number");
    // What Number() reads but run never writes.
    for (const text of ["Infinity", "-Infinity", " 1", "1 ", "+1", "0x10", "-0x10", "0b1", "0o7", "1.", ".5", "1e"]) {
      expect(() => parse({ cells: ["a1", "true", text, "2", "", "", ""] }), text).toThrow("score fit is not a number");
    }
    // What run writes.
    for (const [text, value] of [
      ["0", 0],
      ["-3.5", -3.5],
      ["100", 100],
      ["1e-7", 1e-7],
      ["0.25", 0.25],
      ["-0", -0],
    ] as const) {
      expect(parse({ cells: ["a1", "true", text, "2", "", "", ""] }).scores[0], text).toBe(value);
    }
  });

  const csvCases: [string, string[], string][] = [
    ["no key", ["", "true", "1", "2", "", "", ""], "an account without a key"],
    ["a bad icp", ["a1", "yes", "1", "2", "", "", ""], "icp is not true or false"],
  ];
  for (const [name, cells, message] of csvCases) {
    it(`refuses a CSV row with ${name}`, () => {
      const parse = membershipRowParser(plan, membershipColumns(plan));
      expect(() => parse({ cells })).toThrow(new MembershipRowError(message));
    });
  }

  const good = { account: "a1", icp: true, scores: { fit: 1, intent: 2 }, tier: null, segment: null, activations: [] };
  const jsonCases: [string, unknown, string][] = [
    ["a list", [1], "a row is not an object"],
    ["null", null, "a row is not an object"],
    ["no key", { ...good, account: null }, "an account without a key (`account`)"],
    ["a bad icp", { ...good, icp: "true" }, "icp is not true or false"],
    ["a missing score", { ...good, scores: { fit: 1 } }, "score intent is not a number"],
    ["a tier that is not text", { ...good, tier: 3 }, "tier is not a string"],
    ["a segment that is not text", { ...good, segment: false }, "segment is not a string"],
    ["activations that are not names", { ...good, activations: "crm" }, "activations is not a list of names"],
    ["audiences that are not ids", { ...good, audiences: [1] }, "audiences is not a list of ids"],
  ];
  for (const [name, object, message] of jsonCases) {
    it(`refuses a JSON row with ${name}`, () => {
      const parse = membershipRowParser(plan, undefined);
      expect(() => parse({ object })).toThrow(new MembershipRowError(message));
    });
  }

  it("keeps a numeric JSON key as text", () => {
    expect(membershipRowParser(plan, undefined)({ object: { ...good, account: 7 } }).key).toBe("7");
  });
});
