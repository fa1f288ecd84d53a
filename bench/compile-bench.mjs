// Compile benchmark (`pnpm bench:compile`, issue #18): `segform compile` and `segform validate` of a generated
// 1,000-rule project, from the published package (packed and installed with npm in a temporary directory, as
// bench/startup-bench.mjs does) and from the workspace build, against `node -e 0` in the same run.
//   segform compile PROJECT   target: within 300 ms end to end
// The project (seeded, written to a temporary directory) has the third-party benchmark's 20 fields
// (bench/third-party/segments.yaml) and 1,000 rules of the kinds a large real project has: 150 defines,
// 800 criteria over four scores (400 + 200 + 100 + 100), 43 tiers and 7 segments (the language warns above 7),
// with `all`/`any`/`not`, defines used from criteria, defines and segments, list, date, number and text tests. Wall and CPU (user + system of the child) are
// medians over the runs, after one warm-up run; CPU matters on a loaded machine, where wall time is mostly waiting.
// Usage: node bench/compile-bench.mjs [--runs 11] [--seed 18] [--keep DIR] (--keep writes the project there too)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installPackedSegform } from "./packed.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const runs = Number(arg("--runs", 11));
const seed = Number(arg("--seed", 18));
const keep = arg("--keep", undefined);

/** mulberry32: a small seeded generator, so that the project is the same on every run. */
function random(state) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 1,000-rule project as YAML text. */
export function generateProject(seedValue = 18) {
  const rand = random(seedValue);
  const int = (low, high) => low + Math.floor(rand() * (high - low + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const some = (list, count) => {
    const copy = [...list];
    const out = [];
    while (out.length < count && copy.length) out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]);
    return out;
  };
  const industries = ["software", "fintech", "saas", "retail", "health", "media", "logistics", "energy", "education"];
  const countries = ["US", "CA", "GB", "DE", "FR", "NL", "SE", "JP", "AU", "BR", "MX", "IN", "SG", "ES", "IT"];
  const techs = ["snowflake", "databricks", "bigquery", "dbt", "segment", "hubspot", "salesforce", "looker", "kafka"];
  const topics = ["reverse-etl", "data-activation", "cdp", "attribution", "churn", "pricing", "security", "ai"];
  const plans = ["free", "starter", "pro", "enterprise"];
  const funding = ["seed", "series_a", "series_b", "series_c", "growth", "public"];

  /** One leaf test, of one of the kinds a real project uses. */
  function leaf() {
    switch (int(0, 13)) {
      case 0:
        return `{ employees: { gte: ${int(1, 50) * 10} } }`;
      case 1: {
        const low = int(1, 100) * 10;
        return `{ employees: { between: [${low}, ${low + int(1, 100) * 50}] } }`;
      }
      case 2:
        return `{ revenue: { gte: ${int(1, 500) * 100000} } }`;
      case 3:
        return `{ industry: [${some(industries, int(1, 3)).join(", ")}] }`;
      case 4:
        return `{ country: [${some(countries, int(1, 4)).join(", ")}] }`;
      case 5:
        return `{ tech: { contains_any: [${some(techs, int(1, 3)).join(", ")}] } }`;
      case 6:
        return `{ topics: { contains_all: [${some(topics, int(1, 2)).join(", ")}] } }`;
      case 7:
        return `{ intent: { gte: ${int(10, 95)} } }`;
      case 8:
        return `{ last_activity: { within_days: ${pick([7, 14, 30, 60, 90, 180])} } }`;
      case 9:
        return `{ renewal: { within_next_days: ${pick([30, 60, 90, 120])} } }`;
      case 10:
        return `{ customer: ${rand() < 0.5} }`;
      case 11:
        return `{ plan: [${some(plans, int(1, 2)).join(", ")}] }`;
      case 12:
        return `{ funding: [${some(funding, int(1, 3)).join(", ")}] }`;
      default:
        return `{ owner: { ends_with: "@team${int(1, 20)}.example.com" } }`;
    }
  }
  /** A condition: a leaf, a define, or a combination of two or three of them. */
  function condition(defines) {
    const r = rand();
    const part = () => (defines.length && rand() < 0.3 ? pick(defines) : leaf());
    if (r < 0.4) return part();
    const parts = Array.from({ length: int(2, 3) }, part);
    if (r < 0.7) return `{ all: [${parts.join(", ")}] }`;
    if (r < 0.9) return `{ any: [${parts.join(", ")}] }`;
    return `{ all: [${parts[0]}, { not: ${parts[1]} }] }`;
  }

  const lines = [];
  const out = (text) => lines.push(text);
  const header = readFileSync(join(root, "bench/third-party/segments.yaml"), "utf8");
  const fields = header.slice(header.indexOf("\nfields:\n") + 1, header.indexOf("\ndefine:\n") + 1);
  out("# Generated by bench/compile-bench.mjs: 150 defines, 800 criteria, 43 tiers, 7 segments.");
  out("version: 1");
  out("name: compile-bench");
  out("key: account_id");
  out('as_of: "2026-11-01"');
  out("");
  out(fields.trimEnd());
  out("");
  out("define:");
  const defines = [];
  for (let i = 0; i < 150; i++) {
    const id = `rule_${String(i).padStart(3, "0")}`;
    out(`  ${id}: ${condition(defines)}`);
    defines.push(id);
  }
  out("");
  out("icp:");
  out("  include: { any: [{ employees: { gte: 20 } }, { revenue: { gte: 2000000 } }, { customer: true }] }");
  out("  exclude: { any: [{ industry: government }, { country: [CU, IR, KP] }] }");
  out("");
  out("scores:");
  for (const [score, count] of [
    ["fit", 400],
    ["potential", 200],
    ["product", 100],
    ["risk", 100],
  ]) {
    out(`  ${score}:`);
    out("    criteria:");
    for (let i = 0; i < count; i++) {
      const points = int(1, 20) * (rand() < 0.1 ? -1 : 1);
      out(`      - { id: ${score}-${String(i).padStart(3, "0")}, when: ${condition(defines)}, points: ${points} }`);
    }
  }
  out("  engagement:");
  out("    from: intent");
  out("");
  out("tiers:");
  for (let i = 0; i < 43; i++) {
    const fit = 500 - i * 10;
    out(
      `  - { id: tier-${String(i).padStart(2, "0")}, when: { fit: { gte: ${fit} }, potential: { gte: ${int(0, 200)} } } }`,
    );
  }
  out("");
  out("segments:");
  // Few segments, as the language advises (4 to 7): each one's own owner team, so that none shadows another.
  for (let i = 0; i < 6; i++)
    out(
      `  - { id: segment-${i}, when: { all: [{ owner: { ends_with: "@segment${i}.example.com" } }, ${condition(defines)}] } }`,
    );
  out("  - { id: other }");
  return `${lines.join("\n")}\n`;
}

