import type { Condition } from "@segform/spec";
import type { CheckContext, ConditionSite } from "../context.js";
import type { Entry } from "../resolve.js";
import { MAX_EXPANDED_TESTS, conditionSize, defineSizes, saturate, sharedDefines } from "../sharing.js";

export { MAX_EXPANDED_TESTS } from "../sharing.js";

/**
 * The plan copies a named condition into every place that uses it, unless the copies would pass MAX_EXPANDED_TESTS:
 * then the account defines used more than once are shared (stored once). What is still copied (defines used once,
 * contact defines) can make a small file describe an enormous plan, and every later phase works on the plan's size,
 * not the source's: bound it here, before lowering, with a located error.
 */
export function ExpandedSizeRule(ctx: CheckContext): void {
  const shared = sharedDefines(ctx.spec.define, ctx.sites());
  const sizesByScope = new Map<Map<string, Entry<Condition>>, Map<string, number>>();
  const sizesFor = (site: ConditionSite) => {
    const defines = site.scope.defines;
    let sizes = sizesByScope.get(defines);
    if (!sizes)
      sizesByScope.set(defines, (sizes = defineSizes(defines, site.scope.kind === "account" ? shared : new Set())));
    return sizes;
  };
  let total = 0;
  let largest: { site: ConditionSite; size: number } | undefined;
  for (const site of ctx.sites()) {
    const isDefine = site.label.startsWith("define.") || site.label.startsWith("contacts.define.");
    // A shared define's body is stored once; other defines are counted where they are used.
    if (isDefine && !(site.scope.kind === "account" && shared.has(site.label.slice("define.".length)))) continue;
    const size = conditionSize(site.condition, sizesFor(site), site.scope.kind === "account" ? shared : new Set());
    total = saturate(total + size);
    if (!largest || size > largest.size) largest = { site, size };
  }
  if (total <= MAX_EXPANDED_TESTS || !largest) return;
  const shown = (n: number) =>
    n > MAX_EXPANDED_TESTS ? `more than ${MAX_EXPANDED_TESTS.toLocaleString("en-US")}` : n.toLocaleString("en-US");
  const how =
    shared.size === 0
      ? "once every define is copied where it is used"
      : "once the defines not shared (used once, or contact defines) are copied where they are used";
  ctx.error(
    "SEG039",
    `the definitions expand to ${shown(total)} tests ${how} (limit ${MAX_EXPANDED_TESTS.toLocaleString("en-US")}); ${largest.site.label} alone expands to ${shown(largest.size)}`,
    largest.site.at,
    "value",
    "use a large define in fewer places, or keep long value lists (named accounts, domains) as a column in the data",
  );
}
