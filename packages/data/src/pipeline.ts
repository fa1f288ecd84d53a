import { canonicalJson, exprRefs, type Plan, type PlanField, type Ref } from "@segform/plan";
import {
  ContactEngine,
  ContactIndex,
  type Engine,
  type AccountResult,
  type CoercionIssue,
  type PreparedAccount,
  type RecordCoercer,
  type TierAllocation,
  type Value,
} from "@segform/engine";
import { DataError, openSource, type RawRecord } from "./sources.js";
import { DuplicateKeyCheck, duplicateKeysText, type OnDuplicate } from "./keys.js";

/** A value-level data problem: the value became missing (or, with --strict, the run stopped). */
export interface DataIssue extends Omit<CoercionIssue, "code"> {
  code: CoercionIssue["code"];
  file: string;
  line: number;
}

export interface EvaluateOptions {
  asOf: string;
  /** Stop at the first data issue instead of treating the value as missing. */
  strict?: boolean;
  /** Explicit input format (csv, jsonl, json). */
  format?: string;
  /** Called for every data issue, in input order. */
  onIssue?: (issue: DataIssue) => void;
  /** A second row for an account key: an input error (default), or dropped ("first"). */
  onDuplicate?: OnDuplicate;
  /** Keys the duplicate check holds in memory before it spills to disk (tests set it low). */
  keysInMemory?: number;
  /**
   * Contact data, read before the accounts when the plan's conditions read contacts (`contacts:` tests); then
   * required unless the engine already has its contacts (Engine.useContacts).
   */
  contacts?: string;
  /** Explicit format of the contact data. */
  contactsFormat?: string;
  /**
   * The caller publishes nothing before the iteration ends (an atomic output file, warnings held back) and calls
   * `keyErrorFirst` on any error: then, when no tier has a capacity and duplicates are errors, the keys are checked
   * in the evaluation's own read of the file instead of a read of their own before it. A missing key ends the
   * iteration at its row (SEG101) and duplicates at the end (SEG104), as the key pass would.
   */
  keysInEvaluation?: boolean;
  /** With `keysInEvaluation`: called once the contacts are read, before the first account record is. */
  beforeAccounts?: () => void;
}

/**
 * Reads every contact into a ContactIndex (the numbers account conditions over contacts read). Contact data issues
 * are reported like the accounts' (onIssue). `keepKeys`: matching contact keys kept per account, for explanations.
 */
export async function loadContactIndex(
  plan: Plan,
  path: string,
  options: EvaluateOptions,
  asOfDay: number,
  keepKeys = 0,
): Promise<ContactIndex> {
  const index = new ContactIndex(plan, asOfDay, keepKeys);
  const rows = await openRows(index.coercer, path, { ...options, format: options.contactsFormat }, true);
  let row = 0;
  for await (const batch of rows.batches) for (const record of batch) index.add(rows.coerce(record), row++);
  return index;
}

/** Gives the engine its contacts when its plan reads them and it has none yet (SEG044 without contact data). */
export async function ensureContacts(engine: Engine, options: EvaluateOptions, accountsPath: string): Promise<void> {
  if (!engine.needsContacts || engine.contacts) return;
  if (options.contacts === undefined) {
    throw new DataError(
      "SEG044",
      "the definitions test accounts' contacts (a `contacts:` condition), but no contact data was given",
      accountsPath,
      undefined,
      "set contacts.source in the definitions, or pass --contacts FILE",
    );
  }
  engine.useContacts(await loadContactIndex(engine.plan, options.contacts, options, engine.asOfDay));
}

export interface EvaluatedAccount {
  result: AccountResult;
  prepared: PreparedAccount;
  line: number;
}

/**
 * A data file's records, read in batches, and how to coerce one. Coercion happens one record at a time, just
 * before the record is used, so data issues are reported in input order interleaved with the results.
 */
interface RowSource {
  batches: AsyncIterable<RawRecord[]>;
  /** Coerces one record, reporting issues (when asked to) with its line. */
  coerce(record: RawRecord): Value[];
  /** Coerces only the given field slots of one record into `out` (issues are not reported). */
  coerceSlots(record: RawRecord, slots: readonly number[], out: Value[]): void;
}

