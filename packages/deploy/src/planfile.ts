import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { canonicalJson } from "@segform/plan";
import { DeployError } from "./errors.js";
import { flatCanonicalJson } from "./hash.js";
import {
  DEPLOY_PLAN_FORMAT,
  DEPLOY_PLAN_VERSION,
  type Action,
  type DeployPlan,
  type DestinationPlan,
  type UnhashedDeployPlan,
} from "./model.js";

/*
 * The plan file is JSONL:
 *   line 1      the header: the plan without its actions (format, version, hash, project, definitions, data, asOf,
 *               root, skipped, and per destination its settings, state point, counts and guard), canonical JSON;
 *   then        one line per action, destination after destination, in the plan's order (canonical JSON);
 *   last line   the trailer: {"actions":N,"end":"segform-deploy-plan","hash":"sha256:..."}.
 * The hash is sha256 of the canonical JSON of the whole plan without its hash (`canonicalPlanJson`); a reader
 * recomputes it from the header and the action lines as they stream by, so no step holds every action.
 */

export function withDeployHash(plan: UnhashedDeployPlan): DeployPlan {
  const hashing = createHash("sha256");
  for (const part of canonicalPlanParts(plan)) hashing.update(part);
  return { ...plan, hash: "sha256:" + hashing.digest("hex") };
}

/** The plan without its actions, as the header line holds it (destinations keep every other member). */
export type DeployPlanHeader = Omit<DeployPlan, "destinations"> & {
  destinations: Omit<DestinationPlan, "actions">[];
};

export function headerOf(plan: DeployPlan): DeployPlanHeader {
  return { ...plan, destinations: plan.destinations.map(({ actions: _actions, ...rest }) => rest) };
}

/** Actions a destination of the header has (each action is counted once as create, update or remove). */
export function actionCount(destination: Pick<DestinationPlan, "counts">): number {
  return destination.counts.create + destination.counts.update + destination.counts.remove;
}

const TRAILER_START = `{"actions":`;

export function trailerLine(actions: number, hash: string): string {
  return canonicalJson({ actions, end: DEPLOY_PLAN_FORMAT, hash }) + "\n";
}

/** Action lines are joined into chunks of about this many characters for writing. */
const CHUNK = 1 << 16;

/**
 * The plan file's bytes in parts (header line, chunks of action lines, trailer line): written one after the other,
 * a large plan is never joined into one string.
 */
export function* deployPlanFileParts(plan: DeployPlan): Generator<string> {
  yield canonicalJson(headerOf(plan)) + "\n";
  let chunk = "";
  let total = 0;
  for (const destination of plan.destinations) {
    for (const action of destination.actions) {
      chunk += actionJson(action) + "\n";
      total++;
      if (chunk.length >= CHUNK) yield chunk, (chunk = "");
    }
  }
  if (chunk) yield chunk;
  yield trailerLine(total, plan.hash);
}

/** The plan file (JSONL, canonical): the same inputs give the same bytes. */
export function serializeDeployPlan(plan: DeployPlan): string {
  return [...deployPlanFileParts(plan)].join("");
}

/**
 * `canonicalJson` of a plan without its hash, built without deep-copying the actions (the bulk of a plan): each
 * action's members are written in sorted order directly. The bytes are those `canonicalJson` gives.
 */
export function canonicalPlanJson(plan: UnhashedDeployPlan): string {
  return [...canonicalPlanParts(plan)].join("");
}

/**
 * The pieces of the canonical JSON around the actions: `prefix`, then per destination `open`, its actions joined
 * with ",", `close` (destinations joined with ","), then `suffix`.
 */
