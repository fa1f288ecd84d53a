import fc from "fast-check";
import type {
  Expr,
  Plan,
  PlanActivation,
  PlanScore,
  PlanSegment,
  PlanTier,
  Ref,
  ScalarValue,
  TestExpr,
  TestOperator,
} from "@segform/plan";
import { describe, expect, it } from "vitest";
import {
  ALWAYS,
  and,
  AS_OF,
  AS_OF_DAY,
  named,
  not,
  planWith,
  rankByScore,
  referenceAllocation,
  scoreTest,
  STANDARD_FIELDS,
  test,
  values,
  type ReferenceCandidate,
} from "../test/helpers.js";
import { join, js } from "./codegen.js";
import type { Value } from "./coerce.js";
import { ExprCompiler, slotsFor } from "./compiled.js";
import { Engine, evaluateAccounts } from "./engine.js";
import { explainAccount, renderExplanation, traceExpr, type Env, type Trace } from "./explain.js";

// Pools shared by test constants and account values, so that tests often hit exactly at their thresholds. ---

const INTEGERS = [-1e15, -100, -1, 0, 1, 5, 10, 99, 100, 101, 1e15, Number.MAX_SAFE_INTEGER];
const NUMBERS = [-1e300, -2.5, -0.5, 0, 0.1, 0.5, 1.5, 50, 99.99, 100, 1e300];
const STRINGS = [
  "Acme",
  "acme",
  "ACME Corp",
  '"',
  "\\",
  "'",
  "</script>",
  "\u2028",
  "${x}",
  "ünïcödé",
  "😀",
  'a"b\\c',
  "NA",
  "EMEA",
  "",
  "x".repeat(80),
];
const DATES = [
  "1970-01-01",
  "2024-02-29",
  "2025-06-15",
  "2026-05-16",
  "2026-05-15",
  "2026-06-14",
  "2026-06-15",
  "2026-06-16",
  "2030-01-01",
];
const TAGS = ["dbt", "looker", "snowflake", "DBT", '"', "\\", "😀"];
const PATTERNS = ["(?i)^acme", "cme", "^$", "\\d", '["\\\\]', "é", "^a|b$", "(?i)corp$", "\\x{2028}", "😀"];
const DAYS = [0, 1, 30, 365, 100_000];
const SCORE_VALUES = [-1, 0, 10, 49.5, 50, 60, 100, 101];
const TIER_IDS = ["t1", "t2", "t3", "t4"];
const ACTIVATION_NAMES = ["a1", "a2", "a3"];

const OPERATORS: Record<string, TestOperator[]> = {
  integer: ["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between", "exists", "missing"],
  number: ["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between", "exists", "missing"],
  date: [
    "eq",
    "ne",
    "in",
    "not_in",
    "gt",
    "gte",
    "lt",
    "lte",
    "between",
    "exists",
    "missing",
    "within_days",
    "within_next_days",
  ],
  string: ["eq", "ne", "in", "not_in", "exists", "missing", "contains", "starts_with", "ends_with", "matches"],
  boolean: ["eq", "ne", "exists", "missing"],
  "string[]": ["exists", "missing", "contains", "contains_any", "contains_all"],
  tier: ["eq", "ne", "in", "not_in", "exists", "missing"],
};

function poolFor(ref: Ref): readonly ScalarValue[] {
  if (ref.kind === "tier") return [...TIER_IDS, "nope"];
  if (ref.kind === "score") return SCORE_VALUES;
  switch (ref.type) {
    case "integer":
      return INTEGERS;
    case "number":
      return NUMBERS;
    case "date":
      return DATES;
    case "boolean":
      return [true, false];
    case "string":
      return STRINGS;
    case "string[]":
      return TAGS;
  }
}

