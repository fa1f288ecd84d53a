import { parseDay, type Plan } from "@segform/plan";
import { TierAllocator, type Candidate, type RankValues, type TierAllocation } from "./allocate.js";
import { RecordCoercer, type Value } from "./coerce.js";
import { compileAccountPlan, compileRoles, type CompiledAccountPlan } from "./compiled.js";
import { contactAggregates } from "./aggregates.js";
import { compileComputed, valueSlots } from "./computed.js";
import type { ContactIndex } from "./contacts.js";

export interface EngineOptions {
  /** Reference date (YYYY-MM-DD) for `within_days`. */
  asOf: string;
}

/** One account's labels. Scores are in plan order. */
export interface AccountResult {
  key: string | number | null;
  icp: boolean;
  scores: number[];
  tier: string | null;
  segment: string | null;
  activations: string[];
  /** The audiences the account is in, in plan order: present only when the plan has audiences. */
  audiences?: string[];
}

/** What the first pass knows about an account: everything but the capacity outcome. */
export interface PreparedAccount {
  row: number;
  values: Value[];
  key: string | number | null;
  icp: boolean;
  scores: number[];
  /** Matching tier indexes, in order (empty when outside the ICP). */
  matches: number[];
}

/**
 * Evaluates a plan. Two stages per account, so capacities can be decided over all accounts in between:
 * `prepare` (ICP, scores, matching tiers) and `finish` (tier, segment, activations).
 */
export class Engine {
  readonly coercer: RecordCoercer;
  readonly compiled: CompiledAccountPlan;
  readonly asOfDay: number;
  private readonly keySlot: number;
  private readonly rankSlots: { kind: "field" | "score"; slot: number }[][];
  private readonly cappedTiers: boolean[];
  private readonly anyCapped: boolean;
  /** The activations a tier and segment ask for, by tier and segment (built on first use). */
  private readonly wantedActivations: (Wanted | undefined)[] = [];
  private readonly activationHasWhen: boolean[];
  /** `segments: { scope: all }`: accounts outside the ICP get a segment too. */
  private readonly segmentsForAll: boolean;
  /** Whether any audience asks for an activation (then the activations are gathered per account). */
  private readonly audiencesActivate: boolean;
  /** How many contact aggregates the account conditions read (held in `values` after the fields). */
  readonly contactAggregateCount: number;
  private contactIndex: ContactIndex | undefined;

  constructor(
    readonly plan: Plan,
    options: EngineOptions,
  ) {
    const day = parseDay(options.asOf);
    if (day === null) throw new RangeError(`invalid as-of date ${options.asOf}`);
    this.asOfDay = day;
    this.coercer = new RecordCoercer(plan.fields);
    this.compiled = compileAccountPlan(plan);
    this.keySlot = plan.fields.findIndex((field) => field.name === plan.key);
    const fieldSlot = valueSlots(plan);
    const scoreSlot = new Map(plan.scores.map((score, index) => [score.name, index]));
    this.rankSlots = plan.tiers.map((tier) =>
      tier.rankBy.map((rank) =>
        rank.ref.kind === "score"
          ? { kind: "score" as const, slot: scoreSlot.get(rank.ref.name)! }
          : { kind: "field" as const, slot: fieldSlot.get(rank.ref.name)! },
      ),
    );
    this.cappedTiers = plan.tiers.map((tier) => tier.capacity !== null);
    this.anyCapped = this.cappedTiers.includes(true);
    this.activationHasWhen = plan.activations.map(
      (activation) => activation.when !== null && activation.when !== undefined,
    );
    this.contactAggregateCount = contactAggregates(plan).length;
    this.segmentsForAll = plan.segmentScope === "all";
    this.audiencesActivate = (plan.audiences ?? []).some((audience) => audience.activate.length > 0);
    this.computeValues = compileComputed(plan);
  }

  /** Writes the derived fields (plan `computed`) into an account's values; null when the plan has none. */
  private readonly computeValues: ((values: Value[]) => void) | null;

  /** Whether the plan's account conditions read the account's contacts (then `useContacts` must come first). */
  get needsContacts(): boolean {
    return this.contactAggregateCount > 0;
  }

  /** The contacts the account conditions read (built from every contact before any account is evaluated). */
  useContacts(index: ContactIndex): void {
    this.contactIndex = index;
  }

  get contacts(): ContactIndex | undefined {
    return this.contactIndex;
  }

