/** The data of a deploy: desired records, last-applied state, actions and the deploy plan. */

export type FieldValue = string | number | boolean;

/** What one destination should hold for one account: the mapped values, and the account's place (for reasons). */
export interface DesiredRecord {
  key: string;
  /** Mapped values: every `set:` field of the account's activations bound to the destination, `audience`, `sequence`. */
  values: Record<string, FieldValue>;
  segment: string | null;
  tier: string | null;
  /** The values' content hash (`recordHash`) when already known (values shared by a group of accounts). */
  hash?: string | undefined;
}

/** What segform last successfully sent to a destination for one account. */
export interface StateRecord {
  key: string;
  /** Content hash of the values. */
  hash: string;
  values: Record<string, FieldValue>;
  segment: string | null;
  tier: string | null;
}

export type ActionKind = "create" | "update" | "remove";

/** One outbound operation. `remove` either deletes the record (`mirror`) or clears its mapped fields (`on_exit: clear`). */
export interface Action {
  action: ActionKind;
  key: string;
  /** Stable idempotency id: definitions hash + destination + key + action + content + state serial. */
  id: string;
  /** Content hash of the values sent (null for a remove). */
  hash: string | null;
  /** The values to send (empty for a remove). */
  values: Record<string, FieldValue>;
  /** What the destination held (update and remove). */
  previous?: Record<string, FieldValue>;
  /** Mapped fields that change (update). */
  changed?: string[];
  /** For a remove: delete the record, or clear its mapped fields. */
  effect?: "delete" | "clear";
  segment: string | null;
  tier: string | null;
  /** Why, in words: "entered segment fintech", "tier tier2 -> tier1". */
  reason: string;
  /** The record was rejected by an earlier apply and is retried first. */
  retry?: true;
}

export interface ActionCounts {
  create: number;
  update: number;
  remove: number;
  unchanged: number;
}

/** A mass-change limit: a count, or a share of the records in state. */
export interface Limit {
  /** As written: 50 or "10%". */
  written: number | string;
  /** The count it allows for this plan. */
  allowed: number;
}

export interface GuardResult {
  maxRemovals: Limit;
  maxChanges: Limit;
  /** What the plan exceeds, in words (empty: within the limits). */
  exceeded: string[];
}

/** Where the plan was computed from in the state: apply refuses a plan whose state moved on. */
export interface StatePoint {
  serial: number;
  /** Journal entries present when planning (a resumed apply may only add its own). */
  journal: number;
}

/** The actions for one destination. */
export interface DestinationPlan {
  name: string;
  type: string;
  /** The destination's settings as declared (secrets stay `${env:NAME}` references). */
  settings: Record<string, FieldValue>;
  mode: "upsert" | "mirror";
  onExit: "keep" | "clear";
  state: StatePoint;
  /** Records in state when planning. */
  stateRecords: number;
  counts: ActionCounts;
  guard: GuardResult;
  actions: Action[];
}

/** A destination the plan leaves out, and why. */
export interface SkippedDestination {
  name: string;
  type: string;
  reason: string;
  /** The warning's code when it is not SEG400 (no adapter): SEG420, declared but not set up for deploy. */
  code?: string;
}

export const DEPLOY_PLAN_FORMAT = "segform-deploy-plan";
/** 2: the JSONL plan file (header, one line per action, trailer); 1 was one JSON document. */
export const DEPLOY_PLAN_VERSION = 2;

/** The deploy plan: data, saved by `segform plan --out`, applied exactly by `segform apply PLANFILE`. */
export interface DeployPlan {
  format: typeof DEPLOY_PLAN_FORMAT;
  version: number;
  /** sha256 over the canonical JSON of every other key. */
  hash: string;
  /** The project's name (definitions `name:`), or null. */
  project: string | null;
  /** The definitions' plan hash. */
  definitions: string;
  /** sha256 of the account data. */
  data: string;
  asOf: string;
  /** The definitions' directory, relative to the working directory when planning (file paths start there). */
  root: string;
  destinations: DestinationPlan[];
  skipped: SkippedDestination[];
}

export type UnhashedDeployPlan = Omit<DeployPlan, "hash">;