function valueArb(ref: Ref, op: TestOperator): fc.Arbitrary<ScalarValue | ScalarValue[]> {
  const scalar = fc.constantFrom(...poolFor(ref));
  switch (op) {
    case "exists":
    case "missing":
      return fc.constant(true);
    case "in":
    case "not_in":
    case "contains_any":
    case "contains_all":
      return fc.array(scalar, { maxLength: 9 });
    case "between":
      return fc.tuple(scalar, scalar);
    case "matches":
      return fc.constantFrom(...PATTERNS);
    case "within_days":
    case "within_next_days":
      return fc.constantFrom(...DAYS);
    default:
      return scalar;
  }
}

interface Scope {
  scores: string[];
  tier: boolean;
}

const FIELD_REFS: Ref[] = [
  ...STANDARD_FIELDS.map((f): Ref => ({ kind: "field", name: f.name, type: f.type })),
  // Measures of a field: numeric tests on days from / to as-of and on a list's length.
  { kind: "field", name: "d", type: "integer", measure: "days_ago" },
  { kind: "field", name: "d", type: "integer", measure: "days_until" },
  { kind: "field", name: "tags", type: "integer", measure: "count" },
];

function leafArb(scope: Scope): fc.Arbitrary<TestExpr> {
  const refs: Ref[] = [
    ...FIELD_REFS,
    ...scope.scores.map((name): Ref => ({ kind: "score", name, type: "number" })),
    ...(scope.tier ? [{ kind: "tier", name: "tier", type: "string" } as Ref] : []),
  ];
  return fc
    .constantFrom(...refs)
    .chain((ref) =>
      fc
        .constantFrom(...OPERATORS[ref.kind === "tier" ? "tier" : ref.type]!)
        .chain((op) => valueArb(ref, op).map((value): TestExpr => ({ op: "test", ref, test: op, value }))),
    );
}

function exprArb(scope: Scope, depth = 3): fc.Arbitrary<Expr> {
  const leaf = leafArb(scope);
  if (depth === 0)
    return fc.oneof(
      { arbitrary: leaf, weight: 6 },
      { arbitrary: fc.boolean().map((value): Expr => ({ op: "const", value })), weight: 1 },
    );
  const inner = exprArb(scope, depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 5 },
    { arbitrary: fc.array(inner, { maxLength: 3 }).map((args): Expr => ({ op: "and", args })), weight: 2 },
    { arbitrary: fc.array(inner, { maxLength: 3 }).map((args): Expr => ({ op: "or", args })), weight: 2 },
    { arbitrary: inner.map((arg): Expr => ({ op: "not", arg })), weight: 2 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom("mid", "hot"), inner)
        .map(([name, arg]): Expr => ({ op: "named", name, arg })),
      weight: 1,
    },
    { arbitrary: fc.boolean().map((value): Expr => ({ op: "const", value })), weight: 1 },
  );
}

const SCORE_NAMES = ["fit", "intent", "combo"];

const scoresArb: fc.Arbitrary<PlanScore[]> = fc.integer({ min: 0, max: 3 }).chain((count) =>
  fc.tuple(
    ...SCORE_NAMES.slice(0, count).map(
      (name, index): fc.Arbitrary<PlanScore> =>
        fc.oneof(
          fc.constantFrom("n", "x").map((fieldName): PlanScore => ({ name, kind: "field", field: fieldName })),
          fc
            .array(
              fc.record({
                when: exprArb({ scores: SCORE_NAMES.slice(0, index), tier: false }, 2),
                points: fc.oneof(fc.integer({ min: -60, max: 80 }), fc.constantFrom(0.1, 0.2, 33.3)),
              }),
              { maxLength: 4 },
            )
            .map(
              (criteria): PlanScore => ({
                name,
                kind: "criteria",
                criteria: criteria.map((c, i) => ({ id: `c${i}`, ...c })),
              }),
            ),
        ),
    ),
  ),
);

