import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { DataError, openSource, writeFileAtomic } from "@segform/data";
import type { DesiredRecords, LabelledAccount } from "@segform/deploy";
import type { ResolvedSpec } from "@segform/compiler";
import { canonicalJson, type Plan } from "@segform/plan";
import { MembershipRowError, membershipColumns, membershipRowParser, type MembershipRow } from "@segform/engine";
import { LocatedError } from "./errors.js";
import { envelope } from "./envelope.js";
import { io } from "./io.js";
import { VERSION } from "./version.js";

/**
 * `segform plan --membership FILE`: desired records from a membership `segform run --out FILE` wrote (CSV, JSONL
 * or JSON: key, icp, scores, tier, segment, activations), instead of reading and labelling the account data
 * again. A membership holds no account field values, so a `set:` template with `{{ account.FIELD }}` is refused
 * (SEG413, at the template); a `--snapshot` file holds no activations and is refused (SEG414); a row that is not
 * a membership of these definitions (a column missing, a segment, tier, activation or score they do not declare)
 * is refused at its line (SEG415).
 */

const HINT = "write the membership with these definitions: segform run --out FILE.csv (or .jsonl, .json)";

/** Refuses `set:` templates that need account field values (a membership has none). */
export function checkMembershipTemplates(
  definitions: Plan,
  resolved: ResolvedSpec,
  destinations: readonly string[],
): void {
  const selected = new Set(destinations);
  for (const activation of [...definitions.activations].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    if (!selected.has(activation.destination)) continue;
    for (const field of Object.keys(activation.set).sort()) {
      const value = activation.set[field];
      if (typeof value !== "string") continue;
      const placeholder = /\{\{\s*(account\.[^{}]*?)\s*\}\}/.exec(value);
      if (!placeholder) continue;
      const entry = resolved.activations.get(activation.name);
      const message = `activation ${activation.name}: set.${field} "${value}" needs {{ ${placeholder[1]} }}, a field value a membership file does not hold`;
      const hint = `plan from the account data instead (segform plan --data FILE, without --membership), or set ${field} from {{ segment.id }}, {{ tier.id }} or {{ score.NAME }}`;
      const location = entry?.at.doc.locate([...entry.at.path, "set", field], "value");
      if (!entry || !location) throw new DataError("SEG413", message, "(definitions)", undefined, hint);
      throw new LocatedError({ code: "SEG413", severity: "error", message, hint, location }, entry.at.doc.text);
    }
  }
}

/** The sidecar `segform run --out FILE` writes beside FILE: `FILE.meta.json`. */
export const MEMBERSHIP_META_FORMAT = "segform-membership-meta";
export const MEMBERSHIP_META_VERSION = 1;

export interface MembershipMeta {
  format: typeof MEMBERSHIP_META_FORMAT;
  version: number;
  /** The definitions' plan hash. */
  definitions: string;
  /** sha256 of the membership file's bytes ("sha256:..."): the plan's data fingerprint. */
  membership: string;
  /** Accounts (rows) written. */
  rows: number;
  asOf: string;
  /** The segform version that wrote it. */
  segform: string;
}

export const metaPath = (path: string) => `${path}.meta.json`;

/**
 * After `run --out FILE` committed FILE: writes `FILE.meta.json` (atomically, canonical JSON) with the definitions'
 * plan hash, the file's hash and its row count, so `plan --membership FILE` can tell whether these definitions wrote
 * it. Nothing is written for an output that is not a regular file (`/dev/stdout`, a pipe). Written after the
 * membership: a crash between the two leaves a sidecar that does not match the file, which plan refuses (SEG418).
 */
export async function writeMembershipMeta(path: string, definitions: Plan, rows: number, asOf: string): Promise<void> {
  if (!statSync(path).isFile()) return;
  const meta: MembershipMeta = {
    format: MEMBERSHIP_META_FORMAT,
    version: MEMBERSHIP_META_VERSION,
    definitions: definitions.hash,
    membership: await fileHash(path),
    rows,
    asOf,
    segform: VERSION,
  };
  writeFileAtomic(metaPath(path), canonicalJson(meta) + "\n");
}

/**
 * Checks a membership against its sidecar: written by these definitions (else SEG417) and still the file `run`
 * wrote (else SEG418). `allowMismatch` (`--allow-membership-mismatch`) turns both into warnings. Without a sidecar
 * (a membership written by hand, or by a segform before sidecars) the check cannot be made: warning SEG419.
 * Returns the file's hash.
 */
