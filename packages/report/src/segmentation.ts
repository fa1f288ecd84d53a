import type { TopLevelSpec } from "vega-lite";
import type { BarResult, CoverageReport } from "@segform/testing";
import { MUTED, PALETTE, renderChart, renderTable, type Chart } from "./charts.js";
import { escapeHtml, formatAmount, formatCount, formatNumber, formatShare, plural } from "./format.js";
import type { SegmentationReport, Sizes } from "./model.js";
import { NO_TIER } from "./accumulate.js";
import { renderPage, statusBadge, type Section } from "./page.js";

const WIDTH = 560;
/** Counts: whole-number ticks, 1.2k / 3M beyond a thousand. */
const COUNT_AXIS = { tickMinStep: 1, format: "~s" };

/** `segform report`: the whole page, deterministic for the same model. */
export async function renderSegmentationReport(report: SegmentationReport): Promise<string> {
  const sections: Section[] = [];
  sections.push({ id: "summary", title: "Summary", body: summary(report) });
  if (report.sizes) {
    sections.push({
      id: "sizes",
      title: "Tiers and segments",
      body: await charts([funnelChart(report.sizes), segmentChart(report.sizes), matrixChart(report.sizes)]),
    });
    if (report.sizes.audiences)
      sections.push({ id: "audiences", title: "Audiences", body: audiencesTable(report.sizes) });
  }
  if (report.scores?.length && report.sizes) {
    const tiers = [...report.sizes.tiers.map((tier) => tier.id), NO_TIER];
    sections.push({
      id: "scores",
      title: "Score distributions",
      body: await charts(report.scores.map((score) => scoreChart(score, tiers))),
    });
  }
  if (report.outcomes)
    sections.push({
      id: "outcomes",
      title: "Outcomes: win rate, deal size, pipeline",
      body: await outcomeSection(report),
    });
  if (report.churn)
    sections.push({ id: "churn", title: "Churn against the baseline", body: await charts([churnChart(report.churn)]) });
  sections.push({ id: "bars", title: "Quality bars", body: barsSection(report.bars) });
  if (report.coverage || report.suites)
    sections.push({ id: "fixtures", title: "Fixture tests and coverage", body: await fixturesSection(report) });
  const meta: [string, string][] = [
    ["definitions", report.project],
    ["plan", report.planHash],
    ["as of", report.asOf],
    ["data", report.data ?? "none"],
  ];
  return renderPage("segform report", report.title, meta, sections);
}

async function charts(list: Chart[]): Promise<string> {
  const out: string[] = [];
  for (const chart of list) out.push(await renderChart(chart));
  return out.join("\n");
}

function summary(report: SegmentationReport): string {
  const cards: [string, string][] = [];
  const sizes = report.sizes;
  if (sizes) {
    cards.push(["accounts", formatCount(sizes.accounts)]);
    cards.push([
      "in the ICP",
      `${formatCount(sizes.icpAccounts)} (${formatShare(ratio(sizes.icpAccounts, sizes.accounts))})`,
    ]);
    cards.push(["tiers", formatCount(sizes.tiers.length)]);
    cards.push(["segments", formatCount(sizes.segments.length)]);
  }
  const measured = report.bars.filter((bar) => !bar.skipped);
  if (report.bars.length)
    cards.push(["quality bars passing", `${measured.filter((bar) => bar.passed).length} of ${report.bars.length}`]);
  if (report.coverage) cards.push(["fixture coverage", formatShare(report.coverage.ratio)]);
  const list = cards.length
    ? `<ul class="cards">${cards.map(([label, value]) => `<li><span class="value">${escapeHtml(value)}</span><span class="label">${escapeHtml(label)}</span></li>`).join("")}</ul>`
    : "";
  const missing =
    report.dataMissing !== undefined
      ? `<p class="note">No account data: ${escapeHtml(report.dataMissing)}. Sizes, scores and outcomes are not shown.</p>`
      : "";
  return list + missing;
}

