#!/usr/bin/env node
// segform SQL backend benchmark (not a test): `npx -y pnpm@10 bench:sql`.
//
// 1. Data: 10M accounts from the engine benchmark's seeded generator (bench/accounts.mjs; the first 1M are the
//    bytes of bench/data/accounts-1m.csv) as CSV (bench/data/accounts-10m.csv, ~1 GB) and as Parquet
//    (bench/data/accounts-10m.parquet, written by DuckDB from the CSV with the column types DuckDB's sniffer gives
//    it), plus bench/data/accounts-1m.parquet (its first 1M rows). Generated once, reused while the stamp matches.
// 2. DuckDB backend vs a hand-written DuckDB query of the same rules, in one in-memory DuckDB database with the
//    runner's settings, over the same Parquet file (1M and 10M rows): the compiled segform query over the runner's
//    file view, and a hand-written query over the Parquet columns, each materialised with CREATE TEMP TABLE AS.
//    Checks that both give the same rows (EXCEPT ALL both ways, same order), then alternates timed rounds and
//    reports medians and the ratio hand-written / segform. Then profiles both (DuckDB's JSON profile: the most
//    expensive operators).
// 3. End to end: `segform run --engine duckdb --data accounts-10m.parquet` in a child process:
//    wall clock, CPU, peak RSS (bench/report-rss.mjs).
// 4. End to end: `segform run --data accounts-10m.csv` with the JS engine (streaming): wall clock, CPU, peak RSS;
//    the same at 1M for the flat-memory ratio. All engines' outputs must be byte-identical.
//
// 5. PostgreSQL (part `postgres`): a throwaway server (scripts/postgres-test-server.mjs), the 1M CSV loaded with
//    psql's \copy and numbered in file order (the quick start's contacts too, for the roles column); the compiled query timed (CREATE TEMP TABLE AS, median), and
//    `segform run --engine postgres` end to end, whose output must be byte-identical to the JS engine's.
//
// Options: --regenerate    rebuild the 10M data files
//          --rounds N      timed rounds per query in the comparison (default 5; medians are reported)
//          --runs N        runs of each end-to-end measurement (default 3; the best time is reported)
//          --compare LIST  row counts for the comparison (default 1m,10m)
//          --only LIST     parts to run: compare, duckdb, js, postgres (default all)
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { compileProject } from "../packages/compiler/dist/index.js";
import { compileSql } from "../packages/sql/dist/index.js";
import { defineFileView } from "../packages/sql/dist/runners/duckdb-input.js";
import { GENERATOR_VERSION, HEADER, SEED, accounts, csvCell } from "./accounts.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
const DATA = join("bench", "data");
const SPEC = "segments.example.yaml";
const CLI = join("packages", "cli", "dist", "bin.js");
const RSS_HOOK = join("bench", "report-rss.mjs");

// DuckDB is a dependency of @segform/sql, not of the workspace root.
const { DuckDBInstance } = await import(
  pathToFileURL(createRequire(join(ROOT, "packages", "sql", "package.json")).resolve("@duckdb/node-api")).href
);

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const ROUNDS = Number(option("--rounds", 5));
const RUNS = Number(option("--runs", 3));
const COMPARE = option("--compare", "1m,10m").split(",").filter(Boolean);
const ONLY = new Set(option("--only", "compare,duckdb,js,postgres").split(","));

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const mib = (kib) => (kib / 1024).toFixed(0);
const secs = (ms) => (ms / 1000).toFixed(2);

