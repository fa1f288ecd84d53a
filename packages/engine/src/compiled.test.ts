import type { ScalarValue, TestOperator } from "@segform/plan";
import { describe, expect, it } from "vitest";
import {
  ALWAYS,
  and,
  bothResults,
  field,
  named,
  NEVER,
  not,
  or,
  planWith,
  run,
  scoreTest,
  STANDARD_FIELDS,
  test,
  values,
  AS_OF_DAY,
} from "../test/helpers.js";
import { compileAccountPlan, compileRoles } from "./compiled.js";

/** Expects both the compiled engine and the interpreter to give `expected`. */
function expectVerdict(
  expr: Parameters<typeof bothResults>[0],
  record: Record<string, unknown>,
  expected: boolean,
  asOf?: string,
): void {
  expect(bothResults(expr, record, asOf), JSON.stringify(record)).toEqual({
    compiled: expected,
    interpreted: expected,
  });
}

interface OperatorCase {
  field: string;
  op: TestOperator;
  value: ScalarValue | ScalarValue[];
  /** Raw input values (as they would come from JSON or CSV) for which the test holds. */
  yes: unknown[];
  /** Raw input values, present, for which it does not. */
  no: unknown[];
}

const SEVEN_STRINGS = ["a", "b", "c", "d", "e", "f", "g"];
const EIGHT_INTEGERS = [10, 20, 30, 40, 50, 60, 70, 80];
const SEVEN_DATES = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01"];

