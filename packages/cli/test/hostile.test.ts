// Hostile inputs end in a located error (exit 2) or a result, never a crash, a stack trace or a hang. Cases that
// could exhaust the stack or the memory run the built CLI in a child process with a hard time limit; the rest run
// in process (the time limit is the test's). Data files are mutated by a seeded generator and read by
// both the JS engine and DuckDB, which must agree (the same output, or the same error code).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, segform, segformBin, type Run } from "./helpers.js";

const QUICKSTART = join(REPO, "segments.example.yaml");
const ACCOUNTS = readFileSync(join(REPO, "examples/quickstart/data/accounts.csv"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "segform-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run that ended on its own (not killed at the time limit), with exit 0 or 2, no internal error and no stack trace. */
function expectClean(run: Run, what: string): void {
  expect(run.code, `${what}: ${run.stderr.slice(0, 400)}`).not.toBeNull();
  expect([0, 2], `${what}: ${run.stderr.slice(0, 400)}`).toContain(run.code);
  expect(run.stderr, what).not.toContain("internal error");
  expect(run.stderr, what).not.toMatch(/\n\s+at /);
}

describe("hostile inputs", () => {
  it("a JSON value nested 100,000 levels deep is a located error (JSONL line, JSON item), in run and explain", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const jsonl = join(dir, "deep.jsonl");
    writeFileSync(jsonl, `{"Id":"A0","Industry":"software"}\n{"Id":"A1","Industry":${deep}}\n`);
    const json = join(dir, "deep.json");
    writeFileSync(json, `[{"Id":"A0"},{"Id":"A1","Industry":${deep}}]`);
    for (const args of [
      ["run", QUICKSTART, "--data", jsonl, "-q"],
      ["explain", QUICKSTART, "--data", jsonl, "-a", "A1"],
    ]) {
      const run = segformBin(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `${jsonl}:2: error SEG105: a value nested more than 32 levels deep\n  hint: a field holds a value or a list of values; flatten the record`,
      );
    }
    const run = segformBin(["run", QUICKSTART, "--data", json, "-q"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${json}: error SEG105: item 2: a value nested more than 32 levels deep`);
  });

  it("a 3 MB cell (over DuckDB's default line size) is read alike by both engines", async () => {
    const wide = join(dir, "wide-cell.csv");
    const lines = ACCOUNTS.split("\n");
    const cells = lines[1]!.split(",");
    cells[1] = "x".repeat(3_000_000);
    writeFileSync(wide, [lines[0], cells.join(","), ...lines.slice(2)].join("\n"));
    const js = await segform(["run", QUICKSTART, "--data", wide, "-q"]);
    const duck = await segform(["run", QUICKSTART, "--data", wide, "-q", "--engine", "duckdb"]);
    expect([js.code, duck.code]).toEqual([0, 0]);
    expect(duck.stdout).toBe(js.stdout);
    expect(js.stdout.split("\n")).toHaveLength(lines.length);
  });

  it("a file that is not UTF-8 is refused alike by both engines, at its line, with a hint about the encoding", async () => {
    const latin1 = join(dir, "latin1.csv");
    const lines = ACCOUNTS.split("\n");
    writeFileSync(
      latin1,
      Buffer.concat([
        Buffer.from(lines.slice(0, 16).join("\n") + "\nx"),
        Buffer.from([0xe9]),
        Buffer.from(lines.slice(16).join("\n")),
      ]),
    );
    const utf16 = join(dir, "utf16.csv");
    writeFileSync(utf16, Buffer.from("\uFEFF" + ACCOUNTS, "utf16le"));
    for (const engine of ["js", "duckdb"]) {
      const bad = await segform(["run", QUICKSTART, "--data", latin1, "-q", "--engine", engine]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(
        `${latin1}:17: error SEG105: not UTF-8: byte 0xE9 is not part of a UTF-8 character\n  hint: save the file as UTF-8`,
      );
      const wide = await segform(["run", QUICKSTART, "--data", utf16, "-q", "--engine", engine]);
      expect(wide.code).toBe(2);
      expect(wide.stderr).toContain(
        `${utf16}:1: error SEG105: the file is UTF-16 (little-endian byte-order mark), not UTF-8\n  hint: save the file as UTF-8 (Excel: Save As > CSV UTF-8), or convert it: iconv -f UTF-16 -t UTF-8\n`,
      );
    }
  });

  it("defines that each use the previous one twice (2^30 leaves once copied) compile once each and run in both engines", async () => {
    const links = Array.from({ length: 30 }, (_, i) => {
      const previous = `qualified_level_${String(i).padStart(2, "0")}`;
      return `  qualified_level_${String(i + 1).padStart(2, "0")}: { any: [${previous}, { all: [{ not: ${previous} }, { industry: saas }, { employees: { between: [1, 1000000] } }] }] }`;
    });
    const text = [
      "version: 1",
      "key: id",
      "fields: { id: { type: string }, employees: { type: integer }, industry: { type: string } }",
      "define:",
      "  qualified_level_00: { employees: { gte: 100 } }",
      ...links,
      "icp: { include: qualified_level_30 }",
      "segments:",
      "  - { id: big, when: { all: [qualified_level_30, { employees: { gte: 1000 } }] } }",
      "  - { id: small, when: { all: [qualified_level_29, { employees: { lt: 1000 } }] } }",
      "  - { id: saas, when: { all: [qualified_level_28, { industry: saas }] } }",
      "  - { id: wide, when: { any: [qualified_level_27, qualified_level_26] } }",
      "  - { id: rest }",
    ].join("\n");
    expect(text.length).toBeGreaterThan(5_000);
    const file = join(dir, "fan-out.yaml");
    writeFileSync(file, text + "\n");
    const data = join(dir, "fan-out.csv");
    writeFileSync(data, "id,employees,industry\nA1,5,saas\nA2,2000,fintech\nA3,,saas\nA4,50,retail\nA5,150,retail\n");
    // level_NN is `employees >= 100 or (industry saas and 1 <= employees <= 1,000,000)` for every NN >= 1.
    const expected =
      "id,icp,tier,segment,activations\nA1,true,,small,\nA2,true,,big,\nA3,false,,,\nA4,false,,,\nA5,true,,small,\n";
    for (const engine of ["js", "duckdb"]) {
      const run = await segform(["run", file, "--data", data, "--engine", engine]);
      expectClean(run, engine);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(expected);
    }
    const plan = JSON.parse((await segform(["compile", file])).stdout) as { defines: { name: string }[] };
    expect(plan.defines.map((define) => define.name)).toEqual(
      Array.from({ length: 31 }, (_, i) => `qualified_level_${String(i).padStart(2, "0")}`),
    );
  });

  it("a 20,000-link define chain is a located error, not a stack overflow", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `  d${i + 1}: { all: [d${i}] }`);
    const file = join(dir, "chain.yaml");
    writeFileSync(
      file,
      [
        "version: 1",
        "key: id",
        "fields: { id: { type: string }, employees: { type: integer } }",
        "define:",
        "  d0: { employees: { gte: 1 } }",
        ...chain,
        "icp: { include: d20000 }",
      ].join("\n") + "\n",
    );
    for (const command of [
      ["run", file, "--data", join(dir, "fan-out.csv")],
      ["compile", file, "--dialect", "postgres"],
    ]) {
      const run = segformBin(command);
      expectClean(run, command[0]!);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `${file}:105:3: error SEG046: d100 nests 201 levels deep once the defines it uses are expanded (limit 200)`,
      );
    }
  });

  it("a truncated or damaged Parquet file is a data error that says so", async () => {
    // A Parquet copy of the quick start's accounts.
    const parquet = join(dir, "accounts.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT * FROM read_csv('${join(REPO, "examples/quickstart/data/accounts.csv")}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const bytes = readFileSync(parquet);
    const truncated = join(dir, "truncated.parquet");
    writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
    const damaged = Buffer.from(bytes);
    for (let i = 100; i < 2000; i++) damaged[i]! ^= 0x5a;
    const corrupt = join(dir, "corrupt.parquet");
    writeFileSync(corrupt, damaged);
    const cut = await segform(["run", QUICKSTART, "-q", "--engine", "duckdb", "--data", truncated]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toBe(
      `${truncated}: error SEG105: not a complete Parquet file: no Parquet footer at its end (cut short while copying, or another format)\n` +
        "  hint: copy or export the file again; for CSV or JSON Lines data use a .csv / .jsonl name or --input-format\n",
    );
    const bad = await segform(["run", QUICKSTART, "-q", "--engine", "duckdb", "--data", corrupt]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `${corrupt}: error SEG105: corrupt Parquet file: its metadata or data pages cannot be decoded (Snappy decompression failure)\n` +
        "  hint: export the file again from the system that wrote it; a damaged Parquet file cannot be read in part\n",
    );
  });

  it("dev with an impossible --as-of exits 2 at once instead of watching", async () => {
    const run = await segform(["dev", QUICKSTART, "--as-of", "garbage"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: invalid --as-of date "garbage"\n  hint: use YYYY-MM-DD, e.g. --as-of 2026-11-01\n');
  });

  it("an endless or non-file baseline is refused before it is read", async () => {
    const run = await segform(["test", QUICKSTART, "--baseline", "/dev/zero"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: baseline /dev/zero is not a regular file");
  });

  it("mutated CSV files: the JS engine and DuckDB give the same output or the same error, never a crash", async () => {
    const file = join(dir, "mutated.csv");
    const at = (text: string, share: number) => Math.floor(share * text.length);
    const mutation = fc.oneof(
      fc
        .double({ min: 0, max: 1, noNaN: true })
        .map((share) =>
          Object.assign((t: string) => t.slice(0, at(t, share)), { toString: () => `truncate at ${share}` }),
        ),
      fc
        .tuple(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.constantFrom('"', "\r", "\u0000", ",", "\n", "\uFFFD\u00e9", '""', "\r\n", ";"),
        )
        .map(([share, insert]) =>
          Object.assign((t: string) => t.slice(0, at(t, share)) + insert + t.slice(at(t, share)), {
            toString: () => `insert ${JSON.stringify(insert)} at ${share}`,
          }),
        ),
      fc.integer({ min: 1, max: 700 }).map((line) =>
        Object.assign(
          (t: string) => {
            const lines = t.split("\n");
            lines.splice(line, 0, lines[line] ?? "");
            return lines.join("\n");
          },
          { toString: () => `repeat line ${line}` },
        ),
      ),
      fc.double({ min: 0, max: 1, noNaN: true }).map((share) =>
        Object.assign((t: string) => t.slice(0, at(t, share)) + "x".repeat(100_000) + t.slice(at(t, share)), {
          toString: () => `100k-char cell at ${share}`,
        }),
      ),
    );
    const errorCode = (run: Run) => /error (SEG\d+)/.exec(run.stderr)?.[1] ?? "";
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        writeFileSync(
          file,
          mutations.reduce((text, mutate) => mutate(text), ACCOUNTS),
        );
        const js = await segform(["run", QUICKSTART, "--data", file, "-q"]);
        const duck = await segform(["run", QUICKSTART, "--data", file, "-q", "--engine", "duckdb"]);
        expectClean(js, `js: ${mutations.join(", ")}`);
        expectClean(duck, `duckdb: ${mutations.join(", ")}`);
        expect([duck.code, errorCode(duck)], mutations.join(", ")).toEqual([js.code, errorCode(js)]);
        if (js.code === 0) expect(duck.stdout, mutations.join(", ")).toBe(js.stdout);
      }),
      { numRuns: 12, seed: 20261203 },
    );
  }, 300_000);
});
