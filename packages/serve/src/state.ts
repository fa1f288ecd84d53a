import { compareKeys, type Engine, type AccountResult, type Explanation, type PreparedAccount } from "@segform/engine";
import type { EvaluateOptions } from "@segform/data";
import type { Plan } from "@segform/plan";

/** What the server knows about one account of the loaded membership. */
export interface Label {
  key: string;
  icp: boolean;
  /** In plan order; null when the membership did not carry scores (a snapshot). */
  scores: number[] | null;
  tier: string | null;
  segment: string | null;
  /** Null when the membership did not carry activations (a snapshot). */
  activations: string[] | null;
  /** Role id -> contact keys, when contacts were loaded. */
  roles?: Record<string, (string | number)[]>;
  /** The audiences the account is in (plan order), when the plan has audiences and the membership carries them. */
  audiences?: string[];
  /**
   * For a state labelled from a data file by the JS engine: the physical lines the account's record spans
   * (first..last, 1-based), so `?explain=1` reads that record alone. Never part of an answer.
   */
  lines?: [number, number];
}

/** The values an account is ranked by in one capped tier, as the engine's allocator compares them. */
export type RankValues = (number | string | null)[];

/** The last account a capped tier admitted (its worst member): the bar an ad-hoc account must pass. */
export interface TierCutoff {
  tier: string;
  index: number;
  capacity: number;
  /** How many loaded accounts the tier holds. */
  taken: number;
  /** False when the membership does not carry what the tier ranks by (a field, or a snapshot's missing scores). */
  known: boolean;
  /** The worst admitted account, when the tier is full and the ranking is known. */
  last: { key: string | number | null; ranks: RankValues; row: number } | null;
}

/** Where the labels came from, for /v1/plan and the log. */
export interface StateSource {
  /**
   * "data" (evaluated at load), "membership" (a run output), "snapshot", or "state" (what `segform apply` last
   * sent to one destination, read from the deploy state).
   */
  kind: "data" | "membership" | "snapshot" | "state";
  /** The data file, membership, table, or the deploy state's location (a directory, or a URL without password). */
  path: string;
  definitions: string;
  /** For "data": the engine that computed the labels (js, duckdb, postgres). */
  engine?: string;
  /** For "state": the destination, and the state's serial and pending journal entries when loaded. */
  destination?: string;
  serial?: number;
  journal?: number;
}

/** Everything one request reads; replaced as a whole on reload, never mutated after it is built. */
export interface ServeState {
  plan: Plan;
  engine: Engine;
  asOf: string;
  labels: Map<string, Label>;
  cutoffs: Map<number, TierCutoff>;
  source: StateSource;
  /** When the state was built (ISO time); not part of any answer's bytes except /v1/plan. */
  loadedAt: string;
  /** For a state loaded from data: the contacts file and read options, so one account can be explained again. */
  dataInputs?: { contacts?: string; evaluate?: Omit<EvaluateOptions, "asOf">; index?: RecordIndex };
  /** Warnings met while loading (located text). */
  warnings: string[];
  /**
   * For labels a SQL engine computed (`--engine duckdb|postgres`): one account's explanation, its values read back
   * from the same source by the same engine (the whole query runs again: a capped tier depends on the population).
   */
  explainFromSource?: (key: string) => Promise<Explanation | undefined>;
}

/**
 * Where each physical line of the data file starts (byte offsets), taken at load, with the file's size and
 * modification time then: an explanation reads one record's bytes while the file is unchanged.
 */
export interface RecordIndex {
  format: "csv" | "tsv" | "jsonl";
  /** lineStarts[i]: the byte offset of line i + 1; one more entry: the file's size. */
  lineStarts: Float64Array;
  lines: number;
  size: number;
  mtimeMs: number;
  /** CSV: the header cells and each plan field's column position. */
  columns?: number[];
  width?: number;
}

/** Keeps the worst admitted account of each capped tier while accounts stream past. */
export class CutoffTracker {
  private readonly worst = new Map<number, { key: string | number | null; ranks: RankValues; row: number }>();
  private readonly taken = new Map<number, number>();
  private readonly unknown = new Set<number>();
  private readonly tierIndex: Map<string, number>;

