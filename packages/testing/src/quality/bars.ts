import type { Plan } from "@segform/plan";
import type { QualitySpec, RangeBar, Severity, SourceLocation } from "@segform/spec";
import type { BarDetail, BarResult } from "../report.js";
import { QualityAccumulator, type OutcomeTally, type SegmentTally } from "./accumulate.js";
import { chiSquareIndependence, mannWhitneyU, twoProportionZTest } from "./stats.js";

/** A segment needs this many won + lost deals before its win rate is tested. */
export const MIN_DECIDED_DEALS = 5;
/** A segment needs this many won deals with an amount before its deal size is tested. */
export const MIN_WON_AMOUNTS = 5;
/** Detail subject for the omnibus test over every tested segment. */
export const ALL_SEGMENTS = "all segments";
/** Detail subject for accounts outside the ICP (segment ids cannot contain spaces or parentheses). */
export const OUTSIDE_ICP = "(outside ICP)";

export interface EvaluateQualityOptions {
  /** Whether `--baseline FILE` was given (stability is only measured then). */
  baselineGiven: boolean;
  /**
   * Where a bar is declared. `barPath` is the dotted path of the declaration under `quality:`:
   * `segment_size`, `coverage.pipeline_share`, `separation` (for both separation metrics), `stability`, ...
   */
  locate?: (barPath: string) => SourceLocation | undefined;
}

type Bar = Omit<BarResult, "bar" | "severity" | "location">;

/**
 * Evaluates every declared quality bar on the accumulated data. One result per bar (per metric for separation),
 * always in this order: segment_count, segment_size, icp_coverage, tier_capacity, coverage.pipeline_share,
 * coverage.revenue_share, separation.win_rate, separation.deal_size, overlap, audience_size, audience_overlap, stability,
 * actionability.
 */
export function evaluateQualityBars(plan: Plan, acc: QualityAccumulator, options: EvaluateQualityOptions): BarResult[] {
  const quality = plan.quality as QualitySpec;
  const results: BarResult[] = [];
  const push = (name: string, path: string, severity: Severity | undefined, bar: Bar) => {
    const location = options.locate?.(path);
    const result: BarResult = { bar: name, severity: severity ?? "error", ...bar };
    if (location) result.location = location;
    results.push(result);
  };

  if (quality.segment_count)
    push("segment_count", "segment_count", quality.segment_count.severity, segmentCountBar(acc, quality.segment_count));
  if (quality.segment_size)
    push("segment_size", "segment_size", quality.segment_size.severity, segmentSizeBar(acc, quality.segment_size));
  if (quality.icp_coverage)
    push("icp_coverage", "icp_coverage", quality.icp_coverage.severity, icpCoverageBar(acc, quality.icp_coverage));
  if (quality.tier_capacity)
    push(
      "tier_capacity",
      "tier_capacity",
      quality.tier_capacity.severity,
      tierCapacityBar(plan, acc, quality.tier_capacity.min_fill),
    );
  const coverage = quality.coverage;
  if (coverage?.pipeline_share) {
    push(
      "coverage.pipeline_share",
      "coverage.pipeline_share",
      coverage.severity,
      valueShareBar(acc, "pipeline", coverage.pipeline_share.min),
    );
  }
  if (coverage?.revenue_share) {
    push(
      "coverage.revenue_share",
      "coverage.revenue_share",
      coverage.severity,
      valueShareBar(acc, "revenue", coverage.revenue_share.min),
    );
  }
  const separation = quality.separation;
  if (separation) {
    const metrics = separation.metrics ?? [];
    if (metrics.includes("win_rate"))
      push("separation.win_rate", "separation", separation.severity, winRateBar(acc, separation.confidence));
    if (metrics.includes("deal_size"))
      push("separation.deal_size", "separation", separation.severity, dealSizeBar(acc, separation.confidence));
  }
  if (quality.overlap) push("overlap", "overlap", quality.overlap.severity, overlapBar(acc, quality.overlap.max));
  if (quality.audience_size)
    push("audience_size", "audience_size", quality.audience_size.severity, audienceSizeBar(acc, quality.audience_size));
  if (quality.audience_overlap)
    push(
      "audience_overlap",
      "audience_overlap",
      quality.audience_overlap.severity,
      audienceOverlapBar(acc, quality.audience_overlap.max),
    );
  if (quality.stability)
    push(
      "stability",
      "stability",
      quality.stability.severity,
      stabilityBar(acc, quality.stability.max_churn, options.baselineGiven),
    );
  if (quality.actionability) {
    push(
      "actionability",
      "actionability",
      quality.actionability.severity,
      actionabilityBar(plan, acc, quality.actionability.every_segment_activated),
    );
  }
  return results;
}

