// Per-package coverage from coverage/coverage-summary.json (written by `pnpm coverage`): one Markdown row per
// package, lines / branches / functions, for the package READMEs.
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const summary = JSON.parse(readFileSync(resolve(root, "coverage/coverage-summary.json"), "utf8"));
const packages = new Map();
for (const [file, figures] of Object.entries(summary)) {
  if (file === "total") continue;
  const name = relative(root, file).split("/")[1];
  const sum = packages.get(name) ?? { lines: [0, 0], branches: [0, 0], functions: [0, 0] };
  for (const kind of ["lines", "branches", "functions"]) {
    sum[kind][0] += figures[kind].covered;
    sum[kind][1] += figures[kind].total;
  }
  packages.set(name, sum);
}
const share = ([covered, total]) => (total ? `${((100 * covered) / total).toFixed(1)}%` : "n/a");
console.log("| package | lines | branches | functions |\n|---|---|---|---|");
for (const [name, sum] of [...packages].sort(([a], [b]) => (a < b ? -1 : 1))) {
  console.log(`| ${name} | ${share(sum.lines)} | ${share(sum.branches)} | ${share(sum.functions)} |`);
}
const total = summary.total;
console.log(`| **all** | ${total.lines.pct}% | ${total.branches.pct}% | ${total.functions.pct}% |`);
