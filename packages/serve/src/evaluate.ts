import {
  ContactEngine,
  ContactIndex,
  Engine,
  explainAccount,
  TierAllocation,
  type CoercionIssue,
  type Explanation,
  type Trace,
  type Value,
} from "@segform/engine";
import { exprText } from "@segform/plan";
import { rankWorse, type Label, type ServeState, type TierCutoff } from "./state.js";

/** How a capped tier decided an ad-hoc account: it cannot displace a loaded account, so it is measured against the cut-off. */
export interface CapacityDecision {
  tier: string;
  capacity: number;
  taken: number;
  admitted: boolean;
  reason: string;
}

export interface AdHocResult {
  label: Label;
  /** Capped tiers the account matched, in order, up to the one that took it. */
  capacity: CapacityDecision[];
  /** Values that could not be read: code, field, column and the message data warnings print (which quotes at most 60 characters of the value, none of a column whose name looks secret). */
  issues: { code: string; field: string; column: string; message: string }[];
  explanation: Explanation;
}

/** An ad-hoc account's row number: after every loaded account, so it loses a tie against all of them. */
const AD_HOC_ROW = Number.MAX_SAFE_INTEGER;

/**
 * Evaluates an account that is not (or not as sent) in the loaded membership, with the same compiled engine.
 * Attributes are read by field name, else by source column (`from`). A capped tier admits it only when the tier
 * has room in the loaded population or the account ranks above the tier's cut-off (the last admitted account).
 */
export function evaluateAdHoc(
  state: ServeState,
  attributes: Record<string, unknown>,
  key?: string,
  contacts?: ContactInput,
): AdHocResult {
  const { plan, engine } = state;
  const row: Record<string, unknown> = {};
  for (const field of plan.fields) {
    if (Object.hasOwn(attributes, field.name)) row[field.column] = attributes[field.name];
    else if (Object.hasOwn(attributes, field.column)) row[field.column] = attributes[field.column];
  }
  const keyField = plan.fields.find((field) => field.name === plan.key);
  if (key !== undefined && keyField) row[keyField.column] = key;
  const issues: AdHocResult["issues"] = [];
  const values: Value[] = engine.coercer.fromObject(row, (issue: CoercionIssue) =>
    issues.push({ code: issue.code, field: issue.field, column: issue.column, message: issue.message }),
  );
  const prepared = engine.prepare(values, AD_HOC_ROW);
  const kept = new Map<number, Set<number>>();
  const capacity: CapacityDecision[] = [];
  for (const tierIndex of prepared.matches) {
    const cutoff = state.cutoffs.get(tierIndex);
    if (!cutoff) break; // an uncapped tier takes it
    const decision = decide(state, cutoff, prepared);
    capacity.push(decision);
    if (decision.admitted) {
      kept.set(tierIndex, new Set([AD_HOC_ROW]));
      break;
    }
  }
  for (const index of state.cutoffs.keys()) if (!kept.has(index)) kept.set(index, new Set());
  const result = engine.finish(prepared, new TierAllocation(kept));
  const label: Label = {
    key: result.key === null ? (key ?? "") : String(result.key),
    icp: result.icp,
    scores: result.scores,
    tier: result.tier,
    segment: result.segment,
    activations: result.activations,
  };
  if (result.audiences) label.audiences = result.audiences;
  if (contacts) label.roles = contacts.roles;
  return {
    label,
    capacity,
    issues,
    explanation: explainAccount(plan, prepared, result, engine.asOfDay, contacts ? engine.contacts : undefined),
  };
}

/** An ad-hoc account's own contacts, prepared by `withContacts`. */
export interface ContactInput {
  roles: Record<string, (string | number)[]>;
}

/**
 * An ad-hoc account with its contacts sent along: each contact (fields by name or source column) belongs to the
 * account (its account key is set to `key`); roles are assigned as `segform run` assigns them, and account
 * conditions over contacts read these contacts (through a request-local engine, so the served state is untouched).
 */
