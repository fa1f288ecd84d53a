// `--json` (README, Errors): one envelope from every command, the same shape for the same failure, diagnostics
// as data (data warnings grouped with counts), exit codes unchanged; `-q` silences data warnings.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO, segform } from "./helpers.js";
import { VERSION } from "../src/version.js";

/** The basic fixture in a temporary git repository (committed, so that diff has a base). */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-json-"));
  cpSync(join(FIXTURES, "basic"), dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  return dir;
}

const envelope = (command: string, exitCode: number, diagnostics: unknown[], result: unknown, ok = exitCode === 0) => ({
  segform: VERSION,
  command,
  ok,
  exitCode,
  diagnostics,
  result,
});

/** The data warning the fixture's accounts.csv holds (Employees "n/a" on line 9), as the envelope groups it. */
const NA_WARNING = {
  code: "SEG100",
  severity: "warning",
  message: '"n/a" is not a whole number (field employees); treated as missing',
  file: "accounts.csv",
  line: 9,
  column: null,
  hint: null,
  dataColumn: "Employees",
  count: 1,
  lines: [9],
};

const ORPHAN_WARNING = {
  code: "SEG114",
  severity: "warning",
  message: "contacts with a role belong to 1 account not in accounts.csv (a9)",
  file: "contacts.csv",
  line: null,
  column: null,
  hint: null,
  count: 1,
};