export function canonicalFrame(plan: Omit<UnhashedDeployPlan, "destinations"> & { destinations: unknown[] }): {
  prefix: string;
  suffix: string;
  destinations: { open: string; close: string }[];
} {
  const { hash: _ignored, ...rest } = plan as DeployPlan;
  const shell = canonicalJson({ ...rest, destinations: [] });
  const empty = `"destinations":[]`;
  const at = shell.indexOf(empty);
  const destinations = (plan.destinations as DestinationPlan[]).map((destination) => {
    const text = canonicalJson({ ...destination, actions: [] });
    const opening = `{"actions":[`;
    if (!text.startsWith(opening)) throw new Error("canonicalPlanJson: unexpected destination shape");
    return { open: opening, close: text.slice(opening.length) };
  });
  return {
    prefix: shell.slice(0, at) + `"destinations":[`,
    suffix: "]" + shell.slice(at + empty.length),
    destinations,
  };
}

function* canonicalPlanParts(plan: UnhashedDeployPlan): Generator<string> {
  const frame = canonicalFrame(plan);
  yield frame.prefix;
  for (let d = 0; d < plan.destinations.length; d++) {
    yield (d ? "," : "") + frame.destinations[d]!.open;
    const { actions } = plan.destinations[d]!;
    let chunk = "";
    for (let i = 0; i < actions.length; i++) {
      chunk += (i ? "," : "") + actionJson(actions[i]!);
      if (chunk.length >= CHUNK) yield chunk, (chunk = "");
    }
    yield chunk + frame.destinations[d]!.close;
  }
  yield frame.suffix;
}

/** One action's canonical JSON: members in sorted order, undefined ones left out. */
export function actionJson(action: Action): string {
  let out = `{"action":${JSON.stringify(action.action)}`;
  if (action.changed !== undefined) out += `,"changed":${JSON.stringify(action.changed)}`;
  if (action.effect !== undefined) out += `,"effect":${JSON.stringify(action.effect)}`;
  out += `,"hash":${JSON.stringify(action.hash)},"id":${JSON.stringify(action.id)},"key":${JSON.stringify(action.key)}`;
  if (action.previous !== undefined) out += `,"previous":${flatCanonicalJson(action.previous)}`;
  out += `,"reason":${JSON.stringify(action.reason)}`;
  if (action.retry !== undefined) out += `,"retry":${JSON.stringify(action.retry)}`;
  out += `,"segment":${JSON.stringify(action.segment)},"tier":${JSON.stringify(action.tier)},"values":${flatCanonicalJson(action.values)}}`;
  return out;
}

const REPLAN = "write a plan with segform plan --out FILE and apply that file unchanged";

/** The header line checked: a segform plan of this version (an older single-JSON plan file is refused, SEG422). */
function parseHeader(line: string | undefined, file: string): DeployPlanHeader {
  let data: unknown;
  try {
    data = JSON.parse(line ?? "");
  } catch {
    throw new DeployError("SEG401", `${file} is not a segform deploy plan (not JSON, or truncated)`, REPLAN);
  }
  const header = data as DeployPlanHeader;
  if (header === null || typeof header !== "object" || Array.isArray(header) || header.format !== DEPLOY_PLAN_FORMAT)
    throw new DeployError(
      "SEG401",
      `${file} is not a segform deploy plan`,
      "write a plan with segform plan --out FILE",
    );
  if (header.version === 1)
    throw new DeployError(
      "SEG422",
      `${file} is a single-JSON deploy plan written by an earlier segform; this segform reads JSONL plan files (version ${DEPLOY_PLAN_VERSION})`,
      "run segform plan --out FILE again and apply the new file",
    );
  if (header.version !== DEPLOY_PLAN_VERSION)
    throw new DeployError(
      "SEG402",
      `${file} is a deploy plan of version ${String(header.version)}; this segform reads version ${DEPLOY_PLAN_VERSION}`,
      "plan again with this version of segform",
    );
  const destinations = header.destinations;
  if (
    typeof header.hash !== "string" ||
    !Array.isArray(destinations) ||
    !Array.isArray(header.skipped) ||
    destinations.some(
      (d) =>
        d === null ||
        typeof d !== "object" ||
        typeof d.name !== "string" ||
        "actions" in d ||
        !Number.isSafeInteger(actionCount(d)) ||
        actionCount(d) < 0,
    )
  )
    throw new DeployError("SEG424", `${file} has a damaged header: it was edited after segform wrote it`, REPLAN);
  return header;
}