// sizes ---------------------------------------------------------------------------------------------

function funnelChart(sizes: Sizes): Chart {
  const steps = [
    { step: "All accounts", accounts: sizes.accounts },
    { step: "In the ICP", accounts: sizes.icpAccounts },
    ...sizes.tiers.map((tier) => ({ step: `Tier ${tier.id}`, accounts: tier.accounts })),
    { step: `ICP, ${NO_TIER}`, accounts: sizes.untiered },
  ];
  const values = steps.map((step, index) => ({
    ...step,
    label: formatCount(step.accounts),
    group: index < 2 ? "population" : index === steps.length - 1 ? "none" : "tier",
  }));
  return {
    id: "funnel",
    title: "Tier funnel",
    description: `Of ${plural(sizes.accounts, "account")}, ${formatCount(sizes.icpAccounts)} (${formatShare(ratio(sizes.icpAccounts, sizes.accounts))}) are in the ICP: ${sizes.tiers.map((tier) => `${tier.id} ${formatCount(tier.accounts)}`).join(", ")}, and ${formatCount(sizes.untiered)} in no tier.`,
    spec: horizontalBars(values, "step", "accounts", "Accounts", {
      field: "group",
      domain: ["population", "tier", "none"],
      range: [PALETTE[0]!, PALETTE[1]!, MUTED],
    }),
    table: {
      columns: ["Step", "Accounts", "Share of all accounts", "Capacity"],
      rows: [
        ["All accounts", formatCount(sizes.accounts), formatShare(ratio(sizes.accounts, sizes.accounts)), ""],
        ["In the ICP", formatCount(sizes.icpAccounts), formatShare(ratio(sizes.icpAccounts, sizes.accounts)), ""],
        ...sizes.tiers.map((tier) => [
          `Tier ${tier.id}`,
          formatCount(tier.accounts),
          formatShare(ratio(tier.accounts, sizes.accounts)),
          tier.capacity === null ? "unlimited" : formatCount(tier.capacity),
        ]),
        [`ICP, ${NO_TIER}`, formatCount(sizes.untiered), formatShare(ratio(sizes.untiered, sizes.accounts)), ""],
      ],
      numeric: [1, 2, 3],
    },
  };
}

function segmentChart(sizes: Sizes): Chart {
  const values = sizes.segments.map((segment) => ({
    step: segment.id,
    accounts: segment.accounts,
    label: `${formatCount(segment.accounts)} (${formatShare(ratio(segment.accounts, sizes.icpAccounts))})`,
    group: segment.named ? "named" : "fallback",
  }));
  const largest = [...sizes.segments].sort((a, b) => b.accounts - a.accounts || (a.id < b.id ? -1 : 1))[0];
  return {
    id: "segments",
    title: "Segment sizes (ICP accounts)",
    description: `${plural(sizes.segments.length, "segment")} over ${plural(sizes.icpAccounts, "ICP account")}${largest ? `; the largest is ${largest.id} with ${formatCount(largest.accounts)}` : ""}. The fallback segment is grey.`,
    spec: horizontalBars(values, "step", "accounts", "Accounts", {
      field: "group",
      domain: ["named", "fallback"],
      range: [PALETTE[0]!, MUTED],
    }),
    table: {
      columns: ["Segment", "Accounts", "Share of ICP", "Kind"],
      rows: sizes.segments.map((segment) => [
        segment.id,
        formatCount(segment.accounts),
        formatShare(ratio(segment.accounts, sizes.icpAccounts)),
        segment.named ? "named" : "fallback",
      ]),
      numeric: [1, 2],
    },
  };
}

