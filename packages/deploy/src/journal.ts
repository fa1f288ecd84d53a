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
        const record: StateRecord = { key: result.key, hash: result.hash!, values: result.values ?? {}, segment: result.segment ?? null, tier: result.tier ?? null };
        state.records.set(result.key, record);
      }
    } else if (result.status === "rejected") state.failed.set(result.key, result.reason ?? "rejected");
  }
}