function planArb(): fc.Arbitrary<Plan> {
  return scoresArb.chain((scores) => {
    const all: Scope = { scores: scores.map((s) => s.name), tier: false };
    const withTier: Scope = { ...all, tier: true };
    const rankRefs: Ref[] = [
      ...all.scores.map((name): Ref => ({ kind: "score", name, type: "number" })),
      { kind: "field", name: "n", type: "integer" },
      { kind: "field", name: "x", type: "number" },
      { kind: "field", name: "d", type: "date" },
    ];
    const activate = fc.subarray(ACTIVATION_NAMES);
    const tierArb = fc.record({
      when: exprArb(all),
      capacity: fc.option(fc.nat(3), { nil: null }),
      rankBy: fc.array(
        fc.record({ ref: fc.constantFrom(...rankRefs), order: fc.constantFrom("asc" as const, "desc" as const) }),
        { maxLength: 2 },
      ),
      activate,
    });
    return fc
      .record({
        icp: exprArb({ scores: [], tier: false }),
        tiers: fc.array(tierArb, { maxLength: 4 }),
        segments: fc.array(fc.record({ when: exprArb(withTier), activate }), { maxLength: 4 }),
        fallbackActivate: activate,
        activationWhens: fc.tuple(...ACTIVATION_NAMES.map(() => fc.option(exprArb(withTier, 2), { nil: null }))),
      })
      .map(({ icp, tiers, segments, fallbackActivate, activationWhens }) =>
        planWith({
          icp,
          scores,
          tiers: tiers.map((tier, index): Partial<PlanTier> & { id: string } => ({ id: TIER_IDS[index]!, ...tier })),
          segments: segments.map((segment, index): Partial<PlanSegment> & { id: string } => ({
            id: `s${index + 1}`,
            ...segment,
          })),
          fallback: { id: "other", activate: fallbackActivate },
          activations: ACTIVATION_NAMES.map((name, index): Partial<PlanActivation> & { name: string } => ({
            name,
            when: activationWhens[index]!,
          })),
        }),
      );
  });
}

/** Raw account values as they may come from CSV or JSON: typed, as text, malformed, empty or absent. */
const RAW: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.option(fc.constantFrom("a", "b", "c", "A", "", " a "), { nil: undefined }),
  n: fc.oneof(
    fc.constantFrom(...INTEGERS),
    fc.integer(),
    fc.constantFrom("1,200", " 5 ", "", "n/a", "1.5", "10.0", "-0", null),
  ),
  x: fc.oneof(
    fc.constantFrom(...NUMBERS),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom("1e3", "abc", "", "-0", "1,000.5", null),
  ),
  s: fc.oneof(
    fc.constantFrom(...STRINGS),
    fc.string({ unit: "binary", maxLength: 6 }),
    fc.constantFrom(" Acme ", 94107, true, null),
  ),
  b: fc.constantFrom(true, false, "yes", "no", "maybe", 1, 0, 2, "", null),
  d: fc.oneof(
    fc.constantFrom(...DATES),
    fc.constantFrom("2026-02-30", "", "garbage", 20260101, "2026-06-15T23:59:59Z", null),
  ),
  tags: fc.oneof(
    fc.array(fc.oneof(fc.constantFrom(...TAGS), fc.constantFrom("", " dbt ", 3)), { maxLength: 4 }),
    fc.array(fc.constantFrom(...TAGS, ""), { maxLength: 4 }).map((items) => items.join(";")),
    fc.constantFrom("", null),
  ),
};

const recordArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  Object.fromEntries(Object.entries(RAW).map(([name, arb]) => [name, fc.option(arb, { nil: undefined })])),
  { requiredKeys: [] },
);

// The interpreter side ------------------------------------------------------------------------------------

function clamp(value: number): number {
  return (value < 0 ? 0 : Math.min(value, 100)) + 0; // + 0 turns -0 into 0
}

/** Every node of an expression, parent before children (the order of a trace's nodes too). */
function nodes(expr: Expr, out: Expr[] = []): Expr[] {
  out.push(expr);
  if (expr.op === "not" || expr.op === "named") nodes(expr.arg, out);
  if (expr.op === "and" || expr.op === "or") for (const arg of expr.args) nodes(arg, out);
  return out;
}

