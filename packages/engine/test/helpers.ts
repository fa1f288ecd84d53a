/**
 * Test helpers for the engine: plans built directly as IR (no YAML, no compiler), records coerced through the
 * plan's field contract, and small expression builders.
 */
import {
  PLAN_VERSION,
  parseDay,
  withHash,
  type Expr,
  type FieldType,
  type Plan,
  type PlanActivation,
  type PlanField,
  type PlanRankKey,
  type PlanScore,
  type PlanSegment,
  type PlanTier,
  type Ref,
  type ScalarValue,
  type TestExpr,
  type TestOperator,
  type UnhashedPlan,
} from "@segform/plan";
import { RecordCoercer, type CoercionIssue, type Value } from "../src/coerce.js";
import { compileAccountPlan } from "../src/compiled.js";
import { traceExpr } from "../src/explain.js";
import { Engine, evaluateAccounts, type AccountResult } from "../src/engine.js";

/** The reference date used by most tests. */
export const AS_OF = "2026-06-15";
export const AS_OF_DAY = parseDay(AS_OF)!;

/** Day number of a YYYY-MM-DD date (throws on an invalid one, so typos in tests fail loudly). */
export function day(text: string): number {
  const value = parseDay(text);
  if (value === null) throw new Error(`test: invalid date ${text}`);
  return value;
}

/** A plan field with defaults: column = name, nullable, no default, no enum, ";" separator. */
export function field(name: string, type: FieldType, extra: Partial<Omit<PlanField, "name" | "type">> = {}): PlanField {
  return { name, type, column: name, default: null, nullable: true, enum: null, separator: ";", ...extra };
}

/** The fields most tests use: one per type, plus the key `id`. */
export const STANDARD_FIELDS: PlanField[] = [
  field("id", "string"),
  field("n", "integer"),
  field("x", "number"),
  field("s", "string"),
  field("b", "boolean"),
  field("d", "date"),
  field("tags", "string[]"),
];

export interface PlanParts {
  name?: string | null;
  key?: string;
  fields?: PlanField[];
  icp?: Expr;
  scores?: PlanScore[];
  tiers?: (Partial<PlanTier> & { id: string })[];
  segments?: (Partial<PlanSegment> & { id: string })[];
  fallback?: Plan["fallback"];
  contacts?: Plan["contacts"];
  activations?: (Partial<PlanActivation> & { name: string })[];
}

/** A hashed plan from the given parts; everything left out gets a neutral default. */
export function planWith(parts: PlanParts = {}): Plan {
  const plan: UnhashedPlan = {
    planVersion: PLAN_VERSION,
    name: parts.name ?? "test",
    key: parts.key ?? "id",
    fields: parts.fields ?? STANDARD_FIELDS,
    icp: parts.icp ?? ALWAYS,
    scores: parts.scores ?? [],
    tiers: (parts.tiers ?? []).map((tier) => ({ when: ALWAYS, capacity: null, rankBy: [], activate: [], ...tier })),
    segments: (parts.segments ?? []).map((segment) => ({
      axis: null,
      owner: null,
      when: ALWAYS,
      activate: [],
      ...segment,
    })),
    fallback: parts.fallback ?? { id: "other", activate: [] },
    contacts: parts.contacts ?? null,
    activations: (parts.activations ?? []).map((activation) => ({
      destination: "crm",
      when: null,
      set: {},
      audience: null,
      sequence: null,
      ...activation,
    })),
    destinations: [],
    quality: {},
  };
  return withHash(plan);
}

/** Coerces a plain object (keyed by column) through the plan's field contract. */
export function values(plan: Plan, record: Record<string, unknown>, issues?: CoercionIssue[]): Value[] {
  return new RecordCoercer(plan.fields).fromObject(record, issues ? (issue) => issues.push(issue) : undefined);
}

/** Runs a plan over plain records, capacities included. */
export function run(plan: Plan, records: Record<string, unknown>[], asOf = AS_OF): AccountResult[] {
  const engine = new Engine(plan, { asOf });
  return evaluateAccounts(
    engine,
    records.map((record) => values(plan, record)),
  );
}

// Expression builders ------------------------------------------------------------------------------------

export const ALWAYS: Expr = { op: "const", value: true };
export const NEVER: Expr = { op: "const", value: false };

/** The ref of a standard field (or any field, given its type). */
export function ref(name: string, type?: FieldType): Ref {
  if (name === "tier") return { kind: "tier", name: "tier", type: "string" };
  const known = STANDARD_FIELDS.find((f) => f.name === name);
  const refType = type ?? known?.type;
  if (!refType) throw new Error(`test: unknown field ${name}; pass its type`);
  return { kind: "field", name, type: refType };
}

