import type { AccountResult, Value } from "@segform/engine";
import type { Expr, Plan } from "@segform/plan";
import type { QualitySpec } from "@segform/spec";
import { QualityAccumulator, type BarResult, type CoverageReport, type SuiteResult } from "@segform/testing";
import type { ChurnGroup, OutcomeGroup, ScoreDistribution, SegmentationReport, Sizes } from "./model.js";
import { wilsonInterval } from "./stats.js";

/** Score bins: [0, 5), [5, 10), ... [95, 100] (scores are clamped to 0..100). */
const SCORE_BIN_WIDTH = 5;
const SCORE_BINS = 100 / SCORE_BIN_WIDTH;
/** Deal-size bins (lower bounds); fixed, so reports over different data compare bin by bin. */
const DEAL_SIZE_BINS = [
  0, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000,
  10_000_000,
];
/** The label of accounts outside the ICP (segment ids cannot contain spaces or parentheses). */
export const OUTSIDE_ICP = "(outside ICP)";
export const NO_TIER = "(no tier)";

/**
 * Collects, one account at a time, what the report draws. Wraps the quality bars' accumulator (sizes, outcomes,
 * churn) and adds what only the report needs: the segment x tier matrix, score histograms by tier and deal-size
 * histograms. Memory is bounded by the plan (segments, tiers, scores) and the fixed bins, never by the accounts.
 */
export class ReportAccumulator {
  readonly quality: QualityAccumulator;
  private readonly tierColumn = new Map<string, number>();
  private readonly segmentRow = new Map<string, number>();
  /** matrix[segment][tier]: the last column is "no tier". */
  readonly matrix: number[][];
  /** scoreBins[score][bin][tier column]. */
  readonly scoreBins: number[][][];
  /** Per outcome group (segments in plan order, fallback, outside the ICP): won deals per deal-size bin. */
  readonly dealSizes: number[][];
  private readonly wonStages: Set<string>;

  constructor(
    readonly plan: Plan,
    options: ConstructorParameters<typeof QualityAccumulator>[1] = {},
  ) {
    this.quality = new QualityAccumulator(plan, options);
    plan.tiers.forEach((tier, index) => this.tierColumn.set(tier.id, index));
    this.quality.segments.forEach((segment, index) => this.segmentRow.set(segment.id, index));
    const columns = plan.tiers.length + 1;
    this.matrix = this.quality.segments.map(() => new Array<number>(columns).fill(0));
    this.scoreBins = plan.scores.map(() =>
      Array.from({ length: SCORE_BINS }, () => new Array<number>(columns).fill(0)),
    );
    this.dealSizes = Array.from({ length: this.quality.segments.length + 1 }, () =>
      new Array<number>(DEAL_SIZE_BINS.length).fill(0),
    );
    this.wonStages = new Set(this.quality.outcomes.won);
  }

  /** One evaluated account: its labels, coerced values (plan.fields order) and how many named segments it matches. */
  add(result: AccountResult, values: Value[], segmentMatches: number): void {
    this.quality.add(result, values, segmentMatches);
    let group = this.quality.segments.length;
    if (result.icp && result.segment !== null) {
      const row = this.segmentRow.get(result.segment)!;
      const column = result.tier === null ? this.plan.tiers.length : this.tierColumn.get(result.tier)!;
      this.matrix[row]![column]!++;
      for (let score = 0; score < this.scoreBins.length; score++) {
        const value = result.scores[score] ?? 0;
        const bin = Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(value / SCORE_BIN_WIDTH)));
        this.scoreBins[score]![bin]![column]!++;
      }
      group = row;
    }
    const { stageSlot, amountSlot } = this.quality.outcomes;
    if (stageSlot < 0 || amountSlot < 0) return;
    const stage = values[stageSlot];
    if (stage === null || stage === undefined || Array.isArray(stage) || !this.wonStages.has(String(stage))) return;
    const amount = values[amountSlot];
    if (typeof amount !== "number" || !Number.isFinite(amount)) return;
    this.dealSizes[group]![dealSizeBin(amount)]!++;
  }
}

function dealSizeBin(amount: number): number {
  let bin = 0;
  while (bin + 1 < DEAL_SIZE_BINS.length && amount >= DEAL_SIZE_BINS[bin + 1]!) bin++;
  return bin;
}

export interface SegmentationInput {
  plan: Plan;
  /** The definitions file. */
  project: string;
  asOf: string;
  /** The data's label, when data was read (then `accumulator` holds every account). */
  data?: string;
  accumulator?: ReportAccumulator;
  /** Why no data was read. */
  dataMissing?: string;
  bars: BarResult[];
  coverage?: CoverageReport;
  suites?: SuiteResult[];
}

