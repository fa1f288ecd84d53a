import type { Condition } from "@segform/spec";
import { isContactsKey, type CheckContext, type Scope } from "../context.js";
import { MAX_CONDITION_DEPTH, definesInDependencyOrder } from "../sharing.js";

/**
 * A condition nests at most MAX_CONDITION_DEPTH levels once its defines are expanded (all / any / not and each
 * define's name count one level). The YAML loader bounds the nesting of one file, but a chain of defines that each
 * wrap the previous one is unbounded, and every later phase (lowering, the engine's code, the SQL expression, the
 * databases' parsers) walks that depth. Reported once, at the define where the chain passes the limit (or at the
 * condition, when no define alone does).
 */
export function DefineDepthRule(ctx: CheckContext): void {
  const sites = ctx.sites();
  const depths = new Map<Map<string, unknown>, Map<string, number>>();
  // Contact defines first: an account condition's `contacts: { where }` reads them.
  const ordered = [...sites].sort((a, b) => (a.scope.kind === b.scope.kind ? 0 : a.scope.kind === "contact" ? -1 : 1));
  const depthsOf = (scope: Scope): Map<string, number> => {
    let known = depths.get(scope.defines);
    if (known) return known;
    known = new Map();
    depths.set(scope.defines, known);
    for (const name of definesInDependencyOrder(scope.defines))
      known.set(name, conditionDepth(scope.defines.get(name)!.value, scope, depthsOf));
    return known;
  };
  for (const site of ordered) {
    if (site.label.startsWith("define.") || site.label.startsWith("contacts.define.")) continue;
    const depth = conditionDepth(site.condition, site.scope, depthsOf);
    if (depth <= MAX_CONDITION_DEPTH) continue;
    // The define where the chain crosses the limit: the shallowest one over it (first declared among equals).
    const known = depthsOf(site.scope);
    let crossing: string | undefined;
    for (const [name, value] of known)
      if (value > MAX_CONDITION_DEPTH && (crossing === undefined || value < known.get(crossing)!)) crossing = name;
    const entry = crossing === undefined ? undefined : site.scope.defines.get(crossing);
    if (crossing !== undefined && entry) {
      ctx.error(
        "SEG046",
        `${crossing} nests ${known.get(crossing)!.toLocaleString("en-US")} levels deep once the defines it uses are expanded (limit ${MAX_CONDITION_DEPTH})`,
        entry.at,
        "key",
        "combine defines side by side (all: [a, b, c]) instead of each wrapping the previous one",
      );
    } else {
      ctx.error(
        "SEG046",
        `${site.label} nests ${depth.toLocaleString("en-US")} levels deep once its defines are expanded (limit ${MAX_CONDITION_DEPTH})`,
        site.at,
        "value",
        "combine defines side by side (all: [a, b, c]) instead of each wrapping the previous one",
      );
    }
    return;
  }
}

/** Nesting levels of a condition; a define's name is one level over the define's own depth (0 when unknown). */
function conditionDepth(condition: Condition, scope: Scope, depthsOf: (scope: Scope) => Map<string, number>): number {
  if (typeof condition === "string") return 1 + (depthsOf(scope).get(condition) ?? 0);
  let deepest = 1;
  for (const [key, value] of Object.entries(condition)) {
    if (key === "all" || key === "any")
      for (const item of value as Condition[]) deepest = Math.max(deepest, 1 + conditionDepth(item, scope, depthsOf));
    else if (key === "not") deepest = Math.max(deepest, 1 + conditionDepth(value as Condition, scope, depthsOf));
    else if (isContactsKey(scope, key) && scope.contactWhere) {
      const where =
        value !== null && typeof value === "object" && !Array.isArray(value)
          ? (value as { where?: Condition }).where
          : undefined;
      if (where !== undefined) deepest = Math.max(deepest, 1 + conditionDepth(where, scope.contactWhere, depthsOf));
    }
  }
  return deepest;
}
