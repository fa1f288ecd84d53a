// Preloaded into the benchmark's child processes (node --import): on exit, writes the process's resource
// usage (process.resourceUsage(): maxRSS in KiB, userCPUTime and systemCPUTime in microseconds) to the file
// named by SEGFORM_BENCH_USAGE. On Linux it also writes vmHWM (KiB), the peak RSS of this process's own program
// from /proc/self/status: ru_maxrss (maxRSS) survives exec, so a child forked from a parent holding more memory
// than the child ever uses reports the parent's RSS at fork time instead of its own peak.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.env.SEGFORM_BENCH_USAGE;
if (file) {
  process.on("exit", () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    let vmHWM;
    try {
      const kib = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
      if (kib) vmHWM = Number(kib);
    } catch {}
    writeFileSync(file, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime, vmHWM }) + "\n");
  });
}
