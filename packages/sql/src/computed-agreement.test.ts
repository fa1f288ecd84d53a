// Derived fields (`compute:`): the SQL of test/projects/derived-fields.yaml labels hand-written accounts exactly as
// the JS engine does, in DuckDB and PostgreSQL, with exact values: missing operands, division by zero, a derived
// field reading another, a date-valued one, ties at thresholds. (Random expressions are in the property test.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "@segform/engine";
import { differences, runAccounts } from "../test/agreement.js";
import { duckdb, postgres, postgresUrl, type TestEngine } from "../test/engines.js";
import { AS_OF, REPO, compileText, jsLabels } from "../test/examples.js";

const plan = compileText(readFileSync(join(REPO, "packages/sql/test/projects/derived-fields.yaml"), "utf8"));
const HEADER = ["account_id", "revenue", "employees", "contract_start", "renewal_date", "last_touch"];
const ROWS: (string | null)[][] = [
  ["A", "6000000", "100", "2025-01-01", "2026-12-31", null],
  ["B", "6000000", "0", "2025-01-01", "2026-12-31", null],
  ["C", null, "10", null, null, null],
  ["D", "20000000", "100", null, null, "2026-11-20"],
  ["E", "60000", "1", "2026-01-01", "2026-06-01", "2026-11-20"],
  ["F", "100000", "2", "2026-01-01", "2027-01-01", "2026-11-15"],
  ["G", "49999.99", "1", "2026-01-01", "2027-01-01", "2027-03-01"],
];

describe("derived fields: exact values in the JS engine", () => {
  it("computes each account's derived values (missing operands and division by zero are missing)", () => {
    const engine = new Engine(plan, { asOf: AS_OF });
    const indexes = engine.coercer.columnIndexes(HEADER);
    const derived = ROWS.map((cells) => {
      const prepared = engine.prepare(
        engine.coercer.fromCells(
          cells.map((cell) => cell ?? ""),
          indexes,
        ),
        0,
      );
      return Object.fromEntries(
        plan.computed!.map((field, index) => [field.name, prepared.values[plan.fields.length + index]]),
      );
    });
    expect(plan.computed!.map((field) => field.name)).toEqual([
      "contract_days",
      "mixed",
      "next_touchpoint",
      "revenue_per_employee",
      "revenue_band",
    ]);
    const day = (iso: string) =>
      Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
    expect(derived).toEqual([
      {
        contract_days: 729,
        mixed: 6000000 / 99 - 150,
        next_touchpoint: day("2026-12-31"),
        revenue_per_employee: 60000,
        revenue_band: 60,
      },
      {
        contract_days: 729,
        mixed: -6000000 - 10,
        next_touchpoint: day("2026-12-31"),
        revenue_per_employee: null,
        revenue_band: null,
      },
      { contract_days: null, mixed: null, next_touchpoint: null, revenue_per_employee: null, revenue_band: null },
      {
        contract_days: null,
        mixed: 20000000 / 99 - 150,
        next_touchpoint: null,
        revenue_per_employee: 200000,
        revenue_band: 200,
      },
      {
        contract_days: 151,
        mixed: null,
        next_touchpoint: day("2026-06-01"),
        revenue_per_employee: 60000,
        revenue_band: 60,
      },
      {
        contract_days: 365,
        mixed: 100000 - 5,
        next_touchpoint: day("2026-11-15"),
        revenue_per_employee: 50000,
        revenue_band: 50,
      },
      {
        contract_days: 365,
        mixed: null,
        next_touchpoint: day("2027-01-01"),
        revenue_per_employee: 49999.99,
        revenue_band: 50,
      },
    ]);
  });

  it("labels the accounts by them", () => {
    const labels = jsLabels(plan, HEADER, ROWS).map((label) => [
      label.key,
      label.icp,
      label.scores[0],
      label.tier,
      label.segment,
    ]);
    expect(labels).toEqual([
      ["A", true, 40, null, "renewing"],
      ["B", false, 40, null, null],
      ["C", false, 0, null, null],
      ["D", true, 60, "t1", "rest"],
      ["E", true, 0, null, "rest"],
      ["F", true, 40, null, "renewing"],
      ["G", false, 40, null, null],
    ]);
  });
});

function suite(name: string, connect: () => Promise<TestEngine>): void {
  describe(`derived fields: ${name} agrees with the JS engine`, () => {
    let db: TestEngine;
    beforeAll(async () => {
      db = await connect();
    });
    afterAll(async () => db?.close());

    it("on the hand-written accounts", async () => {
      const want = jsLabels(plan, HEADER, ROWS);
      expect(differences(await runAccounts(db, plan, HEADER, ROWS), want, (i) => `row ${i + 1}`)).toEqual([]);
    });
  });
}

suite("DuckDB", duckdb);
const url = postgresUrl();
if (url) suite("PostgreSQL", () => postgres(url));
else it.skip("derived fields: PostgreSQL (no server)", () => undefined);
