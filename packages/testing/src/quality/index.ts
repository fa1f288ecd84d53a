export {
  QualityAccumulator,
  DEFAULT_OUTCOMES,
  type BaselineMembership,
  type QualityAccumulatorOptions,
  type OutcomeTally,
  type SegmentTally,
  type ChurnTally,
  type StabilityTally,
  type ResolvedOutcomes,
} from "./accumulate.js";
export {
  evaluateQualityBars,
  skippedQualityBars,
  MIN_DECIDED_DEALS,
  MIN_WON_AMOUNTS,
  ALL_SEGMENTS,
  OUTSIDE_ICP,
  type EvaluateQualityOptions,
} from "./bars.js";
export {
  twoProportionZTest,
  chiSquareIndependence,
  mannWhitneyU,
  normalTwoSidedP,
  chiSquareUpperP,
  type TwoProportionTest,
  type ChiSquareTest,
  type MannWhitneyTest,
  type MannWhitneyOptions,
} from "./stats.js";
