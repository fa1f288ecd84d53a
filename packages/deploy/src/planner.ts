import { compareCodePoints } from "@segform/engine";
import type { Whereabouts } from "./desired.js";
import { idempotencyId, recordHash } from "./hash.js";
import type {
  Action,
  ActionCounts,
  DesiredRecord,
  DestinationPlan,
  FieldValue,
  GuardResult,
  StatePoint,
  StateRecord,
} from "./model.js";
import { sortByKey } from "./order.js";
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

/** Where a planner starts: the destination, its settings, the desired records in key order, the state's head. */
export interface DestinationPlannerInput {
  name: string;
  type: string;
  settings: Record<string, FieldValue>;
  definitions: string;
  /** Desired records sorted by key (code point order: `sortByKey`). */
  desired: readonly DesiredRecord[];
  point: StatePoint;
  failed: ReadonlyMap<string, string>;
  whereabouts: ReadonlyMap<string, Whereabouts>;
  /**
   * Where each action goes as it is decided (marked `retry` when its key was rejected last time), instead of the
   * plan's `actions` (then empty): the caller puts the retried ones first.
   */
  sink?: (action: Action) => void;
}

/**
 * The pure planner as a merge join: desired records (sorted by key, in memory) x the last-applied state (fed one
 * record at a time in the same key order, so a state of any size is streamed, never held). `create` for a key
 * segform never sent, `update` when the content changed (only the mapped fields that changed are named),
 * `remove` when the account left (mirror: delete; upsert with on_exit clear: clear), nothing otherwise. Actions
 * come out with the keys the destination rejected last time first, then in key order.
 */
export class DestinationPlanner {
  private readonly settings;
  private readonly actions: Action[] = [];
  private readonly counts: ActionCounts = { create: 0, update: 0, remove: 0, unchanged: 0 };
  private next = 0;
  private stateRecords = 0;
  private lastKey: string | undefined;

  constructor(private readonly input: DestinationPlannerInput) {
    this.settings = deploySettings(input.settings);
  }

  /** One state record; keys must come in ascending code point order. */
  held(held: StateRecord): void {
    if (this.lastKey !== undefined && compareCodePoints(this.lastKey, held.key) >= 0)
      throw new Error(`planner: state records out of key order (${this.lastKey}, ${held.key})`);
    this.lastKey = held.key;
    this.stateRecords++;
    const { desired } = this.input;
    while (this.next < desired.length && compareCodePoints(desired[this.next]!.key, held.key) < 0)
      this.desiredOnly(desired[this.next++]!);
    const record = desired[this.next];
    if (record !== undefined && record.key === held.key) {
      this.next++;
      this.both(record, held);
    } else this.heldOnly(held, this.input.whereabouts.get(held.key));
  }

  /**
   * One key of a merge the caller drives (`desired` empty): the desired record and the state record of one key,
   * either of them missing, keys in ascending code point order; `now` is where the account landed when it is in
   * the data (the reason of a removal).
   */
  step(record: DesiredRecord | undefined, held: StateRecord | undefined, now: Whereabouts | undefined): void {
    if (held !== undefined) {
      if (this.lastKey !== undefined && compareCodePoints(this.lastKey, held.key) >= 0)
        throw new Error(`planner: state records out of key order (${this.lastKey}, ${held.key})`);
      this.lastKey = held.key;
      this.stateRecords++;
      if (record !== undefined) this.both(record, held);
      else this.heldOnly(held, now);
    } else if (record !== undefined) this.desiredOnly(record);
  }

  private push(action: Action): void {
    const { sink } = this.input;
    if (!sink) {
      this.actions.push(action);
      return;
    }
    if (this.input.failed.has(action.key)) action.retry = true;
    sink(action);
  }

  finish(): DestinationPlan {
    const { desired, failed, name } = this.input;
    while (this.next < desired.length) this.desiredOnly(desired[this.next++]!);
    let actions = this.actions;
    if (failed.size && !this.input.sink) {
      // Stable: both groups stay in key order.
      for (const action of actions) if (failed.has(action.key)) action.retry = true;
      actions = [...actions.filter((action) => action.retry), ...actions.filter((action) => !action.retry)];
    }
    return {
      name,
      type: this.input.type,
      settings: this.input.settings,
      mode: this.settings.mode,
      onExit: this.settings.onExit,
      state: this.input.point,
      stateRecords: this.stateRecords,
      counts: this.counts,
      guard: guard(this.counts, this.stateRecords, this.settings.maxRemovals, this.settings.maxChanges),
      actions,
    };
  }

