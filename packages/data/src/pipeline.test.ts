import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { Engine, evaluateAccounts, RecordCoercer, type AccountResult, type Value } from "@segform/engine";
import {
  PLAN_VERSION,
  withHash,
  type Expr,
  type FieldType,
  type Plan,
  type PlanField,
  type Ref,
  type ScalarValue,
  type TestOperator,
} from "@segform/plan";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateFile, type DataIssue } from "./pipeline.js";

const dir = mkdtempSync(join(tmpdir(), "segform-pipeline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(content: string, extension: string): string {
  const path = join(dir, `f${files++}.${extension}`);
  writeFileSync(path, content);
  return path;
}

const AS_OF = "2026-06-15";
const field = (name: string, type: FieldType, extra: Partial<PlanField> = {}): PlanField => ({
  name,
  type,
  column: `Col_${name}`,
  default: null,
  nullable: true,
  enum: null,
  separator: ";",
  ...extra,
});
const fieldRef = (name: string, type: FieldType): Ref => ({ kind: "field", name, type });
const scoreRef = (name: string): Ref => ({ kind: "score", name, type: "number" });
const test = (ref: Ref, op: TestOperator, value: ScalarValue | ScalarValue[] = true): Expr => ({
  op: "test",
  ref,
  test: op,
  value,
});
const and = (...args: Expr[]): Expr => ({ op: "and", args });

/**
 * A plan that exercises every path of the two-pass evaluation: the ICP reads some fields, scores and tiers
 * read others (one tier reads a field directly, one ranks by a field), three capped tiers fall through to
 * each other, and an activation has its own condition.
 */
const PLAN: Plan = withHash({
  planVersion: PLAN_VERSION,
  name: "pipeline-test",
  key: "id",
  fields: [
    field("id", "string"),
    field("n", "integer"),
    field("region", "string", { enum: ["NA", "EU"] }),
    field("tags", "string[]"),
    field("x", "number", { default: 0 }),
    field("seen", "date"),
    field("rank", "integer"),
    field("flag", "boolean"),
    field("note", "string"),
  ],
  icp: and(test(fieldRef("n", "integer"), "gte", 10), {
    op: "not",
    arg: test(fieldRef("region", "string"), "eq", "EU"),
  }),
  scores: [
    {
      name: "fit",
      kind: "criteria",
      criteria: [
        { id: "big", when: test(fieldRef("n", "integer"), "gte", 50), points: 50 },
        { id: "tagged", when: test(fieldRef("tags", "string[]"), "contains_any", ["a", "b"]), points: 30 },
        { id: "recent", when: test(fieldRef("seen", "date"), "within_days", 30), points: 20 },
      ],
    },
    { name: "heat", kind: "field", field: "x" },
  ],
  tiers: [
    {
      id: "t1",
      when: test(scoreRef("fit"), "gte", 50),
      capacity: 3,
      rankBy: [{ ref: scoreRef("heat"), order: "desc" }],
      activate: ["a-tier"],
    },
    {
      id: "t2",
      when: test(fieldRef("flag", "boolean"), "eq", true),
      capacity: 2,
      rankBy: [{ ref: fieldRef("rank", "integer"), order: "asc" }],
      activate: ["a-tier"],
    },
    { id: "t3", when: test(scoreRef("fit"), "gte", 30), capacity: 0, rankBy: [], activate: [] },
    { id: "t4", when: { op: "const", value: true }, capacity: null, rankBy: [], activate: ["a-tier"] },
  ],
  segments: [
    {
      id: "tagged",
      axis: null,
      owner: null,
      when: test(fieldRef("tags", "string[]"), "exists"),
      activate: ["a-seg", "a-hot"],
    },
  ],
  fallback: { id: "other", activate: ["a-seg"] },
  contacts: null,
  activations: [
    { name: "a-seg", destination: "crm", when: null, set: {}, audience: null, sequence: null },
    { name: "a-tier", destination: "crm", when: null, set: {}, audience: null, sequence: null },
    {
      name: "a-hot",
      destination: "crm",
      when: test(scoreRef("heat"), "gte", 50),
      set: {},
      audience: null,
      sequence: null,
    },
  ],
  destinations: [],
  quality: {},
});

/**
 * What evaluateFile computed before it was optimised: prepare, offer, finish, one account at a time. Rows not
 * kept (later rows of a key, with --on-duplicate first) are left out but keep their numbers.
 */
function reference(engine: Engine, rows: Value[][], kept: (row: number) => boolean = () => true): AccountResult[] {
  const allocator = engine.newAllocator();
  for (let row = 0; row < rows.length; row++) {
    if (!kept(row)) continue;
    const candidate = engine.candidate(engine.prepare(rows[row]!, row));
    if (candidate) allocator.offer(candidate);
  }
  const allocation = allocator.result();
  return rows.flatMap((values, row) => (kept(row) ? [engine.finish(engine.prepare(values, row), allocation)] : []));
}

const cell = (values: (string | null)[]) => fc.constantFrom(...values);
const account = fc.record({
  n: cell(["", "5", "10", "49", "50", "200", "1,000", "x"]),
  region: cell(["", "NA", "EU", "APAC"]),
  tags: cell(["", "a", "b;c", "c", " a ; ;b "]),
  x: cell(["", "0", "10", "49.5", "50", "75", "120", "-3"]),
  seen: cell(["", "2026-06-10", "2026-05-01", "2026-07-01", "nope"]),
  rank: cell(["", "1", "2", "3", "7"]),
  flag: cell(["", "true", "false", "yes", "0"]),
  note: cell(["", "plain", "with, comma", 'say "hi"', "two\nlines"]),
});

async function drain(results: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of results);
}

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

