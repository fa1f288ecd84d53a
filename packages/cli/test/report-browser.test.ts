import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserStatus, openFile, type OpenedFile } from "../../../scripts/browser.mjs";
import { REPO, segform } from "./helpers.js";
import { runCounts, thresholdChange } from "./report-helpers.js";

const status = browserStatus((line) => process.stderr.write(line + "\n"));
if (!status.ok) process.stderr.write(`notice: the browser tests are skipped: ${status.reason}\n`);
const ARTIFACTS = join(REPO, "test-artifacts", "report");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The little of the DOM these checks use (the tests are type-checked without the DOM library). */
interface Node {
  id: string;
  textContent: string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): ArrayLike<Node> & Iterable<Node>;
  getBoundingClientRect(): { width: number; height: number };
}
type PageGlobals = {
  document: Node & { scripts: ArrayLike<unknown> };
  axe: {
    run: (
      context: unknown,
      options: object,
    ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>;
  };
};

/** What the page shows, read from the rendered DOM. */
async function inspect(opened: OpenedFile) {
  return opened.page.evaluate(() => {
    const document = (globalThis as unknown as PageGlobals).document;
    const figures = [...document.querySelectorAll("figure.chart")].map((figure) => {
      const svg = figure.querySelector(".chart-svg svg");
      const box = svg?.getBoundingClientRect();
      return {
        id: figure.id,
        svg: !!svg,
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        marks: svg ? svg.querySelectorAll("path, rect, line, text").length : 0,
        table: !!figure.querySelector("details table"),
      };
    });
    const table = (id: string) =>
      Object.fromEntries(
        [...document.querySelectorAll(`#chart-${id} details tbody tr`)].map((row) => [
          row.querySelector("th")!.textContent,
          [...row.querySelectorAll("td")].map((cell) => cell.textContent),
        ]),
      );
    return { figures, funnel: table("funnel"), segments: table("segments"), scripts: document.scripts.length };
  });
}

/** axe-core, injected from node_modules (no network), WCAG 2 A/AA rules; the serious and critical violations. */
async function accessibility(opened: OpenedFile): Promise<string[]> {
  await opened.page.addScriptTag({ content: readFileSync(AXE, "utf8") });
  const result = await opened.page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as PageGlobals;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
  });
  return result.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
}

async function screenshots(file: string, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const colorScheme of ["light", "dark"] as const) {
    const opened = await openFile(file, { colorScheme });
    try {
      await opened.page.screenshot({ path: join(ARTIFACTS, `${name}-${colorScheme}.png`), fullPage: true });
    } finally {
      await opened.close();
    }
  }
}

describe.skipIf(!status.ok)("reports in headless Chromium", () => {
  it("segform report (quick start): every chart drawn, no console error, no request, the counts of segform run, accessible", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, "quickstart-report.html");
    const run = await segform(["report", "segments.example.yaml", "--out", file], { cwd: REPO });
    expect(run.code, run.stderr).toBe(0);
    const opened = await openFile(file);
    try {
      const page = await inspect(opened);
      expect(page.scripts).toBe(0);
      expect(page.figures.map((figure) => figure.id)).toEqual([
        "chart-funnel",
        "chart-segments",
        "chart-matrix",
        "chart-score-fit",
        "chart-score-intent",
        "chart-win-rate",
        "chart-deal-size",
        "chart-coverage-value",
        "chart-coverage",
      ]);
      for (const figure of page.figures) {
        expect(figure.svg, figure.id).toBe(true);
        expect(figure.width, figure.id).toBeGreaterThan(100);
        expect(figure.height, figure.id).toBeGreaterThan(50);
        expect(figure.marks, figure.id).toBeGreaterThan(10);
        expect(figure.table, figure.id).toBe(true);
      }
      const counts = await runCounts(["segments.example.yaml"]);
      expect(page.funnel["All accounts"]![0]).toBe(String(counts.accounts));
      expect(page.funnel["In the ICP"]![0]).toBe(String(counts.icp));
      for (const [tier, accounts] of Object.entries(counts.tiers))
        expect(page.funnel[`Tier ${tier}`]![0]).toBe(String(accounts));
      for (const [segment, accounts] of Object.entries(counts.segments))
        expect(page.segments[segment]![0]).toBe(String(accounts));
      expect(opened.consoleErrors).toEqual([]);
      expect(opened.requests).toEqual([]);
      expect(await accessibility(opened)).toEqual([]);
    } finally {
      await opened.close();
    }
    await screenshots(file, "quickstart-report");
  });

  it("segform diff --format html: charts drawn, no console error, no request, accessible", async () => {
    const dir = thresholdChange();
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, "diff-report.html");
    const run = await segform(["diff", "--base", "HEAD", "--format", "html", "--out", file], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const opened = await openFile(file);
    try {
      const page = await inspect(opened);
      expect(page.figures.map((figure) => figure.id)).toEqual([
        "chart-segment-sizes",
        "chart-tier-sizes",
        "chart-transitions-segment",
        "chart-transitions-tier",
      ]);
      for (const figure of page.figures)
        expect(figure.svg && figure.width > 100 && figure.height > 20, figure.id).toBe(true);
      expect(opened.consoleErrors).toEqual([]);
      expect(opened.requests).toEqual([]);
      expect(await accessibility(opened)).toEqual([]);
    } finally {
      await opened.close();
    }
    await screenshots(file, "diff-report");
  });
});
