// Watch-mode feedback time: how long one `segform dev` cycle takes (validate + compile + fixture suites +
// tier/segment sizes over the project's data) on the quick start and every example. Run: pnpm bench:dev
import { readdirSync, existsSync } from "node:fs";
import { cpus } from "node:os";
import { devCycle } from "../packages/cli/dist/commands/dev.js";

const projects = [
  "segments.example.yaml",
  ...readdirSync("examples")
    .map((name) => `examples/${name}/segments.yaml`)
    .filter((path) => existsSync(path)),
];
const runs = Number(process.argv[2] ?? 15);

console.log(`machine: ${cpus()[0]?.model ?? "unknown"} x${cpus().length}, node ${process.version}`);
console.log(`one dev cycle per save, ${runs} runs each after one warm-up (median / p90, ms)`);
for (const project of projects) {
  await devCycle(project, {});
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await devCycle(project, {});
    times.push(performance.now() - started);
    if (!result.ok && i === 0) console.log(`  (${project} reports failures; timing still counts)`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p90 = times[Math.min(times.length - 1, Math.floor(times.length * 0.9))];
  console.log(`${project.padEnd(45)} ${median.toFixed(1).padStart(7)} ${p90.toFixed(1).padStart(7)}`);
}
