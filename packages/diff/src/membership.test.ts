import fc from "fast-check";
import { parseDay, type Plan } from "@segform/plan";
import { describe, expect, it } from "vitest";
import { compile, edit, evaluate } from "../test/helpers.js";
import { BASE } from "../test/projects.js";
import { MembershipDiffer, type MembershipDiffOptions, type MembershipDiffResult } from "./membership.js";
import { NO_TIER, OUTSIDE_ICP } from "./model.js";
import type { EvaluatedAccount } from "./pushed.js";

const AS_OF = "2026-06-15";
const AS_OF_DAY = parseDay(AS_OF)!;

/**
 * The head: tier1 takes intent >= 50 and 3 accounts, tier2 needs fit >= 75, a new segment `hot` comes first,
 * retail is excluded from the ICP, and the LinkedIn fintech audience is gone.
 */
const HEAD = edit(
  BASE,
  [
    "when: { fit: { gte: 70 }, intent: { gte: 60 } }, capacity: 2",
    "when: { fit: { gte: 70 }, intent: { gte: 50 } }, capacity: 3",
  ],
  ["id: tier2, when: { fit: { gte: 70 } }", "id: tier2, when: { fit: { gte: 75 } }"],
  ["segments:\n", "segments:\n  - { id: hot, when: { last_visit: { within_days: 7 } }, activate: [crm-segment] }\n"],
  ["crm-segment, li-fintech]", "crm-segment]"],
  ["  li-fintech:  { destination: linkedin, audience: Fintech buyers }\n", ""],
  ["exclude: { industry: government }", "exclude: { industry: [government, retail] }"],
);

const account = (
  id: string,
  employees: number,
  industry: string,
  region: string,
  intent: number,
  lastVisit: string | null,
) => ({
  id,
  employees,
  industry,
  region,
  intent_score: intent,
  last_visit: lastVisit,
});

/** Ten accounts. fit = 40 (200-2000 employees) + 30 (software or fintech); intent = intent_score. */
const ACCOUNTS = [
  account("a01", 500, "fintech", "NA", 80, "2026-06-12"), // tier1 both (ranked 2nd); fintech -> hot
  account("a02", 800, "software", "EMEA", 65, null), // tier1 over capacity 2 -> tier2; head capacity 3 -> tier1; emea
  account("a03", 300, "software", "NA", 55, "2026-05-30"), // tier2 -> tier3 (fit 70 < 75); software
  account("a04", 1000, "fintech", "EMEA", 90, null), // tier1 both (ranked 1st); fintech both
  account("a05", 250, "retail", "NA", 10, "2026-06-14"), // tier3, recent -> outside the ICP (retail excluded)
  account("a06", 5000, "software", "NA", 90, null), // outside the ICP both (too big)
  account("a07", 400, "manufacturing", "APAC", 0, "2026-06-10"), // tier3 both; recent -> hot
  account("a08", 600, "fintech", "APAC", 40, "2026-06-13"), // tier2 -> tier3; fintech -> hot
  account("a09", 200, "government", "NA", 99, null), // outside both
  account("a10", 700, "manufacturing", "EMEA", 0, null), // tier3, emea both: unchanged
];

interface Evaluated {
  base: EvaluatedAccount[];
  head: EvaluatedAccount[];
}

function evaluateBoth(basePlan: Plan, headPlan: Plan, rows: readonly Record<string, unknown>[]): Evaluated {
  return { base: evaluate(basePlan, rows, AS_OF), head: evaluate(headPlan, rows, AS_OF) };
}

function diff(
  basePlan: Plan,
  headPlan: Plan,
  evaluated: Evaluated,
  order?: readonly number[],
  options: Partial<MembershipDiffOptions> = {},
): MembershipDiffResult {
  const differ = new MembershipDiffer(basePlan, headPlan, { asOfDay: AS_OF_DAY, ...options });
  for (const row of order ?? evaluated.base.map((_, index) => index))
    differ.add(row, evaluated.base[row]!, evaluated.head[row]!);
  return differ.result("accounts.csv");
}