/**
 * The declared bars, each reported as skipped because there is no account data to measure them on (same order,
 * names, severities and locations as `evaluateQualityBars`). `reason` says what is missing, for the report.
 */
export function skippedQualityBars(
  plan: Plan,
  reason: string,
  options: Omit<EvaluateQualityOptions, "baselineGiven"> = {},
): BarResult[] {
  return evaluateQualityBars(plan, new QualityAccumulator(plan), { ...options, baselineGiven: false }).map((bar) => {
    const skipped: BarResult = {
      bar: bar.bar,
      severity: bar.severity,
      passed: false,
      skipped: { missing: "data", reason },
      message: "not measured: no data",
      details: [],
    };
    if (bar.location) skipped.location = bar.location;
    return skipped;
  });
}

// segment_count, segment_size, icp_coverage, tier_capacity ------------------------------------------------

function segmentCountBar(acc: QualityAccumulator, bar: RangeBar): Bar {
  const named = acc.namedSegments;
  const holding = named.filter((segment) => segment.accounts > 0);
  const check = checkRange(holding.length, bar, String);
  const empty = named.filter((segment) => segment.accounts === 0).map((segment) => `"${segment.id}"`);
  const emptyNote = empty.length ? ` (${empty.length} of ${named.length} declared hold none: ${empty.join(", ")})` : "";
  return {
    passed: check.passed,
    message: `${count(holding.length, "named segment")} hold${holding.length === 1 ? "s" : ""} accounts, ${check.phrase}${emptyNote}`,
    details: named.map((segment) => ({
      subject: segment.id,
      passed: segment.accounts > 0,
      message: segment.accounts > 0 ? `holds ${count(segment.accounts, "account")}` : "holds no accounts (not counted)",
      figures: { accounts: segment.accounts },
    })),
  };
}

function segmentSizeBar(acc: QualityAccumulator, bar: RangeBar): Bar {
  const named = acc.namedSegments;
  const details: BarDetail[] = named.map((segment) => {
    const check = checkRange(segment.accounts, bar, String);
    return {
      subject: segment.id,
      passed: check.passed,
      message: `${count(segment.accounts, "account")}, ${check.phrase}`,
      figures: withBounds({ accounts: segment.accounts }, bar),
    };
  });
  const failing = details.filter((detail) => !detail.passed);
  let message: string;
  if (named.length === 0) message = "no named segments";
  else if (failing.length)
    message = failing.map((detail) => `segment "${detail.subject}" has ${detail.message}`).join("; ");
  else if (named.length === 1) message = `the only named segment has ${rangeText(bar, String)} accounts`;
  else message = `all ${named.length} named segments have ${rangeText(bar, String)} accounts`;
  return { passed: failing.length === 0, message, details };
}

function icpCoverageBar(acc: QualityAccumulator, bar: RangeBar): Bar {
  if (acc.accounts === 0) return { passed: true, message: "not enough data: no accounts in the data", details: [] };
  const share = acc.icpAccounts / acc.accounts;
  const check = checkRange(share, bar, percent);
  return {
    passed: check.passed,
    message: `${percent(share)} of accounts are in the ICP (${acc.icpAccounts} of ${acc.accounts}), ${check.phrase}`,
    details: [
      {
        subject: "icp",
        passed: check.passed,
        message: `${acc.icpAccounts} of ${acc.accounts} accounts`,
        figures: withBounds({ accounts: acc.accounts, icp: acc.icpAccounts, share: round6(share) }, bar),
      },
    ],
  };
}

