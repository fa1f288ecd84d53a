import { compareCodePoints } from "@segform/engine";
import type { Whereabouts } from "./desired.js";
import { idempotencyId, recordHash } from "./hash.js";
import type { Action, ActionCounts, DesiredRecord, DestinationPlan, FieldValue, GuardResult, StatePoint, StateRecord } from "./model.js";
import { deploySettings, resolveLimit } from "./settings.js";

/** What segform believes one destination holds. */
export interface DestinationState {
  point: StatePoint;
  records: Map<string, StateRecord>;
  /** Keys the destination rejected, with the reason: retried first by the next apply. */
  failed: Map<string, string>;
}

export interface PlanDestinationInput {
  name: string;
  type: string;
  settings: Record<string, FieldValue>;
  /** The definitions' plan hash (part of every idempotency id). */
  definitions: string;
  desired: Map<string, DesiredRecord>;
  state: DestinationState;
  /** Every account's segment and tier, for the reason of a removal. */
  whereabouts: Map<string, Whereabouts>;
}

/**
 * The pure planner: desired records x last-applied state -> actions. `create` for a key segform never sent,
 * `update` when the content changed (only the mapped fields that changed are named), `remove` when the account
 * left (mirror: delete; upsert with on_exit clear: clear), nothing otherwise. Actions come out with the keys the
 * destination rejected last time first, then in key order, so the same inputs give the same plan.
 */
export function planDestination(input: PlanDestinationInput): DestinationPlan {
  const { name, definitions, desired, state, whereabouts } = input;
  const settings = deploySettings(input.settings);
  const serial = state.point.serial;
  const actions: Action[] = [];
  const counts: ActionCounts = { create: 0, update: 0, remove: 0, unchanged: 0 };
  for (const record of desired.values()) {
    const hash = recordHash(record.values);
    const held = state.records.get(record.key);
    if (!held) {
      counts.create++;
      actions.push({
        action: "create",
        key: record.key,
        id: idempotencyId(definitions, name, record.key, "create", hash, serial),
        hash,
        values: record.values,
        segment: record.segment,
        tier: record.tier,
        reason: enteredReason(record),
      });
    } else if (held.hash !== hash) {
      counts.update++;
      const changed = changedFields(held.values, record.values);
      actions.push({
        action: "update",
        key: record.key,
        id: idempotencyId(definitions, name, record.key, "update", hash, serial),
        hash,
        values: record.values,
        previous: held.values,
        changed,
        segment: record.segment,
        tier: record.tier,
        reason: updateReason(held, record, changed),
      });
    } else counts.unchanged++;
  }
  for (const held of state.records.values()) {
    if (desired.has(held.key)) continue;
    if (settings.mode === "upsert" && settings.onExit === "keep") {
      counts.unchanged++;
      continue;
    }
    counts.remove++;
    const effect = settings.mode === "mirror" ? "delete" : "clear";
    const now = whereabouts.get(held.key);
    actions.push({
      action: "remove",
      key: held.key,
      id: idempotencyId(definitions, name, held.key, "remove", null, serial),
      hash: null,
      values: {},
      previous: held.values,
      effect,
      segment: now?.segment ?? null,
      tier: now?.tier ?? null,
      reason: removeReason(held, now, effect),
    });
  }
  for (const action of actions) if (state.failed.has(action.key)) action.retry = true;
  actions.sort((a, b) => (a.retry === b.retry ? compareCodePoints(a.key, b.key) : a.retry ? -1 : 1));
  return {
    name,
    type: input.type,
    settings: input.settings,
    mode: settings.mode,
    onExit: settings.onExit,
    state: state.point,
    stateRecords: state.records.size,
    counts,
    guard: guard(counts, state.records.size, settings.maxRemovals, settings.maxChanges),
    actions,
  };
}

/** The mass-change guard: the first apply to a destination (empty state) is not limited. */
function guard(counts: ActionCounts, stateRecords: number, maxRemovals: number | string, maxChanges: number | string): GuardResult {
  const removals = resolveLimit(maxRemovals, stateRecords);
  const changes = resolveLimit(maxChanges, stateRecords);
  const exceeded: string[] = [];
  if (stateRecords > 0) {
    const changed = counts.create + counts.update + counts.remove;
    if (counts.remove > removals.allowed) exceeded.push(`${counts.remove} removals exceed max_removals ${removals.written} (${removals.allowed} of ${stateRecords} records)`);
    if (changed > changes.allowed) exceeded.push(`${changed} changes exceed max_changes ${changes.written} (${changes.allowed} of ${stateRecords} records)`);
  }
  return { maxRemovals: removals, maxChanges: changes, exceeded };
}

function changedFields(before: Record<string, FieldValue>, after: Record<string, FieldValue>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((field) => before[field] !== after[field]).sort(compareCodePoints);
}

function place(segment: string | null, tier: string | null): string {
  return [segment !== null ? `segment ${segment}` : null, tier !== null ? `tier ${tier}` : null].filter(Boolean).join(", ");
}

function enteredReason(record: DesiredRecord): string {
  const where = place(record.segment, record.tier);
  return where ? `entered ${where}` : "entered";
}

function updateReason(held: StateRecord, record: DesiredRecord, changed: string[]): string {
  const parts: string[] = [];
  if (held.segment !== record.segment) parts.push(`segment ${held.segment ?? "none"} -> ${record.segment ?? "none"}`);
  if (held.tier !== record.tier) parts.push(`tier ${held.tier ?? "none"} -> ${record.tier ?? "none"}`);
  if (parts.length) return parts.join(", ");
  const shown = changed.slice(0, 3).map((field) => `${field} ${show(held.values[field])} -> ${show(record.values[field])}`);
  return shown.join(", ") + (changed.length > 3 ? `, and ${changed.length - 3} more` : "");
}

function removeReason(held: StateRecord, now: Whereabouts | undefined, effect: "delete" | "clear"): string {
  const verb = effect === "clear" ? "clear: " : "";
  if (!now) return `${verb}no longer in the data`;
  const where = place(now.segment, now.tier);
  return `${verb}left the audience${where ? ` (now ${where})` : " (now outside the ICP)"}`;
}

function show(value: FieldValue | undefined): string {
  return value === undefined ? "(unset)" : JSON.stringify(value);
}
