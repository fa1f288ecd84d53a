// Property: every definitions file that `validate` accepts runs. Mutations of the bundled projects (dates, ids,
// names, column names, capacities, day windows, integer thresholds, quality-bar bounds) that compile must run on
// an empty data file and on the quick start's data without an input error, with the JS engine and with DuckDB,
// and both engines must give the same membership. Seeded; tens of runs, in process.
//
//   SEGFORM_VALIDATE_RUNS=N   mutations (default 30)     SEGFORM_VALIDATE_SEED=S   replay a run
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileProject, type FileReader } from "@segform/compiler";
import { evaluateFile } from "@segform/data";
import { Engine } from "@segform/engine";
import type { Plan } from "@segform/plan";
import { loadYaml } from "@segform/spec";
import { runDuckDb } from "@segform/sql/runners";
import { resolveAsOf } from "../src/asof.js";
import { diskReader } from "../src/project.js";
import { REPO } from "./helpers.js";

const RUNS = Number(process.env.SEGFORM_VALIDATE_RUNS ?? 30);
const SEED = Number(process.env.SEGFORM_VALIDATE_SEED ?? 20261203);
const QUICKSTART = join(REPO, "segments.example.yaml");
const QUICKSTART_DATA = join(REPO, "examples", "quickstart", "data", "accounts.csv");
const PROJECTS = [
  QUICKSTART,
  ...["abm-intent-stages", "hr-tech-midmarket", "manufacturing-verticals", "security-maturity", "warehouse-tracks"].map(
    (name) => join(REPO, "examples", name, "segments.yaml"),
  ),
];

type Doc = Record<string, unknown> & {
  fields?: Record<string, Record<string, unknown>>;
  tiers?: Record<string, unknown>[];
  define?: Record<string, unknown>;
  icp?: Record<string, unknown>;
  quality?: Record<string, unknown>;
};
type Mutation = (doc: Doc) => void;

/** A mutation that prints as what it does (fast-check shows counterexamples with toString). */
const described = (what: string, mutate: Mutation): Mutation => Object.assign(mutate, { toString: () => what });

/** Numbers near and beyond every limit: engines' exact ranges, dates, shares. */
const number = fc.oneof(
  fc.integer({ min: -5, max: 500 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(
    0,
    1,
    -1,
    0.5,
    1.5,
    2 ** 31,
    2 ** 53 - 1,
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    3652059,
    3652060,
    1e20,
    1e30,
    -1e30,
  ),
);
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "",
    " ",
    "a b",
    "x".repeat(64),
    "x".repeat(65),
    "9lives",
    "_ok",
    "ok-1",
    "dé",
    "t\n1",
    "null",
    "true",
    "1",
  ),
);
const date = fc
  .tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);

const fieldsOfType = (doc: Doc, type: string) =>
  Object.entries(doc.fields ?? {})
    .filter(([, field]) => field.type === type)
    .map(([name]) => name);