/**
 * Whether capped tiers are sized right. The engine never puts more accounts in a tier than its capacity, so the
 * measure is the other side: a capped tier filled below `min_fill` of its capacity (default: every seat) has a
 * capacity that does not bind, or a condition too strict to fill it.
 */
function tierCapacityBar(plan: Plan, acc: QualityAccumulator, minFill = 1): Bar {
  const capped = plan.tiers.filter((tier) => tier.capacity !== null && tier.capacity > 0);
  if (capped.length === 0) return { passed: true, message: "no tier has a capacity", details: [] };
  const details: BarDetail[] = capped.map((tier) => {
    const accounts = acc.tierCounts.get(tier.id) ?? 0;
    const capacity = tier.capacity!;
    const fill = accounts / capacity;
    const passed = fill >= minFill;
    return {
      subject: tier.id,
      passed,
      message: `${accounts} of ${capacity} seats filled (${percent(fill)}${passed ? "" : `, below ${percent(minFill)}`})`,
      figures: { accounts, capacity, fill: round6(fill) },
    };
  });
  const failing = details.filter((detail) => !detail.passed);
  const message = failing.length
    ? failing.map((detail) => `tier "${detail.subject}": ${detail.message}`).join("; ") +
      ": lower the capacity or widen the tier's condition"
    : `every capped tier is filled to at least ${percent(minFill)} (${details.map((detail) => `${detail.subject}: ${detail.figures.accounts} of ${detail.figures.capacity}`).join(", ")})`;
  return { passed: failing.length === 0, message, details };
}

// coverage.pipeline_share, coverage.revenue_share -------------------------------------------------------

function valueShareBar(acc: QualityAccumulator, kind: "pipeline" | "revenue", min: number): Bar {
  const missing = missingOutcomeFields(acc, true);
  if (missing) return { passed: false, message: missing, details: [] };
  const what = kind === "pipeline" ? "open + won deal value" : "won deal value";
  const valueOf = (tally: OutcomeTally) => (kind === "pipeline" ? tally.openValue + tally.wonValue : tally.wonValue);
  const dealsOf = (tally: OutcomeTally) => (kind === "pipeline" ? tally.open + tally.won : tally.won);
  const groups: { subject: string; tally: OutcomeTally; named: boolean }[] = [
    ...acc.segments.map((segment) => ({ subject: segment.id, tally: segment as OutcomeTally, named: segment.named })),
    { subject: OUTSIDE_ICP, tally: acc.outsideIcp, named: false },
  ];
  const total = groups.reduce((sum, group) => sum + valueOf(group.tally), 0);
  const inside = groups.filter((group) => group.named).reduce((sum, group) => sum + valueOf(group.tally), 0);
  const details: BarDetail[] = groups.map(({ subject, tally, named }) => {
    const value = valueOf(tally);
    const share = total > 0 ? value / total : 0;
    return {
      subject,
      passed: true,
      message: `${amountText(value)} (${percent(share)}) in ${count(dealsOf(tally), "deal")}${named ? "" : subject === OUTSIDE_ICP ? ", outside the ICP" : ", in the fallback"}`,
      figures: {
        value: round6(value),
        share: round6(share),
        deals: dealsOf(tally),
        missingAmount: tally.missingAmount,
      },
    };
  });
  if (!(total > 0)) return { passed: true, message: `not enough data: no ${what} in the data`, details };
  const share = inside / total;
  const passed = share >= min;
  return {
    passed,
    message: `${percent(share)} of ${what} is in named segments (${amountText(inside)} of ${amountText(total)}), ${passed ? "at or above" : "below"} the minimum ${percent(min)}`,
    details,
  };
}

// separation.win_rate, separation.deal_size ------------------------------------------------------------

