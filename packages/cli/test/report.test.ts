import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO, segform } from "./helpers.js";
import { chartTable, runCounts, thresholdChange } from "./report-helpers.js";

const number = (text: string) => Number(text.replace(/,/g, ""));

describe("segform report", () => {
  it("the quick start: the counts shown equal segform run's, and the bytes are the same on every run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-report-"));
    const out = join(dir, "report.html");
    const first = await segform(["report", "segments.example.yaml", "--out", out], { cwd: REPO });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`wrote ${out}`);
    const html = readFileSync(out, "utf8");
    const again = await segform(["report", "segments.example.yaml"], { cwd: REPO });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(html);

    const counts = await runCounts(["segments.example.yaml"]);
    expect(counts).toMatchObject({ accounts: 800, icp: 413, tiers: { tier1: 25, tier2: 77, tier3: 311 } });
    const funnel = chartTable(html, "funnel");
    expect(number(funnel.get("All accounts")![0]!)).toBe(counts.accounts);
    expect(number(funnel.get("In the ICP")![0]!)).toBe(counts.icp);
    for (const [tier, accounts] of Object.entries(counts.tiers))
      expect(number(funnel.get(`Tier ${tier}`)![0]!)).toBe(accounts);
    expect(number(funnel.get("ICP, (no tier)")![0]!)).toBe(counts.untiered);
    const segments = chartTable(html, "segments");
    expect([...segments.keys()]).toEqual(["warehouse-native", "fintech", "hot-evaluators", "software-core", "other"]);
    for (const [segment, accounts] of Object.entries(counts.segments))
      expect(number(segments.get(segment)![0]!)).toBe(accounts);
    // Fixture suites ran (tests/quickstart_test.yaml), and the quality bars were measured.
    expect(html).toContain('<figure class="chart" id="chart-coverage"');
    expect(html).toContain("<code>separation.win_rate</code>");
    expect(html).not.toMatch(/<script|<link|@import|url\(http/);
  });

  it("with a baseline: churn per baseline segment", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-report-"));
    const snapshot = join(dir, "base.jsonl");
    expect(
      (
        await segform(["run", "segments.example.yaml", "-q", "--out", join(dir, "m.csv"), "--snapshot", snapshot], {
          cwd: REPO,
        })
      ).code,
    ).toBe(0);
    const run = await segform(["report", "segments.example.yaml", "--baseline", snapshot], { cwd: REPO });
    expect(run.code, run.stderr).toBe(0);
    const churn = chartTable(run.stdout, "churn");
    expect(churn.get("warehouse-native")).toEqual(["136", "0", "0.0%", "0", "0"]);
  });

  it("SEG600: --out naming a directory is refused before any work (exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-report-"));
    const run = await segform(["report", "segments.example.yaml", "--out", dir], { cwd: REPO });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error SEG600: --out ${dir} is a directory`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("SEG601: without data, a report of the definitions and fixtures, with a warning", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-report-"));
    cpSync(join(FIXTURES, "basic"), dir, { recursive: true });
    const text = readFileSync(join(dir, "segments.yaml"), "utf8");
    writeFileSync(join(dir, "segments.yaml"), text.replace(/^source: .*$/m, "source: data/absent.csv"));
    const run = await segform(["report"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("warning SEG601: report without account data");
    expect(run.stdout).toContain("No account data: no data: data/absent.csv");
    expect(run.stdout).not.toContain('id="chart-funnel"');
  });
});

describe("segform diff --format html", () => {
  it("before/after and the from -> to matrix match diff --format json", async () => {
    const dir = thresholdChange();
    const json = await segform(["diff", "--base", "HEAD", "--format", "json"], { cwd: dir });
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      membership: {
        tiers: { id: string; before: number; after: number }[];
        transitions: { dimension: string; from: string; to: string; count: number }[];
      };
    };
    const run = await segform(["diff", "--base", "HEAD", "--format", "html", "--out", join(dir, "diff.html")], {
      cwd: dir,
    });
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(join(dir, "diff.html"), "utf8");
    const sizes = chartTable(html, "tier-sizes");
    for (const tier of report.membership.tiers)
      expect(sizes.get(tier.id)!.slice(0, 2).map(number)).toEqual([tier.before, tier.after]);
    const matrix = chartTable(html, "transitions-tier");
    const ids = report.membership.tiers.map((tier) => tier.id);
    const moves = report.membership.transitions.filter((transition) => transition.dimension === "tier");
    expect(moves.length).toBeGreaterThan(0);
    for (const move of moves) expect(number(matrix.get(move.from)![ids.indexOf(move.to)]!)).toBe(move.count);
    expect(html).toContain('<h2 id="definitions-h">Definition changes</h2>');
    expect(html).toContain("fit &gt;= 50 -&gt; fit &gt;= 60");
  });
});
