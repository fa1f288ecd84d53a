#!/usr/bin/env node
// segform serve benchmark (not a test): `npx -y pnpm@10 bench:serve` (builds first).
//
// 1. In process: one account evaluated by the compiled engine (prepare + finish over coerced values), the whole
//    ad-hoc path of POST /v1/evaluate (coercion from JSON attributes, capacity cut-off, explanation), and the
//    OFREP answer for a loaded account (lookup + flag), in µs per account (median of rounds).
// 2. Over HTTP, from this process, against `segform serve` in a child process (the real CLI, default settings:
//    JSON request log on, rate limiter on with a limit above the load): autocannon on
//    GET /v1/accounts/{key} and POST /ofrep/v1/evaluate/flags/tier (keys cycle over 1,000 loaded accounts),
//    at full speed (16 connections) and at a fixed 5,000 requests/s; on the quick start (800 accounts) and on
//    a 1M-account membership (a generated `segform run` CSV, loaded with --membership).
// The machine's load average is printed before and after: other work on the machine moves these numbers.
//
// Options: --seconds N   duration of each HTTP run (default 10)
//          --skip-1m     only the quick start
//          --log-level L the server's log level (default info: one JSON line per request)
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

import { compileProject } from "../packages/compiler/dist/index.js";
import { evaluateAdHoc, evaluateFlag, StateHolder, stateFromData, subjectOf } from "../packages/serve/dist/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
const SPEC = "segments.example.yaml";
const CLI = join("packages", "cli", "dist", "bin.js");
const MEMBERSHIP_1M = join("bench", "data", "membership-1m.csv");
const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1]) || 10;
const skip1m = args.includes("--skip-1m");
const logLevel = args.includes("--log-level") ? args[args.indexOf("--log-level") + 1] : "info";

const log = (text) => process.stdout.write(`${text}\n`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}; load average (1/5/15 min) at start: ${load()}`,
);

// ---- 1. in process ----
const reader = {
  read: (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined),
  resolve: (from, relative) => join(dirname(from), relative),
};
const { plan } = compileProject(SPEC, reader);
const state = await stateFromData({
  plan,
  asOf: "2026-11-01",
  definitions: SPEC,
  data: "examples/quickstart/data/accounts.csv",
  contacts: "examples/quickstart/data/contacts.csv",
});
const holder = new StateHolder(state);
const attributes = {
  account_id: "new-1",
  employees: 500,
  region: "NA",
  industry: "software",
  tech: "dbt;snowflake",
  warehouse: "snowflake",
  intent_score: 70,
  last_visit: "2026-10-10",
  demo_requested: false,
};
const values = state.engine.coercer.fromObject({
  Id: "new-1",
  NumberOfEmployees: "500",
  Region: "NA",
  Industry: "software",
  Technologies: "dbt;snowflake",
  Data_Warehouse__c: "snowflake",
  Intent_Score__c: "70",
  Last_Pricing_Visit__c: "2026-10-10",
});
const keys = [...state.labels.keys()];

function perCall(name, rounds, iterations, body) {
  const samples = [];
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) body(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1000 / iterations);
  }
  samples.sort((a, b) => a - b);
  log(
    `  ${name.padEnd(58)} ${samples[samples.length >> 1].toFixed(2).padStart(8)} µs (median of ${rounds} rounds of ${iterations.toLocaleString("en-US")})`,
  );
}
log("\nin process (quick start plan):");
let sink = 0;
perCall("engine: prepare + finish, coerced values (one account)", 21, 200_000, (i) => {
  const prepared = state.engine.prepare(values, i);
  sink += state.engine.finish(prepared).scores[0];
});
perCall("ad hoc: POST /v1/evaluate's work (coerce, cut-off, explain)", 21, 20_000, () => {
  sink += evaluateAdHoc(holder.current, attributes, "zzz").label.scores[0];
});
perCall("OFREP tier flag of a loaded account (lookup + flag)", 21, 200_000, (i) => {
  const subject = subjectOf(holder.current, { targetingKey: keys[i % keys.length] });
  sink += evaluateFlag(holder.current, "tier", subject).reason.length;
});
if (sink === 0.5) log("(unreachable)");

// ---- 2. over HTTP ----
async function startServer(extra) {
  const started = performance.now();
  mkdirSync(join("bench", "data"), { recursive: true });
  const logFile = createWriteStream(join("bench", "data", "serve-bench.log"));
  const child = spawn(
    process.execPath,
    [CLI, "serve", SPEC, "--port", "0", "--no-watch", "--rate-limit", "1000000", "--log-level", logLevel, ...extra],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  const url = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      stderr += chunk;
      const match = /segform serve: (http:\/\/[\d.]+:\d+)/.exec(stderr);
      if (!match) return;
      // From here on the request log goes straight to a file (it is a line per request).
      child.stderr.off("data", onData);
      logFile.write(stderr);
      child.stderr.pipe(logFile);
      log(`  (server ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      resolve(match[1]);
    };
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve exited (${code}):\n${stderr.slice(-2000)}`)));
  });
  return { url, stop: () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM"))) };
}

function cannon(url, sampleKeys, kind, rate) {
  let i = 0;
  const request =
    kind === "get"
      ? {
          method: "GET",
          setupRequest: (req) => ({
            ...req,
            path: `/v1/accounts/${encodeURIComponent(sampleKeys[i++ % sampleKeys.length])}`,
          }),
        }
      : {
          method: "POST",
          path: "/ofrep/v1/evaluate/flags/tier",
          headers: { "content-type": "application/json" },
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ context: { targetingKey: sampleKeys[i++ % sampleKeys.length] } }),
          }),
        };
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url,
        duration: seconds,
        connections: rate ? 8 : 16,
        ...(rate ? { overallRate: rate } : {}),
        requests: [request],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
}

async function httpRuns(label, extra, sampleKeys) {
  const server = await startServer(extra);
  log(`\n${label}:`);
  log(
    `  ${"endpoint".padEnd(40)} ${"load".padEnd(14)} ${"req/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"non-2xx".padStart(8)} errors`,
  );
  // Warm-up: JIT and caches.
  await cannon(server.url, sampleKeys, "get", 0);
  for (const [kind, name] of [
    ["get", "GET /v1/accounts/{key}"],
    ["ofrep", "POST /ofrep/v1/evaluate/flags/tier"],
  ]) {
    for (const rate of [0, 5000]) {
      const result = await cannon(server.url, sampleKeys, kind, rate);
      log(
        `  ${name.padEnd(40)} ${(rate ? "5,000 req/s" : "full speed").padEnd(14)} ${Math.round(result.requests.average).toLocaleString("en-US").padStart(8)} ${String(result.latency.p50).padStart(7)} ${String(result.latency.p99).padStart(7)} ${String(result.non2xx).padStart(8)} ${result.errors}`,
      );
    }
  }
  await server.stop();
}