const CASES: OperatorCase[] = [
  // integer
  { field: "n", op: "eq", value: 5, yes: [5, "5", " 5 ", "5.0", "+5"], no: [6, -5, 0] },
  { field: "n", op: "eq", value: 0, yes: [0, "0", "-0"], no: [1] },
  { field: "n", op: "ne", value: 5, yes: [6, 0, -5], no: [5, "5"] },
  { field: "n", op: "in", value: [1, 2, 3], yes: [1, 3], no: [0, 4] },
  { field: "n", op: "in", value: EIGHT_INTEGERS, yes: [10, 50, 80], no: [0, 15, 90, 800] },
  { field: "n", op: "not_in", value: [1, 2, 3], yes: [0, 4, -1], no: [1, 3] },
  { field: "n", op: "not_in", value: EIGHT_INTEGERS, yes: [15, 0], no: [10, 80] },
  { field: "n", op: "gt", value: 10, yes: [11, 1_000_000_000], no: [10, -11] },
  { field: "n", op: "gte", value: 10, yes: [10, 11], no: [9, -10] },
  { field: "n", op: "lt", value: 10, yes: [9, -1000], no: [10, 11] },
  { field: "n", op: "lte", value: 10, yes: [10, -10], no: [11] },
  { field: "n", op: "between", value: [10, 20], yes: [10, 15, 20], no: [9, 21] },
  { field: "n", op: "between", value: [-5, -5], yes: [-5], no: [-4, -6] },
  { field: "n", op: "gte", value: 1200, yes: ["1,200", "1200"], no: ["1,199"] },
  // number
  { field: "x", op: "eq", value: 1.5, yes: [1.5, "1.50", "15e-1"], no: [1.4999, 15] },
  { field: "x", op: "ne", value: 0, yes: [0.001, -0.5], no: [0, "-0", "0.0"] },
  { field: "x", op: "in", value: [0.5, 1.5], yes: [0.5, 1.5], no: [1] },
  { field: "x", op: "in", value: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], yes: [0.7, "0.1"], no: [0.8] },
  { field: "x", op: "not_in", value: [0.5, 1.5], yes: [1], no: [0.5] },
  { field: "x", op: "not_in", value: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], yes: [0.8], no: [0.3] },
  { field: "x", op: "gt", value: -0.5, yes: [0, -0.4], no: [-0.5, -1] },
  { field: "x", op: "gte", value: -0.5, yes: [-0.5, 3], no: [-0.51] },
  { field: "x", op: "lt", value: 99.9, yes: [99.89, -1e300], no: [99.9, 1e300] },
  { field: "x", op: "lte", value: 99.9, yes: [99.9], no: [99.91] },
  { field: "x", op: "between", value: [-1.5, 2.5], yes: [-1.5, 0, 2.5], no: [-1.51, 2.51] },
  // string
  { field: "s", op: "eq", value: "Acme", yes: ["Acme", "  Acme  "], no: ["acme", "Acme Corp"] },
  { field: "s", op: "eq", value: "94107", yes: ["94107", 94107], no: [94108] },
  { field: "s", op: "ne", value: "Acme", yes: ["acme", "Other"], no: ["Acme"] },
  { field: "s", op: "in", value: ["NA", "EMEA"], yes: ["EMEA", "NA"], no: ["emea", "APAC"] },
  { field: "s", op: "in", value: SEVEN_STRINGS, yes: ["a", "g"], no: ["h", "A"] },
  { field: "s", op: "not_in", value: ["NA", "EMEA"], yes: ["APAC"], no: ["NA"] },
  { field: "s", op: "not_in", value: SEVEN_STRINGS, yes: ["h", "A"], no: ["g"] },
  { field: "s", op: "contains", value: "cme", yes: ["Acme", "cme"], no: ["ACME", "cm"] },
  { field: "s", op: "starts_with", value: "Ac", yes: ["Acme", "Ac"], no: ["acme", "The Acme"] },
  { field: "s", op: "ends_with", value: "me", yes: ["Acme", "me"], no: ["Acme Inc", "ME"] },
  { field: "s", op: "matches", value: "(?i)^acme", yes: ["ACME corp", "acme"], no: ["The Acme"] },
  { field: "s", op: "matches", value: "cme", yes: ["Acme Corp", "cme"], no: ["ACME"] },
  { field: "s", op: "matches", value: "^\\d{5}$", yes: ["94107", 94107], no: ["9410", "941077"] },
  {
    field: "s",
    op: "matches",
    value: "(?i)^(vp|chief) .*(revenue|sales)",
    yes: ["VP Global Sales", "chief revenue officer"],
    no: ["SVP Sales", "VP Data"],
  },
  // boolean
  { field: "b", op: "eq", value: true, yes: [true, "yes", "TRUE", 1, "1"], no: [false, "no", 0] },
  { field: "b", op: "eq", value: false, yes: [false, "N", 0, "f"], no: [true] },
  { field: "b", op: "ne", value: true, yes: [false], no: [true] },
  { field: "b", op: "ne", value: false, yes: [true], no: [false] },
  // date (as of 2026-06-15)
  {
    field: "d",
    op: "eq",
    value: "2026-01-31",
    yes: ["2026-01-31", "2026-01-31T23:59:59Z"],
    no: ["2026-02-01", "2026-01-30"],
  },
  { field: "d", op: "ne", value: "2026-01-31", yes: ["2026-02-01"], no: ["2026-01-31"] },
  { field: "d", op: "in", value: ["2026-01-01", "2026-03-01"], yes: ["2026-03-01"], no: ["2026-02-01"] },
  { field: "d", op: "in", value: SEVEN_DATES, yes: ["2026-01-01", "2026-07-01T08:00:00Z"], no: ["2026-07-02"] },
  { field: "d", op: "not_in", value: ["2026-01-01", "2026-03-01"], yes: ["2026-02-01"], no: ["2026-01-01"] },
  { field: "d", op: "not_in", value: SEVEN_DATES, yes: ["2026-07-02"], no: ["2026-04-01"] },
  { field: "d", op: "gt", value: "2026-01-31", yes: ["2026-02-01"], no: ["2026-01-31", "2025-12-31"] },
  { field: "d", op: "gte", value: "2026-01-31", yes: ["2026-01-31", "2027-01-01"], no: ["2026-01-30"] },
  { field: "d", op: "lt", value: "2026-01-31", yes: ["2026-01-30", "1999-12-31"], no: ["2026-01-31"] },
  { field: "d", op: "lte", value: "2026-01-31", yes: ["2026-01-31"], no: ["2026-02-01"] },
  {
    field: "d",
    op: "between",
    value: ["2026-01-01", "2026-01-31"],
    yes: ["2026-01-01", "2026-01-15", "2026-01-31"],
    no: ["2025-12-31", "2026-02-01"],
  },
  { field: "d", op: "between", value: ["2024-02-28", "2024-03-01"], yes: ["2024-02-29"], no: ["2024-03-02"] },
  {
    field: "d",
    op: "within_days",
    value: 30,
    yes: ["2026-06-15", "2026-05-16"],
    no: ["2026-05-15", "2026-06-16", "2030-01-01"],
  },
  { field: "d", op: "within_days", value: 0, yes: ["2026-06-15"], no: ["2026-06-14", "2026-06-16"] },
  { field: "d", op: "within_days", value: 365, yes: ["2025-06-15"], no: ["2025-06-14"] },
  // string[]
  {
    field: "tags",
    op: "contains",
    value: "dbt",
    yes: ["dbt;looker", ["looker", "dbt"], " dbt "],
    no: ["dbtx;looker", "DBT", "looker"],
  },
  {
    field: "tags",
    op: "contains_any",
    value: ["dbt", "looker"],
    yes: ["looker", "x;dbt"],
    no: ["snowflake", "dbt looker"],
  },
  {
    field: "tags",
    op: "contains_all",
    value: ["dbt", "looker"],
    yes: ["looker;dbt;x", ["dbt", "looker"]],
    no: ["dbt", "looker;x"],
  },
];

