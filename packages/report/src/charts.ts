import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { escapeHtml, slug } from "./format.js";

/**
 * Okabe-Ito: a qualitative palette told apart with the common colour-vision deficiencies, readable on light and
 * dark backgrounds (its black is swapped for a mid grey so it shows on dark too).
 */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];
/** The colour of "nothing matched" groups (fallback segment, outside the ICP, no tier). */
export const MUTED = "#999999";

/** A chart: its Vega-Lite spec, a title, a text alternative, and the data table shown behind it. */
export interface Chart {
  /** Unique in the report; becomes the figure's id. */
  id: string;
  title: string;
  /** One or two sentences saying what the chart shows, with its main figures (the text alternative). */
  description: string;
  spec: TopLevelSpec;
  table: DataTable;
}

export interface DataTable {
  columns: string[];
  /** Cells as shown (already formatted); numeric columns are right-aligned. */
  rows: string[][];
  /** Indexes of the numeric columns. */
  numeric?: number[];
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Theme: transparent background; axis, legend and title colours are overridden by the page's CSS in dark mode. */
const CONFIG = {
  background: "transparent",
  font: FONT,
  view: { stroke: null },
  axis: {
    labelColor: "#333333",
    titleColor: "#333333",
    gridColor: "#dddddd",
    domainColor: "#888888",
    tickColor: "#888888",
    labelLimit: 220,
  },
  legend: { labelColor: "#333333", titleColor: "#333333", labelLimit: 220 },
  title: { color: "#111111", anchor: "start", fontSize: 14 },
  range: { category: PALETTE },
  axisY: { titleAngle: 0, titleAlign: "left", titleY: -8, titleX: 0 },
} as const;

/**
 * Renders the chart to SVG in Node (no canvas: text widths are estimated, which is deterministic) and wraps it in
 * an accessible figure: caption, text alternative, and the data in a table behind a disclosure.
 */
export async function renderChart(chart: Chart): Promise<string> {
  const svg = await chartSvg(chart);
  const id = slug(chart.id);
  return [
    `<figure class="chart" id="chart-${id}" aria-labelledby="chart-${id}-title" aria-describedby="chart-${id}-desc">`,
    `<figcaption><span class="chart-title" id="chart-${id}-title">${escapeHtml(chart.title)}</span></figcaption>`,
    `<div class="chart-svg" role="img" aria-labelledby="chart-${id}-title chart-${id}-desc">${svg}</div>`,
    `<p class="chart-desc" id="chart-${id}-desc">${escapeHtml(chart.description)}</p>`,
    `<details class="chart-data"><summary>Data table: ${escapeHtml(chart.title)}</summary>`,
    renderTable(chart.table, `${chart.title}: data`),
    `</details>`,
    `</figure>`,
  ].join("\n");
}

/** The chart as an SVG string with element ids scoped to the chart (vega numbers them per process). */
async function chartSvg(chart: Chart): Promise<string> {
  const spec = { ...chart.spec, config: { ...CONFIG, ...(chart.spec.config ?? {}) } } as TopLevelSpec;
  const compiled = compile(spec).spec;
  const view = new View(parse(compiled), { renderer: "none", logLevel: 0 });
  try {
    const svg = await view.toSVG();
    return scopeIds(stripDecorations(svg), slug(chart.id));
  } finally {
    view.finalize();
  }
}

/** Drops the XML declaration-like attributes a page does not need, and marks the SVG as decorative for AT (the figure carries the text). */
function stripDecorations(svg: string): string {
  return svg.replace(/^<svg /, '<svg aria-hidden="true" focusable="false" ');
}

/** Renames clip-path and gradient ids (`clip3`, `gradient_7`, `p_gradient_7`) to `<chart>-<n>` in order of appearance. */
function scopeIds(svg: string, chartId: string): string {
  const names = new Map<string, string>();
  const scoped = (name: string) => {
    let value = names.get(name);
    if (!value) names.set(name, (value = `${chartId}-d${names.size + 1}`));
    return value;
  };
  return svg
    .replace(/\bid="((?:p_)?gradient_\d+|clip\d+)"/g, (_all, name: string) => `id="${scoped(name)}"`)
    .replace(/url\(#((?:p_)?gradient_\d+|clip\d+)\)/g, (_all, name: string) => `url(#${scoped(name)})`);
}

/** A plain HTML table (with a caption for screen readers). */
export function renderTable(table: DataTable, caption: string, attributes = ""): string {
  const numeric = new Set(table.numeric ?? []);
  const cell = (tag: "td" | "th", text: string, index: number, scope = "") =>
    `<${tag}${scope}${numeric.has(index) ? ' class="num"' : ""}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${table.columns.map((column, index) => cell("th", column, index, ' scope="col"')).join("")}</tr>`;
  const body = table.rows
    .map(
      (row) =>
        `<tr>${row.map((text, index) => (index === 0 ? cell("th", text, index, ' scope="row"') : cell("td", text, index))).join("")}</tr>`,
    )
    .join("\n");
  return `<table${attributes}><caption class="visually-hidden">${escapeHtml(caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody></table>`;
}
