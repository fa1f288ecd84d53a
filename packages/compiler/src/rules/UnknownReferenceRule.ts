import { suggest, type Condition } from "@segform/spec";
import { isContactsKey, walkCondition, type CheckContext, type ConditionSite, type Scope } from "../context.js";
import type { Origin } from "../resolve.js";

/**
 * Every name in a condition is a field, score or tier visible at that place, and every define name exists.
 * A define is checked where it is declared (against everything) and again where it is used: a define that
 * reads a score cannot be used in the ICP.
 */
export function UnknownReferenceRule(ctx: CheckContext): void {
  for (const outer of ctx.sites()) {
    const isDefineSite = outer.label.startsWith("define.") || outer.label.startsWith("contacts.define.");
    // Inside `contacts: { where }` the walk hands over a site of its own (contact fields, role, contact defines).
    walkCondition(outer.condition, outer.at.path, outer, {
      leaf: (leaf) => checkName(ctx, leaf.site, leaf.name, leaf.nameAt),
      named: (name, at, site) => {
        const scope = site.scope;
        if (!scope.defines.has(name)) {
          const near = suggest(name, [...scope.defines.keys()]);
          ctx.error(
            "SEG023",
            `unknown condition "${name}" in ${site.label}`,
            at,
            "value",
            near ? `did you mean "${near}"?` : "declare it under `define`",
          );
          return;
        }
        if (isDefineSite) return;
        for (const used of namesUsed(scope, name)) {
          // A name that exists nowhere is already reported where the define reads it (SEG020): no follow-on here.
          const exists = scope.allScores.includes(used) || used === "tier";
          if (!visible(scope, used) && exists) {
            ctx.error(
              "SEG037",
              `condition "${name}" reads "${used}", which is not available in ${site.label}`,
              at,
              "value",
              used === "tier"
                ? "only segments and activations may test `tier`"
                : "a score may only use scores declared before it; the ICP may use no scores",
            );
          }
        }
      },
    });
  }
}

function visible(scope: Scope, name: string): boolean {
  // `contacts` (a test over the account's contacts) is ContactsConditionRule's concern.
  return (
    scope.fields.has(name) ||
    scope.scores.includes(name) ||
    (name === "tier" && scope.tier) ||
    (name === "role" && scope.role === true) ||
    isContactsKey(scope, name)
  );
}

function checkName(ctx: CheckContext, site: ConditionSite, name: string, at: Origin): void {
  const scope = site.scope;
  if (visible(scope, name)) return;
  if (scope.allScores.includes(name)) {
    ctx.error(
      "SEG037",
      `score "${name}" is not computed yet in ${site.label}`,
      at,
      "key",
      "a score may only use scores declared before it; the ICP may use no scores",
    );
    return;
  }
  if (name === "tier" && scope.kind === "account") {
    ctx.error(
      "SEG020",
      `the tier is not known yet in ${site.label}`,
      at,
      "key",
      "only segments and activations may test `tier`",
    );
    return;
  }
  const candidates = [
    ...scope.fields.keys(),
    ...scope.scores,
    ...(scope.tier ? ["tier"] : []),
    ...(scope.role ? ["role"] : []),
  ];
  const near = suggest(name, candidates);
  const what = scope.kind === "contact" ? "contact field" : "field or score";
  ctx.error(
    "SEG020",
    `unknown ${what} "${name}" in ${site.label}`,
    at,
    "key",
    near ? `did you mean "${near}"?` : `declare it under ${scope.kind === "contact" ? "contacts.fields" : "fields"}`,
  );
}

/** Names a define reads, following nested defines (without recursion: chains can be long; cycles are DefineCycleRule's concern). */
function namesUsed(scope: Scope, defineName: string): string[] {
  const out = new Set<string>();
  const seen = new Set<string>([defineName]);
  const pending: Condition[] = [defineName];
  const push = (item: Condition) => {
    if (typeof item === "string") {
      if (seen.has(item)) return;
      seen.add(item);
    }
    pending.push(item);
  };
  while (pending.length) {
    const condition = pending.pop()!;
    if (typeof condition === "string") {
      const entry = scope.defines.get(condition);
      if (entry) push(entry.value);
      continue;
    }
    for (const [key, value] of Object.entries(condition)) {
      if (key === "all" || key === "any") {
        (value as Condition[]).forEach(push);
      } else if (key === "not") {
        push(value as Condition);
      } else out.add(key);
    }
  }
  return [...out];
}
