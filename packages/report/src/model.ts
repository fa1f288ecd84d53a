import type { BarResult, CoverageReport } from "@segform/testing";

/**
 * What `segform report` shows: plain, aggregated data (bounded by the number of tiers, segments, score bins and
 * deal-size bins, never by the number of accounts), in a deterministic order. Built by `buildSegmentationReport`
 * from a ReportAccumulator; rendered to HTML by `renderSegmentationReport`.
 */
export interface SegmentationReport {
  /** The project's name, or the definitions file. */
  title: string;
  project: string;
  planHash: string;
  asOf: string;
  /** The account data's label (a path, or a table), absent when no data was read. */
  data?: string;
  /** Why there is no data section (absent when data was read). */
  dataMissing?: string;
  sizes?: Sizes;
  scores?: ScoreDistribution[];
  outcomes?: Outcomes;
  churn?: ChurnGroup[];
  bars: BarResult[];
  coverage?: CoverageReport;
  suites?: SuiteSummary[];
}

export interface Sizes {
  accounts: number;
  icpAccounts: number;
  /** Plan order, with each tier's capacity (null: unlimited). */
  tiers: { id: string; accounts: number; capacity: number | null }[];
  /** ICP accounts without a tier. */
  untiered: number;
  /** Named segments in plan order, then the fallback. */
  segments: { id: string; named: boolean; accounts: number }[];
  /** ICP accounts per segment (rows, as `segments`) and tier (columns, as `tiers`, then no tier). */
  matrix: number[][];
  /** Plans with audiences: accounts in each audience (plan order; audiences overlap, over every account). */
  audiences?: { id: string; accounts: number }[];
}

/** A score's distribution over ICP accounts, in fixed bins over [0, 100], split by tier. */
export interface ScoreDistribution {
  name: string;
  binWidth: number;
  /** bins[i][t]: accounts with the score in bin i and tier t (plan order; the last column: no tier). */
  bins: number[][];
  /** The score's bounds in tier conditions, e.g. tier1: fit >= 70. */
  thresholds: { tier: string; operator: string; value: number }[];
}

export interface Outcomes {
  /** Confidence of the win-rate intervals (quality.separation.confidence, else 0.95). */
  confidence: number;
  /** Named segments, the fallback, then accounts outside the ICP. */
  groups: OutcomeGroup[];
  /** Deal-size bins (won deals with an amount): lower bounds, ascending; the last bin is open-ended. */
  dealSizeBins: number[];
}

export interface OutcomeGroup {
  id: string;
  kind: "segment" | "fallback" | "outside";
  won: number;
  lost: number;
  open: number;
  wonValue: number;
  openValue: number;
  /** Won / (won + lost); NaN without decided deals. */
  winRate: number;
  /** Wilson score interval of the win rate at `confidence`; absent without decided deals. */
  interval?: [number, number];
  /** Won deals with an amount per deal-size bin (same order as `dealSizeBins`). */
  dealSizes: number[];
}

/** Movement against a baseline snapshot, per baseline segment (`(outside ICP)` last). */
export interface ChurnGroup {
  id: string;
  before: number;
  changed: number;
  entered: number;
  left: number;
}

export interface SuiteSummary {
  name: string;
  file: string;
  passed: number;
  failed: number;
  skipped: number;
}
