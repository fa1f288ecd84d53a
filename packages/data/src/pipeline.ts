import type { Plan } from "@segform/plan";
import { ContactEngine, Engine, type AccountResult, type CoercionIssue, type PreparedAccount, type TierAllocation, type Value } from "@segform/engine";
import { DataError, openSource, type RawRecord } from "./sources.js";

/** A value-level data problem: the value became missing (or, with --strict, the run stopped). */
export interface DataIssue extends Omit<CoercionIssue, "code"> {
  code: CoercionIssue["code"] | "SEG104" | "SEG105";
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
  /** Duplicate account keys are checked for the first this-many accounts (memory stays bounded). */
  duplicateCheckLimit?: number;
}

export interface EvaluatedAccount {
  result: AccountResult;
  prepared: PreparedAccount;
  line: number;
}

/** Streams coerced rows out of a data file. */
async function* coercedRows(engineCoercer: Engine["coercer"], path: string, options: EvaluateOptions, report: boolean): AsyncGenerator<{ values: Value[]; line: number }> {
  const source = await openSource(path, options.format);
  let indexes: number[] | undefined;
  if (source.header) {
    indexes = engineCoercer.columnIndexes(source.header);
    const absent = engineCoercer.fields.filter((_, i) => indexes![i] === -1);
    if (absent.length) {
      const names = absent.map((field) => (field.column === field.name ? field.name : `${field.column} (field ${field.name})`));
      throw new DataError(
        "SEG103",
        `column${absent.length > 1 ? "s" : ""} ${names.join(", ")} missing from the data`,
        path,
        1,
        `the header has: ${source.header.slice(0, 30).join(", ")}${source.header.length > 30 ? ", …" : ""}; map columns with \`from\``,
      );
    }
  }
  const width = source.header?.length ?? 0;
  for await (const record of source.records as AsyncIterable<RawRecord>) {
    const line = record.line;
    const issue = report
      ? (problem: CoercionIssue) => {
          const full: DataIssue = { ...problem, file: path, line };
          if (options.strict) throw new DataError(problem.code, `column ${problem.column}: ${problem.message}`, path, line, "fix the value, or run without --strict to treat it as missing");
          options.onIssue?.(full);
        }
      : undefined;
    if (record.cells) {
      if (report && record.cells.length !== width) {
        const problem = {
          code: "SEG105" as const,
          column: "(row)",
          field: "(row)",
          value: "",
          message: `row has ${record.cells.length} cells, the header has ${width}; missing cells are treated as missing values`,
        };
        if (options.strict) throw new DataError("SEG105", problem.message, path, line);
        options.onIssue?.({ ...problem, file: path, line });
      }
      yield { values: engineCoercer.fromCells(record.cells, indexes!, issue), line };
    } else {
      yield { values: engineCoercer.fromObject(record.object, issue), line };
    }
  }
}

/**
 * Evaluates every account in a data file, streaming. With capped tiers the file is read twice: the first
 * pass decides capacities (keeping only the capped tiers' members), the second labels each account. Results
 * come out in input order.
 */
export async function* evaluateFile(engine: Engine, path: string, options: EvaluateOptions): AsyncGenerator<EvaluatedAccount> {
  let allocation: TierAllocation | undefined;
  const allocator = engine.newAllocator();
  if (allocator.needsAllocation) {
    let row = 0;
    for await (const { values } of coercedRows(engine.coercer, path, options, false)) {
      const candidate = engine.candidate(engine.prepare(values, row++));
      if (candidate) allocator.offer(candidate);
    }
    allocation = allocator.result();
  }
  const limit = options.duplicateCheckLimit ?? 250_000;
  const seen = new Map<string | number, number>();
  let row = 0;
  for await (const { values, line } of coercedRows(engine.coercer, path, options, true)) {
    const prepared = engine.prepare(values, row++);
    const key = prepared.key;
    if (key === null) {
      const keyField = engine.plan.fields.find((field) => field.name === engine.plan.key);
      if (keyField?.nullable !== false) {
        const problem = { code: "SEG101" as const, column: keyField?.column ?? engine.plan.key, field: engine.plan.key, value: "", message: `account key ${engine.plan.key} is missing` };
        if (options.strict) throw new DataError("SEG101", problem.message, path, line);
        options.onIssue?.({ ...problem, file: path, line });
      }
    } else if (row <= limit) {
      const first = seen.get(key);
      if (first !== undefined) {
        const problem = { code: "SEG104" as const, column: engine.plan.key, field: engine.plan.key, value: String(key), message: `duplicate account key ${JSON.stringify(key)} (first on line ${first}); ties are broken by input order` };
        if (options.strict) throw new DataError("SEG104", problem.message, path, line);
        options.onIssue?.({ ...problem, file: path, line });
      } else seen.set(key, line);
    }
    yield { result: engine.finish(prepared, allocation), prepared, line };
  }
}

/** Contacts grouped by account key: role id -> contact keys (in input order). */
export type RolesByAccount = Map<string, Map<string, (string | number)[]>>;

/** Reads contacts and assigns roles, grouped by account. Memory is proportional to the contacts with a role. */
export async function evaluateContacts(plan: Plan, path: string, options: EvaluateOptions, asOfDay: number): Promise<RolesByAccount> {
  const engine = new ContactEngine(plan, asOfDay);
  const byAccount: RolesByAccount = new Map();
  let row = 0;
  const shim = { coercer: engine.coercer } as unknown as Engine;
  for await (const { values } of coercedRows(shim.coercer, path, options, true)) {
    const contact = engine.evaluate(values, row++);
    if (contact.role === null || contact.accountKey === null) continue;
    const accountKey = String(contact.accountKey);
    let roles = byAccount.get(accountKey);
    if (!roles) byAccount.set(accountKey, (roles = new Map()));
    const list = roles.get(contact.role) ?? [];
    list.push(contact.key ?? row);
    roles.set(contact.role, list);
  }
  return byAccount;
}
