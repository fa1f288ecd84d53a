// test, diff and explain take run's engines: the quality bars, the membership diff and an explanation computed by
// DuckDB or inside PostgreSQL are the JS engine's, figure for figure. PostgreSQL tests use the throwaway server
// started by test/setup/postgres.ts (or SEGFORM_TEST_PG_URL).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { commitAll, loadCsv, REPO, segform, type Run } from "./helpers.js";

const EXAMPLE = join(REPO, "examples", "hr-tech-midmarket");
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * The hr-tech example (quality bars, capacities, contacts) in a fresh git repository, then a change in the working
 * tree: tier1's capacity 60 -> 50 and a stricter segment_size bar.
 */
function changedProject(): string {
  const dir = committedCopy(EXAMPLE);
  const file = join(dir, "segments.yaml");
  const text = readFileSync(file, "utf8");
  expect(text).toContain("    capacity: 60\n");
  writeFileSync(
    file,
    text
      .replace("    capacity: 60\n", "    capacity: 50\n")
      .replace("segment_size: { min: 30 }", "segment_size: { min: 31 }"),
  );
  return dir;
}

/** A copy of an example in a fresh git repository, committed as the base of a diff. */
function committedCopy(example: string): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-engines-cmd-"));
  dirs.push(dir);
  cpSync(example, dir, { recursive: true });
  commitAll(dir);
  return dir;
}

/** stdout of a run that ended with exit 0, or 1 for `test` (the smaller capacity fails two fixture cases). */
function ok(run: Run, what: string): string {
  const allowed = what.startsWith("test") ? [0, 1] : [0];
  if (!allowed.includes(run.code ?? -1)) throw new Error(`${what} exited ${run.code}:\n${run.stderr}`);
  return run.stdout;
}

/** A few account keys of the example: the first rows, and the accounts tier1's smaller capacity moves. */
function someKeys(): string[] {
  const rows = readFileSync(join(EXAMPLE, "data", "accounts.csv"), "utf8")
    .split("\n")
    .slice(1, 6);
  return [...rows.map((row) => row.split(",")[0]!), "001Hr000002QlO4zzD", "001Hr000004QWYEOMP"];
}

