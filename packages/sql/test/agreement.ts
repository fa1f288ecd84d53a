// The agreement suite, run against each engine: the compiled SQL must label every account (and contact) exactly as
// the JS engine does, on the quick start and every example, and on hand-written hostile data.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateFile } from "@segform/data";
import { Engine } from "@segform/engine";
import { parseDay, type Plan } from "@segform/plan";
import { compileSql } from "../src/compile.js";
import {
  AS_OF,
  compileText,
  examples,
  jsContactLabels,
  jsLabels,
  readCsv,
  sqlLabels,
  type ContactLabels,
  type Labels,
} from "./examples.js";
import { ROW_COLUMN, type TestEngine } from "./engines.js";

/** Distinct column names as the JS reader takes them (the first of a repeated name wins). */
function tableColumns(header: readonly string[]): { names: string[]; positions: number[] } {
  const seen = new Set<string>();
  const names: string[] = [];
  const positions: number[] = [];
  header.forEach((name, index) => {
    if (seen.has(name.toLowerCase())) return;
    seen.add(name.toLowerCase());
    names.push(name);
    positions.push(index);
  });
  return { names, positions };
}

export async function loadCells(
  db: TestEngine,
  table: string,
  header: readonly string[],
  rows: readonly (readonly (string | null)[])[],
): Promise<void> {
  const { names, positions } = tableColumns(header);
  await db.load(
    table,
    names,
    rows.map((cells) => positions.map((position) => cells[position] ?? null)),
  );
}

/** Where two label lists differ (at most `limit` lines). */
export function differences<T>(
  got: readonly T[],
  want: readonly T[],
  describeRow: (index: number) => string,
  limit = 10,
): string[] {
  const out: string[] = [];
  if (got.length !== want.length) out.push(`SQL gave ${got.length} rows, JS ${want.length}`);
  for (let i = 0; i < Math.min(got.length, want.length) && out.length < limit; i++) {
    if (JSON.stringify(got[i]) !== JSON.stringify(want[i]))
      out.push(`${describeRow(i)}: SQL ${JSON.stringify(got[i])} != JS ${JSON.stringify(want[i])}`);
  }
  return out;
}

export async function runAccounts(
  db: TestEngine,
  plan: Plan,
  header: readonly string[],
  rows: readonly (readonly (string | null)[])[],
  asOf = AS_OF,
): Promise<Labels[]> {
  await loadCells(db, "accounts", header, rows);
  const { accounts } = compileSql(plan, {
    dialect: db.dialect,
    table: "accounts",
    contactsTable: "contacts",
    asOf,
    rowColumn: ROW_COLUMN,
  });
  return sqlLabels(plan, await db.query(accounts));
}

