import { withHash, type Expr, type Plan } from "@segform/plan";
import { describe, expect, it } from "vitest";
import { AS_OF, planWith, run, test, values } from "../test/helpers.js";
import { compileAccountPlan } from "./compiled.js";
import { Engine, evaluateAccounts } from "./engine.js";
import { explainAccount, renderExplanation } from "./explain.js";

const use = (name: string): Expr => ({ op: "define", name });

/** d0 = n >= 100; dK = d(K-1) or (not d(K-1) and s = "saas"): `n >= 100 or s = "saas"` with 2^K uses of d0 once copied. */
function fanOut(levels: number): Plan {
  const defines: { name: string; when: Expr }[] = [{ name: "d0", when: test("n", "gte", 100) }];
  for (let k = 1; k <= levels; k++) {
    const previous = use(`d${k - 1}`);
    defines.push({
      name: `d${k}`,
      when: {
        op: "or",
        args: [previous, { op: "and", args: [{ op: "not", arg: previous }, test("s", "eq", "saas")] }],
      },
    });
  }
  const top = use(`d${levels}`);
  const { hash: _hash, ...plan } = planWith({
    icp: top,
    segments: [{ id: "big", when: { op: "and", args: [top, test("n", "gte", 1000)] } }],
    activations: [{ name: "crm", when: top }],
    fallback: { id: "rest", activate: ["crm"] },
  });
  return withHash({ ...plan, defines });
}

describe("shared defines (plan defines)", () => {
  const records = [
    { id: "a1", n: 5, s: "saas" },
    { id: "a2", n: 2000, s: "fintech" },
    { id: "a3", s: "saas" },
    { id: "a4", n: 50, s: "retail" },
  ];

  it("evaluates 2^40 copied uses as 41 locals per function, with the values of the expanded condition", () => {
    const plan = fanOut(40);
    const results = run(plan, records);
    expect(results.map((r) => [r.key, r.icp, r.segment, r.activations])).toEqual([
      ["a1", true, "rest", ["crm"]],
      ["a2", true, "big", []],
      ["a3", true, "rest", ["crm"]],
      ["a4", false, null, []],
    ]);
    const source = compileAccountPlan(plan).source;
    // Each function that reads d40 declares d0..d40 once, in order: icp, segment, segmentMatchCount, activation 0.
    expect(source.match(/const d40 = /g)).toHaveLength(4);
    expect(source.match(/const d0 = /g)).toHaveLength(4);
    expect(source.length).toBeLessThan(40_000);
  });

  it("explains a shared define in full at its first use, and by name and result after that", () => {
    const plan = fanOut(2);
    const engine = new Engine(plan, { asOf: AS_OF });
    const rows = records.map((record) => values(plan, record));
    const results = evaluateAccounts(engine, rows);
    const explanation = explainAccount(plan, engine.prepare(rows[0]!, 0), results[0]!, engine.asOfDay);
    expect(explanation.icp.trace).toEqual({
      text: "d2",
      result: true,
      children: [
        {
          text: "any of",
          result: true,
          children: [
            {
              text: "d1",
              result: true,
              children: [
                {
                  text: "any of",
                  result: true,
                  children: [
                    { text: "d0", result: false, children: [{ text: "n >= 100", result: false, actual: "5" }] },
                    {
                      text: "all of",
                      result: true,
                      children: [
                        { text: "not", result: true, children: [{ text: "d0", result: false }] },
                        { text: 's = "saas"', result: true, actual: '"saas"' },
                      ],
                    },
                  ],
                },
              ],
            },
            {
              text: "all of",
              result: false,
              children: [
                { text: "not", result: false, children: [{ text: "d1", result: true }] },
                { text: 's = "saas"', result: true, actual: '"saas"' },
              ],
            },
          ],
        },
      ],
    });
    expect(explanation.segments[0]!.trace.children![0]).toEqual({ text: "d2", result: true });
    expect(renderExplanation(explanation)).toContain("d2");
  });
});
