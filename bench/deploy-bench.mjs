// Deploy benchmark (numbers in bench/README.md; not a test): the quick start's rules over N generated accounts
// (bench/accounts.mjs, default 1,000,000), deployed to a `type: postgres` destination in a throwaway server
// (scripts/postgres-test-server.mjs), with the state in a local directory.
//
//   1. plan, first apply      every ICP account is a create
//   2. plan against existing state with nothing changed
//   3. 1% of the accounts change industry: plan, incremental apply
//
// Each step is the installed CLI in a child process: wall time and peak RSS (bench/report-rss.mjs). After each
// apply the table's row count is checked against the plan.
//
// `--membership` adds, beside steps 2 and 3, `segform run --out membership.csv` and the same plans from that
// membership (`segform plan --membership`), checked to plan the same counts as from the data.
//
//   node bench/deploy-bench.mjs [--rows 1000000] [--changed 0.01] [--cpu-prof DIR] [--membership]
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { once } from "node:events";
import { accounts, csvCell, HEADER } from "./accounts.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "packages/cli/dist/bin.js");
const RSS_HOOK = join(ROOT, "bench/report-rss.mjs");
const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const ROWS = Number(option("--rows", "1000000"));
const CHANGED = Number(option("--changed", "0.01"));
/** `--cpu-prof DIR`: each step writes a V8 CPU profile there (open in Chrome DevTools or speedscope). */
const PROFILE_DIR = option("--cpu-prof", undefined);
/** `--keep`: leave the project directory (data, state, plans) for profiling single steps; its path is printed. */
const KEEP = process.argv.includes("--keep");
/** `--membership`: also plan from a `segform run --out` membership (steps 2m and 3m). */
const MEMBERSHIP = process.argv.includes("--membership");

async function writeCsv(path, change) {
  const out = createWriteStream(path);
  out.write(HEADER.join(",") + "\n");
  let i = 0;
  for (const row of accounts(ROWS)) {
    if (change && i % Math.round(1 / CHANGED) === 0) row[3] = row[3] === "fintech" ? "software" : "fintech";
    i++;
    if (!out.write(row.map(csvCell).join(",") + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

function step(dir, title, args, env) {
  const usage = join(dir, "usage.json");
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      "--max-old-space-size=8192",
      ...(PROFILE_DIR
        ? [
            "--cpu-prof",
            `--cpu-prof-dir=${PROFILE_DIR}`,
            `--cpu-prof-name=${title.trim().replace(/[^a-z0-9]+/gi, "-")}.cpuprofile`,
          ]
        : []),
      "--import",
      RSS_HOOK,
      BIN,
      ...args,
    ],
    {
      cwd: dir,
      env: { ...process.env, ...env, SEGFORM_BENCH_USAGE: usage },
      encoding: "utf8",
      maxBuffer: 1 << 30,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0 && !(args.includes("--detailed-exitcode") && result.status === 2)) {
    throw new Error(`${title}: exit ${result.status}\n${result.stderr.slice(-2000)}`);
  }
  const { vmHWM, maxRSS, userCPUTime, systemCPUTime } = JSON.parse(readFileSync(usage, "utf8"));
  const mib = Math.round((vmHWM ?? maxRSS) / 1024);
  // CPU time (user + system) is what a shared machine's load does not inflate; wall time is printed beside it.
  const cpu = (userCPUTime + systemCPUTime) / 1e6;
  console.log(
    `${title.padEnd(48)} ${seconds.toFixed(1).padStart(6)} s wall ${cpu.toFixed(1).padStart(6)} s CPU   peak RSS ${String(mib).padStart(5)} MiB`,
  );
  return { seconds, cpu, mib, stdout: result.stdout };
}

const { startServer, stopServer } = await import("../scripts/postgres-test-server.mjs");
const require = createRequire(join(ROOT, "packages", "deploy", "package.json"));
const pg = require("pg");
const server = await startServer({ owner: process.pid, log: () => undefined });
const dir = mkdtempSync(join(tmpdir(), "segform-deploy-bench-"));
try {
  mkdirSync(join(dir, "data"));
  console.log(
    `deploy benchmark: ${ROWS.toLocaleString("en-US")} accounts, ${CHANGED * 100}% changed for the incremental apply`,
  );
  await writeCsv(join(dir, "data/accounts.csv"), false);
  copyFileSync(join(ROOT, "examples/quickstart/data/contacts.csv"), join(dir, "data/contacts.csv"));
  const definitions = readFileSync(join(ROOT, "segments.example.yaml"), "utf8")
    .replace("source: examples/quickstart/data/accounts.csv", "source: data/accounts.csv")
    .replace("source: examples/quickstart/data/contacts.csv", "source: data/contacts.csv")
    .replace(
      / {2}membership: \{ type: file[^\n]*\n/,
      '  membership: { type: postgres, url: "${env:BENCH_PG_URL}", table: membership, mode: mirror, max_changes: "100%" }\n',
    );
  writeFileSync(join(dir, "segments.yaml"), definitions);
  const env = { BENCH_PG_URL: server.url };
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const count = async () => Number((await client.query("SELECT count(*) AS n FROM membership")).rows[0].n);
  // The plan file is JSONL: its first line, the header, holds each destination's counts.
  const planned = (path) =>
    JSON.parse(readFileSync(path, "utf8").split("\n", 1)[0]).destinations.find((d) => d.name === "membership").counts;

  step(dir, "1. plan (empty state)", ["plan", "--destination", "membership", "--out", "first.plan"], env);
  const first = planned(join(dir, "first.plan"));
  step(dir, `   first apply (${first.create.toLocaleString("en-US")} creates)`, ["apply", "first.plan"], env);
  if ((await count()) !== first.create)
    throw new Error(`table holds ${await count()} rows, the plan created ${first.create}`);
  step(
    dir,
    "2. plan against existing state, no change",
    ["plan", "--destination", "membership", "--detailed-exitcode"],
    env,
  );
  const fromMembership = (title, out) => {
    step(dir, "   run --out membership.csv", ["run", "--out", "membership.csv", "-q"], env);
    step(dir, title, ["plan", "--destination", "membership", "--membership", "membership.csv", "--out", out], env);
    return planned(join(dir, out));
  };
  if (MEMBERSHIP) {
    const counts = fromMembership("2m. plan --membership, existing state, no change", "none.plan");
    if (counts.create + counts.update + counts.remove !== 0)
      throw new Error(`plan --membership found changes: ${JSON.stringify(counts)}`);
  }
  await writeCsv(join(dir, "data/accounts.csv"), true);
  step(dir, "3. plan after 1% changed", ["plan", "--destination", "membership", "--out", "second.plan"], env);
  const second = planned(join(dir, "second.plan"));
  if (MEMBERSHIP) {
    const counts = fromMembership("3m. plan --membership after 1% changed", "second-m.plan");
    if (JSON.stringify(counts) !== JSON.stringify(second))
      throw new Error(`plan --membership: ${JSON.stringify(counts)}, from the data: ${JSON.stringify(second)}`);
  }
  step(
    dir,
    `   incremental apply (${(second.create + second.update + second.remove).toLocaleString("en-US")} changes)`,
    ["apply", "second.plan"],
    env,
  );
  if ((await count()) !== first.create + second.create - second.remove)
    throw new Error("row count after the incremental apply does not match the plan");
  await client.end();
} finally {
  if (KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  stopServer(server.dir);
}
