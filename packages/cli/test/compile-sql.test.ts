// `segform compile --format sql`: the golden SQL of @segform/sql, printed by the CLI; usage errors and refusals.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, segform } from "./helpers.js";

const GOLDEN = join(REPO, "packages/sql/test/golden");

describe("segform compile --format sql", () => {
  const dir = mkdtempSync(join(tmpdir(), "segform-compile-sql-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const dialect of ["duckdb", "postgres", "snowflake", "bigquery"]) {
    it(`prints the golden ${dialect} SQL for the quick start`, async () => {
      const run = await segform([
        "compile",
        "segments.example.yaml",
        "--format",
        "sql",
        "--dialect",
        dialect,
        "--as-of",
        "2026-11-01",
      ]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(readFileSync(join(GOLDEN, `quickstart.${dialect}.sql`), "utf8"));
    });
  }

  it("takes the tables, the row column and --dialect alone", async () => {
    const run = await segform([
      "compile",
      "segments.example.yaml",
      "--dialect",
      "postgres",
      "--table",
      "crm.accounts",
      "--contacts-table",
      "crm.contacts",
      "--row-column",
      "n",
      "--as-of",
      "2026-11-01",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('FROM "crm"."accounts" AS "source"');
    expect(run.stdout).toContain('FROM "crm"."contacts" AS "source"');
    expect(run.stdout).toContain('CAST("source"."n" AS BIGINT) AS "_row"');
    expect(run.stdout).toContain("\n-- contacts\n");
  });

  it("writes the file atomically with -o", async () => {
    const out = join(dir, "quickstart.sql");
    const run = await segform([
      "compile",
      "segments.example.yaml",
      "--dialect",
      "duckdb",
      "--as-of",
      "2026-11-01",
      "-o",
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`wrote ${out} (duckdb SQL for sha256:`);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(GOLDEN, "quickstart.duckdb.sql"), "utf8"));
  });

  it("exits 2 on usage errors", async () => {
    const noDialect = await segform(["compile", "segments.example.yaml", "--format", "sql"]);
    expect(noDialect.code).toBe(2);
    expect(noDialect.stderr).toContain("compile --format sql needs --dialect");
    const sqlFlagOnJson = await segform(["compile", "segments.example.yaml", "--table", "x"]);
    expect(sqlFlagOnJson.code).toBe(2);
    expect(sqlFlagOnJson.stderr).toContain("--table applies to --format sql");
    const badDate = await segform(["compile", "segments.example.yaml", "--dialect", "duckdb", "--as-of", "2026-02-30"]);
    expect(badDate.code).toBe(2);
  });

  it("exits 2 with the file and the place in the plan when a dialect cannot express a pattern", async () => {
    const spec = join(dir, "segments.yaml");
    writeFileSync(
      spec,
      [
        "version: 1",
        "key: id",
        "fields:",
        "  id: { type: string }",
        "  title: { type: string }",
        "segments:",
        '  - { id: francophone, when: { title: { matches: "(?i)^directeur général" } } }',
        "",
      ].join("\n"),
    );
    const run = await segform(["compile", spec, "--dialect", "postgres", "--as-of", "2026-11-01"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `${spec}: error SEG300: segment francophone: the pattern "(?i)^directeur général" uses the case-insensitive non-ASCII letter "é"`,
    );
    expect(run.stderr).toContain("hint: list both cases explicitly");
    expect((await segform(["compile", spec, "--dialect", "duckdb", "--as-of", "2026-11-01"])).code).toBe(0);
  });
});
