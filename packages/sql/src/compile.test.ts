// compileSql: options, refusals with their place in the plan, and plan shapes the examples do not reach (run in
// DuckDB against the JS engine).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Expr, Plan, TestExpr } from "@segform/plan";
import { compileSql, renderSqlScript } from "./compile.js";
import { SqlUnsupportedError } from "./errors.js";
import { compileText, jsContactLabels, jsLabels } from "../test/examples.js";
import { differences, loadCells, runAccounts } from "../test/agreement.js";
import { duckdb, ROW_COLUMN, type TestEngine } from "../test/engines.js";
import { parseDay } from "@segform/plan";

const BASE = `
version: 1
key: id
fields:
  id:    { type: string }
  size:  { type: integer }
  title: { type: string }
  tags:  { type: "string[]" }
  seen:  { type: date }
scores:
  fit: { criteria: [{ id: big, when: { size: { gte: 100 } }, points: 60 }] }
tiers:
  - { id: t1, when: { fit: { gte: 50 } } }
segments:
  - { id: s1, when: { title: { matches: "^VP" } } }
`;

const options = { dialect: "duckdb" as const, table: "accounts", asOf: "2026-11-01" };

describe("compileSql", () => {
  it("quotes a qualified table name part by part", () => {
    const { accounts } = compileSql(compileText(BASE), { ...options, dialect: "postgres", table: "crm.Accounts" });
    expect(accounts).toContain('FROM "crm"."Accounts" AS "source"');
  });

  it("refuses an unqualified table named like a stage of the query", () => {
    expect(() => compileSql(compileText(BASE), { ...options, table: "segments" })).toThrow(
      /has the name of a stage of the generated query/,
    );
    expect(compileSql(compileText(BASE), { ...options, table: "main.segments" }).accounts).toContain(
      '"main"."segments"',
    );
    // Stages named after the plan (a capped tier's) and the contacts table count too.
    const capped = compileText(
      BASE.replace("- { id: t1, when: { fit: { gte: 50 } } }", "- { id: t1, when: { fit: { gte: 50 } }, capacity: 5 }"),
    );
    expect(() => compileSql(capped, { ...options, table: "Tier_1_Capacity" })).toThrow(
      /"Tier_1_Capacity" has the name of a stage/,
    );
    expect(compileSql(compileText(BASE), { ...options, table: "tier_1_capacity" }).accounts).toContain(
      'FROM "tier_1_capacity" AS "source"',
    );
  });

  it("refuses an invalid as-of date", () => {
    expect(() => compileSql(compileText(BASE), { ...options, asOf: "2026-02-30" })).toThrow(RangeError);
    expect(() => compileSql(compileText(BASE), { ...options, asOf: "2026-11-01T00:00" })).toThrow(RangeError);
  });

  it("locates what it cannot translate", () => {
    const plan = compileText(BASE.replace('"^VP"', '"(?i)^vé"'));
    let error: unknown;
    try {
      compileSql(plan, { ...options, dialect: "postgres" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SqlUnsupportedError);
    expect((error as SqlUnsupportedError).where).toBe("segment s1");
    expect((error as SqlUnsupportedError).dialect).toBe("postgres");
    expect((error as SqlUnsupportedError).message).toContain('"(?i)^vé"');
    // RE2 dialects take it as it is.
    expect(compileSql(plan, options).accounts).toContain("regexp_full_match(\"f_title\", '(?s:.*?)((?i)^vé)(?s:.*)')");
  });

  it("refuses output columns that would collide (names compare case-insensitively in DuckDB and BigQuery)", () => {
    const plan = compileText(
      BASE.replace("  fit: {", "  Activations: {").replace("fit: { gte: 50 }", "Activations: { gte: 50 }"),
    );
    expect(() => compileSql(plan, options)).toThrow(/output column "activations"/);
  });

  it("writes measures and the days ahead in every dialect: whole-day differences from the literal as-of date, list lengths", () => {
    const plan = compileText(
      BASE.replace(
        "segments:\n",
        "segments:\n  - { id: s0, when: { seen: { days_ago: { gte: 90 }, days_until: { lte: 30 }, within_next_days: 7 }, tags: { count: { gte: 2 } } } }\n",
      ),
    );
    const lines = (dialect: "duckdb" | "postgres" | "snowflake" | "bigquery") =>
      compileSql(plan, { ...options, dialect })
        .accounts.split("\n")
        .filter((line) => /days|seen|tags/.test(line) && /COALESCE/.test(line))
        .map((line) => line.trim());
    expect(lines("duckdb")).toEqual([
      "COALESCE(date_diff('day', \"f_seen\", DATE '2026-11-01') >= 90, FALSE)",
      "AND COALESCE(date_diff('day', DATE '2026-11-01', \"f_seen\") <= 30, FALSE)",
      "AND COALESCE(\"f_seen\" BETWEEN DATE '2026-11-01' AND DATE '2026-11-08', FALSE)",
      'AND COALESCE(CASE WHEN "f_tags" IS NULL THEN NULL ELSE len("f_tags") END >= 2, FALSE)',
    ]);
    expect(lines("postgres").slice(0, 2)).toEqual([
      "COALESCE((DATE '2026-11-01' - \"f_seen\") >= 90, FALSE)",
      "AND COALESCE((\"f_seen\" - DATE '2026-11-01') <= 30, FALSE)",
    ]);
    expect(lines("snowflake").slice(0, 2)).toEqual([
      "COALESCE(DATEDIFF(day, \"f_seen\", DATE '2026-11-01') >= 90, FALSE)",
      "AND COALESCE(DATEDIFF(day, DATE '2026-11-01', \"f_seen\") <= 30, FALSE)",
    ]);
    expect(lines("bigquery").slice(0, 2)).toEqual([
      "COALESCE(DATE_DIFF(DATE '2026-11-01', `f_seen`, DAY) >= 90, FALSE)",
      "AND COALESCE(DATE_DIFF(`f_seen`, DATE '2026-11-01', DAY) <= 30, FALSE)",
    ]);
  });

  it("orders by key without a row column, by the row column with one", () => {
    expect(compileSql(compileText(BASE), options).accounts).toMatch(/ORDER BY "f_id" NULLS LAST$/);
    expect(compileSql(compileText(BASE), { ...options, dialect: "postgres" }).accounts).toMatch(
      /ORDER BY \("f_id" COLLATE "C"\) NULLS LAST$/,
    );
    expect(compileSql(compileText(BASE), { ...options, rowColumn: "n" }).accounts).toMatch(/ORDER BY "_row"$/);
  });

  it("renders the script: accounts, then contacts after a separator line", () => {
    const script = renderSqlScript({ accounts: "SELECT 1", contacts: "SELECT 2" });
    expect(script).toBe("SELECT 1;\n\n-- contacts\nSELECT 2;\n");
    expect(renderSqlScript({ accounts: "SELECT 1", contacts: null })).toBe("SELECT 1;\n");
  });

  it("puts no user text in comments", () => {
    const plan = { ...compileText(BASE), name: "x\n DROP TABLE accounts; --", hash: "sha256:abc\n--" };
    const { accounts } = compileSql(plan, options);
    expect(accounts).not.toContain("DROP");
    expect(accounts.split("\n")[0]).toContain("plan ?");
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** Every leaf test in a plan, for rewriting. */
function mapTests(expr: Expr, f: (test: TestExpr) => Expr): Expr {
  switch (expr.op) {
    case "test":
      return f(expr);
    case "and":
    case "or":
      return { ...expr, args: expr.args.map((arg) => mapTests(arg, f)) };
    case "not":
    case "named":
      return { ...expr, arg: mapTests(expr.arg, f) };
    case "const":
    case "contacts":
    case "define":
      return expr;
  }
}

describe("plan shapes beyond the examples, in DuckDB against the JS engine", () => {
  let db: TestEngine;
  beforeAll(async () => {
    db = await duckdb();
  });
  afterAll(async () => db?.close());

  const header = ["id", "size", "title", "tags", "seen"];
  const rows: (string | null)[][] = [
    ["a", "150", "VP Sales", "x;y", "2026-10-30"],
    ["b", "50", "", "", "2026-11-05"],
    ["c", null, "Head", "y", null],
    ["d", "100", "vp", ";", "2026-11-01"],
  ];

  async function agree(plan: Plan): Promise<void> {
    const got = await runAccounts(db, plan, header, rows);
    const want = jsLabels(plan, header, rows);
    expect(differences(got, want, (i) => `row ${i + 1}`)).toEqual([]);
  }

  it("no tiers, no scores, no segments, no activations", async () => {
    await agree({ ...compileText(BASE), tiers: [], scores: [], segments: [], activations: [] });
  });

  it("empty conjunctions and disjunctions, constants, empty lists and needles, negative day windows", async () => {
    const base = compileText(BASE);
    const cases: Expr[] = [
      { op: "and", args: [] },
      { op: "or", args: [] },
      { op: "const", value: false },
      { op: "not", arg: { op: "or", args: [] } },
    ];
    const leaf = (ref: TestExpr["ref"], test: TestExpr["test"], value: TestExpr["value"]): Expr => ({
      op: "test",
      ref,
      test,
      value,
    });
    const title = { kind: "field" as const, name: "title", type: "string" as const };
    const tags = { kind: "field" as const, name: "tags", type: "string[]" as const };
    const seen = { kind: "field" as const, name: "seen", type: "date" as const };
    cases.push(
      leaf(title, "in", []),
      leaf(title, "not_in", []),
      leaf(title, "contains", ""),
      leaf(title, "starts_with", ""),
      leaf(title, "ends_with", ""),
      leaf(title, "matches", ""),
      leaf(title, "matches", "()|"),
      leaf(tags, "contains_any", []),
      leaf(tags, "contains_all", []),
      leaf(seen, "within_days", -3),
      leaf(seen, "within_days", 1_000_000),
      leaf(seen, "within_days", 0),
    );
    for (const when of cases) {
      await agree({
        ...base,
        icp: when,
        tiers: [{ ...base.tiers[0]!, when }],
        segments: [{ ...base.segments[0]!, when }],
      });
    }
  });

  it("every test on a missing value is false, and `not` makes it true", async () => {
    const base = compileText(BASE);
    const negated = (expr: Expr): Expr => mapTests(expr, (test) => ({ op: "not", arg: test }));
    await agree({
      ...base,
      icp: negated(base.segments[0]!.when),
      segments: [{ ...base.segments[0]!, when: negated(base.segments[0]!.when) }],
    });
  });

  it("contacts without a key are numbered by input row", async () => {
    const plan = compileText(`${BASE}
contacts:
  account_key: account
  fields:
    account: { type: integer }
    title:   { type: string }
  roles:
    - { id: boss, when: { title: { matches: "(?i)^vp" } } }
`);
    const contactHeader = ["account", "title"];
    const contactRows = [
      ["1,000", "VP"],
      [null, "vp x"],
      ["7", "ops"],
    ];
    await loadCells(db, "contacts", contactHeader, contactRows);
    const { contacts } = compileSql(plan, { ...options, rowColumn: ROW_COLUMN });
    const got = (await db.query(contacts!)).map((row) => ({
      key: String(row.contact),
      account: row.account === null ? null : String(row.account),
      role: row.role ?? null,
    }));
    expect(got).toEqual(jsContactLabels(plan, contactHeader, contactRows, parseDay("2026-11-01")!));
    expect(got[0]).toEqual({ key: "1", account: "1000", role: "boss" });
  });
});
