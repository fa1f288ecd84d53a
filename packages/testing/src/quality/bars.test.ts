import { Engine, evaluateAccounts, type AccountResult, type Value } from "@segform/engine";
import { PLAN_VERSION, withHash, type Expr, type Plan, type PlanField } from "@segform/plan";
import type { QualitySpec, SourceLocation } from "@segform/spec";
import { describe, expect, it } from "vitest";
import type { BarResult } from "../report.js";
import { QualityAccumulator, type BaselineMembership } from "./accumulate.js";
import { evaluateQualityBars } from "./bars.js";

// Fixtures ---------------------------------------------------------------------------------------------

const ALWAYS: Expr = { op: "const", value: true };

function field(name: string, type: PlanField["type"]): PlanField {
  return { name, type, column: name, default: null, nullable: true, enum: null, separator: ";" };
}

const FIELDS = [
  field("id", "string"),
  field("stage", "string"),
  field("amount", "number"),
  field("industry", "string"),
];
const SEGMENTS = ["fintech", "software", "health", "retail"];

interface PlanOptions {
  segments?: string[];
  /** Segment id -> activations (default: every segment and the fallback bound to `crm`). */
  activate?: Record<string, string[]>;
  tiers?: { id: string; capacity: number | null }[];
  fields?: PlanField[];
}

/** A plan whose segments' conditions do not matter: these tests build the engine's results by hand. */
function planWith(quality: QualitySpec, options: PlanOptions = {}): Plan {
  const activate = (id: string) => options.activate?.[id] ?? ["crm"];
  return withHash({
    planVersion: PLAN_VERSION,
    name: "quality-test",
    key: "id",
    fields: options.fields ?? FIELDS,
    icp: ALWAYS,
    scores: [],
    tiers: (options.tiers ?? []).map((tier) => ({ ...tier, when: ALWAYS, rankBy: [], activate: [] })),
    segments: (options.segments ?? SEGMENTS).map((id) => ({
      id,
      axis: null,
      owner: null,
      when: ALWAYS,
      activate: activate(id),
    })),
    fallback: { id: "other", activate: activate("other") },
    contacts: null,
    activations: [{ name: "crm", destination: "salesforce", when: null, set: {}, audience: null, sequence: null }],
    destinations: [],
    quality: quality as Record<string, unknown>,
  });
}

interface Row {
  key?: string | null;
  /** null: outside the ICP. */
  segment: string | null;
  tier?: string | null;
  stage?: string | null;
  amount?: number | null;
  /** Named segments whose condition holds (default 1 for named, 0 for the fallback). */
  matches?: number;
  activations?: string[];
}

let nextKey = 0;

function feed(plan: Plan, rows: Row[], baseline?: Map<string, BaselineMembership>): QualityAccumulator {
  const acc = new QualityAccumulator(plan, baseline ? { baseline } : {});
  for (const row of rows) {
    const key = row.key === undefined ? `a${++nextKey}` : row.key;
    const icp = row.segment !== null;
    const result: AccountResult = {
      key,
      icp,
      scores: [],
      tier: icp ? (row.tier ?? null) : null,
      segment: row.segment,
      activations: row.activations ?? (icp ? ["crm"] : []),
    };
    const values: Value[] = [key, row.stage ?? null, row.amount ?? null, null];
    const named = row.segment !== null && plan.segments.some((segment) => segment.id === row.segment);
    acc.add(result, values, row.matches ?? (named ? 1 : 0));
  }
  return acc;
}

function times(n: number, row: (i: number) => Row): Row[] {
  return Array.from({ length: n }, (_, i) => row(i));
}

/** `n` accounts in `segment` with `won` won deals and `lost` lost ones (the rest have no deal). */
function deals(segment: string, won: number, lost: number, n = won + lost): Row[] {
  return times(n, (i) => ({ segment, stage: i < won ? "closed_won" : i < won + lost ? "closed_lost" : null }));
}

function bars(
  quality: QualitySpec,
  rows: Row[],
  options: PlanOptions & { baseline?: Map<string, BaselineMembership> } = {},
): BarResult[] {
  const plan = planWith(quality, options);
  return evaluateQualityBars(plan, feed(plan, rows, options.baseline), {
    baselineGiven: options.baseline !== undefined,
  });
}

function only(results: BarResult[]): BarResult {
  expect(results).toHaveLength(1);
  return results[0]!;
}

// Bars -------------------------------------------------------------------------------------------------

