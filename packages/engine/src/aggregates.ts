import { canonicalJson, planDefines, type ContactsExpr, type Expr, type Plan } from "@segform/plan";

/** One number an account's conditions read about its contacts: how many match `where`, or how many roles they hold. */
export interface ContactAggregate {
  where: Expr | null;
  measure: ContactsExpr["measure"];
}

/** The identity of an aggregate: two tests of the same `where` and measure read one number. */
export function aggregateKey(expr: ContactAggregate): string {
  return canonicalJson({ measure: expr.measure, where: expr.where });
}

/**
 * The distinct aggregates a plan's account conditions read, in a fixed order (ICP, scores, tiers, segments,
 * activations; first use). Account values hold them after the fields: slot `fields.length + i`.
 */
export function contactAggregates(plan: Plan): ContactAggregate[] {
  const found = new Map<string, ContactAggregate>();
  const defines = planDefines(plan);
  const visited = new Set<string>();
  const visit = (expr: Expr | null): void => {
    if (expr === null) return;
    switch (expr.op) {
      case "define":
        // A shared define's aggregates at its first use (its body once).
        if (!visited.has(expr.name)) {
          visited.add(expr.name);
          visit(defines.get(expr.name) ?? null);
        }
        break;
      case "contacts": {
        const key = aggregateKey(expr);
        if (!found.has(key)) found.set(key, { where: expr.where, measure: expr.measure });
        break;
      }
      case "and":
      case "or":
        expr.args.forEach(visit);
        break;
      case "not":
      case "named":
        visit(expr.arg);
        break;
      default:
        break;
    }
  };
  visit(plan.icp);
  for (const score of plan.scores)
    if (score.kind === "criteria") score.criteria.forEach((criterion) => visit(criterion.when));
  plan.tiers.forEach((tier) => visit(tier.when));
  plan.segments.forEach((segment) => visit(segment.when));
  plan.activations.forEach((activation) => visit(activation.when));
  plan.audiences?.forEach((audience) => visit(audience.when));
  return [...found.values()];
}
