import { createReadStream, existsSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import {
  DataError,
  detectFormat,
  evaluateContacts,
  evaluateFile,
  openSource,
  type EvaluatedAccount,
  type EvaluateOptions,
  type RolesByAccount,
} from "@segform/data";
import {
  ContactIndex,
  Engine,
  explainAccount,
  ListInterner,
  MembershipRowError,
  membershipColumns,
  membershipRowParser,
  type Explanation,
} from "@segform/engine";
import type { Plan } from "@segform/plan";
import { ServeError } from "./errors.js";
import { buildRecordIndex, fileStamp } from "./explain.js";
import { CutoffTracker, labelOf, type Label, type ServeState, type StateSource } from "./state.js";

export interface DataInput {
  plan: Plan;
  asOf: string;
  definitions: string;
  /** Account data, labelled at load time as `segform run` does (JS engine). */
  data: string;
  contacts?: string;
  evaluate?: Omit<EvaluateOptions, "asOf">;
}

/** Labels every account of a data file and keeps the labels in memory, keyed by account key. */
export async function stateFromData(input: DataInput): Promise<ServeState> {
  const { plan, asOf } = input;
  const engine = new Engine(plan, { asOf });
  let issues = 0;
  const options: EvaluateOptions = { asOf, onIssue: () => issues++, ...input.evaluate };
  const roles =
    input.contacts && plan.contacts ? await evaluateContacts(plan, input.contacts, options, engine.asOfDay) : undefined;
  // The file's size and mtime before labelling: the record index is kept only if they did not change meanwhile.
  const before = existsSync(input.data) ? fileStamp(input.data) : undefined;
  // Account conditions over contacts read the same contact data the roles come from.
  const format = detectFormat(input.data, options.format);
  const { labels, cutoffs } = await labelAccounts(
    plan,
    engine,
    evaluateFile(engine, input.data, { ...options, contacts: input.contacts }),
    roles,
    format === "csv" ? 1 : 0,
  );
  const warnings = issues
    ? [
        `${input.data}: warning: ${issues} value${issues === 1 ? "" : "s"} could not be read and ${issues === 1 ? "was" : "were"} treated as missing (segform run lists them)`,
      ]
    : [];
  const state = finish(
    plan,
    engine,
    asOf,
    labels,
    cutoffs,
    { kind: "data", path: input.data, definitions: input.definitions },
    warnings,
  );
  const index = format === "json" || !before ? undefined : await buildRecordIndex(engine, input.data, format, before);
  return { ...state, dataInputs: { contacts: input.contacts, evaluate: input.evaluate, index } };
}

export interface EvaluatedInput {
  plan: Plan;
  asOf: string;
  definitions: string;
  /** The engine the accounts were prepared with (its contacts loaded when the plan reads them). */
  engine: Engine;
  /** Every account with its labels and prepared values, in input order (a SQL engine's rows, for example). */
  accounts: AsyncIterable<EvaluatedAccount>;
  roles?: RolesByAccount;
  /** What the accounts were read from, for /v1/plan and the log (a path, or a table without password). */
  dataLabel: string;
  /** The engine that computed the labels. */
  engineName: string;
  /** One account's explanation read back from the source the labels came from (`?explain=1`). */
  explain?: (key: string) => Promise<Explanation | undefined>;
}

/**
 * Keeps labels computed elsewhere (`--engine duckdb|postgres`: the compiled SQL, streamed back with each
 * account's coerced values, from which the capped tiers' cut-offs are taken as for the JS engine).
 */
export async function stateFromEvaluated(input: EvaluatedInput): Promise<ServeState> {
  const { labels, cutoffs } = await labelAccounts(input.plan, input.engine, input.accounts, input.roles, undefined);
  const state = finish(
    input.plan,
    input.engine,
    input.asOf,
    labels,
    cutoffs,
    { kind: "data", path: input.dataLabel, definitions: input.definitions, engine: input.engineName },
    [],
  );
  return input.explain ? { ...state, explainFromSource: input.explain } : state;
}

/**
 * Labels by key from evaluated accounts. `firstLine`: the line before the first record (the CSV header's, 1; JSON
 * Lines: 0) when each account's record lines are kept for explanations; undefined: not kept.
 */
async function labelAccounts(
  plan: Plan,
  engine: Engine,
  accounts: AsyncIterable<EvaluatedAccount>,
  roles: RolesByAccount | undefined,
  firstLine: number | undefined,
): Promise<{ labels: Map<string, Label>; cutoffs: CutoffTracker }> {
  const roleOrder = plan.contacts?.roles.map((role) => role.id) ?? [];
  const labels = new Map<string, Label>();
  const cutoffs = new CutoffTracker(plan);
  const shared = new ListInterner();
  let previous = firstLine;
  for await (const { result, prepared, line } of accounts) {
    cutoffs.offerEvaluated(engine, result, prepared);
    const label = labelOf(result, roles?.get(String(result.key)) ?? (roles ? new Map() : undefined), roleOrder);
    label.activations = shared.list(label.activations!);
    if (label.audiences) label.audiences = shared.list(label.audiences);
    if (previous !== undefined) {
      // A record starts on the line after the previous one ends (empty lines between are skipped when parsed).
      label.lines = [previous + 1, line];
      previous = line;
    }
    labels.set(label.key, label);
  }
  return { labels, cutoffs };
}

/**
 * The explanation `segform explain` prints for one loaded account, from the data the state was labelled from:
 * the file is read again in full (capped tiers depend on the whole population), with a fresh engine. Undefined
 * when the account is no longer in the file. Only for a state loaded from data (a membership has no attributes).
 * `explainRecord` (explain.ts) reads the one record instead, when the file is unchanged; this is its fallback.
 */
export async function explainLoaded(state: ServeState, key: string): Promise<Explanation | undefined> {
  const { plan, asOf, source } = state;
  if (source.kind !== "data") throw new Error("explainLoaded needs a state loaded from data");
  const engine = new Engine(plan, { asOf });
  const options: EvaluateOptions = {
    asOf,
    onIssue: () => {},
    ...state.dataInputs?.evaluate,
    contacts: state.dataInputs?.contacts,
  };
  for await (const { result, prepared } of evaluateFile(engine, source.path, options)) {
    if (result.key !== null && String(result.key) === key)
      return explainAccount(plan, prepared, result, engine.asOfDay, engine.contacts);
  }
  return undefined;
}

export interface DeployStateInput {
  plan: Plan;
  asOf: string;
  definitions: string;
  /** The state's location (a directory, or a PostgreSQL URL without its password) and the destination. */
  location: string;
  destination: string;
  /** The state's serial and pending journal entries when read (shown in /v1/plan). */
  serial: number;
  journal: number;
  /** What segform last sent to the destination, one record per account (the deploy state's records, streamed). */
  records: AsyncIterable<{ key: string; tier: string | null; segment: string | null }>;
}

/**
 * Labels from the deploy state: the tier and segment segform last applied to one destination for each account it
 * holds there (accounts the destination does not receive are not in it). Like a snapshot, no scores or activations.
 */
export async function stateFromDeployState(input: DeployStateInput): Promise<ServeState> {
  const { plan, asOf } = input;
  const engine = new Engine(plan, { asOf });
  if (engine.needsContacts) engine.useContacts(new ContactIndex(plan, engine.asOfDay));
  const labels = new Map<string, Label>();
  const cutoffs = new CutoffTracker(plan);
  for await (const record of input.records) {
    const label: Label = {
      key: record.key,
      icp: record.tier !== null || record.segment !== null,
      scores: null,
      tier: record.tier,
      segment: record.segment,
      activations: null,
    };
    cutoffs.offerLabel(label, labels.size);
    labels.set(label.key, label);
  }
  const source: StateSource = {
    kind: "state",
    path: input.location,
    definitions: input.definitions,
    destination: input.destination,
    serial: input.serial,
    journal: input.journal,
  };
  return finish(plan, engine, asOf, labels, cutoffs, source, []);
}

export interface MembershipInput {
  plan: Plan;
  asOf: string;
  definitions: string;
  /** A `segform run` output (CSV, JSONL or JSON) or a `segform run --snapshot` file. */
  membership: string;
}

/**
 * Loads labels from a membership written earlier: a run output (every column: ICP, scores, tier, segment,
 * activations, roles) or a snapshot (key, tier and segment only). Nothing is evaluated; ad-hoc accounts are still
 * evaluated with the plan.
 */
export async function stateFromMembership(input: MembershipInput): Promise<ServeState> {
  const { plan, asOf, membership: path } = input;
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new ServeError(
      "SEG500",
      `cannot read membership file ${path}`,
      "pass the output of segform run (--out or --snapshot)",
      path,
    );
  }
  const engine = new Engine(plan, { asOf });
  // Ad-hoc accounts evaluated against a loaded membership: no contact data is loaded, so conditions over
  // contacts see none (count 0).
  if (engine.needsContacts) engine.useContacts(new ContactIndex(plan, engine.asOfDay));
  const labels = new Map<string, Label>();
  const cutoffs = new CutoffTracker(plan);
  const warnings: string[] = [];
  let kind: StateSource["kind"] = "membership";
  const add = (label: Label, line: number) => {
    if (labels.has(label.key))
      throw new ServeError(
        "SEG501",
        `account ${JSON.stringify(label.key)} appears twice in the membership`,
        "a membership has one row per account",
        path,
        line,
      );
    cutoffs.offerLabel(label, labels.size);
    labels.set(label.key, label);
  };
  if (await isSnapshot(path)) {
    kind = "snapshot";
    const header = await readSnapshot(path, add, plan.segmentScope === "all");
    if (header.plan !== plan.hash)
      warnings.push(
        `${path}: warning SEG502: the snapshot was written by plan ${String(header.plan).slice(0, 19)}, the server runs ${plan.hash.slice(0, 19)}; its labels may not be what this plan gives`,
      );
  } else {
    await readRunOutput(plan, path, add);
  }
  return finish(plan, engine, asOf, labels, cutoffs, { kind, path, definitions: input.definitions }, warnings);
}