  /**
   * Writes the account's contact aggregates after its fields in `values` (slots fields.length ..), from its key
   * (which must be coerced), and its derived fields after them (from its coerced fields). A no-op when the plan
   * reads no contacts and derives no field.
   */
  attachContacts(values: Value[]): void {
    this.computeValues?.(values);
    if (this.contactAggregateCount === 0) return;
    if (!this.contactIndex) throw new Error("engine: this plan's conditions read contacts; call useContacts first");
    const numbers = this.contactIndex.numbers(this.keySlot >= 0 ? values[this.keySlot]! : null);
    const base = this.plan.fields.length;
    for (let i = 0; i < numbers.length; i++) values[base + i] = numbers[i]!;
  }

  newAllocator(): TierAllocator {
    return new TierAllocator(this.plan);
  }

  /**
   * The capacity allocation of prepared accounts (offered in any order: the result is the same), or undefined when
   * no tier has a capacity. `finish(account, allocation)` then labels each. The one prepare -> offer -> finish
   * sequence: use it rather than driving the allocator by hand.
   */
  allocate(prepared: Iterable<PreparedAccount>): TierAllocation | undefined {
    const allocator = this.newAllocator();
    if (!allocator.needsAllocation) return undefined;
    for (const account of prepared) {
      const candidate = this.candidate(account);
      if (candidate) allocator.offer(candidate);
    }
    return allocator.result();
  }

  prepare(values: Value[], row: number): PreparedAccount {
    const asOf = this.asOfDay;
    this.attachContacts(values);
    const key = this.keySlot >= 0 ? (values[this.keySlot] as string | number | null) : null;
    const icp = this.compiled.icp(values, asOf);
    const scores = new Array<number>(this.plan.scores.length);
    this.compiled.scores(values, scores, asOf);
    const matches = icp ? this.compiled.tierMatches(values, scores, asOf) : [];
    return { row, values, key, icp, scores, matches };
  }

  /** The allocation candidate for an account, or undefined when no capped tier is involved. */
  candidate(account: PreparedAccount): Candidate | undefined {
    if (!this.anyCapped || !hasCapped(account.matches, this.cappedTiers)) return undefined;
    const ranks = new Map<number, RankValues>();
    for (const tier of account.matches) {
      if (!this.cappedTiers[tier]) continue;
      ranks.set(
        tier,
        this.rankSlots[tier]!.map(({ kind, slot }) => {
          const value = kind === "score" ? account.scores[slot]! : account.values[slot];
          return typeof value === "number" || typeof value === "string" ? value : null;
        }),
      );
    }
    return { row: account.row, key: account.key, matches: account.matches, ranks };
  }

  finish(account: PreparedAccount, allocation?: TierAllocation): AccountResult {
    if (!account.icp) return this.labelOutside(account.key, account.values, account.scores);
    const tierIndex = allocation
      ? allocation.tierOf(account.row, account.matches)
      : firstUncapped(account.matches, this.cappedTiers);
    return this.label(account.key, account.values, account.scores, tierIndex);
  }

  /** The result of an account in the ICP, given its tier (-1: none): segment and activations follow (finish's second half, used by evaluateAccounts). */
  label(key: string | number | null, values: Value[], scores: number[], tierIndex: number): AccountResult {
    const asOf = this.asOfDay;
    const tier = tierIndex >= 0 ? this.plan.tiers[tierIndex]! : null;
    const tierId = tier ? tier.id : null;
    const segmentIndex = this.compiled.segment(values, scores, tierId, asOf);
    const segment = segmentIndex >= 0 ? this.plan.segments[segmentIndex]! : this.plan.fallback;
    if (this.plan.audiences)
      return this.withAudiences(
        { key, icp: true, scores, tier: tierId, segment: segment.id, activations: [] },
        values,
        tierIndex,
        segmentIndex,
      );
    const activations = this.activationsOf(this.wanted(tierIndex, segmentIndex), values, scores, tierId);
    return { key, icp: true, scores, tier: tierId, segment: segment.id, activations };
  }