function winRateBar(acc: QualityAccumulator, confidence: number): Bar {
  const missing = missingOutcomeFields(acc, false);
  if (missing) return { passed: false, message: missing, details: [] };
  const alpha = 1 - confidence;
  const decided = (segment: SegmentTally) => segment.won + segment.lost;
  const details: BarDetail[] = [];
  const tested = acc.namedSegments.filter((segment) => decided(segment) >= MIN_DECIDED_DEALS);
  if (tested.length >= 2) {
    // The omnibus question first: does win rate depend on the segment at all?
    const omnibus = chiSquareIndependence(tested.map((segment) => [segment.won, segment.lost] as const));
    const passed = omnibus.pValue < alpha;
    const figures = {
      statistic: round6(omnibus.statistic),
      df: omnibus.degreesOfFreedom,
      pValue: round6(omnibus.pValue),
      segments: tested.length,
    };
    details.push({
      subject: ALL_SEGMENTS,
      passed,
      message: `${omnibusText(figures)} over ${tested.length} segments: win rates ${passed ? "differ" : "do not differ"}`,
      figures,
    });
  }
  return pairwiseSeparation(acc, confidence, details, {
    metric: "win rate",
    size: decided,
    minimum: MIN_DECIDED_DEALS,
    unit: ["decided deal", "decided deals"],
    minimumText: `${MIN_DECIDED_DEALS} decided (won or lost) deals`,
    counts: (a, b) => ({ won1: a.won, decided1: decided(a), won2: b.won, decided2: decided(b) }),
    test(a, b) {
      const test = twoProportionZTest(a.won, decided(a), b.won, decided(b));
      return {
        pValue: test.pValue,
        text: `${a.id} ${percent(test.rate1)} (${a.won} of ${decided(a)}) vs ${b.id} ${percent(test.rate2)} (${b.won} of ${decided(b)}): z = ${fixed(test.z, 3)}`,
        figures: {
          rate1: round6(test.rate1),
          rate2: round6(test.rate2),
          z: round6(test.z),
          pValue: round6(test.pValue),
        },
      };
    },
  });
}

function dealSizeBar(acc: QualityAccumulator, confidence: number): Bar {
  const missing = missingOutcomeFields(acc, true);
  if (missing) return { passed: false, message: missing, details: [] };
  const wonWithAmount = (segment: SegmentTally) => segment.wonAmounts.length;
  return pairwiseSeparation(acc, confidence, [], {
    metric: "deal size",
    size: wonWithAmount,
    minimum: MIN_WON_AMOUNTS,
    unit: ["won deal with an amount", "won deals with an amount"],
    minimumText: `${MIN_WON_AMOUNTS} won deals with an amount`,
    counts: (a, b) => ({ n1: wonWithAmount(a), n2: wonWithAmount(b) }),
    test(a, b) {
      const test = mannWhitneyU(a.wonAmounts, b.wonAmounts);
      const median1 = median(a.wonAmounts);
      const median2 = median(b.wonAmounts);
      return {
        pValue: test.pValue,
        text:
          `${a.id} median ${amountText(median1)} (n = ${test.n1}) vs ${b.id} median ${amountText(median2)} (n = ${test.n2}): ` +
          `U = ${round6(test.u1)}, z = ${fixed(test.z, 3)}`,
        figures: {
          median1: round6(median1),
          median2: round6(median2),
          u: round6(test.u1),
          z: round6(test.z),
          pValue: round6(test.pValue),
        },
      };
    },
  });
}

interface SeparationMetric {
  /** In words, for messages: `win rate`. */
  metric: string;
  /** The amount of data a segment has for this metric. */
  size: (segment: SegmentTally) => number;
  /** Segments with less are not tested. */
  minimum: number;
  /** What `size` counts, singular and plural. */
  unit: [string, string];
  minimumText: string;
  /** Figures shown for every pair, tested or not. */
  counts: (a: SegmentTally, b: SegmentTally) => Record<string, number>;
  test: (a: SegmentTally, b: SegmentTally) => { pValue: number; text: string; figures: Record<string, number> };
}

/**
 * Tests every pair of named segments (in plan order) at the declared confidence. Each pair is tested on its own,
 * without a multiple-comparison correction: the bar asks of each pair whether it behaves as one segment.
 */