function finish(
  plan: Plan,
  engine: Engine,
  asOf: string,
  labels: Map<string, Label>,
  cutoffs: CutoffTracker,
  source: StateSource,
  warnings: string[],
): ServeState {
  return {
    plan,
    engine,
    asOf,
    labels,
    cutoffs: cutoffs.result(),
    source,
    loadedAt: new Date().toISOString(),
    warnings,
  };
}

async function isSnapshot(path: string): Promise<boolean> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8", end: 4095 }),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    lines.close();
    return line.startsWith('{"segform":"snapshot"');
  }
  return false;
}

async function readSnapshot(
  path: string,
  add: (label: Label, line: number) => void,
  segmentsForAll: boolean,
): Promise<{ plan?: unknown }> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  let header: { plan?: unknown; version?: unknown } = {};
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ServeError(
        "SEG501",
        "not a snapshot line (JSON)",
        "write snapshots with segform run --snapshot FILE",
        path,
        line,
      );
    }
    if (line === 1) {
      header = value as typeof header;
      if (header.version !== 1)
        throw new ServeError(
          "SEG500",
          `snapshot version ${String(header.version)} is not supported`,
          "write it again with this segform: segform run --snapshot FILE",
          path,
          1,
        );
      continue;
    }
    if (
      !Array.isArray(value) ||
      value.length !== 3 ||
      typeof value[0] !== "string" ||
      !nullableString(value[1]) ||
      !nullableString(value[2])
    ) {
      throw new ServeError(
        "SEG501",
        "expected [key, tier, segment]",
        "write snapshots with segform run --snapshot FILE",
        path,
        line,
      );
    }
    const [key, tier, segment] = value as [string, string | null, string | null];
    // A snapshot has no ICP flag: an account with a segment is in the ICP, unless segments label every account
    // (`segments: { scope: all }`), where only a tier says so (an untiered ICP account then reads as outside).
    const icp = segmentsForAll ? tier !== null : tier !== null || segment !== null;
    add({ key, icp, scores: null, tier, segment, activations: null }, line);
  }
  return header;
}

