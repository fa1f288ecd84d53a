// The hostile-input suite: every case that once crashed, hung or ran out of memory, run through the built CLI
// under the budget in bounded.ts (10 s of CPU, 1 GiB). Each must end on its own with its exit code and a located
// message, without a stack trace. Seeded generators keep the classes covered: mutated definitions here, mutated
// CSV in packages/cli/test/hostile.test.ts, validate-accepted mutations in validate-runs.property.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { segform } from "../../packages/cli/test/helpers.js";
import { bounded, expectContained, REPO } from "./bounded.js";

// The budget is CPU time (bounded.ts); wall time only guards against a wedged suite, and the machine is shared.
vi.setConfig({ testTimeout: 300_000 });

const QUICKSTART = join(REPO, "segments.example.yaml");
const ACCOUNTS = readFileSync(join(REPO, "examples/quickstart/data/accounts.csv"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "segform-hostile-bounded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MINIMAL = ["version: 1", "key: id", "fields: { id: { type: string }, employees: { type: integer } }"];

function write(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("hostile definitions", () => {
  it("a 20,000-link define chain: a located error in validate, run and compile --dialect", async () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `  d${i + 1}: { not: { all: [d${i}] } }`);
    const file = write(
      "chain.yaml",
      [...MINIMAL, "define:", "  d0: { employees: { gte: 1 } }", ...chain, "icp: { include: d20000 }"].join("\n") +
        "\n",
    );
    const data = write("chain.csv", "id,employees\nA1,5\n");
    for (const args of [
      ["validate", file],
      ["run", file, "--data", data],
      ["compile", file, "--dialect", "duckdb"],
    ]) {
      expectContained(
        await bounded(args),
        args[0] === "validate" ? 1 : 2,
        `${file}:72:3: error SEG046: d67 nests 202 levels deep once the defines it uses are expanded (limit 200)`,
      );
    }
  });

  it("300,000 YAML aliases: the first ten are shown, the first with the count", async () => {
    const file = write("aliases.yaml", `x: &a [1]\ny: [${Array.from({ length: 300_000 }, () => "*a").join(",")}]\n`);
    const run = await bounded(["validate", file]);
    expectContained(
      run,
      1,
      `${file}:2:5: error SEG003: YAML aliases (*name) are not supported (300,000 aliases in this file, the first 10 shown)`,
    );
    expect(run.stderr.match(/error SEG003/g)).toHaveLength(10);
  });

  it("a file of a million one-character list items is refused before it is parsed", async () => {
    const file = write("tokens.yaml", `z: [${Array.from({ length: 600_000 }, () => "1").join(",")}]\n`);
    expectContained(
      await bounded(["validate", file]),
      1,
      `${file}:1:1000001: error SEG003: more than 1,000,000 YAML tokens (keys, values, separators) in one file`,
    );
  });

  it("a definitions file over 2 MiB is refused before it is parsed", async () => {
    const file = write("big.yaml", `# ${"x".repeat(3 << 20)}\n`);
    expectContained(await bounded(["validate", file]), 1, `error SEG003: ${file} is larger than 2 MiB`);
  });

  it("10,000 segments are refused by the schema (at most 1,000), before any check runs over them", async () => {
    const segments = Array.from({ length: 10_000 }, (_, i) => `  - { id: s${i}, when: { employees: { gte: ${i} } } }`);
    const file = write("segments-10k.yaml", [...MINIMAL, "segments:", ...segments].join("\n") + "\n");
    expectContained(
      await bounded(["validate", file]),
      1,
      `${file}:5:3: error SEG012: segments must NOT have more than 1000 items`,
    );
  });

  it("imports that fan out through symlinked directories read each file once (by its real path)", async () => {
    // Each level imports the next twice, through two links to the same directory: 2^12 paths to 13 files. Read by
    // path, every file but the first was "declared again" thousands of times.
    const root = join(dir, "fan");
    for (let level = 0; level <= 12; level++) {
      mkdirSync(join(root, `level${level}`), { recursive: true });
      const next = level < 12 ? [`imports: [a/part.yaml, b/part.yaml]`] : [];
      writeFileSync(
        join(root, `level${level}`, "part.yaml"),
        ["version: 1", ...next, `define: { d${level}: { employees: { gte: ${level} } } }`].join("\n") + "\n",
      );
      if (level < 12) {
        symlinkSync(join(root, `level${level + 1}`), join(root, `level${level}`, "a"));
        symlinkSync(join(root, `level${level + 1}`), join(root, `level${level}`, "b"));
      }
    }
    const main = join(root, "segments.yaml");
    writeFileSync(main, [...MINIMAL, "imports: [level0/part.yaml]", "icp: { include: d0 }"].join("\n") + "\n");
    const run = await bounded(["validate", main]);
    expectContained(run, 0, `${main} is valid: 2 fields, 0 scores, 0 tiers, 0 segments + other, 0 activations\n`);
    expect(run.stderr).not.toContain("error");
  });
});

describe("hostile data", () => {
  it("JSON nested 100,000 levels deep: a located error in run and explain", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const jsonl = write("deep.jsonl", `{"Id":"A0","Industry":"software"}\n{"Id":"A1","Industry":${deep}}\n`);
    for (const args of [
      ["run", QUICKSTART, "--data", jsonl, "-q"],
      ["explain", QUICKSTART, "--data", jsonl, "-a", "A1"],
    ]) {
      expectContained(await bounded(args), 2, `${jsonl}:2: error SEG105: a value nested more than 32 levels deep`);
    }
  });

  // `--engine duckdb` reads a file twice: segform's own reader first (keys, shape, encoding), then DuckDB's. So a
  // DuckDB run covers both readers; the JS engine runs where its output is compared.
  it("a 50 MB cell, with and without quoted newlines, is read by both engines", async () => {
    const lines = ACCOUNTS.split("\n");
    const cells = lines[1]!.split(",");
    for (const [name, cell] of [
      ["plain", "x".repeat(50_000_000)],
      ["newlines", `"${"line\n".repeat(10_000_000)}"`],
    ] as const) {
      const file = write(
        `cell-${name}.csv`,
        [lines[0], [cells[0], cell, ...cells.slice(2)].join(","), ...lines.slice(2)].join("\n"),
      );
      const engines = name === "plain" ? ["js", "duckdb"] : ["duckdb"];
      for (const engine of engines) {
        const run = await bounded([
          "run",
          QUICKSTART,
          "--data",
          file,
          "-q",
          "--engine",
          engine,
          "--out",
          join(dir, `cell-${name}-${engine}.csv`),
        ]);
        expectContained(run, 0, "");
        expect(readFileSync(join(dir, `cell-${name}-${engine}.csv`), "utf8").split("\n")).toHaveLength(802); // header, 800 accounts, final newline
      }
    }
    expect(readFileSync(join(dir, "cell-plain-duckdb.csv"), "utf8")).toBe(
      readFileSync(join(dir, "cell-plain-js.csv"), "utf8"),
    );
    expect(readFileSync(join(dir, "cell-newlines-duckdb.csv"), "utf8")).toBe(
      readFileSync(join(dir, "cell-plain-js.csv"), "utf8"),
    );
  });

  it("a 70 MB file without a newline (CSV, JSON Lines) is a record too long, at line 1", async () => {
    const csv = write("no-newline.csv", "x".repeat(70 << 20));
    const jsonl = write("no-newline.jsonl", `{"Id": "${"x".repeat(70 << 20)}"}`);
    expectContained(
      await bounded(["run", QUICKSTART, "--data", csv, "-q", "--engine", "js"]),
      2,
      `${csv}:1: error SEG105: a record longer than 64 MiB`,
    );
    expectContained(
      await bounded(["run", QUICKSTART, "--data", csv, "-q", "--engine", "duckdb"]),
      2,
      `${csv}:1: error SEG105: a record longer than 64 MiB`,
    );
    expectContained(
      await bounded(["run", QUICKSTART, "--data", jsonl, "-q", "--engine", "duckdb"]),
      2,
      `${jsonl}:1: error SEG105: a line longer than 64 MiB`,
    );
  });

  it("a header of 100,000 columns is refused at once by both engines", async () => {
    const header = ACCOUNTS.split("\n")[0] + "," + Array.from({ length: 100_000 }, (_, i) => `X${i}`).join(",");
    const file = write("wide.csv", `${header}\n`);
    for (const engine of ["js", "duckdb"]) {
      expectContained(
        await bounded(["run", QUICKSTART, "--data", file, "-q", "--engine", engine]),
        2,
        `${file}:1: error SEG105: the header has 100,012 columns; at most 10,000 are read`,
      );
    }
  });
});