describe("segment_size", () => {
  it("fails a segment below the minimum, with the exact figures", () => {
    const rows = [...times(50, () => ({ segment: "fintech" })), ...times(36, () => ({ segment: "software" }))];
    const bar = only(bars({ segment_size: { min: 50 } }, rows, { segments: ["fintech", "software"] }));
    expect(bar).toEqual({
      bar: "segment_size",
      severity: "error",
      passed: false,
      message: 'segment "software" has 36 accounts, below the minimum 50',
      details: [
        {
          subject: "fintech",
          passed: true,
          message: "50 accounts, at or above the minimum 50",
          figures: { accounts: 50, min: 50 },
        },
        {
          subject: "software",
          passed: false,
          message: "36 accounts, below the minimum 50",
          figures: { accounts: 36, min: 50 },
        },
      ],
    });
  });

  it("lists every failing segment, above and below, with warn severity", () => {
    const rows = [
      ...times(3, () => ({ segment: "fintech" })),
      ...times(5, () => ({ segment: "software" })),
      ...times(7, () => ({ segment: "health" })),
    ];
    const bar = only(
      bars({ segment_size: { min: 4, max: 6, severity: "warn" } }, rows, {
        segments: ["fintech", "software", "health"],
      }),
    );
    expect(bar.severity).toBe("warn");
    expect(bar.passed).toBe(false);
    expect(bar.message).toBe(
      'segment "fintech" has 3 accounts, below the minimum 4; segment "health" has 7 accounts, above the maximum 6',
    );
    expect(bar.details.map((detail) => detail.passed)).toEqual([false, true, false]);
    expect(bar.details[1]).toEqual({
      subject: "software",
      passed: true,
      message: "5 accounts, within 4 to 6",
      figures: { accounts: 5, min: 4, max: 6 },
    });
  });

  it("passes when every named segment is in range; the fallback does not count", () => {
    const rows = [
      ...times(2, () => ({ segment: "fintech" })),
      ...times(2, () => ({ segment: "software" })),
      { segment: "other" },
    ];
    const bar = only(bars({ segment_size: { min: 2 } }, rows, { segments: ["fintech", "software"] }));
    expect(bar.passed).toBe(true);
    expect(bar.message).toBe("all 2 named segments have at least 2 accounts");
    expect(bar.details.map((detail) => detail.subject)).toEqual(["fintech", "software"]);
  });
});

describe("segment_count", () => {
  it("counts named segments that hold accounts and names the empty ones", () => {
    const rows = [{ segment: "fintech" }, { segment: "software" }, { segment: "software" }, { segment: "other" }];
    const bar = only(bars({ segment_count: { min: 4, max: 7 } }, rows));
    expect(bar.passed).toBe(false);
    expect(bar.message).toBe(
      '2 named segments hold accounts, below the minimum 4 (2 of 4 declared hold none: "health", "retail")',
    );
    expect(bar.details).toEqual([
      { subject: "fintech", passed: true, message: "holds 1 account", figures: { accounts: 1 } },
      { subject: "software", passed: true, message: "holds 2 accounts", figures: { accounts: 2 } },
      { subject: "health", passed: false, message: "holds no accounts (not counted)", figures: { accounts: 0 } },
      { subject: "retail", passed: false, message: "holds no accounts (not counted)", figures: { accounts: 0 } },
    ]);
  });

  it("passes within the range", () => {
    const rows = SEGMENTS.map((segment) => ({ segment }));
    const bar = only(bars({ segment_count: { min: 4, max: 7, severity: "warn" } }, rows));
    expect(bar).toMatchObject({
      severity: "warn",
      passed: true,
      message: "4 named segments hold accounts, within 4 to 7",
    });
  });

  it("fails above the maximum", () => {
    const bar = only(
      bars(
        { segment_count: { max: 3 } },
        SEGMENTS.map((segment) => ({ segment })),
      ),
    );
    expect(bar).toMatchObject({ passed: false, message: "4 named segments hold accounts, above the maximum 3" });
  });
});

describe("icp_coverage", () => {
  it("measures the share of accounts in the ICP, as a percentage in the message", () => {
    // 5 of 8 in the ICP = 62.5%
    const rows: Row[] = [...times(5, () => ({ segment: "fintech" })), ...times(3, () => ({ segment: null }))];
    const bar = only(bars({ icp_coverage: { min: 0.7 } }, rows));
    expect(bar.passed).toBe(false);
    expect(bar.message).toBe("62.5% of accounts are in the ICP (5 of 8), below the minimum 70.0%");
    expect(bar.details).toEqual([
      {
        subject: "icp",
        passed: false,
        message: "5 of 8 accounts",
        figures: { accounts: 8, icp: 5, share: 0.625, min: 0.7 },
      },
    ]);
  });

  it("passes within bounds; rounds the share to 6 decimals", () => {
    // 1 of 3 = 0.333333
    const rows: Row[] = [{ segment: "fintech" }, { segment: null }, { segment: null }];
    const bar = only(bars({ icp_coverage: { min: 0.2, max: 0.5 } }, rows));
    expect(bar.passed).toBe(true);
    expect(bar.message).toBe("33.3% of accounts are in the ICP (1 of 3), within 20.0% to 50.0%");
    expect(bar.details[0]!.figures.share).toBe(0.333333);
  });

  it("does not fail without data", () => {
    expect(only(bars({ icp_coverage: { min: 0.5 } }, []))).toMatchObject({
      passed: true,
      message: "not enough data: no accounts in the data",
    });
  });
});