/** Raw inputs that coerce to a missing value, whatever the type. */
const MISSING_INPUTS: Record<string, unknown>[] = [{}, { VALUE: null }, { VALUE: "" }, { VALUE: "   " }];

function record(fieldName: string, raw: unknown): Record<string, unknown> {
  return { [fieldName]: raw };
}

describe("compiled operators (and the interpreter, which must agree)", () => {
  for (const c of CASES) {
    const leaf = test(c.field, c.op, c.value);
    describe(`${c.field} ${c.op} ${JSON.stringify(c.value)}`, () => {
      it("holds for matching values", () => {
        for (const raw of c.yes) expectVerdict(leaf, record(c.field, raw), true);
      });
      it("fails for non-matching values", () => {
        for (const raw of c.no) expectVerdict(leaf, record(c.field, raw), false);
      });
      it("is false on a missing value, and its negation is true", () => {
        for (const input of MISSING_INPUTS) {
          const raw = "VALUE" in input ? { [c.field]: input.VALUE } : {};
          expectVerdict(leaf, raw, false);
          expectVerdict(not(leaf), raw, true);
        }
      });
      it("its negation is false for matching values", () => {
        for (const raw of c.yes) expectVerdict(not(leaf), record(c.field, raw), false);
      });
    });
  }

  const present: Record<string, unknown> = { n: 0, x: -0.5, s: "x", b: false, d: "1970-01-01", tags: "a" };
  for (const f of STANDARD_FIELDS.filter((f) => f.name !== "id")) {
    it(`exists / missing on ${f.type}`, () => {
      const value = present[f.name];
      expectVerdict(test(f.name, "exists"), record(f.name, value), true);
      expectVerdict(test(f.name, "missing"), record(f.name, value), false);
      expectVerdict(not(test(f.name, "missing")), record(f.name, value), true);
      for (const input of MISSING_INPUTS) {
        const raw = "VALUE" in input ? { [f.name]: input.VALUE } : {};
        expectVerdict(test(f.name, "exists"), raw, false);
        expectVerdict(test(f.name, "missing"), raw, true);
        expectVerdict(not(test(f.name, "exists")), raw, true);
        expectVerdict(not(test(f.name, "missing")), raw, false);
      }
    });
  }

  it("treats a value that cannot be coerced as missing", () => {
    expectVerdict(test("n", "ne", 5), { n: "n/a" }, false);
    expectVerdict(test("n", "missing"), { n: "n/a" }, true);
    expectVerdict(test("d", "not_in", ["2026-01-01"]), { d: "2026-02-30" }, false);
    expectVerdict(test("b", "ne", true), { b: "maybe" }, false);
  });

  it("compiles `in` with more than 6 items to a Set lookup and up to 6 items to comparisons", () => {
    const big = compileAccountPlan(planWith({ icp: test("d", "in", SEVEN_DATES) }));
    expect(big.source).toContain("K[0].has(v[5])");
    const small = compileAccountPlan(planWith({ icp: test("s", "in", SEVEN_STRINGS.slice(0, 6)) }));
    expect(small.source).not.toContain(".has(");
    expect(small.source).toContain('v[3] === "f"');
  });

  it("tests with empty lists compile (in/contains_any never hold; not_in/contains_all hold when present)", () => {
    expectVerdict(test("s", "in", []), { s: "a" }, false);
    expectVerdict(test("s", "not_in", []), { s: "a" }, true);
    expectVerdict(test("s", "not_in", []), {}, false);
    expectVerdict(test("tags", "contains_any", []), { tags: "a" }, false);
    expectVerdict(test("tags", "contains_all", []), { tags: "a" }, true);
    expectVerdict(test("tags", "contains_all", []), {}, false);
  });

  it("combines with and / or / not / named / const", () => {
    const mid = named("mid", test("n", "between", [200, 2000]));
    const expr = and(mid, or(test("s", "eq", "NA"), test("s", "eq", "EMEA")), not(test("b", "eq", true)));
    expectVerdict(expr, { n: 500, s: "NA", b: false }, true);
    expectVerdict(expr, { n: 500, s: "EMEA" }, true); // b missing: `b = true` is false, so `not` holds
    expectVerdict(expr, { n: 500, s: "EMEA", b: true }, false);
    expectVerdict(expr, { n: 199, s: "NA" }, false);
    expectVerdict(expr, { n: 500, s: "APAC" }, false);
    expectVerdict(ALWAYS, {}, true);
    expectVerdict(NEVER, {}, false);
    expectVerdict(not(NEVER), {}, true);
    expectVerdict(and(), {}, true);
    expectVerdict(or(), {}, false);
    expectVerdict(not(not(test("n", "gt", 1))), {}, false);
  });
});

