import { walkCondition, type CheckContext } from "../context.js";

/** A condition has at least one test: `{}`, `all: []`, `any: []` or a field with no operator are mistakes. */
export function EmptyConditionRule(ctx: CheckContext): void {
  for (const site of ctx.sites()) {
    walkCondition(site.condition, site.at.path, site, {
      empty: (at) =>
        ctx.error(
          "SEG036",
          `empty condition in ${site.label}`,
          at,
          "value",
          "add a test, or remove `when` to match every account",
        ),
    });
  }
}
