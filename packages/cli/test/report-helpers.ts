import { expect } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitAll, FIXTURES, REPO, segform } from "./helpers.js";

/** Per tier and segment, counted from `segform run`'s own output (JSON lines), independently of the report. */
export async function runCounts(
  args: string[],
  cwd = REPO,
): Promise<{
  accounts: number;
  icp: number;
  tiers: Record<string, number>;
  segments: Record<string, number>;
  untiered: number;
}> {
  const run = await segform(["run", ...args, "--format", "jsonl", "-q"], { cwd });
  expect(run.code, run.stderr).toBe(0);
  const rows = run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { icp: boolean; tier: string | null; segment: string | null });
  const counts = {
    accounts: rows.length,
    icp: 0,
    tiers: {} as Record<string, number>,
    segments: {} as Record<string, number>,
    untiered: 0,
  };
  for (const row of rows) {
    if (!row.icp) continue;
    counts.icp++;
    if (row.tier === null) counts.untiered++;
    else counts.tiers[row.tier] = (counts.tiers[row.tier] ?? 0) + 1;
    counts.segments[row.segment!] = (counts.segments[row.segment!] ?? 0) + 1;
  }
  return counts;
}

/** The rows of the data table behind a chart: first cell (row header) -> the other cells. */
export function chartTable(html: string, chartId: string): Map<string, string[]> {
  const figure = html.slice(html.indexOf(`<figure class="chart" id="chart-${chartId}"`));
  const table = figure.slice(0, figure.indexOf("</figure>"));
  const rows = new Map<string, string[]>();
  for (const match of table.matchAll(/<tr><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g))
    rows.set(
      match[1]!,
      [...match[2]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => cell[1]!),
    );
  return rows;
}

/** The basic fixture committed in a new git repository, then t2's threshold raised in the working tree: a diff. */
export function thresholdChange(): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-diff-html-"));
  cpSync(join(FIXTURES, "basic"), dir, { recursive: true });
  commitAll(dir);
  const path = join(dir, "segments.yaml");
  writeFileSync(
    path,
    readFileSync(path, "utf8").replace(
      "- { id: t2, when: { fit: { gte: 50 } } }",
      "- { id: t2, when: { fit: { gte: 60 } } }",
    ),
  );
  return dir;
}