function matrixChart(sizes: Sizes): Chart {
  const tiers = [...sizes.tiers.map((tier) => tier.id), NO_TIER];
  const segments = sizes.segments.map((segment) => segment.id);
  const values = sizes.segments.flatMap((segment, row) =>
    tiers.map((tier, column) => ({
      segment: segment.id,
      tier,
      accounts: sizes.matrix[row]![column]!,
      label: formatCount(sizes.matrix[row]![column]!),
    })),
  );
  const max = Math.max(1, ...values.map((value) => value.accounts));
  return {
    id: "matrix",
    title: "Segment x tier",
    description: `ICP accounts per segment (rows) and tier (columns); darker cells hold fewer accounts, brighter cells more (up to ${formatCount(max)}).`,
    spec: heatmap(values, "tier", tiers, "Tier", "segment", segments, "Segment", "accounts", max),
    table: {
      columns: ["Segment", ...tiers, "Total"],
      rows: sizes.segments.map((segment, row) => [
        segment.id,
        ...sizes.matrix[row]!.map(formatCount),
        formatCount(segment.accounts),
      ]),
      numeric: tiers.map((_, index) => index + 1).concat(tiers.length + 1),
    },
  };
}

// scores --------------------------------------------------------------------------------------------

function scoreChart(score: NonNullable<SegmentationReport["scores"]>[number], tiers: string[]): Chart {
  const values = score.bins.flatMap((bin, index) =>
    tiers.map((tier, column) => ({
      start: index * score.binWidth,
      end: (index + 1) * score.binWidth,
      tier,
      accounts: bin[column]!,
    })),
  );
  const rules = score.thresholds.map((threshold) => ({
    value: threshold.value,
    label: `${threshold.tier} ${threshold.operator} ${formatNumber(threshold.value)}`,
  }));
  const total = values.reduce((sum, value) => sum + value.accounts, 0);
  const spec = {
    width: WIDTH,
    height: 180,
    layer: [
      {
        data: { values },
        mark: { type: "bar", binSpacing: 1 },
        encoding: {
          x: {
            field: "start",
            type: "quantitative",
            bin: { binned: true, step: score.binWidth },
            scale: { domain: [0, 100] },
            title: score.name,
            axis: { tickCount: 10 },
          },
          x2: { field: "end" },
          y: {
            aggregate: "sum",
            field: "accounts",
            type: "quantitative",
            title: "ICP accounts",
            stack: "zero",
            axis: COUNT_AXIS,
          },
          color: {
            field: "tier",
            type: "nominal",
            scale: { domain: tiers, range: tierColours(tiers.length) },
            sort: tiers,
            title: "Tier",
          },
          order: { field: "tierOrder" },
        },
      },
      ...(rules.length
        ? [
            {
              data: { values: rules },
              mark: { type: "rule", color: "#D55E00", strokeDash: [4, 3], strokeWidth: 1.5 },
              encoding: { x: { field: "value", type: "quantitative" } },
            },
            {
              data: { values: rules },
              mark: {
                type: "text",
                color: "#D55E00",
                angle: 270,
                align: "left",
                baseline: "bottom",
                dx: 4,
                dy: -3,
                y: 0,
                fontSize: 10,
              },
              encoding: { x: { field: "value", type: "quantitative" }, text: { field: "label" } },
            },
          ]
        : []),
    ],
  } as unknown as TopLevelSpec;
  for (const value of values) (value as Record<string, unknown>).tierOrder = tiers.indexOf(value.tier);
  const thresholdsText = rules.length
    ? ` Tier thresholds: ${rules.map((rule) => rule.label).join(", ")}.`
    : " No tier condition bounds this score.";
  return {
    id: `score-${score.name}`,
    title: `Score ${score.name}: distribution over ICP accounts`,
    description: `${plural(total, "ICP account")} in bins of ${score.binWidth} points, stacked by tier.${thresholdsText}`,
    spec,
    table: {
      columns: [`${score.name} bin`, ...tiers, "Total"],
      rows: score.bins.map((bin, index) => [
        binLabel(index, score.binWidth, score.bins.length),
        ...bin.map(formatCount),
        formatCount(bin.reduce((a, b) => a + b, 0)),
      ]),
      numeric: tiers.map((_, index) => index + 1).concat(tiers.length + 1),
    },
  };
}

