import { compileSetValue, renderSetValue, type RenderedAccount, type SetValue } from "@segform/engine";
import type { Plan, PlanActivation } from "@segform/plan";
import type { DesiredRecord, FieldValue } from "./model.js";
import { recordHash } from "./hash.js";
import { sortByKey } from "./order.js";

/** An account as the engine labelled it (the JS engine's `{ result, prepared }`). */
export interface LabelledAccount extends RenderedAccount {
  result: RenderedAccount["result"] & { key: string | number | null; activations: string[] };
}

/** One destination's values for a group of accounts, and their content hash. */
interface Rendered {
  records: Map<string, DesiredRecord>;
  values: Record<string, FieldValue>;
  hash: string | undefined;
}

/** Groups of accounts whose values are rendered once (see `DesiredRecords.memo`). */
const MEMO_LIMIT = 10_000;

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
    const parts = [...this.activations.values()].flatMap(({ set }) =>
      set.flatMap(([, value]) => (value.kind === "template" ? value.parts : [])),
    );
    this.memoizable = !parts.some((part) => part.kind === "field");
    const slots = new Set(parts.flatMap((part) => (part.kind === "score" ? [part.slot] : [])));
    this.scoreSlots = [...slots].sort((a, b) => a - b);
  }

  /**
   * Accounts with the same activations, segment, tier and referenced scores get the same values: those are rendered
   * and hashed once per such group and shared (read-only) by their records. Not when a `set:` template reads an
   * account field (values differ per account), and at most MEMO_LIMIT groups (continuous scores).
   */
  private readonly memo = new Map<string, Rendered[]>();
  private readonly memoizable: boolean;
  private readonly scoreSlots: number[];

  /** Adds one account. A duplicate key keeps its first occurrence (the data reader reports duplicates). */
  add(account: LabelledAccount): void {
    const { result } = account;
    if (result.key === null) return;
    const key = String(result.key);
    if (this.whereabouts.has(key)) return;
    this.whereabouts.set(key, this.place(result.segment, result.tier));
    if (!result.activations.length) return;
    const names = result.activations.length === 1 ? result.activations : [...result.activations].sort();
    let rendered: Rendered[] | undefined;
    if (this.memoizable) {
      let memoKey = `${names.join("\u0001")}\u0000${result.segment ?? "\u0002"}\u0000${result.tier ?? "\u0002"}`;
      for (const slot of this.scoreSlots) memoKey += `\u0000${String(result.scores[slot])}`;
      rendered = this.memo.get(memoKey);
      if (!rendered) {
        rendered = this.render(names, account);
        for (const entry of rendered) entry.hash = recordHash(entry.values);
        if (this.memo.size < MEMO_LIMIT) this.memo.set(memoKey, rendered);
      }
    } else rendered = this.render(names, account);
    for (const { records, values, hash } of rendered)
      records.set(key, { key, values, segment: result.segment, tier: result.tier, hash });
  }

  /** The values an account's activations give, per destination (activations in name order; first to set wins). */
  private render(names: readonly string[], account: LabelledAccount): Rendered[] {
    const out: Rendered[] = [];
    for (const name of names) {
      const compiled = this.activations.get(name);
      if (!compiled) continue;
      const records = this.byDestination.get(compiled.activation.destination)!;
      let entry = out.find((candidate) => candidate.records === records);
      if (!entry) out.push((entry = { records, values: {}, hash: undefined }));
      const values = entry.values;
      for (const [field, setValue] of compiled.set) {
        if (!(field in values)) values[field] = renderSetValue(setValue, account);
      }
      addListValue(values, "audience", compiled.activation.audience);
      addListValue(values, "sequence", compiled.activation.sequence);
    }
    return out;
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