// ---------------------------------------------------------------------------------------------- machine
function machine() {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? model;
  } catch {}
  return `${model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;
}
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

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
const TOTAL = 10_000_000;
const paths = {
  csv: join(DATA, "accounts-10m.csv"),
  parquet: join(DATA, "accounts-10m.parquet"),
  parquet1m: join(DATA, "accounts-1m.parquet"),
  csv1m: join(DATA, "accounts-1m.csv"),
  stamp: join(DATA, "STAMP-10m.json"),
};

/**
 * The Parquet file's column types: what DuckDB's sniffer makes of the whole CSV (read_csv(..., sample_size=-1)),
 * written out so that the file does not depend on the sniffer's version. Columns with dirty values (`250-500`,
 * `1,200`, `n/a`, `N/A`) stay text, as they would in a real CRM export loaded this way.
 */
const PARQUET_TYPES = {
  Id: "VARCHAR",
  Name: "VARCHAR",
  NumberOfEmployees: "VARCHAR",
  Industry: "VARCHAR",
  Region: "VARCHAR",
  Technologies: "VARCHAR",
  Data_Warehouse__c: "VARCHAR",
  Intent_Score__c: "VARCHAR",
  Last_Pricing_Visit__c: "VARCHAR",
  Demo_Requested__c: "BOOLEAN",
  Opportunity_Stage__c: "VARCHAR",
  Opportunity_Amount__c: "BIGINT",
};

const quote = (text) => `'${text.replace(/'/g, "''")}'`;
const csvReader = (path) =>
  `read_csv(${quote(path)}, header=true, auto_detect=false, delim=',', quote='"', escape='"', columns={${HEADER.map((c) => `${quote(c)}: ${quote(PARQUET_TYPES[c])}`).join(", ")}})`;