function binLabel(index: number, width: number, bins: number): string {
  const start = index * width;
  return index === bins - 1 ? `${start}–${start + width}` : `${start}–<${start + width}`;
}

// outcomes ------------------------------------------------------------------------------------------

async function outcomeSection(report: SegmentationReport): Promise<string> {
  const outcomes = report.outcomes!;
  const list: Chart[] = [];
  const decided = outcomes.groups.filter((group) => group.interval);
  const confidence = formatShare(outcomes.confidence).replace(".0%", "%");
  if (decided.length) {
    const values = decided.map((group) => ({
      group: group.id,
      rate: round(group.winRate),
      low: round(group.interval![0]),
      high: round(group.interval![1]),
      kind: group.kind,
    }));
    list.push({
      id: "win-rate",
      title: `Win rate per segment, with ${confidence} confidence intervals`,
      description: `Won / (won + lost) per group: ${decided.map((group) => `${group.id} ${formatShare(group.winRate)} (${group.won} of ${group.won + group.lost})`).join(", ")}. Intervals are Wilson score intervals; groups whose intervals do not overlap clearly differ.`,
      spec: {
        width: WIDTH,
        height: { step: 26 },
        data: { values },
        encoding: { y: { field: "group", type: "nominal", sort: null, title: null } },
        layer: [
          {
            mark: { type: "rule", strokeWidth: 2 },
            encoding: {
              x: {
                field: "low",
                type: "quantitative",
                scale: { domain: [0, 1] },
                axis: { format: ".0%" },
                title: "Win rate",
              },
              x2: { field: "high" },
              color: kindColour(),
            },
          },
          {
            mark: { type: "point", filled: true, size: 70 },
            encoding: {
              x: { field: "rate", type: "quantitative" },
              color: kindColour(),
              shape: {
                field: "kind",
                type: "nominal",
                scale: { domain: ["segment", "fallback", "outside"], range: ["circle", "square", "diamond"] },
                title: "Group",
              },
            },
          },
        ],
      } as unknown as TopLevelSpec,
      table: {
        columns: ["Group", "Won", "Lost", "Open", "Win rate", `Low (${confidence})`, `High (${confidence})`],
        rows: outcomes.groups.map((group) => [
          group.id,
          formatCount(group.won),
          formatCount(group.lost),
          formatCount(group.open),
          formatShare(group.winRate),
          group.interval ? formatShare(group.interval[0]) : "n/a",
          group.interval ? formatShare(group.interval[1]) : "n/a",
        ]),
        numeric: [1, 2, 3, 4, 5, 6],
      },
    });
  }
  const withAmounts = outcomes.groups.filter((group) => group.dealSizes.some((count) => count > 0));
  if (withAmounts.length) {
    const used = outcomes.dealSizeBins.map((_, index) => withAmounts.some((group) => group.dealSizes[index]! > 0));
    const first = used.indexOf(true);
    const last = used.lastIndexOf(true);
    const bins = outcomes.dealSizeBins
      .slice(first, last + 1)
      .map((_, offset) => ({ index: first + offset, label: dealBinLabel(outcomes.dealSizeBins, first + offset) }));
    const values = withAmounts.flatMap((group) =>
      bins.map((bin) => ({
        group: group.id,
        bin: bin.label,
        deals: group.dealSizes[bin.index]!,
        label: formatCount(group.dealSizes[bin.index]!),
      })),
    );
    const max = Math.max(1, ...values.map((value) => value.deals));
    list.push({
      id: "deal-size",
      title: "Won deal sizes per segment",
      description: `Won deals with an amount, per group (rows) and deal-size band (columns): ${withAmounts.map((group) => `${group.id} ${formatCount(sum(group.dealSizes))}`).join(", ")}.`,
      spec: heatmap(
        values,
        "bin",
        bins.map((bin) => bin.label),
        "Deal size (won)",
        "group",
        withAmounts.map((group) => group.id),
        "Group",
        "deals",
        max,
      ),
      table: {
        columns: ["Group", ...bins.map((bin) => bin.label), "Won deals"],
        rows: withAmounts.map((group) => [
          group.id,
          ...bins.map((bin) => formatCount(group.dealSizes[bin.index]!)),
          formatCount(sum(group.dealSizes)),
        ]),
        numeric: bins.map((_, index) => index + 1).concat(bins.length + 1),
      },
    });
  }
  const pipeline = outcomes.groups.reduce((total, group) => total + group.openValue + group.wonValue, 0);
  const revenue = outcomes.groups.reduce((total, group) => total + group.wonValue, 0);
  if (pipeline > 0) {
    const values = outcomes.groups.flatMap((group) => [
      {
        group: group.id,
        measure: "pipeline (open + won)",
        value: round(group.openValue + group.wonValue),
        label: formatShare(ratio(group.openValue + group.wonValue, pipeline)),
      },
      {
        group: group.id,
        measure: "revenue (won)",
        value: round(group.wonValue),
        label: formatShare(ratio(group.wonValue, revenue)),
      },
    ]);
    const named = outcomes.groups.filter((group) => group.kind === "segment");
    const namedPipeline = named.reduce((total, group) => total + group.openValue + group.wonValue, 0);
    list.push({
      id: "coverage-value",
      title: "Pipeline and revenue per group",
      description: `${formatShare(ratio(namedPipeline, pipeline))} of pipeline (open + won deal value, ${formatAmount(pipeline)}) is in named segments; revenue (won) totals ${formatAmount(revenue)}.`,
      spec: {
        width: WIDTH,
        height: { step: 14 },
        data: { values },
        mark: "bar",
        encoding: {
          y: { field: "group", type: "nominal", sort: null, title: null },
          yOffset: { field: "measure", sort: ["pipeline (open + won)", "revenue (won)"] },
          x: { field: "value", type: "quantitative", title: "Deal value", axis: { format: "~s" } },
          color: {
            field: "measure",
            type: "nominal",
            scale: { domain: ["pipeline (open + won)", "revenue (won)"], range: [PALETTE[0], PALETTE[1]] },
            title: null,
            legend: { orient: "bottom" },
          },
        },
      } as unknown as TopLevelSpec,
      table: {
        columns: ["Group", "Pipeline (open + won)", "Share of pipeline", "Revenue (won)", "Share of revenue"],
        rows: outcomes.groups.map((group) => [
          group.id,
          formatAmount(group.openValue + group.wonValue),
          formatShare(ratio(group.openValue + group.wonValue, pipeline)),
          formatAmount(group.wonValue),
          formatShare(ratio(group.wonValue, revenue)),
        ]),
        numeric: [1, 2, 3, 4],
      },
    });
  }
  if (!list.length) return `<p class="note">No decided deals or deal values in the data.</p>`;
  return charts(list);
}