  /**
   * The result of an account outside the ICP: no tier; a segment only with `segments: { scope: all }`; its audiences.
   * Activations come from its segment (scope all) and its audiences.
   */
  labelOutside(key: string | number | null, values: Value[], scores: number[]): AccountResult {
    if (!this.segmentsForAll && !this.plan.audiences)
      return { key, icp: false, scores, tier: null, segment: null, activations: [] };
    let segment: string | null = null;
    let segmentIndex = NO_SEGMENT;
    if (this.segmentsForAll) {
      segmentIndex = this.compiled.segment(values, scores, null, this.asOfDay);
      segment = segmentIndex >= 0 ? this.plan.segments[segmentIndex]!.id : this.plan.fallback.id;
    }
    const result: AccountResult = { key, icp: false, scores, tier: null, segment, activations: [] };
    if (this.plan.audiences) return this.withAudiences(result, values, -1, segmentIndex);
    result.activations = this.activationsOf(this.wanted(-1, segmentIndex), values, scores, null);
    return result;
  }

  /** Fills in the account's audiences, and the activations its tier, segment (NO_SEGMENT: none) and audiences ask for. */
  private withAudiences(
    result: AccountResult,
    values: Value[],
    tierIndex: number,
    segmentIndex: number,
  ): AccountResult {
    const audiences = this.plan.audiences!;
    const matches = this.compiled.audienceMatches(values, result.scores, result.tier, this.asOfDay);
    result.audiences = matches.map((index) => audiences[index]!.id);
    const wanted = this.wanted(tierIndex, segmentIndex);
    if (!this.audiencesActivate || matches.length === 0) {
      result.activations = this.activationsOf(wanted, values, result.scores, result.tier);
      return result;
    }
    const names = new Set(wanted.names);
    for (const index of matches) for (const name of audiences[index]!.activate) names.add(name);
    const indexes: number[] = [];
    this.plan.activations.forEach((activation, index) => {
      if (names.has(activation.name)) indexes.push(index);
    });
    const all: Wanted = {
      indexes,
      names: indexes.map((index) => this.plan.activations[index]!.name),
      unconditional: indexes.every((index) => !this.activationHasWhen[index]),
    };
    result.activations = this.activationsOf(all, values, result.scores, result.tier);
    return result;
  }

  /** The wanted activations whose own condition holds, in plan order. */
  private activationsOf(wanted: Wanted, values: Value[], scores: number[], tierId: string | null): string[] {
    if (wanted.unconditional) return wanted.names.slice();
    const activations: string[] = [];
    for (let i = 0; i < wanted.indexes.length; i++) {
      const index = wanted.indexes[i]!;
      if (!this.activationHasWhen[index] || this.compiled.activationWhen(index, values, scores, tierId, this.asOfDay))
        activations.push(wanted.names[i]!);
    }
    return activations;
  }

  /** The plan's activations (in plan order) that a tier (-1: none) and a segment (-1: fallback, -2: none) ask for. */
  private wanted(tierIndex: number, segmentIndex: number): Wanted {
    const slot = (tierIndex + 1) * (this.plan.segments.length + 2) + (segmentIndex + 2);
    let wanted = this.wantedActivations[slot];
    if (!wanted) {
      const tier = tierIndex >= 0 ? this.plan.tiers[tierIndex]! : null;
      const segment =
        segmentIndex >= 0 ? this.plan.segments[segmentIndex]! : segmentIndex === -1 ? this.plan.fallback : null;
      const names = new Set([...(tier?.activate ?? []), ...(segment?.activate ?? [])]);
      const indexes: number[] = [];
      this.plan.activations.forEach((activation, index) => {
        if (names.has(activation.name)) indexes.push(index);
      });
      wanted = {
        indexes,
        names: indexes.map((index) => this.plan.activations[index]!.name),
        unconditional: indexes.every((index) => !this.activationHasWhen[index]),
      };
      this.wantedActivations[slot] = wanted;
    }
    return wanted;
  }
}

/** Activations asked for by a tier and segment: plan indexes, their names, and whether none has a condition. */
interface Wanted {
  indexes: number[];
  names: string[];
  unconditional: boolean;
}

/** An account without a segment (outside the ICP, segments scoped to it). */
const NO_SEGMENT = -2;

function hasCapped(matches: readonly number[], capped: readonly boolean[]): boolean {
  for (const tier of matches) if (capped[tier]) return true;
  return false;
}

function firstUncapped(matches: readonly number[], capped: readonly boolean[]): number {
  for (const tier of matches) if (!capped[tier]) return tier;
  return -1;
}