async function ensureData() {
  const expected =
    JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, total: TOTAL, parquet: PARQUET_TYPES }) + "\n";
  const fresh =
    existsSync(paths.stamp) &&
    readFileSync(paths.stamp, "utf8") === expected &&
    [paths.csv, paths.parquet, paths.parquet1m].every((p) => existsSync(p));
  if (fresh && !flag("--regenerate")) {
    console.log(
      `data: ${paths.csv} (${(statSync(paths.csv).size / 1e9).toFixed(2)} GB), ${paths.parquet} (${(statSync(paths.parquet).size / 1e6).toFixed(0)} MB), reused (--regenerate to rebuild)`,
    );
    return;
  }
  mkdirSync(DATA, { recursive: true });
  rmSync(paths.stamp, { force: true });

  let t0 = performance.now();
  const partial = paths.csv + ".partial";
  const fd = openSync(partial, "w");
  writeSync(fd, HEADER.join(",") + "\n");
  let chunk = "";
  let i = 0;
  for (const row of accounts(TOTAL)) {
    chunk += row.map(csvCell).join(",") + "\n";
    if (++i % 10_000 === 0) {
      writeSync(fd, chunk);
      chunk = "";
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  renameSync(partial, paths.csv);
  console.log(
    `generated ${fmt(TOTAL)} accounts as CSV in ${secs(performance.now() - t0)} s (${(statSync(paths.csv).size / 1e9).toFixed(2)} GB)`,
  );

  t0 = performance.now();
  const db = await DuckDBInstance.create(":memory:", { preserve_insertion_order: "true" });
  const connection = await db.connect();
  try {
    const tmp = paths.parquet + ".partial";
    await connection.run(`COPY (SELECT * FROM ${csvReader(paths.csv)}) TO ${quote(tmp)} (FORMAT parquet)`);
    renameSync(tmp, paths.parquet);
    console.log(
      `wrote ${paths.parquet} with DuckDB in ${secs(performance.now() - t0)} s (${(statSync(paths.parquet).size / 1e6).toFixed(0)} MB)`,
    );
    t0 = performance.now();
    const tmp1m = paths.parquet1m + ".partial";
    await connection.run(
      `COPY (SELECT * EXCLUDE (file_row_number) FROM read_parquet(${quote(paths.parquet)}, file_row_number=true) WHERE file_row_number < 1000000 ORDER BY file_row_number) TO ${quote(tmp1m)} (FORMAT parquet)`,
    );
    renameSync(tmp1m, paths.parquet1m);
    console.log(`wrote ${paths.parquet1m} (its first 1,000,000 rows) in ${secs(performance.now() - t0)} s`);
  } finally {
    connection.closeSync();
    db.closeSync();
  }
  writeFileSync(paths.stamp, expected);
}

// ---------------------------------------------------------------------------------------------- DuckDB
/** An in-memory database with the runner's settings (packages/sql/src/runners/duckdb.ts) and its own spill directory. */
async function openDuckDb() {
  const spill = mkdtempSync(join(tmpdir(), "segform-sql-bench-"));
  const instance = await DuckDBInstance.create(":memory:", { temp_directory: spill, preserve_insertion_order: "true" });
  const connection = await instance.connect();
  return {
    connection,
    run: (text) => connection.run(text),
    rows: async (text) => (await connection.runAndReadAll(text)).getRows(),
    close() {
      connection.closeSync();
      instance.closeSync();
      rmSync(spill, { recursive: true, force: true });
    },
  };
}

const VIEW = "segform_accounts";
const ROW = "segform_row";

/** A day `days` before `day` (YYYY-MM-DD). */
function daysBefore(day, days) {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The rules of segments.example.yaml as a data engineer would write them in DuckDB, straight over the Parquet
 * columns: TRY_CAST for the text columns that hold numbers and dates (dirty values become NULL), CASE for the
 * scores, a window function for tier1's capacity with the engine's ranking (fit desc, intent desc, key, input
 * row), CASE for the segment, concat_ws for the activations. Same output columns as the compiled query.
 */
function handWrittenSql(parquet, asOf) {
  return `
WITH accounts AS (
  SELECT
    file_row_number AS rn,
    Id AS account_id,
    Name AS name,
    TRY_CAST(replace(NumberOfEmployees, ',', '') AS INTEGER) AS employees,
    Industry AS industry,
    Region AS region,
    string_split(Technologies, ';') AS tech,
    Data_Warehouse__c AS warehouse,
    COALESCE(TRY_CAST(Intent_Score__c AS DOUBLE), 0) AS intent_score,
    TRY_CAST(Last_Pricing_Visit__c AS DATE) AS last_visit,
    COALESCE(Demo_Requested__c, FALSE) AS demo_requested
  FROM read_parquet(${quote(parquet)}, file_row_number = true)
),
scored AS (
  SELECT
    rn, account_id, industry, warehouse, last_visit, demo_requested,
    COALESCE(employees BETWEEN 200 AND 2000 AND region IN ('NA', 'EMEA'), FALSE)
      AND industry IS DISTINCT FROM 'government'
      AND NOT COALESCE(regexp_matches(name, '(?i)\\b(test|demo)\\b'), FALSE) AS icp,
    CASE WHEN employees BETWEEN 200 AND 2000 THEN 40 ELSE 0 END
      + CASE WHEN industry IN ('software', 'fintech', 'saas') THEN 30 ELSE 0 END
      + CASE WHEN list_has_any(tech, ['segment', 'dbt', 'snowflake']) THEN 20 ELSE 0 END
      + CASE WHEN warehouse IS NOT NULL THEN 10 ELSE 0 END AS fit,
    CASE WHEN intent_score >= 60 THEN 50 ELSE 0 END
      + CASE WHEN last_visit BETWEEN DATE '${daysBefore(asOf, 30)}' AND DATE '${asOf}' THEN 30 ELSE 0 END
      + CASE WHEN demo_requested THEN 20 ELSE 0 END AS intent
  FROM accounts
),
tiered AS (
  SELECT
    *,
    CASE
      WHEN icp AND fit >= 70 AND intent >= 60
        AND row_number() OVER (PARTITION BY icp AND fit >= 70 AND intent >= 60 ORDER BY fit DESC, intent DESC, account_id, rn) <= 25 THEN 'tier1'
      WHEN icp AND fit >= 60 AND intent >= 30 THEN 'tier2'
      WHEN icp AND fit >= 40 THEN 'tier3'
    END AS tier,
    CASE
      WHEN NOT icp THEN NULL
      WHEN warehouse IN ('snowflake', 'bigquery', 'databricks') THEN 'warehouse-native'
      WHEN industry = 'fintech' THEN 'fintech'
      WHEN demo_requested OR last_visit BETWEEN DATE '${daysBefore(asOf, 14)}' AND DATE '${asOf}' THEN 'hot-evaluators'
      WHEN industry IN ('software', 'saas') THEN 'software-core'
      ELSE 'other'
    END AS segment
  FROM scored
)
SELECT
  account_id, icp, fit, intent, tier, segment,
  concat_ws(';',
    CASE WHEN icp THEN 'crm-segment' END,
    CASE WHEN tier IS NOT NULL THEN 'crm-tier' END,
    CASE WHEN segment = 'warehouse-native' THEN 'li-warehouse' END,
    CASE WHEN icp THEN 'membership-file' END,
    CASE WHEN segment = 'hot-evaluators' AND fit >= 60 THEN 'sdr-fast-track' END
  ) AS activations
FROM tiered
ORDER BY rn`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `query` to completion (CREATE TEMP TABLE AS, as both sides are measured) and returns the milliseconds. */
async function timeQuery(db, table, query) {
  const t0 = performance.now();
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${query}`);
  return performance.now() - t0;
}

/** Same rows (EXCEPT ALL both ways) in the same order (account ids by position). Throws otherwise. */
async function assertSame(db, a, b, what) {
  const [[onlyA, onlyB, countA, countB]] = await db.rows(
    `SELECT (SELECT count(*) FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})), (SELECT count(*) FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a})), (SELECT count(*) FROM ${a}), (SELECT count(*) FROM ${b})`,
  );
  const [[misplaced]] = await db.rows(
    `SELECT count(*) FROM (SELECT row_number() OVER () AS n, account_id FROM ${a}) x JOIN (SELECT row_number() OVER () AS n, account_id FROM ${b}) y USING (n) WHERE x.account_id IS DISTINCT FROM y.account_id`,
  );
  if (onlyA !== 0n || onlyB !== 0n || countA !== countB || misplaced !== 0n) {
    const sample = await db.rows(`SELECT * FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b}) LIMIT 3`);
    throw new Error(
      `${what}: results differ (${onlyA} rows only in ${a}, ${onlyB} only in ${b}, ${countA} vs ${countB} rows, ${misplaced} out of place); e.g. ${JSON.stringify(sample, (_, v) => (typeof v === "bigint" ? Number(v) : v))}`,
    );
  }
  return Number(countA);
}

/** DuckDB's JSON profile of `query`: total latency, CPU time and the most expensive operators. */
async function profile(db, query, file) {
  await db.run(`PRAGMA enable_profiling='json'`);
  await db.run(`PRAGMA profiling_output=${quote(file)}`);
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE bench_profiled AS ${query}`);
  } finally {
    await db.run(`PRAGMA disable_profiling`);
    await db.run(`DROP TABLE IF EXISTS bench_profiled`);
  }
  const root = JSON.parse(readFileSync(file, "utf8"));
  rmSync(file, { force: true });
  const operators = [];
  const walk = (node) => {
    if (node.operator_name || node.operator_type) {
      const info = node.extra_info ?? {};
      const detail = info.Projections ?? info["Order By"] ?? info.Conditions ?? info.Function ?? "";
      operators.push({
        name: node.operator_name ?? node.operator_type,
        seconds: node.operator_timing ?? 0,
        rows: node.operator_cardinality,
        detail: Array.isArray(detail) ? detail.join(", ") : String(detail),
      });
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  operators.sort((a, b) => b.seconds - a.seconds);
  return { latency: root.latency, cpu: root.cpu_time, operators };
}

function printProfile(title, p, top = 6) {
  console.log(
    `  ${title}: ${p.latency.toFixed(2)} s, CPU ${p.cpu.toFixed(2)} s; most expensive operators (time summed over threads):`,
  );
  for (const op of p.operators.slice(0, top)) {
    const detail = op.detail.replace(/\s+/g, " ");
    console.log(
      `    ${op.seconds.toFixed(2).padStart(7)} s  ${op.name.padEnd(14)} ${detail.length > 150 ? detail.slice(0, 147) + "..." : detail}`,
    );
  }
}

/**
 * Part 2 for one Parquet file: the compiled query (over the runner's file view) and the hand-written one: the
 * check, alternating timed rounds, and (once) profiles.
 */
async function compare(label, parquet, plan, asOf, { detail, runnerCost }) {
  const db = await openDuckDb();
  try {
    // As the runner does: the columns the fields read typed keep their types (compileSql's inputTypes).
    const inputTypes = await defineFileView(db.connection, VIEW, parquet, "parquet", plan.fields, ROW, {
      key: plan.key,
    });
    const compiled = compileSql(plan, { dialect: "duckdb", table: VIEW, asOf, rowColumn: ROW, inputTypes }).accounts;
    const hand = handWrittenSql(parquet, asOf);
    const queries = [
      ["segform", compiled],
      ["hand", hand],
    ];

    // First runs: the correctness check (and warm-up: the file is in the page cache afterwards).
    const first = {};
    for (const [name, query] of queries) first[name] = await timeQuery(db, `out_${name}`, query);
    const rows = await assertSame(db, "out_segform", "out_hand", `${label}: compiled vs hand-written`);
    const [[icp, tier1, tier2, tier3]] = await db.rows(
      `SELECT count(*) FILTER (WHERE icp), count(*) FILTER (WHERE tier = 'tier1'), count(*) FILTER (WHERE tier = 'tier2'), count(*) FILTER (WHERE tier = 'tier3') FROM out_segform`,
    );
    console.log(
      `check: compiled and hand-written queries give the same ${fmt(rows)} rows in the same order (EXCEPT ALL both ways: 0 rows; ${fmt(Number(icp))} in the ICP, tiers ${tier1} / ${tier2} / ${tier3})`,
    );
    console.log(`first runs (not counted): ${queries.map(([name]) => `${name} ${secs(first[name])} s`).join(", ")}`);

    let runner = null;
    if (runnerCost) runner = await streamCost(db, plan, "out_segform");
    for (const [name] of queries) await db.run(`DROP TABLE out_${name}`);

    const times = { segform: [], hand: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...queries].reverse() : queries;
      for (const [name, query] of order) {
        times[name].push(await timeQuery(db, "bench_out", query));
        await db.run(`DROP TABLE bench_out`);
      }
    }
    const result = {
      label,
      rows,
      times,
      medians: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])),
      runner,
      load: load(),
    };
    result.ratio = result.medians.hand / result.medians.segform;
    for (const [name, title] of [
      ["segform", "segform (compiled query over the runner's file view)"],
      ["hand", "hand-written DuckDB query, same rules"],
    ]) {
      console.log(
        `  ${title.padEnd(54)} ${secs(result.medians[name]).padStart(7)} s   (${fmt(rows / (result.medians[name] / 1000))} accounts/s; rounds ${times[name].map(secs).join(" ")})`,
      );
    }
    console.log(
      `  ratio hand-written / segform: ${result.ratio.toFixed(2)} (target >= 0.90: ${result.ratio >= 0.9 ? "met" : "NOT met"})   [load ${result.load}]`,
    );

    if (detail) {
      result.profiles = {
        segform: await profile(db, compiled, join(tmpdir(), "segform-sql-bench-profile-segform.json")),
        hand: await profile(db, hand, join(tmpdir(), "segform-sql-bench-profile-hand.json")),
      };
      console.log(`profiles (${label}, DuckDB's JSON profiler, one run each):`);
      printProfile("segform", result.profiles.segform);
      printProfile("hand-written", result.profiles.hand);

      // The input view alone (Parquet columns to text), for scale.
      const ms = await timeQuery(db, "bench_step", `SELECT * FROM ${VIEW}`);
      await db.run(`DROP TABLE bench_step`);
      result.viewOnly = ms;
      console.log(`  input view only (Parquet columns to text: SELECT * FROM the view): ${secs(ms)} s`);
    }
    return result;
  } finally {
    db.close();
  }
}

