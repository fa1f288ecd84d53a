// Conditions over an account's contacts (`contacts: { where, count, distinct_roles }`): the SQL aggregate over the
// contacts query, joined by key, must give what the JS engine's ContactIndex gives, in DuckDB and PostgreSQL, for
// random conditions (fast-check, seeded) over hostile contacts: no contacts, contacts without an account key or a
// role, account keys that differ by case, padding or leading zeros, integer account keys, dirty titles and dates.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactIndex, Engine, evaluateAccounts, type Value } from "@segform/engine";
import { formatScore } from "@segform/data";
import type { Plan } from "@segform/plan";
import { compileSql } from "./compile.js";
import { compileText, sqlLabels, type Labels } from "../test/examples.js";
import { differences, loadCells } from "../test/agreement.js";
import { duckdb, postgres, postgresUrl, ROW_COLUMN, type TestEngine } from "../test/engines.js";

const AS_OF = "2026-11-01";
const RUNS = Number(process.env.SEGFORM_PROPERTY_RUNS ?? 150);

/** Conditions over contacts, as YAML (the `where` of a contacts test). */
const WHERES = [
  "{ role: ciso }",
  "{ role: [champion, ciso] }",
  "{ role: { ne: champion } }",
  "{ role: { exists: false } }",
  "{ title: { contains: director } }",
  "{ title: { starts_with: vp } }",
  "{ seniority: c_level, last_seen: { within_days: 30 } }",
  "{ all: [ { seniority: [c_level, vp] }, { not: { role: ciso } } ] }",
  "{ any: [ { last_seen: { days_ago: { gte: 90 } } }, { last_seen: { exists: false } } ] }",
  '{ title: { matches: "^(vp|head) " } }',
  "senior",
];
const MEASURES = ["count", "distinct_roles"] as const;
const TESTS = [
  "{ gte: 1 }",
  "{ gte: 2 }",
  "{ eq: 0 }",
  "{ lt: 2 }",
  "{ between: [1, 3] }",
  "{ in: [0, 2] }",
  "{ ne: 1 }",
  "{ not_in: [1] }",
  "{ gt: 0.5 }",
];

interface ConditionSpec {
  where: number | null;
  measure: (typeof MEASURES)[number];
  test: number;
}

function contactsYaml(condition: ConditionSpec): string {
  const where = condition.where === null ? "" : `where: ${WHERES[condition.where]}, `;
  return `{ contacts: { ${where}${condition.measure}: ${TESTS[condition.test]} } }`;
}

function planYaml(keyType: "string" | "integer", icp: ConditionSpec[], criteria: ConditionSpec[]): string {
  return [
    "version: 1",
    "key: id",
    "fields:",
    `  id: { type: ${keyType} }`,
    "  size: { type: integer }",
    "icp:",
    `  include: { any: [ ${icp.map(contactsYaml).join(", ")} ] }`,
    "scores:",
    "  fit:",
    "    criteria:",
    ...criteria.map((c, i) => `      - { id: c${i + 1}, when: ${contactsYaml(c)}, points: ${10 + i} }`),
    "      - { id: big, when: { size: { gte: 100 } }, points: 1 }",
    "tiers:",
    "  - { id: t1, when: { fit: { gte: 11 } } }",
    "contacts:",
    "  account_key: account",
    "  key: cid",
    "  fields:",
    "    cid: { type: string }",
    "    account: { type: string }",
    "    title: { type: string, case: lower, null_values: [n/a] }",
    "    seniority: { type: string }",
    "    last_seen: { type: date }",
    "  define:",
    "    senior: { seniority: [c_level, vp, director] }",
    "  roles:",
    '    - { id: ciso, when: { title: { matches: "\\\\bciso\\\\b" } } }',
    "    - { id: champion, when: { title: { contains: director } } }",
    "    - { id: economic-buyer, when: { seniority: c_level } }",
    "",
  ].join("\n");
}

const conditionArb: fc.Arbitrary<ConditionSpec> = fc.record({
  where: fc.option(fc.nat({ max: WHERES.length - 1 }), { nil: null, freq: 4 }),
  measure: fc.constantFrom(...MEASURES),
  test: fc.nat({ max: TESTS.length - 1 }),
});

const ACCOUNT_KEYS = ["A", "a", "B", "1", "01", "2", " A", "é", "e\u0301", "10"];
const CONTACT_ACCOUNTS = [...ACCOUNT_KEYS, "A ", "\u00a0B", "C", "", "1.0", "+1"];
const TITLES = [
  "CISO",
  "VP & ciso",
  "Director IT",
  "director",
  "VP Sales",
  "Head of Data",
  "N/A",
  "n/a",
  "Analyst",
  "Chief",
  "ciso\u00a0",
  "ÇISO",
  "",
  "vp",
];
const SENIORITY = ["c_level", "vp", "director", "manager", "individual", "C_LEVEL", ""];
const DATES = [
  "2026-10-20",
  "2026-11-01",
  "2026-08-03",
  "2026-08-02",
  "2025-01-01",
  "2026-12-01",
  "2026-02-30",
  "n/a",
  "",
];

