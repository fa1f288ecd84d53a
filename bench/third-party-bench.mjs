#!/usr/bin/env node
// segform on a project it was not written for (issue #18), not a test: `npx -y pnpm@10 bench:third-party`.
//
// The project: bench/third-party/segments.yaml (20 fields with `case:`, `null_values`, thousands separators, dates
// with time suffixes, two list fields; a broad ICP, a 14-criterion fit score, three tiers, six first-match
// segments). The data: bench/third-party/accounts.mjs, seeded, written once to bench/data/third-party-<n>.csv (the
// CRM export, all text, ~1% dirty rows), .jsonl (the same text as JSON strings) and .parquet (typed: numbers,
// timestamps, booleans and lists as a warehouse holds them, dirty values NULL; written by DuckDB from the CSV).
//
// 1. Cross-check, before anything is timed (exit 1 on the first disagreement): the hand-written streaming script
//    (bench/third-party/hand-written.mjs) over the CSV is the reference; `segform run` with the JS engine over CSV
//    and JSONL and with the DuckDB engine over Parquet and CSV must write the same bytes; the hand-written DuckDB
//    query over the Parquet file must give the same rows.
// 2. End to end, interleaved rounds (child processes; wall, CPU = user + sys, peak RSS from bench/report-rss.mjs),
//    medians; ratios against the hand-written script.
// 3. DuckDB queries alone, in one in-memory database with the runner's settings: the compiled query over the
//    runner's Parquet view vs the hand-written query over the Parquet columns (CREATE TEMP TABLE AS), interleaved,
//    medians, ratio hand-written / segform, and DuckDB's profile of each.
//
// Options: --rows 100k|1m|10m (default 1m)   --rounds N (default 3)   --query-rounds N (default: --rounds)
//          --regenerate   --skip-e2e   --skip-query
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
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
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { compileProject } from "../packages/compiler/dist/index.js";
import { compileSql } from "../packages/sql/dist/index.js";
import { defineFileView } from "../packages/sql/dist/runners/duckdb-input.js";
import { AS_OF, GENERATOR_VERSION, HEADER, SEED, accounts, csvCell } from "./third-party/accounts.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
const SPEC = join("bench", "third-party", "segments.yaml");
const HAND = join("bench", "third-party", "hand-written.mjs");
const CLI = join("packages", "cli", "dist", "bin.js");
const RSS_HOOK = join("bench", "report-rss.mjs");
const DATA = join("bench", "data");
const { DuckDBInstance } = await import(
  pathToFileURL(createRequire(join(ROOT, "packages", "sql", "package.json")).resolve("@duckdb/node-api")).href
);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const SIZE = option("--rows", "1m");
const TOTAL = { "1m": 1_000_000, "10m": 10_000_000, "100k": 100_000 }[SIZE];
if (!TOTAL) throw new Error(`--rows 100k, 1m or 10m, not ${SIZE}`);
const ROUNDS = Number(option("--rounds", 3));
const QUERY_ROUNDS = Number(option("--query-rounds", ROUNDS));
const secs = (ms) => (ms / 1000).toFixed(2);
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const quote = (text) => `'${text.replace(/'/g, "''")}'`;

