import { describe, expect, it } from "vitest";
import type { DiffReport } from "@segform/diff";
import { evaluateQualityBars } from "@segform/testing";
import {
  buildSegmentationReport,
  formatCount,
  formatShare,
  normalQuantile,
  renderChangeReport,
  renderSegmentationReport,
  ReportAccumulator,
  wilsonInterval,
} from "../src/index.js";
import { accounts, compile, evaluate, expectGolden, normalise, PROJECT } from "./helpers.js";

const AS_OF = "2026-01-15";

async function segmentationHtml(count: number): Promise<{ html: string; accumulator: ReportAccumulator }> {
  const plan = compile(PROJECT);
  const { engine, accounts: evaluated } = evaluate(plan, accounts(count), AS_OF);
  const accumulator = new ReportAccumulator(plan);
  for (const { result, prepared } of evaluated) {
    const matches = result.icp
      ? engine.compiled.segmentMatchCount(prepared.values, prepared.scores, result.tier, engine.asOfDay)
      : 0;
    accumulator.add(result, prepared.values, matches);
  }
  const bars = evaluateQualityBars(plan, accumulator.quality, { baselineGiven: false });
  const model = buildSegmentationReport({
    plan,
    project: "segments.yaml",
    asOf: AS_OF,
    data: "accounts.csv",
    accumulator,
    bars,
  });
  return { html: await renderSegmentationReport(model), accumulator };
}

describe("statistics", () => {
  it("normal quantile", () => {
    expect(normalQuantile(0.975).toFixed(6)).toBe("1.959964");
    expect(normalQuantile(0.95).toFixed(6)).toBe("1.644854");
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.005).toFixed(6)).toBe("-2.575829");
  });

  it("Wilson interval (95%: 7 of 10 -> 0.396778 .. 0.892209, as Python statistics.NormalDist gives)", () => {
    const [low, high] = wilsonInterval(7, 10, 0.95);
    expect(low.toFixed(6)).toBe("0.396778");
    expect(high.toFixed(6)).toBe("0.892209");
    expect(wilsonInterval(0, 5, 0.95)[0]).toBe(0);
    expect(wilsonInterval(5, 5, 0.95)[1]).toBe(1);
  });

  it("locale-independent formatting", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(0)).toBe("0");
    expect(formatShare(0.3456)).toBe("34.6%");
    expect(formatShare(Number.NaN)).toBe("n/a");
  });
});

describe("segmentation report", () => {
  it("counts tiers, segments, the matrix and score bins exactly", async () => {
    const plan = compile(PROJECT);
    const { engine, accounts: evaluated } = evaluate(plan, accounts(200), AS_OF);
    const accumulator = new ReportAccumulator(plan);
    for (const { result, prepared } of evaluated)
      accumulator.add(
        result,
        prepared.values,
        result.icp
          ? engine.compiled.segmentMatchCount(prepared.values, prepared.scores, result.tier, engine.asOfDay)
          : 0,
      );
    const model = buildSegmentationReport({
      plan,
      project: "segments.yaml",
      asOf: AS_OF,
      data: "accounts.csv",
      accumulator,
      bars: [],
    });
    const sizes = model.sizes!;
    // Counted independently from the engine's results.
    const icp = evaluated.filter((account) => account.result.icp);
    expect(sizes.accounts).toBe(200);
    expect(sizes.icpAccounts).toBe(icp.length);
    for (const tier of sizes.tiers)
      expect(tier.accounts).toBe(icp.filter((account) => account.result.tier === tier.id).length);
    expect(sizes.tiers.find((tier) => tier.id === "tier1")!.accounts).toBe(3); // the capacity
    for (const [row, segment] of sizes.segments.entries()) {
      expect(segment.accounts).toBe(icp.filter((account) => account.result.segment === segment.id).length);
      expect(sizes.matrix[row]!.reduce((a, b) => a + b, 0)).toBe(segment.accounts);
    }
    expect(sizes.untiered).toBe(icp.filter((account) => account.result.tier === null).length);
    const fit = model.scores!.find((score) => score.name === "fit")!;
    expect(fit.thresholds).toEqual([
      { tier: "tier1", operator: ">=", value: 80 },
      { tier: "tier2", operator: ">=", value: 60 },
    ]);
    expect(model.scores!.find((score) => score.name === "heat")!.thresholds).toEqual([
      { tier: "tier1", operator: ">=", value: 50 },
      { tier: "tier3", operator: ">=", value: 20 },
      { tier: "tier3", operator: "<=", value: 100 },
    ]);
    const bin100 = fit.bins[19]!.reduce((a, b) => a + b, 0);
    expect(bin100).toBe(icp.filter((account) => account.result.scores[0] === 100).length);
    const outcomes = model.outcomes!;
    expect(outcomes.confidence).toBe(0.9);
    const software = outcomes.groups.find((group) => group.id === "software")!;
    const inSoftware = icp.filter((account) => account.result.segment === "software");
    const stage = (account: (typeof evaluated)[number]) =>
      account.prepared.values[plan.fields.findIndex((field) => field.name === "stage")];
    expect(software.won).toBe(inSoftware.filter((account) => stage(account) === "won").length);
    expect(software.lost).toBe(inSoftware.filter((account) => stage(account) === "lost").length);
    expect(software.interval).toEqual(wilsonInterval(software.won, software.won + software.lost, 0.9));
    expect(software.dealSizes.reduce((a, b) => a + b, 0)).toBe(software.won);
  });

  it("is byte-identical for the same input, and every chart has an SVG, a text alternative and a data table", async () => {
    const first = await segmentationHtml(300);
    const second = await segmentationHtml(300);
    expect(first.html).toBe(second.html);
    const figures = first.html.match(/<figure class="chart"/g)!.length;
    expect(figures).toBe(8); // funnel, segments, matrix, 2 scores, win rate, deal size, pipeline
    expect(first.html.match(/<div class="chart-svg" role="img"[^>]*><svg /g)!.length).toBe(figures);
    expect(first.html.match(/<p class="chart-desc"/g)!.length).toBe(figures);
    expect(first.html.match(/<details class="chart-data"><summary>Data table/g)!.length).toBe(figures);
    expect(first.html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/)/);
  });

  it("does not grow with the number of accounts (aggregates only)", async () => {
    const small = await segmentationHtml(2_000);
    const large = await segmentationHtml(20_000);
    const elements = (html: string) => (html.match(/<[a-z]/g) ?? []).length;
    expect(large.accumulator.quality.accounts).toBe(20_000);
    expect(elements(large.html)).toBe(elements(small.html));
    expect(large.html).not.toContain("A0001999");
  });

  it("golden (normalised)", async () => {
    expectGolden("segmentation.html", normalise((await segmentationHtml(300)).html));
  });

  it("without data: definitions, bars as not measured, no charts", async () => {
    const plan = compile(PROJECT);
    const model = buildSegmentationReport({
      plan,
      project: "segments.yaml",
      asOf: AS_OF,
      dataMissing: "no data: accounts.csv is not in this checkout",
      bars: [],
    });
    const html = await renderSegmentationReport(model);
    expect(html).toContain("No account data: no data: accounts.csv is not in this checkout.");
    expect(html).not.toContain("<figure");
  });
});