const pick = <T>(list: T[], index: number): T | undefined => (list.length ? list[index % list.length] : undefined);
/** Adds a test to the ICP's include (keeping what was there). */
const includeAlso = (doc: Doc, test: Record<string, unknown>) => {
  const icp = (doc.icp ??= {});
  icp.include = icp.include === undefined ? test : { all: [icp.include, test] };
};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  date.map((value) => described(`as_of: ${value}`, (doc) => void (doc.as_of = value))),
  fc.tuple(fc.nat(), number).map(([index, value]) =>
    described(`tiers[${index}].capacity: ${value}`, (doc) => {
      const tier = pick(doc.tiers ?? [], index);
      if (tier) tier.capacity = value;
    }),
  ),
  fc.tuple(fc.nat(), text).map(([index, value]) =>
    described(`tiers[${index}].id: ${JSON.stringify(value)}`, (doc) => {
      const tier = pick(doc.tiers ?? [], index);
      if (tier) tier.id = value;
    }),
  ),
  fc.tuple(fc.nat(), number).map(([index, value]) =>
    described(`date field ${index}: within_days: ${value}`, (doc) => {
      const field = pick(fieldsOfType(doc, "date"), index);
      if (field) includeAlso(doc, { [field]: { within_days: value } });
    }),
  ),
  fc.tuple(fc.nat(), fc.constantFrom("gte", "lt", "eq", "ne"), number).map(([index, op, value]) =>
    described(`integer field ${index}: ${op}: ${value}`, (doc) => {
      const field = pick(fieldsOfType(doc, "integer"), index);
      if (field) includeAlso(doc, { [field]: { [op]: value } });
    }),
  ),
  fc.tuple(fc.nat(), date).map(([index, value]) =>
    described(`date field ${index}: gte: ${value}`, (doc) => {
      const field = pick(fieldsOfType(doc, "date"), index);
      if (field) includeAlso(doc, { [field]: { gte: value } });
    }),
  ),
  fc.tuple(text, fc.nat()).map(([name, index]) =>
    described(`define ${JSON.stringify(name)}`, (doc) => {
      const field = pick(fieldsOfType(doc, "integer"), index);
      if (field) (doc.define ??= {})[name] = { [field]: { gte: 1 } };
    }),
  ),
  fc.tuple(fc.nat(), text).map(([index, value]) =>
    described(`field ${index}: from: ${JSON.stringify(value)}`, (doc) => {
      const name = pick(Object.keys(doc.fields ?? {}), index);
      if (name && name !== doc.key) doc.fields![name]!.from = value;
    }),
  ),
  fc
    .tuple(
      fc.constantFrom("segment_size", "segment_count", "icp_coverage"),
      fc.option(number, { nil: undefined }),
      fc.option(number, { nil: undefined }),
    )
    .map(([bar, min, max]) =>
      described(`quality.${bar}: min ${min}, max ${max}`, (doc) => {
        const quality = (doc.quality ??= {});
        quality[bar] = { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
      }),
    ),
  fc.tuple(fc.constantFrom("overlap", "stability"), number).map(([bar, value]) =>
    described(`quality.${bar}: ${value}`, (doc) => {
      (doc.quality ??= {})[bar] = bar === "overlap" ? { max: value } : { max_churn: value };
    }),
  ),
);

const originals = new Map(
  PROJECTS.map((file) => [file, loadYaml(file, readFileSync(file, "utf8")).document.value as Doc]),
);
const dir = mkdtempSync(join(tmpdir(), "segform-validate-runs-"));

/** A data file with the plan's columns and no rows. */
function emptyData(plan: Plan): string {
  const path = join(dir, "empty.csv");
  writeFileSync(path, plan.fields.map((field) => `"${field.column.replaceAll('"', '""')}"`).join(",") + "\n");
  return path;
}

async function membership(plan: Plan, data: string, asOf: string): Promise<{ js: string[]; duckdb: string[] }> {
  const js: string[] = [];
  for await (const { result } of evaluateFile(new Engine(plan, { asOf }), data, { asOf }))
    js.push(`${String(result.key)} ${result.tier} ${result.segment}`);
  const duckdb: string[] = [];
  for await (const row of runDuckDb(plan, { data, asOf })) duckdb.push(`${String(row.key)} ${row.tier} ${row.segment}`);
  return { js, duckdb };
}

describe("every definitions file validate accepts runs", () => {
  it("on an empty file and on the quick start's data, with the JS engine and DuckDB", async () => {
    const header = readFileSync(QUICKSTART_DATA, "utf8").split("\n", 1)[0]!.split(",");
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROJECTS),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (file, mutations) => {
          const doc = structuredClone(originals.get(file)!);
          for (const mutate of mutations) mutate(doc);
          const mutated = JSON.stringify(doc, null, 1);
          const reader: FileReader = {
            read: (path) => (path === file ? mutated : diskReader.read(path)),
            resolve: diskReader.resolve,
          };
          const compiled = compileProject(file, reader);
          if (!compiled.plan || !compiled.resolved) return;
          accepted++;
          const plan = compiled.plan;
          const asOf = resolveAsOf(undefined, compiled.resolved);
          const empty = await membership(plan, emptyData(plan), asOf);
          expect(empty).toEqual({ js: [], duckdb: [] });
          if (file === QUICKSTART && plan.fields.every((field) => header.includes(field.column))) {
            const quick = await membership(plan, QUICKSTART_DATA, asOf);
            expect(quick.js.length).toBe(800);
            expect(quick.duckdb).toEqual(quick.js);
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    // The mutations must leave valid files often enough for the property to say something.
    expect(accepted).toBeGreaterThan(RUNS / 5);
  }, 300_000);
});
