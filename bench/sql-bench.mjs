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
//    expensive operators) and times a few variants of the compiled query that isolate where its time goes.
// 3. End to end: `segform run --engine duckdb --data accounts-10m.parquet` (and the 10M CSV) in a child process:
//    wall clock, CPU, peak RSS (bench/report-rss.mjs).
// 4. End to end: `segform run --data accounts-10m.csv` with the JS engine (streaming): wall clock, CPU, peak RSS;
//    the same at 1M for the flat-memory ratio. All engines' outputs must be byte-identical.
//
// Options: --regenerate    rebuild the 10M data files
//          --rounds N      timed rounds per query in the comparison (default 5; medians are reported)
//          --runs N        runs of each end-to-end measurement (default 3; the best time is reported)
//          --compare LIST  row counts for the comparison (default 1m,10m)
//          --only LIST     parts to run: compare, duckdb, js (default all)
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
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
const { DuckDBInstance } = await import(pathToFileURL(createRequire(join(ROOT, "packages", "sql", "package.json")).resolve("@duckdb/node-api")).href);

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const ROUNDS = Number(option("--rounds", 5));
const RUNS = Number(option("--runs", 3));
const COMPARE = option("--compare", "1m,10m").split(",").filter(Boolean);
const ONLY = new Set(option("--only", "compare,duckdb,js").split(","));

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
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

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
  const expected = JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, total: TOTAL, parquet: PARQUET_TYPES }) + "\n";
  const fresh = existsSync(paths.stamp) && readFileSync(paths.stamp, "utf8") === expected && [paths.csv, paths.parquet, paths.parquet1m].every((p) => existsSync(p));
  if (fresh && !flag("--regenerate")) {
    console.log(`data: ${paths.csv} (${(statSync(paths.csv).size / 1e9).toFixed(2)} GB), ${paths.parquet} (${(statSync(paths.parquet).size / 1e6).toFixed(0)} MB), reused (--regenerate to rebuild)`);
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
  console.log(`generated ${fmt(TOTAL)} accounts as CSV in ${secs(performance.now() - t0)} s (${(statSync(paths.csv).size / 1e9).toFixed(2)} GB)`);

  t0 = performance.now();
  const db = await DuckDBInstance.create(":memory:", { preserve_insertion_order: "true" });
  const connection = await db.connect();
  try {
    const tmp = paths.parquet + ".partial";
    await connection.run(`COPY (SELECT * FROM ${csvReader(paths.csv)}) TO ${quote(tmp)} (FORMAT parquet)`);
    renameSync(tmp, paths.parquet);
    console.log(`wrote ${paths.parquet} with DuckDB in ${secs(performance.now() - t0)} s (${(statSync(paths.parquet).size / 1e6).toFixed(0)} MB)`);
    t0 = performance.now();
    const tmp1m = paths.parquet1m + ".partial";
    await connection.run(`COPY (SELECT * EXCLUDE (file_row_number) FROM read_parquet(${quote(paths.parquet)}, file_row_number=true) WHERE file_row_number < 1000000 ORDER BY file_row_number) TO ${quote(tmp1m)} (FORMAT parquet)`);
    renameSync(tmp1m, paths.parquet1m);
    console.log(`wrote ${paths.parquet1m} (its first 1,000,000 rows) in ${secs(performance.now() - t0)} s`);
  } finally {
    connection.closeSync();
    db.closeSync();
  }
  writeFileSync(paths.stamp, expected);
}

await ensureData();