function changeReport(): DiffReport {
  return {
    base: "origin/main",
    project: "segments.yaml",
    baseHash: "sha256:1111111111111111111111111111111111111111111111111111111111111111",
    headHash: "sha256:2222222222222222222222222222222222222222222222222222222222222222",
    unchanged: false,
    definitions: [
      {
        subject: "tier",
        id: "tier1",
        kind: "changed",
        summary: "tier tier1: when changed",
        details: ["when: fit >= 70 -> fit >= 75"],
      },
      {
        subject: "segment",
        id: "payments",
        kind: "added",
        summary: "segment payments added at position 2",
        details: [],
      },
    ],
    membership: {
      data: "data/accounts.csv",
      accounts: 1000,
      changed: 60,
      segments: [
        { id: "saas", before: 300, after: 280, entered: 0, left: 20 },
        { id: "payments", before: 0, after: 40, entered: 40, left: 0 },
        { id: "other", before: 500, after: 480, entered: 0, left: 20 },
        { id: "(outside ICP)", before: 200, after: 200, entered: 0, left: 0 },
      ],
      tiers: [
        { id: "tier1", before: 50, after: 40, entered: 0, left: 10 },
        { id: "tier2", before: 300, after: 310, entered: 10, left: 0 },
        { id: "(no tier)", before: 650, after: 650, entered: 0, left: 0 },
      ],
      transitions: [
        {
          dimension: "segment",
          from: "other",
          to: "payments",
          count: 20,
          examples: [{ account: "A-1", reason: "industry = payments matches segment payments (new)" }],
        },
        {
          dimension: "segment",
          from: "saas",
          to: "payments",
          count: 20,
          examples: [{ account: "A-2", reason: "industry = payments <b>" }],
        },
        {
          dimension: "tier",
          from: "tier1",
          to: "tier2",
          count: 10,
          examples: [{ account: "A-3", reason: "fit >= 75 was true, now false (fit 72)" }],
        },
      ],
    },
    activations: [
      { activation: "crm-segment", destination: "salesforce", added: 40, updated: 40, removed: 0, unchanged: 760 },
    ],
    quality: {
      before: [
        {
          bar: "segment_size",
          severity: "error",
          passed: true,
          message: "all 2 named segments have at least 20 accounts",
          details: [],
        },
      ],
      after: [
        {
          bar: "segment_size",
          severity: "error",
          passed: true,
          message: "all 3 named segments have at least 20 accounts",
          details: [],
        },
      ],
    },
  };
}

describe("change report (diff --format html)", () => {
  it("shows before/after, the from -> to matrix with stays on the diagonal, examples (escaped) and definition changes", async () => {
    const html = await renderChangeReport(changeReport());
    expect(html).toBe(await renderChangeReport(changeReport()));
    expect(html.match(/<figure class="chart"/g)!.length).toBe(4);
    // from \ to table of segments: saas stays 280, saas -> payments 20.
    expect(html).toContain(
      '<tr><th scope="row">saas</th><td class="num">280</td><td class="num">20</td><td class="num">0</td><td class="num">0</td></tr>',
    );
    expect(html).toContain("industry = payments &lt;b&gt;");
    expect(html).toContain("<code>when: fit &gt;= 70 -&gt; fit &gt;= 75</code>");
    expect(html).toContain("60 (6.0%)");
    expectGolden("change.html", normalise(html));
  });
});
