// Preloaded into the benchmark's child processes (node --import): on exit, writes the process's resource
// usage (process.resourceUsage(): maxRSS in KiB, userCPUTime and systemCPUTime in microseconds) to the file
// named by SEGFORM_BENCH_USAGE.
import { writeFileSync } from "node:fs";

const file = process.env.SEGFORM_BENCH_USAGE;
if (file) {
  process.on("exit", () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }) + "\n");
  });
}
