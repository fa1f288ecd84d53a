import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, segform } from "./helpers.js";

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-safety-"));
  cpSync(join(FIXTURES, "basic"), dir, { recursive: true });
  return dir;
}

/** A FIFO in `dir` with a reader (`cat`) started before the writer; resolves to what the reader got. */
function fifoWithReader(path: string): Promise<string> {
  execFileSync("mkfifo", [path]);
  const reader = spawn("sh", ["-c", 'cat "$1" > "$1.got"', "sh", path], { stdio: "ignore" });
  return once(reader, "exit").then(() => readFileSync(`${path}.got`, "utf8"));
}

describe("outputs never replace special files or symlinks", () => {
  const writers: [string, (out: string) => string[]][] = [
    ["run --out", (out) => ["run", "-q", "--out", out]],
    ["run --engine duckdb --out (DuckDB's COPY)", (out) => ["run", "-q", "--engine", "duckdb", "--out", out]],
    ["run --snapshot", (out) => ["run", "-q", "--out", "membership.csv", "--snapshot", out]],
    ["test --out", (out) => ["test", "--format", "json", "--out", out]],
    ["compile --out", (out) => ["compile", "--out", out]],
    ["schema --out", (out) => ["schema", "--out", out]],
  ];

  for (const [name, args] of writers) {
    it(`${name} writes a FIFO in place and keeps it a FIFO`, async () => {
      const dir = project();
      const got = fifoWithReader(join(dir, "pipe"));
      const run = await segform(args("pipe"), { cwd: dir });
      expect(run.stderr).not.toContain("error");
      expect((await got).length).toBeGreaterThan(100);
      expect(lstatSync(join(dir, "pipe")).isFIFO()).toBe(true);
    });

    it(`${name} writes through a symlink and keeps it a symlink`, async () => {
      const dir = project();
      mkdirSync(join(dir, "real"));
      writeFileSync(join(dir, "real", "target.txt"), "old");
      symlinkSync(join("real", "target.txt"), join(dir, "link"));
      await segform(args("link"), { cwd: dir });
      expect(lstatSync(join(dir, "link")).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(dir, "link"))).toBe(join("real", "target.txt"));
      const text = readFileSync(join(dir, "real", "target.txt"), "utf8");
      expect(text.length).toBeGreaterThan(100);
      expect(readdirSync(join(dir, "real"))).toEqual(["target.txt"]);
    });
  }

  it("refuses a directory as the output, before running", async () => {
    const dir = project();
    mkdirSync(join(dir, "out"));
    const run = await segform(["compile", "--out", "out"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "out: error SEG110: the output path is a directory\n  hint: name a regular file (or a FIFO or character device such as /dev/stdout)\n",
    );
  });

  it("refuses a dangling symlink as run's output before running", async () => {
    const dir = project();
    symlinkSync("missing.csv", join(dir, "out.csv"));
    const run = await segform(["run", "--out", "out.csv"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "out.csv: error SEG110: the output path is a symlink to a file that does not exist\n  hint: point the link at an existing file, or remove it\n",
    );
    expect(lstatSync(join(dir, "out.csv")).isSymbolicLink()).toBe(true);
  });
});

describe("empty arguments are usage errors", () => {
  for (const [args, message] of [
    [["run", "--out", ""], "error: empty value for --out\n  hint: pass a value, or leave --out out\n"],
    [["run", "--data", ""], "error: empty value for --data\n  hint: pass a value, or leave --data out\n"],
    [["validate", ""], "error: empty file argument\n  hint: pass a file, or leave it out for the default\n"],
    [["test", "--tests", ""], "error: empty value for --tests\n  hint: pass a value, or leave --tests out\n"],
  ] as const) {
    it(`segform ${args.map((a) => (a === "" ? '""' : a)).join(" ")}`, async () => {
      const run = await segform([...args], { cwd: project() });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(message);
    });
  }
});

describe("test never passes with zero suites when suites are expected", () => {
  it("--tests that does not exist: exit 2", async () => {
    const run = await segform(["test", "--tests", "/nonexistent", "--format", "json"], { cwd: project() });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.diagnostics).toEqual([
      {
        code: "SEG202",
        severity: "error",
        message: "no test suites found: /nonexistent does not exist",
        hint: "check the --tests path",
      },
    ]);
    expect(report.summary.exitCode).toBe(2);
  });

  it("an empty tests/ directory: exit 2", async () => {
    const dir = project();
    execFileSync("rm", ["-r", join(dir, "tests")]);
    mkdirSync(join(dir, "tests"));
    const run = await segform(["test", "--format", "json", "--no-bars"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).diagnostics).toEqual([
      {
        code: "SEG202",
        severity: "error",
        message: "no test suites found (looked for tests/*_test.yaml)",
        hint: "name suites <name>_test.yaml",
      },
    ]);
  });

  it("no tests/ directory and no --tests: a warning, exit 0", async () => {
    const dir = project();
    execFileSync("rm", ["-r", join(dir, "tests")]);
    const run = await segform(["test", "--format", "json", "--no-bars"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).diagnostics).toEqual([
      { code: "SEG202", severity: "warning", message: "no test suites found (looked for tests/*_test.yaml)" },
    ]);
  });

  it("a suite for another project: an error located at its project key, exit 2", async () => {
    const dir = project();
    const file = join(dir, "tests", "basic_test.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("name: basic\n", "name: basic\nproject: ../other.yaml\n"));
    const run = await segform(["test", "--format", "json", "--no-bars"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).diagnostics).toEqual([
      {
        code: "SEG201",
        severity: "error",
        message: 'suite "basic" tests other.yaml, not segments.yaml',
        hint: "run it with: segform test other.yaml",
        location: { file: "tests/basic_test.yaml", line: 3, column: 10, endLine: 3, endColumn: 23 },
      },
    ]);
  });
});

describe("special input paths are refused before they are opened", () => {
  it("test --baseline on a FIFO", async () => {
    const dir = project();
    execFileSync("mkfifo", [join(dir, "baseline")]);
    const run = await segform(["test", "--baseline", "baseline"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: baseline baseline is not a regular file\n  hint: write one with: segform run --snapshot FILE\n",
    );
  });

  it("run --data and --contacts on a FIFO or a directory", async () => {
    const dir = project();
    execFileSync("mkfifo", [join(dir, "pipe")]);
    const data = await segform(["run", "--data", "pipe"], { cwd: dir });
    expect(data.code).toBe(2);
    expect(data.stderr).toBe(
      "error: data pipe is not a regular file\n  hint: save the data to a file and pass its path\n",
    );
    const contacts = await segform(["run", "--contacts", "tests"], { cwd: dir });
    expect(contacts.code).toBe(2);
    expect(contacts.stderr).toBe(
      "error: contacts tests is not a regular file\n  hint: save the data to a file and pass its path\n",
    );
  });

  it("init into a path that cannot be created returns at once", async () => {
    const run = await segform(["init", "/proc/segform-x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: cannot create directory /proc/segform-x: ENOENT\n  hint: pass a directory you can write to\n",
    );
  });

  it("init into a file", async () => {
    const dir = project();
    const run = await segform(["init", "accounts.csv"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: accounts.csv exists and is not a directory\n  hint: pass a directory to create the project in\n",
    );
  });
});

describe("connection strings never print their password", () => {
  const refused = "  hint: check the URL (--url or SEGFORM_PG_URL), that the server is running, and the credentials\n";
  for (const [url, stderr] of [
    [
      "host=127.0.0.1 user=me password=s3cret dbname=x",
      "error SEG108: invalid PostgreSQL URL host=127.0.0.1 user=me password=*** dbname=x\n  hint: use postgres://user:password@host:port/database\n",
    ],
    [
      "postgres://me@127.0.0.1:1/x?password=s3cret",
      `error SEG108: cannot connect to PostgreSQL at postgres://me@127.0.0.1:1/x?password=***: connect ECONNREFUSED 127.0.0.1:1\n${refused}`,
    ],
    [
      "postgres://me:s3cret@127.0.0.1:1/x",
      `error SEG108: cannot connect to PostgreSQL at postgres://me:***@127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1\n${refused}`,
    ],
  ]) {
    it(url!.replace("s3cret", "…"), async () => {
      for (const env of [{}, { SEGFORM_PG_URL: url! }] as Record<string, string>[]) {
        const args = ["run", "--engine", "postgres", ...("SEGFORM_PG_URL" in env ? [] : ["--url", url!])];
        const run = await segform(args, { cwd: project(), env });
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(stderr);
        expect(run.stdout).toBe("");
      }
    });
  }
});