describe("scores", () => {
  const scoresPlan = planWith({
    scores: [
      {
        name: "fit",
        kind: "criteria",
        criteria: [
          { id: "big", when: test("n", "gte", 100), points: 60 },
          { id: "named", when: test("s", "eq", "x"), points: 70 },
          { id: "flagged", when: test("b", "eq", true), points: -30 },
        ],
      },
      { name: "intent", kind: "field", field: "x" },
      {
        name: "late",
        kind: "criteria",
        criteria: [
          { id: "neg-first", when: ALWAYS, points: -50 },
          { id: "then", when: test("n", "exists"), points: 60 },
        ],
      },
      {
        name: "derived",
        kind: "criteria",
        criteria: [
          { id: "fit-high", when: scoreTest("fit", "gte", 100), points: 5 },
          { id: "intent-some", when: scoreTest("intent", "gt", 0), points: 2.5 },
        ],
      },
    ],
  });
  const scoresOf = (record: Record<string, unknown>) => run(scoresPlan, [record])[0]!.scores;

  it("sums criteria points and clamps the sum to 0..100 (after summing, not along the way)", () => {
    expect(scoresOf({ n: 100, s: "x" })).toEqual([100, 0, 10, 5]); // 130 -> 100
    expect(scoresOf({ b: true })).toEqual([0, 0, 0, 0]); // -30 -> 0; late: -50 -> 0
    expect(scoresOf({ n: 100, b: true })).toEqual([30, 0, 10, 0]);
    expect(scoresOf({ n: 100, s: "x", b: true })).toEqual([100, 0, 10, 5]); // exactly 100
    expect(scoresOf({})).toEqual([0, 0, 0, 0]);
  });

  it("takes field scores as the value clamped to 0..100, missing = 0", () => {
    expect(scoresOf({ x: 150 })[1]).toBe(100);
    expect(scoresOf({ x: -5 })[1]).toBe(0);
    expect(scoresOf({ x: 42.5 })).toEqual([0, 42.5, 0, 2.5]);
    expect(scoresOf({ x: 100 })[1]).toBe(100);
    expect(scoresOf({ x: 0 })[1]).toBe(0);
    expect(scoresOf({ x: "n/a" })[1]).toBe(0);
    expect(scoresOf({})[1]).toBe(0);
  });
});

