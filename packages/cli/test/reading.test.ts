import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
