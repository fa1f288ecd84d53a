import { canonicalJson, testText, type Expr, type Plan } from "@segform/plan";
import type { Explanation, Trace } from "@segform/engine";
import { icpPaths } from "./conditions.js";
import { OUTSIDE_ICP } from "./model.js";

/**
 * Why one account moved between two groups, in one short line, from the engine's explanations of the account
 * under the base and the head plan: the clause or threshold that flipped, the rule that now comes first, or
 * the capacity that decided.
 */

/** One account explained by one plan. */
export interface ExplainedAccount {
  plan: Plan;
  explanation: Explanation;
}

/** A leaf of an evaluated condition. */
interface LeafOutcome {
  /** What it tests, numbered by occurrence (pairs the leaves of two versions of a condition). */
  key: string;
  text: string;
  /** Whether the leaf, read with the negations above it, speaks for the condition. */
  result: boolean;
  /** `fit 72`: the ref and the value it saw; absent for constants. */
  ref?: { kind: string; name: string };
  actual?: string;
}

/** A condition and its evaluation trace (the trace mirrors the expression node for node). */
interface Evaluated {
  expr: Expr;
  trace: Trace;
}

function leafKey(expr: Expr, negated: boolean): string {
  const polarity = negated ? "not " : "";
  if (expr.op === "test")
    return `${polarity}${expr.ref.kind}:${expr.ref.name}${expr.ref.measure !== undefined ? ` ${expr.ref.measure}` : ""} ${expr.test}`;
  if (expr.op === "contacts") return `${polarity}contacts ${expr.measure} ${expr.test} ${canonicalJson(expr.where)}`;
  if (expr.op === "define") return `${polarity}define ${expr.name}`;
  return `${polarity}${expr.op}`;
}

function leafOutcome(expr: Expr, trace: Trace, negated: boolean, key: string): LeafOutcome {
  const text = expr.op === "test" ? testText(expr) : trace.text;
  return {
    key,
    text: negated ? `not (${text})` : text,
    result: negated ? !trace.result : trace.result,
    ...(expr.op === "test" ? { ref: { kind: expr.ref.kind, name: expr.ref.name }, actual: trace.actual } : {}),
  };
}

/** The leaves of an evaluated condition: all of them, or only those that decided its result. */
function walk(node: Evaluated, all: boolean): LeafOutcome[] {
  const out: LeafOutcome[] = [];
  const seen = new Map<string, number>();
  const keyOf = (expr: Expr, negated: boolean) => {
    const kind = leafKey(expr, negated);
    const n = seen.get(kind) ?? 0;
    seen.set(kind, n + 1);
    return `${kind}#${n}`;
  };
  // Keys are numbered over every leaf in order, so that a partial walk numbers leaves as a full walk does.
  const visit = (expr: Expr, trace: Trace, negated: boolean, responsible: boolean): void => {
    switch (expr.op) {
      case "test":
      case "contacts":
      case "define": // a shared define is one reason, by name (its trace may be the name and result only)
      case "const": {
        const key = keyOf(expr, negated);
        if (responsible) out.push(leafOutcome(expr, trace, negated, key));
        return;
      }
      case "named":
        visit(expr.arg, trace.children![0]!, negated, responsible);
        return;
      case "not":
        visit(expr.arg, trace.children![0]!, !negated, responsible);
        return;
      case "and":
      case "or": {
        // A conjunction that holds (a disjunction that fails) owes its result to every argument; otherwise to
        // the first argument that decided it.
        const children = trace.children!;
        const everyArgument = (expr.op === "and") === trace.result;
        const decider = everyArgument ? -1 : children.findIndex((child) => child.result === (expr.op === "or"));
        expr.args.forEach((arg, index) =>
          visit(arg, children[index]!, negated, responsible && (all || everyArgument || index === decider)),
        );
        return;
      }
    }
  };
  visit(node.expr, node.trace, false, true);
  return out;
}

/** The leaves that decided the condition's result. */
const responsibleLeaves = (node: Evaluated): LeafOutcome[] => walk(node, false);
/** Every leaf of the condition. */
const allLeaves = (node: Evaluated): LeafOutcome[] => walk(node, true);

const verdict = (result: boolean): string => (result ? "true" : "false");

/** Context for reading values: scores whose value changed get the criterion that changed them. */
interface Sides {
  base: ExplainedAccount;
  head: ExplainedAccount;
}

/** The first criterion whose contribution to a score differs: `mid-market +40 -> +30`. */
function scoreCause(name: string, sides: Sides): string | undefined {
  const baseScore = sides.base.explanation.scores.find((score) => score.name === name);
  const headScore = sides.head.explanation.scores.find((score) => score.name === name);
  if (!baseScore || !headScore) return undefined;
  if (headScore.field || baseScore.field) {
    const before = baseScore.field ? `${baseScore.field.name} ${baseScore.field.value}` : "criteria";
    const after = headScore.field ? `${headScore.field.name} ${headScore.field.value}` : "criteria";
    return before === after ? undefined : `from ${before} -> ${after}`;
  }
  const contribution = (criterion: { points: number; matched: boolean } | undefined) =>
    criterion?.matched ? criterion.points : 0;
  const signed = (value: number) => (value < 0 ? String(value) : `+${value}`);
  for (const criterion of headScore.criteria ?? []) {
    const before = contribution(baseScore.criteria?.find((c) => c.id === criterion.id));
    const after = contribution(criterion);
    if (before !== after) return `${criterion.id} ${signed(before)} -> ${signed(after)}`;
  }
  for (const criterion of baseScore.criteria ?? []) {
    if (contribution(criterion) !== 0 && !headScore.criteria?.some((c) => c.id === criterion.id))
      return `${criterion.id} ${signed(contribution(criterion))} removed`;
  }
  return undefined;
}

