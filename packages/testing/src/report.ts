import type { Diagnostic, SourceLocation } from "@segform/spec";

/**
 * The result of `segform test`: plain data, rendered by the reporters (pretty, json, junit, github).
 * Every list is in a deterministic order; nothing here depends on time or the machine.
 */
export interface TestReport {
  /** The definitions file under test. */
  project: string;
  planHash: string;
  suites: SuiteResult[];
  coverage?: CoverageReport;
  bars: BarResult[];
  /** Problems that made part of the run unusable (bad test files, unreadable fixtures). */
  diagnostics: Diagnostic[];
  summary: ReportSummary;
}

export interface ReportSummary {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Quality bars that failed with severity error. */
  barErrors: number;
  /** Quality bars that failed with severity warn. */
  barWarnings: number;
  /** Coverage gate failed. */
  coverageFailed: boolean;
  /** Quality bars not evaluated (no data, or no baseline for stability). */
  barsSkipped: number;
  /** With `--require-data`: bars skipped for want of data, which fail the run. Otherwise 0. */
  barsUnmeasured: number;
  /** 0 all pass; 1 a test, an error bar or the coverage gate failed; 2 unusable input. */
  exitCode: 0 | 1 | 2;
}

export interface SuiteResult {
  name: string;
  /** Test file path. */
  file: string;
  cases: CaseResult[];
}

export type CaseStatus = "pass" | "fail" | "skip";

export interface CaseResult {
  name: string;
  status: CaseStatus;
  /** Where the case starts in the test file. */
  location: SourceLocation;
  /** Why it was skipped. */
  skipReason?: string;
  failures: ExpectationFailure[];
}

export interface ExpectationFailure {
  /** The account the expectation was checked on. */
  account: string;
  /** What was checked: `tier`, `segment`, `scores.fit`, `roles.C-1`, `icp`, `activations`. */
  what: string;
  /** Where the failing expectation is written. */
  location: SourceLocation;
  expected: string;
  actual: string;
  /** The engine's explanation of the account (which clauses matched, points per criterion). */
  explanation: string;
}

/** Clause-level fixture coverage. */
export interface CoverageReport {
  /** covered / total over every item below. */
  ratio: number;
  covered: number;
  total: number;
  /** The gate, when one applies (`quality.coverage.fixtures.min` or `--min-coverage`). */
  min?: number;
  /** With --changed-since: only items of definitions changed since this ref count for the gate. */
  changedSince?: string;
  /** The ratio the gate is applied to (equals `ratio` unless limited by changedSince). */
  gatedRatio?: number;
  passed: boolean;
  items: CoverageItem[];
}

export interface CoverageItem {
  /** The definition the clause belongs to: `icp`, `score fit`, `tier tier1`, `segment fintech`, `activation crm`, `role champion`. */
  owner: string;
  /** The clause as text, or `lands` for "some fixture landed in this tier/segment". */
  clause: string;
  kind: "clause" | "target";
  /** For clauses: seen true / seen false. For targets: `seenTrue` means some fixture landed there. */
  seenTrue: boolean;
  seenFalse: boolean;
  /** Part of the coverage gate (false only when --changed-since excludes it). */
  gated: boolean;
}

export type BarSeverity = "error" | "warn";

/** One quality bar's verdict on the project's data. */
export interface BarResult {
  /** The bar: `segment_size`, `segment_count`, `icp_coverage`, `tier_capacity`, `coverage.pipeline_share`, `separation.win_rate`, ... */
  bar: string;
  severity: BarSeverity;
  /** False also when the bar was skipped (see `skipped`): a skipped bar did not pass. */
  passed: boolean;
  /** Present when the bar was not evaluated: what was missing and why. Such a bar fails no run unless `--require-data`. */
  skipped?: BarSkip;
  /** One line: what was measured against what, with the figures. */
  message: string;
  /** Per-item figures (per segment, per pair), in a stable order. */
  details: BarDetail[];
  /** Where the bar is declared, when known. */
  location?: SourceLocation;
}

export interface BarSkip {
  /** `data`: no account data to measure on; `baseline`: stability needs a baseline snapshot. */
  missing: "data" | "baseline";
  reason: string;
}

export interface BarDetail {
  /** Segment id, tier id, or `a vs b` for pairs. */
  subject: string;
  passed: boolean;
  message: string;
  /** Raw figures (counts, shares, statistics, p-values), rounded to 6 decimals. */
  figures: Record<string, number>;
}