async function openRows(
  coercer: RecordCoercer,
  path: string,
  options: EvaluateOptions,
  report: boolean,
): Promise<RowSource> {
  const source = await openSource(path, options.format);
  return { batches: source.batches, ...coercionFor(coercer, source.header, path, options, report) };
}

/**
 * SEG103's message and hint (every engine words it alike): the fields whose column is missing from `where`, and
 * the first 30 columns there are (`has`: "the header has", "the table has" ...).
 */
export function missingColumnsText(
  absent: readonly PlanField[],
  available: readonly string[],
  where: string,
  has: string,
): { message: string; hint: string } {
  const names = absent.map((field) =>
    field.column === field.name ? field.name : `${field.column} (field ${field.name})`,
  );
  return {
    message: `column${absent.length > 1 ? "s" : ""} ${names.join(", ")} missing from ${where}`,
    hint: `${has}: ${available.slice(0, 30).join(", ")}${available.length > 30 ? ", …" : ""}; map columns with \`from\``,
  };
}

/** How one coercer reads the records of a source with this header (every declared column must be there). */
function coercionFor(
  coercer: RecordCoercer,
  header: string[] | undefined,
  path: string,
  options: EvaluateOptions,
  report: boolean,
): Omit<RowSource, "batches"> {
  const source = { header };
  let indexes: number[] | undefined;
  if (source.header) {
    indexes = coercer.columnIndexes(source.header);
    const absent = coercer.fields.filter((_, i) => indexes![i] === -1);
    if (absent.length) {
      const { message, hint } = missingColumnsText(absent, source.header, "the data", "the header has");
      throw new DataError("SEG103", message, path, 1, hint);
    }
  }
  let line = 0;
  const issue = report
    ? (problem: CoercionIssue) => {
        const full: DataIssue = { ...problem, file: path, line };
        if (options.strict)
          throw new DataError(
            problem.code,
            `column ${problem.column}: ${problem.message}`,
            path,
            line,
            "fix the value, or run without --strict to treat it as missing",
          );
        options.onIssue?.(full);
      }
    : undefined;
  return {
    coerce(record) {
      line = record.line;
      // (A row's width is the reader's check: a ragged row never reaches here.)
      if (record.cells) return coercer.fromCells(record.cells, indexes!, issue);
      return coercer.fromObject(record.object, issue);
    },
    coerceSlots(record, slots, out) {
      const { cells, object } = record;
      for (let s = 0; s < slots.length; s++) {
        const i = slots[s]!;
        if (cells) {
          const position = indexes![i]!;
          out[i] = coercer.coerce(i, position < 0 ? undefined : cells[position]);
        } else {
          const column = coercer.fields[i]!.column;
          out[i] = coercer.coerce(i, Object.hasOwn(object, column) ? object![column] : undefined);
        }
      }
    },
  };
}

/**
 * The first pass of a run with capped tiers: the capacity allocation. Only accounts in the ICP can reach a
 * tier, so each record is coerced in two steps: the fields the ICP reads, then (for accounts in the ICP) the
 * fields the scores, tiers, ranking and key read. The rest is never coerced; nothing is reported (the second
 * pass reports). Offers exactly the candidates that `engine.candidate(engine.prepare(values, row))` gives.
 */
async function allocate(
  engine: Engine,
  path: string,
  options: EvaluateOptions,
  keys?: KeyPass,
  dropped?: Uint32Array,
): Promise<TierAllocation> {
  const rows = await openRows(engine.coercer, path, options, false);
  const pass = new AllocationPass(engine, rows);
  let row = 0;
  let next = 0;
  for await (const batch of rows.batches) {
    for (const record of batch) {
      keys?.offer(rows, record, row);
      if (dropped && next < dropped.length && dropped[next] === row) next++;
      else pass.offer(record, row);
      row++;
    }
  }
  return pass.result();
}