export function evaluateWithContacts(
  state: ServeState,
  attributes: Record<string, unknown>,
  key: string,
  contacts: readonly Record<string, unknown>[],
): AdHocResult {
  const { plan } = state;
  const section = plan.contacts!;
  const accountField = section.fields.find((field) => field.name === section.accountKey)!;
  const index = new ContactIndex(plan, state.engine.asOfDay, 5);
  const roleEngine = new ContactEngine(plan, state.engine.asOfDay);
  const issues: AdHocResult["issues"] = [];
  const byRole = new Map<string, (string | number)[]>();
  contacts.forEach((contact, i) => {
    const row: Record<string, unknown> = {};
    for (const field of section.fields) {
      if (Object.hasOwn(contact, field.name)) row[field.column] = contact[field.name];
      else if (Object.hasOwn(contact, field.column)) row[field.column] = contact[field.column];
    }
    row[accountField.column] = key;
    const values = index.coercer.fromObject(row, (issue: CoercionIssue) =>
      issues.push({
        code: issue.code,
        field: `contacts[${i}].${issue.field}`,
        column: issue.column,
        message: issue.message,
      }),
    );
    index.add(values, i);
    const result = roleEngine.evaluate(values, i);
    if (result.role === null) return;
    const list = byRole.get(result.role) ?? [];
    list.push(result.key ?? i + 1);
    byRole.set(result.role, list);
  });
  const roles: Record<string, (string | number)[]> = {};
  for (const role of section.roles) if (byRole.has(role.id)) roles[role.id] = byRole.get(role.id)!;
  let engine = state.engine;
  if (engine.needsContacts) {
    engine = new Engine(plan, { asOf: state.asOf });
    engine.useContacts(index);
  }
  const result = evaluateAdHoc({ ...state, engine }, attributes, key, { roles });
  return { ...result, issues: [...result.issues, ...issues] };
}

function decide(
  state: ServeState,
  cutoff: TierCutoff,
  prepared: ReturnType<ServeState["engine"]["prepare"]>,
): CapacityDecision {
  const base = { tier: cutoff.tier, capacity: cutoff.capacity, taken: cutoff.taken };
  if (cutoff.capacity === 0)
    return { ...base, admitted: false, reason: `tier ${cutoff.tier} matched but has capacity 0` };
  if (!cutoff.known) {
    return {
      ...base,
      admitted: true,
      reason: `tier ${cutoff.tier} matched; its cut-off is unknown (the loaded membership does not carry what it ranks by), so the account is answered as admitted`,
    };
  }
  if (cutoff.taken < cutoff.capacity) {
    return {
      ...base,
      admitted: true,
      reason: `tier ${cutoff.tier} matched and has room: ${cutoff.taken} of ${cutoff.capacity} taken in the loaded population`,
    };
  }
  const ranks = state.engine.candidate(prepared)?.ranks.get(cutoff.index) ?? [];
  const last = cutoff.last!;
  const above = rankWorse(state.plan, cutoff.index, { key: prepared.key, ranks, row: AD_HOC_ROW }, last) < 0;
  const rankText = (values: readonly unknown[]) =>
    values.length ? ` (rank ${values.map((value) => (value === null ? "missing" : String(value))).join(", ")})` : "";
  const cut = `the cut-off is the last admitted account ${String(last.key)}${rankText(last.ranks)}`;
  return above
    ? {
        ...base,
        admitted: true,
        reason: `tier ${cutoff.tier} is full (${cutoff.capacity}); the account ranks above the cut-off${rankText(ranks)}: ${cut}`,
      }
    : {
        ...base,
        admitted: false,
        reason: `tier ${cutoff.tier} is full (${cutoff.capacity}); the account ranks below the cut-off${rankText(ranks)} and falls through: ${cut}`,
      };
}

/** The leaf tests that held in a trace (what matched), as text. */
export function matchedClauses(trace: Trace, out: string[] = []): string[] {
  if (!trace.children) {
    if (trace.result && trace.actual !== undefined) out.push(trace.text);
    return out;
  }
  if (!trace.result && trace.text !== "not") return out;
  for (const child of trace.children) matchedClauses(child, out);
  return out;
}

const ruleTexts = new WeakMap<ServeState, Map<string, string | undefined>>();

/** The rule text of a tier or segment (for labels from the membership, whose values are not kept). */
export function ruleText(state: ServeState, kind: "tier" | "segment", id: string | null): string | undefined {
  if (id === null) return undefined;
  let texts = ruleTexts.get(state);
  if (!texts) ruleTexts.set(state, (texts = new Map()));
  const slot = `${kind}:${id}`;
  if (!texts.has(slot)) texts.set(slot, computeRuleText(state, kind, id));
  return texts.get(slot);
}

function computeRuleText(state: ServeState, kind: "tier" | "segment", id: string): string | undefined {
  if (kind === "tier") {
    const tier = state.plan.tiers.find((t) => t.id === id);
    return tier ? exprText(tier.when) : undefined;
  }
  const segment = state.plan.segments.find((s) => s.id === id);
  return segment ? exprText(segment.when) : undefined;
}
