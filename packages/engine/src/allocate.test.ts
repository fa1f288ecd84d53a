import fc from "fast-check";
import type { Plan } from "@segform/plan";
import { describe, expect, it } from "vitest";
import {
  ALWAYS,
  field,
  planWith,
  rankByScore,
  referenceAllocation,
  run,
  scoreTest,
  type TierShape,
} from "../test/helpers.js";
import { compareKeys, TierAllocator, type Candidate } from "./allocate.js";

/** A plan whose tiers have the given capacities and rank orders (the allocator reads nothing else). */
function tiersPlan(tiers: readonly TierShape[]): Plan {
  return planWith({
    tiers: tiers.map((tier, index) => ({
      id: `t${index + 1}`,
      capacity: tier.capacity,
      rankBy: tier.rankBy.map((rank, k) => rankByScore(`r${k}`, rank.order)),
    })),
  });
}

/** Each candidate's tier (-1: none) after offering them in the given order. */
function allocate(
  plan: Plan,
  candidates: readonly Candidate[],
  order: readonly number[] = candidates.map((_, i) => i),
): number[] {
  const allocator = new TierAllocator(plan);
  for (const index of order) allocator.offer(candidates[index]!);
  const allocation = allocator.result();
  return candidates.map((c) => allocation.tierOf(c.row, c.matches));
}

function candidate(
  row: number,
  key: string | number | null,
  matches: number[],
  ranks: Record<number, (number | string | null)[]> = {},
): Candidate {
  return { row, key, matches, ranks: new Map(Object.entries(ranks).map(([tier, values]) => [Number(tier), values])) };
}

