// `segform run` with conditions over an account's contacts: the contacts (contacts.source, or --contacts) are read
// before the accounts, by the JS engine and by DuckDB alike; without contact data the run stops with SEG044.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, segform } from "./helpers.js";

const PROJECT = join(FIXTURES, "committee/segments.yaml");
// A: a CISO (C-017), a champion and a recent c-level contact; B: two champions; C: one contact without a role; D: none.
const EXPECTED = [
  "id,icp,fit,tier,segment,activations,roles",
  "A,true,60,,other,,ciso;champion",
  "B,false,10,,,,champion",
  "C,false,10,,,,",
  "D,false,0,,,,",
  "",
].join("\n");

describe("segform run: conditions over contacts", () => {
  const dir = mkdtempSync(join(tmpdir(), "segform-committee-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("labels accounts from their buying committee, the same with --engine js and --engine duckdb (stdout and --out)", async () => {
    for (const engine of ["js", "duckdb"]) {
      const run = await segform(["run", PROJECT, "--engine", engine, "-q"]);
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe(EXPECTED);
    }
    const out = join(dir, "out.csv");
    expect((await segform(["run", PROJECT, "--engine", "duckdb", "--out", out, "-q"])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(EXPECTED);
  });

  it("stops with SEG044 (exit 2) when the definitions test contacts but no contact data is given", async () => {
    const spec = readFileSync(PROJECT, "utf8").replace("  source: contacts.csv\n", "");
    writeFileSync(join(dir, "segments.yaml"), spec);
    copyFileSync(join(FIXTURES, "committee/accounts.csv"), join(dir, "accounts.csv"));
    for (const engine of ["js", "duckdb"]) {
      const run = await segform(["run", join(dir, "segments.yaml"), "--engine", engine, "-q"]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(
        "SEG044: the definitions test accounts' contacts (a `contacts:` condition), but no contact data was given",
      );
    }
  });

  it("stops with SEG044 before the accounts' keys are checked, with --out too (the key check in the evaluation)", async () => {
    const spec = readFileSync(PROJECT, "utf8").replace("  source: contacts.csv\n", "");
    writeFileSync(join(dir, "segments.yaml"), spec);
    // A row without a key: the key check (SEG101) comes after the contact data's, as without --out.
    writeFileSync(join(dir, "accounts.csv"), `${readFileSync(join(FIXTURES, "committee/accounts.csv"), "utf8")},\n`);
    for (const out of [[], ["--out", join(dir, "keyless.csv")]]) {
      const run = await segform(["run", join(dir, "segments.yaml"), "-q", ...out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        "SEG044: the definitions test accounts' contacts (a `contacts:` condition), but no contact data was given",
      );
    }
  });

  it("reads --contacts instead of contacts.source", async () => {
    const contacts = join(dir, "other-contacts.csv");
    copyFileSync(join(FIXTURES, "committee/contacts.csv"), contacts);
    expect((await segform(["run", PROJECT, "--contacts", contacts, "-q"])).stdout).toBe(EXPECTED);
  });
});