function pairwiseSeparation(
  acc: QualityAccumulator,
  confidence: number,
  details: BarDetail[],
  spec: SeparationMetric,
): Bar {
  const alpha = 1 - confidence;
  const named = acc.namedSegments;
  const enough = (segment: SegmentTally) => spec.size(segment) >= spec.minimum;
  const failures: string[] = [];
  let tested = 0;
  let untested = 0;
  forEachPair(named, (a, b) => {
    const subject = `${a.id} vs ${b.id}`;
    const counts = spec.counts(a, b);
    const short = [a, b].filter((segment) => !enough(segment));
    if (short.length) {
      untested++;
      const have = short.map((segment) => `${segment.id} has ${count(spec.size(segment), ...spec.unit)}`).join(", ");
      details.push({
        subject,
        passed: true,
        message: `not enough data: ${have} (at least ${spec.minimum} needed); not tested`,
        figures: counts,
      });
      return;
    }
    tested++;
    const result = spec.test(a, b);
    const separates = result.pValue < alpha;
    if (!separates)
      failures.push(`${a.id} and ${b.id} behave as one segment on ${spec.metric} (${pText(result.pValue)})`);
    details.push({
      subject,
      passed: separates,
      message: `${result.text}, ${pText(result.pValue)}, ${separates ? "separate" : "do not separate"}`,
      figures: { ...counts, ...result.figures },
    });
  });

  const untestedNote = untested
    ? ` (${count(untested, "pair")} not tested: not enough data, at least ${spec.minimumText} per segment needed)`
    : "";
  if (tested === 0) {
    const why =
      named.length < 2
        ? "fewer than two named segments"
        : `fewer than two named segments have at least ${spec.minimumText}`;
    return { passed: true, message: `not enough data to test ${spec.metric}: ${why}; not failing the bar`, details };
  }
  const omnibus = details.find((detail) => detail.subject === ALL_SEGMENTS);
  if (omnibus && !omnibus.passed)
    failures.unshift(`named segments do not differ on ${spec.metric} overall (${omnibusText(omnibus.figures)})`);
  if (failures.length) return { passed: false, message: failures.join("; ") + untestedNote, details };
  const which =
    tested === 1
      ? "the one tested pair of named segments separates"
      : `all ${tested} tested pairs of named segments separate`;
  return {
    passed: true,
    message: `${which} on ${spec.metric} at ${confidenceText(confidence)} confidence${untestedNote}`,
    details,
  };
}

// overlap, stability, actionability ---------------------------------------------------------------------

function overlapBar(acc: QualityAccumulator, max: number | undefined): Bar {
  const named = acc.namedSegments;
  const details: BarDetail[] = named.map((segment) => {
    const share = segment.accounts > 0 ? segment.overlapping / segment.accounts : 0;
    return {
      subject: segment.id,
      passed: max === undefined || share <= max,
      message: `${segment.overlapping} of ${count(segment.accounts, "account")} (${percent(share)}) also match a later segment`,
      figures: { accounts: segment.accounts, overlapping: segment.overlapping, share: round6(share) },
    };
  });
  if (acc.icpAccounts === 0) return { passed: true, message: "not enough data: no ICP accounts in the data", details };
  const overlapping = named.reduce((sum, segment) => sum + segment.overlapping, 0);
  const share = overlapping / acc.icpAccounts;
  const passed = max === undefined || share <= max;
  const bound =
    max === undefined ? "no maximum declared" : `${passed ? "within" : "above"} the maximum ${percent(max)}`;
  return {
    passed,
    message: `${percent(share)} of ICP accounts (${overlapping} of ${acc.icpAccounts}) match more than one named segment, ${bound}`,
    details,
  };
}

// audience_size, audience_overlap ----------------------------------------------------------------------------

function audienceSizeBar(acc: QualityAccumulator, bar: RangeBar): Bar {
  const details: BarDetail[] = acc.audiences.map((audience) => {
    const check = checkRange(audience.accounts, bar, String);
    return {
      subject: audience.id,
      passed: check.passed,
      message: `${count(audience.accounts, "account")}, ${check.phrase}`,
      figures: withBounds({ accounts: audience.accounts }, bar),
    };
  });
  const failing = details.filter((detail) => !detail.passed);
  let message: string;
  if (details.length === 0) message = "no audiences";
  else if (failing.length)
    message = failing.map((detail) => `audience "${detail.subject}" has ${detail.message}`).join("; ");
  else if (details.length === 1) message = `the only audience has ${rangeText(bar, String)} accounts`;
  else message = `all ${details.length} audiences have ${rangeText(bar, String)} accounts`;
  return { passed: failing.length === 0, message, details };
}

