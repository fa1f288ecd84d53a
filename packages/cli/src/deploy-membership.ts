import { createHash } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { DataError, openSource } from "@segform/data";
import type { DesiredRecords, LabelledAccount } from "@segform/deploy";
import type { ResolvedSpec } from "@segform/compiler";
import type { Plan } from "@segform/plan";
import { MembershipRowError, membershipColumns, membershipRowParser, type MembershipRow } from "@segform/engine";
import { LocatedError } from "./errors.js";

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

/** Adds every account of a membership file to `desired`; returns the file's hash (the plan's data fingerprint). */
export async function readMembership(path: string, definitions: Plan, desired: DesiredRecords): Promise<string> {
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
    }
  } catch (error) {
    if (error instanceof DataError && error.code !== "SEG415")
      throw new DataError("SEG415", error.message, path, error.line ?? line, HINT);
    throw error;
  } finally {
    await source.close();
  }
  return fileHash(path);
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
