import {
  computeText,
  contactsText,
  formatDay,
  parseDay,
  planDefines,
  testText,
  type ContactsExpr,
  type Expr,
  type Plan,
  type ScalarValue,
  type TestExpr,
} from "@segform/plan";
import { aggregateKey, contactAggregates } from "./aggregates.js";
import { valueSlots, valueType } from "./computed.js";
import type { ContactIndex } from "./contacts.js";
import { RE2JS } from "re2js";
import type { Value } from "./coerce.js";
import type { AccountResult, PreparedAccount } from "./engine.js";

/** One evaluated node of a condition: what it says, whether it held, and (for tests) the value it saw. */
export interface Trace {
  text: string;
  result: boolean;
  /** For tests: the value tested, as text ("missing" when absent). */
  actual?: string;
  children?: Trace[];
}

export interface Env {
  field(name: string): Value;
  score(name: string): number;
  tier: string | null;
  asOf: number;
  refType(test: TestExpr): string;
  /** A contacts test's number, and the first contacts behind it (keys, when known). */
  contacts?(expr: ContactsExpr): { value: number; keys: (string | number)[] };
  /**
   * A shared define's trace (plan `defines`), evaluated once per env: the first use gets the whole trace, later
   * uses its name and result only, so an explanation stays as small as the plan.
   */
  define?(name: string): Trace;
  /** A derived field's expression as text (plan `computed`), shown beside its value; undefined for other fields. */
  computed?(name: string): string | undefined;
}

const regexCache = new Map<string, RE2JS>();

/** Evaluates one test the way the compiled engine does (the property tests hold the two together). */
export function evalTest(test: TestExpr, x: Value, asOf: number): boolean {
  const asRuntime = (raw: ScalarValue): ScalarValue =>
    test.ref.type === "date" && typeof raw === "string" ? parseDay(raw)! : raw;
  const list = () => (test.value as ScalarValue[]).map(asRuntime);
  if (test.test === "missing") return x === null;
  if (x === null) return false;
  switch (test.test) {
    case "exists":
      return true;
    case "eq":
      return x === asRuntime(test.value as ScalarValue);
    case "ne":
      return x !== asRuntime(test.value as ScalarValue);
    case "in":
      return list().includes(x as ScalarValue);
    case "not_in":
      return !list().includes(x as ScalarValue);
    case "gt":
      return (x as number) > (asRuntime(test.value as ScalarValue) as number);
    case "gte":
      return (x as number) >= (asRuntime(test.value as ScalarValue) as number);
    case "lt":
      return (x as number) < (asRuntime(test.value as ScalarValue) as number);
    case "lte":
      return (x as number) <= (asRuntime(test.value as ScalarValue) as number);
    case "between": {
      const [low, high] = list() as number[];
      return (x as number) >= low! && (x as number) <= high!;
    }
    case "contains":
      return (x as string | string[]).includes(test.value as string);
    case "contains_any":
      return list().some((item) => (x as string[]).includes(item as string));
    case "contains_all":
      return list().every((item) => (x as string[]).includes(item as string));
    case "starts_with":
      return (x as string).startsWith(test.value as string);
    case "ends_with":
      return (x as string).endsWith(test.value as string);
    case "matches": {
      const pattern = test.value as string;
      let regex = regexCache.get(pattern);
      if (!regex) {
        regex = RE2JS.compile(pattern);
        regexCache.set(pattern, regex);
      }
      return regex.test(x as string);
    }
    case "within_days":
      return (x as number) <= asOf && (x as number) >= asOf - (test.value as number);
    case "within_next_days":
      return (x as number) >= asOf && (x as number) <= asOf + (test.value as number);
  }
}

/** The value a test sees: the field's value, or its measure (days from / to as-of, a list's length); null stays null. */
export function measured(ref: TestExpr["ref"], x: Value, asOf: number): Value {
  if (ref.measure === undefined || x === null) return x;
  switch (ref.measure) {
    case "days_ago":
      return asOf - (x as number);
    case "days_until":
      return (x as number) - asOf;
    case "count":
      return (x as string[]).length;
  }
}