export function agreementSuite(name: string, connect: () => Promise<TestEngine>): void {
  describe(`${name} agrees with the JS engine`, () => {
    let db: TestEngine;
    beforeAll(async () => {
      db = await connect();
    });
    afterAll(async () => db?.close());

    for (const example of examples()) {
      it(`on ${example.name}: every account`, async () => {
        const { header, rows } = await readCsv(example.accounts);
        // Account conditions over contacts read the contacts table the accounts query joins.
        if (example.contacts) {
          const contacts = await readCsv(example.contacts);
          await loadCells(db, "contacts", contacts.header, contacts.rows);
        }
        const got = await runAccounts(db, example.plan, header, rows);
        // The reference: the engine as `segform run` drives it, streaming the file.
        const engine = new Engine(example.plan, { asOf: AS_OF });
        const want: Labels[] = [];
        for await (const { result } of evaluateFile(engine, example.accounts, {
          asOf: AS_OF,
          contacts: example.contacts ?? undefined,
        })) {
          want.push({
            key: result.key === null ? null : String(result.key),
            icp: result.icp,
            scores: result.scores.map((score) => Math.round(score * 10_000) / 10_000),
            tier: result.tier,
            segment: result.segment,
            activations: result.activations.join(";"),
          });
        }
        expect(want.length).toBeGreaterThan(100);
        expect(differences(got, want, (i) => `row ${i + 1} (${want[i]?.key})`)).toEqual([]);
        // The example exercises something: tiers and segments are not all empty.
        expect(new Set(want.map((label) => label.tier)).size).toBeGreaterThan(1);
      });

      if (example.contacts) {
        it(`on ${example.name}: every contact`, async () => {
          const { header, rows } = await readCsv(example.contacts!);
          await loadCells(db, "contacts", header, rows);
          const { contacts } = compileSql(example.plan, {
            dialect: db.dialect,
            table: "accounts",
            contactsTable: "contacts",
            asOf: AS_OF,
            rowColumn: ROW_COLUMN,
          });
          const result = await db.query(contacts!);
          const plan = example.plan;
          const got: ContactLabels[] = result.map((row) => ({
            key: row[plan.contacts!.key ?? "contact"] === null ? null : String(row[plan.contacts!.key ?? "contact"]),
            account: row[plan.contacts!.accountKey] === null ? null : String(row[plan.contacts!.accountKey]),
            role: (row.role as string | null) ?? null,
          }));
          const want = jsContactLabels(plan, header, rows, parseDay(AS_OF)!);
          expect(differences(got, want, (i) => `contact ${i + 1}`)).toEqual([]);
          expect(new Set(want.map((label) => label.role)).size).toBeGreaterThan(2);
        });
      }
    }

    it("on hostile values: missing, whitespace, thousands, n/a, impossible dates, enum violations", async () => {
      const plan = compileText(HOSTILE_PLAN);
      const got = await runAccounts(db, plan, HOSTILE_HEADER, HOSTILE_ROWS);
      const want = jsLabels(plan, HOSTILE_HEADER, HOSTILE_ROWS);
      expect(differences(got, want, (i) => `row ${i + 1} ${JSON.stringify(HOSTILE_ROWS[i])}`)).toEqual([]);
      // The cases reach every label.
      expect(new Set(want.map((label) => label.tier))).toEqual(new Set([null, "gold", "silver", "bronze"]));
      expect(want.some((label) => label.activations.includes(";"))).toBe(true);
    });

    it("on ties at capacity boundaries: rank values, keys (numbers, code points, missing), input order", async () => {
      // Date keys are refused by the compiler (KeyFieldRule): keys are strings or numbers.
      for (const keyType of ["string", "integer", "number"] as const) {
        const plan = compileText(capacityPlan(keyType));
        const header = ["id", "a", "b", "rank", "seen"];
        const rows = capacityRows(keyType);
        const got = await runAccounts(db, plan, header, rows);
        const want = jsLabels(plan, header, rows);
        expect(differences(got, want, (i) => `${keyType} key row ${i + 1} ${JSON.stringify(rows[i])}`)).toEqual([]);
        const tiers = new Set(want.map((label) => label.tier));
        expect(tiers.size).toBeGreaterThanOrEqual(4);
      }
    });

    it("on generated data for capacities (property)", async () => {
      const plan = compileText(capacityPlan("string"));
      const header = ["id", "a", "b", "rank", "seen"];
      const cell = (values: string[]) => fc.oneof(fc.constantFrom(...values), fc.constant(null));
      const row = fc.tuple(
        cell(["k1", "k2", "K1", "é", "z", "\uffff", "😀", "10", "9", " k1 "]),
        cell(["0", "1", "2", "3", "x", "1,0"]),
        cell(["0", "1", "2"]),
        cell(["1", "2", "2.0", "-1", "", "n/a"]),
        cell(["2026-10-30", "2026-11-01", "2026-02-30", ""]),
      );
      const datasets = fc.sample(fc.array(row, { minLength: 0, maxLength: 60 }), { numRuns: 25, seed: 99 });
      for (const rows of datasets) {
        const got = await runAccounts(db, plan, header, rows);
        const want = jsLabels(plan, header, rows);
        expect(
          differences(got, want, (i) => `row ${i + 1} ${JSON.stringify(rows[i])} of ${JSON.stringify(rows)}`),
        ).toEqual([]);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values

const HOSTILE_PLAN = `
version: 1
key: id
fields:
  id:        { type: string }
  employees: { type: integer, from: Employees }
  revenue:   { type: number, from: Revenue, default: 0 }
  region:    { type: string, from: Region, enum: [NA, EMEA] }
  tech:      { type: "string[]", from: Tech, separator: "|", enum: [dbt, snowflake, looker, "power bi"] }
  visit:     { type: date, from: Visit }
  closed:    { type: date, from: Closed, default: "2026-01-01" }
  demo:      { type: boolean, from: Demo, default: false }
  title:     { type: string, from: Title }
  growth:    { type: number, from: Growth }
  tier_hint: { type: string, from: Hint, enum: [a, b], default: b }
define:
  mid: { employees: { between: [100, 5000] } }
icp:
  include: { any: [mid, { revenue: { gt: 1000000 } }, { title: { matches: "(?i)^(vp|head)\\\\b" } }] }
  exclude: { any: [{ title: { contains: test } }, { region: { missing: true } }] }
scores:
  fit:
    criteria:
      - { id: mid, when: mid, points: 40 }
      - { id: stack, when: { tech: { contains_any: [dbt, snowflake] } }, points: 20.5 }
      - { id: all, when: { tech: { contains_all: [dbt, looker] } }, points: 10.25 }
      - { id: bi, when: { tech: { contains: power bi } }, points: 5.125 }
      - { id: rich, when: { revenue: { gte: 5000000 } }, points: 0.1 }
      - { id: richer, when: { revenue: { gte: 10000000 } }, points: 0.2 }
      - { id: not-na, when: { not: { region: NA } }, points: -15 }
      - { id: closed-recently, when: { closed: { within_days: 300 } }, points: 7.77777 }
      - { id: demo, when: { demo: true }, points: 30 }
      - { id: ne-demo, when: { demo: { ne: true } }, points: 1 }
      - { id: starts, when: { title: { starts_with: "Head" } }, points: 3 }
      - { id: ends, when: { title: { ends_with: "ops" } }, points: 2 }
      - { id: hint, when: { tier_hint: { in: [a] } }, points: 0.00005 }
      - { id: hint-not, when: { tier_hint: { not_in: [a] } }, points: 0.00004 }
  heat: { from: growth }
  mix:
    criteria:
      - { id: fit-high, when: { fit: { gte: 60 } }, points: 50 }
      - { id: heat-any, when: { heat: { gt: 0 } }, points: 49.99995 }
      - { id: visited, when: { visit: { within_days: 30 } }, points: 0.00005 }
      - { id: visited-on, when: { visit: { eq: "2026-11-01" } }, points: 1 }
      - { id: old, when: { visit: { lt: "2000-01-01" } }, points: 2 }
tiers:
  - { id: gold, when: { fit: { gte: 60 }, mix: { gte: 50 } }, capacity: 3, rank_by: [{ by: mix }, { by: revenue, order: asc }] }
  - { id: silver, when: { fit: { gte: 40 } }, capacity: 2, rank_by: [{ by: visit }] }
  - { id: bronze, when: { fit: { gte: 0 } }, activate: [crm-tier] }
segments:
  - { id: hot, axis: intent, when: { any: [{ demo: true }, { visit: { within_days: 14 } }] }, activate: [crm, fast] }
  - { id: data, axis: technographic, when: { tech: { exists: true } }, activate: [crm, ads] }
  - { id: top, axis: contextual, when: { tier: { in: [gold, silver] } }, activate: [crm] }
  - { id: untiered, axis: contextual, when: { tier: { missing: true } }, activate: [crm] }
  - { id: rest, activate: [crm] }
activations:
  crm:      { destination: sf }
  crm-tier: { destination: sf }
  fast:     { destination: sf, when: { fit: { gte: 60 } } }
  ads:      { destination: li, when: { not: { tier: bronze } } }
destinations:
  sf: { type: salesforce }
  li: { type: linkedin }
`;

const HOSTILE_HEADER = [
  "id",
  "Employees",
  "Revenue",
  "Region",
  "Tech",
  "Visit",
  "Closed",
  "Demo",
  "Title",
  "Growth",
  "Hint",
  "Unused",
];

const HOSTILE_ROWS: (string | null)[][] = [
  ["a01", "1,200", "5,000,000.00", "NA", "dbt|looker", "2026-10-30", "", "yes", "Head of Data", "12.5", "a", "x"],
  ["a02", " 350 ", "n/a", "EMEA", " dbt | | snowflake ", "2026-02-30", "2026-02-29", "Y", "VP Sales", "-3", "", ""],
  ["a03", "n/a", "12000000", "NA", "Power BI", "2026-11-01", "2026-13-01", "TRUE", "head  of ops", "1e2", "c", ""],
  ["a04", "100", "1e7", "APAC", "dbt", "2026-11-01T09:30:00Z", "2025-01-01", "no", "tester", "0", "A", ""],
  ["a05", "5000", "", "NA", "dbt|unknown", "2026-10-18", null, "0", "Chief of Staff", "100.00001", null, ""],
  ["a06", "4999.0", "1,2345", "NA", "power bi|looker", "2026-10-02", "2026-01-05", "maybe", "VP", "-0", "b", ""],
  ["a07", "\u00a0250\u3000", "+5000000", "EMEA", "", "2026-10-01", "2026-01-01", "f", "ops", "1,000", "a", ""],
  ["a08", "2,00", "5000000", "NA", "looker|dbt", "1999-12-31", "2026-06-30", "t", "HEAD OF RevOps", "50", "a", ""],
  ["a09", "300", "10000000", "NA", "snowflake", "2026-11-02", "", "1", "Head of Sales", "75.5", "b", ""],
  ["a10", "300", "10000000", "NA", "snowflake", "2026-10-25", "", "1", "Head of Sales", "75.5", "b", ""],
  ["a11", "300", "10000000", "NA", "snowflake", "2026-10-25", "", "1", "Head of Sales", "75.5", "b", ""],
  ["a12", "-300", "0", "EMEA", "dbt", "0000-01-01", "", "", "", "", "", ""],
  ["a13", "300", "0.1", "EMEA", "dbt|snowflake", "2024-02-29", "", "n", "vp engineering", "33.33333", "", ""],
  ["a14", "9007199254740993", "1e400", "NA", "dbt", "", "", "", "HEAD", "", "", ""],
  ["", "300", "1", "NA", "dbt", "", "", "", "Head of It", "1", "", ""],
  [null, "301", "1", "NA", "dbt", "", "", "", "Head of It", "1", "", ""],
  ["a15", "300", "1", "na", "dbt", "", "", "", "Head", "1", "", ""],
  ["a16", "150", "1", "NA", "DBT", "2026-11-01 23:59", "", "yes", "Head", "99.99995", "", ""],
  ["a17", "150", "1", "NA", "dbt", "2026-11-01", "", "yes", "Head", "99.99994999", "", ""],
  ["a18", "150", "1", "NA", "dbt", "2026-11-01", "", "yes", "Head", "0.00005", "", ""],
  ["a19", "150", "1", "NA", "dbt", "2026-11-01", "", "yes", "Head", "1.00005", "", ""],
  ["a20", "150", "1", "NA", "dbt", "2026-11-01", "", "yes", "Head", "2.675", "", ""],
  ["a21", "150", "1", "NA", "dbt|looker", "2026-11-01", "", "yes", "Head", "1e-400", "", ""],
  ["a22", "150", "1", "NA", "dbt|looker", "2026-11-01", "", "yes", "Head", "1.0000000000000002", "", ""],
];

// ---------------------------------------------------------------------------------------------------------------
// Capacities

type KeyType = "string" | "integer" | "number";

function capacityPlan(keyType: KeyType): string {
  return `
version: 1
key: id
fields:
  id:   { type: ${keyType} }
  a:    { type: integer }
  b:    { type: integer }
  rank: { type: number }
  seen: { type: date }
scores:
  sa: { from: a }
  sb: { from: b }
tiers:
  - { id: first, when: { sa: { gte: 1 } }, capacity: 2, rank_by: [{ by: sa }, { by: sb, order: asc }] }
  - { id: none, when: { sb: { gte: 2 } }, capacity: 0 }
  - { id: open, when: { sa: { gte: 3 } } }
  - { id: second, when: { sb: { gte: 1 } }, capacity: 3, rank_by: [{ by: rank }] }
  - { id: third, when: { any: [{ sa: { gte: 0 } }, { seen: { exists: true } }] }, capacity: 4, rank_by: [{ by: seen, order: asc }, { by: rank, order: asc }] }
  - { id: rest, when: { sb: { gte: 0 } } }
segments:
  - { id: s1, when: { tier: first }, activate: [x] }
  - { id: s2, when: { tier: { in: [second, third] } }, activate: [x, y] }
activations:
  x: { destination: d }
  y: { destination: d, when: { tier: { ne: third } } }
destinations:
  d: { type: webhook, url: "\${env:HOOK_URL}" }
`;
}

const KEYS: Record<KeyType, (string | null)[]> = {
  string: [
    "b",
    "a",
    "a",
    "é",
    "z",
    "\uffff",
    "😀",
    "A",
    "10",
    "9",
    null,
    "",
    "a",
    "k",
    "K",
    "ß",
    "ss",
    "zz",
    "\u00e9",
    "e\u0301",
  ],
  integer: [
    "2",
    "1",
    "1",
    "10",
    "9",
    "-1",
    "0",
    "-0",
    "1,000",
    "007",
    null,
    "",
    "1",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "11",
  ],
  number: [
    "2.5",
    "1",
    "1.0",
    "1e3",
    "9007199254740991",
    "-1.5",
    "0",
    "-0",
    "1,000.5",
    "0.1",
    null,
    "",
    "1",
    "3",
    "4.25",
    "5",
    "6",
    "7",
    "8",
    "11",
  ],
};

function capacityRows(keyType: KeyType): (string | null)[][] {
  const keys = KEYS[keyType];
  const a = ["3", "3", "3", "3", "2", "2", "1", "1", "1", "0", "3", "2", "1", "0", null, "2", "2", "1", "0", "3"];
  const b = ["1", "1", "2", "0", "1", "1", "2", "2", "0", "1", "1", "1", "1", "2", "2", null, "1", "1", "1", "2"];
  const rank = [
    "1",
    "1",
    "2",
    "2",
    null,
    "2.0",
    "1",
    "n/a",
    "3",
    "3",
    "3",
    "1",
    "1",
    "-1",
    "2",
    "2",
    "",
    "2",
    "2",
    "1",
  ];
  const when = [
    "2026-10-30",
    "2026-10-30",
    null,
    "2026-02-30",
    "2026-11-01",
    "2026-10-30",
    "2026-10-29",
    "2026-10-29",
    "",
    "2026-10-30",
    "2026-10-30",
    "2026-11-01",
    "2026-10-29",
    "2026-10-29",
    "2026-10-30",
    null,
    "2026-10-29",
    "2026-10-29",
    "2026-10-30",
    "2026-10-30",
  ];
  // Equal in everything but input order, and first by key: the row decides who gets the last places.
  const duplicate = { string: "!", integer: "-5", number: "-5.5" }[keyType];
  const duplicates = [0, 1, 2].map(() => [duplicate, "3", "1", "1", "2026-10-30"]);
  return [...keys.map((key, i) => [key, a[i]!, b[i]!, rank[i]!, when[i]!]), ...duplicates];
}