function machine() {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? model;
  } catch {}
  return `${model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;
}

async function openDuckDb() {
  const spill = mkdtempSync(join(tmpdir(), "segform-third-party-"));
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

// ---------------------------------------------------------------------------------------------- data
const paths = {
  csv: join(DATA, `third-party-${SIZE}.csv`),
  jsonl: join(DATA, `third-party-${SIZE}.jsonl`),
  parquet: join(DATA, `third-party-${SIZE}.parquet`),
  stamp: join(DATA, `third-party-${SIZE}.stamp.json`),
};
const STAMP = JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, total: TOTAL, parquet: "ordered" });

/** The typed Parquet columns, from the CSV's text (the reading a warehouse load would do; dirty values NULL). */
function typedColumns() {
  const t = (column) => `nullif(trim("${column}"), '')`;
  const whole = (column) =>
    `CASE WHEN regexp_full_match(${t(column)}, '[+-]?\\d{1,3}(,\\d{3})+') THEN CAST(replace(${t(column)}, ',', '') AS BIGINT) WHEN regexp_full_match(${t(column)}, '[+-]?\\d+') THEN CAST(${t(column)} AS BIGINT) END AS "${column}"`;
  const decimal = (column) =>
    `CASE WHEN regexp_full_match(${t(column)}, '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?') THEN CAST(replace(${t(column)}, ',', '') AS DOUBLE) WHEN regexp_full_match(${t(column)}, '[+-]?(\\d+\\.?\\d*|\\.\\d+)') THEN CAST(${t(column)} AS DOUBLE) END AS "${column}"`;
  const timestamp = (column) =>
    `CASE WHEN regexp_full_match(${t(column)}, '\\d{4}-\\d{2}-\\d{2}([T ].*)?') THEN CAST(replace(replace(${t(column)}, 'T', ' '), 'Z', '') AS TIMESTAMP) END AS "${column}"`;
  const list = (column, separator) =>
    `CASE WHEN ${t(column)} IS NOT NULL THEN string_split("${column}", ${quote(separator)}) END AS "${column}"`;
  const flag = (column) =>
    `CASE WHEN lower(${t(column)}) IN ('true', 't', 'yes', 'y', '1') THEN TRUE WHEN lower(${t(column)}) IN ('false', 'f', 'no', 'n', '0') THEN FALSE END AS "${column}"`;
  const text = (column) => `"${column}"`;
  return [
    text("Account ID"),
    text("Company"),
    whole("Employees"),
    decimal("Annual Revenue"),
    text("Industry"),
    text("Country"),
    text("Region"),
    list("Technologies", ";"),
    list("Intent Topics", "|"),
    text("Plan"),
    whole("Web Visits 30d"),
    decimal("Intent Score"),
    timestamp("Last Activity"),
    timestamp("Renewal Date"),
    flag("Is Customer"),
    whole("Open Opportunities"),
    whole("NPS"),
    text("Funding Stage"),
    text("Account Owner"),
    decimal("Headcount Growth"),
  ].join(",\n    ");
}

async function generate() {
  if (
    !args.includes("--regenerate") &&
    existsSync(paths.stamp) &&
    readFileSync(paths.stamp, "utf8") === STAMP &&
    existsSync(paths.csv) &&
    existsSync(paths.jsonl) &&
    existsSync(paths.parquet)
  )
    return;
  mkdirSync(DATA, { recursive: true });
  const t0 = performance.now();
  const csv = openSync(paths.csv + ".tmp", "w");
  const jsonl = openSync(paths.jsonl + ".tmp", "w");
  let csvText = HEADER.map(csvCell).join(",") + "\n";
  let jsonText = "";
  for (const row of accounts(TOTAL)) {
    csvText += row.map(csvCell).join(",") + "\n";
    const object = {};
    for (let i = 0; i < HEADER.length; i++) object[HEADER[i]] = row[i];
    jsonText += JSON.stringify(object) + "\n";
    if (csvText.length > 1 << 20) writeSync(csv, csvText), (csvText = "");
    if (jsonText.length > 1 << 20) writeSync(jsonl, jsonText), (jsonText = "");
  }
  writeSync(csv, csvText);
  writeSync(jsonl, jsonText);
  closeSync(csv);
  closeSync(jsonl);
  renameSync(paths.csv + ".tmp", paths.csv);
  renameSync(paths.jsonl + ".tmp", paths.jsonl);
  // ORDER BY: a parallel COPY does not keep the CSV's order (ids ascend in file order).
  const db = await openDuckDb();
  try {
    await db.run(
      `COPY (SELECT ${typedColumns()} FROM read_csv(${quote(paths.csv)}, header = true, all_varchar = true, quote = '"', escape = '"') ORDER BY "Account ID") TO ${quote(paths.parquet + ".tmp")} (FORMAT parquet)`,
    );
  } finally {
    db.close();
  }
  renameSync(paths.parquet + ".tmp", paths.parquet);
  writeFileSync(paths.stamp, STAMP);
  const mb = (path) => (statSync(path).size / 1e6).toFixed(0);
  console.log(
    `generated ${fmt(TOTAL)} accounts in ${secs(performance.now() - t0)} s: CSV ${mb(paths.csv)} MB, JSONL ${mb(paths.jsonl)} MB, Parquet ${mb(paths.parquet)} MB`,
  );
}

// ---------------------------------------------------------------------------------------------- end to end
const OUT = mkdtempSync(join(tmpdir(), "segform-third-party-out-"));
process.on("exit", () => rmSync(OUT, { recursive: true, force: true }));

const RUNS = {
  hand: { title: "hand-written streaming script, CSV", command: (out) => [HAND, paths.csv, out] },
  "js-csv": {
    title: "segform run --engine js, CSV",
    command: (out) => [CLI, "run", SPEC, "--data", paths.csv, "--out", out, "--quiet"],
  },
  "js-jsonl": {
    title: "segform run --engine js, JSONL",
    command: (out) => [CLI, "run", SPEC, "--data", paths.jsonl, "--out", out, "--quiet"],
  },
  "duckdb-parquet": {
    title: "segform run --engine duckdb, Parquet",
    command: (out) => [CLI, "run", SPEC, "--engine", "duckdb", "--data", paths.parquet, "--out", out, "--quiet"],
  },
  "duckdb-csv": {
    title: "segform run --engine duckdb, CSV",
    command: (out) => [CLI, "run", SPEC, "--engine", "duckdb", "--data", paths.csv, "--out", out, "--quiet"],
  },
};

/** One run in a child process: wall time, CPU (user + sys) and peak RSS of the child, and its output's digest. */
function runOnce(name) {
  const out = join(OUT, `${name}.csv`);
  const usage = join(OUT, `${name}.usage.json`);
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(join(ROOT, RSS_HOOK)).href, ...RUNS[name].command(out)],
    {
      env: { ...process.env, SEGFORM_BENCH_USAGE: usage },
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  const wall = performance.now() - t0;
  if (child.status !== 0)
    throw new Error(`${RUNS[name].title} failed (exit ${child.status}):\n${child.stderr.slice(0, 2000)}`);
  const used = JSON.parse(readFileSync(usage, "utf8"));
  const bytes = readFileSync(out);
  return {
    wall,
    cpu: (used.userCPUTime + used.systemCPUTime) / 1000,
    rss: (used.vmHWM ?? used.maxRSS) / 1024,
    digest: createHash("sha256").update(bytes).digest("hex"),
    out,
    warnings: (child.stderr.match(/warning SEG/g) ?? []).length,
  };
}

function firstDifference(a, b) {
  const x = readFileSync(a, "utf8").split("\n");
  const y = readFileSync(b, "utf8").split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if (x[i] !== y[i]) return `line ${i + 1}: ${JSON.stringify(x[i])} vs ${JSON.stringify(y[i])}`;
  return "none";
}

// ---------------------------------------------------------------------------------------------- DuckDB queries
const VIEW = "segform_accounts";
const ROW = "segform_row";
const dayOffset = (days) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The rules as a data engineer writes them in DuckDB over the typed Parquet columns (text columns trimmed and folded). */
function handWrittenSql(parquet) {
  return `
