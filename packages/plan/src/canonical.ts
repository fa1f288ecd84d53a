import { createHash } from "node:crypto";
import { PLAN_VERSION, type Plan, type UnhashedPlan } from "./types.js";

/** JSON with object keys sorted at every level: the same data always gives the same bytes. */
export function canonicalJson(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeysDeep(value), null, indent) ?? "null";
}

/**
 * The value with object keys sorted and undefined dropped at every level. Copies only where something changes:
 * an array or object whose keys are already in order, with no undefined, and whose items come back unchanged, is
 * returned as it is (a compiled plan is mostly built in key order), so JSON.stringify writes the same bytes
 * with far less garbage.
 */
function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const sorted = sortKeysDeep(item);
      if (copy === null && sorted !== item) copy = value.slice(0, i);
      if (copy !== null) copy.push(sorted);
    }
    return copy ?? value;
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let same = Object.getPrototypeOf(record) === Object.prototype && !("toJSON" in record);
    for (let i = 0; same && i < keys.length; i++) {
      if (i > 0 && !(keys[i - 1] < keys[i])) same = false;
    }
    const sortedKeys = same ? keys : keys.sort();
    const items: unknown[] = [];
    for (const key of sortedKeys) {
      const item = record[key];
      const sorted = item === undefined ? undefined : sortKeysDeep(item);
      if (sorted !== item) same = false;
      items.push(sorted);
    }
    if (same) return value;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < sortedKeys.length; i++) {
      const item = items[i];
      if (item !== undefined) out[sortedKeys[i] as string] = item;
    }
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new Error(`canonicalJson: non-finite number ${value}`);
  }
  return value;
}
/** sha256 of the canonical JSON of the plan without its hash: changes only when the meaning changes. */
export function planHash(plan: UnhashedPlan | Plan): string {
  const { hash: _ignored, ...rest } = plan as Plan;
  return "sha256:" + createHash("sha256").update(canonicalJson(rest)).digest("hex");
}

export function withHash(plan: UnhashedPlan): Plan {
  return { ...plan, hash: planHash(plan) };
}

/** The plan as stable, human-readable JSON (sorted keys, two-space indent, trailing newline). */
export function serializePlan(plan: Plan): string {
  return canonicalJson(plan, 2) + "\n";
}

export class PlanFormatError extends Error {}

/** Reads a serialised plan, checking its version and hash. */
export function parsePlan(text: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PlanFormatError(`not a plan: ${(error as Error).message}`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data))
    throw new PlanFormatError("not a plan: expected an object");
  const plan = data as Plan;
  if (plan.planVersion !== PLAN_VERSION) {
    throw new PlanFormatError(`plan version ${String(plan.planVersion)} is not supported (supported: ${PLAN_VERSION})`);
  }
  if (plan.hash !== planHash(plan)) throw new PlanFormatError("plan hash does not match its content (edited by hand?)");
  return plan;
}