/** Evaluates coerced accounts held in memory (both stages, capacities included). */
export function evaluateAccounts(engine: Engine, rows: readonly Value[][]): AccountResult[] {
  const allocator = engine.newAllocator();
  const { plan, compiled, asOfDay: asOf } = engine;
  if (!allocator.needsAllocation || plan.tiers.length > 31) {
    const prepared = rows.map((values, row) => engine.prepare(values, row));
    const allocation = engine.allocate(prepared);
    return prepared.map((account) => engine.finish(account, allocation));
  }
  // The same two stages as prepare and finish, without holding a prepared account per row until the allocation
  // is known (those objects outlive the young generation and cost more in garbage collection than the whole
  // evaluation): the first pass keeps each account's scores, ICP verdict and matching tiers (as bits) in typed
  // arrays, and offers the accounts that reach a capped tier; the second finishes from them.
  const keySlot = plan.fields.findIndex((field) => field.name === plan.key);
  const capped = plan.tiers.map((tier) => tier.capacity !== null);
  const width = plan.scores.length;
  const scores = new Float64Array(rows.length * width);
  const icps = new Uint8Array(rows.length);
  const tierBits = new Int32Array(rows.length); // bit t: tier t matches
  const buffer = new Array<number>(width);
  for (let row = 0; row < rows.length; row++) {
    const values = rows[row]!;
    engine.attachContacts(values);
    const icp = compiled.icp(values, asOf);
    compiled.scores(values, buffer, asOf);
    for (let i = 0; i < width; i++) scores[row * width + i] = buffer[i]!;
    if (!icp) continue;
    icps[row] = 1;
    const matches = compiled.tierMatches(values, buffer, asOf);
    let bits = 0;
    for (let i = 0; i < matches.length; i++) bits |= 1 << matches[i]!;
    tierBits[row] = bits;
    if (!hasCapped(matches, capped)) continue;
    const key = keySlot >= 0 ? (values[keySlot] as string | number | null) : null;
    const candidate = engine.candidate({ row, values, key, icp, scores: buffer.slice(), matches });
    if (candidate) allocator.offer(candidate);
  }
  // allocation.tierOf(row, matches), with the matching tiers as bits and the kept rows by tier index
  const allocation = allocator.result();
  const kept = plan.tiers.map((_, tier) => allocation.kept.get(tier));
  const results = new Array<AccountResult>(rows.length);
  for (let row = 0; row < rows.length; row++) {
    const values = rows[row]!;
    const accountScores = new Array<number>(width);
    for (let i = 0; i < width; i++) accountScores[i] = scores[row * width + i]!;
    const key = keySlot >= 0 ? (values[keySlot] as string | number | null) : null;
    if (icps[row] === 0) {
      results[row] = engine.labelOutside(key, values, accountScores);
      continue;
    }
    let tierIndex = -1;
    for (let bits = tierBits[row]!, tier = 0; bits !== 0; bits >>>= 1, tier++) {
      if ((bits & 1) === 0) continue;
      const keep = kept[tier];
      if (!keep || keep.has(row)) {
        tierIndex = tier;
        break;
      }
    }
    // What finish does for an account in the ICP.
    results[row] = engine.label(key, values, accountScores, tierIndex);
  }
  return results;
}

/** A contact's role. */
export interface ContactResult {
  key: string | number | null;
  accountKey: string | number | null;
  role: string | null;
}

/** Assigns buying-committee roles to contacts (first matching role wins). */
export class ContactEngine {
  readonly coercer: RecordCoercer;
  private readonly role: (v: Value[], asOf: number) => number;
  private readonly keySlot: number;
  private readonly accountSlot: number;

  constructor(
    readonly plan: Plan,
    readonly asOfDay: number,
  ) {
    if (!plan.contacts) throw new Error("engine: the plan has no contacts section");
    this.coercer = new RecordCoercer(plan.contacts.fields);
    this.role = compileRoles(plan)!;
    const names = plan.contacts.fields.map((field) => field.name);
    this.keySlot = plan.contacts.key ? names.indexOf(plan.contacts.key) : -1;
    this.accountSlot = names.indexOf(plan.contacts.accountKey);
  }

  evaluate(values: Value[], row: number): ContactResult {
    const index = this.role(values, this.asOfDay);
    return {
      key: this.keySlot >= 0 ? (values[this.keySlot] as string | number | null) : row + 1,
      accountKey: values[this.accountSlot] as string | number | null,
      role: index >= 0 ? this.plan.contacts!.roles[index]!.id : null,
    };
  }
}