/** The allocation pass's work on one record at a time (shared by `evaluateFile` and `evaluateFilePair`). */
class AllocationPass {
  private readonly allocator;
  private readonly icpSlots: number[];
  private readonly laterSlots: number[];
  private readonly keySlot: number | undefined;
  private readonly capped: boolean[];
  // One values array for every record: slots a step has not coerced are never read.
  private readonly values: Value[];
  private readonly scores: number[];

  constructor(
    private readonly engine: Engine,
    private readonly rows: Omit<RowSource, "batches">,
  ) {
    const { plan } = engine;
    const slot = new Map(plan.fields.map((field, index) => [field.name, index]));
    // Derived fields are not input slots (a plan with them coerces every field up front, below).
    const fieldSlots = (refs: Ref[]) =>
      refs.filter((ref) => ref.kind === "field" && slot.has(ref.name)).map((ref) => slot.get(ref.name)!);
    const icpRefs = exprRefs(plan.icp);
    const all = plan.fields.map((_, index) => index);
    // The ICP reads only fields (scores and tiers come after it); otherwise, take every field up front.
    // Contact numbers are found by the key: a plan that reads contacts coerces every field up front.
    // Derived fields read other fields: a plan with them coerces every field up front too.
    this.icpSlots =
      icpRefs.every((ref) => ref.kind === "field") && !engine.needsContacts && !plan.computed?.length
        ? fieldSlots(icpRefs)
        : all;
    const later = new Set<number>();
    for (const score of plan.scores) {
      if (score.kind === "field") {
        if (slot.has(score.field)) later.add(slot.get(score.field)!);
      } else for (const criterion of score.criteria) fieldSlots(exprRefs(criterion.when)).forEach((s) => later.add(s));
    }
    for (const tier of plan.tiers) {
      fieldSlots(exprRefs(tier.when)).forEach((s) => later.add(s));
      fieldSlots(tier.rankBy.map((rank) => rank.ref)).forEach((s) => later.add(s));
    }
    this.keySlot = slot.get(plan.key);
    if (this.keySlot !== undefined) later.add(this.keySlot);
    for (const s of this.icpSlots) later.delete(s);
    this.laterSlots = [...later].sort((a, b) => a - b);
    this.capped = plan.tiers.map((tier) => tier.capacity !== null);
    this.allocator = engine.newAllocator();
    this.values = new Array<Value>(plan.fields.length).fill(null);
    this.scores = new Array<number>(plan.scores.length);
  }

  offer(record: RawRecord, row: number): void {
    const { compiled, asOfDay: asOf } = this.engine;
    const { values, scores } = this;
    this.rows.coerceSlots(record, this.icpSlots, values);
    this.engine.attachContacts(values);
    if (!compiled.icp(values, asOf)) return;
    this.rows.coerceSlots(record, this.laterSlots, values);
    compiled.scores(values, scores, asOf);
    const matches = compiled.tierMatches(values, scores, asOf);
    if (!matches.some((tier) => this.capped[tier])) return;
    const key = this.keySlot !== undefined ? (values[this.keySlot] as string | number | null) : null;
    const candidate = this.engine.candidate({
      row,
      values: values.slice(),
      key,
      icp: true,
      scores: scores.slice(),
      matches,
    });
    if (candidate) this.allocator.offer(candidate);
  }

  result(): TierAllocation {
    return this.allocator.result();
  }
}

/**
 * Evaluates every account in a data file, streaming. Every account needs a key of its own: a row without one is
 * an input error (SEG101), and so are rows repeating a key (SEG104) unless `onDuplicate` is "first" (later rows
 * dropped). Keys are checked over the whole file before any result: in the capacity pass when there is one (and
 * duplicates are errors), else in a pass of their own. With capped tiers the first pass also decides capacities
 * (keeping only the capped tiers' members), the next labels each account. Results come out in input order.
 */
export async function* evaluateFile(
  engine: Engine,
  path: string,
  options: EvaluateOptions,
): AsyncGenerator<EvaluatedAccount> {
  for await (const batch of evaluateFileBatches(engine, path, options)) yield* batch;
}

