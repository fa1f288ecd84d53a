import { compileSetValue, renderSetValue, type RenderedAccount, type SetValue } from "@segform/engine";
import type { Plan, PlanActivation } from "@segform/plan";
import type { DesiredRecord, FieldValue } from "./model.js";
import { recordHash } from "./hash.js";
import { sortByKey } from "./order.js";
import { deploySettings } from "./settings.js";

/** An account as the engine labelled it (the JS engine's `{ result, prepared }`). */
export interface LabelledAccount extends RenderedAccount {
  result: RenderedAccount["result"] & { key: string | number | null; activations: string[] };
}

/** One destination's values for a group of accounts, and their content hash. */
interface Rendered {
  records: Map<string, DesiredRecord>;
  /** The destination's position in the constructor's list. */
  destination: number;
  values: Record<string, FieldValue>;
  hash: string | undefined;
}

/** An account's values for the destinations it goes to, without storing them (`DesiredRecords.derive`). */
export interface DerivedAccount {
  key: string;
  segment: string | null;
  tier: string | null;
  /** One entry per destination the account goes to. */
  rendered: readonly { destination: number; values: Record<string, FieldValue>; hash: string | undefined }[];
  /** Whether `rendered` is shared with other accounts of its group (read-only, the same object every time). */
  shared: boolean;
}

/** Groups of accounts whose values are rendered once (see `DesiredRecords.memo`). */
const MEMO_LIMIT = 10_000;

type Memo = Map<unknown, Memo | Rendered[]>;

const NONE: Rendered[] = [];

interface CompiledActivation {
  activation: PlanActivation;
  set: [string, SetValue][];
}

/** Where an account landed, kept so a removal can say why. */
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
  private readonly positions = new Map<string, number>();
  private readonly activations = new Map<string, CompiledActivation>();
  /**
   * Each account's segment and tier (also of those no destination receives), for the reason of a removal: kept for
   * the accounts some destination that can remove does not receive (a removal happens only there).
   */
  readonly whereabouts = new Map<string, Whereabouts>();

  constructor(plan: Plan, destinations: readonly string[]) {
    for (const name of destinations) {
      const records = new Map<string, DesiredRecord>();
      this.byDestination.set(name, records);
      this.positions.set(name, this.positions.size);
      const settings = deploySettings(
        plan.destinations.find((destination) => destination.name === name)?.settings ?? {},
      );
      if (settings.mode === "mirror" || settings.onExit === "clear") this.removing.push(records);
    }
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
  private readonly memo: Memo = new Map();
  private groups = 0;
  /** The desired records of the destinations that can remove (mirror, or upsert with on_exit: clear). */
  private readonly removing: Map<string, DesiredRecord>[] = [];
  private readonly memoizable: boolean;
  private readonly scoreSlots: number[];

  /** Adds one account. A duplicate key keeps its first occurrence (the data reader reports duplicates). */
  add(account: LabelledAccount): void {
    const { result } = account;
    if (result.key === null) return;
    const key = String(result.key);
    if (this.whereabouts.has(key) || this.removing[0]?.has(key)) return;
    const rendered = this.renderedOf(account).rendered;
    for (const { records, values, hash } of rendered)
      records.set(key, { key, values, segment: result.segment, tier: result.tier, hash });
    // A removal names where the account is now; one happens only where the account is not desired. (Without a
    // destination that can remove, every account is kept: the map also finds duplicate keys.)
    if (this.mayBeRemoved(key)) this.whereabouts.set(key, this.place(result.segment, result.tier));
  }

  /**
   * One account's values per destination, rendered (or shared from its group) but not stored: for a planner that
   * keeps the accounts elsewhere (`SortedAccounts`). Undefined for an account without key.
   */
  derive(account: LabelledAccount): DerivedAccount | undefined {
    const { result } = account;
    if (result.key === null) return undefined;
    const { rendered, shared } = this.renderedOf(account);
    return { key: String(result.key), segment: result.segment, tier: result.tier, rendered, shared };
  }

  private renderedOf(account: LabelledAccount): { rendered: Rendered[]; shared: boolean } {
    const { result } = account;
    const names = inOrder(result.activations) ? result.activations : [...result.activations].sort();
    if (!names.length) return { rendered: NONE, shared: true };
    if (!this.memoizable) return { rendered: this.render(names, account), shared: false };
    const text = names.length === 1 ? names[0]! : names.join("\u0001");
    // A trie: activations, segment, tier, then each referenced score (no key string built per account).
    let node = this.memo.get(text) as Memo | undefined;
    node &&= node.get(result.segment) as Memo | undefined;
    node &&= node.get(result.tier) as Memo | undefined;
    for (let i = 0; node && i < this.scoreSlots.length; i++)
      node = node.get(result.scores[this.scoreSlots[i]!]) as Memo | undefined;
    let rendered = node as unknown as Rendered[] | undefined;
    if (rendered) return { rendered, shared: true };
    rendered = this.render(names, account);
    for (const entry of rendered) entry.hash = recordHash(entry.values);
    if (this.groups >= MEMO_LIMIT) return { rendered, shared: false };
    this.groups++;
    const path: unknown[] = [text, result.segment, result.tier];
    for (const slot of this.scoreSlots) path.push(result.scores[slot]);
    let at = this.memo as Memo;
    for (let i = 0; i < path.length - 1; i++) {
      let next = at.get(path[i]) as Memo | undefined;
      if (!next) at.set(path[i], (next = new Map()));
      at = next;
    }
    at.set(path[path.length - 1], rendered);
    return { rendered, shared: true };
  }

  private mayBeRemoved(key: string): boolean {
    if (!this.removing.length) return true;
    for (const records of this.removing) if (!records.has(key)) return true;
    return false;
  }

  /** The values an account's activations give, per destination (activations in name order; first to set wins). */
  private render(names: readonly string[], account: LabelledAccount): Rendered[] {
    const out: Rendered[] = [];
    for (const name of names) {
      const compiled = this.activations.get(name);
      if (!compiled) continue;
      const records = this.byDestination.get(compiled.activation.destination)!;
      let entry = out.find((candidate) => candidate.records === records);
      if (!entry)
        out.push(
          (entry = {
            records,
            destination: this.positions.get(compiled.activation.destination)!,
            values: {},
            hash: undefined,
          }),
        );
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

/** Whether names are already in sort order (as `run` writes them): most accounts need no sorted copy. */
function inOrder(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! >= names[i]!) return false;
  return true;
}

/** Several audiences (or sequences) on one destination are joined with "; " in name order of their activations. */
function addListValue(values: Record<string, FieldValue>, field: "audience" | "sequence", value: string | null): void {
  if (value === null) return;
  const current = values[field];
  if (current === undefined) values[field] = value;
  else if (typeof current === "string" && !current.split("; ").includes(value)) values[field] = `${current}; ${value}`;
}