/**
 * For every pair of non-empty audiences (plan order), the share of the smaller one's accounts that are also in the
 * other: 1 when one audience lies inside the other, which then adds nothing.
 */
function audienceOverlapBar(acc: QualityAccumulator, max: number | undefined): Bar {
  const details: BarDetail[] = [];
  const audiences = acc.audiences;
  for (let i = 0; i < audiences.length; i++) {
    for (let j = i + 1; j < audiences.length; j++) {
      const a = audiences[i]!;
      const b = audiences[j]!;
      const smaller = Math.min(a.accounts, b.accounts);
      if (smaller === 0) continue;
      const both = a.shared[j]!;
      const share = both / smaller;
      details.push({
        subject: `${a.id} vs ${b.id}`,
        passed: max === undefined || share <= max,
        message: `${both} of the smaller one's ${count(smaller, "account")} (${percent(share)}) are in both`,
        figures: { both, smaller, share: round6(share) },
      });
    }
  }
  if (details.length === 0)
    return { passed: true, message: "not enough data: fewer than two audiences hold accounts", details };
  const worst = details.reduce((top, detail) =>
    (detail.figures.share as number) > (top.figures.share as number) ? detail : top,
  );
  const share = worst.figures.share as number;
  const passed = max === undefined || share <= max;
  const bound =
    max === undefined ? "no maximum declared" : `${passed ? "within" : "above"} the maximum ${percent(max)}`;
  return {
    passed,
    message: `the largest overlap is ${worst.subject}: ${percent(share)} of the smaller audience, ${bound}`,
    details,
  };
}

function stabilityBar(acc: QualityAccumulator, maxChurn: number, baselineGiven: boolean): Bar {
  if (!baselineGiven)
    return {
      passed: false,
      skipped: { missing: "baseline", reason: "no baseline given (--baseline FILE, from segform run --snapshot)" },
      message: "not measured: no baseline",
      details: [],
    };
  const churn = acc.stability();
  const known = acc.segments.map((segment) => segment.id);
  const others = [...churn.bySegment.keys()].filter((id): id is string => id !== null && !known.includes(id)).sort();
  const order: (string | null)[] = [...known, ...others, null];
  const details: BarDetail[] = [];
  for (const id of order) {
    const tally = churn.bySegment.get(id);
    if (!tally) continue;
    const share = tally.before > 0 ? tally.changed / tally.before : 0;
    const removed = id !== null && !known.includes(id);
    details.push({
      subject: id ?? OUTSIDE_ICP,
      passed: share <= maxChurn,
      message:
        `${tally.changed} of ${count(tally.before, "baseline account")} changed (${percent(share)}); ` +
        `${tally.gained} gained, ${tally.entered} entered, ${tally.left} left${removed ? " (not a segment of this plan)" : ""}`,
      figures: {
        before: tally.before,
        changed: tally.changed,
        churn: round6(share),
        gained: tally.gained,
        entered: tally.entered,
        left: tally.left,
      },
    });
  }
  const movement = `${churn.entered} entered, ${churn.left} left`;
  if (churn.compared === 0)
    return {
      passed: true,
      message: `not enough data: no account is in both the baseline and the data (${movement})`,
      details,
    };
  const share = churn.changed / churn.compared;
  const passed = share <= maxChurn;
  return {
    passed,
    message:
      `${percent(share)} of accounts changed segment or tier since the baseline (${churn.changed} of ${churn.compared}; ${churn.segmentChanged} changed segment), ` +
      `${passed ? "within" : "above"} the maximum ${percent(maxChurn)}; ${movement}`,
    details,
  };
}