function describeLeaf(leaf: LeafOutcome, before: LeafOutcome | undefined, sides: Sides): string {
  let seen = "";
  if (leaf.ref && leaf.actual !== undefined) {
    const was = before?.actual !== undefined && before.actual !== leaf.actual ? `, was ${before.actual}` : "";
    const cause = was && leaf.ref.kind === "score" ? scoreCause(leaf.ref.name, sides) : undefined;
    seen = ` (${leaf.ref.name} ${leaf.actual}${was}${cause ? `: ${cause}` : ""})`;
  }
  return `${leaf.text} now ${verdict(leaf.result)}${seen}`;
}

/**
 * What flipped a condition between the base and the head: the first deciding leaf of the head condition that is
 * new, has a new value (a threshold) or a new result; else a deciding base leaf the head dropped.
 */
function flipReason(base: Evaluated | undefined, head: Evaluated, sides: Sides): string {
  const headDeciding = responsibleLeaves(head);
  const baseLeaves = new Map(base ? allLeaves(base).map((leaf) => [leaf.key, leaf]) : []);
  for (const leaf of headDeciding) {
    const before = baseLeaves.get(leaf.key);
    if (!before || before.text !== leaf.text || before.result !== leaf.result) return describeLeaf(leaf, before, sides);
  }
  if (base) {
    const headKeys = new Set(allLeaves(head).map((leaf) => leaf.key));
    for (const leaf of responsibleLeaves(base)) {
      if (!headKeys.has(leaf.key))
        return `clause ${leaf.text} removed (was ${verdict(leaf.result)}${leaf.actual !== undefined ? `, ${leaf.ref!.name} ${leaf.actual}` : ""})`;
    }
  }
  const first = headDeciding[0];
  return first ? describeLeaf(first, baseLeaves.get(first.key), sides) : `condition now ${verdict(head.trace.result)}`;
}

/** A tier or segment as evaluated for one account. */
interface RuleOutcome extends Evaluated {
  id: string;
  index: number;
  matched: boolean;
  /** Tiers: kept within capacity (for the chosen tier) and the capacity. */
  kept: boolean;
  capacity: number | null;
}

function rules(dimension: "segment" | "tier", side: ExplainedAccount): RuleOutcome[] {
  const { plan, explanation } = side;
  if (dimension === "segment") {
    return explanation.segments.map((segment, index) => ({
      id: segment.id,
      index,
      matched: segment.matched,
      kept: segment.matched,
      capacity: null,
      expr: plan.segments[index]!.when,
      trace: segment.trace,
    }));
  }
  return explanation.tiers.map((tier, index) => ({
    id: tier.id,
    index,
    matched: tier.matched,
    kept: tier.kept,
    capacity: tier.capacity,
    expr: plan.tiers[index]!.when,
    trace: tier.trace,
  }));
}

const MAX_LISTED = 3;

/** The clauses that make a matching rule match: `visit within 7 days and fit >= 60`. */
function matchingClauses(rule: Evaluated): string {
  const leaves = responsibleLeaves(rule).filter((leaf) => leaf.ref !== undefined); // `always` says nothing
  if (!leaves.length) return "no condition";
  const listed = leaves.slice(0, MAX_LISTED).map((leaf) => leaf.text);
  return leaves.length > MAX_LISTED
    ? `${listed.join(" and ")} and ${leaves.length - MAX_LISTED} more`
    : listed.join(" and ");
}

/** The ICP's include and exclude parts, each with its trace. */
function icpSides(side: ExplainedAccount): { include?: Evaluated; exclude?: Evaluated } {
  const icp = side.plan.icp;
  const trace = side.explanation.icp.trace;
  const paths = icpPaths(icp);
  const at = (path: readonly number[]): Evaluated => {
    let expr = icp;
    let node = trace;
    for (const index of path) {
      expr =
        expr.op === "and" || expr.op === "or"
          ? expr.args[index]!
          : expr.op === "not" || expr.op === "named"
            ? expr.arg
            : expr;
      node = node.children![index]!;
    }
    return { expr, trace: node };
  };
  return {
    ...(paths.include ? { include: at(paths.include) } : {}),
    ...(paths.exclude ? { exclude: at(paths.exclude) } : {}),
  };
}

