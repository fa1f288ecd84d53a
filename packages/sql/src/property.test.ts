// Property tests: random plans (every operator, thresholds near the data, nesting, capacities, segments that read
// the tier, conditional activations, derived fields (`compute:`) and tests on them, conditions over the account's
// contacts with random contacts, none for many accounts) over random accounts given as raw text with hostile values (nulls, empty and
// whitespace-only text, quotes, backslashes, Unicode, huge and negative numbers, invalid dates, keys that differ
// only by case or by astral vs BMP characters) must be labelled identically by the JS engine (the reference),
// DuckDB and PostgreSQL. A failure prints the shrunk plan and accounts (see test/property/).
//
//   SEGFORM_PROPERTY_RUNS=N    plans per engine (default 300, sized for the suite; raise it for a longer search)
//   SEGFORM_PROPERTY_SEED=S    replay a run (fast-check prints the seed and path of a failure)
//   SEGFORM_PROPERTY_ROWS=N    accounts per plan, at most (default 20)
//   SEGFORM_PROPERTY_KNOWN_ISSUES=0   set aside the cases that touch a known disagreement (see
//                              test/property/known-issues.ts; by default every case is kept)
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Expr } from "@segform/plan";
import { postgresUrl } from "../test/engines.js";
import { contactsArb, planSpecArb, rowsArb } from "../test/property/arbitraries.js";
import {
  caseArb,
  checkCase,
  handCase,
  runCase,
  propertyDuckDb,
  propertyPostgres,
  type PropertyCase,
  type PropertyDb,
} from "../test/property/harness.js";
import { KNOWN_ISSUES, knownIssue } from "../test/property/known-issues.js";

const inCi = () =>
  process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";

/** A whole number from the environment; seeds may be negative (fast-check prints seeds such as -1804289383). */
function envNumber(name: string, { negative = false } = {}): number | undefined {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || (n < 0 && !negative))
    throw new Error(`${name} must be a whole number${negative ? "" : " >= 0"}, got ${JSON.stringify(text)}`);
  return n;
}

const RUNS = envNumber("SEGFORM_PROPERTY_RUNS");
const SEED = envNumber("SEGFORM_PROPERTY_SEED", { negative: true });
const MAX_ROWS = envNumber("SEGFORM_PROPERTY_ROWS") ?? 20;
// Both known DuckDB disagreements are fixed (dialect.ts uses regexp_full_match), so every case is kept; set
// SEGFORM_PROPERTY_KNOWN_ISSUES=0 to set aside cases the predicates in known-issues.ts recognise.
const KEEP_KNOWN_ISSUES = process.env.SEGFORM_PROPERTY_KNOWN_ISSUES !== "0";
const DUCKDB_RUNS = RUNS ?? 300;
const POSTGRES_RUNS = RUNS ?? 300;
/** Room for shrinking a failure; a passing run takes a fraction of it. */
const TIMEOUT = 600_000;

const url = postgresUrl();
if (!url && !inCi())
  process.stderr.write(
    "notice: no PostgreSQL server (SEGFORM_SKIP_POSTGRES=1?): the PostgreSQL property tests are skipped\n",
  );

// One DuckDB database and one PostgreSQL connection (in a schema of its own) for the whole file.
let duckdb: PropertyDb | undefined;
let postgres: PropertyDb | undefined;
beforeAll(async () => {
  duckdb = await propertyDuckDb();
  if (url) postgres = await propertyPostgres(url);
});
afterAll(async () => {
  await duckdb?.close();
  await postgres?.close();
});
const engine = (dialect: "duckdb" | "postgres"): PropertyDb => (dialect === "duckdb" ? duckdb : postgres)!;

const cases = caseArb(planSpecArb, rowsArb(MAX_ROWS), contactsArb(MAX_ROWS));

function property(dialect: "duckdb" | "postgres", numRuns: number) {
  return async () => {
    const db = engine(dialect);
    const started = Date.now();
    let accounts = 0;
    const discarded = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const known = KEEP_KNOWN_ISSUES ? undefined : knownIssue(c, dialect);
        if (known) discarded.set(known.id, (discarded.get(known.id) ?? 0) + 1);
        fc.pre(known === undefined);
        accounts += c.rows.length;
        await checkCase(db, c);
      }),
      { numRuns, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
    const skipped = [...discarded].map(([id, n]) => `${n} touching ${id}`).join(", ");
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(
      `property ${dialect}: ${numRuns} plans, ${accounts} accounts, ${seconds} s${skipped ? `; discarded (known issues): ${skipped}` : ""}\n`,
    );
  };
}

describe("property: every account labelled as the JS engine labels it", () => {
  it(
    `by DuckDB, on ${DUCKDB_RUNS} random plans x up to ${MAX_ROWS} hostile accounts`,
    property("duckdb", DUCKDB_RUNS),
    TIMEOUT,
  );
  if (url)
    it(
      `by PostgreSQL, on ${POSTGRES_RUNS} random plans x up to ${MAX_ROWS} hostile accounts`,
      property("postgres", POSTGRES_RUNS),
      TIMEOUT,
    );
  else if (inCi())
    it("by PostgreSQL: in CI it must run", () =>
      expect.fail(
        "no PostgreSQL server in CI: the PostgreSQL property must not be skipped (see test/setup/postgres.ts)",
      ));
  else
    it.skip("by PostgreSQL (skipped: no PostgreSQL server; set SEGFORM_TEST_PG_URL or unset SEGFORM_SKIP_POSTGRES)", () => {});
});