function truncated(file: string): DeployError {
  return new DeployError(
    "SEG423",
    `${file} is truncated: it ends before the trailer segform writes as its last line`,
    REPLAN,
  );
}

function edited(file: string, what: string): DeployError {
  return new DeployError("SEG424", `${file} was edited or damaged after segform wrote it (${what})`, REPLAN);
}

/**
 * Checks a plan file line by line: the header, every action line hashed in order into the plan hash (nothing is
 * kept), then the trailer. `push` each line (without its newline), then `end(endsWithNewline)`.
 */
class PlanVerifier {
  header: DeployPlanHeader | undefined;
  private hashing = createHash("sha256");
  private frame: ReturnType<typeof canonicalFrame> | undefined;
  /** Action lines seen. */
  private seen = 0;
  /** Where each destination's actions end (running totals). */
  private ends: number[] = [];
  private destination = -1;
  private trailer: { actions?: unknown; end?: unknown; hash?: unknown } | undefined;
  private after = false;

  constructor(private readonly file: string) {}

  push(line: string): void {
    if (!this.header) {
      this.header = parseHeader(line, this.file);
      this.frame = canonicalFrame(this.header);
      let total = 0;
      this.ends = this.header.destinations.map((d) => (total += actionCount(d)));
      this.hashing.update(this.frame.prefix);
      return;
    }
    if (this.trailer) {
      this.after = true;
      return;
    }
    if (line.startsWith(TRAILER_START)) {
      try {
        this.trailer = JSON.parse(line);
      } catch {
        this.trailer = {};
      }
      return;
    }
    // Open the destinations this line is past the end of (and those with no actions before it).
    while (
      this.destination + 1 < this.ends.length &&
      (this.destination < 0 || this.seen >= this.ends[this.destination]!)
    )
      this.open(this.destination + 1);
    const within = this.destination >= 0 ? this.seen - this.startOf(this.destination) : 0;
    this.hashing.update((within > 0 ? "," : "") + line);
    this.seen++;
  }

  private startOf(destination: number): number {
    return destination > 0 ? this.ends[destination - 1]! : 0;
  }

  private open(destination: number): void {
    if (this.destination >= 0) this.hashing.update(this.frame!.destinations[this.destination]!.close);
    this.destination = destination;
    this.hashing.update((destination ? "," : "") + this.frame!.destinations[destination]!.open);
  }

  end(endsWithNewline: boolean): DeployPlanHeader {
    // An empty file has no header line: refused as not JSON.
    const header = this.header ?? parseHeader(undefined, this.file);
    if (!this.trailer || !endsWithNewline) throw truncated(this.file);
    if (this.after) throw edited(this.file, "lines after the trailer");
    const { actions, end, hash } = this.trailer;
    if (end !== DEPLOY_PLAN_FORMAT || typeof actions !== "number") throw edited(this.file, "its trailer");
    if (hash !== header.hash) throw edited(this.file, "the trailer's hash is not the header's");
    const expected = this.ends.length ? this.ends[this.ends.length - 1]! : 0;
    if (actions !== this.seen || expected !== this.seen)
      throw edited(
        this.file,
        `${this.seen} action lines, the header counts ${expected} and the trailer ${String(actions)}`,
      );
    while (this.destination + 1 < this.ends.length) this.open(this.destination + 1);
    if (this.destination >= 0) this.hashing.update(this.frame!.destinations[this.destination]!.close);
    this.hashing.update(this.frame!.suffix);
    if ("sha256:" + this.hashing.digest("hex") !== header.hash) throw edited(this.file, "it does not match its hash");
    return header;
  }
}

function checkProject(header: DeployPlanHeader, file: string, expect?: { project: string | null }): void {
  if (expect && header.project !== expect.project)
    throw new DeployError(
      "SEG402",
      `${file} is a plan for project ${JSON.stringify(header.project)}, not ${JSON.stringify(expect.project)}`,
      "apply it in the project it was planned for",
    );
}