function actionabilityBar(plan: Plan, acc: QualityAccumulator, required: boolean): Bar {
  const declared = [
    ...plan.segments.map((segment) => ({ id: segment.id, activate: segment.activate })),
    { id: plan.fallback.id, activate: plan.fallback.activate },
  ];
  const accountsOf = new Map(acc.segments.map((segment) => [segment.id, segment]));
  const details: BarDetail[] = declared.map((segment) => {
    const tally = accountsOf.get(segment.id);
    const bound = segment.activate.length;
    return {
      subject: segment.id,
      passed: bound > 0 || !required,
      message: bound > 0 ? `bound to ${segment.activate.join(", ")}` : "bound to no activation",
      figures: { activations: bound, accounts: tally?.accounts ?? 0, activatedAccounts: tally?.activatedAccounts ?? 0 },
    };
  });
  const unbound = declared.filter((segment) => segment.activate.length === 0).map((segment) => `"${segment.id}"`);
  const activated = declared.length - unbound.length;
  const rate = `${percent(activated / declared.length)} of segments activated (${activated} of ${declared.length})`;
  if (!required) return { passed: true, message: `${rate}; not required (every_segment_activated: false)`, details };
  if (unbound.length)
    return { passed: false, message: `${rate}; without an activation: ${unbound.join(", ")}`, details };
  return {
    passed: true,
    message: `every segment is bound to at least one activation (${activated} of ${declared.length})`,
    details,
  };
}

// helpers --------------------------------------------------------------------------------------------

/** The outcome fields a bar needs but the plan lacks, as a message; undefined when all are there. */
function missingOutcomeFields(acc: QualityAccumulator, needsAmount: boolean): string | undefined {
  const { stage, amount, stageSlot, amountSlot } = acc.outcomes;
  const missing: string[] = [];
  if (stageSlot < 0)
    missing.push(`outcome field "${stage}" is not a field of the project (set quality.outcomes.stage)`);
  if (needsAmount && amountSlot < 0)
    missing.push(`outcome field "${amount}" is not a field of the project (set quality.outcomes.amount)`);
  return missing.length ? missing.join("; ") : undefined;
}

function forEachPair<T>(items: readonly T[], visit: (a: T, b: T) => void): void {
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) visit(items[i]!, items[j]!);
}

function checkRange(
  value: number,
  bar: RangeBar,
  format: (bound: number) => string,
): { passed: boolean; phrase: string } {
  if (bar.min !== undefined && value < bar.min)
    return { passed: false, phrase: `below the minimum ${format(bar.min)}` };
  if (bar.max !== undefined && value > bar.max)
    return { passed: false, phrase: `above the maximum ${format(bar.max)}` };
  if (bar.min !== undefined && bar.max !== undefined)
    return { passed: true, phrase: `within ${format(bar.min)} to ${format(bar.max)}` };
  if (bar.min !== undefined) return { passed: true, phrase: `at or above the minimum ${format(bar.min)}` };
  if (bar.max !== undefined) return { passed: true, phrase: `at or below the maximum ${format(bar.max)}` };
  return { passed: true, phrase: "no bounds declared" };
}

function rangeText(bar: RangeBar, format: (bound: number) => string): string {
  if (bar.min !== undefined && bar.max !== undefined) return `${format(bar.min)} to ${format(bar.max)}`;
  if (bar.min !== undefined) return `at least ${format(bar.min)}`;
  if (bar.max !== undefined) return `at most ${format(bar.max)}`;
  return "any number of";
}

function withBounds(figures: Record<string, number>, bar: RangeBar): Record<string, number> {
  if (bar.min !== undefined) figures.min = bar.min;
  if (bar.max !== undefined) figures.max = bar.max;
  return figures;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Figures are rounded to 6 decimals (and -0 becomes 0) so reports are stable across machines. */
function round6(value: number): number {
  const rounded = Number(value.toFixed(6));
  return rounded === 0 ? 0 : rounded;
}

/** A share as a percentage with one decimal: 0.3456 -> "34.6%". */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function omnibusText(figures: Record<string, number>): string {
  return `chi-square = ${fixed(figures.statistic!, 3)}, df = ${figures.df}, ${pText(figures.pValue!)}`;
}

function pText(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}

function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return Number(text) === 0 ? (0).toFixed(digits) : text;
}

function amountText(value: number): string {
  return String(round6(value));
}

function confidenceText(confidence: number): string {
  return `${Number((confidence * 100).toFixed(4))}%`;
}

function count(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
