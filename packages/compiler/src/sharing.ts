import type { Condition, FieldTest } from "@segform/spec";
import type { ConditionSite } from "./context.js";
import type { Entry } from "./resolve.js";

/**
 * Tests (leaf tests plus list values) the plan may hold once the defines that are not shared are copied where they
 * are used. Projects at or under it copy every define (the plan format they always had); over it, the account
 * defines used more than once are shared (plan `defines`), each stored and evaluated once.
 */
export const MAX_EXPANDED_TESTS = 1_000_000;

/** Nesting levels of a condition once its defines are expanded (all / any / not / a define's name each add one). */
export const MAX_CONDITION_DEPTH = 200;

export function saturate(n: number): number {
  return Math.min(n, MAX_EXPANDED_TESTS + 1);
}

/** A condition's own tests (list values count one each) and the defines it names (each use), without expanding them. */
function measureCondition(condition: Condition): { own: number; named: string[] } {
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
 * The defines in an order where each comes after the defines it names (depth-first from the names in sorted order,
 * without recursion: chains can be thousands of links long). A cycle's back edge is ignored (DefineCycleRule
 * reports it). Unknown names are left out.
 */
export function definesInDependencyOrder(
  defines: ReadonlyMap<string, Entry<Condition>>,
  roots: Iterable<string> = [...defines.keys()].sort(),
): string[] {
  const order: string[] = [];
  const state = new Map<string, "open" | "done">();
  for (const root of roots) {
    if (!defines.has(root) || state.has(root)) continue;
    const stack: { name: string; named: string[]; next: number }[] = [
      { name: root, named: measureCondition(defines.get(root)!.value).named, next: 0 },
    ];
    state.set(root, "open");
    while (stack.length) {
      const frame = stack[stack.length - 1]!;
      if (frame.next < frame.named.length) {
        const child = frame.named[frame.next++]!;
        if (!defines.has(child) || state.has(child)) continue;
        state.set(child, "open");
        stack.push({ name: child, named: measureCondition(defines.get(child)!.value).named, next: 0 });
        continue;
      }
      stack.pop();
      state.set(frame.name, "done");
      order.push(frame.name);
    }
  }
  return order;
}

/**
 * Expanded size of every define when the `shared` ones count 1 where they are used (their own size is counted once,
 * at the define). Saturates just over MAX_EXPANDED_TESTS.
 */
export function defineSizes(
  defines: ReadonlyMap<string, Entry<Condition>>,
  shared: ReadonlySet<string>,
): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const name of definesInDependencyOrder(defines)) {
    const { own, named } = measureCondition(defines.get(name)!.value);
    let total = own;
    for (const used of named) total = saturate(total + (shared.has(used) ? 1 : (sizes.get(used) ?? 1)));
    sizes.set(name, total);
  }
  return sizes;
}

/** Expanded size of one condition, given the defines' sizes (a shared define counts 1). */
export function conditionSize(
  condition: Condition,
  sizes: ReadonlyMap<string, number>,
  shared: ReadonlySet<string>,
): number {
  const { own, named } = measureCondition(condition);
  let total = own;
  for (const used of named) total = saturate(total + (shared.has(used) ? 1 : (sizes.get(used) ?? 1)));
  return total;
}

/** The account sites that are not define bodies: where the plan's conditions start. */
function accountRoots(sites: readonly ConditionSite[]): ConditionSite[] {
  return sites.filter((site) => site.scope.kind === "account" && !site.label.startsWith("define."));
}

/**
 * The account defines the plan shares. None when copying every define keeps the project within MAX_EXPANDED_TESTS
 * (so every project that compiled before keeps its plan and hash). Otherwise every define written more than once
 * in what the plan holds: the conditions, plus the body of each define they reach, counted once (a shared body is
 * stored once; a define used once is copied once). A define used once is still copied, so what stays expanded is
 * linear in the source.
 */
export function sharedDefines(
  defines: ReadonlyMap<string, Entry<Condition>>,
  sites: readonly ConditionSite[],
): Set<string> {
  const roots = accountRoots(sites);
  const none = new Set<string>();
  const sizes = defineSizes(defines, none);
  let total = 0;
  for (const site of roots) total = saturate(total + conditionSize(site.condition, sizes, none));
  if (total <= MAX_EXPANDED_TESTS) return none;
  const uses = new Map<string, number>();
  const reached: string[] = [];
  const use = (name: string) => {
    if (!defines.has(name)) return;
    const count = (uses.get(name) ?? 0) + 1;
    uses.set(name, count);
    if (count === 1) reached.push(name);
  };
  for (const site of roots) measureCondition(site.condition).named.forEach(use);
  for (let index = 0; index < reached.length; index++)
    measureCondition(defines.get(reached[index]!)!.value).named.forEach(use);
  return new Set([...uses].filter(([, count]) => count > 1).map(([name]) => name));
}