describe("tiers, segments and activations", () => {
  const plan = planWith({
    scores: [
      {
        name: "fit",
        kind: "criteria",
        criteria: [
          { id: "big", when: test("n", "gte", 100), points: 80 },
          { id: "sw", when: test("s", "eq", "software"), points: 20 },
        ],
      },
      { name: "intent", kind: "field", field: "x" },
    ],
    icp: not(test("s", "eq", "government")),
    tiers: [
      { id: "t1", when: scoreTest("fit", "gte", 100), activate: ["crm"] },
      { id: "t2", when: scoreTest("fit", "gte", 80) },
      { id: "t3", when: scoreTest("fit", "gte", 20), activate: ["sequence"] },
    ],
    segments: [
      { id: "top", when: test("tier", "eq", "t1"), activate: ["ads"] },
      { id: "untiered", when: test("tier", "missing") },
      { id: "not-t2", when: and(test("tier", "ne", "t2"), test("tier", "not_in", ["t1"])) },
      { id: "software", when: test("s", "eq", "software") },
    ],
    fallback: { id: "rest", activate: ["crm"] },
    activations: [
      { name: "ads", when: scoreTest("intent", "gte", 50) },
      { name: "crm" },
      { name: "sequence", when: test("tier", "in", ["t3"]) },
      { name: "unused" },
    ],
  });

  it("assigns the first matching tier and segment, the fallback, and activations filtered by `when`", () => {
    const results = run(plan, [
      { id: "a", n: 100, s: "software", x: 60 }, // fit 100: t1 -> top; ads (intent 60) + crm (tier)
      { id: "b", n: 100, s: "software", x: 10 }, // t1 -> top; ads filtered out (intent 10)
      { id: "c", n: 100, s: "retail" }, // fit 80: t2; tier != t2 fails -> ... software? no -> rest
      { id: "d", s: "software" }, // fit 20: t3 -> not-t2; sequence
      { id: "e", s: "retail" }, // fit 0: no tier -> untiered
      { id: "f", n: 100, s: "government" }, // outside the ICP
    ]);
    expect(results).toEqual([
      { key: "a", icp: true, scores: [100, 60], tier: "t1", segment: "top", activations: ["ads", "crm"] },
      { key: "b", icp: true, scores: [100, 10], tier: "t1", segment: "top", activations: ["crm"] },
      { key: "c", icp: true, scores: [80, 0], tier: "t2", segment: "rest", activations: ["crm"] },
      { key: "d", icp: true, scores: [20, 0], tier: "t3", segment: "not-t2", activations: ["sequence"] },
      { key: "e", icp: true, scores: [0, 0], tier: null, segment: "untiered", activations: [] },
      { key: "f", icp: false, scores: [80, 0], tier: null, segment: null, activations: [] },
    ]);
  });

  it("lists matching tiers in order and returns the first matching segment index", () => {
    const compiled = compileAccountPlan(plan);
    const v = values(plan, { id: "a", n: 100, s: "software" });
    const s = [0, 0];
    compiled.scores(v, s, AS_OF_DAY);
    expect(s).toEqual([100, 0]);
    expect(compiled.tierMatches(v, s, AS_OF_DAY)).toEqual([0, 1, 2]);
    expect(compiled.segment(v, s, "t1", AS_OF_DAY)).toBe(0);
    expect(compiled.segment(v, s, null, AS_OF_DAY)).toBe(1);
    expect(compiled.segment(v, s, "t3", AS_OF_DAY)).toBe(2);
    expect(compiled.segment(v, s, "t2", AS_OF_DAY)).toBe(3);
    expect(compiled.activationWhen(1, v, s, "t1", AS_OF_DAY)).toBe(true);
    expect(compiled.activationWhen(2, v, s, "t1", AS_OF_DAY)).toBe(false);
    expect(compiled.activationWhen(2, v, s, "t3", AS_OF_DAY)).toBe(true);
    expect(compiled.activationWhen(99, v, s, "t3", AS_OF_DAY)).toBe(true);
  });

  it("compiles contact roles: the first matching role wins, -1 when none", () => {
    const withContacts = planWith({
      contacts: {
        accountKey: "account",
        key: "cid",
        fields: [
          {
            name: "account",
            type: "string",
            column: "account",
            default: null,
            nullable: true,
            enum: null,
            separator: ";",
          },
          { name: "cid", type: "string", column: "cid", default: null, nullable: true, enum: null, separator: ";" },
          { name: "title", type: "string", column: "title", default: null, nullable: true, enum: null, separator: ";" },
        ],
        roles: [
          { id: "buyer", when: test("title", "matches", "(?i)^(vp|chief)", "string") },
          { id: "user", when: test("title", "exists", true, "string") },
        ],
      },
    });
    const role = compileRoles(withContacts)!;
    expect(role([null, null, "VP Data"], AS_OF_DAY)).toBe(0);
    expect(role([null, null, "Analyst"], AS_OF_DAY)).toBe(1);
    expect(role([null, null, null], AS_OF_DAY)).toBe(-1);
    expect(compileRoles(planWith({}))).toBeNull();
  });

  it("rejects references the plan does not declare", () => {
    expect(() => compileAccountPlan(planWith({ icp: test("nope", "exists", true, "string") }))).toThrow(
      "engine: unknown field nope",
    );
    expect(() => compileAccountPlan(planWith({ segments: [{ id: "x", when: scoreTest("nope", "gt", 1) }] }))).toThrow(
      "engine: unknown score nope",
    );
  });
});

