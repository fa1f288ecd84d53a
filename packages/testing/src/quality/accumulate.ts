import type { AccountResult, Value } from "@segform/engine";
import type { Plan } from "@segform/plan";
import type { OutcomeFields, QualitySpec } from "@segform/spec";

/** An account's labels in a baseline membership snapshot. */
export interface BaselineMembership {
  tier: string | null;
  segment: string | null;
}

export interface QualityAccumulatorOptions {
  /** Baseline membership by account key (`String(key)`), for the stability bar. */
  baseline?: Map<string, BaselineMembership>;
}

/** Deal outcomes of a group of accounts (one stage and one amount per account). */
export interface OutcomeTally {
  /** Accounts whose stage is a won stage. */
  won: number;
  lost: number;
  open: number;
  /** Sum of the amounts of won deals (missing amounts count 0). */
  wonValue: number;
  openValue: number;
  /** Won, lost or open deals without a numeric amount. */
  missingAmount: number;
}

/** What the quality bars need to know about one segment (named, or the fallback). */
export interface SegmentTally extends OutcomeTally {
  id: string;
  /** False for the fallback. */
  named: boolean;
  accounts: number;
  /** Accounts whose data matches more than one named segment's condition. */
  overlapping: number;
  /** Accounts that got at least one of the segment's own activations. */
  activatedAccounts: number;
  /** Won deal amounts, kept only for named segments and only when deal-size separation is declared. */
  wonAmounts: number[];
}

/** What the audience bars need to know about one audience. */
export interface AudienceTally {
  id: string;
  /** Accounts in the audience. */
  accounts: number;
  /** Accounts in both this audience and each audience, by plan index (the diagonal is `accounts`). */
  shared: number[];
}

/** Movement of accounts against the baseline, for one segment (the baseline's for `before`/`changed`/`left`). */
export interface ChurnTally {
  /** Accounts in this segment in the baseline and still in the data. */
  before: number;
  /** Of those, accounts whose segment or tier differs now (leaving the ICP counts as a change). */
  changed: number;
  /** Accounts in this segment in the baseline that are not in the data any more. */
  left: number;
  /** Accounts in this segment now that are not in the baseline. */
  entered: number;
  /** Accounts in this segment now that were in another segment (or outside the ICP) in the baseline. */
  gained: number;
}

export interface StabilityTally {
  /** Accounts in both the baseline and the data, in the ICP on at least one side. */
  compared: number;
  /** Of those, accounts whose segment or tier changed. */
  changed: number;
  /** Of the changed, those whose segment changed (the rest changed tier only). */
  segmentChanged: number;
  /** ICP accounts in the data that are not in the baseline. */
  entered: number;
  /** Baseline accounts with a segment that are not in the data. */
  left: number;
  /** Per segment id; `null` stands for "outside the ICP" (no segment). */
  bySegment: Map<string | null, ChurnTally>;
}

/** The outcome fields in force: `quality.outcomes`, with defaults. */
export interface ResolvedOutcomes {
  stage: string;
  amount: string;
  won: string[];
  lost: string[];
  open: string[];
  /** Slots of the stage and amount fields in `plan.fields`, -1 when the plan has no such field. */
  stageSlot: number;
  amountSlot: number;
}

export const DEFAULT_OUTCOMES = {
  stage: "stage",
  amount: "amount",
  won: ["closed_won"],
  lost: ["closed_lost"],
  open: ["open"],
} as const;

/**
 * Collects, one account at a time, what the quality bars measure. Memory grows with the number of segments and
 * tiers, and with the number of won deals when deal-size separation is declared (the rank test needs the
 * amounts); never with the number of accounts. With a baseline, the keys seen are remembered to find the accounts
 * that left, which is bounded by the baseline already held in memory.
 */