function traceResults(trace: Trace, out: boolean[] = []): boolean[] {
  out.push(trace.result);
  for (const child of trace.children ?? []) traceResults(child, out);
  return out;
}

function planExprs(plan: Plan): Expr[] {
  return [
    plan.icp,
    ...plan.scores.flatMap((score) => (score.kind === "criteria" ? score.criteria.map((c) => c.when) : [])),
    ...plan.tiers.map((t) => t.when),
    ...plan.segments.map((s) => s.when),
    ...plan.activations.flatMap((a) => (a.when ? [a.when] : [])),
  ];
}

/** One generated function giving the compiled result of every node of every expression of the plan. */
function compileAllNodes(plan: Plan): (v: Value[], s: number[], t: string | null) => boolean[] {
  const compiler = new ExprCompiler(slotsFor(plan));
  const all = planExprs(plan).flatMap((expr) => nodes(expr));
  const body = js`"use strict"; return [${join(
    all.map((node) => compiler.expr(node)),
    ", ",
  )}];`;
  const fn = new Function("K", "v", "s", "t", "asOf", body.text) as (
    k: unknown[],
    v: Value[],
    s: number[],
    t: string | null,
    asOf: number,
  ) => boolean[];
  return (v, s, t) => fn(compiler.constants, v, s, t, AS_OF_DAY);
}

interface Interpreted {
  icp: boolean;
  scores: number[];
  matches: number[];
  env: Env;
}

/** ICP, scores and matching tiers by the interpreter alone (scores computed in order from its own results). */
function interpretAccount(plan: Plan, fieldValues: Value[]): Interpreted {
  const fieldIndex = new Map(plan.fields.map((f, i) => [f.name, i]));
  const scoreIndex = new Map(plan.scores.map((s, i) => [s.name, i]));
  const scores: number[] = [];
  const env: Env = {
    field: (name) => fieldValues[fieldIndex.get(name)!] ?? null,
    score: (name) => {
      const value = scores[scoreIndex.get(name)!];
      if (value === undefined) throw new Error(`score ${name} read before it is computed`);
      return value;
    },
    tier: null,
    asOf: AS_OF_DAY,
    refType: (t) => t.ref.type,
  };
  for (const score of plan.scores) {
    if (score.kind === "field") {
      const value = env.field(score.field);
      scores.push(clamp(typeof value === "number" ? value : 0));
    } else {
      let sum = 0;
      for (const criterion of score.criteria) if (traceExpr(criterion.when, env).result) sum += criterion.points;
      scores.push(clamp(sum));
    }
  }
  const icp = traceExpr(plan.icp, env).result;
  const matches = icp ? plan.tiers.flatMap((tier, index) => (traceExpr(tier.when, env).result ? [index] : [])) : [];
  return { icp, scores, matches, env };
}

function rankValue(plan: Plan, ref: Ref, interpreted: Interpreted): number | string | null {
  if (ref.kind === "score") return interpreted.scores[plan.scores.findIndex((s) => s.name === ref.name)]!;
  const value = interpreted.env.field(ref.name);
  return typeof value === "number" || typeof value === "string" ? value : null;
}

