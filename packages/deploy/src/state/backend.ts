import type { JournalEntry } from "../journal.js";
import type { StateRecord } from "../model.js";
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

/** A destination's state as stored: the last snapshot plus the journal entries written after it. */
export interface LoadedState extends DestinationState {
  /** The deploy plan whose apply wrote the snapshot. */
  lastPlan: string | null;
  /** Journal entries after the snapshot (an apply that did not finish), already replayed into `records`. */
  pending: JournalEntry[];
}

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
  load(destination: string): Promise<LoadedState>;
  /** The destinations with stored state. */
  list(): Promise<string[]>;
  append(destination: string, entry: JournalEntry): Promise<void>;
  compact(destination: string, state: { records: Map<string, StateRecord>; failed: Map<string, string> }, plan: string): Promise<void>;
  close(): Promise<void>;
}