describe("tier_capacity", () => {
  const tiers = [
    { id: "tier1", capacity: 2 },
    { id: "tier2", capacity: null },
    { id: "tier3", capacity: 10 },
  ];

  it("fails a capped tier with empty seats (by default every seat must be taken)", () => {
    const rows: Row[] = [
      ...times(2, () => ({ segment: "fintech", tier: "tier1" })),
      ...times(4, () => ({ segment: "fintech", tier: "tier3" })),
    ];
    const bar = only(bars({ tier_capacity: {} }, rows, { tiers }));
    expect(bar).toEqual({
      bar: "tier_capacity",
      severity: "error",
      passed: false,
      message:
        'tier "tier3": 4 of 10 seats filled (40.0%, below 100.0%): lower the capacity or widen the tier\'s condition',
      details: [
        {
          subject: "tier1",
          passed: true,
          message: "2 of 2 seats filled (100.0%)",
          figures: { accounts: 2, capacity: 2, fill: 1 },
        },
        {
          subject: "tier3",
          passed: false,
          message: "4 of 10 seats filled (40.0%, below 100.0%)",
          figures: { accounts: 4, capacity: 10, fill: 0.4 },
        },
      ],
    });
  });

  it("passes at min_fill, and when no tier is capped", () => {
    const rows: Row[] = [
      ...times(2, () => ({ segment: "fintech", tier: "tier1" })),
      ...times(4, () => ({ segment: "fintech", tier: "tier3" })),
      { segment: "fintech", tier: "tier2" },
    ];
    expect(only(bars({ tier_capacity: { severity: "warn", min_fill: 0.4 } }, rows, { tiers }))).toMatchObject({
      severity: "warn",
      passed: true,
      message: "every capped tier is filled to at least 40.0% (tier1: 2 of 2, tier3: 4 of 10)",
    });
    expect(only(bars({ tier_capacity: { min_fill: 0.41 } }, rows, { tiers }))).toMatchObject({ passed: false });
    expect(only(bars({ tier_capacity: {} }, rows, { tiers: [{ id: "tier1", capacity: null }] }))).toMatchObject({
      passed: true,
      message: "no tier has a capacity",
      details: [],
    });
  });
});

describe("coverage.pipeline_share and coverage.revenue_share", () => {
  // Named: fintech won 300 + open 200, software won 100 (+ a lost 999, not pipeline); fallback: open 250;
  // outside the ICP: won 150. Pipeline (open + won) = 500 + 100 + 250 + 150 = 1000, named 600 -> 60.0%.
  // Revenue (won) = 300 + 100 + 150 = 550, named 400 -> 72.7% (0.727273).
  const rows: Row[] = [
    { segment: "fintech", stage: "closed_won", amount: 300 },
    { segment: "fintech", stage: "open", amount: 200 },
    { segment: "software", stage: "closed_won", amount: 100 },
    { segment: "software", stage: "closed_lost", amount: 999 },
    { segment: "other", stage: "open", amount: 250 },
    { segment: "other", stage: "none", amount: 5000 },
    { segment: null, stage: "closed_won", amount: 150 },
  ];
  const options = { segments: ["fintech", "software"] };

  it("measures the pipeline share in named segments", () => {
    const bar = only(bars({ coverage: { pipeline_share: { min: 0.8 } } }, rows, options));
    expect(bar.bar).toBe("coverage.pipeline_share");
    expect(bar.passed).toBe(false);
    expect(bar.message).toBe(
      "60.0% of open + won deal value is in named segments (600 of 1000), below the minimum 80.0%",
    );
    expect(bar.details).toEqual([
      {
        subject: "fintech",
        passed: true,
        message: "500 (50.0%) in 2 deals",
        figures: { value: 500, share: 0.5, deals: 2, missingAmount: 0 },
      },
      {
        subject: "software",
        passed: true,
        message: "100 (10.0%) in 1 deal",
        figures: { value: 100, share: 0.1, deals: 1, missingAmount: 0 },
      },
      {
        subject: "other",
        passed: true,
        message: "250 (25.0%) in 1 deal, in the fallback",
        figures: { value: 250, share: 0.25, deals: 1, missingAmount: 0 },
      },
      {
        subject: "(outside ICP)",
        passed: true,
        message: "150 (15.0%) in 1 deal, outside the ICP",
        figures: { value: 150, share: 0.15, deals: 1, missingAmount: 0 },
      },
    ]);
  });

  it("measures the revenue share, with the coverage bar's severity", () => {
    const bar = only(bars({ coverage: { revenue_share: { min: 0.7 }, severity: "warn" } }, rows, options));
    expect(bar).toMatchObject({
      bar: "coverage.revenue_share",
      severity: "warn",
      passed: true,
      message: "72.7% of won deal value is in named segments (400 of 550), at or above the minimum 70.0%",
    });
    expect(bar.details.map((detail) => detail.figures.share)).toEqual([0.545455, 0.181818, 0, 0.272727]);
  });

  it("uses quality.outcomes for field names and stage values", () => {
    const fields = [
      field("id", "string"),
      field("deal_stage", "string"),
      field("arr", "number"),
      field("industry", "string"),
    ];
    const quality: QualitySpec = {
      coverage: { pipeline_share: { min: 0.5 } },
      outcomes: { stage: "deal_stage", amount: "arr", won: ["Won"], open: ["Negotiation", "Proposal"] },
    };
    const custom: Row[] = [
      { segment: "fintech", stage: "Won", amount: 10 },
      { segment: "fintech", stage: "Proposal", amount: 20 },
      { segment: "other", stage: "Negotiation", amount: 10 },
      { segment: "other", stage: "closed_won", amount: 1000 },
    ];
    const bar = only(bars(quality, custom, { segments: ["fintech"], fields }));
    expect(bar.message).toBe(
      "75.0% of open + won deal value is in named segments (30 of 40), at or above the minimum 50.0%",
    );
  });

  it("fails when the outcome fields are not fields of the project", () => {
    const fields = [field("id", "string"), field("industry", "string"), field("x", "number"), field("y", "string")];
    const bar = only(bars({ coverage: { pipeline_share: { min: 0.5 } } }, [{ segment: "fintech" }], { fields }));
    expect(bar).toMatchObject({
      passed: false,
      message:
        'outcome field "stage" is not a field of the project (set quality.outcomes.stage); outcome field "amount" is not a field of the project (set quality.outcomes.amount)',
      details: [],
    });
  });

  it("does not fail without deal value, and counts deals without an amount", () => {
    const bar = only(
      bars({ coverage: { pipeline_share: { min: 0.5 } } }, [{ segment: "fintech", stage: "open" }], options),
    );
    expect(bar.passed).toBe(true);
    expect(bar.message).toBe("not enough data: no open + won deal value in the data");
    expect(bar.details[0]!.figures).toEqual({ value: 0, share: 0, deals: 1, missingAmount: 1 });
  });
});

