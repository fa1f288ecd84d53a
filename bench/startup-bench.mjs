// Start-up benchmark (`pnpm bench:startup`): the published package, packed and installed with npm in a temporary
// directory, timed against `node -e 0` on the same machine. A benchmark, not a test: it prints numbers.
//   segform --version                        target: within 150 ms of node -e 0
//   segform validate segments.example.yaml   target: within 300 ms of node -e 0
// Also the workspace build (packages/cli/dist, unbundled, `pnpm build`) for comparison.
// Usage: node bench/startup-bench.mjs [--runs 21]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackedSegform } from "./packed.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1] || 21);

const dir = mkdtempSync(join(tmpdir(), "segform-startup-"));
try {
  const bundled = installPackedSegform(dir);
  const workspace = join(root, "packages/cli/dist/bin.js");
  const example = join(root, "segments.example.yaml");

  /** Median wall time in ms of `node ...args` over `runs` runs (after one warm-up run). */
  function median(args) {
    const times = [];
    for (let i = 0; i <= runs; i++) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore" });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}`);
      if (i > 0) times.push(ms);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  }

  const base = median(["-e", "0"]);
  const rows = [
    ["node -e 0", base, undefined],
    ["segform --version (package)", median([bundled, "--version"]), 150],
    ["segform validate segments.example.yaml (package)", median([bundled, "validate", example]), 300],
    ["segform --version (workspace dist)", median([workspace, "--version"]), undefined],
    ["segform validate segments.example.yaml (workspace dist)", median([workspace, "validate", example]), undefined],
  ];
  console.log(`node ${process.version}, ${runs} runs each, median wall time`);
  for (const [name, ms, target] of rows) {
    const over =
      name === "node -e 0"
        ? ""
        : `  (+${Math.round(ms - base)} ms over node${target ? `; target +${target} ms: ${ms - base <= target ? "met" : "NOT met"}` : ""})`;
    console.log(`${name.padEnd(58)} ${Math.round(ms).toString().padStart(5)} ms${over}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
