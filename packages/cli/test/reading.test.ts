import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, segform } from "./helpers.js";

// The CLI's side of "How segform reads data": exit codes and messages of `run`, in every file engine.
const project = mkdtempSync(join(tmpdir(), "segform-reading-cli-"));
cpSync(join(REPO, "examples", "quickstart", "data"), join(project, "examples", "quickstart", "data"), {
  recursive: true,
});
cpSync(join(REPO, "segments.example.yaml"), join(project, "segments.yaml"));
const definitions = join(project, "segments.yaml");
const dataDir = join(project, "examples", "quickstart", "data");

describe("segform run: data that must never be lost or duplicated silently", () => {
  it("refuses a contacts.source that does not exist, at its source: line, with exit 2, in every engine", async () => {
    const text = readFileSync(definitions, "utf8");
    const broken = join(project, "missing-contacts.yaml");
    writeFileSync(
      broken,
      text.replace(
        "source: examples/quickstart/data/contacts.csv",
        "source: examples/quickstart/data/no-such-contacts.csv",
      ),
    );
    const line = text.split("\n").findIndex((l) => l.includes("source: examples/quickstart/data/contacts.csv")) + 1;
    expect(line).toBeGreaterThan(0);
    for (const engine of ["js", "duckdb"]) {
      const run = await segform(["run", broken, "--engine", engine, "-q"]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(
        `${broken}:${line}: error SEG106: cannot read contacts file ${join(dataDir, "no-such-contacts.csv")} (contacts.source)`,
      );
    }
  }, 120_000);

  it("refuses repeated account keys with exit 2 and keeps the first with --on-duplicate first, in every engine", async () => {
    const accounts = readFileSync(join(dataDir, "accounts.csv"), "utf8").split("\n");
    const data = join(project, "dup.csv");
    writeFileSync(data, [...accounts.slice(0, 4), accounts[2], ...accounts.slice(4)].join("\n"));
    const key = accounts[2]!.split(",")[0];
    const outputs: string[] = [];
    for (const engine of ["js", "duckdb"]) {
      const run = await segform(["run", definitions, "--engine", engine, "--data", data, "-q"]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `${data}:5: error SEG104: 1 row repeats an account key (Id): ${JSON.stringify(key)} on line 5 (first on line 3)`,
      );
      const first = await segform([
        "run",
        definitions,
        "--engine",
        engine,
        "--data",
        data,
        "--on-duplicate",
        "first",
        "-q",
      ]);
      expect(first.code, first.stderr).toBe(0);
      outputs.push(first.stdout);
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[0]).toBe((await segform(["run", definitions, "-q"])).stdout);
  }, 180_000);
});

describe("segform run --out: the key check in the evaluation's read gives what a pass of its own gives", () => {
  // No capacity: with --out the JS engine checks keys while it evaluates (one read); without --out (stdout) the keys
  // have a pass of their own first. Both must end alike: same exit code, same stderr, the same membership or none.
  // Contacts without their dirty values (their warnings, and --strict's stop, would come before any account's).
  const uncapped = join(project, "uncapped.yaml");
  writeFileSync(
    uncapped,
    readFileSync(definitions, "utf8")
      .replace("capacity: 25, ", "")
      .replace("source: examples/quickstart/data/contacts.csv", "source: clean-contacts.csv"),
  );
  writeFileSync(
    join(project, "clean-contacts.csv"),
    readFileSync(join(dataDir, "contacts.csv"), "utf8")
      .replace(/,VP *,/g, ",vp,")
      .replace(/,exec,/g, ",c_level,"),
  );
  const lines = readFileSync(join(dataDir, "accounts.csv"), "utf8").split("\n");
  const withRows = (name: string, edit: (rows: string[]) => void): string => {
    const rows = lines.slice();
    edit(rows);
    const path = join(project, name);
    writeFileSync(path, rows.join("\n"));
    return path;
  };
  const dirty = (row: string) => row.replace(/^([^,]*,[^,]*,)\d+,/, "$1many,");
  const cases: [string, string, string[]][] = [
    // a warning (line 3), then a repeated key (line 40): the key error alone, no warning printed before it
    ["dirty-then-dup.csv", "", ["--quiet"]],
    ["dirty-then-dup.csv", "", []],
    // --strict: the dirty value (line 3) would stop the run, but a key missing on line 60 comes first
    ["dirty-then-nokey.csv", "", ["--strict"]],
    // --strict, keys fine: the dirty value's error, after the warnings before it (none)
    ["dirty-only.csv", "", ["--strict"]],
    // warnings, keys fine: the same warnings (held back until the end), the same rows
    ["dirty-only.csv", "", []],
    // --max-warnings 1: the second warning stops the run, unless a key error comes first
    ["dirty-then-dup.csv", "", ["--max-warnings", "0"]],
    ["dirty-only.csv", "", ["--max-warnings", "1"]],
  ];
  withRows("dirty-then-dup.csv", (rows) => {
    rows[2] = dirty(rows[2]!);
    rows[50] = dirty(rows[50]!);
    rows.splice(39, 0, rows[10]!);
  });
  withRows("dirty-then-nokey.csv", (rows) => {
    rows[2] = dirty(rows[2]!);
    rows[59] = rows[59]!.replace(/^[^,]*/, "");
  });
  withRows("dirty-only.csv", (rows) => {
    rows[2] = dirty(rows[2]!);
    rows[50] = dirty(rows[50]!);
  });

  it.each(cases)(
    "%s %s %j",
    async (name, _, extra) => {
      const data = join(project, name);
      const out = join(project, `${name}.${extra.join("")}.out.csv`);
      const piped = await segform(["run", uncapped, "--data", data, ...extra]);
      const filed = await segform(["run", uncapped, "--data", data, "--out", out, ...extra]);
      expect(filed.code).toBe(piped.code);
      expect(filed.stderr).toBe(piped.code === 0 ? `${piped.stderr}wrote ${out}\n` : piped.stderr);
      expect(filed.stdout).toBe("");
      if (piped.code === 0) expect(readFileSync(out, "utf8")).toBe(piped.stdout);
      else expect(existsSync(out)).toBe(false);
    },
    60_000,
  );

  it("covers each way a run ends", async () => {
    const ends = [];
    for (const [name, , extra] of cases) {
      const run = await segform(["run", uncapped, "--data", join(project, name), ...extra]);
      ends.push(
        `${run.code} ${/error (SEG\d+)/.exec(run.stderr)?.[1] ?? ""} ${/warning (SEG\d+)/.exec(run.stderr)?.[1] ?? ""}`,
      );
    }
    expect(ends).toEqual([
      "2 SEG104 ",
      "2 SEG104 ",
      "2 SEG101 ",
      "2 SEG100 ",
      "0  SEG100",
      "2 SEG104 ",
      "2 SEG111 SEG100",
    ]);
  }, 120_000);
});
