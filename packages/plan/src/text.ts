import type { ContactsExpr, Expr, Plan, ScalarValue, TestExpr } from "./types.js";

/** A short human rendering of a value, as it would be written in YAML. */
export function valueText(value: ScalarValue | ScalarValue[]): string {
  if (Array.isArray(value)) return `[${value.map((item) => valueText(item)).join(", ")}]`;
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

const OPERATOR_TEXT: Record<string, string> = {
  eq: "=",
  ne: "!=",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
  in: "in",
  not_in: "not in",
  between: "between",
  contains: "contains",
  contains_any: "contains any of",
  contains_all: "contains all of",
  starts_with: "starts with",
  ends_with: "ends with",
  matches: "matches",
};

const MEASURE_TEXT: Record<string, string> = { days_ago: "days ago", days_until: "days until", count: "count" };

/** One test as text, e.g. `employees between [200, 2000]`. */
export function testText(test: TestExpr): string {
  const name = test.ref.measure === undefined ? test.ref.name : `${test.ref.name} ${MEASURE_TEXT[test.ref.measure]}`;
  switch (test.test) {
    case "exists":
      return `${name} exists`;
    case "missing":
      return `${name} is missing`;
    case "within_days":
      return `${name} within ${String(test.value)} days`;
    case "within_next_days":
      return `${name} within the next ${String(test.value)} days`;
    default:
      return `${name} ${OPERATOR_TEXT[test.test]} ${valueText(test.value)}`;
  }
}

/** A contacts test as text, e.g. `contacts where role = "ciso": count >= 1`. */
export function contactsText(expr: ContactsExpr): string {
  const which = expr.where === null ? "contacts" : `contacts where ${exprText(expr.where)}`;
  const measure = expr.measure === "count" ? "count" : "distinct roles";
  const test =
    expr.test === "between"
      ? `between ${valueText(expr.value)}`
      : `${OPERATOR_TEXT[expr.test]} ${valueText(expr.value)}`;
  return `${which}: ${measure} ${test}`;
}

/** A whole expression as one line of text. */
export function exprText(expr: Expr): string {
  switch (expr.op) {
    case "contacts":
      return contactsText(expr);
    case "const":
      return expr.value ? "always" : "never";
    case "test":
      return testText(expr);
    case "named":
    case "define":
      return expr.name;
    case "not":
      return `not (${exprText(expr.arg)})`;
    case "and":
    case "or": {
      const joiner = expr.op === "and" ? " and " : " or ";
      return expr.args
        .map((arg) => (arg.op === "and" || arg.op === "or" ? `(${exprText(arg)})` : exprText(arg)))
        .join(joiner);
    }
  }
}

/** A plan's shared defines by name (empty when it has none). */
export function planDefines(plan: Pick<Plan, "defines">): ReadonlyMap<string, Expr> {
  return new Map((plan.defines ?? []).map((define) => [define.name, define.when]));
}

/**
 * Every ref a expression reads, in order of first use; through the shared defines it uses when `defines` is given
 * (each once).
 */
export function exprRefs(
  expr: Expr,
  out: TestExpr["ref"][] = [],
  defines?: ReadonlyMap<string, Expr>,
  seen = new Set<string>(),
): TestExpr["ref"][] {
  switch (expr.op) {
    case "define": {
      const body = defines?.get(expr.name);
      if (body !== undefined && !seen.has(expr.name)) {
        seen.add(expr.name);
        exprRefs(body, out, defines, seen);
      }
      break;
    }
    case "test":
      if (!out.some((ref) => ref.kind === expr.ref.kind && ref.name === expr.ref.name)) out.push(expr.ref);
      break;
    case "not":
    case "named":
      exprRefs(expr.arg, out, defines, seen);
      break;
    case "and":
    case "or":
      for (const arg of expr.args) exprRefs(arg, out, defines, seen);
      break;
    case "const":
    case "contacts": // its `where` reads contact fields, not the account's
      break;
  }
  return out;
}
