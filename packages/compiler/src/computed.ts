import { computeRefs, type PlanComputed } from "@segform/plan";
import type { FieldSpec } from "@segform/spec";
import { checkCompute, parseCompute, type CheckResult, type ParseResult } from "./compute.js";
import type { Entry, ResolvedSpec } from "./resolve.js";

/** One derived field of a project: its text, parsed and checked. */
export interface ComputedField {
  name: string;
  entry: Entry<FieldSpec>;
  text: string;
  parsed: ParseResult;
  /** Present when the text parsed. */
  checked: CheckResult;
}

/**
 * The project's derived fields (account fields with `compute`), by name, and a cycle among the sound ones, if any
 * (the names along it, the first repeated at the end).
 */
export function computedFields(spec: ResolvedSpec): { fields: ComputedField[]; cycle: string[] | undefined } {
  const names = new Set(spec.fields.keys());
  const typeNames = { typeOf: (name: string) => spec.fields.get(name)?.value.type, all: [...names] };
  const fields: ComputedField[] = [];
  for (const [name, entry] of [...spec.fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = entry.value.compute;
    if (text === undefined) continue;
    const parsed = parseCompute(text, names);
    const checked: CheckResult = parsed.ok ? checkCompute(parsed.node, typeNames) : { ok: false, problems: [] };
    fields.push({ name, entry, text, parsed, checked });
  }
  return { fields, cycle: findCycle(fields) };
}

function readsOf(field: ComputedField): string[] {
  return field.checked.ok ? computeRefs(field.checked.expr) : [];
}

function findCycle(fields: ComputedField[]): string[] | undefined {
  const byName = new Map(fields.map((field) => [field.name, field]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "visiting") return [...path.slice(path.indexOf(name)), name];
    state.set(name, "visiting");
    path.push(name);
    for (const read of readsOf(byName.get(name)!)) {
      if (!byName.has(read)) continue;
      const cycle = visit(read);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const field of fields) {
    const cycle = visit(field.name);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * The plan's derived fields, each after those it reads (ties by name), for a project whose checks passed. Empty
 * when there are none.
 */
export function lowerComputed(spec: ResolvedSpec): PlanComputed[] {
  const { fields } = computedFields(spec);
  const byName = new Map(fields.map((field) => [field.name, field]));
  const out: PlanComputed[] = [];
  const placed = new Set<string>();
  const place = (field: ComputedField) => {
    if (placed.has(field.name)) return;
    if (!field.checked.ok) throw new Error(`internal: unchecked compute of ${field.name}`);
    placed.add(field.name);
    for (const read of computeRefs(field.checked.expr)) {
      const inner = byName.get(read);
      if (inner) place(inner);
    }
    out.push({ name: field.name, type: field.checked.type, expr: field.checked.expr });
  };
  fields.forEach(place);
  return out;
}