function dealBinLabel(bins: number[], index: number): string {
  const low = bins[index]!;
  const high = bins[index + 1];
  return high === undefined ? `≥ ${short(low)}` : `${short(low)}–<${short(high)}`;
}

/** 2500 -> "2.5k", 1000000 -> "1M". */
function short(value: number): string {
  if (value >= 1_000_000) return `${formatNumber(value / 1_000_000)}M`;
  if (value >= 1_000) return `${formatNumber(value / 1_000)}k`;
  return formatNumber(value);
}

function churnChart(churn: NonNullable<SegmentationReport["churn"]>): Chart {
  const values = churn.map((group) => ({
    step: group.id,
    share: round(ratio(group.changed, group.before)),
    label: `${formatShare(ratio(group.changed, group.before))} (${group.changed} of ${group.before})`,
    group: "churn",
  }));
  const compared = churn.reduce((total, group) => total + group.before, 0);
  const changed = churn.reduce((total, group) => total + group.changed, 0);
  return {
    id: "churn",
    title: "Churn against the baseline, per baseline segment",
    description: `${formatCount(changed)} of ${plural(compared, "baseline account")} (${formatShare(ratio(changed, compared))}) changed segment or tier.`,
    spec: horizontalBars(
      values,
      "step",
      "share",
      "Changed since the baseline",
      { field: "group", domain: ["churn"], range: [PALETTE[5]!] },
      ".0%",
    ),
    table: {
      columns: ["Baseline segment", "In baseline", "Changed", "Churn", "Entered", "Left"],
      rows: churn.map((group) => [
        group.id,
        formatCount(group.before),
        formatCount(group.changed),
        formatShare(ratio(group.changed, group.before)),
        formatCount(group.entered),
        formatCount(group.left),
      ]),
      numeric: [1, 2, 3, 4, 5],
    },
  };
}