describe("separation.win_rate", () => {
  // fintech 8 won / 12 lost, software 9 / 11, health 18 / 2, retail 2 / 1 (3 decided: not enough data).
  // Pooled two-proportion z-tests (checked with SciPy): fintech vs software z = -0.319847, p = 0.749085;
  // fintech vs health z = -3.314968, p = 0.000917; software vs health z = -3.038218, p = 0.002380.
  // Chi-square over fintech, software, health: X^2 = 12.48, df = 2, p = 0.001950.
  const rows = [
    ...deals("fintech", 8, 12),
    ...deals("software", 9, 11),
    ...deals("health", 18, 2),
    ...deals("retail", 2, 1, 5),
  ];

  it("names the pairs that behave as one segment, with every pair's figures", () => {
    const bar = only(bars({ separation: { metrics: ["win_rate"], confidence: 0.95 } }, rows));
    expect(bar.bar).toBe("separation.win_rate");
    expect(bar.passed).toBe(false);
    expect(bar.message).toBe(
      "fintech and software behave as one segment on win rate (p = 0.749) (3 pairs not tested: not enough data, at least 5 decided (won or lost) deals per segment needed)",
    );
    expect(bar.details).toEqual([
      {
        subject: "all segments",
        passed: true,
        message: "chi-square = 12.480, df = 2, p = 0.002 over 3 segments: win rates differ",
        figures: { statistic: 12.48, df: 2, pValue: 0.00195, segments: 3 },
      },
      {
        subject: "fintech vs software",
        passed: false,
        message: "fintech 40.0% (8 of 20) vs software 45.0% (9 of 20): z = -0.320, p = 0.749, do not separate",
        figures: {
          won1: 8,
          decided1: 20,
          won2: 9,
          decided2: 20,
          rate1: 0.4,
          rate2: 0.45,
          z: -0.319847,
          pValue: 0.749085,
        },
      },
      {
        subject: "fintech vs health",
        passed: true,
        message: "fintech 40.0% (8 of 20) vs health 90.0% (18 of 20): z = -3.315, p < 0.001, separate",
        figures: {
          won1: 8,
          decided1: 20,
          won2: 18,
          decided2: 20,
          rate1: 0.4,
          rate2: 0.9,
          z: -3.314968,
          pValue: 0.000917,
        },
      },
      {
        subject: "fintech vs retail",
        passed: true,
        message: "not enough data: retail has 3 decided deals (at least 5 needed); not tested",
        figures: { won1: 8, decided1: 20, won2: 2, decided2: 3 },
      },
      {
        subject: "software vs health",
        passed: true,
        message: "software 45.0% (9 of 20) vs health 90.0% (18 of 20): z = -3.038, p = 0.002, separate",
        figures: {
          won1: 9,
          decided1: 20,
          won2: 18,
          decided2: 20,
          rate1: 0.45,
          rate2: 0.9,
          z: -3.038218,
          pValue: 0.00238,
        },
      },
      {
        subject: "software vs retail",
        passed: true,
        message: "not enough data: retail has 3 decided deals (at least 5 needed); not tested",
        figures: { won1: 9, decided1: 20, won2: 2, decided2: 3 },
      },
      {
        subject: "health vs retail",
        passed: true,
        message: "not enough data: retail has 3 decided deals (at least 5 needed); not tested",
        figures: { won1: 18, decided1: 20, won2: 2, decided2: 3 },
      },
    ]);
  });

  it("passes when every tested pair separates, with warn severity carried", () => {
    const separated = [...deals("fintech", 8, 12), ...deals("health", 18, 2), ...deals("retail", 2, 1)];
    const bar = only(
      bars({ separation: { metrics: ["win_rate"], confidence: 0.95, severity: "warn" } }, separated, {
        segments: ["fintech", "health", "retail"],
      }),
    );
    expect(bar).toMatchObject({
      severity: "warn",
      passed: true,
      message:
        "the one tested pair of named segments separates on win rate at 95% confidence (2 pairs not tested: not enough data, at least 5 decided (won or lost) deals per segment needed)",
    });
  });

  it("applies the declared confidence: p = 0.002380 separates at 99%; p = 0.749085 at 20% but not at 30%", () => {
    const bar99 = only(
      bars(
        { separation: { metrics: ["win_rate"], confidence: 0.99 } },
        [...deals("software", 9, 11), ...deals("health", 18, 2)],
        { segments: ["software", "health"] },
      ),
    );
    expect(bar99.passed).toBe(true);
    expect(bar99.message).toBe("the one tested pair of named segments separates on win rate at 99% confidence");
    const close = [...deals("fintech", 8, 12), ...deals("software", 9, 11)];
    const bar20 = only(
      bars({ separation: { metrics: ["win_rate"], confidence: 0.2 } }, close, { segments: ["fintech", "software"] }),
    );
    expect(bar20.passed).toBe(true);
    const bar30 = only(
      bars({ separation: { metrics: ["win_rate"], confidence: 0.3 } }, close, { segments: ["fintech", "software"] }),
    );
    expect(bar30.passed).toBe(false);
    // The omnibus over two segments is the same test (X^2 = z^2 = 0.102302), so it fails too and leads the message.
    expect(bar30.message).toBe(
      "named segments do not differ on win rate overall (chi-square = 0.102, df = 1, p = 0.749); fintech and software behave as one segment on win rate (p = 0.749)",
    );
    expect(bar30.details[0]!.figures).toEqual({ statistic: 0.102302, df: 1, pValue: 0.749085, segments: 2 });
  });

  it("reports not enough data without failing", () => {
    const bar = only(
      bars(
        { separation: { metrics: ["win_rate"], confidence: 0.95 } },
        [...deals("fintech", 3, 1), ...deals("software", 9, 11)],
        { segments: ["fintech", "software"] },
      ),
    );
    expect(bar.passed).toBe(true);
    expect(bar.message).toBe(
      "not enough data to test win rate: fewer than two named segments have at least 5 decided (won or lost) deals; not failing the bar",
    );
    expect(bar.details).toEqual([
      {
        subject: "fintech vs software",
        passed: true,
        message: "not enough data: fintech has 4 decided deals (at least 5 needed); not tested",
        figures: { won1: 3, decided1: 4, won2: 9, decided2: 20 },
      },
    ]);
  });
});