/**
 * Reads a whole plan file from a string (small plans, tests), refusing one that is not segform's, an older
 * single-JSON one, truncated, edited, from another version, or (when `project` is given) from another project.
 */
export function parseDeployPlan(text: string, file: string, expect?: { project: string | null }): DeployPlan {
  const verifier = new PlanVerifier(file);
  const lines = text.split("\n");
  const endsWithNewline = text.endsWith("\n");
  if (endsWithNewline) lines.pop();
  for (const line of lines) verifier.push(line);
  const header = verifier.end(endsWithNewline);
  checkProject(header, file, expect);
  let next = 1;
  return {
    ...header,
    destinations: header.destinations.map((destination) => {
      const actions = lines.slice(next, next + actionCount(destination)).map((line) => JSON.parse(line) as Action);
      next += actionCount(destination);
      return { ...destination, actions };
    }),
  };
}

/** Lines of a file, read a chunk (64 KiB) at a time as they are asked for; `bytesRead` is how far it got. */
export class LineReader {
  bytesRead = 0;
  endsWithNewline = false;
  constructor(private readonly path: string) {}

  async *lines(): AsyncGenerator<string> {
    const stream = createReadStream(this.path, { encoding: "utf8", highWaterMark: 1 << 16 });
    let rest = "";
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        this.bytesRead = stream.bytesRead;
        const text = rest + chunk;
        let start = 0;
        for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", start)) {
          yield text.slice(start, at);
          start = at + 1;
        }
        rest = text.slice(start);
      }
    } finally {
      stream.destroy();
    }
    this.endsWithNewline = rest === "";
    if (rest !== "") yield rest;
  }
}

/** A plan file checked end to end; its actions are read again, lazily, a batch at a time, when they are applied. */
export interface DeployPlanFile {
  /** The plan with every destination's `actions` empty: read them with `actions`. */
  plan: DeployPlan;
  /** One destination's actions, in plan order, `batchSize` at a time, read from the file as they are asked for. */
  actions(destination: number, batchSize?: number): AsyncGenerator<Action[]>;
}

export const PLAN_READ_BATCH = 1000;

/**
 * Opens a plan file for a streamed apply: reads it once through, checking the header, the hash over every action
 * line and the trailer (nothing is kept but the header), so a truncated or edited file is refused before anything
 * is sent.
 */
export async function openDeployPlanFile(path: string, expect?: { project: string | null }): Promise<DeployPlanFile> {
  const verifier = new PlanVerifier(path);
  const reader = new LineReader(path);
  for await (const line of reader.lines()) verifier.push(line);
  const header = verifier.end(reader.endsWithNewline);
  checkProject(header, path, expect);
  const plan: DeployPlan = { ...header, destinations: header.destinations.map((d) => ({ ...d, actions: [] })) };
  // Read again as it is applied: a file replaced or rewritten since this check is refused, not trusted.
  const checked = fileIdentity(path);
  return {
    plan,
    actions: (destination, batchSize) => {
      if (fileIdentity(path) !== checked) throw edited(path, "it changed after it was checked");
      return readActions(path, header, destination, batchSize);
    },
  };
}

function fileIdentity(path: string): string {
  const stat = statSync(path, { bigint: true });
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}

/** One destination's action lines of a checked plan file, parsed a batch at a time. */
export async function* readActions(
  path: string,
  header: DeployPlanHeader,
  destination: number,
  batchSize = PLAN_READ_BATCH,
  reader = new LineReader(path),
): AsyncGenerator<Action[]> {
  let first = 1;
  for (let d = 0; d < destination; d++) first += actionCount(header.destinations[d]!);
  const last = first + actionCount(header.destinations[destination]!);
  let index = 0;
  let batch: Action[] = [];
  for await (const line of reader.lines()) {
    if (index >= first && index < last) {
      batch.push(JSON.parse(line) as Action);
      if (batch.length >= batchSize) yield batch, (batch = []);
    }
    if (++index >= last) break;
  }
  if (index < last) throw truncated(path);
  if (batch.length) yield batch;
}