async function checkMembershipMeta(path: string, definitions: Plan, allowMismatch: boolean): Promise<string> {
  const hash = await fileHash(path);
  const sidecar = metaPath(path);
  const warn = (code: string, message: string, hint: string) => {
    envelope()?.push({ code, severity: "warning", message, file: path, line: null, column: null, hint });
    io().stderr.write(`${path}: warning ${code}: ${message}\n  hint: ${hint}\n`);
  };
  const refuse = (code: string, message: string, hint: string) => {
    if (!allowMismatch) throw new DataError(code, message, path, undefined, hint);
    warn(code, `${message} (planned anyway: --allow-membership-mismatch)`, hint);
  };
  if (!existsSync(sidecar)) {
    warn(
      "SEG419",
      `no ${sidecar} beside the membership: cannot check that these definitions wrote it`,
      "write the membership with segform run --out FILE (it writes FILE.meta.json beside it)",
    );
    return hash;
  }
  let meta: Partial<MembershipMeta>;
  try {
    meta = JSON.parse(readFileSync(sidecar, "utf8")) as Partial<MembershipMeta>;
  } catch {
    meta = {};
  }
  if (meta === null || typeof meta !== "object" || meta.format !== MEMBERSHIP_META_FORMAT) {
    refuse(
      "SEG418",
      `${sidecar} is not a segform membership sidecar`,
      "write the membership again with segform run --out FILE, or remove the stray file",
    );
    return hash;
  }
  if (meta.definitions !== definitions.hash) {
    refuse(
      "SEG417",
      `the membership was written by other definitions (plan hash ${short(meta.definitions)}, these are ${short(definitions.hash)})`,
      "write it again with these definitions (segform run --out FILE), or pass --allow-membership-mismatch to plan from it anyway",
    );
    return hash;
  }
  if (meta.membership !== hash) {
    refuse(
      "SEG418",
      `the membership changed since segform run wrote it (${sidecar} records ${meta.rows ?? "?"} rows with hash ${short(meta.membership)}, the file's is ${short(hash)})`,
      "write it again with segform run --out FILE, or pass --allow-membership-mismatch to plan from it anyway",
    );
  }
  return hash;
}

function short(hash: unknown): string {
  return typeof hash === "string" ? hash.replace(/^sha256:/, "").slice(0, 12) : "none";
}

/**
 * Adds every account of a membership file to `desired`, after checking its sidecar (`checkMembershipMeta`); returns
 * the file's hash (the plan's data fingerprint).
 */
export async function readMembership(
  path: string,
  definitions: Plan,
  desired: Pick<DesiredRecords, "add"> & { flush?(): Promise<void> },
  allowMismatch = false,
): Promise<string> {
  if (!existsSync(path) || !statSync(path).isFile())
    throw new DataError("SEG416", `cannot read membership file ${path}`, path, undefined, HINT);
  const first = await firstLine(path);
  if (first.startsWith('{"segform":"snapshot"')) {
    throw new DataError(
      "SEG414",
      "a membership snapshot (segform run --snapshot) holds key, tier and segment only: no activations or scores to deploy",
      path,
      1,
      HINT,
    );
  }
  const hash = await checkMembershipMeta(path, definitions, allowMismatch);
  let source;
  try {
    source = await openSource(path);
  } catch (error) {
    if (error instanceof DataError) throw new DataError("SEG415", error.message, path, error.line, HINT);
    throw error;
  }
  const segments = new Set([...definitions.segments.map((segment) => segment.id), definitions.fallback.id]);
  const tiers = new Set(definitions.tiers.map((tier) => tier.id));
  const activationNames = new Set(definitions.activations.map((activation) => activation.name));
  /** Activation lists already checked (the parser shares equal lists: a membership has a handful). */
  const checkedLists = new Set<string[]>();
  const prepared = { values: [] } as unknown as LabelledAccount["prepared"];
  let line = 0;
  const bad = (what: string) =>
    new DataError("SEG415", `not a membership of these definitions: ${what}`, path, line, HINT);
  const label = (value: string | null, known: Set<string>, what: string): string | null => {
    if (value !== null && !known.has(value)) throw bad(`${what} ${JSON.stringify(value)} is not declared`);
    return value;
  };
  if (source.header) {
    const required = membershipColumns(definitions);
    const missing = required.filter((name) => !source.header!.includes(name));
    line = 1;
    if (missing.length)
      throw bad(
        `column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing (a membership has the columns ${required.join(", ")})`,
      );
  }
  const parse = membershipRowParser(definitions, source.header);
  try {
    for await (const batch of source.batches) {
      for (const record of batch) {
        line = record.line;
        let row: MembershipRow;
        try {
          row = parse(record);
        } catch (error) {
          if (error instanceof MembershipRowError) throw bad(error.message);
          throw error;
        }
        const tier = label(row.tier, tiers, "tier");
        const segment = label(row.segment, segments, "segment");
        if (!checkedLists.has(row.activations)) {
          for (const name of row.activations)
            if (!activationNames.has(name)) throw bad(`activation ${JSON.stringify(name)} is not declared`);
          checkedLists.add(row.activations);
        }
        desired.add({
          result: { key: row.key, tier, segment, scores: row.scores, activations: row.activations },
          prepared,
        });
      }
      await desired.flush?.();
    }
  } catch (error) {
    if (error instanceof DataError && error.code !== "SEG415")
      throw new DataError("SEG415", error.message, path, error.line ?? line, HINT);
    throw error;
  } finally {
    await source.close();
  }
  return hash;
}

async function firstLine(path: string): Promise<string> {
  let text = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", end: 4095 })) text += chunk as string;
  return text.split("\n", 1)[0] ?? "";
}

export async function fileHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return "sha256:" + hash.digest("hex");
}