describe("separation.deal_size", () => {
  // Won amounts: fintech [10, 12, 15, 20, 22], software [11, 13, 14, 21, 25], health [50, 60, 70, 80, 90, 100],
  // retail [5, 6] (2 won: not enough). Mann-Whitney, two-sided, continuity-corrected (SciPy asymptotic):
  // fintech vs software U = 11, mean 12.5, sd sqrt(25 * 11 / 12) = 4.787136, z = -1 / 4.787136 = -0.208893, p = 0.834532;
  // fintech vs health U = 0, mean 15, sd sqrt(30) = 5.477226, z = -14.5 / 5.477226 = -2.647326, p = 0.008113.
  const won = (segment: string, amounts: number[]): Row[] =>
    amounts.map((amount) => ({ segment, stage: "closed_won", amount }));
  const rows = [
    ...won("fintech", [10, 12, 15, 20, 22]),
    ...won("software", [11, 13, 14, 21, 25]),
    ...won("health", [50, 60, 70, 80, 90, 100]),
    ...won("retail", [5, 6]),
    { segment: "retail", stage: "closed_won" },
    { segment: "other", stage: "closed_won", amount: 1 },
  ];

  it("tests won deal amounts pairwise with a rank test", () => {
    const bar = only(bars({ separation: { metrics: ["deal_size"], confidence: 0.95 } }, rows));
    expect(bar.bar).toBe("separation.deal_size");
    expect(bar.passed).toBe(false);
    expect(bar.message).toBe(
      "fintech and software behave as one segment on deal size (p = 0.835) (3 pairs not tested: not enough data, at least 5 won deals with an amount per segment needed)",
    );
    expect(bar.details.map((detail) => detail.subject)).toEqual([
      "fintech vs software",
      "fintech vs health",
      "fintech vs retail",
      "software vs health",
      "software vs retail",
      "health vs retail",
    ]);
    expect(bar.details[0]).toEqual({
      subject: "fintech vs software",
      passed: false,
      message:
        "fintech median 15 (n = 5) vs software median 14 (n = 5): U = 11, z = -0.209, p = 0.835, do not separate",
      figures: { n1: 5, n2: 5, median1: 15, median2: 14, u: 11, z: -0.208893, pValue: 0.834532 },
    });
    expect(bar.details[1]).toEqual({
      subject: "fintech vs health",
      passed: true,
      message: "fintech median 15 (n = 5) vs health median 75 (n = 6): U = 0, z = -2.647, p = 0.008, separate",
      figures: { n1: 5, n2: 6, median1: 15, median2: 75, u: 0, z: -2.647326, pValue: 0.008113 },
    });
    expect(bar.details[2]).toEqual({
      subject: "fintech vs retail",
      passed: true,
      message: "not enough data: retail has 2 won deals with an amount (at least 5 needed); not tested",
      figures: { n1: 5, n2: 2 },
    });
  });

  it("evaluates both metrics in a fixed order whatever the declared order", () => {
    const results = bars({ separation: { metrics: ["deal_size", "win_rate"], confidence: 0.95 } }, rows);
    expect(results.map((bar) => bar.bar)).toEqual(["separation.win_rate", "separation.deal_size"]);
    // Every deal is won: no lost deals, so win rates cannot differ and the omnibus is 0 (p = 1).
    expect(results[0]!.message).toContain(
      "named segments do not differ on win rate overall (chi-square = 0.000, df = 2, p = 1.000)",
    );
  });
});