/** A leaf test on a field (by name, typed from STANDARD_FIELDS unless given) or on `tier`. */
export function test(
  name: string,
  op: TestOperator,
  value: ScalarValue | ScalarValue[] = true,
  type?: FieldType,
): TestExpr {
  return { op: "test", ref: ref(name, type), test: op, value };
}

/** A leaf test on a score. */
export function scoreTest(name: string, op: TestOperator, value: ScalarValue | ScalarValue[]): TestExpr {
  return { op: "test", ref: { kind: "score", name, type: "number" }, test: op, value };
}

export const and = (...args: Expr[]): Expr => ({ op: "and", args });
export const or = (...args: Expr[]): Expr => ({ op: "or", args });
export const not = (arg: Expr): Expr => ({ op: "not", arg });
export const named = (name: string, arg: Expr): Expr => ({ op: "named", name, arg });

/** A capped tier's ranking by a score, best (highest) first unless told. */
export function rankByScore(name: string, order: "asc" | "desc" = "desc"): PlanRankKey {
  return { ref: { kind: "score", name, type: "number" }, order };
}

// One expression both ways: through the compiled engine and through the explain interpreter ---------------

/** The compiled verdict of `expr` (used as the ICP, so it may read fields only). */
export function compiledResult(expr: Expr, record: Record<string, unknown>, asOf = AS_OF): boolean {
  const plan = planWith({ icp: expr });
  return compileAccountPlan(plan).icp(values(plan, record), day(asOf));
}

/** The interpreter's verdict of `expr` over a plan's fields. */
export function interpretedResult(plan: Plan, expr: Expr, fieldValues: Value[], asOf = AS_OF): boolean {
  const index = new Map(plan.fields.map((f, i) => [f.name, i]));
  return traceExpr(expr, {
    field: (name) => fieldValues[index.get(name)!] ?? null,
    score: () => {
      throw new Error("test: no scores here");
    },
    tier: null,
    asOf: day(asOf),
    refType: (t) => t.ref.type,
  }).result;
}

/** Both verdicts; the tests assert they are equal and what they are. */
export function bothResults(
  expr: Expr,
  record: Record<string, unknown>,
  asOf = AS_OF,
): { compiled: boolean; interpreted: boolean } {
  const plan = planWith({ fields: STANDARD_FIELDS, icp: expr });
  return {
    compiled: compiledResult(expr, record, asOf),
    interpreted: interpretedResult(plan, expr, values(plan, record), asOf),
  };
}

// A reference tier allocation, written the obvious (slow) way ---------------------------------------------

/** What the reference needs of a tier. */
export type TierShape = Pick<PlanTier, "capacity"> & { rankBy: Pick<PlanRankKey, "order">[] };

/** The shape of an allocation candidate (as in allocate.ts, repeated so the reference stands alone). */
export interface ReferenceCandidate {
  row: number;
  key: string | number | null;
  matches: number[];
  ranks: Map<number, (number | string | null)[]>;
}

function referenceCompare(tier: TierShape, index: number, a: ReferenceCandidate, b: ReferenceCandidate): number {
  const ra = a.ranks.get(index) ?? [];
  const rb = b.ranks.get(index) ?? [];
  for (let i = 0; i < tier.rankBy.length; i++) {
    const va = ra[i] ?? null;
    const vb = rb[i] ?? null;
    if (va === null && vb === null) continue;
    if (va === null) return 1; // missing ranks last, whatever the order
    if (vb === null) return -1;
    if (va === vb) continue;
    const ascending = va < vb ? -1 : 1;
    return tier.rankBy[i]!.order === "asc" ? ascending : -ascending;
  }
  if (a.key !== b.key) {
    if (a.key === null) return 1;
    if (b.key === null) return -1;
    if (typeof a.key === "number" && typeof b.key === "number") return a.key - b.key;
    return String(a.key) < String(b.key) ? -1 : 1;
  }
  return a.row - b.row;
}

/**
 * Tier by tier, in order: every candidate not yet placed that matches the tier is a contender; an uncapped tier
 * takes them all, a capped one sorts them and takes the first N. Returns row -> tier index (absent: no tier).
 */
export function referenceAllocation(
  tiers: readonly TierShape[],
  candidates: readonly ReferenceCandidate[],
): Map<number, number> {
  const placed = new Map<number, number>();
  tiers.forEach((tier, index) => {
    const contenders = candidates.filter((c) => !placed.has(c.row) && c.matches.includes(index));
    const taken =
      tier.capacity === null
        ? contenders
        : [...contenders].sort((a, b) => referenceCompare(tier, index, a, b)).slice(0, tier.capacity);
    for (const c of taken) placed.set(c.row, index);
  });
  return placed;
}
