import type { ActionKind, FieldValue, StateRecord } from "./model.js";
import type { DestinationState } from "./planner.js";

/** The destination's answer for one record of a batch. */
export interface JournalResult {
  id: string;
  key: string;
  action: ActionKind;
  /** ok: acknowledged; rejected: refused for good (kept in the failed-record index); deferred: not sent or not answered. */
  status: "ok" | "rejected" | "deferred";
  reason?: string;
  /** For an acknowledged create or update: what the destination now holds (state is rebuilt from this). */
  hash?: string;
  values?: Record<string, FieldValue>;
  segment?: string | null;
  tier?: string | null;
}

/** One line of the append-only journal: one batch, with the destination's answer per record. */
export interface JournalEntry {
  run: string;
  /** The deploy plan's hash. */
  plan: string;
  destination: string;
  batch: number;
  attempts: number;
  ms: number;
  results: JournalResult[];
  /** A batch-level failure (e.g. the destination is gone), when there was one. */
  error?: string;
  /**
   * An asynchronous job at the destination (a bulk load): written with `ops` (the idempotency ids it carries)
   * as soon as the destination gives its id, before any data is uploaded, and again with `done` when its results
   * are in. A resumed apply polls a job that is not done instead of starting another.
   */
  job?: { id: string; ops?: string[]; done?: boolean; aborted?: boolean };
}

/** Advances a destination's state by one journal entry: only acknowledged records change what segform holds. */
export function replay(state: Pick<DestinationState, "records" | "failed">, entry: JournalEntry): void {
  for (const result of entry.results) {
    if (result.status === "ok") {
      state.failed.delete(result.key);
      if (result.action === "remove") state.records.delete(result.key);
      else {
        const record: StateRecord = {
          key: result.key,
          hash: result.hash!,
          values: result.values ?? {},
          segment: result.segment ?? null,
          tier: result.tier ?? null,
        };
        state.records.set(result.key, record);
      }
    } else if (result.status === "rejected") state.failed.set(result.key, result.reason ?? "rejected");
  }
}

/** Changes laid over a state snapshot by journal entries not yet compacted: a record, or null for one removed. */
export type StateOverlay = Map<string, StateRecord | null>;

/** `replay`, into an overlay: what a streamed state needs (the snapshot itself is never held). */
export function replayOver(overlay: StateOverlay, failed: Map<string, string>, entry: JournalEntry): void {
  for (const result of entry.results) {
    if (result.status === "ok") {
      failed.delete(result.key);
      if (result.action === "remove") overlay.set(result.key, null);
      else
        overlay.set(result.key, {
          key: result.key,
          hash: result.hash!,
          values: result.values ?? {},
          segment: result.segment ?? null,
          tier: result.tier ?? null,
        });
    } else if (result.status === "rejected") failed.set(result.key, result.reason ?? "rejected");
  }
}

/** `replay` for the failed-record index alone (a state's head). */
export function replayFailed(failed: Map<string, string>, entry: JournalEntry): void {
  for (const result of entry.results) {
    if (result.status === "ok") failed.delete(result.key);
    else if (result.status === "rejected") failed.set(result.key, result.reason ?? "rejected");
  }
}

/** The records journal entries changed (null: removed), in the order they were written. */
export function overlayOf(entries: readonly JournalEntry[]): StateOverlay {
  const overlay: StateOverlay = new Map();
  const failed = new Map<string, string>();
  for (const entry of entries) replayOver(overlay, failed, entry);
  return overlay;
}