/** Audiences overlap: each one's accounts and share of all accounts (the shares need not add up to 100%). */
function audiencesTable(sizes: Sizes): string {
  const rows = sizes.audiences!.map((audience) => [
    audience.id,
    formatCount(audience.accounts),
    formatShare(ratio(audience.accounts, sizes.accounts)),
  ]);
  const note = `<p class="note">Audiences overlap: an account is in every audience whose condition holds, inside the ICP or not.</p>`;
  return (
    note +
    renderTable(
      { columns: ["Audience", "Accounts", "Share of accounts"], rows, numeric: [1, 2] },
      "Accounts per audience",
    )
  );
}

// quality bars, fixtures ----------------------------------------------------------------------------

function barStatus(bar: BarResult): "pass" | "fail" | "warn" | "skip" {
  if (bar.skipped) return "skip";
  if (bar.passed) return "pass";
  return bar.severity === "warn" ? "warn" : "fail";
}

function barsSection(bars: BarResult[]): string {
  if (!bars.length) return `<p class="note">The project declares no quality bars.</p>`;
  const rows = bars.map((bar) => {
    const details = bar.details.length
      ? `<details><summary>${plural(bar.details.length, "detail")}</summary>${renderTable(
          {
            columns: ["Subject", "Result", "Detail"],
            rows: bar.details.map((detail) => [detail.subject, detail.passed ? "pass" : "fail", detail.message]),
          },
          `${bar.bar}: details`,
        )}</details>`
      : "";
    return `<tr><th scope="row"><code>${escapeHtml(bar.bar)}</code></th><td>${escapeHtml(bar.severity)}</td><td>${statusBadge(barStatus(bar))}</td><td>${escapeHtml(bar.skipped ? `${bar.message}: ${bar.skipped.reason}` : bar.message)}${details}</td></tr>`;
  });
  return `<table class="bars"><caption class="visually-hidden">Quality bars</caption><thead><tr><th scope="col">Bar</th><th scope="col">Severity</th><th scope="col">Result</th><th scope="col">Measured</th></tr></thead>\n<tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

async function fixturesSection(report: SegmentationReport): Promise<string> {
  const parts: string[] = [];
  if (report.suites) {
    parts.push(
      renderTable(
        {
          columns: ["Suite", "File", "Passed", "Failed", "Skipped"],
          rows: report.suites.map((suite) => [
            suite.name,
            suite.file,
            formatCount(suite.passed),
            formatCount(suite.failed),
            formatCount(suite.skipped),
          ]),
          numeric: [2, 3, 4],
        },
        "Fixture suites",
      ),
    );
  }
  if (report.coverage) parts.push(await charts([coverageChart(report.coverage)]));
  return parts.join("\n");
}

function coverageChart(coverage: CoverageReport): Chart {
  const owners: { owner: string; covered: number; total: number }[] = [];
  const byOwner = new Map<string, { owner: string; covered: number; total: number }>();
  for (const item of coverage.items) {
    let entry = byOwner.get(item.owner);
    if (!entry) {
      entry = { owner: item.owner, covered: 0, total: 0 };
      byOwner.set(item.owner, entry);
      owners.push(entry);
    }
    // Counted as the coverage gate counts: a clause has two outcomes (seen true, seen false), a target one.
    if (item.kind === "target") {
      entry.total += 1;
      entry.covered += item.seenTrue ? 1 : 0;
    } else {
      entry.total += 2;
      entry.covered += (item.seenTrue ? 1 : 0) + (item.seenFalse ? 1 : 0);
    }
  }
  const values = owners.map((owner) => ({
    step: owner.owner,
    share: round(ratio(owner.covered, owner.total)),
    label: `${owner.covered} of ${owner.total}`,
    group: "coverage",
  }));
  const gate =
    coverage.min !== undefined
      ? ` The gate is ${formatShare(coverage.min)}: ${coverage.passed ? "met" : "not met"}.`
      : "";
  return {
    id: "coverage",
    title: "Fixture coverage per definition",
    description: `${formatCount(coverage.covered)} of ${plural(coverage.total, "outcome")} covered (${formatShare(coverage.ratio)}): each clause seen true and seen false by some fixture, each tier and segment landed in.${gate}`,
    spec: horizontalBars(
      values,
      "step",
      "share",
      "Covered",
      { field: "group", domain: ["coverage"], range: [PALETTE[2]!] },
      ".0%",
      [0, 1],
    ),
    table: {
      columns: ["Definition", "Clause", "Seen true", "Seen false"],
      rows: coverage.items.map((item) => [
        item.owner,
        item.clause,
        item.seenTrue ? "yes" : "no",
        item.kind === "target" ? "" : item.seenFalse ? "yes" : "no",
      ]),
    },
  };
}

// chart helpers -------------------------------------------------------------------------------------

function horizontalBars(
  values: object[],
  category: string,
  measure: string,
  title: string,
  colour: { field: string; domain: string[]; range: string[] },
  format?: string,
  domain?: [number, number],
): TopLevelSpec {
  return {
    width: WIDTH,
    height: { step: 24 },
    data: { values },
    encoding: {
      y: { field: category, type: "nominal", sort: null, title: null },
      x: {
        field: measure,
        type: "quantitative",
        title,
        axis: format ? { format } : COUNT_AXIS,
        ...(domain ? { scale: { domain } } : {}),
      },
    },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          color: {
            field: colour.field,
            type: "nominal",
            scale: { domain: colour.domain, range: colour.range },
            legend: null,
          },
        },
      },
      { mark: { type: "text", align: "left", dx: 4, fontSize: 11 }, encoding: { text: { field: "label" } } },
    ],
  } as unknown as TopLevelSpec;
}

function heatmap(
  values: object[],
  xField: string,
  xDomain: string[],
  xTitle: string,
  yField: string,
  yDomain: string[],
  yTitle: string,
  measure: string,
  max: number,
): TopLevelSpec {
  return {
    width: { step: Math.max(48, Math.min(96, Math.floor(WIDTH / Math.max(1, xDomain.length)))) },
    height: { step: 26 },
    data: { values },
    encoding: {
      x: { field: xField, type: "nominal", sort: xDomain, title: xTitle, axis: { labelAngle: 0, orient: "top" } },
      // The y title would collide with the x labels on top; the figure's title names both axes.
      y: { field: yField, type: "nominal", sort: yDomain, title: null, axis: { description: yTitle } },
    },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          color: {
            field: measure,
            type: "quantitative",
            scale: { scheme: "viridis", domain: [0, max] },
            title: null,
            legend: { orient: "right" },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "label" },
          color: { condition: { test: `datum.${measure} > ${max / 2}`, value: "#000000" }, value: "#ffffff" },
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

function tierColours(count: number): string[] {
  const colours = PALETTE.slice(0, 7);
  return Array.from({ length: count }, (_, index) => (index === count - 1 ? MUTED : colours[index % colours.length]!));
}

function kindColour(): object {
  return {
    field: "kind",
    type: "nominal",
    scale: { domain: ["segment", "fallback", "outside"], range: [PALETTE[0], MUTED, PALETTE[5]] },
    title: "Group",
  };
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : Number.NaN;
}

function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toFixed(6)) : 0;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
