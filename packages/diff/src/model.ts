import type { BarResult } from "@segform/testing";

/**
 * What a change does: the semantic diff of two plans and, on data, of the membership they produce.
 * Plain data with a deterministic order everywhere; rendered by src/render/* (pretty, markdown, json).
 */
export interface DiffReport {
  /** Git ref of the base, e.g. origin/main. */
  base: string;
  /** Definitions file. */
  project: string;
  baseHash: string;
  headHash: string;
  /** The base commit has no definitions file (a project's first change): the base is taken as empty. */
  baseAbsent?: boolean;
  /** True when the compiled plans are identical (comments, formatting, key order, moves between files). */
  unchanged: boolean;
  definitions: DefinitionChange[];
  membership?: MembershipDiff;
  /** Why membership was not computed (absent when it was): e.g. the project's data is not in the checkout. */
  membershipNotComputed?: string;
  activations?: ActivationImpact[];
  /** Quality bars on the data before and after (absent when the project declares none). */
  quality?: { before: BarResult[]; after: BarResult[] };
}

export type ChangeKind = "added" | "removed" | "changed" | "moved" | "renamed";

/** One semantic change between the plans. */
export interface DefinitionChange {
  /** What changed: `tier`, `segment`, `fallback`, `score`, `criterion`, `icp`, `field`, `activation`, `destination`, `role`, `key`, `quality`. */
  subject: string;
  /** The id or name (for renames: the new id). */
  id: string;
  kind: ChangeKind;
  /** One line a reviewer reads, e.g. `tier tier1: capacity 25 -> 40`, `segment fintech moved from position 2 to 4`. */
  summary: string;
  /** Finer changes: `when: fit >= 70 -> fit >= 75`, `+ clause region in ["NA"]`, `points 30 -> 40`. */
  details: string[];
}

/** Membership before and after, over the same accounts. */
export interface MembershipDiff {
  /** Data file the membership was computed on. */
  data: string;
  accounts: number;
  /** Accounts whose tier or segment changed. */
  changed: number;
  /** Per segment (base and head ids, the fallback included, plus `(outside ICP)`), sorted by id in plan order. */
  segments: GroupChange[];
  tiers: GroupChange[];
  /**
   * Per audience (head ids in plan order, then those only the base has): accounts in it before and after, entering
   * and leaving. Audiences overlap, so an account can enter one and leave another. Absent when neither plan has any.
   */
  audiences?: GroupChange[];
  /** Non-empty transitions `from -> to` (segment then tier), largest first, ties by from/to. */
  transitions: Transition[];
}

export interface GroupChange {
  id: string;
  before: number;
  after: number;
  entered: number;
  left: number;
}

export interface Transition {
  /** `segment` or `tier`. */
  dimension: "segment" | "tier";
  from: string;
  to: string;
  count: number;
  /** A few example accounts (smallest keys first), each with why it moved. */
  examples: TransitionExample[];
}

export interface TransitionExample {
  account: string;
  /** The clause or threshold that flipped, from the engine's explanations, e.g. `intent >= 60 was true, now false (intent 55)`. */
  reason: string;
}

/** Per activation and destination: how many accounts would be added, updated and removed. */
export interface ActivationImpact {
  activation: string;
  destination: string;
  added: number;
  /** Accounts that keep the activation but whose pushed values change (e.g. a new segment id in a CRM field). */
  updated: number;
  removed: number;
  unchanged: number;
}

/** The ids used for accounts outside the ICP and without a tier. */
export const OUTSIDE_ICP = "(outside ICP)";
export const NO_TIER = "(no tier)";
