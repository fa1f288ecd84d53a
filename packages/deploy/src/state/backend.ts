import type { JournalEntry, StateOverlay } from "../journal.js";
import type { StatePoint, StateRecord } from "../model.js";
import type { DestinationState } from "../planner.js";

/** Who holds the state lock. */
export interface LockInfo {
  id: string;
  owner: string;
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** A destination's state without its records: the snapshot's header and the journal entries written after it. */
export interface StateHead {
  point: StatePoint;
  /** The failed-record index, with the pending entries replayed. */
  failed: Map<string, string>;
  /** The deploy plan whose apply wrote the snapshot. */
  lastPlan: string | null;
  /** Journal entries after the snapshot (an apply that did not finish). */
  pending: JournalEntry[];
}

/** A destination's state as stored, whole: the last snapshot plus the journal entries written after it. */
export interface LoadedState extends StateHead, DestinationState {}

/**
 * Where deploy state lives: a local directory or a PostgreSQL database. The applier holds the lock for a whole
 * apply, appends one journal entry per batch (durable before `append` returns), and compacts at the end: a new
 * snapshot, serial + 1.
 */
export interface StateBackend {
  /** Where, for messages (never a password). */
  readonly location: string;
  /** Takes the exclusive lock, waiting up to `timeoutMs`; throws DeployError SEG404 naming the holder. */
  lock(info: LockInfo, timeoutMs: number): Promise<void>;
  unlock(id: string): Promise<void>;
  currentLock(): Promise<LockInfo | undefined>;
  /** Removes the lock with this id; returns what it was (undefined when there is no such lock). */
  forceUnlock(id: string): Promise<LockInfo | undefined>;
  /** The whole state in memory (state commands, drift, tests); planning and applying stream it instead. */
  load(destination: string): Promise<LoadedState>;
  /** The header, failed-record index and pending journal entries: no records. */
  head(destination: string): Promise<StateHead>;
  /**
   * Every record in key order (code point order), the stored snapshot with `overlay` laid over it (the pending
   * entries replayed, plus whatever an apply has acknowledged since), read as a stream.
   */
  scan(destination: string, overlay: StateOverlay): AsyncIterable<StateRecord>;
  /** Writes the next snapshot (serial + 1): the stored one with `overlay` laid over it, merged as a stream. */
  commit(destination: string, overlay: StateOverlay, failed: Map<string, string>, plan: string): Promise<void>;
  /** The destinations with stored state. */
  list(): Promise<string[]>;
  append(destination: string, entry: JournalEntry): Promise<void>;
  /** Replaces the state whole (serial + 1): `apply --refresh-only`. */
  compact(
    destination: string,
    state: { records: Map<string, StateRecord>; failed: Map<string, string> },
    plan: string,
  ): Promise<void>;
  close(): Promise<void>;
}
