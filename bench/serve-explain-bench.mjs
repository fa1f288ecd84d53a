#!/usr/bin/env node
// `GET /v1/accounts/{key}?explain=1` on 1M accounts, in process (not a test): `node bench/serve-explain-bench.mjs
// [--data bench/data/accounts-1m.csv]` (build first; bench/engine-bench.mjs writes the 1M CSV).
// "before": explainLoaded, the data file read again in full (what every explain did until the record index);
// "after": explainRecord, the one record read at its byte offset. Same keys, same explanations (checked).
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { compileProject } from "../packages/compiler/dist/index.js";
import { explainLoaded, explainRecord, stateFromData } from "../packages/serve/dist/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
const args = process.argv.slice(2);
const data = args.includes("--data") ? args[args.indexOf("--data") + 1] : join("bench", "data", "accounts-1m.csv");
if (!existsSync(data)) throw new Error(`${data} is missing: run bench/engine-bench.mjs first (it writes the 1M CSV)`);
const log = (text) => process.stdout.write(`${text}\n`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}; load average at start: ${load()} (shared machine)`,
);

const reader = {
  read: (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined),
  resolve: (from, relative) => join(dirname(from), relative),
};
const { plan } = compileProject("segments.example.yaml", reader);
let started = performance.now();
const heapBefore = process.memoryUsage().heapUsed;
const state = await stateFromData({
  plan,
  asOf: "2026-11-01",
  definitions: "segments.example.yaml",
  data,
  contacts: "examples/quickstart/data/contacts.csv",
});
const index = state.dataInputs.index;
log(
  `loaded ${state.labels.size.toLocaleString("en-US")} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s; line index: ${index.lines.toLocaleString("en-US")} lines, ${(index.lineStarts.byteLength / 1048576).toFixed(1)} MiB (heap used ${((process.memoryUsage().heapUsed - heapBefore) / 1048576).toFixed(0)} MiB for the state)`,
);

const keys = [...state.labels.keys()];
const sample = [0, 1, 333_333, 666_666, keys.length - 1].map((i) => keys[i]);
log("\nbefore (full read per explain) vs after (one record), same explanation checked:");
for (const key of sample.slice(0, 3)) {
  started = performance.now();
  const full = await explainLoaded(state, key);
  const fullMs = performance.now() - started;
  started = performance.now();
  const quick = explainRecord(state, state.labels.get(key));
  const quickMs = performance.now() - started;
  if (!isDeepStrictEqual(full, quick)) throw new Error(`explanations differ for ${key}`);
  log(
    `  ${key.padEnd(22)} full read ${fullMs.toFixed(0).padStart(6)} ms   one record ${quickMs.toFixed(3).padStart(7)} ms`,
  );
}
const rounds = [];
for (let round = 0; round < 11; round++) {
  started = performance.now();
  for (let i = 0; i < 2000; i++) explainRecord(state, state.labels.get(keys[(i * 7919) % keys.length]));
  rounds.push(((performance.now() - started) * 1000) / 2000);
}
rounds.sort((a, b) => a - b);
log(`  one record, 2,000 keys spread over the file: ${rounds[5].toFixed(0)} µs per explain (median of 11 rounds)`);
log(`\nload average at the end: ${load()}`);