  constructor(private readonly plan: Plan) {
    this.tierIndex = new Map(plan.tiers.map((tier, index) => [tier.id, index]));
  }

  /** An evaluated account (with its prepared values): the engine gives its rank values. */
  offerEvaluated(engine: Engine, result: AccountResult, prepared: PreparedAccount): void {
    const index = this.cappedIndex(result.tier);
    if (index === undefined) return;
    const ranks = engine.candidate(prepared)?.ranks.get(index);
    this.count(index, ranks ? { key: result.key, ranks, row: prepared.row } : undefined);
  }

  /** A label read from a membership file: ranks known only when the tier ranks by scores the file carries. */
  offerLabel(label: Label, row: number): void {
    const index = this.cappedIndex(label.tier);
    if (index === undefined) return;
    const scoreIndex = new Map(this.plan.scores.map((score, i) => [score.name, i]));
    const rankBy = this.plan.tiers[index]!.rankBy;
    if (!label.scores || rankBy.some((rank) => rank.ref.kind !== "score")) {
      this.count(index, undefined);
      return;
    }
    const ranks = rankBy.map((rank) => label.scores![scoreIndex.get(rank.ref.name)!]!);
    this.count(index, { key: label.key, ranks, row });
  }

  result(): Map<number, TierCutoff> {
    const cutoffs = new Map<number, TierCutoff>();
    this.plan.tiers.forEach((tier, index) => {
      if (tier.capacity === null) return;
      const taken = this.taken.get(index) ?? 0;
      const known = !this.unknown.has(index);
      const full = taken >= tier.capacity;
      cutoffs.set(index, {
        tier: tier.id,
        index,
        capacity: tier.capacity,
        taken,
        known,
        last: known && full ? (this.worst.get(index) ?? null) : null,
      });
    });
    return cutoffs;
  }

  private cappedIndex(tier: string | null): number | undefined {
    if (tier === null) return undefined;
    const index = this.tierIndex.get(tier);
    return index !== undefined && this.plan.tiers[index]!.capacity !== null ? index : undefined;
  }

  private count(
    index: number,
    candidate: { key: string | number | null; ranks: RankValues; row: number } | undefined,
  ): void {
    this.taken.set(index, (this.taken.get(index) ?? 0) + 1);
    if (!candidate) {
      this.unknown.add(index);
      return;
    }
    const current = this.worst.get(index);
    if (!current || rankWorse(this.plan, index, candidate, current) > 0) this.worst.set(index, candidate);
  }
}

/**
 * Positive when `a` ranks worse than `b` in capped tier `tier`: the tier's rank_by (missing values last), then
 * the account key ascending, then input order. The same order as the engine's TierAllocator.
 */
export function rankWorse(
  plan: Plan,
  tier: number,
  a: { key: string | number | null; ranks: RankValues; row: number },
  b: { key: string | number | null; ranks: RankValues; row: number },
): number {
  const rankBy = plan.tiers[tier]!.rankBy;
  for (let i = 0; i < rankBy.length; i++) {
    const c = compareRank(a.ranks[i] ?? null, b.ranks[i] ?? null, rankBy[i]!.order);
    if (c !== 0) return c;
  }
  const k = compareKeys(a.key, b.key);
  if (k !== 0) return k;
  return a.row - b.row;
}

function compareRank(a: number | string | null, b: number | string | null, order: "asc" | "desc"): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = a < b ? -1 : a > b ? 1 : 0;
  return order === "desc" ? -c : c;
}

/** A label from an engine result (and the account's roles, when contacts were loaded). */
export function labelOf(
  result: AccountResult,
  roles?: Map<string, (string | number)[]>,
  order?: readonly string[],
): Label {
  const label: Label = {
    key: String(result.key),
    icp: result.icp,
    scores: result.scores,
    tier: result.tier,
    segment: result.segment,
    activations: result.activations,
  };
  if (result.audiences) label.audiences = result.audiences;
  if (roles && order) {
    const byRole: Record<string, (string | number)[]> = {};
    for (const role of order) if (roles.has(role)) byRole[role] = roles.get(role)!;
    label.roles = byRole;
  }
  return label;
}