  private id(key: string, action: string, hash: string | null): string {
    return idempotencyId(this.input.definitions, this.input.name, key, action, hash, this.input.point.serial);
  }

  private desiredOnly(record: DesiredRecord): void {
    const hash = record.hash ?? recordHash(record.values);
    this.counts.create++;
    this.push({
      action: "create",
      key: record.key,
      id: this.id(record.key, "create", hash),
      hash,
      values: record.values,
      segment: record.segment,
      tier: record.tier,
      reason: enteredReason(record),
    });
  }

  private both(record: DesiredRecord, held: StateRecord): void {
    const hash = record.hash ?? recordHash(record.values);
    if (held.hash === hash) {
      this.counts.unchanged++;
      return;
    }
    this.counts.update++;
    const changed = changedFields(held.values, record.values);
    this.push({
      action: "update",
      key: record.key,
      id: this.id(record.key, "update", hash),
      hash,
      values: record.values,
      previous: held.values,
      changed,
      segment: record.segment,
      tier: record.tier,
      reason: updateReason(held, record, changed),
    });
  }

  private heldOnly(held: StateRecord, now: Whereabouts | undefined): void {
    if (this.settings.mode === "upsert" && this.settings.onExit === "keep") {
      this.counts.unchanged++;
      return;
    }
    this.counts.remove++;
    const effect = this.settings.mode === "mirror" ? "delete" : "clear";
    this.push({
      action: "remove",
      key: held.key,
      id: this.id(held.key, "remove", null),
      hash: null,
      values: {},
      previous: held.values,
      effect,
      segment: now?.segment ?? null,
      tier: now?.tier ?? null,
      reason: removeReason(held, now, effect),
    });
  }
}

/** The planner over a state held whole in memory (tests, small states): sorts both sides and merges them. */
export function planDestination(input: PlanDestinationInput): DestinationPlan {
  const planner = new DestinationPlanner({
    name: input.name,
    type: input.type,
    settings: input.settings,
    definitions: input.definitions,
    desired: sortByKey([...input.desired.values()]),
    point: input.state.point,
    failed: input.state.failed,
    whereabouts: input.whereabouts,
  });
  for (const held of sortByKey([...input.state.records.values()])) planner.held(held);
  return planner.finish();
}

/** The mass-change guard: the first apply to a destination (empty state) is not limited. */
function guard(
  counts: ActionCounts,
  stateRecords: number,
  maxRemovals: number | string,
  maxChanges: number | string,
): GuardResult {
  const removals = resolveLimit(maxRemovals, stateRecords);
  const changes = resolveLimit(maxChanges, stateRecords);
  const exceeded: string[] = [];
  if (stateRecords > 0) {
    const changed = counts.create + counts.update + counts.remove;
    if (counts.remove > removals.allowed)
      exceeded.push(
        `${counts.remove} removals exceed max_removals ${removals.written} (${removals.allowed} of ${stateRecords} records)`,
      );
    if (changed > changes.allowed)
      exceeded.push(
        `${changed} changes exceed max_changes ${changes.written} (${changes.allowed} of ${stateRecords} records)`,
      );
  }
  return { maxRemovals: removals, maxChanges: changes, exceeded };
}

function changedFields(before: Record<string, FieldValue>, after: Record<string, FieldValue>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((field) => before[field] !== after[field]).sort(compareCodePoints);
}

function place(segment: string | null, tier: string | null): string {
  return [segment !== null ? `segment ${segment}` : null, tier !== null ? `tier ${tier}` : null]
    .filter(Boolean)
    .join(", ");
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
  const shown = changed
    .slice(0, 3)
    .map((field) => `${field} ${show(held.values[field])} -> ${show(record.values[field])}`);
  return shown.join(", ") + (changed.length > 3 ? `, and ${changed.length - 3} more` : "");
}

function removeReason(_held: StateRecord, now: Whereabouts | undefined, effect: "delete" | "clear"): string {
  const verb = effect === "clear" ? "clear: " : "";
  if (!now) return `${verb}no longer in the data`;
  const where = place(now.segment, now.tier);
  return `${verb}left the audience${where ? ` (now ${where})` : " (now outside the ICP)"}`;
}

function show(value: FieldValue | undefined): string {
  return value === undefined ? "(unset)" : JSON.stringify(value);
}
