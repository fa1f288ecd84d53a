import { createReadStream, existsSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import type { AccountResult } from "@segform/engine";
import { CliError, EXIT } from "./errors.js";

/**
 * A membership snapshot (`segform run --snapshot FILE`), the baseline for stability bars (`segform test
 * --baseline FILE`): JSON lines, a header object then one `[key, tier, segment]` array per account, in input
 * order. Small, streamable and diffable.
 */
const SNAPSHOT_VERSION = 1;

export function snapshotHeader(planHash: string, asOf: string, key: string): string {
  return JSON.stringify({ segform: "snapshot", version: SNAPSHOT_VERSION, plan: planHash, asOf, key }) + "\n";
}

export function snapshotLine(result: AccountResult): string {
  return JSON.stringify([result.key === null ? null : String(result.key), result.tier, result.segment]) + "\n";
}

export type Membership = Map<string, { tier: string | null; segment: string | null }>;

/** Refuses a baseline that is missing or not a regular file (a FIFO or device would block or never end). */
export function checkSnapshotPath(path: string): void {
  if (!existsSync(path))
    throw new CliError(EXIT.input, `cannot read baseline ${path}`, "write one with: segform run --snapshot FILE");
  if (!statSync(path).isFile())
    throw new CliError(
      EXIT.input,
      `baseline ${path} is not a regular file`,
      "write one with: segform run --snapshot FILE",
    );
}

export async function loadSnapshot(path: string): Promise<Membership> {
  checkSnapshotPath(path);
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  const membership: Membership = new Map();
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new CliError(
        EXIT.input,
        `${path}:${lineNumber}: not a segform snapshot line`,
        "write baselines with: segform run --snapshot FILE",
      );
    }
    if (lineNumber === 1) {
      const header = value as { segform?: string; version?: number };
      if (header?.segform !== "snapshot" || header.version !== SNAPSHOT_VERSION) {
        throw new CliError(
          EXIT.input,
          `${path} is not a segform snapshot (version ${SNAPSHOT_VERSION})`,
          "write baselines with: segform run --snapshot FILE",
        );
      }
      continue;
    }
    if (!Array.isArray(value) || value.length !== 3)
      throw new CliError(EXIT.input, `${path}:${lineNumber}: expected [key, tier, segment]`);
    const [key, tier, segment] = value as [string | null, string | null, string | null];
    if (key !== null) membership.set(key, { tier, segment });
  }
  return membership;
}
