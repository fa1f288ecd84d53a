import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileProject } from "@segform/compiler";
import { Engine, type AccountResult, type PreparedAccount, type TierAllocation } from "@segform/engine";
import type { Plan } from "@segform/plan";
import { expect } from "vitest";

/** Golden files under test/golden/. UPDATE_GOLDEN=1 rewrites them instead of comparing; review the diff before committing. */
const goldenDir = fileURLToPath(new URL("./golden/", import.meta.url));

export function expectGolden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

/**
 * The page with each chart's SVG replaced by its number of marks: the golden pins the page (text, tables,
 * structure) without pinning Vega's path geometry, which a Vega upgrade may move by a pixel.
 */
export function normalise(html: string): string {
  return html.replace(
    /<svg [\s\S]*?<\/svg>/g,
    (svg) => `<svg marks="${(svg.match(/<(path|rect|line|text)\b/g) ?? []).length}"/>`,
  );
}

/** Compiles a project held in memory; fails the test on any error. */
export function compile(text: string): Plan {
  const result = compileProject("segments.yaml", {
    read: (path) => (path === "segments.yaml" ? text : undefined),
    resolve: (_from, relative) => relative,
  });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (!result.plan || errors.length)
    throw new Error(`does not compile:\n${errors.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  return result.plan;
}

/** Evaluates records (objects keyed by column) with capacities, as the data pipeline does. */
export function evaluate(
  plan: Plan,
  rows: readonly Record<string, unknown>[],
  asOf: string,
): { engine: Engine; accounts: { prepared: PreparedAccount; result: AccountResult }[] } {
  const engine = new Engine(plan, { asOf });
  const prepared = rows.map((row, index) => engine.prepare(engine.coercer.fromObject(row), index));
  const allocator = engine.newAllocator();
  let allocation: TierAllocation | undefined;
  if (allocator.needsAllocation) {
    for (const account of prepared) {
      const candidate = engine.candidate(account);
      if (candidate) allocator.offer(candidate);
    }
    allocation = allocator.result();
  }
  return {
    engine,
    accounts: prepared.map((account) => ({ prepared: account, result: engine.finish(account, allocation) })),
  };
}

/** The small project of the golden test: two scores, three tiers (one capped), three segments and a fallback, outcomes. */
export const PROJECT = `version: 1
name: golden
key: id
as_of: "2026-01-15"
fields:
  id: { type: string }
  employees: { type: integer }
  industry: { type: string }
  intent: { type: number, default: 0 }
  stage: { type: string }
  amount: { type: number }
icp:
  include: { employees: { gte: 50 } }
scores:
  fit:
    criteria:
      - { id: big, when: { employees: { gte: 500 } }, points: 60 }
      - { id: software, when: { industry: software }, points: 40 }
  heat:
    from: intent
tiers:
  - { id: tier1, when: { fit: { gte: 80 }, heat: { gte: 50 } }, capacity: 3 }
  - { id: tier2, when: { fit: { gte: 60 } } }
  - { id: tier3, when: { heat: { between: [20, 100] } } }
segments:
  - { id: software, when: { industry: software } }
  - { id: fintech, when: { industry: fintech } }
  - { id: hot, when: { intent: { gte: 70 } } }
  - { id: other }
quality:
  segment_size: { min: 2 }
  outcomes: { stage: stage, amount: amount, won: [won], lost: [lost], open: [open] }
  separation: { metrics: [win_rate], confidence: 0.9, severity: warn }
`;

const INDUSTRIES = ["software", "fintech", "retail", "software", "health"];
const STAGES = ["won", "lost", "open", "lost", "won", ""];

/** `count` deterministic accounts (no randomness: each field cycles with a different period). */
export function accounts(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `A${String(index).padStart(7, "0")}`,
    employees: (index * 37) % 1200,
    industry: INDUSTRIES[index % INDUSTRIES.length],
    intent: (index * 13) % 101,
    stage: STAGES[index % STAGES.length],
    amount: STAGES[index % STAGES.length] === "" ? null : 500 + ((index * 7919) % 300_000),
  }));
}