/**
 * What the runner does with the result rows, without the query: stream a materialised result into Node a chunk at
 * a time (DuckDBDataChunk.getRows), read each row into the engine's result shape and format it as a CSV line
 * (the CLI's ResultFormatter), as `segform run --engine duckdb` does. And, for scale, DuckDB writing the same rows
 * as CSV itself.
 */
async function streamCost(db, plan, table) {
  const { AccountRowReader } = await import("../packages/sql/dist/runners/results.js");
  const { ResultFormatter } = await import("../packages/data/dist/index.js");
  const reader = new AccountRowReader(plan);
  const formatter = new ResultFormatter(plan, "csv", false);
  let t0 = performance.now();
  const result = await db.connection.stream(`SELECT * FROM ${table}`);
  let bytes = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    let text = "";
    for (const row of chunk.getRows()) text += formatter.row(reader.read(row), undefined);
    bytes += text.length;
  }
  const stream = performance.now() - t0;
  const out = join(tmpdir(), `segform-sql-bench-copy-${process.pid}.csv`);
  t0 = performance.now();
  await db.run(`COPY ${table} TO ${quote(out)} (HEADER)`);
  const copy = performance.now() - t0;
  rmSync(out, { force: true });
  console.log(
    `rows out of DuckDB: streaming the ${table} rows into Node and formatting them as the CLI does (the path for stdout, JSON and snapshots): ${secs(stream)} s (${(bytes / 1e6).toFixed(0)} MB of CSV); DuckDB's own COPY of the same rows to a CSV file (what run --out FILE.csv does): ${secs(copy)} s`,
  );
  return { stream, copy };
}