describe("overlap", () => {
  // 10 ICP accounts; 2 fintech accounts also match a later segment, 1 software account does: 3 of 10 = 30.0%.
  const rows: Row[] = [
    ...times(4, (i) => ({ segment: "fintech", matches: i < 2 ? 2 : 1 })),
    ...times(4, (i) => ({ segment: "software", matches: i < 1 ? 3 : 1 })),
    ...times(2, () => ({ segment: "other" })),
    { segment: null, matches: 2 },
  ];
  const options = { segments: ["fintech", "software"] };

  it("fails above the maximum share of ICP accounts", () => {
    const bar = only(bars({ overlap: { max: 0.2 } }, rows, options));
    expect(bar).toEqual({
      bar: "overlap",
      severity: "error",
      passed: false,
      message: "30.0% of ICP accounts (3 of 10) match more than one named segment, above the maximum 20.0%",
      details: [
        {
          subject: "fintech",
          passed: false,
          message: "2 of 4 accounts (50.0%) also match a later segment",
          figures: { accounts: 4, overlapping: 2, share: 0.5 },
        },
        {
          subject: "software",
          passed: false,
          message: "1 of 4 accounts (25.0%) also match a later segment",
          figures: { accounts: 4, overlapping: 1, share: 0.25 },
        },
      ],
    });
  });

  it("passes within the maximum, and reports only without one", () => {
    expect(only(bars({ overlap: { max: 0.3, severity: "warn" } }, rows, options))).toMatchObject({
      severity: "warn",
      passed: true,
      message: "30.0% of ICP accounts (3 of 10) match more than one named segment, within the maximum 30.0%",
    });
    expect(only(bars({ overlap: {} }, rows, options))).toMatchObject({
      passed: true,
      message: "30.0% of ICP accounts (3 of 10) match more than one named segment, no maximum declared",
    });
  });
});

describe("stability", () => {
  const baseline = new Map<string, BaselineMembership>([
    ["k1", { segment: "fintech", tier: "tier1" }], // unchanged
    ["k2", { segment: "fintech", tier: "tier1" }], // tier changed
    ["k3", { segment: "fintech", tier: null }], // moved to software
    ["k4", { segment: "software", tier: null }], // unchanged
    ["k5", { segment: "software", tier: null }], // left the ICP
    ["k6", { segment: "software", tier: null }], // left the data
    ["k7", { segment: null, tier: null }], // outside both times: not compared
    ["k8", { segment: null, tier: null }], // entered the ICP (software)
    ["k9", { segment: "legacy", tier: null }], // a segment this plan no longer has; now fintech
  ]);
  const rows: Row[] = [
    { key: "k1", segment: "fintech", tier: "tier1" },
    { key: "k2", segment: "fintech", tier: "tier2" },
    { key: "k3", segment: "software" },
    { key: "k4", segment: "software" },
    { key: "k5", segment: null },
    { key: "k7", segment: null },
    { key: "k8", segment: "software" },
    { key: "k9", segment: "fintech" },
    { key: "new1", segment: "fintech" },
    { key: "new2", segment: null },
    { key: null, segment: "fintech" },
  ];
  const options = { segments: ["fintech", "software"], baseline };

  // Compared (in both, in the ICP on one side): k1 k2 k3 k4 k5 k8 k9 = 7; changed: k2 k3 k5 k8 k9 = 5 (71.4%),
  // of which segment changed: k3 k5 k8 k9 = 4. Entered: new1 (new2 is outside the ICP). Left: k6.
  it("measures churn against the baseline, per segment", () => {
    const bar = only(bars({ stability: { max_churn: 0.5 } }, rows, options));
    expect(bar.passed).toBe(false);
    expect(bar.message).toBe(
      "71.4% of accounts changed segment or tier since the baseline (5 of 7; 4 changed segment), above the maximum 50.0%; 1 entered, 1 left",
    );
    expect(bar.details).toEqual([
      {
        subject: "fintech",
        passed: false,
        message: "2 of 3 baseline accounts changed (66.7%); 1 gained, 1 entered, 0 left",
        figures: { before: 3, changed: 2, churn: 0.666667, gained: 1, entered: 1, left: 0 },
      },
      {
        subject: "software",
        passed: true,
        message: "1 of 2 baseline accounts changed (50.0%); 2 gained, 0 entered, 1 left",
        figures: { before: 2, changed: 1, churn: 0.5, gained: 2, entered: 0, left: 1 },
      },
      {
        subject: "legacy",
        passed: false,
        message: "1 of 1 baseline account changed (100.0%); 0 gained, 0 entered, 0 left (not a segment of this plan)",
        figures: { before: 1, changed: 1, churn: 1, gained: 0, entered: 0, left: 0 },
      },
      {
        subject: "(outside ICP)",
        passed: false,
        message: "1 of 1 baseline account changed (100.0%); 1 gained, 0 entered, 0 left",
        figures: { before: 1, changed: 1, churn: 1, gained: 1, entered: 0, left: 0 },
      },
    ]);
  });

  it("passes within the maximum, with warn severity", () => {
    expect(only(bars({ stability: { max_churn: 0.75, severity: "warn" } }, rows, options))).toMatchObject({
      severity: "warn",
      passed: true,
    });
  });

  it("is skipped (not passed) without a baseline", () => {
    expect(only(bars({ stability: { max_churn: 0.1 } }, rows, { segments: ["fintech", "software"] }))).toEqual({
      bar: "stability",
      severity: "error",
      passed: false,
      skipped: { missing: "baseline", reason: "no baseline given (--baseline FILE, from segform run --snapshot)" },
      message: "not measured: no baseline",
      details: [],
    });
  });
});

