#!/usr/bin/env node
// segform engine benchmark (not a test): `npx -y pnpm@10 bench`.
//
// 1. Generates 1M deterministic accounts with the quick start's CSV columns into bench/data/ (once; pass
//    --regenerate to rebuild), plus a 100k CSV and a 1M JSONL of the same accounts.
// 2. Evaluation only: the compiled engine (prepare, capacity allocation, finish: what evaluateAccounts does)
//    against a hand-written plain-JS function implementing the same rules of segments.example.yaml, over the
//    same pre-coerced value arrays; asserts that both give identical results and prints the ratio.
// 3. End to end: `segform run` (the real CLI, in a child process) over the 1M CSV, the 100k CSV and the 1M
//    JSONL, writing a CSV file; accounts/s, the child's CPU time and peak RSS (process.resourceUsage() in the
//    child, through bench/report-rss.mjs). CSV and JSONL must give identical output.
//
// Options: --regenerate  rebuild bench/data
//          --eval-only   skip the end-to-end runs
//          --rows N      rows held in memory for the evaluation benchmark (default 200000)
//          --rounds N    timed rounds per evaluator in the steady state (default 21; half as many after a
//                        full GC; medians are reported)
//          --runs N      runs of each end-to-end measurement (default 3; the best is reported)
import { execFileSync, spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { cpus, totalmem } from "node:os";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";

import { compileProject } from "../packages/compiler/dist/index.js";
import { Engine, evaluateAccounts } from "../packages/engine/dist/index.js";
import { parseDay } from "../packages/plan/dist/index.js";
import { GENERATOR_VERSION, HEADER, SEED, accounts, csvCell } from "./accounts.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
const BENCH = "bench";
const DATA = join(BENCH, "data");
const SPEC = "segments.example.yaml";
const CLI = join("packages", "cli", "dist", "bin.js");
const RSS_HOOK = join(BENCH, "report-rss.mjs");

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const EVAL_ROWS = option("--rows", 200_000);
const ROUNDS = option("--rounds", 21);
const E2E_RUNS = option("--runs", 3);

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const mib = (bytes) => (bytes / 1048576).toFixed(0);

// ---------------------------------------------------------------------------------------------- machine
function machine() {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? model;
  } catch {}
  return {
    cpu: model,
    cores: cpus().length,
    memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

// ---------------------------------------------------------------------------------------------- project
/** The CLI's disk reader (packages/cli/src/project.ts): paths stay relative to the working directory. */
const diskReader = {
  read(path) {
    try {
      if (!existsSync(path) || !statSync(path).isFile()) return undefined;
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
  resolve(from, rel) {
    if (isAbsolute(rel)) return rel;
    const joined = join(dirname(from), rel);
    return isAbsolute(from) ? joined : relative(".", joined) || ".";
  },
};

function compile() {
  const result = compileProject(SPEC, diskReader);
  if (!result.plan) throw new Error(`${SPEC} does not compile: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  const asOf = result.resolved?.asOf?.value;
  if (!asOf) throw new Error(`${SPEC} has no as_of`);
  return { plan: result.plan, asOf };
}

// ---------------------------------------------------------------------------------------------- data
// The accounts themselves come from bench/accounts.mjs (shared with bench/sql-bench.mjs).

/** The same account as a JSONL object with typed values (numbers, booleans, arrays, null), like an API export. */
function jsonObject(row) {
  const o = {};
  HEADER.forEach((column, i) => {
    const raw = row[i];
    let value = raw === "" ? null : raw;
    if (value !== null) {
      if (
        (column === "NumberOfEmployees" || column === "Intent_Score__c" || column === "Opportunity_Amount__c") &&
        /^\d+(\.\d+)?$/.test(value)
      )
        value = Number(value);
      else if (column === "Demo_Requested__c") value = value === "true";
      else if (column === "Technologies") value = value.split(";");
    }
    o[column] = value;
  });
  return o;
}

function generateData(total, small) {
  mkdirSync(DATA, { recursive: true });
  const t0 = performance.now();
  const files = { big: openSync(paths.big, "w"), small: openSync(paths.small, "w"), jsonl: openSync(paths.jsonl, "w") };
  const header = HEADER.join(",") + "\n";
  writeSync(files.big, header);
  writeSync(files.small, header);
  let csv = "";
  let jsonl = "";
  let i = 0;
  for (const row of accounts(total)) {
    const line = row.map(csvCell).join(",") + "\n";
    csv += line;
    jsonl += JSON.stringify(jsonObject(row)) + "\n";
    i++;
    if (i % 10_000 === 0 || i === total) {
      writeSync(files.big, csv);
      if (i <= small) writeSync(files.small, csv);
      writeSync(files.jsonl, jsonl);
      csv = jsonl = "";
    }
  }
  for (const fd of Object.values(files)) closeSync(fd);
  writeFileSync(paths.stamp, JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, total, small }) + "\n");
  console.log(`generated ${fmt(total)} accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const TOTAL = 1_000_000;
const SMALL = 100_000;
const paths = {
  big: join(DATA, "accounts-1m.csv"),
  small: join(DATA, "accounts-100k.csv"),
  jsonl: join(DATA, "accounts-1m.jsonl"),
  stamp: join(DATA, "STAMP.json"),
};

function ensureData() {
  const expected = JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, total: TOTAL, small: SMALL }) + "\n";
  const fresh =
    existsSync(paths.stamp) &&
    readFileSync(paths.stamp, "utf8") === expected &&
    [paths.big, paths.small, paths.jsonl].every((p) => existsSync(p));
  if (flag("--regenerate") || !fresh) generateData(TOTAL, SMALL);
  else console.log(`data: ${DATA} (reused; --regenerate to rebuild)`);
}

// ---------------------------------------------------------------------------------------------- hand-written
// A plain-JS evaluation of segments.example.yaml, written by hand the way a developer would for speed: field
// slots as constants, the rules inlined, scores in typed arrays, the tier1 capacity as a sorted top-25 list.
// Same result objects as the engine's AccountResult.
const SLOTS = [
  "account_id",
  "amount",
  "demo_requested",
  "employees",
  "industry",
  "intent_score",
  "last_visit",
  "name",
  "region",
  "stage",
  "tech",
  "warehouse",
];
const ACCOUNT_ID = 0,
  DEMO = 2,
  EMPLOYEES = 3,
  INDUSTRY = 4,
  INTENT_SCORE = 5,
  LAST_VISIT = 6,
  NAME = 7,
  REGION = 8,
  TECH = 10,
  WAREHOUSE = 11;
const TEST_OR_DEMO = /\b(test|demo)\b/i;
const TIER1_CAPACITY = 25;

/**
 * Better first: fit desc, intent desc, key asc, input order. (The engine orders keys by code point; the
 * generated keys are ASCII, where `<` gives the same order.)
 */
function better(fit, intent, keys, a, b) {
  if (fit[a] !== fit[b]) return fit[a] > fit[b];
  if (intent[a] !== intent[b]) return intent[a] > intent[b];
  const ka = keys[a],
    kb = keys[b];
  if (ka !== kb) {
    if (ka === null) return false;
    if (kb === null) return true;
    return ka < kb;
  }
  return a < b;
}

function handEvaluate(rows, asOf) {
  const n = rows.length;
  const icp = new Uint8Array(n);
  const fit = new Float64Array(n);
  const intent = new Float64Array(n);
  const keys = new Array(n);
  const top = []; // tier1 members, best first, at most TIER1_CAPACITY
  for (let i = 0; i < n; i++) {
    const v = rows[i];
    const employees = v[EMPLOYEES];
    const industry = v[INDUSTRY];
    const midMarket = employees !== null && employees >= 200 && employees <= 2000;
    const targetIndustry = industry === "software" || industry === "fintech" || industry === "saas";
    const region = v[REGION];
    const name = v[NAME];
    const inIcp =
      midMarket &&
      (region === "NA" || region === "EMEA") &&
      industry !== "government" &&
      !(name !== null && TEST_OR_DEMO.test(name));
    const tech = v[TECH];
    let f = 0;
    if (midMarket) f += 40;
    if (targetIndustry) f += 30;
    if (tech !== null && (tech.includes("segment") || tech.includes("dbt") || tech.includes("snowflake"))) f += 20;
    if (v[WAREHOUSE] !== null) f += 10;
    const score = v[INTENT_SCORE];
    const visit = v[LAST_VISIT];
    let t = 0;
    if (score !== null && score >= 60) t += 50;
    if (visit !== null && visit <= asOf && visit >= asOf - 30) t += 30;
    if (v[DEMO] === true) t += 20;
    icp[i] = inIcp ? 1 : 0;
    fit[i] = f;
    intent[i] = t;
    keys[i] = v[ACCOUNT_ID];
    if (inIcp && f >= 70 && t >= 60) {
      if (top.length < TIER1_CAPACITY || better(fit, intent, keys, i, top[top.length - 1])) {
        let at = top.length;
        while (at > 0 && better(fit, intent, keys, i, top[at - 1])) at--;
        top.splice(at, 0, i);
        if (top.length > TIER1_CAPACITY) top.pop();
      }
    }
  }
  const tier1 = new Set(top);
  const results = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = fit[i];
    const t = intent[i];
    if (!icp[i]) {
      results[i] = { key: keys[i], icp: false, scores: [f, t], tier: null, segment: null, activations: [] };
      continue;
    }
    const v = rows[i];
    const tier = f >= 70 && t >= 60 && tier1.has(i) ? "tier1" : f >= 60 && t >= 30 ? "tier2" : f >= 40 ? "tier3" : null;
    const warehouse = v[WAREHOUSE];
    const industry = v[INDUSTRY];
    const visit = v[LAST_VISIT];
    const segment =
      warehouse === "snowflake" || warehouse === "bigquery" || warehouse === "databricks"
        ? "warehouse-native"
        : industry === "fintech"
          ? "fintech"
          : v[DEMO] === true || (visit !== null && visit <= asOf && visit >= asOf - 14)
            ? "hot-evaluators"
            : industry === "software" || industry === "saas"
              ? "software-core"
              : "other";
    const activations = ["crm-segment"];
    if (tier !== null) activations.push("crm-tier");
    if (segment === "warehouse-native") activations.push("li-warehouse");
    activations.push("membership-file"); // every segment, the fallback too (activations come in name order)
    if (segment === "hot-evaluators" && f >= 60) activations.push("sdr-fast-track");
    results[i] = { key: keys[i], icp: true, scores: [f, t], tier, segment, activations };
  }
  return results;
}

function sameResult(a, b) {
  return (
    a.key === b.key &&
    a.icp === b.icp &&
    a.scores.length === b.scores.length &&
    a.scores.every((s, i) => s === b.scores[i]) &&
    a.tier === b.tier &&
    a.segment === b.segment &&
    a.activations.join(";") === b.activations.join(";")
  );
}

// ---------------------------------------------------------------------------------------------- evaluation
/** A full garbage collection (exposed at run time, so `node bench/engine-bench.mjs` needs no flags). */
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

function evaluationBenchmark(plan, asOf) {
  if (plan.fields.map((f) => f.name).join() !== SLOTS.join())
    throw new Error(`hand-written slots do not match the plan's fields: ${plan.fields.map((f) => f.name).join()}`);
  const engine = new Engine(plan, { asOf });
  const asOfDay = parseDay(asOf);
  // Pre-coerced value arrays, through the engine's own coercer, from the same generator as the data files.
  const indexes = engine.coercer.columnIndexes(HEADER);
  const rows = [];
  for (const row of accounts(EVAL_ROWS)) rows.push(engine.coercer.fromCells(row, indexes));

  const engineRun = () => evaluateAccounts(engine, rows);
  const handRun = () => handEvaluate(rows, asOfDay);

  // Identical results, or the comparison means nothing.
  const a = engineRun();
  const b = handRun();
  let mismatches = 0;
  for (let i = 0; i < rows.length; i++) {
    if (!sameResult(a[i], b[i])) {
      if (mismatches++ < 5)
        console.error(`mismatch at row ${i}:\n  engine ${JSON.stringify(a[i])}\n  hand   ${JSON.stringify(b[i])}`);
    }
  }
  if (mismatches)
    throw new Error(`engine and hand-written evaluation differ on ${mismatches} of ${rows.length} accounts`);
  const tiers = {};
  for (const r of a) if (r.tier) tiers[r.tier] = (tiers[r.tier] ?? 0) + 1;
  const inIcp = a.filter((r) => r.icp).length;
  console.log(
    `check: engine and hand-written agree on all ${fmt(rows.length)} accounts (${fmt(inIcp)} in the ICP; ${Object.entries(
      tiers,
    )
      .map(([t, c]) => `${t} ${fmt(c)}`)
      .join(", ")})`,
  );

  // Warm up both, then alternate timed rounds so neither gets a systematically warmer machine.
  for (let i = 0; i < 5; i++) {
    engineRun();
    handRun();
  }
  const timeRounds = (rounds, forceGc) => {
    const times = { engine: [], hand: [] };
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of round % 2
        ? [
            ["hand", handRun],
            ["engine", engineRun],
          ]
        : [
            ["engine", engineRun],
            ["hand", handRun],
          ]) {
        if (forceGc) gc();
        const t0 = performance.now();
        const out = run();
        times[name].push(performance.now() - t0);
        if (out.length !== rows.length) throw new Error("lost rows");
      }
    }
    const engineRate = rows.length / (median(times.engine) / 1000);
    const handRate = rows.length / (median(times.hand) / 1000);
    return { times, engineRate, handRate, ratio: engineRate / handRate };
  };
  // Steady state, as in a long run: each round also pays for collecting earlier rounds' results, at random,
  // hence the median. Then each round after a full collection, which leaves the young generation small.
  const steady = timeRounds(ROUNDS, false);
  const cold = timeRounds(Math.max(3, Math.round(ROUNDS / 2)), true);
  return { rows: rows.length, steady, cold };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// ---------------------------------------------------------------------------------------------- end to end
/** One `segform run` in a child process: wall clock (start-up included), and the child's CPU time and peak RSS. */
function runCli(label, data, accountsCount) {
  const out = join(DATA, `out-${label}.csv`);
  const usageFile = join(DATA, `usage-${label}.json`);
  rmSync(usageFile, { force: true });
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    ["--import", `./${RSS_HOOK}`, CLI, "run", SPEC, "--data", data, "--out", out],
    {
      env: { ...process.env, SEGFORM_BENCH_USAGE: usageFile },
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (child.status !== 0) throw new Error(`segform run ${data} failed (${child.status}):\n${child.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8"));
  const summary = child.stderr
    .split("\n")
    .filter((l) => /accounts from|tiers:|segments:/.test(l))
    .join("\n");
  const digest = createHash("sha256").update(readFileSync(out)).digest("hex").slice(0, 16);
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  return {
    label,
    data,
    accounts: accountsCount,
    seconds,
    rate: accountsCount / seconds,
    cpuSeconds,
    maxRssKiB: usage.maxRSS,
    out,
    digest,
    summary,
  };
}

/** The best (fastest) of `n` runs, with every run's time and peak RSS (both vary with the machine's load). */
function bestOf(n, label, data, accountsCount) {
  const runs = Array.from({ length: n }, () => runCli(label, data, accountsCount));
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const rss = runs.map((r) => r.maxRssKiB);
  return {
    ...best,
    rssMin: Math.min(...rss),
    rssMax: Math.max(...rss),
    all: runs.map((r) => r.seconds),
    digests: new Set(runs.map((r) => r.digest)),
  };
}

// ---------------------------------------------------------------------------------------------- main
const info = machine();
console.log(`segform engine benchmark`);
console.log(`machine: ${info.cpu}, ${info.cores} cores, ${info.memory}, ${info.platform}, Node ${info.node}`);
try {
  const git = (...a) => execFileSync("git", a, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  console.log(
    `commit: ${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--", "packages") ? " (with local changes)" : ""}`,
  );
} catch {}
const { plan, asOf } = compile();
console.log(
  `rules: ${SPEC} (as of ${asOf}; ${plan.fields.length} fields, ${plan.scores.length} scores, ${plan.tiers.length} tiers, tier1 capacity ${plan.tiers[0].capacity}, ${plan.segments.length + 1} segments)`,
);
ensureData();

console.log(`\n== evaluation only (${fmt(EVAL_ROWS)} pre-coerced accounts in memory, alternating rounds, median)`);
const ev = evaluationBenchmark(plan, asOf);
const rounds = (t) =>
  `engine ${t.engine.map((x) => x.toFixed(0)).join(" ")} | hand-written ${t.hand.map((x) => x.toFixed(0)).join(" ")}`;
for (const [title, run] of [
  [`steady state, ${ev.steady.times.engine.length} rounds each`, ev.steady],
  [`after a full GC before each round, ${ev.cold.times.engine.length} rounds each`, ev.cold],
]) {
  console.log(`${title}:`);
  console.log(
    `  engine (evaluateAccounts: prepare + allocation + finish)  ${fmt(run.engineRate).padStart(12)} accounts/s`,
  );
  console.log(
    `  hand-written plain JS, same rules                          ${fmt(run.handRate).padStart(12)} accounts/s`,
  );
  console.log(`  ratio engine / hand-written                                ${run.ratio.toFixed(2).padStart(12)}`);
  console.log(`  rounds (ms): ${rounds(run.times)}`);
}
console.log(
  `evaluation target (steady state) >= 0.50x the hand-written function: ${ev.steady.ratio >= 0.5 ? "met" : "NOT met"}`,
);

if (!flag("--eval-only")) {
  console.log(
    `\n== end to end: segform run ${SPEC} --data FILE --out FILE.csv (child process; best of ${E2E_RUNS} runs, wall clock incl. start-up; the child's peak RSS, lowest-highest over the runs)`,
  );
  const runs = [
    bestOf(E2E_RUNS, "csv-1m", paths.big, TOTAL),
    bestOf(E2E_RUNS, "csv-100k", paths.small, SMALL),
    bestOf(E2E_RUNS, "jsonl-1m", paths.jsonl, TOTAL),
  ];
  for (const run of runs) {
    console.log(
      `${run.label.padEnd(9)} ${fmt(run.accounts).padStart(9)} accounts  ${run.seconds.toFixed(2).padStart(6)} s  ${fmt(run.rate).padStart(9)} accounts/s  ` +
        `(CPU ${run.cpuSeconds.toFixed(2)} s; runs ${run.all.map((t) => t.toFixed(2)).join(" ")} s)  peak RSS ${mib(run.rssMin * 1024)}-${mib(run.rssMax * 1024)} MiB`,
    );
  }
  const [big, small, jsonl] = runs;
  console.log(`CSV 1M target >= 200,000 accounts/s: ${big.rate >= 200_000 ? "met" : "NOT met"}`);
  console.log(
    `peak RSS 1M / 100k (lowest of the runs): ${(big.rssMin / small.rssMin).toFixed(2)}x for 10x the accounts`,
  );
  const same = big.digest === jsonl.digest && big.digests.size === 1 && jsonl.digests.size === 1;
  console.log(`check: CSV and JSONL outputs ${same ? "are identical" : "DIFFER"} (sha256 ${big.digest})`);
  console.log(`summary (1M CSV):\n${big.summary.replace(/^/gm, "  ")}`);
  if (!same) process.exitCode = 1;
}