function valueText(value: Value, type: string): string {
  if (value === null) return "missing";
  if (type === "date" && typeof value === "number") return formatDay(value);
  if (Array.isArray(value)) return `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** Evaluates an expression, keeping the whole trace. */
export function traceExpr(expr: Expr, env: Env): Trace {
  switch (expr.op) {
    case "const":
      return { text: expr.value ? "always" : "never", result: expr.value };
    case "named": {
      const inner = traceExpr(expr.arg, env);
      return { text: expr.name, result: inner.result, children: [inner] };
    }
    case "define": {
      if (!env.define) throw new Error("engine: shared defines are not readable here");
      return env.define(expr.name);
    }
    case "not": {
      const inner = traceExpr(expr.arg, env);
      return { text: "not", result: !inner.result, children: [inner] };
    }
    case "and":
    case "or": {
      const children = expr.args.map((arg) => traceExpr(arg, env));
      const result = expr.op === "and" ? children.every((c) => c.result) : children.some((c) => c.result);
      return { text: expr.op === "and" ? "all of" : "any of", result, children };
    }
    case "contacts": {
      if (!env.contacts) throw new Error("engine: contacts are not readable here");
      const { value, keys } = env.contacts(expr);
      const result = evalTest(
        { op: "test", ref: { kind: "field", name: "", type: "integer" }, test: expr.test, value: expr.value },
        value,
        env.asOf,
      );
      return {
        text: contactsText(expr),
        result,
        actual: keys.length
          ? `${value}: ${keys.map((key) => String(key)).join(", ")}${keys.length < value ? ", ..." : ""}`
          : String(value),
      };
    }
    case "test": {
      const x =
        expr.ref.kind === "field"
          ? env.field(expr.ref.name)
          : expr.ref.kind === "score"
            ? env.score(expr.ref.name)
            : env.tier;
      if (expr.ref.measure !== undefined) {
        // The measure, and the value it was measured from: `12 (2026-11-13)`.
        const m = measured(expr.ref, x, env.asOf);
        const actual =
          m === null ? "missing" : `${String(m)} (${valueText(x, expr.ref.measure === "count" ? "string[]" : "date")})`;
        return { text: testText(expr), result: evalTest(expr, m, env.asOf), actual };
      }
      const formula = expr.ref.kind === "field" ? env.computed?.(expr.ref.name) : undefined;
      const actual = valueText(x, expr.ref.type);
      return {
        text: testText(expr),
        result: evalTest(expr, x, env.asOf),
        actual: formula === undefined ? actual : `${actual} = ${formula}`,
      };
    }
  }
}

export interface ScoreExplanation {
  name: string;
  value: number;
  /** Criteria scores: each criterion's points and whether it matched. */
  criteria?: { id: string; points: number; matched: boolean; trace: Trace }[];
  /** Field scores: the field and its raw value. */
  field?: { name: string; value: string };
}

export interface Explanation {
  key: string | number | null;
  icp: { result: boolean; trace: Trace };
  scores: ScoreExplanation[];
  tiers: { id: string; matched: boolean; capacity: number | null; kept: boolean; trace: Trace }[];
  tier: string | null;
  segments: { id: string; matched: boolean; trace: Trace }[];
  segment: string | null;
  activations: { name: string; via: string[]; when?: Trace; applied: boolean }[];
  /** Each audience (plan order): whether the account is in it, and why. Present only when the plan has audiences. */
  audiences?: { id: string; member: boolean; trace: Trace }[];
}

/** Explains an account's result: every clause, with the values it saw. */
/** What an account's conditions read: its values, its scores and its (final) tier. */
export function accountEnv(
  plan: Plan,
  account: Pick<PreparedAccount, "values" | "scores">,
  tier: string | null,
  asOf: number,
  contacts?: ContactIndex,
): Env {
  const fieldIndex = valueSlots(plan);
  const scoreIndex = new Map(plan.scores.map((score, index) => [score.name, index]));
  const aggregateIndex = new Map(contactAggregates(plan).map((aggregate, index) => [aggregateKey(aggregate), index]));
  const keySlot = fieldIndex.get(plan.key);
  const bodies = planDefines(plan);
  const traced = new Map<string, Trace>();
  const formulas = new Map((plan.computed ?? []).map((field) => [field.name, computeText(field.expr)]));
  const env: Env = {
    computed: (name) => formulas.get(name),
    define(name) {
      const known = traced.get(name);
      if (known) return { text: name, result: known.result };
      const body = bodies.get(name);
      if (body === undefined) throw new Error(`engine: unknown shared define ${name}`);
      const inner = traceExpr(body, env);
      const trace = { text: name, result: inner.result, children: [inner] };
      traced.set(name, trace);
      return trace;
    },
    contacts(expr) {
      const index = aggregateIndex.get(aggregateKey(expr))!;
      const value = account.values[plan.fields.length + index] as number;
      const keys =
        contacts && keySlot !== undefined ? contacts.contactKeys(account.values[keySlot] ?? null, index) : [];
      return { value, keys };
    },
    field: (name) => account.values[fieldIndex.get(name)!] ?? null,
    score: (name) => account.scores[scoreIndex.get(name)!]!,
    tier,
    asOf,
    refType: (test) => test.ref.type,
  };
  return env;
}

export function explainAccount(
  plan: Plan,
  account: PreparedAccount,
  result: AccountResult,
  asOf: number,
  contacts?: ContactIndex,
): Explanation {
  const env = accountEnv(plan, account, result.tier, asOf, contacts);
  // First, as it is shown first: a shared define is traced in full at its first use.
  const icpTrace = traceExpr(plan.icp, env);
  const scores: ScoreExplanation[] = plan.scores.map((score, index) => {
    if (score.kind === "field") {
      return {
        name: score.name,
        value: account.scores[index]!,
        field: { name: score.field, value: valueText(env.field(score.field), valueType(plan, score.field)!) },
      };
    }
    return {
      name: score.name,
      value: account.scores[index]!,
      criteria: score.criteria.map((criterion) => {
        const trace = traceExpr(criterion.when, env);
        return { id: criterion.id, points: criterion.points, matched: trace.result, trace };
      }),
    };
  });
  const icpOnly = !result.icp;
  const tiers = icpOnly
    ? []
    : plan.tiers.map((tier) => {
        const trace = traceExpr(tier.when, { ...env, tier: null });
        return { id: tier.id, matched: trace.result, capacity: tier.capacity, kept: result.tier === tier.id, trace };
      });
  const segments =
    icpOnly && plan.segmentScope !== "all"
      ? []
      : plan.segments.map((segment) => {
          const trace = traceExpr(segment.when, env);
          return { id: segment.id, matched: trace.result, trace };
        });
  const tier = plan.tiers.find((t) => t.id === result.tier);
  const segment =
    plan.segments.find((s) => s.id === result.segment) ??
    (result.segment === plan.fallback.id ? plan.fallback : undefined);
  const audiences = plan.audiences?.map((audience) => {
    const trace = traceExpr(audience.when, env);
    return { id: audience.id, member: trace.result, trace };
  });
  const activations = plan.activations
    .map((activation) => {
      const via = [
        ...(tier?.activate.includes(activation.name) ? [`tier ${tier.id}`] : []),
        ...(segment?.activate.includes(activation.name) ? [`segment ${segment.id}`] : []),
        ...(plan.audiences ?? [])
          .filter((audience) => audience.activate.includes(activation.name) && result.audiences?.includes(audience.id))
          .map((audience) => `audience ${audience.id}`),
      ];
      if (!via.length) return undefined;
      const when = activation.when ? traceExpr(activation.when, env) : undefined;
      return { name: activation.name, via, when, applied: result.activations.includes(activation.name) };
    })
    .filter((item): item is NonNullable<typeof item> => item !== undefined);
  return {
    key: result.key,
    icp: { result: result.icp, trace: icpTrace },
    scores,
    tiers,
    tier: result.tier,
    segments,
    segment: result.segment,
    activations,
    ...(audiences ? { audiences } : {}),
  };
}

const mark = (result: boolean) => (result ? "✓" : "✗");

function renderTrace(trace: Trace, indent: string, out: string[]): void {
  const actual = trace.actual !== undefined ? `  (was ${trace.actual})` : "";
  out.push(`${indent}${mark(trace.result)} ${trace.text}${actual}`);
  for (const child of trace.children ?? []) renderTrace(child, indent + "  ", out);
}

/** The explanation as text for a terminal. */
export function renderExplanation(explanation: Explanation): string {
  const out: string[] = [];
  out.push(`account ${String(explanation.key)}`);
  out.push(`ICP: ${explanation.icp.result ? "in" : "out"}`);
  renderTrace(explanation.icp.trace, "  ", out);
  for (const score of explanation.scores) {
    const criteria = score.criteria ?? [];
    const sum = criteria.reduce((total, criterion) => total + (criterion.matched ? criterion.points : 0), 0);
    const clamped = score.criteria && sum !== score.value ? ` (points add up to ${sum}, clamped to 0-100)` : "";
    out.push(`score ${score.name} = ${score.value}${clamped}`);
    if (score.field) out.push(`  from ${score.field.name} (was ${score.field.value}), clamped to 0-100`);
    for (const criterion of criteria) {
      const points = criterion.matched ? `+${criterion.points}` : " 0";
      out.push(`  ${points.padStart(5)}  ${criterion.id}`);
      renderTrace(criterion.trace, "         ", out);
    }
  }
  const segmentsOutside = !explanation.icp.result && explanation.segment !== null;
  if (!explanation.icp.result && !segmentsOutside && !explanation.audiences) {
    out.push("tier: none (outside the ICP)");
    out.push("segment: none (outside the ICP)");
    return out.join("\n") + "\n";
  }
  if (!explanation.icp.result) {
    out.push("tier: none (outside the ICP)");
    if (segmentsOutside) renderSegments(explanation, out);
    else out.push("segment: none (outside the ICP)");
    renderAudiences(explanation, out);
    renderActivations(explanation, out);
    return out.join("\n") + "\n";
  }
  const notReached = "  (not reached: the first match wins)";
  const chosenTier = explanation.tiers.findIndex((tier) => tier.id === explanation.tier);
  const noTier = explanation.tiers.some((tier) => tier.matched)
    ? "none (every matching tier was over capacity)"
    : "none (no tier matched)";
  out.push(`tier: ${explanation.tier ?? noTier}`);
  explanation.tiers.forEach((tier, index) => {
    // Before the chosen tier, a tier that matched can only have been full (an uncapped one would have been chosen).
    const note =
      chosenTier >= 0 && index > chosenTier
        ? notReached
        : tier.matched && index !== chosenTier && tier.capacity !== null
          ? `  (matched, but over capacity ${tier.capacity}: fell through)`
          : "";
    out.push(`  tier ${tier.id}${note}`);
    renderTrace(tier.trace, "    ", out);
  });
  renderSegments(explanation, out);
  renderAudiences(explanation, out);
  renderActivations(explanation, out);
  return out.join("\n") + "\n";
}

const NOT_REACHED = "  (not reached: the first match wins)";

function renderSegments(explanation: Explanation, out: string[]): void {
  const chosenSegment = explanation.segments.findIndex((segment) => segment.id === explanation.segment);
  const fallback = explanation.segment !== null && chosenSegment < 0 ? " (fallback: no segment matched)" : "";
  out.push(`segment: ${explanation.segment ?? "none"}${fallback}`);
  explanation.segments.forEach((segment, index) => {
    out.push(`  segment ${segment.id}${chosenSegment >= 0 && index > chosenSegment ? NOT_REACHED : ""}`);
    renderTrace(segment.trace, "    ", out);
  });
}

/** Every audience, in or out, with the clauses that decided it (audiences overlap: each is tested on its own). */
function renderAudiences(explanation: Explanation, out: string[]): void {
  if (!explanation.audiences) return;
  out.push(
    `audiences: ${
      explanation.audiences
        .filter((a) => a.member)
        .map((a) => a.id)
        .join(", ") || "none"
    }`,
  );
  for (const audience of explanation.audiences) {
    out.push(`  ${mark(audience.member)} audience ${audience.id}${audience.member ? "" : " (not in it)"}`);
    renderTrace(audience.trace, "    ", out);
  }
}

function renderActivations(explanation: Explanation, out: string[]): void {
  out.push(
    `activations: ${
      explanation.activations
        .filter((a) => a.applied)
        .map((a) => a.name)
        .join(", ") || "none"
    }`,
  );
  for (const activation of explanation.activations) {
    out.push(`  ${mark(activation.applied)} ${activation.name} (via ${activation.via.join(", ")})`);
    if (activation.when) renderTrace(activation.when, "      ", out);
  }
}