/**
 * `evaluateFile` a chunk of the file at a time: each item is a synchronous iterable over the accounts of one chunk
 * that evaluates each account only when it is taken (so data issues and --strict errors come in the same order,
 * at the same account, as from `evaluateFile`), without an asynchronous step per account.
 */
export async function* evaluateFileBatches(
  engine: Engine,
  path: string,
  options: EvaluateOptions,
): AsyncGenerator<Iterable<EvaluatedAccount>> {
  await ensureContacts(engine, options, path);
  const needsAllocation = engine.newAllocator().needsAllocation;
  const duplicatesAreErrors = (options.onDuplicate ?? "error") === "error";
  let dropped: Uint32Array | undefined;
  let allocation: TierAllocation | undefined;
  // options.keysInEvaluation: each record's key is checked before the record is evaluated, duplicates are reported
  // once the file is read. One read of the file instead of two; results are the same, and so are the errors
  // provided the caller passes any error through `keyErrorFirst` (an error before the end would otherwise hide a
  // key error later in the file).
  let inline: KeyPass | undefined;
  if (needsAllocation && duplicatesAreErrors) {
    const keys = new KeyPass(engine, path, options);
    allocation = await allocate(engine, path, options, keys);
    keys.finish();
  } else if (duplicatesAreErrors && options.keysInEvaluation) {
    options.beforeAccounts?.();
    inline = new KeyPass(engine, path, options);
  } else {
    dropped = (await checkKeys(engine, path, options)).dropped;
    if (needsAllocation) allocation = await allocate(engine, path, options, undefined, dropped);
  }
  const rows = await openRows(engine.coercer, path, options, true);
  let row = 0;
  let next = 0; // the next dropped row
  function* evaluated(batch: RawRecord[]): Generator<EvaluatedAccount> {
    for (const record of batch) {
      if (dropped && next < dropped.length && dropped[next] === row) {
        next++;
        row++;
        continue;
      }
      inline?.offer(rows, record, row);
      const prepared = engine.prepare(rows.coerce(record), row++);
      yield { result: engine.finish(prepared, allocation), prepared, line: record.line };
    }
  }
  for await (const batch of rows.batches) yield evaluated(batch);
  inline?.finish();
}

/** Errors of the key check (a key missing, duplicate keys): thrown before any result is published. */
const keyErrors = new WeakSet<object>();

/**
 * For a run with `keysInEvaluation` that failed: the error the key check in a pass of its own would have given
 * first (a key missing or duplicated anywhere in the file), else `error` itself. Always throws.
 */
export async function keyErrorFirst(
  engine: Engine,
  path: string,
  options: EvaluateOptions,
  error: unknown,
): Promise<never> {
  if (!isKeyError(error)) await checkKeys(engine, path, { ...options, keysInEvaluation: false });
  throw error;
}

/** Whether an error is the key check's (SEG101 for a missing key, SEG104), which comes before any result. */
export function isKeyError(error: unknown): boolean {
  return typeof error === "object" && error !== null && keyErrors.has(error);
}

/**
 * The JS reader's verdict on an accounts file, as `evaluateFile` gives it, without evaluating anything: the
 * header and every record read, every key present (SEG101) and, unless `onDuplicate` is "first", unique
 * (SEG104). Throws the DataError the JS engine would; returns how many records there are and the rows (0-based)
 * that "first" drops. The DuckDB runner calls it before reading a CSV or JSON file, so both engines refuse the
 * same files with the same words and read the same records.
 */
export async function checkKeys(
  engine: Engine,
  path: string,
  options: EvaluateOptions,
): Promise<{ records: number; dropped?: Uint32Array }> {
  const keys = new KeyPass(engine, path, options);
  const source = await openSource(path, options.format);
  const rows = coercionFor(engine.coercer, source.header, path, options, false);
  let row = 0;
  for await (const batch of source.batches) for (const record of batch) keys.offer(rows, record, row++);
  return { records: row, dropped: keys.finish() };
}