const contactRowArb = fc.tuple(
  fc.option(fc.constantFrom("c1", "c2", "c3", "c4", "x"), { nil: null, freq: 6 }),
  // Most contacts on a few accounts, so committees are large enough for counts and repeated roles to matter.
  fc.option(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("A", "B", "1") },
      { weight: 1, arbitrary: fc.constantFrom(...CONTACT_ACCOUNTS) },
    ),
    { nil: null, freq: 8 },
  ),
  fc.option(fc.constantFrom(...TITLES), { nil: null, freq: 8 }),
  fc.option(fc.constantFrom(...SENIORITY), { nil: null, freq: 8 }),
  fc.option(fc.constantFrom(...DATES), { nil: null, freq: 6 }),
);
const accountRowArb = fc.tuple(
  fc.option(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom("A", "B", "1") },
      { weight: 2, arbitrary: fc.constantFrom(...ACCOUNT_KEYS) },
    ),
    { nil: null, freq: 10 },
  ),
  fc.constantFrom("5", "150", ""),
);

const CONTACT_HEADER = ["cid", "account", "title", "seniority", "last_seen"];
const ACCOUNT_HEADER = ["id", "size"];

/** The JS engine's labels with its contacts: ContactIndex over the contact cells, then the accounts. */
function jsLabels(
  plan: Plan,
  accounts: readonly (readonly (string | null)[])[],
  contacts: readonly (readonly (string | null)[])[],
): Labels[] {
  const engine = new Engine(plan, { asOf: AS_OF });
  const index = new ContactIndex(plan, engine.asOfDay);
  const contactColumns = index.coercer.columnIndexes(CONTACT_HEADER);
  contacts.forEach((cells, row) =>
    index.add(
      index.coercer.fromCells(
        cells.map((cell) => cell ?? ""),
        contactColumns,
      ),
      row,
    ),
  );
  engine.useContacts(index);
  const columns = engine.coercer.columnIndexes(ACCOUNT_HEADER);
  const values: Value[][] = accounts.map((cells) =>
    engine.coercer.fromCells(
      cells.map((cell) => cell ?? ""),
      columns,
    ),
  );
  return evaluateAccounts(engine, values).map((result) => ({
    key: result.key === null ? null : String(result.key),
    icp: result.icp,
    scores: result.scores.map(formatScore),
    tier: result.tier,
    segment: result.segment,
    activations: result.activations.join(";"),
  }));
}

async function sqlLabelsOf(
  db: TestEngine,
  plan: Plan,
  accounts: readonly (readonly (string | null)[])[],
  contacts: readonly (readonly (string | null)[])[],
): Promise<Labels[]> {
  await loadCells(db, "accounts", ACCOUNT_HEADER, accounts);
  await loadCells(db, "contacts", CONTACT_HEADER, contacts);
  const { accounts: query } = compileSql(plan, {
    dialect: db.dialect,
    table: "accounts",
    contactsTable: "contacts",
    asOf: AS_OF,
    rowColumn: ROW_COLUMN,
  });
  return sqlLabels(plan, await db.query(query));
}

function suite(name: string, connect: () => Promise<TestEngine>): void {
  describe(`contacts conditions: ${name} agrees with the JS engine`, () => {
    let db: TestEngine;
    beforeAll(async () => {
      db = await connect();
    });
    afterAll(async () => db?.close());

    it("on a hand-written buying committee (exact values)", async () => {
      const plan = compileText(
        planYaml(
          "string",
          [{ where: 0, measure: "count", test: 0 }],
          [
            { where: null, measure: "distinct_roles", test: 1 },
            { where: 4, measure: "count", test: 2 },
          ],
        ),
      );
      const accounts = [
        ["A", "5"],
        ["B", "150"],
        ["C", "5"],
        [null, "5"],
      ];
      const contacts = [
        ["c1", "A", "CISO", "c_level", "2026-10-20"],
        ["c2", "A", "Director IT", "director", null],
        ["c3", "B", "VP Sales", "vp", null],
        ["c4", null, "CISO", "c_level", null],
        ["x", "a", "CISO", "c_level", null],
      ];
      const want = jsLabels(plan, accounts, contacts);
      // A: a CISO (ICP), 2 roles (+10), a director (so not +11); B: no CISO (`a` is another key), no role, no director
      // (+11), size 150 (+1); C and the account without a key: no contacts at all (+11).
      expect(want.map((label) => [label.key, label.icp, label.scores[0]])).toEqual([
        ["A", true, 10],
        ["B", false, 12],
        ["C", false, 11],
        [null, false, 11],
      ]);
      expect(differences(await sqlLabelsOf(db, plan, accounts, contacts), want, (i) => `row ${i + 1}`)).toEqual([]);
    });

    it(`on ${RUNS} random conditions over random contacts`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<"string" | "integer">("string", "string", "integer"),
          fc.array(conditionArb, { minLength: 1, maxLength: 2 }),
          fc.array(conditionArb, { minLength: 1, maxLength: 3 }),
          fc.array(accountRowArb, { maxLength: 8 }),
          fc.array(contactRowArb, { maxLength: 24 }),
          async (keyType, icp, criteria, accounts, contacts) => {
            const plan = compileText(planYaml(keyType, icp, criteria));
            const want = jsLabels(plan, accounts, contacts);
            const got = await sqlLabelsOf(db, plan, accounts, contacts);
            expect(differences(got, want, (i) => `row ${i + 1} ${JSON.stringify(accounts[i])}`)).toEqual([]);
          },
        ),
        { numRuns: RUNS, seed: 20261101 },
      );
    }, 600_000);
  });
}

suite("DuckDB", duckdb);
const url = postgresUrl();
if (url) suite("PostgreSQL", () => postgres(url));
else it.skip("contacts conditions: PostgreSQL (no server)", () => undefined);
