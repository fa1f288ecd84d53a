import { existsSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import {
  AtomicFileStream,
  DataError,
  isKeyError,
  outputTarget,
  ResultFormatter,
  type DataIssue,
  type OutputFormat,
} from "@segform/data";
import { resolveAsOf } from "../asof.js";
import { CliError, EXIT } from "../errors.js";
import { compileOrExit, count, projectFile, projectPath } from "../project.js";
import type { CompileResult } from "@segform/compiler";
import type { Plan } from "@segform/plan";
import type { AccountResult } from "@segform/engine";
import { snapshotHeader, snapshotLine } from "../snapshot.js";
import { openRunInput, writeCsvInEngine, type RunCounts } from "./run-engines.js";
import { io, writeStdout } from "../io.js";
import { envelope } from "../envelope.js";
import { writeMembershipMeta } from "../deploy-membership.js";

export interface RunOptions {
  data?: string;
  /** Stop (exit 2) past this many data warnings. */
  maxWarnings?: string;
  contacts?: string;
  out?: string;
  format?: string;
  json?: boolean;
  asOf?: string;
  strict?: boolean;
  quiet?: boolean;
  inputFormat?: string;
  /** error (default) or first. */
  onDuplicate?: "error" | "first";
  snapshot?: string;
  /** js (default), duckdb or postgres. */
  engine?: string;
  /** PostgreSQL URL (--engine postgres; default: SEGFORM_PG_URL). */
  url?: string;
  /** PostgreSQL accounts table (default: accounts). */
  table?: string;
  /** PostgreSQL contacts table. */
  contactsTable?: string;
  /** PostgreSQL column numbering the rows in input order. */
  rowColumn?: string;
}

const MAX_PRINTED_GROUPS = 20;
const LINES_SHOWN = 5;

interface IssueGroup {
  file: string;
  column: string;
  code: string;
  count: number;
  printed: boolean;
  lines: number[];
  /** The group's first issue, and its first few lines (for --json). */
  first: DataIssue;
  firstLines: number[];
}

/**
 * Data warnings, grouped by file, column and code: the first of each group is printed as it happens (at most 20
 * groups; a stream that holds text back, as `run --out` gives it, delays that), and `summary()` adds one line per group with the count and the first line numbers of the rest. With
 * `maxWarnings`, the warning past it stops the run (SEG111, exit 2; outputs are not written). `quiet` (-q) prints
 * nothing, but still counts. Under --json, `summary()` puts one diagnostic per group into the envelope.
 */
export class IssueReporter {
  total = 0;
  readonly byCode = new Map<string, number>();
  private readonly groups = new Map<string, IssueGroup>();
  private printedGroups = 0;
  constructor(
    private readonly stream: { write(text: string): unknown } = io().stderr,
    private readonly maxWarnings?: number,
    private readonly quiet = false,
  ) {}
  report = (issue: DataIssue): void => {
    this.total++;
    this.byCode.set(issue.code, (this.byCode.get(issue.code) ?? 0) + 1);
    if (this.maxWarnings !== undefined && this.total > this.maxWarnings) {
      // --json: the groups so far go into the envelope with the stop.
      if (envelope()) this.summary();
      throw new DataError(
        "SEG111",
        `more than ${count(this.maxWarnings, "data warning")} (--max-warnings ${this.maxWarnings})`,
        issue.file,
        issue.line,
        "fix the data, declare known placeholders with null_values, or raise --max-warnings",
      );
    }
    const key = `${issue.file}\0${issue.column}\0${issue.code}`;
    let group = this.groups.get(key);
    if (!group) {
      group = {
        file: issue.file,
        column: issue.column,
        code: issue.code,
        count: 0,
        printed: false,
        lines: [],
        first: issue,
        firstLines: [],
      };
      this.groups.set(key, group);
    }
    group.count++;
    if (group.firstLines.length < LINES_SHOWN) group.firstLines.push(issue.line);
    if (this.quiet) return;
    if (!group.printed && this.printedGroups < MAX_PRINTED_GROUPS && group.count === 1) {
      group.printed = true;
      this.printedGroups++;
      const column = issue.column === "(row)" ? "" : `column ${issue.column}: `;
      this.stream.write(
        `${issue.file}:${issue.line}: warning ${issue.code}: ${column}${issue.message}; treated as missing\n`,
      );
    } else if (group.lines.length < LINES_SHOWN) group.lines.push(issue.line);
  };
  summary(): void {
    const json = envelope();
    if (json) {
      for (const group of this.groups.values()) {
        json.push({
          code: group.code,
          severity: "warning",
          message: `${group.first.message}; treated as missing`,
          file: group.file,
          line: group.first.line,
          column: null,
          hint: null,
          dataColumn: group.column,
          count: group.count,
          lines: group.firstLines,
        });
      }
    }
    if (this.quiet) return;
    for (const group of this.groups.values()) {
      const rest = group.printed ? group.count - 1 : group.count;
      if (rest === 0) continue;
      const column = group.column === "(row)" ? "rows" : `column ${group.column}`;
      const lines = group.lines.join(", ") + (rest > group.lines.length ? ", …" : "");
      this.stream.write(
        `${group.file}: warning ${group.code}: ${column}: ${group.printed ? `${count(rest, "more value")} like the one above` : count(rest, "value")} (line${rest === 1 ? "" : "s"} ${lines})\n`,
      );
    }
  }
}

export function dataPath(compiled: CompileResult, option: string | undefined): string {
  if (option) return typedInput(option, "data", "--data");
  const source = compiled.resolved?.source;
  if (!source)
    throw new CliError(EXIT.usage, "no data to run on", "pass --data FILE, or set `source:` in the definitions");
  return regularInput(projectPath(source, compiled.resolved!.main.file), "data");
}

/**
 * Why there is no account data (for quality bars, a diff's membership), or undefined when there is. Data is often confidential and
 * not committed: a project's `source:` that is not in the checkout is absent data, not an input error. A path the
 * user typed (--data) must exist.
 */
export function missingData(compiled: CompileResult, option: string | undefined, engine?: string): string | undefined {
  if (option !== undefined || engine === "postgres") return undefined;
  const source = compiled.resolved?.source;
  if (!source) return "no data: the project has no `source:` and no --data FILE was given";
  const path = projectPath(source, compiled.resolved!.main.file);
  if (existsSync(path)) return undefined;
  const at = source.at.doc.locate(source.at.path);
  return `no data: ${relativeToCwd(path)}, the project's source (${relativeToCwd(at.file)}:${at.line}), is not in this checkout`;
}

function relativeToCwd(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith("..") || relativePath === "" ? path : relativePath;
}

export function contactsPath(compiled: CompileResult, option: string | undefined): string | undefined {
  if (option) return typedInput(option, "contacts", "--contacts");
  const contacts = compiled.resolved?.contacts;
  if (!contacts?.value.source) return undefined;
  const path = projectPath(
    { value: contacts.value.source, at: { doc: contacts.at.doc, path: [...contacts.at.path, "source"] } },
    compiled.resolved!.main.file,
  );
  if (!existsSync(path) || !statSync(path).isFile()) {
    // As a missing accounts file: dropping every role without a word would change the output's meaning.
    const at = contacts.at.doc.locate([...contacts.at.path, "source"]);
    throw new DataError(
      "SEG106",
      `cannot read contacts file ${path} (contacts.source)`,
      at.file,
      at.line,
      "check the path in contacts.source, or pass --contacts FILE",
    );
  }
  return path;
}

/**
 * Refuses an input that exists but is not a regular file, before opening it: a FIFO or device would block or
 * never end, and data is read more than once (capacities, duplicate checks). A missing file is left to the reader.
 */
/** A path the user typed for an option: it must exist (the hint names that option), and be a regular file. */
function typedInput(path: string, what: "data" | "contacts", option: string): string {
  if (!existsSync(path))
    throw new DataError(
      "SEG106",
      `cannot read ${what} file ${path}`,
      path,
      undefined,
      `check the path given to ${option}`,
    );
  return regularInput(path, what);
}

function regularInput(path: string, what: string): string {
  if (existsSync(path) && !statSync(path).isFile()) {
    throw new CliError(
      EXIT.input,
      `${what} ${path} is not a regular file`,
      "save the data to a file and pass its path",
    );
  }
  return path;
}

export function outputFormat(options: { format?: string; json?: boolean; out?: string }): OutputFormat {
  // --json asks for the envelope; the membership is JSON too unless --format or --out's extension says otherwise.
  const format =
    options.format ??
    options.out
      ?.match(/\.(jsonl|ndjson|json|csv)$/i)?.[1]
      ?.toLowerCase()
      .replace("ndjson", "jsonl") ??
    (options.json ? "json" : "csv");
  if (format !== "csv" && format !== "jsonl" && format !== "json")
    throw new CliError(EXIT.usage, `unknown output format "${format}"`, "use --format csv, jsonl or json");
  return format;
}

/** `segform run`: labels every account and writes membership. */
export async function runCommand(fileArgument: string | undefined, options: RunOptions): Promise<number> {
  const file = projectFile(fileArgument);
  const compiled = compileOrExit(file);
  const plan = compiled.plan;
  const asOf = resolveAsOf(options.asOf, compiled.resolved);
  const format = outputFormat(options);
  for (const path of [options.out, options.snapshot]) if (path) checkWritable(path);
  // Writing to a file (atomic) outside --json, the JS engine checks the keys in its one read of the data: nothing
  // is published until the end, warnings included (held back, printed when the run ends as they would have been),
  // so a key error later in the file still comes alone, as from a key check before the evaluation.
  const keysInEvaluation = options.out !== undefined && !envelope() && (options.engine ?? "js") === "js";
  const warnings = new HeldText();
  const reporter = new IssueReporter(warnings, maxWarnings(options.maxWarnings), options.quiet);
  const evaluateOptions = {
    asOf,
    strict: options.strict,
    onIssue: reporter.report,
    format: options.inputFormat,
    onDuplicate: options.onDuplicate,
    keysInEvaluation,
    beforeAccounts: () => warnings.hold(),
  };
  const sources = {
    data: () => dataPath(compiled, options.data),
    contacts: () => contactsPath(compiled, options.contacts),
  };
  if (format === "csv") {
    const written = await writeCsvInEngine(plan, asOf, options, sources);
    if (written) {
      const { counts, data, contacts } = written;
      await writeMembershipMeta(options.out!, plan, counts.accounts, asOf);
      if (contacts && counts.orphans) warnOrphans(counts.orphans, contacts, data, options.quiet);
      summarize(plan, counts, data, asOf, options);
      return EXIT.ok;
    }
  }
  const input = await openRunInput(plan, asOf, options, sources, evaluateOptions);
  const { roles, dataLabel: data, contactsLabel: contacts } = input;

  // The output's columns never depend on whether contact data was found: a plan with roles always has the column.
  const declaresRoles = (plan.contacts?.roles.length ?? 0) > 0;
  const formatter = new ResultFormatter(plan, format, roles !== undefined || declaresRoles);
  const sink = options.out ? new AtomicFileStream(options.out) : undefined;
  const write = sink ? (text: string) => sink.write(text) : (text: string) => writeStdout(text);
  const snapshot = options.snapshot ? new AtomicFileStream(options.snapshot) : undefined;
  const tiers = new Map<string, number>();
  const segments = new Map<string, number>();
  const audiences = new Map<string, number>();
  let accounts = 0;
  let inIcp = 0;
  const matchedRoleAccounts = new Set<string>();
  try {
    let buffer = formatter.begin();
    let snapshotBuffer = snapshotHeader(plan.hash, asOf, plan.key);
    // One account's share of the output and counts (the writes are awaited by the loops below).
    const take = (result: AccountResult) => {
      if (snapshot) snapshotBuffer += snapshotLine(result);
      accounts++;
      if (result.icp) inIcp++;
      if (result.tier) tiers.set(result.tier, (tiers.get(result.tier) ?? 0) + 1);
      if (result.segment) segments.set(result.segment, (segments.get(result.segment) ?? 0) + 1);
      if (result.audiences)
        for (const audience of result.audiences) audiences.set(audience, (audiences.get(audience) ?? 0) + 1);
      const accountRoles = result.key === null ? undefined : roles?.get(String(result.key));
      if (accountRoles) matchedRoleAccounts.add(String(result.key));
      buffer += formatter.row(result, accountRoles);
    };
    const flush = async () => {
      if (snapshotBuffer.length > 1 << 16) {
        await snapshot!.write(snapshotBuffer);
        snapshotBuffer = "";
      }
      if (buffer.length > 1 << 16) {
        await write(buffer);
        buffer = "";
      }
    };
    if (input.batches) {
      // The JS engine's accounts a chunk at a time: no asynchronous step per account.
      for await (const batch of input.batches)
        for (const result of batch) {
          take(result);
          if (buffer.length > 1 << 16 || snapshotBuffer.length > 1 << 16) await flush();
        }
    } else {
      for await (const result of input.results) {
        take(result);
        if (buffer.length > 1 << 16 || snapshotBuffer.length > 1 << 16) await flush();
      }
    }
    buffer += formatter.end();
    await write(buffer);
    if (snapshot) {
      await snapshot.write(snapshotBuffer);
      await snapshot.commit();
    }
    await sink?.commit();
    if (options.out) await writeMembershipMeta(options.out, plan, accounts, asOf);
  } catch (error) {
    sink?.abort();
    snapshot?.abort();
    // Only an error once the accounts are read (warnings held from there) may hide a key error: one before them
    // (the contact data's, SEG044) came before the key check in its own pass too.
    if (!input.keyErrorFirst || !warnings.holding) {
      warnings.release();
      throw error;
    }
    try {
      await input.keyErrorFirst(error);
    } catch (first) {
      // A key error comes alone (no warning was printed before it when the keys had a pass of their own).
      if (first === error && !isKeyError(first)) warnings.release();
      throw first;
    }
  }
  warnings.release();
  reporter.summary();
  if (declaresRoles && roles === undefined) warnNoContacts(options.engine);
  if (roles && contacts)
    warnOrphans(
      [...roles.keys()].filter((key) => !matchedRoleAccounts.has(key)),
      contacts,
      data,
      options.quiet,
    );
  summarize(plan, { accounts, icp: inIcp, tiers, segments, audiences }, data, asOf, options);
  return EXIT.ok;
}

/** Text for stderr, written through, or held back from `hold` until `release`. */
class HeldText {
  private held: string[] | undefined;
  get holding(): boolean {
    return this.held !== undefined;
  }
  hold(): void {
    this.held = [];
  }
  write(text: string): boolean {
    if (this.held) this.held.push(text);
    else io().stderr.write(text);
    return true;
  }
  release(): void {
    const held = this.held;
    this.held = undefined;
    if (held?.length) io().stderr.write(held.join(""));
  }
}

/** `--max-warnings N`: a whole number, or a usage error. */
export function maxWarnings(option: string | undefined): number | undefined {
  if (option === undefined) return undefined;
  const n = Number(option);
  if (!/^\d+$/.test(option.trim()) || !Number.isSafeInteger(n))
    throw new CliError(
      EXIT.usage,
      `invalid --max-warnings "${option}"`,
      "give a whole number of data warnings, e.g. --max-warnings 100",
    );
  return n;
}

/** Refuses an output path whose directory does not exist (before any work, and without a stack trace). */
function checkWritable(path: string): void {
  const directory = dirname(resolve(path));
  if (!existsSync(directory)) {
    throw new CliError(
      EXIT.input,
      `cannot write ${path}: the directory ${dirname(path)} does not exist`,
      "create it first, or choose another path",
    );
  }
  if (!statSync(directory).isDirectory())
    throw new CliError(
      EXIT.input,
      `cannot write ${path}: ${dirname(path)} is a file, not a directory`,
      "choose another path",
    );
  if (existsSync(path) && statSync(path).isDirectory())
    throw new CliError(EXIT.input, `cannot write ${path}: it is a directory`, "give a file name");
  // A socket, block device or dangling symlink (SEG110), before any work.
  outputTarget(path);
}

/** A plan with roles but no contact data: the roles column is there, and empty. */
function warnNoContacts(engine: string | undefined): void {
  const how = engine === "postgres" ? "--contacts-table" : "--contacts FILE or contacts.source";
  const message = `no contact data (${how}): the roles column is empty`;
  envelope()?.push({ code: "SEG115", severity: "warning", message, file: null, line: null, column: null, hint: null });
  io().stderr.write(`warning: ${message}\n`);
}

/** Warns about accounts that contacts with a role belong to but the data does not hold. */
function warnOrphans(keys: string[], contacts: string, data: string, quiet = false): void {
  const orphans = [...keys].sort();
  if (orphans.length) {
    const message = `contacts with a role belong to ${count(orphans.length, "account")} not in ${data} (${orphans.slice(0, 3).join(", ")}${orphans.length > 3 ? ", …" : ""})`;
    envelope()?.push({
      code: "SEG114",
      severity: "warning",
      message,
      file: contacts,
      line: null,
      column: null,
      hint: null,
      count: orphans.length,
    });
    if (!quiet) io().stderr.write(`${contacts}: warning: ${message}\n`);
  }
}

/** The run's counts: on stderr (unless -q), and as the envelope's result under --json. */
function summarize(plan: Plan, counts: RunCounts, data: string, asOf: string, options: RunOptions): void {
  const json = envelope();
  if (json) {
    const tierCounts = Object.fromEntries(plan.tiers.map((t) => [t.id, counts.tiers.get(t.id) ?? 0]));
    const segmentCounts = Object.fromEntries(
      [...plan.segments.map((s) => s.id), plan.fallback.id].map((id) => [id, counts.segments.get(id) ?? 0]),
    );
    json.result = {
      data,
      asOf,
      accounts: counts.accounts,
      icp: counts.icp,
      untiered: counts.icp - sum(counts.tiers),
      tiers: tierCounts,
      segments: segmentCounts,
      ...(plan.audiences
        ? { audiences: Object.fromEntries(plan.audiences.map((a) => [a.id, counts.audiences?.get(a.id) ?? 0])) }
        : {}),
      out: options.out ?? null,
      snapshot: options.snapshot ?? null,
    };
  }
  if (!options.quiet) printSummary(plan, counts, data, asOf, options);
}

function printSummary(plan: Plan, counts: RunCounts, data: string, asOf: string, options: RunOptions): void {
  const { accounts, icp, tiers, segments } = counts;
  const err = io().stderr;
  err.write(`${count(accounts, "account")} from ${data}: ${icp.toLocaleString("en-US")} in the ICP (as of ${asOf})\n`);
  err.write(
    `  tiers:    ${plan.tiers.map((t) => `${t.id} ${tiers.get(t.id) ?? 0}`).join(", ") || "none declared"}${icp - sum(tiers) > 0 ? `, untiered ${icp - sum(tiers)}` : ""}\n`,
  );
  const segmentIds = [...plan.segments.map((s) => s.id), plan.fallback.id];
  err.write(`  segments: ${segmentIds.map((id) => `${id} ${segments.get(id) ?? 0}`).join(", ")}\n`);
  // Audiences overlap: an account counts in each of its audiences.
  if (plan.audiences)
    err.write(
      `  audiences: ${plan.audiences.map((a) => `${a.id} ${counts.audiences?.get(a.id) ?? 0}`).join(", ") || "none declared"}\n`,
    );
  if (options.out) err.write(`wrote ${options.out}\n`);
  if (options.snapshot) err.write(`wrote snapshot ${options.snapshot}\n`);
}

function sum(map: Map<string, number>): number {
  let total = 0;
  for (const value of map.values()) total += value;
  return total;
}

export { DataError };
