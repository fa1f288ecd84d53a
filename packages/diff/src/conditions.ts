import { canonicalJson, exprText, type Expr } from "@segform/plan";

/**
 * Clause-level comparison of two conditions. A condition is read as a conjunction of clauses (the arguments of a
 * top-level `and`, or the condition itself); clauses are paired by what they test (ref and operator, a define by
 * name, anything else by its shape), so a moved threshold reads as `fit >= 70 -> fit >= 75` rather than as a new
 * condition.
 */

/** Whether two expressions are the same (the plan's canonical form makes this structural equality). */
function sameExpr(a: Expr, b: Expr): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

/** The clauses of a condition: the arguments of a top-level conjunction, or the condition itself. */
export function conjuncts(expr: Expr): Expr[] {
  return expr.op === "and" ? expr.args : [expr];
}

/** The alternatives of a condition: the arguments of a top-level disjunction, or the condition itself. */
function disjuncts(expr: Expr): Expr[] {
  return expr.op === "or" ? expr.args : [expr];
}

/** The expression with every test value erased: two clauses with the same shape differ only in values. */
function shape(expr: Expr): unknown {
  switch (expr.op) {
    case "test":
      return { ...expr, value: null };
    case "named":
      return { op: "named", name: expr.name };
    case "define":
      return expr;
    case "not":
      return { op: "not", arg: shape(expr.arg) };
    case "and":
    case "or":
      return { op: expr.op, args: expr.args.map(shape) };
    case "const":
      return expr;
    case "contacts":
      return { ...expr, value: null };
  }
}

/** What a clause tests: pairs clauses across versions. */
function clauseKind(expr: Expr): string {
  switch (expr.op) {
    case "test":
      return `test ${expr.ref.kind}:${expr.ref.name}${expr.ref.measure !== undefined ? ` ${expr.ref.measure}` : ""} ${expr.test}`;
    case "named":
    case "define":
      return `named ${expr.name}`;
    case "contacts":
      return `contacts ${expr.measure} ${expr.test} ${canonicalJson(expr.where)}`;
    default:
      return canonicalJson(shape(expr));
  }
}

/** Kinds numbered by occurrence, so that two tests of the same ref and operator pair up in order. */
function clauseKeys(clauses: readonly Expr[]): string[] {
  const seen = new Map<string, number>();
  return clauses.map((clause) => {
    const kind = clauseKind(clause);
    const n = seen.get(kind) ?? 0;
    seen.set(kind, n + 1);
    return `${kind}#${n}`;
  });
}

/** One clause as text; a nested conjunction or disjunction needs no brackets at this level. */
function clauseText(expr: Expr): string {
  return exprText(expr);
}

/**
 * The differences between two conditions, one line each: changed clauses `old -> new` (a define whose body
 * changed as `name: old -> new`), then `- clause ...` in base order, then `+ clause ...` in head order. A
 * disjunction compares its alternatives the same way (`+ alternative ...`). When the two conditions share no
 * clause at all, one line `old -> new` for the whole condition. Empty when equal.
 */
export function diffCondition(base: Expr, head: Expr): string[] {
  if (sameExpr(base, head)) return [];
  const disjunctive = (base.op === "or" || head.op === "or") && base.op !== "and" && head.op !== "and";
  const lines = disjunctive
    ? diffClauses(disjuncts(base), disjuncts(head), "alternative")
    : diffClauses(conjuncts(base), conjuncts(head), "clause");
  return lines ?? [`${exprText(base)} -> ${exprText(head)}`];
}

/** Clause lines, or undefined when the two lists share no clause (the caller then shows the whole condition). */
function diffClauses(baseClauses: readonly Expr[], headClauses: readonly Expr[], word: string): string[] | undefined {
  const baseKeys = clauseKeys(baseClauses);
  const headKeys = clauseKeys(headClauses);
  const basePosition = new Map(baseKeys.map((key, index) => [key, index]));
  const headKeySet = new Set(headKeys);
  if (!headKeys.some((key) => basePosition.has(key))) return undefined;

  const changed: string[] = [];
  const added: string[] = [];
  headClauses.forEach((clause, index) => {
    const baseIndex = basePosition.get(headKeys[index]!);
    if (baseIndex === undefined) added.push(`+ ${word} ${clauseText(clause)}`);
    else changed.push(...clauseChange(baseClauses[baseIndex]!, clause));
  });
  const removed: string[] = [];
  baseClauses.forEach((clause, index) => {
    if (!headKeySet.has(baseKeys[index]!)) removed.push(`- ${word} ${clauseText(clause)}`);
  });
  return [...changed, ...removed, ...added];
}

function clauseChange(base: Expr, head: Expr): string[] {
  if (sameExpr(base, head)) return [];
  if (base.op === "named" && head.op === "named")
    return diffCondition(base.arg, head.arg).map((line) => `${base.name}: ${line}`);
  return [`${clauseText(base)} -> ${clauseText(head)}`];
}

/**
 * The plan holds the ICP as `include AND NOT exclude`; split it back so a reviewer reads which side changed.
 * (An include written as `not` reads as an exclusion: the same thing, said the other way.)
 */
export function icpParts(icp: Expr): { include: Expr | null; exclude: Expr | null } {
  const parts = icpPaths(icp);
  return {
    include: parts.include ? pick(icp, parts.include) : null,
    exclude: parts.exclude ? pick(icp, parts.exclude) : null,
  };
}

/** Child positions leading to the include and exclude parts of an ICP expression (null when absent). */
export function icpPaths(icp: Expr): { include: number[] | null; exclude: number[] | null } {
  if (icp.op === "const" && icp.value) return { include: null, exclude: null };
  if (icp.op === "not") return { include: null, exclude: [0] };
  if (icp.op === "and" && icp.args.length === 2 && icp.args[1]!.op === "not") return { include: [0], exclude: [1, 0] };
  return { include: [], exclude: null };
}

function pick(expr: Expr, path: readonly number[]): Expr {
  let node = expr;
  for (const index of path)
    node =
      node.op === "and" || node.op === "or"
        ? node.args[index]!
        : node.op === "not" || node.op === "named"
          ? node.arg
          : node;
  return node;
}