export class QualityAccumulator {
  readonly outcomes: ResolvedOutcomes;
  /** Every account seen. */
  accounts = 0;
  /** Accounts inside the ICP. */
  icpAccounts = 0;
  /** Named segments in plan order, then the fallback. */
  readonly segments: SegmentTally[];
  /** Accounts per tier id (ICP accounts with a tier). */
  readonly tierCounts = new Map<string, number>();
  /** ICP accounts without a tier. */
  untiered = 0;
  /** Outcomes of accounts outside the ICP (they count in the pipeline and revenue totals). */
  readonly outsideIcp: OutcomeTally = emptyOutcomes();
  /** Accounts whose stage is set but is none of the won, lost or open values. */
  otherStages = 0;
  /** Accounts without a key (left out of the stability comparison). */
  unkeyed = 0;

  private readonly bySegmentId = new Map<string, SegmentTally>();
  private readonly segmentActivations = new Map<string, Set<string>>();
  private readonly keepWonAmounts: boolean;
  private readonly won: Set<string>;
  private readonly lost: Set<string>;
  private readonly open: Set<string>;
  private readonly baseline: Map<string, BaselineMembership> | undefined;
  private readonly seenBaselineKeys = new Set<string>();
  private readonly churn: StabilityTally = {
    compared: 0,
    changed: 0,
    segmentChanged: 0,
    entered: 0,
    left: 0,
    bySegment: new Map(),
  };
  private leftCounted = false;

  constructor(
    readonly plan: Plan,
    options: QualityAccumulatorOptions = {},
  ) {
    const quality = plan.quality as QualitySpec;
    const declared: OutcomeFields = quality.outcomes ?? {};
    const stage = declared.stage ?? DEFAULT_OUTCOMES.stage;
    const amount = declared.amount ?? DEFAULT_OUTCOMES.amount;
    const slotOf = (name: string) => plan.fields.findIndex((field) => field.name === name);
    this.outcomes = {
      stage,
      amount,
      won: [...(declared.won ?? DEFAULT_OUTCOMES.won)],
      lost: [...(declared.lost ?? DEFAULT_OUTCOMES.lost)],
      open: [...(declared.open ?? DEFAULT_OUTCOMES.open)],
      stageSlot: slotOf(stage),
      amountSlot: slotOf(amount),
    };
    this.won = new Set(this.outcomes.won);
    this.lost = new Set(this.outcomes.lost);
    this.open = new Set(this.outcomes.open);
    this.keepWonAmounts = quality.separation?.metrics?.includes("deal_size") ?? false;
    this.baseline = options.baseline;

    const named = plan.segments.map((segment) => newSegment(segment.id, true));
    this.segments = [...named, newSegment(plan.fallback.id, false)];
    for (const tally of this.segments) this.bySegmentId.set(tally.id, tally);
    for (const segment of [...plan.segments, plan.fallback])
      this.segmentActivations.set(segment.id, new Set(segment.activate));
    const audiences = plan.audiences ?? [];
    this.audiences = audiences.map((audience) => ({ id: audience.id, accounts: 0, shared: audiences.map(() => 0) }));
    this.audienceIndex = new Map(audiences.map((audience, index) => [audience.id, index]));
  }

  /** Audiences in plan order (empty for a plan without audiences). */
  readonly audiences: AudienceTally[];
  private readonly audienceIndex: Map<string, number>;

  /** Whether a baseline snapshot was given. */
  get hasBaseline(): boolean {
    return this.baseline !== undefined;
  }

  /** Named segments only, in plan order. */
  get namedSegments(): SegmentTally[] {
    return this.segments.filter((segment) => segment.named);
  }

  /** The fallback segment's tally. */
  get fallback(): SegmentTally {
    return this.segments[this.segments.length - 1]!;
  }

  /**
   * Takes one evaluated account: its result, its coerced values (in `plan.fields` order) and how many named
   * segments' conditions it matches (`Engine.compiled.segmentMatchCount`).
   */
  add(result: AccountResult, values: Value[], segmentMatches: number): void {
    this.accounts++;
    let outcomes: OutcomeTally = this.outsideIcp;
    if (result.audiences?.length) this.addAudiences(result.audiences);
    // With `segments: { scope: all }` an account outside the ICP has a segment too: it counts there.
    if (result.icp) {
      this.icpAccounts++;
      if (result.tier === null) this.untiered++;
      else this.tierCounts.set(result.tier, (this.tierCounts.get(result.tier) ?? 0) + 1);
    }
    if (result.segment !== null) {
      const segment = this.bySegmentId.get(result.segment);
      if (!segment) throw new Error(`quality: account landed in unknown segment ${result.segment}`);
      segment.accounts++;
      if (segmentMatches > 1) segment.overlapping++;
      const own = this.segmentActivations.get(segment.id)!;
      if (result.activations.some((activation) => own.has(activation))) segment.activatedAccounts++;
      outcomes = segment;
    }
    this.addOutcome(
      outcomes,
      values,
      outcomes !== this.outsideIcp && this.keepWonAmounts && (outcomes as SegmentTally).named
        ? (outcomes as SegmentTally)
        : null,
    );
    if (this.baseline) this.compare(result);
  }

