import { canonicalJson, type Expr, type Plan, type ScalarValue, type TestExpr } from "@segform/plan";
import { at, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";

/**
 * First match wins, so a tier or segment whose every account is provably taken by an earlier one (without a
 * capacity, which lets accounts fall through) can never match. "Provably": the later condition contains, for
 * each test of the earlier one, a test at least as narrow (same value set, or a range inside its range).
 */
export function UnreachableRule(ctx: CheckContext, plan: Plan): void {
  const check = (
    what: string,
    items: { id: string; when: Expr; capacity?: number | null }[],
    index: (position: number) => number,
    origin: Origin | undefined,
  ) => {
    if (!origin) return;
    items.forEach((later, j) => {
      for (let i = 0; i < j; i++) {
        const earlier = items[i]!;
        if (earlier.capacity !== null && earlier.capacity !== undefined) continue;
        if (!implies(later.when, earlier.when)) continue;
        ctx.warning(
          "SEG025",
          `${what} "${later.id}" can never match: every account it selects is taken first by ${what} "${earlier.id}"`,
          at(origin, index(j), "id"),
          "value",
          `first match wins; move "${later.id}" above "${earlier.id}" or narrow "${earlier.id}"`,
        );
        break;
      }
    });
  };
  check("tier", plan.tiers, (j) => j, ctx.spec.tiers?.at);
  const declared = ctx.spec.segments?.value ?? [];
  check(
    "segment",
    plan.segments,
    (j) => declared.findIndex((s) => s.id === plan.segments[j]!.id),
    ctx.spec.segments?.at,
  );
}

function conjuncts(expr: Expr): Expr[] {
  if (expr.op === "and") return expr.args.flatMap(conjuncts);
  if (expr.op === "named") return conjuncts(expr.arg);
  return [expr];
}

function strip(expr: Expr): Expr {
  switch (expr.op) {
    case "named":
      return strip(expr.arg);
    case "and":
    case "or":
      return { op: expr.op, args: expr.args.map(strip) };
    case "not":
      return { op: "not", arg: strip(expr.arg) };
    default:
      return expr;
  }
}

/** Whether every account matching `a` also matches `b` (sound, not complete). */
export function implies(a: Expr, b: Expr): boolean {
  const left = conjuncts(a);
  if (left.some((c) => c.op === "const" && !c.value)) return false; // a never matches: reported elsewhere, not "shadowed"
  return conjuncts(b).every((right) => {
    if (right.op === "const") return right.value;
    return left.some((l) => conjunctImplies(l, right));
  });
}

function conjunctImplies(a: Expr, b: Expr): boolean {
  if (canonicalJson(strip(a)) === canonicalJson(strip(b))) return true;
  if (b.op === "or") return b.args.some((arg) => implies(a, arg));
  if (a.op === "or") return a.args.every((arg) => implies(arg, b));
  if (a.op !== "test" || b.op !== "test") return false;
  if (a.ref.kind !== b.ref.kind || a.ref.name !== b.ref.name || a.ref.measure !== b.ref.measure) return false;
  if (b.test === "exists") return a.test !== "missing";
  const setA = valueSet(a);
  const setB = valueSet(b);
  if (setA && setB) return setA.every((v) => setB.includes(v));
  const rangeA = range(a);
  const rangeB = range(b);
  if (rangeA && rangeB) return inside(rangeA, rangeB);
  if (setA && rangeB) return setA.every((v) => inside({ low: v, lowOpen: false, high: v, highOpen: false }, rangeB));
  return false;
}

function valueSet(test: TestExpr): ScalarValue[] | undefined {
  if (test.test === "eq") return [test.value as ScalarValue];
  if (test.test === "in") return test.value as ScalarValue[];
  return undefined;
}

interface Range {
  low?: ScalarValue;
  lowOpen: boolean;
  high?: ScalarValue;
  highOpen: boolean;
}

function range(test: TestExpr): Range | undefined {
  const v = test.value as ScalarValue;
  switch (test.test) {
    case "gt":
      return { low: v, lowOpen: true, highOpen: false };
    case "gte":
      return { low: v, lowOpen: false, highOpen: false };
    case "lt":
      return { high: v, highOpen: true, lowOpen: false };
    case "lte":
      return { high: v, highOpen: false, lowOpen: false };
    case "between": {
      const [low, high] = test.value as ScalarValue[];
      return { low, high, lowOpen: false, highOpen: false };
    }
    default:
      return undefined;
  }
}

/** Whether range a lies inside range b. */
function inside(a: Range, b: Range): boolean {
  if (b.low !== undefined) {
    if (a.low === undefined) return false;
    if (a.low < b.low) return false;
    if (a.low === b.low && b.lowOpen && !a.lowOpen) return false;
  }
  if (b.high !== undefined) {
    if (a.high === undefined) return false;
    if (a.high > b.high) return false;
    if (a.high === b.high && b.highOpen && !a.highOpen) return false;
  }
  return true;
}
