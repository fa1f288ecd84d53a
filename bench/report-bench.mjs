// `segform report` at scale: the quick start's definitions over 1M generated accounts (bench/accounts.mjs; the file
// is bench/data/report-accounts-1m.csv, made here when missing or stale). Prints the CLI's wall time and peak RSS,
// the HTML's size, and how long headless Chromium (Debian's chromium via playwright-core, scripts/browser.mjs)
// takes to load and paint it. A benchmark, not a test: it prints numbers and asserts nothing about time.
// Run: node bench/report-bench.mjs [accounts]   (after a build: npx -y pnpm@10 build)
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATOR_VERSION, HEADER, SEED, accounts, csvCell } from "./accounts.mjs";
import { browserStatus, openFile } from "../scripts/browser.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const total = Number(process.argv[2] ?? 1_000_000);
const data = join(ROOT, `bench/data/report-accounts-${total}.csv`);
const stamp = `${data}.stamp`;
const expected = JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, total }) + "\n";
if (!existsSync(data) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== expected) {
  mkdirSync(join(ROOT, "bench/data"), { recursive: true });
  const started = performance.now();
  const fd = openSync(data, "w");
  let buffer = HEADER.join(",") + "\n";
  for (const row of accounts(total)) {
    buffer += row.map(csvCell).join(",") + "\n";
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = "";
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
  writeFileSync(stamp, expected);
  console.log(
    `generated ${data} (${(statSync(data).size / 1048576).toFixed(0)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

console.log(`machine: ${cpus()[0]?.model ?? "unknown"} x${cpus().length}, node ${process.version}`);
const dir = mkdtempSync(join(tmpdir(), "segform-report-bench-"));
const out = join(dir, "report.html");
const started = performance.now();
const child = spawnSync(
  process.execPath,
  [
    "--import",
    join(ROOT, "bench/report-rss.mjs"),
    join(ROOT, "packages/cli/dist/bin.js"),
    "report",
    join(ROOT, "segments.example.yaml"),
    "--data",
    data,
    "--out",
    out,
  ],
  {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, SEGFORM_BENCH_USAGE: join(dir, "rss.json") },
    maxBuffer: 64 * 1024 * 1024,
  },
);
const cliSeconds = (performance.now() - started) / 1000;
if (child.status !== 0) {
  console.error(child.stderr.split("\n").slice(-20).join("\n"));
  process.exit(1);
}
const rss = existsSync(join(dir, "rss.json"))
  ? (JSON.parse(readFileSync(join(dir, "rss.json"), "utf8")).maxRSS ?? 0)
  : 0;
const html = readFileSync(out, "utf8");
const elements = (html.match(/<[a-zA-Z]/g) ?? []).length;
console.log(
  `segform report, ${total.toLocaleString("en-US")} accounts: ${cliSeconds.toFixed(2)} s, peak RSS ${rss ? (rss / 1024).toFixed(0) + " MiB" : "n/a"}; HTML ${(html.length / 1024).toFixed(0)} KiB, ${elements.toLocaleString("en-US")} elements, ${(html.match(/<figure class="chart"/g) ?? []).length} charts`,
);

const status = browserStatus((line) => console.log(line));
if (!status.ok) {
  console.log(`browser: skipped (${status.reason})`);
  process.exit(0);
}
const loads = [];
for (let run = 0; run < 3; run++) {
  const opened = await openFile(out);
  try {
    const timing = await opened.page.evaluate(async () => {
      // Two frames after load, so the first paint has been recorded.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const navigation = performance.getEntriesByType("navigation")[0];
      // Two animation frames after load: the page has been laid out and painted (first-contentful-paint entries
      // are not reliably recorded in a headless persistent context).
      return {
        domContentLoaded: navigation.domContentLoadedEventEnd,
        load: navigation.loadEventEnd,
        painted: performance.now(),
        svgs: document.querySelectorAll("figure.chart svg").length,
      };
    });
    loads.push({
      ...timing,
      goto: opened.loadMs,
      errors: opened.consoleErrors.length,
      requests: opened.requests.length,
    });
  } finally {
    await opened.close();
  }
}
for (const [index, load] of loads.entries()) {
  console.log(
    `chromium run ${index + 1}: page.goto ${load.goto.toFixed(0)} ms, DOMContentLoaded ${load.domContentLoaded.toFixed(0)} ms, load ${load.load.toFixed(0)} ms, painted (2 frames after load) by ${load.painted.toFixed(0)} ms; ${load.svgs} SVG charts, ${load.errors} console errors, ${load.requests} requests`,
  );
}
