import { canonicalJson, formatDay, type Plan, type PlanActivation } from "@segform/plan";
import type { AccountResult, PreparedAccount, Value } from "@segform/engine";

/**
 * Whether an account's activation would push different values under the head plan than under the base: the
 * `set` templates rendered for the account, and the activation's destination, audience and sequence.
 */

/** One account as one plan sees it. */
export interface EvaluatedAccount {
  prepared: PreparedAccount;
  result: AccountResult;
}

type Part =
  | { kind: "text"; text: string }
  | { kind: "segment" }
  | { kind: "tier" }
  | { kind: "score"; slot: number }
  | { kind: "field"; slot: number; date: boolean };

/** A `set` value: a constant, or a template split into literal text and placeholders. */
type SetValue = { kind: "constant"; value: string | number | boolean } | { kind: "template"; parts: Part[] };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function compileSetValue(plan: Plan, value: string | number | boolean): SetValue {
  if (typeof value !== "string" || !value.includes("{{")) return { kind: "constant", value };
  const parts: Part[] = [];
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ kind: "text", text: value.slice(last, match.index) });
    last = match.index + match[0].length;
    const [head, tail] = match[1]!.split(".");
    if (head === "segment") parts.push({ kind: "segment" });
    else if (head === "tier") parts.push({ kind: "tier" });
    else if (head === "score") parts.push({ kind: "score", slot: plan.scores.findIndex((score) => score.name === tail) });
    else if (head === "account") {
      const slot = plan.fields.findIndex((field) => field.name === tail);
      parts.push({ kind: "field", slot, date: plan.fields[slot]?.type === "date" });
    } else parts.push({ kind: "text", text: match[0] }); // the compiler rejects unknown placeholders
  }
  if (last < value.length) parts.push({ kind: "text", text: value.slice(last) });
  return { kind: "template", parts };
}

function valueText(value: Value | undefined, date: boolean): string {
  if (value === null || value === undefined) return "";
  if (date && typeof value === "number") return formatDay(value);
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

function render(setValue: SetValue, account: EvaluatedAccount): string | number | boolean {
  if (setValue.kind === "constant") return setValue.value;
  let out = "";
  for (const part of setValue.parts) {
    switch (part.kind) {
      case "text":
        out += part.text;
        break;
      case "segment":
        out += account.result.segment ?? "";
        break;
      case "tier":
        out += account.result.tier ?? "";
        break;
      case "score":
        out += part.slot >= 0 ? String(account.result.scores[part.slot]) : "";
        break;
      case "field":
        out += part.slot >= 0 ? valueText(account.prepared.values[part.slot], part.date) : "";
        break;
    }
  }
  return out;
}

/** One activation as both plans define it. */
interface ActivationPair {
  /** Destination, audience or sequence differ: every account that keeps the activation is updated. */
  alwaysDiffers: boolean;
  /** Nothing the activation pushes depends on the account and the definitions are equal. */
  neverDiffers: boolean;
  keys: string[];
  base: Map<string, SetValue>;
  head: Map<string, SetValue>;
}

export class PushedValues {
  private readonly pairs = new Map<string, ActivationPair>();

  constructor(basePlan: Plan, headPlan: Plan) {
    for (const head of headPlan.activations) {
      const base = basePlan.activations.find((activation) => activation.name === head.name);
      if (base) this.pairs.set(head.name, pair(basePlan, base, headPlan, head));
    }
  }

  /** Whether an activation the account has under both plans pushes different values. */
  differs(name: string, base: EvaluatedAccount, head: EvaluatedAccount): boolean {
    const activation = this.pairs.get(name);
    if (!activation) return false;
    if (activation.alwaysDiffers) return true;
    if (activation.neverDiffers) return false;
    for (const key of activation.keys) {
      const before = activation.base.get(key);
      const after = activation.head.get(key);
      if (!before || !after) return true;
      if (render(before, base) !== render(after, head)) return true;
    }
    return false;
  }
}

function pair(basePlan: Plan, base: PlanActivation, headPlan: Plan, head: PlanActivation): ActivationPair {
  const compile = (plan: Plan, activation: PlanActivation) =>
    new Map(Object.entries(activation.set).map(([key, value]) => [key, compileSetValue(plan, value)] as const));
  const baseSet = compile(basePlan, base);
  const headSet = compile(headPlan, head);
  const keys = [...new Set([...baseSet.keys(), ...headSet.keys()])].sort();
  const alwaysDiffers = base.destination !== head.destination || base.audience !== head.audience || base.sequence !== head.sequence;
  const constantOnly = [...baseSet.values(), ...headSet.values()].every((value) => value.kind === "constant");
  return {
    alwaysDiffers: alwaysDiffers || (constantOnly && canonicalJson(base.set) !== canonicalJson(head.set)),
    neverDiffers: !alwaysDiffers && constantOnly && canonicalJson(base.set) === canonicalJson(head.set),
    keys,
    base: baseSet,
    head: headSet,
  };
}