WITH a AS (
  SELECT
    file_row_number AS rn,
    "Account ID" AS account_id,
    "Employees" AS employees,
    "Annual Revenue" AS revenue,
    lower(trim("Industry")) AS industry,
    upper(trim("Country")) AS country,
    upper(trim("Region")) AS region,
    list_transform("Technologies", x -> lower(trim(x))) AS tech,
    list_filter(list_transform("Intent Topics", x -> lower(trim(x))), x -> x <> '') AS topics,
    coalesce("Web Visits 30d", 0) AS visits,
    coalesce("Intent Score", 0) AS intent,
    CAST("Last Activity" AS DATE) AS last_activity,
    CAST("Renewal Date" AS DATE) AS renewal,
    coalesce("Is Customer", FALSE) AS customer,
    coalesce("Open Opportunities", 0) AS open_opps,
    "NPS" AS nps,
    lower(trim("Funding Stage")) AS funding,
    lower(trim("Account Owner")) AS owner,
    "Headcount Growth" AS growth
  FROM read_parquet(${quote(parquet)}, file_row_number = true)
),
s AS (
  SELECT
    rn, account_id, industry, tech, topics, intent, last_activity, renewal, customer, open_opps, nps,
    (coalesce(employees >= 20, FALSE) OR coalesce(revenue >= 2000000, FALSE) OR customer)
      AND NOT (coalesce(industry = 'government', FALSE) OR coalesce(country IN ('CU', 'IR', 'KP'), FALSE) OR coalesce(ends_with(owner, '@competitor.com'), FALSE)) AS icp,
    coalesce(list_has_any(tech, ['snowflake', 'databricks', 'bigquery']), FALSE) AS on_warehouse,
    least(100, greatest(0,
        CASE WHEN employees BETWEEN 200 AND 5000 THEN 15 ELSE 0 END
      + CASE WHEN employees > 5000 THEN 10 ELSE 0 END
      + CASE WHEN revenue >= 10000000 THEN 10 ELSE 0 END
      + CASE WHEN industry IN ('software', 'fintech', 'saas') THEN 15 ELSE 0 END
      + CASE WHEN region IN ('NA', 'EMEA') THEN 10 ELSE 0 END
      + CASE WHEN list_has_any(tech, ['snowflake', 'databricks', 'bigquery']) THEN 10 ELSE 0 END
      + CASE WHEN list_has_all(tech, ['dbt', 'segment']) THEN 5 ELSE 0 END
      + CASE WHEN list_has_any(topics, ['reverse-etl', 'data-activation', 'cdp']) THEN 10 ELSE 0 END
      + CASE WHEN intent >= 70 THEN 10 ELSE 0 END
      + CASE WHEN last_activity BETWEEN DATE '${dayOffset(-30)}' AND DATE '${AS_OF}' THEN 10 ELSE 0 END
      + CASE WHEN visits >= 1000 THEN 5 ELSE 0 END
      + CASE WHEN funding IN ('series_b', 'series_c', 'growth') THEN 5 ELSE 0 END
      + CASE WHEN growth > 10 THEN 5 ELSE 0 END
      + CASE WHEN customer THEN -20 ELSE 0 END)) AS fit,
    least(100, greatest(0, intent)) AS engagement
  FROM a
)
SELECT
  account_id, icp, CAST(fit AS DOUBLE) AS fit, CAST(engagement AS DOUBLE) AS engagement,
  CASE WHEN icp THEN CASE WHEN fit >= 70 AND engagement >= 50 THEN 'tier-a' WHEN fit >= 50 THEN 'tier-b' WHEN fit >= 30 THEN 'tier-c' END END AS tier,
  CASE
    WHEN NOT icp THEN NULL
    WHEN customer AND open_opps >= 1 THEN 'expansion'
    WHEN renewal BETWEEN DATE '${AS_OF}' AND DATE '${dayOffset(90)}' AND nps < 0 THEN 'renewal-risk'
    WHEN on_warehouse AND industry IN ('software', 'saas') THEN 'warehouse-native'
    WHEN industry = 'fintech' THEN 'fintech'
    WHEN len(topics) >= 3 OR last_activity BETWEEN DATE '${dayOffset(-7)}' AND DATE '${AS_OF}' THEN 'in-market'
    ELSE 'other'
  END AS segment