describe("TierAllocator", () => {
  it("keeps the best N by rank, ties broken by key ascending and then input order", () => {
    const plan = tiersPlan([{ capacity: 3, rankBy: [{ order: "desc" }] }]);
    const candidates = [
      candidate(0, "d", [0], { 0: [50] }),
      candidate(1, "c", [0], { 0: [90] }),
      candidate(2, "b", [0], { 0: [70] }),
      candidate(3, "a", [0], { 0: [70] }),
      candidate(4, "a", [0], { 0: [70] }),
    ];
    // 90 (c), then the three 70s: a (row 3), a (row 4), b; only the first two of them fit.
    expect(allocate(plan, candidates)).toEqual([-1, 0, -1, 0, 0]);
    expect(allocate(plan, candidates, [4, 3, 2, 1, 0])).toEqual([-1, 0, -1, 0, 0]);
  });

  it("lets accounts over capacity fall to their next matching tier, cascading through capped tiers", () => {
    const plan = tiersPlan([
      { capacity: 1, rankBy: [{ order: "desc" }] },
      { capacity: 1, rankBy: [{ order: "desc" }] },
      { capacity: null, rankBy: [] },
    ]);
    const candidates = [
      candidate(0, "a", [0, 1, 2], { 0: [10], 1: [10] }),
      candidate(1, "b", [0, 1, 2], { 0: [30], 1: [30] }),
      candidate(2, "c", [0, 1, 2], { 0: [20], 1: [20] }),
      candidate(3, "d", [1], { 1: [25] }),
      candidate(4, "e", [0], { 0: [5] }),
    ];
    // t1 keeps b; t2 is contested by c (20), a (10) and d (25): d; c and a fall to t3; e has nowhere to go.
    expect(allocate(plan, candidates)).toEqual([2, 0, 2, 1, -1]);
  });

  it("gives no tier to accounts over capacity with no other matching tier, and none at all with capacity 0", () => {
    const plan = tiersPlan([
      { capacity: 0, rankBy: [{ order: "desc" }] },
      { capacity: 1, rankBy: [{ order: "desc" }] },
    ]);
    const candidates = [
      candidate(0, "a", [0, 1], { 0: [1], 1: [1] }),
      candidate(1, "b", [0, 1], { 0: [2], 1: [2] }),
      candidate(2, "c", [0], { 0: [3] }),
    ];
    expect(allocate(plan, candidates)).toEqual([-1, 1, -1]);
    expect(new TierAllocator(plan).result().kept).toEqual(
      new Map([
        [0, new Set()],
        [1, new Set()],
      ]),
    );
  });

  it("ranks missing values last in either order, and honours asc", () => {
    for (const order of ["asc", "desc"] as const) {
      const plan = tiersPlan([{ capacity: 2, rankBy: [{ order }] }]);
      const candidates = [
        candidate(0, "a", [0], { 0: [null] }),
        candidate(1, "b", [0], { 0: [5] }),
        candidate(2, "c", [0], { 0: [1] }),
      ];
      expect(allocate(plan, candidates), order).toEqual([-1, 0, 0]);
      const one = tiersPlan([{ capacity: 1, rankBy: [{ order }] }]);
      expect(allocate(one, candidates), order).toEqual(order === "asc" ? [-1, -1, 0] : [-1, 0, -1]);
    }
  });

  it("breaks a tie on the first rank key with the second", () => {
    const plan = tiersPlan([{ capacity: 1, rankBy: [{ order: "desc" }, { order: "asc" }] }]);
    const candidates = [
      candidate(0, "a", [0], { 0: [9, 3] }),
      candidate(1, "b", [0], { 0: [9, 2] }),
      candidate(2, "c", [0], { 0: [8, 1] }),
    ];
    expect(allocate(plan, candidates)).toEqual([-1, 0, -1]);
  });

  it("ranks string values by code unit and compares numeric keys as numbers, string keys as text", () => {
    const byText = tiersPlan([{ capacity: 1, rankBy: [{ order: "asc" }] }]);
    expect(allocate(byText, [candidate(0, "a", [0], { 0: ["b"] }), candidate(1, "b", [0], { 0: ["B"] })])).toEqual([
      -1, 0,
    ]);
    const byKey = tiersPlan([{ capacity: 1, rankBy: [] }]);
    expect(allocate(byKey, [candidate(0, 10, [0]), candidate(1, 9, [0])])).toEqual([-1, 0]);
    expect(allocate(byKey, [candidate(0, "10", [0]), candidate(1, "9", [0])])).toEqual([0, -1]);
    expect(allocate(byKey, [candidate(0, null, [0]), candidate(1, "z", [0])])).toEqual([-1, 0]);
  });

  it("leaves accounts whose first matching tier is uncapped to that tier", () => {
    const plan = tiersPlan([
      { capacity: null, rankBy: [] },
      { capacity: 1, rankBy: [{ order: "desc" }] },
    ]);
    expect(allocate(plan, [candidate(0, "a", [0, 1], { 1: [9] }), candidate(1, "b", [1], { 1: [1] })])).toEqual([0, 1]);
    expect(new TierAllocator(plan).needsAllocation).toBe(true);
    expect(new TierAllocator(tiersPlan([{ capacity: null, rankBy: [] }])).needsAllocation).toBe(false);
  });
});

describe("compareKeys", () => {
  it("orders numbers numerically, anything else as text by code unit, missing last", () => {
    expect(compareKeys(2, 10)).toBeLessThan(0);
    expect(compareKeys("2", "10")).toBeGreaterThan(0);
    expect(compareKeys("B", "a")).toBeLessThan(0);
    expect(compareKeys(10, "9")).toBeLessThan(0);
    expect(compareKeys(null, "a")).toBe(1);
    expect(compareKeys("a", null)).toBe(-1);
    expect(compareKeys(null, null)).toBe(0);
    expect(compareKeys("a", "a")).toBe(0);
  });
});