describe("hostile command lines", () => {
  it("an endless baseline, an output nobody can create, a directory in /proc and an impossible --as-of", async () => {
    expectContained(
      await bounded(["test", QUICKSTART, "--baseline", "/dev/zero"]),
      2,
      "error: baseline /dev/zero is not a regular file",
    );
    expectContained(
      await bounded(["run", QUICKSTART, "-q", "--out", "/proc/self/x.csv"]),
      2,
      "/proc/self/x.csv: error SEG120: cannot write the output file: its directory cannot hold new files",
    );
    expectContained(
      await bounded(["run", QUICKSTART, "-q", "--snapshot", "/proc/self/x.json"]),
      2,
      "/proc/self/x.json: error SEG120: cannot write the output file",
    );
    expectContained(
      await bounded(["run", QUICKSTART, "-q", "--engine", "duckdb", "--out", "/proc/self/x.csv"]),
      2,
      "/proc/self/x.csv: error SEG120: cannot write the output file",
    );
    expectContained(await bounded(["init", "/proc/segform-x"]), 2, "error: ");
    expectContained(
      await bounded(["dev", QUICKSTART, "--as-of", "garbage"]),
      2,
      'error: invalid --as-of date "garbage"',
    );
  });
});

describe("mutated definitions (seeded)", () => {
  it("byte-level damage to the quick start never crashes validate, compile or run", async () => {
    const source = readFileSync(QUICKSTART, "utf8");
    const damage = fc.tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(
        "\t",
        "&a ",
        "*a",
        "[",
        "]",
        "{",
        "}",
        ":",
        "- ",
        "\n  ",
        '"',
        "'",
        "!!binary ",
        "%YAML 1.1\n",
        "<<: ",
        "\u0000",
        "\uFEFF",
        "\u202E",
        "~",
        ".nan",
        "1e999",
        "{{",
        "${env:X}",
        "#",
      ),
      fc.integer({ min: 1, max: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 4 }), async (edits) => {
        const text = edits.reduce((t, [share, insert, times]) => {
          const at = Math.floor(share * t.length);
          return t.slice(0, at) + insert.repeat(times) + t.slice(at);
        }, source);
        const file = write("mutated.yaml", text);
        for (const args of [
          ["validate", file],
          ["compile", file, "--dialect", "postgres"],
          ["run", file, "-q", "--data", join(REPO, "examples/quickstart/data/accounts.csv")],
        ]) {
          const run = await segform(args);
          const what = `${args[0]} after ${JSON.stringify(edits)}: ${run.stderr.slice(0, 400)}`;
          expect([0, 1, 2], what).toContain(run.code);
          expect(run.stderr, what).not.toMatch(/\n\s+at |internal error/);
          // Located: at a line and column, or (a file that is not text at all) naming the file.
          if (run.code !== 0 && args[0] === "validate")
            expect(run.stderr, what).toMatch(
              /mutated\.yaml:\d+:\d+: error SEG\d{3}: |error SEG\d{3}: \S*mutated\.yaml /,
            );
        }
      }),
      { numRuns: 40 },
    );
  });
});