FROM s
ORDER BY rn`;
}

async function timeQuery(db, table, query) {
  const t0 = performance.now();
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${query}`);
  return performance.now() - t0;
}

async function profile(db, query) {
  const file = join(OUT, "profile.json");
  await db.run(`PRAGMA enable_profiling='json'`);
  await db.run(`PRAGMA profiling_output=${quote(file)}`);
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE bench_profiled AS ${query}`);
  } finally {
    await db.run(`PRAGMA disable_profiling`);
    await db.run(`DROP TABLE IF EXISTS bench_profiled`);
  }
  const root = JSON.parse(readFileSync(file, "utf8"));
  const operators = [];
  const walk = (node) => {
    if (node.operator_name || node.operator_type) {
      const info = node.extra_info ?? {};
      const detail = info.Projections ?? info.Function ?? info.Conditions ?? "";
      operators.push({
        name: node.operator_name ?? node.operator_type,
        seconds: node.operator_timing ?? 0,
        detail: Array.isArray(detail) ? detail.join(", ") : String(detail),
      });
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(root);
  operators.sort((a, b) => b.seconds - a.seconds);
  return { latency: root.latency, cpu: root.cpu_time, operators };
}

async function queries(plan) {
  const db = await openDuckDb();
  try {
    // As the runner does: the columns the fields read typed keep their types (compileSql's inputTypes).
    const inputTypes = await defineFileView(db.connection, VIEW, paths.parquet, "parquet", plan.fields, ROW, {
      key: plan.key,
    });
    const compiled = compileSql(plan, {
      dialect: "duckdb",
      table: VIEW,
      asOf: AS_OF,
      rowColumn: ROW,
      inputTypes,
    }).accounts;
    const hand = handWrittenSql(paths.parquet);
    const both = [
      ["segform", compiled],
      ["hand", hand],
    ];
    for (const [name, query] of both) await timeQuery(db, `out_${name}`, query);
    const columns = `account_id, icp, CAST(fit AS DOUBLE) AS fit, CAST(engagement AS DOUBLE) AS engagement, tier, segment`;
    const [[onlySegform, onlyHand, misplaced, rows]] = await db.rows(`
      WITH x AS (SELECT row_number() OVER () AS n, ${columns} FROM out_segform), y AS (SELECT row_number() OVER () AS n, ${columns} FROM out_hand)
      SELECT (SELECT count(*) FROM (SELECT * FROM x EXCEPT ALL SELECT * FROM y)), (SELECT count(*) FROM (SELECT * FROM y EXCEPT ALL SELECT * FROM x)),
             (SELECT count(*) FROM x JOIN y USING (n) WHERE x.account_id IS DISTINCT FROM y.account_id), (SELECT count(*) FROM x)`);
    if (onlySegform !== 0n || onlyHand !== 0n || misplaced !== 0n || Number(rows) !== TOTAL) {
      const sample = await db.rows(
        `SELECT ${columns} FROM out_segform EXCEPT ALL SELECT ${columns} FROM out_hand LIMIT 3`,
      );
      console.error(
        `DISAGREE: compiled query vs hand-written DuckDB query: ${onlySegform} rows only in segform's, ${onlyHand} only in the hand-written, ${misplaced} out of place, ${rows} rows; e.g. ${JSON.stringify(sample, (_, v) => (typeof v === "bigint" ? Number(v) : v))}`,
      );
      process.exit(1);
    }
    console.log(
      `check: the compiled query and the hand-written DuckDB query give the same ${fmt(Number(rows))} rows in the same order`,
    );
    for (const [name] of both) await db.run(`DROP TABLE out_${name}`);
    const times = { segform: [], hand: [] };
    for (let round = 0; round < QUERY_ROUNDS; round++) {
      for (const [name, query] of round % 2 ? [...both].reverse() : both) {
        times[name].push(await timeQuery(db, "bench_out", query));
        await db.run("DROP TABLE bench_out");
      }
    }
    const segform = median(times.segform);
    const handMs = median(times.hand);
    console.log(
      `  segform (compiled query over the runner's Parquet view)  ${secs(segform).padStart(6)} s   (rounds ${times.segform.map(secs).join(" ")})`,
    );
    console.log(
      `  hand-written DuckDB query over the Parquet columns       ${secs(handMs).padStart(6)} s   (rounds ${times.hand.map(secs).join(" ")})`,
    );
    console.log(
      `  ratio hand-written / segform: ${(handMs / segform).toFixed(2)} (target >= 0.90: ${handMs / segform >= 0.9 ? "met" : "NOT met"})   [load ${load()}]`,
    );
    const viewOnly = await timeQuery(db, "bench_view", `SELECT * FROM ${VIEW}`);
    console.log(
      `  the runner's Parquet view alone (${Object.keys(inputTypes).length} columns typed, the others to text): ${secs(viewOnly)} s`,
    );
    for (const [name, query] of both) {
      const p = await profile(db, query);
      console.log(`  profile, ${name}: ${p.latency.toFixed(2)} s, CPU ${p.cpu.toFixed(2)} s; top operators:`);
      for (const op of p.operators.slice(0, 4))
        console.log(
          `    ${op.seconds.toFixed(2).padStart(6)} s  ${op.name.padEnd(14)} ${op.detail.replace(/\s+/g, " ").slice(0, 140)}`,
        );
    }
    return handMs / segform;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------- main
