import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO, segform, segformBin } from "./helpers.js";

const basic = join(FIXTURES, "basic", "segments.yaml");

function tempCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-cli-"));
  cpSync(join(FIXTURES, "basic"), dir, { recursive: true });
  return dir;
}

const EXPECTED_CSV = `id,icp,fit,intent,tier,segment,activations,roles
a1,true,100,90,t1,hot,crm,buyer;user
a2,true,100,60,t1,sw,ads;crm,buyer
a3,true,100,60,t2,sw,ads;crm,
a4,true,50,10,t2,hot,crm,
a5,false,50,99,,,,
a6,false,70,0,,,,
a7,true,50,0,t2,rest,crm,
a8,false,30,0,,,,
`;

describe("segform run", () => {
  it("labels every account (capacity ties broken by key, roles joined from contacts)", async () => {
    const run = await segform(["run", basic]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(EXPECTED_CSV);
    expect(run.stderr).toContain(
      'accounts.csv:9: warning SEG100: column Employees: "n/a" is not a whole number (field employees); treated as missing',
    );
    expect(run.stderr).toContain("8 accounts from");
    expect(run.stderr).toMatch(
      /contacts\.csv: warning: contacts with a role belong to 1 account not in .*accounts\.csv \(a9\)/,
    );
    expect(run.stderr).toContain("tiers:    t1 2, t2 3");
    expect(run.stderr).toContain("segments: hot 2, sw 2, fin 0, top 0, rest 1");
  });

  it("keeps the roles column, empty, when the plan has roles but no contact data is given (every engine, a warning)", async () => {
    const dir = tempCopy();
    writeFileSync(
      join(dir, "segments.yaml"),
      readFileSync(join(dir, "segments.yaml"), "utf8").replace("  source: contacts.csv\n", ""),
    );
    const emptyRoles = EXPECTED_CSV.split("\n")
      .map((line, index) => (index === 0 || line === "" ? line : line.replace(/,[^,]*$/, ",")))
      .join("\n");
    const js = await segform(["run", "-q"], { cwd: dir });
    expect([js.code, js.stdout]).toEqual([0, emptyRoles]);
    expect(js.stderr).toContain(
      "warning: no contact data (--contacts FILE or contacts.source): the roles column is empty\n",
    );
    const duck = await segform(["run", "-q", "--engine", "duckdb", "--out", "out.csv"], { cwd: dir });
    expect(duck.code, duck.stderr).toBe(0);
    expect(readFileSync(join(dir, "out.csv"), "utf8")).toBe(emptyRoles);
    expect(JSON.parse((await segform(["run", "-q", "--json"], { cwd: dir })).stdout)[0].roles).toEqual({});
  });

  it("groups data warnings by column and code: the first as it happens, then a count with line numbers; --max-warnings stops the run", async () => {
    const dir = tempCopy();
    const rows = Array.from({ length: 7 }, (_, i) => `b${i},lots,software,,,`).join("\n");
    writeFileSync(
      join(dir, "accounts.csv"),
      readFileSync(join(dir, "accounts.csv"), "utf8").trimEnd() + "\n" + rows + "\n",
    );
    const run = await segform(["run"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr.split("\n").filter((line) => line.includes("SEG100"))).toEqual([
      'accounts.csv:9: warning SEG100: column Employees: "n/a" is not a whole number (field employees); treated as missing',
      "accounts.csv: warning SEG100: column Employees: 7 more values like the one above (lines 10, 11, 12, 13, 14, …)",
    ]);
    const stopped = await segform(["run", "-q", "--max-warnings", "3", "--out", "out.csv"], { cwd: dir });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain(
      "accounts.csv:12: error SEG111: more than 3 data warnings (--max-warnings 3)\n  hint: fix the data, declare known placeholders with null_values, or raise --max-warnings\n",
    );
    expect(existsSync(join(dir, "out.csv"))).toBe(false);
    expect((await segform(["run", "-q", "--max-warnings", "8"], { cwd: dir })).code).toBe(0);
    const bad = await segform(["run", "-q", "--max-warnings", "many"], { cwd: dir });
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'error: invalid --max-warnings "many"\n  hint: give a whole number of data warnings, e.g. --max-warnings 100\n',
    ]);
  });

  it("is byte-identical across runs and formats agree", async () => {
    expect((await segform(["run", basic, "-q"])).stdout).toBe((await segform(["run", basic, "-q"])).stdout);
    const jsonl = (await segform(["run", basic, "--format", "jsonl", "-q"])).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const json = JSON.parse((await segform(["run", basic, "--json", "-q"])).stdout);
    expect(json).toEqual(jsonl);
    expect(json[0]).toEqual({
      account: "a1",
      icp: true,
      scores: { fit: 100, intent: 90 },
      tier: "t1",
      segment: "hot",
      activations: ["crm"],
      roles: { buyer: ["c1"], user: ["c2"] },
    });
    expect(json[4]).toEqual({
      account: "a5",
      icp: false,
      scores: { fit: 50, intent: 99 },
      tier: null,
      segment: null,
      activations: [],
      roles: {},
    });
  });

  it("writes --out atomically and leaves no temporary files", async () => {
    const dir = tempCopy();
    const out = join(dir, "membership.csv");
    const run = await segform(["run", "segments.yaml", "--out", out], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(EXPECTED_CSV);
    expect(readdirSync(dir).filter((name) => name.startsWith(".segform-tmp"))).toEqual([]);
  });

  it("does not replace an existing output when the run fails", async () => {
    const dir = tempCopy();
    const out = join(dir, "membership.csv");
    writeFileSync(out, "previous\n");
    writeFileSync(join(dir, "bad.csv"), 'id,Employees,Industry,Tech,LastVisit,Surge\na1,5,"software\n');
    const run = await segform(["run", "segments.yaml", "--data", "bad.csv", "--out", out], { cwd: dir });
    expect(run.code).toBe(2);
    expect(readFileSync(out, "utf8")).toBe("previous\n");
    expect(readdirSync(dir).filter((name) => name.startsWith(".segform-tmp"))).toEqual([]);
  });

  it("--strict stops at the first unreadable value with its location", async () => {
    const run = await segform(["run", basic, "--strict"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /accounts\.csv:9: error SEG100: column Employees: "n\/a" is not a whole number \(field employees\)\n {2}hint: fix the value, or run without --strict/,
    );
  });

  it("reports a declared column missing from the data (exit 2)", async () => {
    const dir = tempCopy();
    writeFileSync(join(dir, "short.csv"), "id,Employees,Industry,Tech,LastVisit\na1,5,software,,\n");
    const run = await segform(["run", "segments.yaml", "--data", "short.csv"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("short.csv:1: error SEG103: column Surge (field surge) missing from the data");
  });

  it("reports a missing data file and an unknown format", async () => {
    const missing = await segform(["run", basic, "--data", "nope.csv"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "nope.csv: error SEG106: cannot read data file nope.csv\n  hint: check the path given to --data\n",
    );
    // The hint names the option that was given.
    const contacts = await segform(["run", basic, "--contacts", "nope.csv"]);
    expect(contacts.code).toBe(2);
    expect(contacts.stderr).toBe(
      "nope.csv: error SEG106: cannot read contacts file nope.csv\n  hint: check the path given to --contacts\n",
    );
    const unknown = await segform(["run", basic, "--data", join(FIXTURES, "basic", "segments.yaml")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("SEG107");
  });

  it("reads JSONL input with the same results", async () => {
    const dir = tempCopy();
    const lines = [
      { id: "a1", Employees: 500, Industry: "software", Tech: ["dbt", "looker"], LastVisit: "2026-10-30", Surge: 90 },
      { id: "a8", Employees: "n/a", Industry: "software" },
    ];
    writeFileSync(join(dir, "accounts.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const run = await segform(["run", "segments.yaml", "--data", "accounts.jsonl"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "id,icp,fit,intent,tier,segment,activations,roles\na1,true,100,90,t1,hot,crm,buyer;user\na8,false,30,0,,,,\n",
    );
    expect(run.stderr.split("\n").slice(0, 2)).toEqual([
      'accounts.jsonl:2: warning SEG100: column Employees: "n/a" is not a whole number (field employees); treated as missing',
      "contacts.csv: warning: contacts with a role belong to 2 accounts not in accounts.jsonl (a2, a9)",
    ]);
  });
});

describe("segform validate / compile / schema", () => {
  it("validates a good project", async () => {
    const run = await segform(["validate", basic]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("is valid: 6 fields, 2 scores, 2 tiers, 4 segments + rest, 2 activations");
  });

  it("names derived fields and audiences in the summary when a project has them", async () => {
    const derived = await segform(["validate", "examples/abm-intent-stages/segments.yaml"]);
    expect(derived.stderr).toBe(
      "examples/abm-intent-stages/segments.yaml is valid: 21 fields (+1 derived), 2 scores, 3 tiers, 4 segments + not-in-market, 9 activations\n",
    );
    const audiences = await segform(["validate", "examples/hr-tech-midmarket/segments.yaml", "--json"]);
    expect(JSON.parse(audiences.stdout).result).toMatchObject({
      fields: 23,
      segments: 5,
      audiences: 3,
      activations: 15,
    });
  });

  it("exits 2, as every command does, when the definitions cannot be read or parsed; 1 when a check fails", async () => {
    const dir = tempCopy();
    const missing = await segform(["validate", "nowhere.yaml"], { cwd: dir });
    expect([missing.code, missing.stderr]).toEqual([
      2,
      "error SEG004: cannot read nowhere.yaml\n  hint: check the path; it is relative to the working directory\n1 error, 0 warnings\n",
    ]);
    writeFileSync(join(dir, "broken.yaml"), "version: 1\nkey: id\nfields:\n  id: { type: string\n");
    const broken = await segform(["validate", "broken.yaml"], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("broken.yaml:4:7: error SEG001: ");
    for (const command of [
      ["run", "nowhere.yaml"],
      ["test", "nowhere.yaml"],
      ["compile", "broken.yaml"],
    ])
      expect((await segform(command, { cwd: dir })).code, command.join(" ")).toBe(2);
  });

  it("reports every error at once, located, with exit 1", async () => {
    const dir = tempCopy();
    const text = readFileSync(join(dir, "segments.yaml"), "utf8")
      .replace("capacity: 2", "capacty: 2")
      .replace("{ industry: fintech }, activate", "{ industri: fintech }, activate");
    writeFileSync(join(dir, "segments.yaml"), text);
    const run = await segform(["validate", "segments.yaml"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('segments.yaml:27:43: error SEG010: unknown key "capacty" in tiers[0]');
    expect(run.stderr).toContain('hint: did you mean "capacity"?');
    expect(run.stderr).toContain("1 error, 0 warnings");
    const json = JSON.parse((await segform(["validate", "segments.yaml", "--json"], { cwd: dir })).stdout);
    expect([json.ok, json.exitCode]).toEqual([false, 1]);
    expect(json.diagnostics[0]).toMatchObject({
      code: "SEG010",
      severity: "error",
      file: "segments.yaml",
      line: 27,
      column: 43,
    });
  });

  it("compiles to a byte-stable plan; run and compile refuse broken definitions with exit 2", async () => {
    const first = await segform(["compile", basic]);
    expect(first.code).toBe(0);
    expect((await segform(["compile", basic])).stdout).toBe(first.stdout);
    const plan = JSON.parse(first.stdout);
    expect(plan.planVersion).toBe(1);
    expect(plan.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const dir = tempCopy();
    writeFileSync(join(dir, "segments.yaml"), "version: 1\nfields: {id: {type: strin}}\n");
    for (const command of ["compile", "run", "explain"]) {
      const run = await segform(
        command === "explain" ? [command, "segments.yaml", "--account", "x"] : [command, "segments.yaml"],
        { cwd: dir },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('segments.yaml:2:21: error SEG012: fields.id.type: "strin" is not one of');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("prints the committed JSON Schema", async () => {
    const run = await segform(["schema"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      JSON.parse(readFileSync(join(REPO, "schemas", "segform.schema.json"), "utf8")),
    );
  });
});

describe("segform explain", () => {
  it("explains one account with the values each clause saw", async () => {
    const run = await segform(["explain", basic, "--account", "a3"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("account a3\nICP: in\n");
    expect(run.stdout).toContain("score fit = 100\n");
    expect(run.stdout).toContain('✓ tech contains "dbt"  (was ["dbt", "snowflake"])');
    expect(run.stdout).toContain("tier: t2\n");
    expect(run.stdout).toContain("(matched, but over capacity 2: fell through)");
    expect(run.stdout).toContain("segment: sw\n");
  });

  it("gives JSON with --json and exit 2 for an unknown account", async () => {
    const json = JSON.parse((await segform(["explain", basic, "--account", "a2", "--json"])).stdout);
    expect(json.result).toMatchObject({ key: "a2", tier: "t1", segment: "sw" });
    const missing = await segform(["explain", basic, "--account", "zz"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error: no account with key "zz"');
  });
});

describe("segform init and usage errors", () => {
  it("creates a project that runs, and refuses to overwrite it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-init-"));
    expect((await segform(["init"], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, "segments.yaml"))).toBe(true);
    const run = await segform(["run", "-q"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("account_id,icp,fit,intent_score,tier,segment,activations");
    // It passes its own checks: definitions, the fixture suite (every tier and segment), coverage and quality bars.
    expect((await segform(["validate"], { cwd: dir })).code).toBe(0);
    const test = await segform(["test", "--coverage", "--min-coverage", "100%", "--format", "json"], { cwd: dir });
    expect(test.code, test.stderr).toBe(0);
    const report = JSON.parse(test.stdout);
    expect(report.summary).toMatchObject({ passed: 8, failed: 0 });
    // Every modeline points at a schema init wrote: the project's own for the definitions and test files, the
    // package's for fixtures.
    const projectSchema = (await segform(["schema", "--project"], { cwd: dir })).stdout;
    const projectTestSchema = (await segform(["schema", "--project", "--kind", "test"], { cwd: dir })).stdout;
    for (const [file, schema, expected] of [
      ["segments.yaml", "segform.schema.json", projectSchema],
      ["tests/segments_test.yaml", "segform-test.schema.json", projectTestSchema],
      [
        "tests/fixtures/accounts.yaml",
        "segform-fixtures.schema.json",
        readFileSync(join(REPO, "schemas", "segform-fixtures.schema.json"), "utf8"),
      ],
    ] as const) {
      const modeline = /^# yaml-language-server: \$schema=(\S+)$/.exec(
        readFileSync(join(dir, file), "utf8").split("\n", 1)[0]!,
      )![1]!;
      expect(join(dir, file, "..", modeline)).toBe(join(dir, "schemas", schema));
      expect(readFileSync(join(dir, "schemas", schema), "utf8")).toBe(expected);
    }
    expect(projectSchema).toContain('"title": "segform definitions (this project)"');
    expect(projectTestSchema).toContain('"title": "segform test suite (this project)"');
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toContain(".segform/\nsnapshots/\n");
    expect(readFileSync(join(dir, ".github/workflows/segform.yml"), "utf8")).toContain("uses: segform/segform@v0.1.0");
    const again = await segform(["init"], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exist");
  });

  it("the bin (a real process) exits 2 on unknown commands, options and missing files, without a stack trace", async () => {
    for (const args of [
      ["frobnicate"],
      ["run", "--bogus"],
      ["run", "missing.yaml"],
      ["explain", basic],
      ["run", basic, "--as-of", "2026-02-30"],
    ]) {
      const run = segformBin(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(segformBin(["run", "missing.yaml"]).stderr).toContain("error SEG004: cannot read missing.yaml");
  });
});

describe("main(argv, io) in process", () => {
  it("writes only to the streams it is given, and two runs do not mix their output", async () => {
    const { main } = await import("../src/main.js");
    const { Writable } = await import("node:stream");
    const sink = () => {
      const chunks: string[] = [];
      return {
        chunks,
        stream: new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) }),
      };
    };
    const written: string[] = [];
    const real = process.stdout.write;
    const [a, b, aErr, bErr] = [sink(), sink(), sink(), sink()];
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      const codes = await Promise.all([
        main(["run", basic, "--format", "jsonl"], { stdout: a.stream, stderr: aErr.stream }),
        main(["run", "missing.yaml"], { stdout: b.stream, stderr: bErr.stream }),
      ]);
      expect(codes).toEqual([0, 2]);
    } finally {
      process.stdout.write = real;
    }
    expect(written.join("")).toBe("");
    expect(a.chunks.join("")).toBe((await segform(["run", basic, "-q", "--format", "jsonl"])).stdout);
    expect(a.chunks.join("").trim().split("\n")).toHaveLength(8);
    expect(aErr.chunks.join("")).toContain("accounts.csv:9: warning SEG100: column Employees");
    expect(aErr.chunks.join("")).not.toContain("SEG004");
    expect(b.chunks).toEqual([]);
    expect(bErr.chunks.join("")).toContain("error SEG004: cannot read missing.yaml");
    expect(bErr.chunks.join("")).not.toContain("SEG100");
  });
});