// ---------------------------------------------------------------------------------------------- end to end
async function sha256(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest("hex").slice(0, 16);
}

/** One `segform run` in a child process: wall clock (start-up included), the child's CPU time and peak RSS, the output's digest. */
async function runCli(label, runArgs) {
  const out = join(tmpdir(), `segform-sql-bench-${label}-${process.pid}.csv`);
  const usageFile = join(tmpdir(), `segform-sql-bench-usage-${label}-${process.pid}.json`);
  rmSync(usageFile, { force: true });
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ["--import", `./${RSS_HOOK}`, CLI, "run", SPEC, ...runArgs, "--out", out], {
    env: { ...process.env, SEGFORM_BENCH_USAGE: usageFile },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (child.status !== 0)
    throw new Error(`segform run ${runArgs.join(" ")} failed (${child.status}):\n${child.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8"));
  rmSync(usageFile, { force: true });
  const digest = await sha256(out);
  rmSync(out, { force: true });
  const summary = child.stderr
    .split("\n")
    .filter((l) => /accounts from|tiers:|segments:/.test(l))
    .join("\n");
  // The child's own peak (VmHWM): its maxRSS would include this process's RSS at fork time (see report-rss.mjs).
  return {
    seconds,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    maxRssKiB: usage.vmHWM ?? usage.maxRSS,
    digest,
    summary,
    load: load(),
  };
}

/** Up to RUNS runs (no new run starts once this measurement has taken 3 minutes); the fastest is reported. */
async function measure(label, title, runArgs, accountsCount) {
  const runs = [];
  const t0 = performance.now();
  do runs.push(await runCli(label, runArgs));
  while (runs.length < RUNS && performance.now() - t0 < 180_000);
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const rss = runs.map((r) => r.maxRssKiB);
  const result = {
    label,
    title,
    accounts: accountsCount,
    ...best,
    runs,
    rssMin: Math.min(...rss),
    rssMax: Math.max(...rss),
    digests: new Set(runs.map((r) => r.digest)),
  };
  console.log(
    `${title.padEnd(44)} ${secs(best.seconds * 1000).padStart(7)} s  ${fmt(accountsCount / best.seconds).padStart(9)} accounts/s  (CPU ${best.cpuSeconds.toFixed(1)} s; ` +
      `runs ${runs.map((r) => r.seconds.toFixed(1)).join(" ")} s)  peak RSS ${mib(result.rssMin)}-${mib(result.rssMax)} MiB  [load ${runs.map((r) => r.load.split(" ")[0]).join(" ")}]`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------- PostgreSQL
/**
 * Part 5: the 1M accounts in a throwaway PostgreSQL server. The table holds the CSV's cells as text plus
 * `segform_row` (the file order); the compiled query is timed as in part 2, then `segform run --engine postgres`
 * runs end to end and its output is compared with the JS engine's on the same CSV.
 */
async function postgresPart(plan, asOf) {
  const { startServer, stopServer } = await import("../scripts/postgres-test-server.mjs");
  const require = createRequire(join(ROOT, "packages", "sql", "package.json"));
  const pg = require("pg");
  const server = await startServer({ owner: process.pid, log: (line) => console.log(`postgres: ${line}`) });
  const client = new pg.Client({ connectionString: server.url });
  try {
    await client.connect();
    const [{ version }] = (await client.query("SELECT version()")).rows;
    console.log(`${version.split(" on ")[0]}, throwaway server (${server.url})`);
    const ident = (name) => `"${name.replace(/"/g, '""')}"`;
    let t0 = performance.now();
    // COPY fills a bigserial column in the order of the file's lines: that is the row number the CLI reads.
    const load = async (table, file, header) => {
      await client.query(
        `CREATE TABLE ${ident(table)} (segform_row bigserial, ${header.map((c) => `${ident(c)} text`).join(", ")})`,
      );
      const copy = `\\copy ${ident(table)} (${header.map(ident).join(", ")}) FROM '${file.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`;
      const psql = spawnSync(join(server.bin, "psql"), [server.url, "-q", "-v", "ON_ERROR_STOP=1", "-c", copy], {
        encoding: "utf8",
      });
      if (psql.status !== 0) throw new Error(`psql \\copy failed: ${psql.stderr}`);
      await client.query(`ANALYZE ${ident(table)}`);
    };
    await load("accounts", paths.csv1m, HEADER);
    // The quick start's contacts, for the roles column (as the JS run reads them from the spec's contacts.source).
    await load("contacts", "examples/quickstart/data/contacts.csv", [
      "ContactId",
      "AccountId",
      "Title",
      "Seniority",
      "Department",
    ]);
    console.log(`loaded ${paths.csv1m} in ${secs(performance.now() - t0)} s`);

    const query = compileSql(plan, { dialect: "postgres", table: "accounts", asOf, rowColumn: "segform_row" }).accounts;
    const times = [];
    for (let round = 0; round < Math.max(1, Math.min(ROUNDS, 3)); round++) {
      t0 = performance.now();
      await client.query(`CREATE TEMP TABLE bench_out AS ${query}`);
      times.push(performance.now() - t0);
      await client.query(`DROP TABLE bench_out`);
    }
    const result = { version, query: median(times), times };
    console.log(
      `  compiled segform query, 1M rows (CREATE TEMP TABLE AS): ${secs(result.query)} s (rounds ${times.map(secs).join(" ")})`,
    );

    result.e2e = await measure(
      "postgres-1m",
      "--engine postgres, 1M accounts, table",
      [
        "--engine",
        "postgres",
        "--url",
        server.url,
        "--table",
        "accounts",
        "--contacts-table",
        "contacts",
        "--row-column",
        "segform_row",
      ],
      1_000_000,
    );
    const js = await runCli("js-csv-1m-check", ["--data", paths.csv1m]);
    const same = result.e2e.digests.size === 1 && result.e2e.digests.has(js.digest);
    console.log(
      `check: the PostgreSQL and JS (CSV) outputs for 1M accounts ${same ? "are identical" : "DIFFER"} (sha256 ${[...new Set([...result.e2e.digests, js.digest])].join(", ")})`,
    );
    if (!same) process.exitCode = 1;
    return result;
  } finally {
    await client.end().catch(() => {});
    stopServer(server.dir);
  }
}

