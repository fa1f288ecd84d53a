import { suggest } from "@segform/spec";
import type { CheckContext } from "../context.js";

const VALUE_OPERATORS = new Set(["eq", "ne", "in", "not_in", "contains", "contains_any", "contains_all"]);

/** Values compared with an enum field, or with `tier`, are among its declared values. */
export function EnumValueRule(ctx: CheckContext): void {
  const tierIds = (ctx.spec.tiers?.value ?? []).map((tier) => tier.id);
  for (const leaf of ctx.leaves()) {
    if (!VALUE_OPERATORS.has(leaf.op)) continue;
    const field = leaf.site.scope.fields.get(leaf.name);
    let allowed: string[] | undefined;
    let what: string;
    if (field?.value.enum) {
      allowed = field.value.enum.map(String);
      what = `the enum of ${leaf.name}`;
    } else if (!field && leaf.name === "tier" && leaf.site.scope.tier) {
      allowed = tierIds;
      what = "the declared tiers";
    } else continue;
    const values = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
    for (const value of values) {
      if (allowed.includes(String(value))) continue;
      const near = suggest(String(value), allowed);
      ctx.error(
        "SEG022",
        `${JSON.stringify(value)} is not in ${what} (${allowed.join(", ")})`,
        leaf.valueAt,
        "value",
        near ? `did you mean "${near}"?` : "a value outside the list never matches",
      );
    }
  }
}
