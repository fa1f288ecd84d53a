import { compareCodePoints } from "@segform/engine";
import { recordHash } from "./hash.js";
import type { FieldValue, StateRecord } from "./model.js";

/** One record the destination holds differently from what segform last sent. */
export interface DriftedRecord {
  key: string;
  kind: "edited" | "removed" | "added";
  /** Edited: the fields that differ, with segform's value and the destination's. */
  fields?: { field: string; sent: FieldValue | null; found: FieldValue | null }[];
}

export interface DriftReport {
  destination: string;
  checked: number;
  drifted: DriftedRecord[];
  /** What the destination told about itself that is not per record (e.g. a LinkedIn segment's counts). */
  notes?: string[];
}

/**
 * Drift (pure): the destination's records read back, against the state. Values compare as text (files and
 * tables hold text); a record edited, removed or added by hand since the last apply is reported.
 */
export function detectDrift(
  destination: string,
  state: Map<string, StateRecord>,
  found: Map<string, Record<string, FieldValue>>,
  notes: string[] = [],
): DriftReport {
  const drifted: DriftedRecord[] = [];
  for (const record of state.values()) {
    const there = found.get(record.key);
    if (!there) {
      drifted.push({ key: record.key, kind: "removed" });
      continue;
    }
    const names = [...new Set([...Object.keys(record.values), ...Object.keys(there)])].sort(compareCodePoints);
    const fields = names
      .filter((field) => text(record.values[field]) !== text(there[field]))
      .map((field) => ({ field, sent: record.values[field] ?? null, found: there[field] ?? null }));
    if (fields.length) drifted.push({ key: record.key, kind: "edited", fields });
  }
  for (const key of found.keys()) if (!state.has(key)) drifted.push({ key, kind: "added" });
  drifted.sort((a, b) => compareCodePoints(a.key, b.key));
  return { destination, checked: state.size, drifted, ...(notes.length ? { notes } : {}) };
}

/**
 * The state after accepting what the destination holds (`apply --refresh-only`): its records as found, keeping
 * segform's typed value where the text is the same, so an unedited record keeps its hash.
 */
export function acceptDrift(
  state: Map<string, StateRecord>,
  found: Map<string, Record<string, FieldValue>>,
): Map<string, StateRecord> {
  const accepted = new Map<string, StateRecord>();
  for (const [key, there] of found) {
    const held = state.get(key);
    const values: Record<string, FieldValue> = {};
    for (const field of Object.keys(there).sort(compareCodePoints)) {
      const sent = held?.values[field];
      values[field] = sent !== undefined && text(sent) === text(there[field]) ? sent : there[field]!;
    }
    // An empty value segform sent reads back as no value at all: keep it.
    for (const [field, sent] of Object.entries(held?.values ?? {}))
      if (!(field in values) && text(sent) === "") values[field] = sent;
    accepted.set(key, {
      key,
      hash: recordHash(values),
      values,
      segment: held?.segment ?? null,
      tier: held?.tier ?? null,
    });
  }
  return accepted;
}

function text(value: FieldValue | undefined | null): string {
  return value === undefined || value === null ? "" : String(value);
}