console.log(`machine: ${machine()}; load ${load()}`);
await generate();
const compiledProject = compileProject(SPEC, {
  read: (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined),
  resolve: (from, rel) => join(dirname(from), rel),
});
if (!compiledProject.plan)
  throw new Error(`${SPEC} does not compile: ${compiledProject.diagnostics.map((d) => d.message).join("; ")}`);
const plan = compiledProject.plan;

// 1. Cross-check (these first runs are not counted).
const names = Object.keys(RUNS);
const first = Object.fromEntries(names.map((name) => [name, runOnce(name)]));
for (const name of names.slice(1)) {
  if (first[name].digest !== first.hand.digest) {
    console.error(
      `DISAGREE: ${RUNS[name].title} and the hand-written script write different output; first difference at ${firstDifference(first.hand.out, first[name].out)}`,
    );
    process.exit(1);
  }
}
const summary = readFileSync(first.hand.out, "utf8");
const icp = (summary.match(/,true,/g) ?? []).length;
console.log(
  `check: ${names.length} runs write the same ${fmt(TOTAL)} rows (sha256 ${first.hand.digest.slice(0, 16)}; ${fmt(icp)} in the ICP; segform reported ${first["js-csv"].warnings} data warnings, capped)`,
);

const ratios = {};
if (!args.includes("--skip-e2e")) {
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) samples[name].push(runOnce(name));
  }
  console.log(`\nend to end, ${fmt(TOTAL)} accounts, ${ROUNDS} interleaved rounds, medians   [load ${load()}]`);
  console.log(
    `  ${"run".padEnd(40)} ${"wall".padStart(8)} ${"CPU".padStart(8)} ${"peak RSS".padStart(9)}  accounts/s (CPU)`,
  );
  const med = {};
  for (const name of names) {
    const s = samples[name];
    med[name] = {
      wall: median(s.map((x) => x.wall)),
      cpu: median(s.map((x) => x.cpu)),
      rss: Math.max(...s.map((x) => x.rss)),
    };
    console.log(
      `  ${RUNS[name].title.padEnd(40)} ${(secs(med[name].wall) + " s").padStart(8)} ${(secs(med[name].cpu) + " s").padStart(8)} ${(med[name].rss.toFixed(0) + " MiB").padStart(9)}  ${fmt(TOTAL / (med[name].cpu / 1000))}`,
    );
  }
  ratios.jsCpu = med.hand.cpu / med["js-csv"].cpu;
  ratios.jsWall = med.hand.wall / med["js-csv"].wall;
  console.log(
    `  JS engine throughput / hand-written script's: ${ratios.jsCpu.toFixed(2)}x by CPU, ${ratios.jsWall.toFixed(2)}x by wall (target >= 2x: ${ratios.jsCpu >= 2 ? "met" : "NOT met"})`,
  );
  console.log(
    `  peak RSS (max over rounds): js ${med["js-csv"].rss.toFixed(0)} MiB, duckdb Parquet ${med["duckdb-parquet"].rss.toFixed(0)} MiB, duckdb CSV ${med["duckdb-csv"].rss.toFixed(0)} MiB (target <= 300 MiB at 10M)`,
  );
}
if (!args.includes("--skip-query")) {
  console.log(`\nDuckDB queries alone, ${fmt(TOTAL)} accounts, Parquet`);
  ratios.duckdb = await queries(plan);
}
