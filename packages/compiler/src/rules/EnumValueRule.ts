import { foldCase } from "@segform/plan";
import { suggest } from "@segform/spec";
import { at, type CheckContext } from "../context.js";

const VALUE_OPERATORS = new Set(["eq", "ne", "in", "not_in", "contains", "contains_any", "contains_all"]);
const NEGATED_OPERATORS = new Set(["ne", "not_in"]);

/** Values compared with an enum field, or with `tier`, are among its declared values. */
export function EnumValueRule(ctx: CheckContext): void {
  const tierIds = (ctx.spec.tiers?.value ?? []).map((tier) => tier.id);
  const roleIds = (ctx.spec.contacts?.value.roles ?? []).map((role) => role.id);
  for (const leaf of ctx.leaves()) {
    if (!VALUE_OPERATORS.has(leaf.op)) continue;
    const field = leaf.site.scope.fields.get(leaf.name);
    let allowed: string[] | undefined;
    let what: string;
    // On a field with `case`, values are compared as the data is: folded (the enum too).
    const fold = (value: unknown) => foldCase(String(value), field?.value.case);
    if (field?.value.enum) {
      allowed = [...new Set(field.value.enum.map(fold))];
      what = `the enum of ${leaf.name}`;
    } else if (!field && leaf.name === "tier" && leaf.site.scope.tier) {
      allowed = tierIds;
      what = "the declared tiers";
    } else if (!field && leaf.name === "role" && leaf.site.scope.role) {
      allowed = roleIds;
      what = "the declared roles";
    } else continue;
    const list = Array.isArray(leaf.value);
    const values: unknown[] = list ? (leaf.value as unknown[]) : [leaf.value];
    values.forEach((value, index) => {
      if (allowed.includes(fold(value))) return;
      const near = suggest(String(value), allowed);
      ctx.error(
        "SEG022",
        `${JSON.stringify(value)} is not in ${what} (${allowed.length ? allowed.join(", ") : "none declared"})`,
        list ? at(leaf.valueAt, index) : leaf.valueAt,
        "value",
        near
          ? `did you mean "${near}"?`
          : NEGATED_OPERATORS.has(leaf.op)
            ? "a value outside the list is never there, so this test is always true when the value is present"
            : "a value outside the list never matches",
      );
    });
  }
}