/** Why an account entered or left the ICP: the exclusion that changed its verdict, else the inclusion. */
function icpReason(sides: Sides): string {
  const base = icpSides(sides.base);
  const head = icpSides(sides.head);
  for (const part of ["exclude", "include"] as const) {
    const before = base[part];
    const after = head[part];
    // A missing include admits every account; a missing exclude excludes none.
    const neutral = part === "include";
    const was = before ? before.trace.result : neutral;
    const now = after ? after.trace.result : neutral;
    if (was === now) continue;
    if (!after) return `ICP ${part} removed (it was ${verdict(was)}: ${matchingOrFailing(before!)})`;
    return `ICP ${part}: ${flipReason(before, after, sides)}`;
  }
  return `ICP: ${flipReason({ expr: sides.base.plan.icp, trace: sides.base.explanation.icp.trace }, { expr: sides.head.plan.icp, trace: sides.head.explanation.icp.trace }, sides)}`;
}

/** The deciding clauses of a condition with their verdict, for a condition that is gone. */
function matchingOrFailing(node: Evaluated): string {
  return responsibleLeaves(node)
    .slice(0, MAX_LISTED)
    .map((leaf) => `${leaf.text}${leaf.actual !== undefined ? ` (${leaf.ref!.name} ${leaf.actual})` : ""}`)
    .join(" and ");
}

/**
 * Why an account moved from `from` (its group under the base plan) to `to` (under the head plan) in one dimension.
 * `renamed` maps base ids to head ids for rules renamed without other change.
 */
export function transitionReason(
  dimension: "segment" | "tier",
  from: string,
  to: string,
  base: ExplainedAccount,
  head: ExplainedAccount,
  renamed: ReadonlyMap<string, string>,
): string {
  const sides: Sides = { base, head };
  // Outside the ICP on both sides: the segments' scope changed (`segments: { scope }`), not the ICP.
  if (
    dimension === "segment" &&
    (from === OUTSIDE_ICP || to === OUTSIDE_ICP) &&
    !base.explanation.icp.result &&
    !head.explanation.icp.result
  ) {
    return `segments scope ${base.plan.segmentScope ?? "icp"} -> ${head.plan.segmentScope ?? "icp"} (the account is outside the ICP)`;
  }
  if (from === OUTSIDE_ICP || to === OUTSIDE_ICP) return icpReason(sides);
  if (renamed.get(from) === to) return `${dimension} ${from} renamed to ${to}`;
  const baseRules = rules(dimension, base);
  const headRules = rules(dimension, head);
  const fromBase = baseRules.find((rule) => rule.id === from);
  const fromHead = headRules.find((rule) => rule.id === from);
  const toBase = baseRules.find((rule) => rule.id === to);
  const toHead = headRules.find((rule) => rule.id === to);
  // Moving to a rule that now comes first is explained by that rule, whatever became of `from`.
  const toIsEarlier =
    toHead !== undefined && (fromHead === undefined ? fromBase !== undefined : toHead.index < fromHead.index);

  let lead: { text: string; stillMatches: boolean } | undefined;
  if (fromBase) {
    const stillTrue = (rule: RuleOutcome) => {
      const clauses = matchingClauses(rule);
      return {
        text:
          clauses === "no condition"
            ? `${dimension} ${from} still matches`
            : `${dimension} ${from}: ${clauses} still true`,
        stillMatches: true,
      };
    };
    if (!fromHead) lead = { text: `${dimension} ${from} removed`, stillMatches: false };
    else if (toIsEarlier) lead = fromHead.matched ? stillTrue(fromHead) : undefined;
    else if (!fromHead.matched) return `${dimension} ${from}: ${flipReason(fromBase, fromHead, sides)}`;
    else if (dimension === "tier" && !fromHead.kept) {
      const was = fromBase.capacity !== fromHead.capacity ? ` (was ${fromBase.capacity ?? "unlimited"})` : "";
      return `tier ${from} still matches but is over capacity ${fromHead.capacity}${was}`;
    } else lead = stillTrue(fromHead);
  }

  let arrival: string;
  if (toHead) {
    const tags: string[] = [];
    if (!toBase) tags.push("new");
    if (toIsEarlier && fromHead) {
      if (!toBase) tags.push("earlier");
      else if (fromBase && toBase.index > fromBase.index) tags.push("moved earlier");
    }
    const name = `${dimension} ${to}${tags.length ? ` (${tags.join(", ")})` : ""}`;
    if (toBase && !toBase.matched) arrival = `${name} now matches: ${flipReason(toBase, toHead, sides)}`;
    else if (toBase && dimension === "tier" && !toBase.kept && toBase.capacity !== null) {
      arrival =
        toBase.capacity !== toHead.capacity
          ? `${name} now has room: capacity ${toBase.capacity} -> ${toHead.capacity ?? "unlimited"}`
          : `${name} now ranks within its capacity ${toBase.capacity}`;
    } else arrival = `${name} ${toBase ? "matches" : "now matches"}: ${matchingClauses(toHead)}`;
  } else {
    arrival = dimension === "segment" ? `no segment matches (fallback ${to})` : "no tier matches";
  }
  if (!lead) return arrival;
  return lead.stillMatches ? `${lead.text}, but ${arrival}` : `${lead.text}; ${arrival}`;
}