// ---------------------------------------------------------------------------------------------------------------
// Disagreements the property test found (test/property/known-issues.ts), as minimal reproductions. All are fixed;
// they stay as regression tests.

function matches(pattern: string): Expr {
  return { op: "test", ref: { kind: "field", name: "title", type: "string" }, test: "matches", value: pattern };
}

const reproductions: { issue: string; dialect: "duckdb" | "postgres"; case: () => PropertyCase }[] = [
  {
    // RE2: `a^` never matches, `\z$` matches every text, `s(?:)` is `s`. DuckDB's optimizer rewrites
    // regexp_matches(column, ...) to suffix(column, 'a'), column = '' and suffix(column, 's') (dialect.ts,
    // DialectSql.regexPartialMatch passes the pattern to regexp_matches as a constant).
    issue: "duckdb-regex-optimizer-anchors",
    dialect: "duckdb",
    case: () =>
      handCase(
        {
          scores: [
            {
              name: "fit",
              kind: "criteria",
              criteria: [
                { id: "never", when: matches("a^"), points: 1 },
                { id: "always", when: matches("\\z$"), points: 10 },
                { id: "contains", when: matches("s(?:)"), points: 20 },
              ],
            },
          ],
        },
        [
          { id: "a1", Title: "data" },
          { id: "a2", Title: "sx" },
        ],
      ),
  },
  {
    // RE2JS (and the PostgreSQL translation) test \B between characters: in "aéc" every character boundary is a
    // word boundary, so `\B` matches nowhere. DuckDB's RE2 tests it between the two bytes of "é" too, and matches.
    issue: "duckdb-re2-nonword-boundary-bytes",
    dialect: "duckdb",
    case: () =>
      handCase({ icp: matches("\\B") }, [
        { id: "a1", Title: "aéc" },
        { id: "a2", Title: "a😀c" },
      ]),
  },
];

describe("disagreements found by the property test, fixed, kept as regression tests", () => {
  for (const r of reproductions) {
    const run = r.dialect === "postgres" && !url ? it.skip : it;
    run(`${r.issue} (${r.dialect})`, async () => {
      await checkCase(engine(r.dialect), r.case());
    });
  }

  it("every known issue has a reproduction, which its predicate recognises (the property discards such cases)", () => {
    expect(KNOWN_ISSUES.map((issue) => issue.id).sort()).toEqual(reproductions.map((r) => r.issue).sort());
    for (const r of reproductions) expect(knownIssue(r.case(), r.dialect)?.id).toBe(r.issue);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Bug classes that only random runs had caught, as minimal examples with exact labels in every engine.

describe("bug classes as minimal examples (exact labels, JS, DuckDB and PostgreSQL)", () => {
  const title = { kind: "field", name: "title", type: "string" } as const;
  const dialects = (["duckdb", "postgres"] as const).filter((dialect) => dialect === "duckdb" || url);

  async function expectLabels(
    c: PropertyCase,
    pick: (labels: Awaited<ReturnType<typeof runCase>>["js"][number]) => unknown,
    expected: unknown[],
  ): Promise<void> {
    for (const dialect of dialects) {
      const { js, sql } = await runCase(engine(dialect), c);
      expect(js.map(pick), "js").toEqual(expected);
      expect(sql.map(pick), dialect).toEqual(expected);
    }
  }

  it("not_in on a missing value is false, and `not` of a test on a missing value is true (SQL: NOT IN / NOT with NULL)", async () => {
    const rows = [{ id: "a1", Title: "a" }, { id: "a2", Title: "b" }, { id: "a3" }, { id: "a4", Title: "  " }];
    await expectLabels(
      handCase({ icp: { op: "test", ref: title, test: "not_in", value: ["a"] } }, rows),
      (l) => l.icp,
      [false, true, false, false],
    );
    await expectLabels(
      handCase({ icp: { op: "not", arg: { op: "test", ref: title, test: "in", value: ["a"] } } }, rows),
      (l) => l.icp,
      [false, true, true, true],
    );
  });

  it("account keys compare by code point: U+FFFF before U+1F600 (UTF-16 code units would put the emoji first)", async () => {
    const tiers = [
      {
        id: "t1",
        when: { op: "const", value: true } as Expr,
        capacity: 1,
        rankBy: [{ ref: title, order: "asc" as const }],
        activate: [],
      },
    ];
    const rows = [
      { id: "\u{1F600}", Title: "same" },
      { id: "\uffff", Title: "same" },
    ];
    await expectLabels(handCase({ tiers }, rows), (l) => [l.key, l.tier], [
      ["\u{1F600}", null],
      ["\uffff", "t1"],
    ]);
  });
});