/** Asserts that the compiled engine, the interpreter and the explanation agree on everything. */
function checkAgreement(plan: Plan, records: Record<string, unknown>[]): void {
  const engine = new Engine(plan, { asOf: AS_OF });
  const rows = records.map((record) => values(plan, record));
  const results = evaluateAccounts(engine, rows);
  const interpreted = rows.map((row) => interpretAccount(plan, row));
  const compiledNodes = compileAllNodes(plan);

  // Tiers: the reference allocation over the interpreter's matches.
  const candidates: ReferenceCandidate[] = interpreted.map((account, row) => ({
    row,
    key: rows[row]![0] as string | null,
    matches: account.matches,
    ranks: new Map(
      account.matches
        .filter((tier) => plan.tiers[tier]!.capacity !== null)
        .map((tier) => [tier, plan.tiers[tier]!.rankBy.map((rank) => rankValue(plan, rank.ref, account))]),
    ),
  }));
  const allocation = referenceAllocation(plan.tiers, candidates);

  results.forEach((result, row) => {
    const mine = interpreted[row]!;
    const prepared = engine.prepare(rows[row]!, row);
    const tierIndex = allocation.get(row);
    const tier = tierIndex === undefined ? null : plan.tiers[tierIndex]!;
    const env: Env = { ...mine.env, tier: tier?.id ?? null };
    const segment = mine.icp ? (plan.segments.find((s) => traceExpr(s.when, env).result) ?? plan.fallback) : null;
    const wanted = new Set([...(tier?.activate ?? []), ...(segment?.activate ?? [])]);
    const activations = mine.icp
      ? plan.activations
          .filter((a) => wanted.has(a.name) && (a.when === null || traceExpr(a.when, env).result))
          .map((a) => a.name)
      : [];

    expect({ ...result, scores: result.scores.map((s) => s + 0) }).toEqual({
      key: rows[row]![0],
      icp: mine.icp,
      scores: mine.scores,
      tier: mine.icp ? (tier?.id ?? null) : null,
      segment: segment?.id ?? null,
      activations,
    });
    expect(prepared.matches).toEqual(mine.matches);

    // Every node of every expression, compiled vs interpreted.
    const interpretedNodes = planExprs(plan).flatMap((expr) => traceResults(traceExpr(expr, env)));
    expect(compiledNodes(rows[row]!, prepared.scores, result.tier)).toEqual(interpretedNodes);

    // The explanation reports the same.
    const explanation = explainAccount(plan, prepared, result, AS_OF_DAY);
    expect(explanation.icp.result).toBe(mine.icp);
    expect(explanation.scores.map((s) => s.value + 0)).toEqual(mine.scores);
    explanation.scores.forEach((score, index) => {
      const planScore = plan.scores[index]!;
      if (planScore.kind === "criteria") {
        expect(score.criteria!.map((c) => c.matched)).toEqual(
          planScore.criteria.map((c) => traceExpr(c.when, mine.env).result),
        );
      }
    });
    expect(explanation.tier).toBe(result.tier);
    expect(explanation.segment).toBe(result.segment);
    if (mine.icp) {
      expect(explanation.tiers.flatMap((t, index) => (t.matched ? [index] : []))).toEqual(mine.matches);
      expect(explanation.segments.map((s) => s.matched)).toEqual(
        plan.segments.map((s) => traceExpr(s.when, env).result),
      );
    } else {
      expect(explanation.tiers).toEqual([]);
      expect(explanation.segments).toEqual([]);
    }
    expect(explanation.activations.filter((a) => a.applied).map((a) => a.name)).toEqual(activations);
    expect(renderExplanation(explanation)).toMatch(/^account /);
  });
}

describe("compiled engine vs interpreter", () => {
  it("agree on every expression, score, tier, segment and activation for random plans and hostile accounts", () => {
    fc.assert(
      fc.property(planArb(), fc.array(recordArb, { minLength: 1, maxLength: 8 }), (plan, records) =>
        checkAgreement(plan, records),
      ),
      { numRuns: 1000 },
    );
  });
});

// Rendering ----------------------------------------------------------------------------------------------