describe("MembershipDiffer", () => {
  const basePlan = compile(BASE);
  const headPlan = compile(HEAD);
  const evaluated = evaluateBoth(basePlan, headPlan, ACCOUNTS);

  it("counts membership per segment and tier, transitions with examples and reasons, and activation impact", () => {
    const fintechToHot =
      'segment fintech: industry = "fintech" still true, but segment hot (new, earlier) now matches: last_visit within 7 days';
    const retailExcluded = 'ICP exclude: industry in ["government", "retail"] now true (industry "retail")';
    const tier2Threshold = "tier tier2: fit >= 75 now false (fit 70)";
    expect(diff(basePlan, headPlan, evaluated)).toEqual({
      membership: {
        data: "accounts.csv",
        accounts: 10,
        changed: 6,
        segments: [
          { id: "hot", before: 0, after: 3, entered: 3, left: 0 },
          { id: "fintech", before: 3, after: 1, entered: 0, left: 2 },
          { id: "emea", before: 2, after: 2, entered: 0, left: 0 },
          { id: "software", before: 1, after: 1, entered: 0, left: 0 },
          { id: "recent", before: 2, after: 0, entered: 0, left: 2 },
          { id: "other", before: 0, after: 0, entered: 0, left: 0 },
          { id: OUTSIDE_ICP, before: 2, after: 3, entered: 1, left: 0 },
        ],
        tiers: [
          { id: "tier1", before: 2, after: 3, entered: 1, left: 0 },
          { id: "tier2", before: 3, after: 0, entered: 0, left: 3 },
          { id: "tier3", before: 3, after: 4, entered: 2, left: 1 },
          { id: NO_TIER, before: 0, after: 0, entered: 0, left: 0 },
          { id: OUTSIDE_ICP, before: 2, after: 3, entered: 1, left: 0 },
        ],
        transitions: [
          {
            dimension: "segment",
            from: "fintech",
            to: "hot",
            count: 2,
            examples: [
              { account: "a01", reason: fintechToHot },
              { account: "a08", reason: fintechToHot },
            ],
          },
          {
            dimension: "segment",
            from: "recent",
            to: "hot",
            count: 1,
            examples: [
              {
                account: "a07",
                reason:
                  "segment recent: last_visit within 30 days still true, but segment hot (new, earlier) now matches: last_visit within 7 days",
              },
            ],
          },
          {
            dimension: "segment",
            from: "recent",
            to: OUTSIDE_ICP,
            count: 1,
            examples: [{ account: "a05", reason: retailExcluded }],
          },
          {
            dimension: "tier",
            from: "tier2",
            to: "tier3",
            count: 2,
            examples: [
              { account: "a03", reason: tier2Threshold },
              { account: "a08", reason: tier2Threshold },
            ],
          },
          {
            dimension: "tier",
            from: "tier2",
            to: "tier1",
            count: 1,
            examples: [{ account: "a02", reason: "tier tier1 now has room: capacity 2 -> 3" }],
          },
          {
            dimension: "tier",
            from: "tier3",
            to: OUTSIDE_ICP,
            count: 1,
            examples: [{ account: "a05", reason: retailExcluded }],
          },
        ],
      },
      activations: [
        // Every ICP account has crm-segment; a05 left the ICP; a01, a07 and a08 get a new Segment__c.
        { activation: "crm-segment", destination: "salesforce", added: 0, updated: 3, removed: 1, unchanged: 4 },
        // tier1 and tier2 have crm-tier: a03 and a08 fell to tier3; a02 gets Tier__c = tier1.
        { activation: "crm-tier", destination: "salesforce", added: 0, updated: 1, removed: 2, unchanged: 2 },
        { activation: "li-fintech", destination: "linkedin", added: 0, updated: 0, removed: 3, unchanged: 0 },
      ],
    });
  });

  it("keeps the smallest keys as examples and gives examples only to the largest transitions", () => {
    const result = diff(basePlan, headPlan, evaluated, undefined, {
      examplesPerTransition: 1,
      maxTransitionsWithExamples: 1,
    });
    expect(
      result.membership.transitions.map((t) => [t.dimension, t.from, t.to, t.examples.map((e) => e.account)]),
    ).toEqual([
      ["segment", "fintech", "hot", ["a01"]],
      ["segment", "recent", "hot", []],
      ["segment", "recent", OUTSIDE_ICP, []],
      ["tier", "tier2", "tier3", ["a03"]],
      ["tier", "tier2", "tier1", []],
      ["tier", "tier3", OUTSIDE_ICP, []],
    ]);
  });

  it("explains score changes by the criterion that moved, and renames by the rename", () => {
    const renamed = compile(edit(BASE, ["points: 30", "points: 20"], ["id: software,", "id: software-core,"]));
    const result = diff(basePlan, renamed, evaluateBoth(basePlan, renamed, ACCOUNTS));
    const reasons = result.membership.transitions.map(
      (t) =>
        `${t.dimension} ${t.from} -> ${t.to} (${t.count}): ${t.examples.map((e) => `${e.account} ${e.reason}`).join(" | ")}`,
    );
    expect(reasons).toEqual([
      "segment software -> software-core (1): a03 segment software renamed to software-core",
      // fit 60 now: a01 and a04 fall from tier1, a02, a03 and a08 from tier2, all to tier3.
      "tier tier2 -> tier3 (3): a02 tier tier2: fit >= 70 now false (fit 60, was 70: target-industry +30 -> +20) | a03 tier tier2: fit >= 70 now false (fit 60, was 70: target-industry +30 -> +20) | a08 tier tier2: fit >= 70 now false (fit 60, was 70: target-industry +30 -> +20)",
      "tier tier1 -> tier3 (2): a01 tier tier1: fit >= 70 now false (fit 60, was 70: target-industry +30 -> +20) | a04 tier tier1: fit >= 70 now false (fit 60, was 70: target-industry +30 -> +20)",
    ]);
  });

  it("explains a removed segment and accounts arriving from the fallback", () => {
    const head = compile(
      edit(
        BASE,
        ["  - { id: emea, when: { region: EMEA }, activate: [crm-segment] }\n", ""],
        ["  - { id: other,", "  - { id: apac, when: { region: APAC } }\n  - { id: other,"],
      ),
    );
    const rows = [
      account("b1", 500, "manufacturing", "EMEA", 0, null),
      account("b2", 500, "manufacturing", "APAC", 0, null),
    ];
    const result = diff(basePlan, head, evaluateBoth(basePlan, head, rows));
    expect(result.membership.transitions).toEqual([
      {
        dimension: "segment",
        from: "emea",
        to: "other",
        count: 1,
        examples: [{ account: "b1", reason: "segment emea removed; no segment matches (fallback other)" }],
      },
      {
        dimension: "segment",
        from: "other",
        to: "apac",
        count: 1,
        examples: [{ account: "b2", reason: 'segment apac (new) now matches: region = "APAC"' }],
      },
    ]);
    // b1 keeps crm-segment through the fallback, with Segment__c "other" instead of "emea"; b2 loses it (apac activates nothing).
    expect(result.activations.find((a) => a.activation === "crm-segment")).toEqual({
      activation: "crm-segment",
      destination: "salesforce",
      added: 0,
      updated: 1,
      removed: 1,
      unchanged: 0,
    });
  });

  it("gives deep-equal results for the same input, and does not depend on the caller's buffers", () => {
    const first = diff(basePlan, headPlan, evaluated);
    const copy = evaluateBoth(basePlan, headPlan, ACCOUNTS);
    const differ = new MembershipDiffer(basePlan, headPlan, { asOfDay: AS_OF_DAY });
    copy.base.forEach((b, row) => {
      differ.add(row, b, copy.head[row]!);
      b.prepared.values.fill(null); // a streaming caller reuses its row buffer
      copy.head[row]!.prepared.values.fill(null);
    });
    expect(differ.result("accounts.csv")).toEqual(first);
    expect(diff(basePlan, headPlan, evaluated)).toEqual(first);
  });

  it("gives the same result whatever order accounts are added in", () => {
    const INDUSTRIES = ["fintech", "software", "retail", "manufacturing", "government"];
    const REGIONS = ["NA", "EMEA", "APAC"];
    const VISITS = [null, "2026-06-14", "2026-06-01", "2026-01-01"];
    const row = fc.record({
      id: fc.oneof(fc.constantFrom("k1", "k2", "k3", "k4"), fc.string({ maxLength: 3 })),
      employees: fc.constantFrom(100, 200, 500, 2000, 2500),
      industry: fc.constantFrom(...INDUSTRIES),
      region: fc.constantFrom(...REGIONS),
      intent_score: fc.constantFrom(0, 40, 50, 55, 60, 90),
      last_visit: fc.constantFrom(...VISITS),
    });
    const rowsAndOrder = fc
      .array(row, { minLength: 1, maxLength: 40 })
      .chain((rows) =>
        fc.tuple(
          fc.constant(rows),
          fc.shuffledSubarray([...rows.keys()], { minLength: rows.length, maxLength: rows.length }),
        ),
      );
    fc.assert(
      fc.property(rowsAndOrder, fc.integer({ min: 0, max: 3 }), ([rows, order], examples) => {
        const both = evaluateBoth(basePlan, headPlan, rows);
        const options = { examplesPerTransition: examples, maxTransitionsWithExamples: 2 };
        expect(diff(basePlan, headPlan, both, order, options)).toEqual(
          diff(basePlan, headPlan, both, undefined, options),
        );
      }),
      { numRuns: 150 },
    );
  });
});