describe("capacities through the engine", () => {
  const plan = planWith({
    fields: [field("id", "string"), field("x", "number"), field("size", "integer")],
    scores: [{ name: "intent", kind: "field", field: "x" }],
    tiers: [
      { id: "t1", when: scoreTest("intent", "gte", 10), capacity: 2, rankBy: [rankByScore("intent")] },
      {
        id: "t2",
        when: ALWAYS,
        capacity: 2,
        rankBy: [{ ref: { kind: "field", name: "size", type: "integer" }, order: "asc" }],
      },
    ],
  });

  it("keeps the best two by intent in t1, the two smallest of the rest in t2 (missing size last)", () => {
    const results = run(plan, [
      { id: "a", x: 50, size: 5 },
      { id: "b", x: 90, size: 1 },
      { id: "c", x: 90, size: 9 },
      { id: "d", x: 70 },
      { id: "e", size: 3 },
      { id: "f", x: 5, size: 100 },
    ]);
    expect(results.map((r) => [r.key, r.tier])).toEqual([
      ["a", "t2"],
      ["b", "t1"],
      ["c", "t1"],
      ["d", null],
      ["e", "t2"],
      ["f", null],
    ]);
  });

  it("does not depend on the order of the input rows", () => {
    const rows = [
      { id: "a", x: 50, size: 5 },
      { id: "b", x: 90, size: 1 },
      { id: "c", x: 90, size: 9 },
      { id: "d", x: 70 },
      { id: "e", size: 3 },
    ];
    const forward = run(plan, rows);
    const backward = run(plan, [...rows].reverse()).reverse();
    expect(backward).toEqual(forward);
  });
});

describe("eviction cascade position (a bug class only random runs had caught)", () => {
  // Four capped tiers of one. Z holds t1. Y (t1, t3) loses t1 to Z and moves on to t3, where it evicts X. X must
  // go on from its own place in its own list (t3 -> t4), not from Y's place in Y's list (which has nothing after
  // t3, and would leave X with no tier).
  const plan = tiersPlan([0, 1, 2, 3].map(() => ({ capacity: 1, rankBy: [{ order: "desc" as const }] })));
  const z = candidate(0, "z", [0], { 0: [100] });
  const y = candidate(1, "y", [0, 2], { 0: [50], 2: [90] });
  const x = candidate(2, "x", [2, 3], { 2: [10], 3: [10] });

  it("the evicted account resumes after the tier it lost, in every offering order", () => {
    for (const order of [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ]) {
      expect(allocate(plan, [z, y, x], order), order.join(",")).toEqual([0, 2, 3]);
    }
  });
});

describe("more than 31 tiers (the path without tier bits)", () => {
  // Every tier takes anyone and keeps one account, best intent first: the cascade hands out one tier per account in
  // rank order, whatever the input order, and the accounts beyond the last tier get none.
  const tiersOf = (count: number) =>
    planWith({
      fields: [field("id", "string"), field("x", "number")],
      scores: [{ name: "intent", kind: "field", field: "x" }],
      tiers: Array.from({ length: count }, (_, i) => ({
        id: `t${i + 1}`,
        when: ALWAYS,
        capacity: 1,
        rankBy: [rankByScore("intent")],
      })),
    });
  // 35 accounts, intent 35 down to 2 plus a second at 20 (key a20 before b20), given in a scrambled order.
  const rows = Array.from({ length: 35 }, (_, i) => ({ id: `a${35 - i}`, x: 35 - i }));
  rows[34] = { id: "b20", x: 20 };
  const scrambled = rows.map((_, i) => rows[(i * 17) % 35]!);

  it("33 capped tiers: one account each, in rank order, ties by key; the last two get no tier", () => {
    const results = run(tiersOf(33), scrambled);
    const byKey = new Map(results.map((r) => [r.key, r.tier]));
    const ranked = [
      "a35",
      "a34",
      "a33",
      "a32",
      "a31",
      "a30",
      "a29",
      "a28",
      "a27",
      "a26",
      "a25",
      "a24",
      "a23",
      "a22",
      "a21",
      "a20",
      "b20",
      "a19",
      "a18",
      "a17",
      "a16",
      "a15",
      "a14",
      "a13",
      "a12",
      "a11",
      "a10",
      "a9",
      "a8",
      "a7",
      "a6",
      "a5",
      "a4",
      "a3",
      "a2",
    ];
    expect(ranked.filter((key) => byKey.has(key))).toHaveLength(35);
    expect(ranked.map((key) => byKey.get(key))).toEqual([
      ...Array.from({ length: 33 }, (_, i) => `t${i + 1}`),
      null,
      null,
    ]);
  });

  it("agrees with the 31-tier path (tier bits) on the accounts it tiers", () => {
    const wide = new Map(run(tiersOf(33), scrambled).map((r) => [r.key, r.tier]));
    const narrow = run(tiersOf(31), scrambled);
    const tiered = narrow.filter((r) => r.tier !== null);
    expect(tiered).toHaveLength(31);
    for (const result of tiered) expect(wide.get(result.key), String(result.key)).toBe(result.tier);
  });
});