describe("time in both directions and list length (as of 2026-06-15)", () => {
  const measuredTest = (
    name: string,
    measure: "days_ago" | "days_until" | "count",
    op: TestOperator,
    value: ScalarValue | ScalarValue[],
  ) => ({ op: "test", ref: { kind: "field", name, type: "integer", measure }, test: op, value }) as const;

  it("within_next_days: from as_of up to N days ahead, both ends included", () => {
    const next30 = test("d", "within_next_days", 30);
    for (const d of ["2026-06-15", "2026-06-16", "2026-07-15"]) expectVerdict(next30, { d }, true);
    for (const d of ["2026-06-14", "2026-07-16", "2025-07-01"]) expectVerdict(next30, { d }, false);
    expectVerdict(next30, {}, false);
    expectVerdict(not(next30), {}, true);
    expectVerdict(test("d", "within_next_days", 0), { d: "2026-06-15" }, true);
    expectVerdict(test("d", "within_next_days", 0), { d: "2026-06-16" }, false);
  });

  it("days_ago and days_until: whole days from and to as_of, negative on the other side; missing fails", () => {
    expectVerdict(measuredTest("d", "days_ago", "gte", 90), { d: "2026-03-17" }, true); // 90 days before
    expectVerdict(measuredTest("d", "days_ago", "gte", 90), { d: "2026-03-18" }, false); // 89
    expectVerdict(measuredTest("d", "days_ago", "eq", -1), { d: "2026-06-16" }, true);
    expectVerdict(measuredTest("d", "days_ago", "between", [0, 0]), { d: "2026-06-15" }, true);
    expectVerdict(measuredTest("d", "days_until", "lte", 30), { d: "2026-07-15" }, true);
    expectVerdict(measuredTest("d", "days_until", "lte", 30), { d: "2026-07-16" }, false);
    expectVerdict(measuredTest("d", "days_until", "lte", 30), { d: "2020-01-01" }, true); // long past: negative days
    expectVerdict(measuredTest("d", "days_until", "in", [1, 2]), { d: "2026-06-17" }, true);
    expectVerdict(measuredTest("d", "days_until", "not_in", [1, 2]), { d: "2026-06-17" }, false);
    expectVerdict(measuredTest("d", "days_until", "lte", 30), {}, false);
    expectVerdict(measuredTest("d", "days_ago", "ne", 0), {}, false);
  });

  it("count: a list's items (after splitting and dropping empty ones); a missing list is missing, an empty default counts 0", () => {
    expectVerdict(measuredTest("tags", "count", "gte", 3), { tags: "a;b; c ;;" }, true);
    expectVerdict(measuredTest("tags", "count", "gte", 3), { tags: "a;b" }, false);
    expectVerdict(measuredTest("tags", "count", "eq", 1), { tags: ["x"] }, true);
    expectVerdict(measuredTest("tags", "count", "lt", 1), {}, false);
    expectVerdict(measuredTest("tags", "count", "lt", 1), { tags: " ; " }, false);
    const plan = planWith({
      fields: [field("id", "string"), field("tags", "string[]", { default: [] })],
      icp: measuredTest("tags", "count", "eq", 0),
    });
    expect(compileAccountPlan(plan).icp(values(plan, {}), AS_OF_DAY)).toBe(true);
    expect(compileAccountPlan(plan).icp(values(plan, { tags: "a" }), AS_OF_DAY)).toBe(false);
  });
});