/** Whether a row (asked in increasing order) is one of the sorted `dropped` rows. */
function droppedRows(dropped: Uint32Array | undefined): (row: number) => boolean {
  let next = 0;
  return (row) => {
    if (!dropped) return false;
    while (next < dropped.length && dropped[next]! < row) next++;
    return next < dropped.length && dropped[next] === row;
  };
}

function keyField(engine: Engine): unknown {
  return engine.plan.fields.find((field) => field.name === engine.plan.key) ?? null;
}

/** Checks the key of every record: present (else SEG101 at once) and, over the whole file, unique. */
class KeyPass {
  private readonly keySlot: number | undefined;
  private readonly keySlots: number[];
  private readonly values: Value[];
  private readonly duplicates: DuplicateKeyCheck;
  private readonly onDuplicate: OnDuplicate;

  constructor(
    private readonly engine: Engine,
    private readonly path: string,
    options: EvaluateOptions,
  ) {
    const slot = engine.plan.fields.findIndex((field) => field.name === engine.plan.key);
    this.keySlot = slot === -1 ? undefined : slot;
    this.keySlots = this.keySlot === undefined ? [] : [this.keySlot];
    this.values = new Array<Value>(engine.plan.fields.length).fill(null);
    this.onDuplicate = options.onDuplicate ?? "error";
    this.duplicates = new DuplicateKeyCheck(this.onDuplicate === "first", options.keysInMemory);
  }

  offer(rows: Omit<RowSource, "batches">, record: RawRecord, row: number): void {
    if (this.keySlot === undefined) return;
    rows.coerceSlots(record, this.keySlots, this.values);
    const key = this.values[this.keySlot] as string | number | null;
    if (key === null) {
      const field = this.engine.plan.fields[this.keySlot]!;
      const error = new DataError(
        "SEG101",
        `account key ${field.column} is missing`,
        this.path,
        record.line,
        "every account needs a key: fill it in, or remove the row",
      );
      keyErrors.add(error);
      throw error;
    }
    this.duplicates.add(key, row, record.line);
  }

  /** Throws SEG104 for duplicates (unless kept: then the rows to drop). */
  finish(): Uint32Array | undefined {
    const found = this.duplicates.finish();
    if (this.onDuplicate === "first") return found.rows;
    if (found.count > 0) {
      const column = this.engine.plan.fields[this.keySlot!]!.column;
      const { message, hint } = duplicateKeysText(column, found);
      const error = new DataError("SEG104", message, this.path, found.first[0]!.line, hint);
      keyErrors.add(error);
      throw error;
    }
    return undefined;
  }
}

/** One account evaluated by two engines (a base and a head plan) over the same input row. */
export interface EvaluatedPair {
  row: number;
  line: number;
  base: { prepared: PreparedAccount; result: AccountResult };
  head: { prepared: PreparedAccount; result: AccountResult };
}

/**
 * Evaluates the same data with two plans (for `segform diff`), streaming, a batch of pairs per chunk of the
 * file, in input order: each record is read once per pass
 * and coerced by each plan's own field contract. Capacities are decided per plan in a first pass when either
 * plan has a capped tier. Data issues are reported for the head plan only.
 */