describe("allocation properties", () => {
  const tierArb = fc.record({
    capacity: fc.option(fc.nat(4), { nil: null }),
    rankBy: fc.array(fc.record({ order: fc.constantFrom("asc" as const, "desc" as const) }), { maxLength: 2 }),
    textRanks: fc.boolean(),
  });
  const scenarioArb = fc
    .record({ tiers: fc.array(tierArb, { minLength: 1, maxLength: 4 }), numericKeys: fc.boolean() })
    .chain(({ tiers, numericKeys }) => {
      const indexes = tiers.map((_, i) => i);
      const keyArb = numericKeys
        ? fc.option(fc.integer({ min: 0, max: 6 }), { nil: null })
        : fc.option(fc.constantFrom("a", "b", "B", "aa", "", "é"), { nil: null });
      const rankValues = tiers.map((tier) =>
        fc.array<number | string | null>(
          tier.textRanks
            ? fc.option(fc.constantFrom("x", "y", "Y"), { nil: null })
            : fc.option(fc.integer({ min: -2, max: 2 }), { nil: null }),
          {
            minLength: tier.rankBy.length,
            maxLength: tier.rankBy.length,
          },
        ),
      );
      const candidateArb = fc.record({ key: keyArb, matches: fc.subarray(indexes), ranks: fc.tuple(...rankValues) });
      return fc.record({
        tiers: fc.constant(tiers),
        candidates: fc.array(candidateArb, { maxLength: 25 }).map((items) =>
          items.map(
            (item, row): Candidate => ({
              row,
              key: item.key,
              matches: item.matches,
              ranks: new Map(item.matches.filter((t) => tiers[t]!.capacity !== null).map((t) => [t, item.ranks[t]!])),
            }),
          ),
        ),
      });
    })
    .chain((scenario) =>
      fc.record({
        scenario: fc.constant(scenario),
        order: fc.shuffledSubarray(
          scenario.candidates.map((_, i) => i),
          { minLength: scenario.candidates.length },
        ),
      }),
    );

  it("equals the reference (tier by tier: sort the contenders, take the top N, pass the rest on) in any offering order", () => {
    fc.assert(
      fc.property(scenarioArb, ({ scenario, order }) => {
        const plan = tiersPlan(scenario.tiers);
        const reference = referenceAllocation(scenario.tiers, scenario.candidates);
        const expected = scenario.candidates.map((c) => reference.get(c.row) ?? -1);
        expect(allocate(plan, scenario.candidates)).toEqual(expected);
        expect(allocate(plan, scenario.candidates, order)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps the same members whatever the offering order", () => {
    fc.assert(
      fc.property(scenarioArb, ({ scenario, order }) => {
        const plan = tiersPlan(scenario.tiers);
        const kept = (offering: readonly number[]) => {
          const allocator = new TierAllocator(plan);
          for (const index of offering) allocator.offer(scenario.candidates[index]!);
          return [...allocator.result().kept].map(([tier, rows]) => [tier, [...rows].sort((a, b) => a - b)]);
        };
        expect(kept(order)).toEqual(kept(scenario.candidates.map((_, i) => i)));
      }),
      { numRuns: 500 },
    );
  });
});
