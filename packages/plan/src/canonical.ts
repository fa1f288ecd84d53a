import { createHash } from "node:crypto";
import { PLAN_VERSION, type Plan, type UnhashedPlan } from "./types.js";

/** JSON with object keys sorted at every level: the same data always gives the same bytes. */
export function canonicalJson(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeysDeep(value), null, indent) ?? "null";
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) sorted[key] = sortKeysDeep(item);
    }
    return sorted;
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
