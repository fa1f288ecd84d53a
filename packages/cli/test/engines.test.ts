// `segform run --engine duckdb|postgres` prints exactly what `--engine js` prints. PostgreSQL tests use the
// throwaway server started by test/setup/postgres.ts (or SEGFORM_TEST_PG_URL).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { FIXTURES, loadCsv, REPO, segform } from "./helpers.js";

const QUICKSTART = join(REPO, "segments.example.yaml");
const ACCOUNTS = join(REPO, "examples/quickstart/data/accounts.csv");
const CONTACTS = join(REPO, "examples/quickstart/data/contacts.csv");
const EXAMPLES = [
  "abm-intent-stages",
  "hr-tech-midmarket",
  "manufacturing-verticals",
  "security-maturity",
  "warehouse-tracks",
];

/** stdout of a successful run. */
async function output(args: string[], env?: Record<string, string>): Promise<string> {
  const run = await segform(["run", ...args], { env });
  if (run.code !== 0) throw new Error(`segform run ${args.join(" ")} exited ${run.code}:\n${run.stderr}`);
  return run.stdout;
}

describe("segform run --engine duckdb", () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "segform-engines-"));
    // JSON Lines and Parquet versions of the quick start data, with DuckDB's own types (numbers, dates,
    // booleans, technologies as a list) rather than text, as an export from a warehouse would have them.
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const typed = `SELECT * REPLACE (string_split("Technologies", ';') AS "Technologies") FROM read_csv('${ACCOUNTS}')`;
    await connection.run(`COPY (${typed}) TO '${join(dir, "accounts.jsonl")}' (FORMAT json)`);
    await connection.run(`COPY (${typed}) TO '${join(dir, "accounts.parquet")}' (FORMAT parquet)`);
    await connection.run(
      `COPY (SELECT * FROM read_csv('${CONTACTS}')) TO '${join(dir, "contacts.parquet")}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the quick start's CSV, JSON and JSON Lines byte for byte as --engine js (roles included)", async () => {
    for (const format of ["csv", "json", "jsonl"]) {
      const js = await output([QUICKSTART, "--format", format, "-q"]);
      expect(js.length).toBeGreaterThan(10_000);
      expect(await output([QUICKSTART, "--engine", "duckdb", "--format", format, "-q"])).toBe(js);
    }
  });

  it("gives the same membership from JSON Lines and Parquet written by DuckDB's COPY", async () => {
    const js = await output([QUICKSTART, "-q"]);
    // The JS engine reads the typed JSON Lines to the same result as the CSV ...
    expect(await output([QUICKSTART, "--data", join(dir, "accounts.jsonl"), "-q"])).toBe(js);
    // ... and so does DuckDB, from JSON Lines and from Parquet (which the JS engine does not read), contacts too.
    expect(await output([QUICKSTART, "--engine", "duckdb", "--data", join(dir, "accounts.jsonl"), "-q"])).toBe(js);
    expect(
      await output([
        QUICKSTART,
        "--engine",
        "duckdb",
        "--data",
        join(dir, "accounts.parquet"),
        "--contacts",
        join(dir, "contacts.parquet"),
        "-q",
      ]),
    ).toBe(js);
  });

  it("reads --input-format for the contacts as well as the data, as --engine js does (stdout and --out)", async () => {
    copyFileSync(ACCOUNTS, join(dir, "accounts.export"));
    copyFileSync(CONTACTS, join(dir, "contacts.export"));
    const files = [
      "--data",
      join(dir, "accounts.export"),
      "--contacts",
      join(dir, "contacts.export"),
      "--input-format",
      "csv",
    ];
    const js = await output([QUICKSTART, ...files, "-q"]);
    expect(js).toBe(await output([QUICKSTART, "-q"]));
    expect(await output([QUICKSTART, "--engine", "duckdb", ...files, "-q"])).toBe(js);
    const out = join(dir, "input-format.csv");
    const run = await segform(["run", QUICKSTART, "--engine", "duckdb", ...files, "--out", out, "-q"]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(js);
  });

  it("agrees with --engine js on every bundled example and on the CLI fixture", async () => {
    for (const name of EXAMPLES) {
      const file = join(REPO, "examples", name, "segments.yaml");
      expect(await output([file, "--engine", "duckdb", "-q"]), name).toBe(await output([file, "-q"]));
    }
    const basic = join(FIXTURES, "basic", "segments.yaml");
    expect(await output([basic, "--engine", "duckdb", "--format", "json", "-q"])).toBe(
      await output([basic, "--format", "json", "-q"]),
    );
  });

  it("writes --out, --snapshot and the same summary as the JS engine, without its per-value data warnings", async () => {
    const out = join(dir, "membership.csv");
    const run = await segform([
      "run",
      QUICKSTART,
      "--engine",
      "duckdb",
      "--out",
      out,
      "--snapshot",
      join(dir, "snapshot.json"),
    ]);
    expect(run.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(await output([QUICKSTART, "-q"]));
    const js = await segform([
      "run",
      QUICKSTART,
      "--out",
      join(dir, "membership-js.csv"),
      "--snapshot",
      join(dir, "snapshot-js.json"),
    ]);
    expect(readFileSync(join(dir, "snapshot.json"), "utf8")).toBe(readFileSync(join(dir, "snapshot-js.json"), "utf8"));
    const warnings = js.stderr.split("\n").filter((line) => / warning SEG1\d\d: /.test(line));
    expect(warnings.length).toBeGreaterThan(5);
    const withoutWarnings = js.stderr
      .split("\n")
      .filter((line) => !warnings.includes(line))
      .join("\n");
    expect(run.stderr).toBe(
      withoutWarnings.replace("membership-js.csv", "membership.csv").replace("snapshot-js.json", "snapshot.json"),
    );
    expect(run.stderr).toContain(`800 accounts from ${ACCOUNTS}: 413 in the ICP (as of 2026-11-01)`);
  });

  it("writes --out CSV inside DuckDB with the JS engine's bytes and summary, atomically, from CSV and Parquet", async () => {
    const cases: [string, string[]][] = [
      [QUICKSTART, []],
      [QUICKSTART, ["--data", join(dir, "accounts.parquet"), "--contacts", join(dir, "contacts.parquet")]],
      ...EXAMPLES.map((name): [string, string[]] => [join(REPO, "examples", name, "segments.yaml"), []]),
    ];
    for (const [file, extra] of cases) {
      const out = join(dir, "direct", "membership.csv");
      rmSync(join(dir, "direct"), { recursive: true, force: true });
      mkdirSync(join(dir, "direct"));
      const run = await segform(["run", file, "--engine", "duckdb", "--out", out, ...extra]);
      expect(run.code, run.stderr).toBe(0);
      expect(readFileSync(out, "utf8"), file).toBe(await output([file, "-q"]));
      // Nothing else is left beside the output and its sidecar (DuckDB wrote a temporary file, then it was renamed).
      expect(readdirSync(join(dir, "direct"))).toEqual(["membership.csv", "membership.csv.meta.json"]);
      // The summary (and the warning about contacts of accounts missing from the data) is the JS engine's.
      const js = await segform(["run", file, "--out", join(dir, "js.csv")]);
      const summary = (stderr: string) =>
        stderr
          .split("\n")
          .filter((line) => !/ warning SEG1\d\d: |^… and /.test(line))
          .join("\n")
          .replace(/^wrote .*$/m, "wrote");
      if (extra.length === 0) expect(summary(run.stderr), file).toBe(summary(js.stderr));
      else
        expect(run.stderr).toContain(
          `800 accounts from ${join(dir, "accounts.parquet")}: 413 in the ICP (as of 2026-11-01)`,
        );
    }
    // Fourteen CLI runs, half of them DuckDB: about a minute on a loaded two-core machine.
  }, 180_000);

  it("refuses an --out path in a missing directory before doing any work, with exit 2", async () => {
    for (const engine of ["js", "duckdb"]) {
      const run = await segform(["run", QUICKSTART, "--engine", engine, "--out", join(dir, "missing", "out.csv")]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `error: cannot write ${join(dir, "missing", "out.csv")}: the directory ${join(dir, "missing")} does not exist`,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("explains what the JS engine does not read, and input errors, with exit 2 and no stack trace", async () => {
    const parquet = await segform(["run", QUICKSTART, "--data", join(dir, "accounts.parquet")]);
    expect(parquet.code).toBe(2);
    expect(parquet.stderr).toContain("Parquet data needs --engine duckdb");

    const missing = await segform(["run", QUICKSTART, "--engine", "duckdb", "--data", join(dir, "nope.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`error SEG106: cannot read data file ${join(dir, "nope.csv")}`);

    const wrongColumns = await segform(["run", QUICKSTART, "--engine", "duckdb", "--data", CONTACTS]);
    expect(wrongColumns.code).toBe(2);
    // Located at the header, as the JS engine reports it (the DuckDB engine takes the JS reader's verdict).
    expect(wrongColumns.stderr).toContain(
      `${CONTACTS}:1: error SEG103: columns Id (field account_id), Opportunity_Amount__c (field amount),`,
    );

    const strict = await segform(["run", QUICKSTART, "--engine", "duckdb", "--strict"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain("--strict needs --engine js");
    for (const run of [missing, wrongColumns, strict]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

const pgUrl = inject("segformPgUrl");

describe.skipIf(!pgUrl)("segform run --engine postgres", () => {
  const schema = `segform_cli_${process.pid}`;
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: pgUrl! });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await loadCsv(client, `${schema}.accounts`, ACCOUNTS);
    await loadCsv(client, `${schema}.contacts`, CONTACTS);
  });

  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client?.end();
  });

  const args = (...more: string[]) => [
    QUICKSTART,
    "--engine",
    "postgres",
    "--url",
    pgUrl!,
    "--table",
    `${schema}.accounts`,
    "--row-column",
    "segform_row",
    ...more,
  ];

  it("prints the quick start's CSV and JSON byte for byte as --engine js, roles from --contacts-table", async () => {
    for (const format of ["csv", "json"]) {
      expect(await output(args("--contacts-table", `${schema}.contacts`, "--format", format, "-q"))).toBe(
        await output([QUICKSTART, "--format", format, "-q"]),
      );
    }
  });

  it("reads the URL from SEGFORM_PG_URL and prints the table, not the password, in the summary", async () => {
    const run = await segform(
      ["run", QUICKSTART, "--engine", "postgres", "--table", `${schema}.accounts`, "--row-column", "segform_row"],
      { env: { SEGFORM_PG_URL: pgUrl! } },
    );
    expect(run.code).toBe(0);
    // Without --contacts-table there are no roles: the JS engine's lines with their last cell (roles) empty; the
    // column stays (the output's columns never depend on whether contact data was given).
    const js = (await output([QUICKSTART, "-q"])).split("\n");
    const emptyRoles = [js[0], ...js.slice(1).map((line) => line.replace(/,[^,]*$/, line ? "," : ""))].join("\n");
    expect(run.stdout.split("\n")[0]).toBe("account_id,icp,fit,intent,tier,segment,activations,roles");
    expect(run.stdout).toBe(emptyRoles);
    expect(run.stderr).toContain("warning: no contact data (--contacts-table): the roles column is empty\n");
    expect(run.stderr).toMatch(new RegExp(`800 accounts from table ${schema}\\.accounts at postgres://`));
  });

  it("exits 2 with a clear message, and no stack trace, on a bad URL, an unreachable server and a missing table", async () => {
    const noUrl = await segform(["run", QUICKSTART, "--engine", "postgres"], { env: { SEGFORM_PG_URL: "" } });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("error: --engine postgres needs --url");

    const unreachable = await segform([
      "run",
      QUICKSTART,
      "--engine",
      "postgres",
      "--url",
      "postgres://nobody:secret@127.0.0.1:1/nothing",
    ]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(
      "error SEG108: cannot connect to PostgreSQL at postgres://nobody:***@127.0.0.1:1/nothing",
    );
    expect(unreachable.stderr).not.toContain("secret");

    const badUrl = await segform([
      "run",
      QUICKSTART,
      "--engine",
      "postgres",
      "--url",
      "postgres://user@host:notaport/db",
    ]);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/error SEG108: (invalid PostgreSQL URL|cannot connect to PostgreSQL at)/);

    const noTable = await segform([
      "run",
      QUICKSTART,
      "--engine",
      "postgres",
      "--url",
      pgUrl!,
      "--table",
      "no_such_table",
    ]);
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toContain("error SEG108: table no_such_table does not exist");

    const wrongTable = await segform([
      "run",
      ...args().map((arg) => (arg === `${schema}.accounts` ? `${schema}.contacts` : arg)),
    ]);
    expect(wrongTable.code).toBe(2);
    expect(wrongTable.stderr).toContain(
      `error SEG103: columns Id (field account_id), Opportunity_Amount__c (field amount),`,
    );

    for (const run of [noUrl, unreachable, badUrl, noTable, wrongTable]) {
      expect(run.stdout).toBe("");
      expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
    }
  });
});