describe("renderExplanation", () => {
  const plan = planWith({
    icp: and(named("mid", test("n", "between", [100, 1000])), not(test("s", "eq", "government"))),
    scores: [
      {
        name: "fit",
        kind: "criteria",
        criteria: [
          { id: "mid", when: named("mid", test("n", "between", [100, 1000])), points: 50 },
          { id: "software", when: test("s", "eq", "software"), points: 30 },
          { id: "dbt", when: test("tags", "contains", "dbt"), points: 40 },
        ],
      },
      { name: "intent", kind: "field", field: "x" },
    ],
    tiers: [
      { id: "t1", when: scoreTest("fit", "gte", 80), capacity: 1, rankBy: [rankByScore("intent")] },
      { id: "t2", when: scoreTest("fit", "gte", 50) },
      { id: "t3", when: ALWAYS },
    ],
    segments: [
      { id: "hot", when: test("d", "within_days", 7), activate: ["crm"] },
      { id: "sw", when: test("s", "eq", "software"), activate: ["crm", "ads"] },
      { id: "top", when: test("tier", "eq", "t1"), activate: ["crm"] },
    ],
    fallback: { id: "rest", activate: ["crm"] },
    activations: [{ name: "ads", when: scoreTest("intent", "gte", 50) }, { name: "crm" }],
  });
  const records = [
    { id: "a1", n: 500, s: "software", tags: "dbt", x: 90, d: "2026-06-14" },
    { id: "a2", n: 300, s: "software", tags: "dbt;looker", x: 60 },
    { id: "a3", n: 5000, s: "software" },
    { id: "a4", n: 200, s: "retail", x: 150 },
  ];
  const explain = (key: string) => {
    const engine = new Engine(plan, { asOf: AS_OF });
    const rows = records.map((record) => values(plan, record));
    const results = evaluateAccounts(engine, rows);
    const row = results.findIndex((r) => r.key === key);
    return renderExplanation(explainAccount(plan, engine.prepare(rows[row]!, row), results[row]!, engine.asOfDay));
  };

  it("shows capacity fall-through, clamping, and what the first match left unreached", () => {
    expect(explain("a2")).toBe(
      [
        "account a2",
        "ICP: in",
        "  ✓ all of",
        "    ✓ mid",
        "      ✓ n between [100, 1000]  (was 300)",
        "    ✓ not",
        '      ✗ s = "government"  (was "software")',
        "score fit = 100 (points add up to 120, clamped to 0-100)",
        "    +50  mid",
        "         ✓ mid",
        "           ✓ n between [100, 1000]  (was 300)",
        "    +30  software",
        '         ✓ s = "software"  (was "software")',
        "    +40  dbt",
        '         ✓ tags contains "dbt"  (was ["dbt", "looker"])',
        "score intent = 60",
        "  from x (was 60), clamped to 0-100",
        "tier: t2",
        "  tier t1  (matched, but over capacity 1: fell through)",
        "    ✓ fit >= 80  (was 100)",
        "  tier t2",
        "    ✓ fit >= 50  (was 100)",
        "  tier t3  (not reached: the first match wins)",
        "    ✓ always",
        "segment: sw",
        "  segment hot",
        "    ✗ d within 7 days  (was missing)",
        "  segment sw",
        '    ✓ s = "software"  (was "software")',
        "  segment top  (not reached: the first match wins)",
        '    ✗ tier = "t1"  (was "t2")',
        "activations: ads, crm",
        "  ✓ ads (via segment sw)",
        "      ✓ intent >= 50  (was 60)",
        "  ✓ crm (via segment sw)",
        "",
      ].join("\n"),
    );
  });

  it("names the fallback segment and the activation its condition held back", () => {
    expect(explain("a4")).toBe(
      [
        "account a4",
        "ICP: in",
        "  ✓ all of",
        "    ✓ mid",
        "      ✓ n between [100, 1000]  (was 200)",
        "    ✓ not",
        '      ✗ s = "government"  (was "retail")',
        "score fit = 50",
        "    +50  mid",
        "         ✓ mid",
        "           ✓ n between [100, 1000]  (was 200)",
        "      0  software",
        '         ✗ s = "software"  (was "retail")',
        "      0  dbt",
        '         ✗ tags contains "dbt"  (was missing)',
        "score intent = 100",
        "  from x (was 150), clamped to 0-100",
        "tier: t2",
        "  tier t1",
        "    ✗ fit >= 80  (was 50)",
        "  tier t2",
        "    ✓ fit >= 50  (was 50)",
        "  tier t3  (not reached: the first match wins)",
        "    ✓ always",
        "segment: rest (fallback: no segment matched)",
        "  segment hot",
        "    ✗ d within 7 days  (was missing)",
        "  segment sw",
        '    ✗ s = "software"  (was "retail")',
        "  segment top",
        '    ✗ tier = "t1"  (was "t2")',
        "activations: crm",
        "  ✓ crm (via segment rest)",
        "",
      ].join("\n"),
    );
  });

  it("stops after the scores for an account outside the ICP", () => {
    expect(explain("a3")).toBe(
      [
        "account a3",
        "ICP: out",
        "  ✗ all of",
        "    ✗ mid",
        "      ✗ n between [100, 1000]  (was 5000)",
        "    ✓ not",
        '      ✗ s = "government"  (was "software")',
        "score fit = 30",
        "      0  mid",
        "         ✗ mid",
        "           ✗ n between [100, 1000]  (was 5000)",
        "    +30  software",
        '         ✓ s = "software"  (was "software")',
        "      0  dbt",
        '         ✗ tags contains "dbt"  (was missing)',
        "score intent = 0",
        "  from x (was missing), clamped to 0-100",
        "tier: none (outside the ICP)",
        "segment: none (outside the ICP)",
        "",
      ].join("\n"),
    );
  });

  it("says when every matching tier was full", () => {
    const capped = planWith({ ...plan, tiers: [{ id: "t1", when: ALWAYS, capacity: 0, rankBy: [] }], segments: [] });
    const engine = new Engine(capped, { asOf: AS_OF });
    const rows = [values(capped, { id: "z", n: 500 })];
    const [result] = evaluateAccounts(engine, rows);
    const text = renderExplanation(explainAccount(capped, engine.prepare(rows[0]!, 0), result!, engine.asOfDay));
    expect(text).toContain(
      "tier: none (every matching tier was over capacity)\n  tier t1  (matched, but over capacity 0: fell through)\n    ✓ always\n",
    );
  });
});

