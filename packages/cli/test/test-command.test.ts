import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, segform } from "./helpers.js";

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-test-"));
  cpSync(join(FIXTURES, "basic"), dir, { recursive: true });
  return dir;
}

describe("segform test", () => {
  it("runs the suites: exact failures located at the expectation, exit 1", async () => {
    const dir = project();
    const run = await segform(["test"], { cwd: dir });
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines).toContain("  ✓ capacity keeps the two best by intent");
    expect(lines).toContain("  ✗ wrong on purpose");
    expect(lines).toContain("      tests/basic_test.yaml:25:16: account f4: segment: expected fin, got hot");
    expect(lines).toContain("      tests/basic_test.yaml:26:22: account f4: scores.fit: expected 60, got 50");
    expect(lines).toContain("  - not yet (skipped: waiting for the hot segment to be split)");
    // The explanation is printed once for the account, after its last failure: only the parts that decided the
    // failed expectations (the segment, the fit score), and a line saying what --verbose adds.
    const explanation = lines.slice(
      lines.indexOf("      tests/basic_test.yaml:26:22: account f4: scores.fit: expected 60, got 50") + 1,
      lines.indexOf("  - not yet (skipped: waiting for the hot segment to be split)"),
    );
    expect(explanation[0]).toBe("        account f4");
    expect(explanation.filter((line) => /^ {8}\S/.test(line))).toEqual([
      "        account f4",
      "        score fit = 50",
      expect.stringMatching(/^ {8}segment: hot/),
      expect.stringMatching(/^ {8}\(\d+ more lines of explanation: --verbose shows them\)$/),
    ]);
    expect(run.stdout).not.toContain("ICP: in");
    expect(lines.filter(Boolean).at(-1)).toBe("5 passed, 1 failed, 1 skipped");
    const verbose = await segform(["test", "--verbose"], { cwd: dir });
    expect(verbose.stdout.split("ICP: in").length - 1).toBe(1);
    expect(verbose.stdout).toContain("            ✓ visit within 7 days  (was 2026-10-31)");
    expect(verbose.stdout).not.toContain("--verbose shows them");
  });

  it("passes (exit 0) when every case holds", async () => {
    const dir = project();
    const file = join(dir, "tests", "basic_test.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "segment: fin\n      scores: { fit: 60 }",
        "segment: hot\n      scores: { fit: 50 }",
      ),
    );
    const run = await segform(["test"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toBe("6 passed, 0 failed, 1 skipped");
  });

  it("gives JSON and JUnit reports with the same verdict", async () => {
    const dir = project();
    const json = JSON.parse((await segform(["test", "--format", "json"], { cwd: dir })).stdout);
    expect(json.summary).toEqual({
      tests: 7,
      passed: 5,
      failed: 1,
      skipped: 1,
      barErrors: 0,
      barWarnings: 0,
      coverageFailed: false,
      barsSkipped: 0,
      barsUnmeasured: 0,
      exitCode: 1,
    });
    expect(
      json.suites[0].cases[5].failures.map((f: { what: string; location: { line: number; column: number } }) => [
        f.what,
        f.location.line,
        f.location.column,
      ]),
    ).toEqual([
      ["segment", 25, 16],
      ["scores.fit", 26, 22],
    ]);
    const junit = await segform(["test", "--format", "junit"], { cwd: dir });
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="segform test: segments.yaml" tests="7" failures="1" errors="0" skipped="1">/,
    );
    expect(junit.stdout).toContain(
      '<testcase classname="basic" name="wrong on purpose" file="tests/basic_test.yaml" line="22">',
    );
    expect(junit.stdout).not.toMatch(/timestamp|hostname|time=/);
    expect((await segform(["test", "--format", "junit"], { cwd: dir })).stdout).toBe(junit.stdout);
  });

  it("prints GitHub annotations and appends the step summary", async () => {
    const dir = project();
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "previous step\n");
    const run = await segform(["test", "--format", "github"], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "::error file=tests/basic_test.yaml,line=25,col=16,title=basic › wrong on purpose::account f4: segment: expected fin, got hot\n" +
        "::error file=tests/basic_test.yaml,line=26,col=22,title=basic › wrong on purpose::account f4: scores.fit: expected 60, got 50\n",
    );
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("previous step\n")).toBe(true);
    expect(text).toContain("segform test failed");
  });

  it("reports clause coverage and gates on --min-coverage", async () => {
    const dir = project();
    const covered = await segform(["test", "--coverage"], { cwd: dir });
    expect(covered.stdout).toContain("Coverage: 83.8% (31/37)");
    expect(covered.stdout).toContain("    segment rest: lands — no fixture lands here");
    const gated = JSON.parse(
      (await segform(["test", "--format", "json", "--min-coverage", "90%"], { cwd: dir })).stdout,
    );
    expect(gated.coverage).toMatchObject({ min: 0.9, passed: false, covered: 31, total: 37 });
    expect(gated.summary.coverageFailed).toBe(true);
  });

  it("limits the coverage gate to definitions changed since a git ref", async () => {
    const dir = project();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
    git("init", "-q");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "empty");
    git("add", "-A");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "base");
    const file = join(dir, "segments.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "{ id: fin, axis: firmographic, when: { industry: fintech }",
        "{ id: fin, axis: firmographic, when: { industry: [fintech, retail] }",
      ),
    );
    const report = JSON.parse(
      (
        await segform(["test", "--format", "json", "--coverage", "--min-coverage", "1", "--changed-since", "HEAD"], {
          cwd: dir,
        })
      ).stdout,
    );
    const gatedOwners = [
      ...new Set(
        report.coverage.items
          .filter((item: { gated: boolean }) => item.gated)
          .map((item: { owner: string }) => item.owner),
      ),
    ];
    expect(gatedOwners).toEqual(["segment fin"]);
    // The whole project is 83.8% covered, but the changed segment is fully covered: the gate of 100% passes.
    expect(report.coverage).toMatchObject({
      changedSince: "HEAD",
      ratio: 0.837838,
      gatedRatio: 1,
      passed: true,
      min: 1,
    });
    const bad = await segform(["test", "--changed-since", "no-such-ref"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read git ref "no-such-ref"');
  });

  it("evaluates quality bars on the data and measures churn against a snapshot", async () => {
    const dir = project();
    const file = join(dir, "segments.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8") +
        "quality:\n  segment_size: { min: 2 }\n  stability: { max_churn: 0.1 }\n  actionability: { every_segment_activated: true }\n",
    );
    expect((await segform(["run", "-q", "--snapshot", "baseline.jsonl", "--out", "out.csv"], { cwd: dir })).code).toBe(
      0,
    );
    expect(readFileSync(join(dir, "baseline.jsonl"), "utf8").split("\n").slice(0, 3)).toEqual([
      expect.stringMatching(
        /^\{"segform":"snapshot","version":1,"plan":"sha256:[0-9a-f]{64}","asOf":"2026-11-01","key":"id"\}$/,
      ),
      '["a1","t1","hot"]',
      '["a2","t1","sw"]',
    ]);
    // Capacity 1 instead of 2: a2 drops to t2, so 1 of 5 ICP accounts changes tier.
    writeFileSync(file, readFileSync(file, "utf8").replace("capacity: 2", "capacity: 1"));
    const report = JSON.parse(
      (await segform(["test", "--format", "json", "--baseline", "baseline.jsonl"], { cwd: dir })).stdout,
    );
    const bars = Object.fromEntries(
      report.bars.map((bar: { bar: string; passed: boolean; message: string }) => [bar.bar, bar]),
    );
    expect(Object.keys(bars)).toEqual(["segment_size", "stability", "actionability"]);
    expect(bars.segment_size.passed).toBe(false);
    expect(bars.segment_size.message).toContain('"fin"');
    expect(bars.stability.passed).toBe(false);
    expect(bars.stability.message).toContain("20.0%");
    expect(bars.actionability.passed).toBe(true);
    expect(report.summary.exitCode).toBe(1);
  });

  it("an expectation naming an id the project does not define is a located error with did-you-mean, and its case is not run (exit 2)", async () => {
    const dir = project();
    const file = join(dir, "tests", "basic_test.yaml");
    const text = readFileSync(file, "utf8");
    writeFileSync(
      file,
      text
        .replace("segment: sw,", "segment: swx,")
        .replace("activations: [crm]", "activations: [crmm]")
        .replace("{ tier: t1 }", "{ tier: t9 }"),
    );
    const run = await segform(["test"], { cwd: dir });
    expect(run.code).toBe(2);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      'tests/basic_test.yaml:9:21: error SEG205: test "capacity keeps the two best by intent" expects tier "t9", which the project does not define',
      '  hint: did you mean "t1"? (the project defines t1, t2)',
      'tests/basic_test.yaml:12:34: error SEG205: test "the third falls to t2" expects segment "swx", which the project does not define',
      '  hint: did you mean "sw"? (the project defines hot, sw, fin, top, rest)',
      'tests/basic_test.yaml:18:43: error SEG205: test "inline fintech account" expects activation "crmm", which the project does not define',
      '  hint: did you mean "crm"? (the project defines ads, crm)',
    ]);
    expect(lines).toContain(
      "  - the third falls to t2 (skipped: not run: it expects an id the project does not define (SEG205))",
    );
  });

  it("warns that --baseline is unused when no stability bar is declared", async () => {
    const dir = project();
    expect((await segform(["run", "-q", "--snapshot", "baseline.jsonl", "--out", "out.csv"], { cwd: dir })).code).toBe(
      0,
    );
    const run = await segform(["test", "--baseline", "baseline.jsonl"], { cwd: dir });
    expect(run.stdout.split("\n").slice(0, 2)).toEqual([
      "warning SEG204: --baseline baseline.jsonl is not used: the project declares no stability bar",
      "  hint: declare quality.stability (e.g. { max_churn: 0.1 }) to measure churn against it, or drop --baseline",
    ]);
  });

  it("reports broken definitions in the requested format with exit 2", async () => {
    const dir = project();
    writeFileSync(join(dir, "segments.yaml"), "version: 1\nfields: {id: {type: strin}}\n");
    const junit = await segform(["test", "--format", "junit"], { cwd: dir });
    expect(junit.code).toBe(2);
    expect(junit.stdout).toContain('errors="1"');
    expect(junit.stdout).toContain("SEG012");
    const pretty = await segform(["test"], { cwd: dir });
    expect(pretty.code).toBe(2);
    expect(pretty.stderr).toContain("segments.yaml:2:21: error SEG012");
  });

  it("reports a broken test file, located, with exit 2", async () => {
    const dir = project();
    writeFileSync(
      join(dir, "tests", "bad_test.yaml"),
      "name: bad\ntests:\n  - name: x\n    account: f1\n    expect: { tier: t1, colour: blue }\n",
    );
    const run = await segform(["test"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('tests/bad_test.yaml:5:25: error SEG010: unknown key "colour" in tests[0].expect');
  });
});