const nullableString = (value: unknown) => value === null || typeof value === "string";

/** A run output in any of its formats: the columns `segform run` writes for this plan. */
async function readRunOutput(plan: Plan, path: string, add: (label: Label, line: number) => void): Promise<void> {
  let source;
  try {
    source = await openSource(path);
  } catch (error) {
    if (error instanceof DataError)
      throw new ServeError(
        "SEG500",
        error.message,
        "pass the output of segform run (--out or --snapshot)",
        path,
        error.line,
      );
    throw error;
  }
  if (source.header) {
    const required = membershipColumns(plan);
    const missing = required.filter((name) => !source.header!.includes(name));
    if (missing.length) {
      throw new ServeError(
        "SEG500",
        `not a membership of this plan: column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing`,
        `a membership has the columns ${required.join(", ")} (segform run)`,
        path,
        1,
      );
    }
  }
  const parse = membershipRowParser(plan, source.header);
  try {
    for await (const batch of source.batches) {
      for (const record of batch) {
        let label: Label;
        try {
          label = parse(record);
        } catch (error) {
          if (!(error instanceof MembershipRowError)) throw error;
          throw new ServeError(
            "SEG501",
            error.message,
            "pass the output of segform run for these definitions",
            path,
            record.line,
          );
        }
        add(label, record.line);
      }
    }
  } catch (error) {
    if (error instanceof DataError)
      throw new ServeError(
        "SEG501",
        error.message,
        "pass the output of segform run for these definitions",
        path,
        error.line,
      );
    throw error;
  }
}
