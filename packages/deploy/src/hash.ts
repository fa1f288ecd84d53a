import * as crypto from "node:crypto";
import type { FieldValue } from "./model.js";

/** One-shot hashing (Node >= 20.12) where it exists: a third of createHash's cost for short strings. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

export function sha256(text: string): string {
  return oneShot ? oneShot("sha256", text, "hex") : crypto.createHash("sha256").update(text).digest("hex");
}

/**
 * Canonical JSON of a flat record of values (keys sorted, no nesting): the same bytes `canonicalJson` gives, without
 * its deep copy. The hot path of planning (one call per account and destination).
 */
export function flatCanonicalJson(values: Record<string, FieldValue>): string {
  const keys = Object.keys(values).sort();
  let out = "{";
  for (const key of keys) {
    const value = values[key];
    if (value === undefined) continue;
    if (typeof value === "number" && !Number.isFinite(value))
      throw new Error(`canonicalJson: non-finite number ${value}`);
    out += (out.length > 1 ? "," : "") + JSON.stringify(key) + ":" + JSON.stringify(value);
  }
  return out + "}";
}

/** A record's content hash: what decides create / update / no-op. */
export function recordHash(values: Record<string, FieldValue>): string {
  return sha256(flatCanonicalJson(values)).slice(0, 16);
}

/**
 * The idempotency id of one outbound operation. Stable across retries, resumed applies and re-plans against the
 * same state serial; a new serial (a finished apply) gives new ids, so an account that leaves and comes back is
 * sent again.
 */
export function idempotencyId(
  definitions: string,
  destination: string,
  key: string,
  action: string,
  hash: string | null,
  serial: number,
): string {
  return sha256([definitions, destination, key, action, hash ?? "", String(serial)].join("\u0000")).slice(0, 32);
}