describe("explanations of measured tests", () => {
  it("shows the measure and the value it came from; a missing value is missing", () => {
    const measuredRef = (name: string, measure: "days_ago" | "days_until" | "count"): Ref => ({
      kind: "field",
      name,
      type: "integer",
      measure,
    });
    const icp = and(
      { op: "test", ref: measuredRef("d", "days_until"), test: "lte", value: 30 },
      { op: "test", ref: measuredRef("tags", "count"), test: "gte", value: 2 },
      test("d", "within_next_days", 10),
    );
    const plan = planWith({ fields: STANDARD_FIELDS, icp });
    const engine = new Engine(plan, { asOf: AS_OF });
    const explainRecord = (record: Record<string, unknown>) => {
      const rows = [values(plan, record)];
      const [result] = evaluateAccounts(engine, rows);
      return renderExplanation(explainAccount(plan, engine.prepare(rows[0]!, 0), result!, engine.asOfDay))
        .split("\n")
        .slice(0, 6);
    };
    expect(explainRecord({ id: "a", d: "2026-06-20", tags: "dbt;looker" })).toEqual([
      "account a",
      "ICP: in",
      "  ✓ all of",
      "    ✓ d days until <= 30  (was 5 (2026-06-20))",
      '    ✓ tags count >= 2  (was 2 (["dbt", "looker"]))',
      "    ✓ d within the next 10 days  (was 2026-06-20)",
    ]);
    expect(explainRecord({ id: "b", d: "2026-05-01" })).toEqual([
      "account b",
      "ICP: out",
      "  ✗ all of",
      "    ✓ d days until <= 30  (was -45 (2026-05-01))",
      "    ✗ tags count >= 2  (was missing)",
      "    ✗ d within the next 10 days  (was 2026-05-01)",
    ]);
  });
});