describe("actionability", () => {
  const activate = { fintech: ["crm"], software: [], other: [] };

  it("fails for named segments or a fallback without an activation", () => {
    const bar = only(
      bars(
        { actionability: { every_segment_activated: true } },
        [{ segment: "fintech" }, { segment: "software", activations: [] }],
        { segments: ["fintech", "software"], activate },
      ),
    );
    expect(bar).toEqual({
      bar: "actionability",
      severity: "error",
      passed: false,
      message: '33.3% of segments activated (1 of 3); without an activation: "software", "other"',
      details: [
        {
          subject: "fintech",
          passed: true,
          message: "bound to crm",
          figures: { activations: 1, accounts: 1, activatedAccounts: 1 },
        },
        {
          subject: "software",
          passed: false,
          message: "bound to no activation",
          figures: { activations: 0, accounts: 1, activatedAccounts: 0 },
        },
        {
          subject: "other",
          passed: false,
          message: "bound to no activation",
          figures: { activations: 0, accounts: 0, activatedAccounts: 0 },
        },
      ],
    });
  });

  it("passes when every segment is bound, and reports only when not required", () => {
    expect(
      only(bars({ actionability: { every_segment_activated: true, severity: "warn" } }, [], { segments: ["fintech"] })),
    ).toMatchObject({
      severity: "warn",
      passed: true,
      message: "every segment is bound to at least one activation (2 of 2)",
    });
    expect(
      only(
        bars({ actionability: { every_segment_activated: false } }, [], {
          segments: ["fintech", "software"],
          activate,
        }),
      ),
    ).toMatchObject({
      passed: true,
      message: "33.3% of segments activated (1 of 3); not required (every_segment_activated: false)",
    });
  });
});

describe("QualityAccumulator", () => {
  const rows: Row[] = [
    { segment: "fintech", stage: "closed_won", amount: 10 },
    { segment: "fintech", stage: "closed_won" },
    { segment: "other", stage: "closed_won", amount: 7 },
    { segment: "fintech", stage: "none", amount: 3 },
    { segment: null, stage: "open", amount: 4 },
  ];

  it("keeps won amounts only for named segments and only when deal-size separation is declared", () => {
    const withDealSize = feed(planWith({ separation: { metrics: ["deal_size"], confidence: 0.9 } }), rows);
    expect(withDealSize.segments.map((segment) => [segment.id, segment.wonAmounts])).toEqual([
      ["fintech", [10]],
      ["software", []],
      ["health", []],
      ["retail", []],
      ["other", []],
    ]);
    const withoutDealSize = feed(planWith({ separation: { metrics: ["win_rate"], confidence: 0.9 } }), rows);
    expect(withoutDealSize.namedSegments[0]).toMatchObject({ won: 2, wonValue: 10, missingAmount: 1, wonAmounts: [] });
    expect(withoutDealSize.fallback).toMatchObject({ id: "other", won: 1, wonValue: 7 });
    expect(withoutDealSize.outsideIcp).toEqual({
      won: 0,
      lost: 0,
      open: 1,
      wonValue: 0,
      openValue: 4,
      missingAmount: 0,
    });
    expect(withoutDealSize.otherStages).toBe(1);
    expect([withoutDealSize.accounts, withoutDealSize.icpAccounts]).toEqual([5, 4]);
  });

  it("counts accounts that left the baseline once, and skips accounts without a key", () => {
    const baseline = new Map<string, BaselineMembership>([
      ["gone", { segment: "fintech", tier: null }],
      ["k1", { segment: "fintech", tier: null }],
    ]);
    const acc = feed(
      planWith({}),
      [
        { key: "k1", segment: "fintech" },
        { key: null, segment: "fintech" },
      ],
      baseline,
    );
    expect(acc.stability()).toMatchObject({ compared: 1, changed: 0, entered: 0, left: 1 });
    expect(acc.stability().left).toBe(1);
    expect(acc.unkeyed).toBe(1);
  });
});

