import type { Condition, FieldTest } from "@segform/spec";
import type { CheckContext, ConditionSite } from "../context.js";

/** Tests (leaf tests plus list values) the whole project may expand to once every `define` is copied where it is used. */
export const MAX_EXPANDED_TESTS = 1_000_000;

/**
 * The plan copies a named condition into every place that uses it, so a small file can describe an enormous plan
 * (a 100,000-value list used by 5,000 segments; defines that each use the previous one twice). The work of every
 * later phase follows the expanded size, not the source size: bound it here, before lowering, with a located error.
 */
export function ExpandedSizeRule(ctx: CheckContext): void {
  const sizes = new Map<string, number>();
  const expanded = (site: ConditionSite, condition: Condition): number => {
    const { own, named } = measure(condition);
    let total = own;
    for (const name of named) total = saturate(total + defineSize(site, name, sizes));
    return total;
  };
  let total = 0;
  let largest: { site: ConditionSite; size: number } | undefined;
  for (const site of ctx.sites()) {
    if (site.label.startsWith("define.") || site.label.startsWith("contacts.define.")) continue;
    const size = expanded(site, site.condition);
    total = saturate(total + size);
    if (!largest || size > largest.size) largest = { site, size };
  }
  if (total <= MAX_EXPANDED_TESTS || !largest) return;
  const shown = (n: number) => (n > MAX_EXPANDED_TESTS ? `more than ${MAX_EXPANDED_TESTS.toLocaleString("en-US")}` : n.toLocaleString("en-US"));
  ctx.error(
    "SEG039",
    `the definitions expand to ${shown(total)} tests once every define is copied where it is used (limit ${MAX_EXPANDED_TESTS.toLocaleString("en-US")}); ${largest.site.label} alone expands to ${shown(largest.size)}`,
    largest.site.at,
    "value",
    "use a large define in fewer places, or keep long value lists (named accounts, domains) as a column in the data",
  );
}

function saturate(n: number): number {
  return Math.min(n, MAX_EXPANDED_TESTS + 1);
}

/** A condition's own tests (list values count one each) and the defines it names, without expanding them. */
function measure(condition: Condition): { own: number; named: string[] } {
  const named: string[] = [];
  let own = 0;
  const walk = (node: Condition) => {
    if (typeof node === "string") {
      named.push(node);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "all" || key === "any") {
        own++;
        (value as Condition[]).forEach(walk);
      } else if (key === "not") {
        own++;
        walk(value as Condition);
      } else {
        const test = value as FieldTest;
        const tests = test !== null && typeof test === "object" && !Array.isArray(test) ? Object.values(test) : [test];
        for (const operand of tests) own += 1 + (Array.isArray(operand) ? operand.length : 0);
      }
    }
  };
  walk(condition); // nesting is bounded by the YAML loader, so recursion here is shallow
  return { own, named };
}

/**
 * Expanded size of a named condition, memoised per scope. Define chains can be long (thousands of links), so this
 * walks the reference graph with an explicit stack; a cycle (reported by DefineCycleRule) counts its back edge as 1.
 */
function defineSize(site: ConditionSite, name: string, sizes: Map<string, number>): number {
  const scopeKey = (define: string) => `${site.scope.kind}:${define}`;
  if (sizes.has(scopeKey(name))) return sizes.get(scopeKey(name))!;
  const inProgress = new Set<string>();
  const stack: { name: string; own: number; named: string[]; next: number; total: number }[] = [];
  const open = (define: string): boolean => {
    const entry = site.scope.defines.get(define);
    if (!entry) {
      sizes.set(scopeKey(define), 1); // an unknown name: UnknownReferenceRule reports it
      return false;
    }
    const { own, named } = measure(entry.value);
    inProgress.add(define);
    stack.push({ name: define, own, named, next: 0, total: own });
    return true;
  };
  open(name);
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.named.length) {
      const child = frame.named[frame.next++]!;
      const known = sizes.get(scopeKey(child));
      if (known !== undefined) frame.total = saturate(frame.total + known);
      else if (inProgress.has(child)) frame.total = saturate(frame.total + 1);
      else if (!open(child)) frame.total = saturate(frame.total + 1);
      continue;
    }
    stack.pop();
    inProgress.delete(frame.name);
    sizes.set(scopeKey(frame.name), frame.total);
    const parent = stack[stack.length - 1];
    if (parent) parent.total = saturate(parent.total + frame.total);
  }
  return sizes.get(scopeKey(name)) ?? 1;
}
