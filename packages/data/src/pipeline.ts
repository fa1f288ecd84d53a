import type { Plan } from "@segform/plan";
import { ContactEngine, Engine, type AccountResult, type CoercionIssue, type PreparedAccount, type RecordCoercer, type TierAllocation, type Value } from "@segform/engine";
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

/**
 * A data file's records, read in batches, and how to coerce one. Coercion happens one record at a time, just
 * before the record is used, so data issues are reported in input order interleaved with the results.
 */
interface RowSource {
  batches: AsyncIterable<RawRecord[]>;
  /** Coerces one record, reporting issues (when asked to) with its line. */
  coerce(record: RawRecord): Value[];
}

async function openRows(coercer: RecordCoercer, path: string, options: EvaluateOptions, report: boolean): Promise<RowSource> {
  const source = await openSource(path, options.format);
  let indexes: number[] | undefined;
  if (source.header) {
    indexes = coercer.columnIndexes(source.header);
    const absent = coercer.fields.filter((_, i) => indexes![i] === -1);
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
  let line = 0;
  const issue = report
    ? (problem: CoercionIssue) => {
        const full: DataIssue = { ...problem, file: path, line };
        if (options.strict) throw new DataError(problem.code, `column ${problem.column}: ${problem.message}`, path, line, "fix the value, or run without --strict to treat it as missing");
        options.onIssue?.(full);
      }
    : undefined;
  return {
    batches: source.batches,
    coerce(record) {
      line = record.line;
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
        return coercer.fromCells(record.cells, indexes!, issue);
      }
      return coercer.fromObject(record.object, issue);
    },
  };
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
    const rows = await openRows(engine.coercer, path, options, false);
    let row = 0;
    for await (const batch of rows.batches) {
      for (const record of batch) {
        const candidate = engine.candidate(engine.prepare(rows.coerce(record), row++));
        if (candidate) allocator.offer(candidate);
      }
    }
    allocation = allocator.result();
  }
  const limit = options.duplicateCheckLimit ?? 250_000;
  const seen = new Map<string | number, number>();
  const keyField = engine.plan.fields.find((field) => field.name === engine.plan.key);
  const rows = await openRows(engine.coercer, path, options, true);
  let row = 0;
  for await (const batch of rows.batches) {
    for (const record of batch) {
      const line = record.line;
      const prepared = engine.prepare(rows.coerce(record), row++);
      const key = prepared.key;
      if (key === null) {
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
}

/** Contacts grouped by account key: role id -> contact keys (in input order). */
export type RolesByAccount = Map<string, Map<string, (string | number)[]>>;

/** Reads contacts and assigns roles, grouped by account. Memory is proportional to the contacts with a role. */
export async function evaluateContacts(plan: Plan, path: string, options: EvaluateOptions, asOfDay: number): Promise<RolesByAccount> {
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