export async function* evaluateFilePair(
  base: Engine,
  head: Engine,
  path: string,
  options: EvaluateOptions,
): AsyncGenerator<EvaluatedPair[]> {
  await ensureContacts(base, options, path);
  await ensureContacts(head, options, path);
  // The key rules of `run` (a row without a key, or repeating one, is an input error): both sides are read from the
  // same rows, so the check runs once per key field.
  // With onDuplicate "first", the rows it drops are left out of both sides.
  const sameKey = canonicalJson(keyField(base)) === canonicalJson(keyField(head));
  if (!sameKey && options.onDuplicate === "first") {
    throw new DataError(
      "SEG104",
      "--on-duplicate first cannot be used when the change alters the key field",
      path,
      undefined,
      "compare without --on-duplicate, after removing the repeated rows",
    );
  }
  const baseNeeds = base.newAllocator().needsAllocation;
  const headNeeds = head.newAllocator().needsAllocation;
  // The key check rides on the allocation read when there is one and no row is dropped (as in evaluateFile);
  // otherwise it is a read of its own, before anything is evaluated.
  const keysInPass = (baseNeeds || headNeeds) && sameKey && (options.onDuplicate ?? "error") === "error";
  let dropped: Uint32Array | undefined;
  if (!keysInPass) {
    dropped = (await checkKeys(head, path, options)).dropped;
    if (!sameKey) await checkKeys(base, path, options);
  }
  const skip = droppedRows(dropped);
  // Most changes keep the field contract: then each record is coerced once and both plans read the same values.
  // Derived fields and contact numbers are written into the values after the fields: each plan needs its own array then.
  const sameFields =
    canonicalJson(base.plan.fields) === canonicalJson(head.plan.fields) &&
    !base.plan.computed?.length &&
    !head.plan.computed?.length;
  // Capacities per plan, from one read: each plan's allocation pass coerces only the fields it needs.
  let baseAllocation: TierAllocation | undefined;
  let headAllocation: TierAllocation | undefined;
  if (baseNeeds || headNeeds) {
    const source = await openSource(path, options.format);
    const basePass = baseNeeds
      ? new AllocationPass(base, coercionFor(base.coercer, source.header, path, options, false))
      : undefined;
    const headPass = headNeeds
      ? new AllocationPass(head, coercionFor(head.coercer, source.header, path, options, false))
      : undefined;
    const keys = keysInPass ? new KeyPass(head, path, options) : undefined;
    const keyRows = keys ? coercionFor(head.coercer, source.header, path, options, false) : undefined;
    let row = 0;
    const skipHere = droppedRows(dropped);
    for await (const batch of source.batches) {
      for (const record of batch) {
        keys?.offer(keyRows!, record, row);
        if (!skipHere(row)) {
          basePass?.offer(record, row);
          headPass?.offer(record, row);
        }
        row++;
      }
    }
    keys?.finish();
    baseAllocation = basePass?.result();
    headAllocation = headPass?.result();
  }
  const source = await openSource(path, options.format);
  const headRows = coercionFor(head.coercer, source.header, path, options, true);
  const baseRows = sameFields ? headRows : coercionFor(base.coercer, source.header, path, options, false);
  let row = 0;
  for await (const batch of source.batches) {
    const pairs: EvaluatedPair[] = [];
    for (const record of batch) {
      if (skip(row)) {
        row++;
        continue;
      }
      const headValues = headRows.coerce(record);
      const basePrepared = base.prepare(sameFields ? headValues : baseRows.coerce(record), row);
      const headPrepared = head.prepare(headValues, row);
      pairs.push({
        row,
        line: record.line,
        base: { prepared: basePrepared, result: base.finish(basePrepared, baseAllocation) },
        head: { prepared: headPrepared, result: head.finish(headPrepared, headAllocation) },
      });
      row++;
    }
    yield pairs;
  }
}

/** Contacts grouped by account key: role id -> contact keys (in input order). */
export type RolesByAccount = Map<string, Map<string, (string | number)[]>>;

/** Reads contacts and assigns roles, grouped by account. Memory is proportional to the contacts with a role. */
export async function evaluateContacts(
  plan: Plan,
  path: string,
  options: EvaluateOptions,
  asOfDay: number,
): Promise<RolesByAccount> {
  const engine = new ContactEngine(plan, asOfDay);
  const byAccount: RolesByAccount = new Map();
  let row = 0;
  const rows = await openRows(engine.coercer, path, options, true);
  for await (const batch of rows.batches) {
    for (const record of batch) {
      const contact = engine.evaluate(rows.coerce(record), row++);
      if (contact.role === null || contact.accountKey === null) continue;
      const accountKey = String(contact.accountKey);
      let roles = byAccount.get(accountKey);
      if (!roles) byAccount.set(accountKey, (roles = new Map()));
      const list = roles.get(contact.role) ?? [];
      list.push(contact.key ?? row);
      roles.set(contact.role, list);
    }
  }
  return byAccount;
}