  private addAudiences(ids: readonly string[]): void {
    const indexes = ids.map((id) => {
      const index = this.audienceIndex.get(id);
      if (index === undefined) throw new Error(`quality: account in unknown audience ${id}`);
      return index;
    });
    for (const index of indexes) {
      const tally = this.audiences[index]!;
      tally.accounts++;
      for (const other of indexes) tally.shared[other]!++;
    }
  }

  /** Churn against the baseline (all zeros without one). Call after the last `add`. */
  stability(): StabilityTally {
    if (this.baseline && !this.leftCounted) {
      this.leftCounted = true;
      for (const [key, before] of this.baseline) {
        if (this.seenBaselineKeys.has(key) || before.segment === null) continue;
        this.churn.left++;
        this.churnFor(before.segment).left++;
      }
    }
    return this.churn;
  }

  private addOutcome(tally: OutcomeTally, values: Value[], keepAmounts: SegmentTally | null): void {
    const { stageSlot, amountSlot } = this.outcomes;
    if (stageSlot < 0) return;
    const stage = stageText(values[stageSlot] ?? null);
    if (stage === null) return;
    const raw = amountSlot >= 0 ? values[amountSlot] : null;
    const amount = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
    if (this.won.has(stage)) {
      tally.won++;
      tally.wonValue += amount ?? 0;
      if (keepAmounts && amount !== null) keepAmounts.wonAmounts.push(amount);
    } else if (this.lost.has(stage)) {
      tally.lost++;
    } else if (this.open.has(stage)) {
      tally.open++;
      tally.openValue += amount ?? 0;
    } else {
      this.otherStages++;
      return;
    }
    if (amount === null) tally.missingAmount++;
  }

  private compare(result: AccountResult): void {
    if (result.key === null) {
      this.unkeyed++;
      return;
    }
    const key = String(result.key);
    const before = this.baseline!.get(key);
    // A snapshot holds the segment of every account that has one (outside the ICP too, with `segments: { scope: all }`).
    const segment = result.segment;
    const tier = result.icp ? result.tier : null;
    if (!before) {
      if (segment !== null) {
        this.churn.entered++;
        this.churnFor(segment).entered++;
      }
      return;
    }
    this.seenBaselineKeys.add(key);
    if (before.segment === null && segment === null) return;
    this.churn.compared++;
    const from = this.churnFor(before.segment);
    from.before++;
    const segmentChanged = before.segment !== segment;
    if (segmentChanged || before.tier !== tier) {
      this.churn.changed++;
      from.changed++;
      if (segmentChanged) {
        this.churn.segmentChanged++;
        this.churnFor(segment).gained++;
      }
    }
  }

  private churnFor(segment: string | null): ChurnTally {
    let tally = this.churn.bySegment.get(segment);
    if (!tally) {
      tally = { before: 0, changed: 0, left: 0, entered: 0, gained: 0 };
      this.churn.bySegment.set(segment, tally);
    }
    return tally;
  }
}

function emptyOutcomes(): OutcomeTally {
  return { won: 0, lost: 0, open: 0, wonValue: 0, openValue: 0, missingAmount: 0 };
}

function newSegment(id: string, named: boolean): SegmentTally {
  return { id, named, accounts: 0, overlapping: 0, activatedAccounts: 0, wonAmounts: [], ...emptyOutcomes() };
}

/** A stage value as text; lists (string[] fields) are not a stage. */
function stageText(value: Value): string | null {
  if (value === null || Array.isArray(value)) return null;
  return String(value);
}