await httpRuns(`HTTP, quick start (${state.labels.size} accounts, evaluated at start)`, [], keys.slice(0, 1000));

if (!skip1m) {
  if (!existsSync(MEMBERSHIP_1M)) await writeMembership(MEMBERSHIP_1M, 1_000_000);
  const sample = Array.from({ length: 1000 }, (_, i) => membershipKey((i * 7919) % 1_000_000));
  await httpRuns(
    "HTTP, 1M-account membership (--membership, a generated segform run CSV)",
    ["--membership", MEMBERSHIP_1M],
    sample,
  );
}
log(`\nload average (1/5/15 min) at the end: ${load()}`);

/** A `segform run` CSV for the quick start's plan, with deterministic labels. */
function writeMembership(path, count) {
  mkdirSync(dirname(path), { recursive: true });
  const lines = ["account_id,icp,fit,intent,tier,segment,activations"];
  const segments = ["warehouse-native", "fintech", "hot-evaluators", "software-core", "other"];
  for (let i = 0; i < count; i++) {
    const icp = i % 3 !== 0;
    const fit = (i * 37) % 101;
    const intent = (i * 53) % 101;
    const tier = !icp
      ? ""
      : i < 25 * 3 && fit >= 70 && intent >= 60
        ? "tier1"
        : fit >= 60 && intent >= 30
          ? "tier2"
          : fit >= 40
            ? "tier3"
            : "";
    const segment = icp ? segments[i % segments.length] : "";
    const activations = icp ? (tier ? "crm-segment;crm-tier;membership-file" : "crm-segment;membership-file") : "";
    lines.push(`${membershipKey(i)},${icp},${fit},${intent},${tier},${segment},${activations}`);
  }
  const out = createWriteStream(path);
  out.end(lines.join("\n") + "\n");
  return new Promise((resolve) => out.once("finish", resolve));
}

function membershipKey(i) {
  return `ACC${String(i).padStart(8, "0")}`;
}
