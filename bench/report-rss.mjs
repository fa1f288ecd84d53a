// Preloaded into the benchmark's child processes (node --import): on exit, writes the process's peak
// resident set size (process.resourceUsage().maxRSS, KiB) to the file named by SEGFORM_BENCH_RSS.
import { writeFileSync } from "node:fs";

const file = process.env.SEGFORM_BENCH_RSS;
if (file) {
  process.on("exit", () => {
    writeFileSync(file, JSON.stringify({ maxRSS: process.resourceUsage().maxRSS }) + "\n");
  });
}
