import { parseDay, type Plan } from "@segform/plan";
import { TierAllocator, type Candidate, type RankValues, type TierAllocation } from "./allocate.js";
import { RecordCoercer, type Value } from "./coerce.js";
import { compileAccountPlan, compileRoles, type CompiledAccountPlan } from "./compiled.js";

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
    const fieldSlot = new Map(plan.fields.map((field, index) => [field.name, index]));
    const scoreSlot = new Map(plan.scores.map((score, index) => [score.name, index]));
    this.rankSlots = plan.tiers.map((tier) =>
      tier.rankBy.map((rank) =>
        rank.ref.kind === "score" ? { kind: "score" as const, slot: scoreSlot.get(rank.ref.name)! } : { kind: "field" as const, slot: fieldSlot.get(rank.ref.name)! },
      ),
    );
    this.cappedTiers = plan.tiers.map((tier) => tier.capacity !== null);
  }

  newAllocator(): TierAllocator {
    return new TierAllocator(this.plan);
  }

  prepare(values: Value[], row: number): PreparedAccount {
    const asOf = this.asOfDay;
    const key = this.keySlot >= 0 ? (values[this.keySlot] as string | number | null) : null;
    const icp = this.compiled.icp(values, asOf);
    const scores = new Array<number>(this.plan.scores.length);
    this.compiled.scores(values, scores, asOf);
    const matches = icp ? this.compiled.tierMatches(values, scores, asOf) : [];
    return { row, values, key, icp, scores, matches };
  }

  /** The allocation candidate for an account, or undefined when no capped tier is involved. */
  candidate(account: PreparedAccount): Candidate | undefined {
    if (!account.matches.some((tier) => this.cappedTiers[tier])) return undefined;
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
    const { values, scores } = account;
    const asOf = this.asOfDay;
    if (!account.icp) return { key: account.key, icp: false, scores, tier: null, segment: null, activations: [] };
    const tierIndex = allocation ? allocation.tierOf(account.row, account.matches) : firstUncapped(account.matches, this.cappedTiers);
    const tier = tierIndex >= 0 ? this.plan.tiers[tierIndex]! : null;
    const tierId = tier ? tier.id : null;
    const segmentIndex = this.compiled.segment(values, scores, tierId, asOf);
    const segment = segmentIndex >= 0 ? this.plan.segments[segmentIndex]! : this.plan.fallback;
    const wanted = new Set([...(tier?.activate ?? []), ...segment.activate]);
    const activations: string[] = [];
    this.plan.activations.forEach((activation, index) => {
      if (wanted.has(activation.name) && this.compiled.activationWhen(index, values, scores, tierId, asOf)) activations.push(activation.name);
    });
    return { key: account.key, icp: true, scores, tier: tierId, segment: segment.id, activations };
  }
}

function firstUncapped(matches: readonly number[], capped: readonly boolean[]): number {
  for (const tier of matches) if (!capped[tier]) return tier;
  return -1;
}

/** Evaluates coerced accounts held in memory (both stages, capacities included). */
export function evaluateAccounts(engine: Engine, rows: readonly Value[][]): AccountResult[] {
  const prepared = rows.map((values, row) => engine.prepare(values, row));
  const allocator = engine.newAllocator();
  let allocation: TierAllocation | undefined;
  if (allocator.needsAllocation) {
    for (const account of prepared) {
      const candidate = engine.candidate(account);
      if (candidate) allocator.offer(candidate);
    }
    allocation = allocator.result();
  }
  return prepared.map((account) => engine.finish(account, allocation));
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