describe("evaluateQualityBars", () => {
  it("returns one result per declared bar in a fixed order, with locations", () => {
    const quality: QualitySpec = {
      actionability: { every_segment_activated: true },
      stability: { max_churn: 0.2 },
      overlap: { max: 0.5 },
      separation: { metrics: ["deal_size", "win_rate"], confidence: 0.95 },
      coverage: { revenue_share: { min: 0 }, pipeline_share: { min: 0 }, fixtures: { min: 0.9 } },
      tier_capacity: {},
      icp_coverage: { min: 0 },
      segment_size: { min: 0 },
      segment_count: { min: 0 },
      outcomes: { won: ["closed_won"] },
    };
    const plan = planWith(quality);
    const asked: string[] = [];
    const locate = (path: string): SourceLocation | undefined => {
      asked.push(path);
      return path === "overlap" ? { file: "segments.yaml", line: 40, column: 3 } : undefined;
    };
    const results = evaluateQualityBars(plan, feed(plan, []), { baselineGiven: false, locate });
    expect(results.map((bar) => bar.bar)).toEqual([
      "segment_count",
      "segment_size",
      "icp_coverage",
      "tier_capacity",
      "coverage.pipeline_share",
      "coverage.revenue_share",
      "separation.win_rate",
      "separation.deal_size",
      "overlap",
      "stability",
      "actionability",
    ]);
    expect(asked).toEqual([
      "segment_count",
      "segment_size",
      "icp_coverage",
      "tier_capacity",
      "coverage.pipeline_share",
      "coverage.revenue_share",
      "separation",
      "separation",
      "overlap",
      "stability",
      "actionability",
    ]);
    expect(results.find((bar) => bar.bar === "overlap")!.location).toEqual({
      file: "segments.yaml",
      line: 40,
      column: 3,
    });
    expect(results.filter((bar) => "location" in bar)).toHaveLength(1);
  });

  it("returns nothing when no bar is declared", () => {
    const plan = planWith({});
    expect(evaluateQualityBars(plan, feed(plan, [{ segment: "fintech" }]), { baselineGiven: false })).toEqual([]);
  });
});

describe("with the engine", () => {
  // A real plan run through the engine: segments by industry, the first two overlapping on "fintech-software".
  const industry = (values: string[]): Expr => ({
    op: "test",
    ref: { kind: "field", name: "industry", type: "string" },
    test: "in",
    value: values,
  });
  const plan = withHash({
    planVersion: PLAN_VERSION,
    name: "engine-test",
    key: "id",
    fields: FIELDS,
    icp: { op: "not", arg: industry(["government"]) },
    scores: [],
    tiers: [],
    segments: [
      { id: "fintech", axis: null, owner: null, when: industry(["fintech", "fintech-software"]), activate: ["crm"] },
      { id: "software", axis: null, owner: null, when: industry(["software", "fintech-software"]), activate: [] },
    ],
    fallback: { id: "other", activate: ["crm"] },
    contacts: null,
    activations: [{ name: "crm", destination: "salesforce", when: null, set: {}, audience: null, sequence: null }],
    destinations: [],
    quality: {
      segment_size: { min: 2 },
      icp_coverage: { min: 0.9 },
      coverage: { pipeline_share: { min: 0.5 } },
      overlap: { max: 0.1 },
      actionability: { every_segment_activated: true },
    } satisfies QualitySpec,
  });
  const records = [
    { id: "a", industry: "fintech", stage: "closed_won", amount: "100" },
    { id: "b", industry: "fintech-software", stage: "open", amount: "50" },
    { id: "c", industry: "software", stage: "closed_lost", amount: "70" },
    { id: "d", industry: "retail", stage: "open", amount: "250" },
    { id: "e", industry: "government", stage: "closed_won", amount: "1000" },
  ];

  it("evaluates the bars on evaluated accounts", () => {
    const engine = new Engine(plan, { asOf: "2026-06-15" });
    const rows = records.map((record) => engine.coercer.fromObject(record));
    const results = evaluateAccounts(engine, rows);
    const acc = new QualityAccumulator(plan);
    results.forEach((result, i) =>
      acc.add(
        result,
        rows[i]!,
        engine.compiled.segmentMatchCount(rows[i]!, result.scores, result.tier, engine.asOfDay),
      ),
    );
    const bars = evaluateQualityBars(plan, acc, { baselineGiven: false });
    expect(bars.map((bar) => [bar.bar, bar.passed, bar.message])).toEqual([
      ["segment_size", false, 'segment "software" has 1 account, below the minimum 2'],
      ["icp_coverage", false, "80.0% of accounts are in the ICP (4 of 5), below the minimum 90.0%"],
      // open + won: a 100 + b 50 in named segments; d 250 in the fallback; e 1000 outside the ICP -> 150 of 1400.
      [
        "coverage.pipeline_share",
        false,
        "10.7% of open + won deal value is in named segments (150 of 1400), below the minimum 50.0%",
      ],
      ["overlap", false, "25.0% of ICP accounts (1 of 4) match more than one named segment, above the maximum 10.0%"],
      ["actionability", false, '66.7% of segments activated (2 of 3); without an activation: "software"'],
    ]);
  });
});
