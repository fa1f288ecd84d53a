import { canonicalJson, type Plan, type PlanActivation } from "@segform/plan";
import {
  compileSetValue,
  renderSetValue as render,
  type AccountResult,
  type PreparedAccount,
  type SetValue,
} from "@segform/engine";

/**
 * Whether an account's activation would push different values under the head plan than under the base: the
 * `set` templates rendered for the account, and the activation's destination, audience and sequence.
 */

/** One account as one plan sees it. */
export interface EvaluatedAccount {
  prepared: PreparedAccount;
  result: AccountResult;
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
  const alwaysDiffers =
    base.destination !== head.destination || base.audience !== head.audience || base.sequence !== head.sequence;
  const constantOnly = [...baseSet.values(), ...headSet.values()].every((value) => value.kind === "constant");
  return {
    alwaysDiffers: alwaysDiffers || (constantOnly && canonicalJson(base.set) !== canonicalJson(head.set)),
    neverDiffers: !alwaysDiffers && constantOnly && canonicalJson(base.set) === canonicalJson(head.set),
    keys,
    base: baseSet,
    head: headSet,
  };
}