describe("--json: a typo in the YAML gives the same envelope from every command", () => {
  const TYPO = {
    code: "SEG001",
    severity: "error",
    message: "Implicit keys need to be on a single line",
    file: "segments.yaml",
    line: 5,
    column: 1,
    hint: "a key must fit on one line: write `key: id` (the colon is missing), or close a quote left open above",
  };
  const commands: [string, string[], "stdout" | "stderr"][] = [
    ["validate", ["validate"], "stdout"],
    ["compile", ["compile"], "stdout"],
    ["compile", ["compile", "--dialect", "duckdb"], "stdout"],
    ["test", ["test"], "stdout"],
    ["diff", ["diff", "--base", "HEAD"], "stdout"],
    ["schema", ["schema", "--project", "segments.yaml"], "stdout"],
    ["explain", ["explain", "--account", "a1"], "stdout"],
    ["plan", ["plan"], "stdout"],
    ["apply", ["apply", "segments.yaml", "--auto-approve"], "stdout"],
    // Their data goes to stdout: the envelope to stderr.
    ["run", ["run"], "stderr"],
    ["report", ["report"], "stderr"],
    ["run", ["run", "--out", "m.csv"], "stdout"],
    ["report", ["report", "--out", "r.html"], "stdout"],
  ];
  for (const [command, args, stream] of commands) {
    it(`segform ${args.join(" ")} --json: exit 2, the envelope on ${stream}, nothing else`, async () => {
      const dir = project();
      writeFileSync(
        join(dir, "segments.yaml"),
        readFileSync(join(dir, "segments.yaml"), "utf8").replace("key: id\n", "key id\n"),
      );
      const run = await segform([...args, "--json"], { cwd: dir });
      expect(run.code).toBe(2);
      expect(JSON.parse(run[stream])).toEqual(envelope(command, 2, [TYPO], null));
      expect(run[stream === "stdout" ? "stderr" : "stdout"]).toBe("");
      // Pretty-printed, one document, ending in a newline.
      expect(run[stream]).toBe(JSON.stringify(envelope(command, 2, [TYPO], null), null, 2) + "\n");
    });
  }

  it("an input error without a located diagnostic (a missing --data file), and a usage error commander finds", async () => {
    const dir = project();
    const missing = await segform(["run", "--data", "nope.csv", "--json", "--out", "m.csv"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual(
      envelope(
        "run",
        2,
        [
          {
            code: "SEG106",
            severity: "error",
            message: "cannot read data file nope.csv",
            file: "nope.csv",
            line: null,
            column: null,
            hint: "check the path given to --data",
          },
        ],
        null,
      ),
    );
    const usage = await segform(["compile", "--json", "--format", "xml"], { cwd: dir });
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual(
      envelope(
        "compile",
        2,
        [
          {
            code: "SEG112",
            severity: "error",
            message: "option '--format <format>' argument 'xml' is invalid. Allowed choices are json, sql.",
            file: null,
            line: null,
            column: null,
            hint: "run segform --help for usage",
          },
        ],
        null,
      ),
    );
    const init = await segform(["init", "--json"], { cwd: dir });
    expect(init.code).toBe(2);
    expect(JSON.parse(init.stdout).diagnostics.map((d: { code: string }) => d.code)).toEqual(["SEG112"]);
    expect(JSON.parse(init.stdout).result).toBeNull();
  });
});

describe("--json: each command's result", () => {
  it("validate: the plan's hash and counts; a failed check is exit 1 with its diagnostics", async () => {
    const dir = project();
    const plan = JSON.parse((await segform(["compile"], { cwd: dir })).stdout);
    const run = await segform(["validate", "--json"], { cwd: dir });
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(JSON.parse(run.stdout)).toEqual(
      envelope("validate", 0, [], {
        file: "segments.yaml",
        hash: plan.hash,
        fields: 6,
        scores: 2,
        tiers: 2,
        segments: 5,
        activations: 2,
      }),
    );
    writeFileSync(
      join(dir, "segments.yaml"),
      readFileSync(join(dir, "segments.yaml"), "utf8").replace("capacity: 2", "capacty: 2"),
    );
    const failed = await segform(["validate", "--json"], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual(
      envelope(
        "validate",
        1,
        [
          {
            code: "SEG010",
            severity: "error",
            message: 'unknown key "capacty" in tiers[0]',
            file: "segments.yaml",
            line: 27,
            column: 43,
            hint: 'did you mean "capacity"? allowed keys: activate, capacity, description, id, owner, rank_by, when',
          },
        ],
        null,
      ),
    );
  });

  it("compile: the plan (or the SQL) inside the envelope; with --out, the file and its name", async () => {
    const dir = project();
    const plain = await segform(["compile"], { cwd: dir });
    const plan = JSON.parse(plain.stdout);
    expect(JSON.parse((await segform(["compile", "--json"], { cwd: dir })).stdout)).toEqual(
      envelope("compile", 0, [], { format: "json", hash: plan.hash, plan }),
    );
    const sql = (await segform(["compile", "--dialect", "duckdb"], { cwd: dir })).stdout;
    expect(JSON.parse((await segform(["compile", "--dialect", "duckdb", "--json"], { cwd: dir })).stdout)).toEqual(
      envelope("compile", 0, [], { format: "sql", dialect: "duckdb", hash: plan.hash, asOf: "2026-11-01", sql }),
    );
    const out = await segform(["compile", "--json", "--out", "plan.json"], { cwd: dir });
    expect([out.code, out.stderr]).toEqual([0, ""]);
    expect(JSON.parse(out.stdout)).toEqual(
      envelope("compile", 0, [], { format: "json", hash: plan.hash, out: "plan.json" }),
    );
    expect(readFileSync(join(dir, "plan.json"), "utf8")).toBe(plain.stdout);
  });

  it("run: membership on stdout as JSON, the envelope on stderr with grouped data warnings and the counts", async () => {
    const dir = project();
    const run = await segform(["run", "--json"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe((await segform(["run", "--format", "json", "-q"], { cwd: dir })).stdout);
    const counts = {
      data: "accounts.csv",
      asOf: "2026-11-01",
      accounts: 8,
      icp: 5,
      untiered: 0,
      tiers: { t1: 2, t2: 3 },
      segments: { hot: 2, sw: 2, fin: 0, top: 0, rest: 1 },
    };
    expect(JSON.parse(run.stderr)).toEqual(
      envelope("run", 0, [NA_WARNING, ORPHAN_WARNING], { ...counts, out: null, snapshot: null }),
    );
    // With --out the stdout is free: the envelope goes there; the file's format follows its extension.
    const out = await segform(["run", "--json", "--out", "m.csv"], { cwd: dir });
    expect([out.code, out.stderr]).toEqual([0, ""]);
    expect(JSON.parse(out.stdout)).toEqual(
      envelope("run", 0, [NA_WARNING, ORPHAN_WARNING], { ...counts, out: "m.csv", snapshot: null }),
    );
    expect(readFileSync(join(dir, "m.csv"), "utf8")).toBe((await segform(["run", "-q"], { cwd: dir })).stdout);
  });

  it("run: many bad values are one diagnostic with the count and the first five lines; --max-warnings keeps them with the stop", async () => {
    const dir = project();
    const rows = Array.from({ length: 7 }, (_, i) => `b${i},lots,software,,,`).join("\n");
    writeFileSync(
      join(dir, "accounts.csv"),
      readFileSync(join(dir, "accounts.csv"), "utf8").trimEnd() + "\n" + rows + "\n",
    );
    const run = await segform(["run", "--json", "--out", "m.csv"], { cwd: dir });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.diagnostics[0]).toEqual({ ...NA_WARNING, count: 8, lines: [9, 10, 11, 12, 13] });
    const stopped = await segform(["run", "--json", "--max-warnings", "3", "--out", "m2.csv"], { cwd: dir });
    expect(stopped.code).toBe(2);
    expect(JSON.parse(stopped.stdout)).toEqual(
      envelope(
        "run",
        2,
        [
          { ...NA_WARNING, count: 3, lines: [9, 10, 11] },
          {
            code: "SEG111",
            severity: "error",
            message: "more than 3 data warnings (--max-warnings 3)",
            file: "accounts.csv",
            line: 12,
            column: null,
            hint: "fix the data, declare known placeholders with null_values, or raise --max-warnings",
          },
        ],
        null,
      ),
    );
  });

  it("explain: the explanation, with the data warnings of that account's row", async () => {
    const dir = project();
    const run = await segform(["explain", "--account", "a8", "--json"], { cwd: dir });
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const json = JSON.parse(run.stdout);
    expect(json).toEqual(envelope("explain", 0, [NA_WARNING], json.result));
    expect(json.result).toMatchObject({ key: "a8", icp: { result: false }, tier: null, segment: null });
    const missing = await segform(["explain", "--account", "zz", "--json"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).diagnostics).toEqual([
      {
        code: "SEG112",
        severity: "error",
        message: 'no account with key "zz" in accounts.csv',
        file: null,
        line: null,
        column: null,
        hint: "the key is the field `id`",
      },
    ]);
  });

  it("test, diff and plan: the report --format json prints, in the envelope; the exit code is the command's", async () => {
    const dir = project();
    const test = await segform(["test", "--format", "json"], { cwd: dir });
    const testJson = await segform(["test", "--json"], { cwd: dir });
    expect(testJson.code).toBe(test.code);
    expect(JSON.parse(testJson.stdout)).toEqual(envelope("test", test.code!, [], JSON.parse(test.stdout)));
    const diff = await segform(["diff", "--base", "HEAD", "--format", "json"], { cwd: dir });
    const diffJson = await segform(["diff", "--base", "HEAD", "--json"], { cwd: dir });
    expect([diffJson.code, diffJson.stderr]).toEqual([0, ""]);
    expect(JSON.parse(diffJson.stdout)).toEqual(envelope("diff", 0, [NA_WARNING], JSON.parse(diff.stdout)));
    const plan = await segform(["plan", "--format", "json"], { cwd: dir });
    const planJson = await segform(["plan", "--json"], { cwd: dir });
    expect(planJson.code).toBe(0);
    const skipped = JSON.parse(plan.stdout).skipped as { code: string; name: string; reason: string }[];
    expect(skipped.map((s) => s.name)).toEqual(["li", "sf"]);
    const planJsonParsed = JSON.parse(planJson.stdout);
    expect(planJsonParsed.result).toEqual(JSON.parse(plan.stdout));
    expect(
      planJsonParsed.diagnostics.map((d: { code: string; message: string; line: number }) => [
        d.code,
        d.message.split(":")[0],
        d.line,
      ]),
    ).toEqual([
      ["SEG420", "destination li skipped", 51],
      ["SEG420", "destination sf skipped", 50],
    ]);
  });

  it("schema, init, state: their data in the envelope", async () => {
    const schema = await segform(["schema", "--json"]);
    expect(JSON.parse(schema.stdout)).toEqual(
      envelope("schema", 0, [], {
        kind: "definitions",
        schema: JSON.parse(readFileSync(join(REPO, "schemas", "segform.schema.json"), "utf8")),
      }),
    );
    const dir = mkdtempSync(join(tmpdir(), "segform-json-init-"));
    const init = await segform(["init", "new", "--json"], { cwd: dir });
    expect([init.code, init.stderr]).toEqual([0, ""]);
    expect(JSON.parse(init.stdout)).toEqual(
      envelope("init", 0, [], {
        directory: "new",
        files: [
          "new/segments.yaml",
          "new/data/accounts.csv",
          "new/tests/segments_test.yaml",
          "new/tests/fixtures/accounts.yaml",
          "new/schemas/segform.schema.json",
          "new/schemas/segform-test.schema.json",
          "new/schemas/segform-fixtures.schema.json",
          "new/.gitignore",
          "new/.github/workflows/segform.yml",
          "new/README.md",
        ],
      }),
    );
    const state = await segform(["state", "list", "--json"], { cwd: project() });
    expect(JSON.parse(state.stdout)).toEqual(
      envelope("state list", 0, [], { destinations: [], location: ".segform/state", lock: null }),
    );
    const show = await segform(["state", "show", "a1", "--json"], { cwd: project() });
    expect(show.code).toBe(1);
    expect(JSON.parse(show.stdout)).toEqual(envelope("state show", 1, [], { destinations: [], key: "a1" }));
  });

  it("report: the envelope names what it wrote", async () => {
    const dir = project();
    const plan = JSON.parse((await segform(["compile"], { cwd: dir })).stdout);
    const run = await segform(["report", "--json", "--out", "r.html"], { cwd: dir });
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(JSON.parse(run.stdout)).toEqual(
      envelope("report", 0, [NA_WARNING], {
        out: "r.html",
        data: "accounts.csv",
        asOf: "2026-11-01",
        planHash: plan.hash,
      }),
    );
    expect(readFileSync(join(dir, "r.html"), "utf8")).toBe((await segform(["report"], { cwd: dir })).stdout);
  });
});

describe("-q", () => {
  it("silences data warnings and the summary; --max-warnings still counts them", async () => {
    const dir = project();
    const quiet = await segform(["run", "-q"], { cwd: dir });
    expect([quiet.code, quiet.stderr]).toEqual([0, ""]);
    const loud = await segform(["run"], { cwd: dir });
    expect(loud.stderr).toContain(
      'accounts.csv:9: warning SEG100: column Employees: "n/a" is not a whole number (field employees); treated as missing\n',
    );
    expect(loud.stdout).toBe(quiet.stdout);
    const stopped = await segform(["run", "-q", "--max-warnings", "0"], { cwd: dir });
    expect([stopped.code, stopped.stdout, stopped.stderr]).toEqual([
      2,
      "",
      "accounts.csv:9: error SEG111: more than 0 data warnings (--max-warnings 0)\n  hint: fix the data, declare known placeholders with null_values, or raise --max-warnings\n",
    ]);
  });
});