/** Median wall and CPU time in ms of `node ...args` over `runs` runs (after one warm-up run). */
function median(args, cwd) {
  const walls = [];
  const cpus = [];
  for (let i = 0; i <= runs; i++) {
    const run = spawnSync(process.execPath, [WRAPPER, ...args], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "ignore", "pipe"],
    });
    if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
    const [wall, cpu] = run.stderr.trim().split("\n").at(-1).split(" ").map(Number);
    if (i > 0) {
      walls.push(wall);
      cpus.push(cpu);
    }
  }
  const mid = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
  return { wall: mid(walls), cpu: mid(cpus) };
}

// The wrapper times the command in a child of its own (so its own start-up is not counted) and prints the child's
// wall time and CPU time (user + system of its reaped children, from /proc/self/stat, Linux) in ms.
const WRAPPER_SOURCE = `import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
const start = process.hrtime.bigint();
const run = spawnSync(process.execPath, process.argv.slice(2), { stdio: ["ignore", "ignore", "inherit"] });
const wall = Number(process.hrtime.bigint() - start) / 1e6;
const stat = readFileSync("/proc/self/stat", "utf8");
const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
const ticks = Number(fields[13]) + Number(fields[14]);
process.stderr.write("\\n" + wall.toFixed(1) + " " + String(ticks * 10) + "\\n");
process.exitCode = run.status ?? 1;
`;
let WRAPPER;

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const dir = mkdtempSync(join(tmpdir(), "segform-compile-"));
  try {
    const project = join(dir, "project");
    mkdirSync(project);
    const text = generateProject(seed);
    writeFileSync(join(project, "segments.yaml"), text);
    if (keep) {
      mkdirSync(keep, { recursive: true });
      writeFileSync(join(keep, "segments.yaml"), text);
    }
    WRAPPER = join(dir, "cpu.mjs");
    writeFileSync(WRAPPER, WRAPPER_SOURCE);

    const install = join(dir, "install");
    mkdirSync(install);
    const bundled = installPackedSegform(install);
    const workspace = join(root, "packages/cli/dist/bin.js");
    const file = join(project, "segments.yaml");
    const load = () => loadavg()[0].toFixed(1);
    const loadBefore = load();

    const base = median(["-e", "0"], project);
    const rows = [
      ["node -e 0", base, undefined],
      ["segform compile (package)", median([bundled, "compile", file, "--out", join(dir, "plan.json")], project), 300],
      ["segform validate (package)", median([bundled, "validate", file], project), undefined],
      [
        "segform compile (workspace dist)",
        median([workspace, "compile", file, "--out", join(dir, "plan.json")], project),
        undefined,
      ],
      ["segform validate (workspace dist)", median([workspace, "validate", file], project), undefined],
    ];
    console.log(
      `node ${process.version}, ${runs} runs each, medians; project: ${text.split("\n").length} lines, ${(text.length / 1024).toFixed(0)} KiB (150 defines, 800 criteria, 43 tiers, 7 segments); load average ${loadBefore} -> ${load()}`,
    );
    for (const [name, { wall, cpu }, target] of rows) {
      const over =
        name === "node -e 0"
          ? ""
          : `  (+${Math.round(wall - base.wall)} ms wall, +${Math.round(cpu - base.cpu)} ms CPU over node${target ? `; target +${target} ms: ${wall - base.wall <= target ? "met" : "NOT met"} by wall, ${cpu - base.cpu <= target ? "met" : "NOT met"} by CPU` : ""})`;
      console.log(
        `${name.padEnd(36)} ${Math.round(wall).toString().padStart(5)} ms wall ${Math.round(cpu).toString().padStart(5)} ms CPU${over}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