// ---------------------------------------------------------------------------------------------- main
console.log(`segform SQL backend benchmark`);
console.log(`machine: ${machine()}; load average ${load()}`);
try {
  const git = (...a) => execFileSync("git", a, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  console.log(
    `commit: ${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--", "packages") ? " (with local changes)" : ""}`,
  );
} catch {}
const { plan, asOf } = compile();
{
  const db = await openDuckDb();
  const [[version, threads, memory]] = await db.rows(
    `SELECT version(), current_setting('threads'), current_setting('memory_limit')`,
  );
  db.close();
  console.log(
    `DuckDB ${version} (@duckdb/node-api), ${threads} threads, memory limit ${memory}; rules: ${SPEC} (as of ${asOf}, tier1 capacity ${plan.tiers[0].capacity})`,
  );
}
await ensureData();

const results = { compare: [], e2e: {} };
if (ONLY.has("compare")) {
  const files = { "1m": [paths.parquet1m, 1_000_000], "10m": [paths.parquet, TOTAL] };
  for (const [i, size] of COMPARE.entries()) {
    if (!files[size]) throw new Error(`--compare: unknown size ${size} (use 1m, 10m)`);
    const [file, count] = files[size];
    console.log(
      `\n== DuckDB backend vs hand-written DuckDB query: ${fmt(count)} accounts from ${file}, CREATE TEMP TABLE AS, ${ROUNDS} alternating rounds each, median`,
    );
    results.compare.push(
      await compare(size, file, plan, asOf, { detail: i === 0, runnerCost: i === COMPARE.length - 1 }),
    );
  }
}

if (ONLY.has("duckdb") || ONLY.has("js")) {
  console.log(
    `\n== end to end: segform run ${SPEC} --data FILE --out FILE.csv (child process; up to ${RUNS} runs, best reported; wall clock incl. start-up; peak RSS lowest-highest)`,
  );
}
if (ONLY.has("duckdb")) {
  results.e2e.duckdb = await measure(
    "duckdb-parquet-10m",
    "--engine duckdb, 10M accounts, Parquet",
    ["--engine", "duckdb", "--data", paths.parquet],
    TOTAL,
  );
  console.log(`target <= 15 s: ${results.e2e.duckdb.seconds <= 15 ? "met" : "NOT met"}`);
}
if (ONLY.has("js")) {
  results.e2e.js = await measure("js-csv-10m", "--engine js, 10M accounts, CSV", ["--data", paths.csv], TOTAL);
  // The 1M CSV is the engine benchmark's (`pnpm bench` writes it).
  if (existsSync(paths.csv1m))
    results.e2e.js1m = await measure(
      "js-csv-1m",
      "--engine js, 1M accounts, CSV (for scale)",
      ["--data", paths.csv1m],
      1_000_000,
    );
  else console.log(`(${paths.csv1m} is missing, so no 1M run for scale: run \`pnpm bench\` once to write it)`);
  const peak = results.e2e.js.rssMax * 1024;
  const scale = results.e2e.js1m
    ? `; peak RSS 10M / 1M: ${(results.e2e.js.rssMax / results.e2e.js1m.rssMax).toFixed(2)}x (highest of the runs)`
    : "";
  console.log(
    `target <= 300 MB peak RSS (JS engine, 10M): ${peak <= 300e6 ? "met" : "NOT met"} (${(peak / 1e6).toFixed(0)} MB at most)${scale}`,
  );
}
if (results.e2e.duckdb && results.e2e.js) {
  const digests = new Set([...results.e2e.duckdb.digests, ...results.e2e.js.digests]);
  console.log(
    `check: the DuckDB (Parquet) and JS (CSV) outputs for 10M accounts ${digests.size === 1 ? "are identical" : "DIFFER"} (sha256 ${[...digests].join(", ")})`,
  );
  if (digests.size !== 1) process.exitCode = 1;
}
if (ONLY.has("postgres")) {
  console.log(`\n== PostgreSQL: 1,000,000 accounts from ${paths.csv1m} in a table`);
  if (existsSync(paths.csv1m)) results.postgres = await postgresPart(plan, asOf);
  else console.log(`(${paths.csv1m} is missing: run \`pnpm bench\` once to write it)`);
}
for (const run of [results.e2e.duckdb, results.e2e.js].filter(Boolean))
  console.log(`summary (${run.title}):\n${run.summary.replace(/^/gm, "  ")}`);
console.log(`\nload average at the end: ${load()}`);
