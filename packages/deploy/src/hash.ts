import { createHash } from "node:crypto";
import { canonicalJson } from "@segform/plan";
import type { FieldValue } from "./model.js";

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A record's content hash: what decides create / update / no-op. */
export function recordHash(values: Record<string, FieldValue>): string {
  return sha256(canonicalJson(values)).slice(0, 16);
}

/**
 * The idempotency id of one outbound operation. Stable across retries, resumed applies and re-plans against the
 * same state serial; a new serial (a finished apply) gives new ids, so an account that leaves and comes back is
 * sent again.
 */
export function idempotencyId(definitions: string, destination: string, key: string, action: string, hash: string | null, serial: number): string {
  return sha256([definitions, destination, key, action, hash ?? "", String(serial)].join("\u0000")).slice(0, 32);
}