/** The report's model from what was accumulated (all aggregates; nothing per account). */
export function buildSegmentationReport(input: SegmentationInput): SegmentationReport {
  const { plan, accumulator } = input;
  const report: SegmentationReport = {
    title: plan.name ?? input.project,
    project: input.project,
    planHash: plan.hash,
    asOf: input.asOf,
    bars: input.bars,
  };
  if (input.data !== undefined && accumulator) {
    report.data = input.data;
    report.sizes = sizes(plan, accumulator);
    report.scores = plan.scores.map((score, index) => ({
      name: score.name,
      binWidth: SCORE_BIN_WIDTH,
      bins: accumulator.scoreBins[index]!.map((bin) => [...bin]),
      thresholds: thresholds(plan, score.name),
    }));
    const quality = accumulator.quality;
    if (quality.outcomes.stageSlot >= 0) report.outcomes = outcomes(plan, accumulator);
    if (quality.hasBaseline) report.churn = churn(accumulator);
  } else if (input.dataMissing !== undefined) report.dataMissing = input.dataMissing;
  if (input.coverage) report.coverage = input.coverage;
  if (input.suites) {
    report.suites = input.suites.map((suite) => ({
      name: suite.name,
      file: suite.file,
      passed: suite.cases.filter((c) => c.status === "pass").length,
      failed: suite.cases.filter((c) => c.status === "fail").length,
      skipped: suite.cases.filter((c) => c.status === "skip").length,
    }));
  }
  return report;
}

function sizes(plan: Plan, accumulator: ReportAccumulator): Sizes {
  const quality = accumulator.quality;
  return {
    accounts: quality.accounts,
    icpAccounts: quality.icpAccounts,
    tiers: plan.tiers.map((tier) => ({
      id: tier.id,
      accounts: quality.tierCounts.get(tier.id) ?? 0,
      capacity: tier.capacity,
    })),
    untiered: quality.untiered,
    segments: quality.segments.map((segment) => ({ id: segment.id, named: segment.named, accounts: segment.accounts })),
    matrix: accumulator.matrix.map((row) => [...row]),
    ...(plan.audiences
      ? { audiences: quality.audiences.map((audience) => ({ id: audience.id, accounts: audience.accounts })) }
      : {}),
  };
}

function outcomes(plan: Plan, accumulator: ReportAccumulator): NonNullable<SegmentationReport["outcomes"]> {
  const quality = accumulator.quality;
  const confidence = (plan.quality as QualitySpec).separation?.confidence ?? 0.95;
  const groups: OutcomeGroup[] = [
    ...quality.segments.map((segment) => ({
      id: segment.id,
      kind: segment.named ? ("segment" as const) : ("fallback" as const),
      tally: segment,
    })),
    { id: OUTSIDE_ICP, kind: "outside" as const, tally: quality.outsideIcp },
  ].map(({ id, kind, tally }, index) => {
    const decided = tally.won + tally.lost;
    const group: OutcomeGroup = {
      id,
      kind,
      won: tally.won,
      lost: tally.lost,
      open: tally.open,
      wonValue: tally.wonValue,
      openValue: tally.openValue,
      winRate: decided > 0 ? tally.won / decided : Number.NaN,
      dealSizes: [...accumulator.dealSizes[index]!],
    };
    if (decided > 0) group.interval = wilsonInterval(tally.won, decided, confidence);
    return group;
  });
  return { confidence, groups, dealSizeBins: [...DEAL_SIZE_BINS] };
}

function churn(accumulator: ReportAccumulator): ChurnGroup[] {
  const stability = accumulator.quality.stability();
  const known = accumulator.quality.segments.map((segment) => segment.id);
  const others = [...stability.bySegment.keys()]
    .filter((id): id is string => id !== null && !known.includes(id))
    .sort();
  const out: ChurnGroup[] = [];
  for (const id of [...known, ...others, null]) {
    const tally = stability.bySegment.get(id);
    if (tally)
      out.push({
        id: id ?? OUTSIDE_ICP,
        before: tally.before,
        changed: tally.changed,
        entered: tally.entered,
        left: tally.left,
      });
  }
  return out;
}

/** The bounds a tier's condition puts on a score (tests joined by `and`; `or`/`not` branches are left out). */
function thresholds(plan: Plan, score: string): ScoreDistribution["thresholds"] {
  const out: ScoreDistribution["thresholds"] = [];
  const visit = (tier: string, expr: Expr) => {
    if (expr.op === "and") expr.args.forEach((arg) => visit(tier, arg));
    else if (expr.op === "named") visit(tier, expr.arg);
    else if (expr.op === "test" && expr.ref.kind === "score" && expr.ref.name === score) {
      const symbol = OPERATORS[expr.test];
      if (symbol && typeof expr.value === "number") out.push({ tier, operator: symbol, value: expr.value });
      else if (expr.test === "between" && Array.isArray(expr.value) && expr.value.length === 2) {
        out.push(
          { tier, operator: ">=", value: Number(expr.value[0]) },
          { tier, operator: "<=", value: Number(expr.value[1]) },
        );
      }
    }
  };
  for (const tier of plan.tiers) visit(tier.id, tier.when);
  return out;
}

const OPERATORS: Partial<Record<string, string>> = { gte: ">=", gt: ">", lte: "<=", lt: "<", eq: "=" };