describe("test, diff and explain with --engine duckdb", () => {
  it("give the JS engine's quality bars, membership diff and explanations", async () => {
    const dir = changedProject();
    const js = ok(await segform(["test", "--format", "json"], { cwd: dir }), "test");
    expect(JSON.parse(js).bars.length).toBe(11);
    expect(JSON.parse(js).summary).toMatchObject({ failed: 2, barsSkipped: 0, barWarnings: 4 });
    expect(ok(await segform(["test", "--format", "json", "--engine", "duckdb"], { cwd: dir }), "test duckdb")).toBe(js);

    const diff = ok(await segform(["diff", "--base", "HEAD", "--format", "json"], { cwd: dir }), "diff");
    const parsed = JSON.parse(diff);
    expect(parsed.membership.changed).toBe(10);
    expect(parsed.membership.transitions[0]).toMatchObject({
      dimension: "tier",
      from: "tier1",
      to: "tier2",
      count: 10,
    });
    expect(
      ok(
        await segform(["diff", "--base", "HEAD", "--format", "json", "--engine", "duckdb"], { cwd: dir }),
        "diff duckdb",
      ),
    ).toBe(diff);

    for (const key of someKeys()) {
      const explained = ok(await segform(["explain", "--account", key, "--json"], { cwd: dir }), `explain ${key}`);
      expect(
        ok(
          await segform(["explain", "--account", key, "--json", "--engine", "duckdb"], { cwd: dir }),
          `explain duckdb ${key}`,
        ),
        key,
      ).toBe(explained);
    }
  }, 180_000);

  it("diff follows run's key rules with every engine: a repeated key is SEG104, --on-duplicate first keeps the first row", async () => {
    const dir = changedProject();
    const data = join(dir, "repeated.csv");
    const text = readFileSync(join(EXAMPLE, "data", "accounts.csv"), "utf8");
    writeFileSync(data, text + text.split("\n")[1] + "\n");
    const key = text.split("\n")[1]!.split(",")[0];
    for (const engine of ["js", "duckdb"]) {
      const refused = await segform(["diff", "--base", "HEAD", "--data", data, "--engine", engine], { cwd: dir });
      expect(refused.code, engine).toBe(2);
      expect(refused.stderr, engine).toContain(
        `${data}:1602: error SEG104: 1 row repeats an account key (Id): "${key}" on line 1602 (first on line 2)`,
      );
    }
    const first = async (engine: string) =>
      ok(
        await segform(
          ["diff", "--base", "HEAD", "--data", data, "--on-duplicate", "first", "--format", "json", "--engine", engine],
          { cwd: dir },
        ),
        `diff ${engine}`,
      );
    const js = await first("js");
    expect(JSON.parse(js).membership.accounts).toBe(1600);
    expect(await first("duckdb")).toBe(js);
  }, 120_000);

  it("test and diff with --engine duckdb and no data: bars skipped, membership not computed", async () => {
    const dir = changedProject();
    rmSync(join(dir, "data", "accounts.csv"));
    const run = await segform(["test", "--engine", "duckdb"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "  skipped: no data: data/accounts.csv, the project's source (segments.yaml:9), is not in this checkout\n",
    );
    expect(run.stdout).toContain("\nFAILED: 2 failing tests\n");
    const diff = await segform(["diff", "--base", "HEAD", "--engine", "duckdb"], { cwd: dir });
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(
      "Membership: not computed (no data: data/accounts.csv, the project's source (segments.yaml:9), is not in this checkout)\n",
    );
  });
});

const pgUrl = inject("segformPgUrl");

describe.skipIf(!pgUrl)("test, diff and explain with --engine postgres", () => {
  const schema = `segform_cmd_${process.pid}`;
  const password = "Pg-secret-9f3k2";
  let client: pg.Client;
  /** The server's URL with a password in it (the test server trusts loopback, so any password connects). */
  let url: string;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: pgUrl! });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await loadCsv(client, `${schema}.accounts`, join(EXAMPLE, "data", "accounts.csv"));
    const parsed = new URL(pgUrl!);
    parsed.password = password;
    url = parsed.toString();
  });

  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client?.end();
  });

  const inDatabase = (...more: string[]) => [
    ...more,
    "--engine",
    "postgres",
    "--url",
    url,
    "--table",
    `${schema}.accounts`,
    "--row-column",
    "segform_row",
  ];

  it("computes the same quality bars, transitions and explanations inside the database as from the file", async () => {
    const dir = changedProject();
    const runs: Run[] = [];
    const run = async (args: string[], what: string) => {
      const result = await segform(args, { cwd: dir });
      runs.push(result);
      return ok(result, what);
    };
    const fromFile = await run(["test", "--format", "json"], "test");
    // The data is not in the checkout: the bars are measured in the database all the same.
    rmSync(join(dir, "data", "accounts.csv"));
    expect(await run(inDatabase("test", "--format", "json", "--require-data"), "test postgres")).toBe(fromFile);

    cpSync(join(EXAMPLE, "data", "accounts.csv"), join(dir, "data", "accounts.csv"));
    const diffFile = JSON.parse(await run(["diff", "--base", "HEAD", "--format", "json"], "diff"));
    rmSync(join(dir, "data", "accounts.csv"));
    const diffDb = JSON.parse(await run(inDatabase("diff", "--base", "HEAD", "--format", "json"), "diff postgres"));
    // The same figures; only the data's label differs (a table at a URL without its password).
    expect(diffDb.membership.data).toBe(`table ${schema}.accounts at ${url.replace(password, "***")}`);
    diffDb.membership.data = diffFile.membership.data;
    expect(diffDb).toEqual(diffFile);

    cpSync(join(EXAMPLE, "data", "accounts.csv"), join(dir, "data", "accounts.csv"));
    for (const key of someKeys().slice(0, 3)) {
      const explained = await run(["explain", "--account", key, "--json"], `explain ${key}`);
      expect(await run(inDatabase("explain", "--account", key, "--json"), `explain postgres ${key}`), key).toBe(
        explained,
      );
    }
    // Without --row-column the accounts come in key order: the diff pairs them the same way and agrees.
    const byKey = JSON.parse(
      await run(
        [
          "diff",
          "--base",
          "HEAD",
          "--format",
          "json",
          "--engine",
          "postgres",
          "--url",
          url,
          "--table",
          `${schema}.accounts`,
        ],
        "diff by key",
      ),
    );
    expect(byKey.membership.changed).toBe(diffFile.membership.changed);
    expect(byKey.membership.segments).toEqual(diffFile.membership.segments);
    expect(byKey.membership.tiers).toEqual(diffFile.membership.tiers);

    // A deploy plan from the table: the same actions per account as from the file; only the data fingerprint
    // differs (a table has no file to hash: the rows' labels and values are hashed instead).
    const deployEnv = { MUTINY_WEBHOOK_URL: "http://127.0.0.1:9/hook", MUTINY_TOKEN: "t0ken" };
    const plan = async (args: string[], what: string) => {
      const result = await segform(
        ["plan", "--destination", "mutiny", "--state", join(dir, "state"), "--format", "json", ...args],
        { cwd: dir, env: deployEnv },
      );
      runs.push(result);
      return JSON.parse(ok(result, what));
    };
    const planFile = await plan([], "plan");
    rmSync(join(dir, "data", "accounts.csv"));
    const planDb = await plan(inDatabase(), "plan postgres");
    expect(planDb.data).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(planDb.data).not.toBe(planFile.data);
    // 527 ICP accounts with a homepage variant, and 43 accounts outside the ICP that only the hris-renewal-90d audience activates.
    expect(planFile.destinations[0].actions.length).toBe(570);
    // (The plan's own hash covers the fingerprint.)
    expect({ ...planDb, data: "", hash: "" }).toEqual({ ...planFile, data: "", hash: "" });

    // The password is never printed, whatever the command.
    for (const result of runs) expect(result.stdout + result.stderr).not.toContain(password);
  }, 180_000);

  it("conditions over contacts (security-maturity's has_ciso): the contacts table gives the file's bars, explanations and diff", async () => {
    const example = join(REPO, "examples", "security-maturity");
    await loadCsv(client, `${schema}.sm_accounts`, join(example, "data", "accounts.csv"));
    await loadCsv(client, `${schema}.sm_contacts`, join(example, "data", "contacts.csv"));
    const dir = committedCopy(example);
    const tables = [
      "--engine",
      "postgres",
      "--url",
      url,
      "--table",
      `${schema}.sm_accounts`,
      "--contacts-table",
      `${schema}.sm_contacts`,
      "--row-column",
      "segform_row",
    ];
    const out = async (args: string[], what: string) => ok(await segform(args, { cwd: dir }), what);
    expect(await out(["test", "--format", "json", ...tables], "test postgres")).toBe(
      await out(["test", "--format", "json"], "test"),
    );
    const key = "001Sc00000yOY9rhYL";
    const explained = await out(["explain", "--account", key], "explain");
    expect(explained).toContain("(was 1: 003Sc00000EO7CUT4k)");
    expect(await out(["explain", "--account", key, ...tables], "explain postgres")).toBe(explained);
    // A stricter has_ciso (2 CISO contacts): who leaves the scores' criterion, from the file and from the tables.
    const file = join(dir, "segments.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("count: { gte: 1 }", "count: { gte: 2 }"));
    const fromFile = JSON.parse(await out(["diff", "--base", "HEAD", "--format", "json"], "diff"));
    const fromTables = JSON.parse(
      await out(["diff", "--base", "HEAD", "--format", "json", ...tables], "diff postgres"),
    );
    expect(fromFile.membership.changed).toBeGreaterThan(0);
    fromTables.membership.data = fromFile.membership.data;
    expect(fromTables).toEqual(fromFile);
    // Without the contacts table, such a plan cannot be labelled in the database: a usage error.
    const missing = await segform(["test", ...tables.slice(0, 6)], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--engine postgres needs the contacts table");
  }, 240_000);

  it("an unknown table is an input error (exit 2) that names it without the password", async () => {
    const dir = changedProject();
    const run = await segform(["test", "--engine", "postgres", "--url", url, "--table", `${schema}.missing`], {
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${schema}.missing`);
    expect(run.stderr).not.toContain(password);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