describe("evaluateFile", () => {
  it("gives, account by account and with capacities, what prepare/offer/finish give, from CSV and JSONL", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(account, { maxLength: 80, size: "max" }),
        fc.boolean(),
        async (accounts, duplicateKeys) => {
          const records = accounts.map(
            (a, i) => ({ id: duplicateKeys ? `k${i % 7}` : `k${i}`, ...a }) as Record<string, string>,
          );
          const csv =
            [
              PLAN.fields.map((f) => f.column).join(","),
              ...records.map((r) => PLAN.fields.map((f) => quote(r[f.name] ?? "")).join(",")),
            ].join("\n") + "\n";
          const jsonl =
            records
              .map((r) =>
                JSON.stringify(
                  Object.fromEntries(PLAN.fields.map((f) => [f.column, r[f.name] === "" ? null : r[f.name]])),
                ),
              )
              .join("\n") + "\n";

          const engine = new Engine(PLAN, { asOf: AS_OF });
          const coercer = new RecordCoercer(PLAN.fields);
          const rows = records.map((r) =>
            coercer.fromObject(Object.fromEntries(PLAN.fields.map((f) => [f.column, r[f.name]]))),
          );
          // With repeated keys, --on-duplicate first keeps each key's first row (and the default refuses the file).
          const kept = (row: number) => !duplicateKeys || row < 7;
          const keptRows = rows.flatMap((_, row) => (kept(row) ? [row] : []));
          const expected = reference(engine, rows, kept);
          if (!duplicateKeys) expect(evaluateAccounts(engine, rows)).toEqual(expected);

          for (const path of [file(csv, "csv"), file(jsonl, "jsonl")]) {
            const issues: DataIssue[] = [];
            const results: AccountResult[] = [];
            const onDuplicate = duplicateKeys ? "first" : "error";
            for await (const { result, prepared } of evaluateFile(engine, path, {
              asOf: AS_OF,
              onIssue: (issue) => issues.push(issue),
              onDuplicate,
              keysInMemory: 20,
            })) {
              const row = keptRows[results.length]!;
              expect(prepared).toEqual(engine.prepare(rows[row]!, row));
              results.push(result);
            }
            expect(results).toEqual(expected);
            if (duplicateKeys && records.length > 7) {
              const error = await drain(evaluateFile(engine, path, { asOf: AS_OF, keysInMemory: 20 })).catch(
                (e: unknown) => e,
              );
              // Record 7 (0-based) repeats record 0's key; in CSV, notes with a line break take two lines.
              const csvLine =
                2 + records.slice(0, 8).reduce((lines, r) => lines + (r.note!.includes("\n") ? 2 : 1), 0) - 1;
              expect(error).toMatchObject({ code: "SEG104", line: path.endsWith(".csv") ? csvLine : 8 });
            }
            // Issues come in input order, each before its account.
            expect(issues.map((issue) => issue.line)).toEqual(
              [...issues.map((issue) => issue.line)].sort((a, b) => a - b),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("refuses a row without a key at its line, before any result", async () => {
    const engine = new Engine(PLAN, { asOf: AS_OF });
    const header = "Col_id,Col_n,Col_region,Col_tags,Col_x,Col_seen,Col_rank,Col_flag,Col_note\n";
    const results: unknown[] = [];
    const error = await (async () => {
      for await (const account of evaluateFile(engine, file(header + "A,x,NA,,,,,,\n  ,20,NA,,,,,,\n", "csv"), {
        asOf: AS_OF,
      }))
        results.push(account);
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SEG101", line: 3, message: "account key Col_id is missing" });
    expect(results).toEqual([]);
    await expect(
      drain(evaluateFile(engine, file('{"Col_id":"A"}\n{"Col_id":null}\n', "jsonl"), { asOf: AS_OF })),
    ).rejects.toMatchObject({ code: "SEG101", line: 2 });
  });

  it("reports each account's issues before yielding it (explain depends on it)", async () => {
    const path = file(
      "Col_id,Col_n,Col_region,Col_tags,Col_x,Col_seen,Col_rank,Col_flag,Col_note\nA,x,NA,,,,,,\nB,20,MARS,,,,,,\nC,20,NA,,,,,,\n",
      "csv",
    );
    const engine = new Engine(PLAN, { asOf: AS_OF });
    const events: string[] = [];
    for await (const { result } of evaluateFile(engine, path, {
      asOf: AS_OF,
      onIssue: (issue) => events.push(`issue ${issue.line} ${issue.code}`),
    })) {
      events.push(`account ${String(result.key)}`);
    }
    expect(events).toEqual(["issue 2 SEG100", "account A", "issue 3 SEG102", "account B", "account C"]);
  });
});

describe("evaluateFile: conditions over contacts", () => {
  // ICP: at least one contact with role `buyer`; a capped tier ranks by n (the allocation pass reads contacts too).
  const plan: Plan = withHash({
    ...PLAN,
    fields: [field("id", "string"), field("n", "integer")],
    icp: {
      op: "contacts",
      where: { op: "test", ref: { kind: "role", name: "role", type: "string" }, test: "eq", value: "buyer" },
      measure: "count",
      test: "gte",
      value: 1,
    },
    scores: [],
    tiers: [
      {
        id: "top",
        when: { op: "const", value: true },
        capacity: 1,
        rankBy: [{ ref: fieldRef("n", "integer"), order: "desc" }],
        activate: [],
      },
    ],
    segments: [],
    activations: [],
    contacts: {
      accountKey: "account",
      key: "cid",
      fields: [field("account", "string"), field("cid", "string"), field("title", "string")],
      roles: [{ id: "buyer", when: test(fieldRef("title", "string"), "starts_with", "VP") }],
    },
  });
  const accounts = file("Col_id,Col_n\nA,5\nB,7\nC,9\n", "csv");
  const contacts = file(
    "Col_account,Col_cid,Col_title\nA,c1,VP Sales\nB,c2,VP IT\nB,c3,Analyst\nC,c4,Analyst\n,c5,VP\n",
    "csv",
  );

  it("reads the contacts first (options.contacts), then labels the accounts, capacities included", async () => {
    const out: [string | number | null, boolean, string | null][] = [];
    for await (const { result } of evaluateFile(new Engine(plan, { asOf: AS_OF }), accounts, { asOf: AS_OF, contacts }))
      out.push([result.key, result.icp, result.tier]);
    expect(out).toEqual([
      ["A", true, null],
      ["B", true, "top"],
      ["C", false, null],
    ]);
  });

  it("refuses to run without contact data (SEG044), before reading any account", async () => {
    const run = async () => {
      for await (const _ of evaluateFile(new Engine(plan, { asOf: AS_OF }), accounts, { asOf: AS_OF })) void _;
    };
    await expect(run()).rejects.toMatchObject({
      code: "SEG044",
      message: "the definitions test accounts' contacts (a `contacts:` condition), but no contact data was given",
    });
  });
});
