// Membership diff at scale: `segform diff` over 1M accounts (the engine benchmark's bench/data/accounts-1m.csv;
// run `pnpm bench` once to create it). Base = segments.example.yaml; head = the same with tier1's capacity
// 25 -> 40 and tier2's fit threshold 60 -> 65, a typical pull request. Runs the real CLI in a child process
// (start-up, both plans' evaluation with two allocation passes, the differ, rendering) and reports wall time
// and peak RSS. Run: pnpm bench:diff
import { spawnSync, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const data = join(ROOT, "bench/data/accounts-1m.csv");
if (!existsSync(data)) {
  console.error("bench/data/accounts-1m.csv is missing: run `npx -y pnpm@10 bench` once to generate it");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "segform-diff-bench-"));
cpSync(join(ROOT, "segments.example.yaml"), join(dir, "segments.yaml"));
cpSync(join(ROOT, "examples/quickstart"), join(dir, "examples/quickstart"), { recursive: true });
const git = (...args) =>
  execFileSync("git", ["-c", "user.email=bench@example.com", "-c", "user.name=bench", ...args], {
    cwd: dir,
    stdio: "ignore",
  });
git("init", "-q");
git("add", "-A");
git("commit", "-q", "-m", "base");
const file = join(dir, "segments.yaml");
writeFileSync(
  file,
  readFileSync(file, "utf8")
    .replace("capacity: 25", "capacity: 40")
    .replace("when: { fit: { gte: 60 }, intent: { gte: 30 } }", "when: { fit: { gte: 65 }, intent: { gte: 30 } }"),
);

console.log(`machine: ${cpus()[0]?.model ?? "unknown"} x${cpus().length}, node ${process.version}`);
const runs = Number(process.argv[2] ?? 3);
const times = [];
let rss = 0;
let summary = "";
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      "--import",
      join(ROOT, "bench/report-rss.mjs"),
      join(ROOT, "packages/cli/dist/bin.js"),
      "diff",
      "--base",
      "HEAD",
      "--data",
      data,
      "--format",
      "json",
      "--out",
      join(dir, "diff.json"),
    ],
    {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, SEGFORM_BENCH_USAGE: join(dir, "rss.json") },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  times.push((performance.now() - started) / 1000);
  if (child.status !== 0) {
    console.error(child.stderr);
    process.exit(1);
  }
  if (existsSync(join(dir, "rss.json")))
    rss = Math.max(rss, JSON.parse(readFileSync(join(dir, "rss.json"), "utf8")).maxRSS ?? 0);
  const report = JSON.parse(readFileSync(join(dir, "diff.json"), "utf8"));
  summary = `${report.membership.accounts.toLocaleString("en-US")} accounts, ${report.membership.changed.toLocaleString("en-US")} changed, ${report.membership.transitions.length} transitions`;
}
times.sort((a, b) => a - b);
console.log(
  `segform diff, 1M accounts (${summary}): best ${times[0].toFixed(2)} s, runs ${times.map((t) => t.toFixed(2)).join(" / ")} s, peak RSS ${rss ? (rss / 1024).toFixed(0) + " MiB" : "n/a"}`,
);
