import { compileSetValue, renderSetValue, type RenderedAccount, type SetValue } from "@segform/engine";
import type { Plan, PlanActivation } from "@segform/plan";
import type { DesiredRecord, FieldValue } from "./model.js";
import { sortByKey } from "./order.js";

/** An account as the engine labelled it (the JS engine's `{ result, prepared }`). */
export interface LabelledAccount extends RenderedAccount {
  result: RenderedAccount["result"] & { key: string | number | null; activations: string[] };
}

interface CompiledActivation {
  activation: PlanActivation;
  set: [string, SetValue][];
}

/** Where an account landed, kept for every account so a removal can say why. */
export interface Whereabouts {
  segment: string | null;
  tier: string | null;
}

/**
 * Derives what each destination should hold, one account at a time: for every activation the account has
 * (segment, tier and the activation's `when`, as the engine decided), the `set:` values rendered for it, plus
 * `audience` and `sequence`. Activations merge in name order; the first one to set a field wins.
 */
export class DesiredRecords {
  private readonly byDestination = new Map<string, Map<string, DesiredRecord>>();
  private readonly activations = new Map<string, CompiledActivation>();
  /** Every account's segment and tier (also those no destination receives). */
  readonly whereabouts = new Map<string, Whereabouts>();

  constructor(plan: Plan, destinations: readonly string[]) {
    for (const name of destinations) this.byDestination.set(name, new Map());
    for (const activation of plan.activations) {
      if (!this.byDestination.has(activation.destination)) continue;
      const set = Object.keys(activation.set)
        .sort()
        .map((field) => [field, compileSetValue(plan, activation.set[field]!)] as [string, SetValue]);
      this.activations.set(activation.name, { activation, set });
    }
  }

  /** Adds one account. A duplicate key keeps its first occurrence (the data reader reports duplicates). */
  add(account: LabelledAccount): void {
    const { result } = account;
    if (result.key === null) return;
    const key = String(result.key);
    if (this.whereabouts.has(key)) return;
    this.whereabouts.set(key, this.place(result.segment, result.tier));
    if (!result.activations.length) return;
    const names = result.activations.length === 1 ? result.activations : [...result.activations].sort();
    for (const name of names) {
      const compiled = this.activations.get(name);
      if (!compiled) continue;
      const records = this.byDestination.get(compiled.activation.destination)!;
      let record = records.get(key);
      if (!record) records.set(key, (record = { key, values: {}, segment: result.segment, tier: result.tier }));
      for (const [field, setValue] of compiled.set) {
        if (!(field in record.values)) record.values[field] = renderSetValue(setValue, account);
      }
      addListValue(record.values, "audience", compiled.activation.audience);
      addListValue(record.values, "sequence", compiled.activation.sequence);
    }
  }

  /** One shared object per (segment, tier): a million accounts share a handful. */
  private readonly places = new Map<string | null, Map<string | null, Whereabouts>>();

  private place(segment: string | null, tier: string | null): Whereabouts {
    let tiers = this.places.get(segment);
    if (!tiers) this.places.set(segment, (tiers = new Map()));
    let place = tiers.get(tier);
    if (!place) tiers.set(tier, (place = { segment, tier }));
    return place;
  }

  /** The desired records of one destination in key order (code point order), for the streamed planner. */
  sorted(destination: string): DesiredRecord[] {
    return sortByKey([...this.records(destination).values()]);
  }

  /** The desired records of one destination, by key. */
  records(destination: string): Map<string, DesiredRecord> {
    return this.byDestination.get(destination) ?? new Map();
  }
}

/** Several audiences (or sequences) on one destination are joined with "; " in name order of their activations. */
function addListValue(values: Record<string, FieldValue>, field: "audience" | "sequence", value: string | null): void {
  if (value === null) return;
  const current = values[field];
  if (current === undefined) values[field] = value;
  else if (typeof current === "string" && !current.split("; ").includes(value)) values[field] = `${current}; ${value}`;
}
