import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commitAll, REPO, segform } from "./helpers.js";

// A real segmentation repository does not commit its CRM export: the fixtures must still run, the quality bars
// say plainly that they were not measured, and a diff still reports the definition changes.

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The hr-tech example in a fresh git repository, without its accounts file (contacts stay: fixtures do not read them). */
function projectWithoutData(): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-nodata-"));
  dirs.push(dir);
  cpSync(join(REPO, "examples", "hr-tech-midmarket"), dir, { recursive: true });
  rmSync(join(dir, "data", "accounts.csv"));
  commitAll(dir);
  return dir;
}

const BARS = [
  "segment_count",
  "segment_size",
  "icp_coverage",
  "tier_capacity",
  "coverage.pipeline_share",
  "coverage.revenue_share",
  "separation.win_rate",
  "separation.deal_size",
  "audience_size",
  "audience_overlap",
  "actionability",
];
const REASON = "no data: data/accounts.csv, the project's source (segments.yaml:9), is not in this checkout";

describe("segform test without the project's data", () => {
  it("runs every fixture case and reports the bars as skipped with the reason, exit 0", async () => {
    const dir = projectWithoutData();
    const run = await segform(["test"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const text = run.stdout;
    const bars = text.slice(text.indexOf("Quality bars\n")).trimEnd().split("\n");
    expect(bars).toEqual([
      "Quality bars",
      ...BARS.map((bar) => `  - ${bar}: skipped (no data)`),
      `  skipped: ${REASON}`,
      "",
      "PASSED with 11 quality bars skipped",
      "25 passed, 0 failed, 0 skipped",
    ]);
  });

  it("--require-data turns the unmeasured bars into a failure (exit 1)", async () => {
    const dir = projectWithoutData();
    const run = await segform(["test", "--require-data"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split("\n").slice(-2)).toEqual([
      "FAILED: 11 quality bars not measured: no data (--require-data)",
      "25 passed, 0 failed, 0 skipped",
    ]);
  });

  it("JSON and JUnit carry the skip and its reason", async () => {
    const dir = projectWithoutData();
    const json = JSON.parse((await segform(["test", "--format", "json"], { cwd: dir })).stdout);
    expect(json.summary).toEqual({
      tests: 25,
      passed: 25,
      failed: 0,
      skipped: 0,
      barErrors: 0,
      barWarnings: 0,
      coverageFailed: false,
      barsSkipped: 11,
      barsUnmeasured: 0,
      exitCode: 0,
    });
    expect(json.bars[0]).toEqual({
      bar: "segment_count",
      severity: "error",
      passed: false,
      skipped: { missing: "data", reason: REASON },
      message: "not measured: no data",
      details: [],
      location: { file: "segments.yaml", line: 273, column: 3, endLine: 273, endColumn: 16 },
    });
    const junit = await segform(["test", "--format", "junit"], { cwd: dir });
    expect(junit.code).toBe(0);
    expect(junit.stdout).toContain(`<testsuite name="quality bars" tests="11" failures="0" errors="0" skipped="11">`);
    expect(junit.stdout).toContain(`<skipped message="${REASON.replace("'", "&apos;")}"/>`);
  });

  it("a --data path the user typed must exist (exit 2)", async () => {
    const dir = projectWithoutData();
    const run = await segform(["test", "--data", "missing.csv"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error SEG106: cannot read data file missing.csv");
  });

  it("a project without `source:` says so", async () => {
    const dir = projectWithoutData();
    const file = join(dir, "segments.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("source: data/accounts.csv\n", ""));
    const run = await segform(["test"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("  skipped: no data: the project has no `source:` and no --data FILE was given\n");
  });
});

describe("segform diff without the project's data", () => {
  it("reports the definition changes and says membership was not computed, exit 0", async () => {
    const dir = projectWithoutData();
    const file = join(dir, "segments.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("segment_size: { min: 30 }", "segment_size: { min: 31 }"));
    const run = await segform(["diff", "--base", "HEAD"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.slice(2)).toEqual([
      "",
      "Definitions: 1 change",
      "  ~ quality segment_size: min 30 -> 31",
      "      min 30 -> 31",
      "",
      `Membership: not computed (${REASON})`,
    ]);
    const markdown = (await segform(["diff", "--base", "HEAD", "--format", "markdown"], { cwd: dir })).stdout;
    expect(markdown).toContain(`· membership not computed (${REASON})`);
    const json = JSON.parse((await segform(["diff", "--base", "HEAD", "--format", "json"], { cwd: dir })).stdout);
    expect(json.membershipNotComputed).toBe(REASON);
    expect(json.membership).toBeUndefined();
  });
});
