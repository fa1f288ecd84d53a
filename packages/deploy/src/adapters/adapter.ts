import type { ActionKind, FieldValue, StateRecord } from "../model.js";

/**
 * The interface every destination type implements (one file each under adapters/). Adapters know nothing of
 * state or journals: they send a batch and answer per record; the applier journals, retries and advances state.
 */

/** One outbound operation, as the adapter sends it. */
export interface Operation {
  /** Stable idempotency id: the same across retries and resumed applies. */
  id: string;
  key: string;
  action: ActionKind;
  /** For a remove: delete the record, or clear its mapped fields. */
  effect?: "delete" | "clear";
  values: Record<string, FieldValue>;
  previous?: Record<string, FieldValue>;
}

export type OperationResult = { status: "ok" } | { status: "rejected"; reason: string };

/**
 * What `send` answers for an operation whose remaining work (a list membership) the adapter sends together with
 * later batches' (`flush`): not acknowledged yet, so nothing about it is journaled and state does not advance.
 */
export type PendingResult = { status: "pending" };

export interface AdapterCapabilities {
  /** Records per request or transaction. */
  batchSize: number;
  /** Can read back what the destination holds (drift, `--refresh-only`). */
  canRead: boolean;
  /**
   * Asynchronous jobs (a bulk load): with more than `threshold` actions to send, the applier sends them in jobs
   * of up to `size` records (startJob, uploadJob, pollJob every `pollMs`) instead of batches. With `removals:
   * false`, removals always go in batches.
   */
  jobs?: { threshold: number; size: number; pollMs: number; removals?: boolean };
}

/** A job's state as polled: still open for upload (never closed), running, or done with per-record results. */
export type JobStatus =
  | { state: "open" }
  | { state: "running" }
  | { state: "done"; results: (OperationResult | PendingResult | { status: "deferred"; reason: string })[] };

export interface SendContext {
  attempt: number;
  /** Per request. */
  timeoutMs: number;
}

/** What an adapter is opened with. */
export interface AdapterContext {
  destination: string;
  /** The destination's settings as declared (`${env:NAME}` references unresolved). */
  settings: Record<string, FieldValue>;
  env: NodeJS.ProcessEnv;
  /** The definitions' directory: relative paths in settings are relative to it. */
  root: string;
  /** The state serial this apply will produce (names per-apply files). */
  serial: number;
  /** The deploy plan's hash (written beside records where the destination has room for it). */
  plan: string;
}

export interface Adapter {
  readonly capabilities: AdapterCapabilities;
  /**
   * Sends one batch; one result per operation, in order ("pending" only from an adapter with `flush`). Throws
   * TransientError, BatchRejectedError, DestinationGoneError or AuthenticationError.
   */
  send(batch: Operation[], context: SendContext): Promise<(OperationResult | PendingResult)[]>;
  /**
   * Requests aggregated across batches (list memberships, audience elements, campaign members), up to the
   * endpoint's maximum per request: sends the next request due for the operations `send` answered "pending"
   * (`pending`: those not settled yet): a full one, or with `final` whatever is left. At most one such request a
   * call (plus the lookups it needs), so the applier journals after each. Returns the operations it settled, by
   * id (ok once every request carrying their work was acknowledged; rejected when one refused it), and `idle`
   * when nothing was due. Safe to call again after a TransientError: the same request goes again.
   */
  flush?(
    pending: ReadonlyMap<string, Operation>,
    final: boolean,
    context: SendContext,
  ): Promise<{ settled: Map<string, OperationResult>; idle: boolean }>;
  /** Starts a job for these operations; returns its id (journaled before anything is uploaded). */
  startJob?(batch: Operation[], context: SendContext): Promise<string>;
  /** Uploads the operations and closes the job for processing. */
  uploadJob?(id: string, batch: Operation[], context: SendContext): Promise<void>;
  /** The job's state; when done, one result per operation, in order. */
  pollJob?(id: string, batch: Operation[], context: SendContext): Promise<JobStatus>;
  abortJob?(id: string, context: SendContext): Promise<void>;
  /**
   * After the last batch: what segform now holds there, in key order, streamed (the file destination writes its
   * snapshot). `records()` can be called more than once; each call reads the records again.
   */
  finish?(records: () => AsyncIterable<StateRecord>): Promise<void>;
  /**
   * Reads back what the destination holds, for drift. `held` is what the state says segform holds there: an
   * adapter that cannot list the whole destination (a CRM) reads back those records, fields and lists.
   */
  read?(held?: ReadonlyMap<string, StateRecord>): Promise<Map<string, Record<string, FieldValue>>>;
  /**
   * What the last `read` learnt that is not about one record (a LinkedIn segment's status and counts, where the
   * vendor does not list members), in words, for the drift report.
   */
  notes?(): string[];
  close(): Promise<void>;
}

/** A destination type: a static check of its settings (at plan time, no I/O) and how to open it. */
export interface AdapterType {
  /** Problems with the settings, in words (empty: fine). */
  check(settings: Record<string, FieldValue>): string[];
  /**
   * What a declared destination lacks to be deployed at all (the SaaS types' deploy keys: a CRM declared only for
   * documentation has none), or undefined. Such a destination is skipped with SEG420; named with --destination,
   * it is an error.
   */
  unconfigured?(settings: Record<string, FieldValue>): string | undefined;
  open(context: AdapterContext): Promise<Adapter>;
  /** A short description of where records go, for plan views (never a secret). */
  describe(settings: Record<string, FieldValue>): string;
  defaultBatchSize: number;
}

/** A failure worth retrying: timeout, connection reset, 429, 5xx. */
export class TransientError extends Error {
  constructor(
    message: string,
    /** The destination asked to wait this long (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The destination refused the batch as a whole (a 4xx): the applier splits it to find the bad records. */
export class BatchRejectedError extends Error {}

/** The destination is gone (HTTP 410): the applier stops sending to it. */
export class DestinationGoneError extends Error {}

/** The token was refused (HTTP 401, e.g. expired): nothing more is sent to the destination in this apply. */
export class AuthenticationError extends DestinationGoneError {}

export function batchSize(settings: Record<string, FieldValue>, fallback: number): number {
  const size = settings.batch_size;
  return typeof size === "number" && size >= 1 ? Math.floor(size) : fallback;
}
