// `pnpm release:pack`: builds the one publishable package `segform` and packs it with npm.
// The workspace packages stay private: their code is bundled (esbuild, ESM, one chunk per lazily loaded command)
// into release/.build/package/dist; third-party packages stay dependencies, declared with the ranges the workspace
// packages use. Prints progress on stderr and the tarball's absolute path as the LAST line of stdout.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = join(root, "release", ".build");
const out = join(work, "package");
const readJson = (path) => JSON.parse(readFileSync(join(root, path), "utf8"));
const log = (text) => process.stderr.write(`${text}\n`);

/** Third-party packages the bundle imports at run time; the optional ones are loaded by commands that need them. */
const DEPENDENCIES = [
  "ajv",
  "ajv-formats",
  "chokidar",
  "commander",
  "fastest-levenshtein",
  "papaparse",
  "pg",
  "pg-connection-string",
  "re2js",
  "@stdlib/stats-base-dists-chisquare-cdf",
  "@stdlib/stats-base-dists-normal-cdf",
  // segform serve
  "fastify",
  "@fastify/rate-limit",
  "prom-client",
  // segform report, diff --format html (charts rendered to SVG)
  "vega",
  "vega-lite",
];
const OPTIONAL = ["@duckdb/node-api"];
// Bundled into the chunks instead (not a dependency of the package): every command reads YAML, and yaml's 72 CommonJS
// files cost `segform compile` ~70 ms of module loading; bundled, they are part of one chunk.
const BUNDLED = ["yaml"];

const workspace = [
  "cli",
  "compiler",
  "data",
  "deploy",
  "diff",
  "engine",
  "plan",
  "report",
  "serve",
  "spec",
  "sql",
  "testing",
].map((name) => readJson(`packages/${name}/package.json`));
function range(name) {
  for (const pkg of workspace) {
    const found = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
    if (found && !found.startsWith("workspace:")) return found;
  }
  throw new Error(`release: no workspace package declares ${name}`);
}

const cli = readJson("packages/cli/package.json");
const version = cli.version;
const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
if (!changelog.includes(`\n## ${version}\n`)) throw new Error(`release: CHANGELOG.md has no "## ${version}" entry`);

rmSync(work, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: { bin: join(root, "packages/cli/src/bin.ts") },
  outdir: join(out, "dist"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  conditions: ["source"],
  external: [...DEPENDENCIES, ...OPTIONAL],
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  // The bundled CommonJS packages (BUNDLED) require Node built-ins ("process"): give the chunks a require.
  banner: {
    js: 'import { createRequire as __segformRequire } from "node:module"; const require = __segformRequire(import.meta.url);',
  },
  logLevel: "warning",
  metafile: true,
});
// Every bare import left in the bundle must be a declared dependency or a Node built-in.
const declared = new Set([...DEPENDENCIES, ...OPTIONAL]);
for (const output of Object.values(result.metafile.outputs)) {
  for (const imported of output.imports) {
    if (imported.external && BUNDLED.includes(imported.path)) {
      throw new Error(`release: the bundle imports ${imported.path}, which is meant to be bundled`);
    }
    const builtin = imported.path.startsWith("node:") || builtinModules.includes(imported.path); // yaml: "process"
    if (imported.external && !builtin && !declared.has(imported.path)) {
      throw new Error(`release: the bundle imports ${imported.path}, which is not a declared dependency`);
    }
  }
}

const manifest = {
  name: "segform",
  version,
  description: "Segmentation as code for B2B go-to-market teams: ICP, scores, tiers, segments, roles, activations.",
  license: "Apache-2.0",
  type: "module",
  bin: { segform: "dist/bin.js" },
  files: ["dist", "schemas", "CHANGELOG.md"],
  engines: { node: ">=20.19" },
  keywords: ["segmentation", "icp", "gtm", "revops", "yaml", "cli"],
  dependencies: Object.fromEntries(DEPENDENCIES.sort().map((name) => [name, range(name)])),
  optionalDependencies: Object.fromEntries(OPTIONAL.map((name) => [name, range(name)])),
};
writeFileSync(join(out, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
copyFileSync(join(root, "release", "README.md"), join(out, "README.md"));
copyFileSync(join(root, "LICENSE"), join(out, "LICENSE"));
// The bundled packages' licences travel with their code (yaml: ISC, which asks for its notice in copies).
writeFileSync(
  join(out, "dist", "THIRD_PARTY_LICENSES.txt"),
  BUNDLED.map((name) => {
    const dir = join(root, "packages/spec/node_modules", name);
    return `${name} ${JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version}\n\n${readFileSync(join(dir, "LICENSE"), "utf8")}`;
  }).join("\n"),
);
copyFileSync(join(root, "CHANGELOG.md"), join(out, "CHANGELOG.md"));
mkdirSync(join(out, "schemas"));
for (const name of ["segform.schema.json", "segform-test.schema.json", "segform-fixtures.schema.json"]) {
  copyFileSync(join(root, "schemas", name), join(out, "schemas", name));
}

const packed = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
    cwd: out,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: plainEnv(),
  }),
);
const tarball = join(work, packed[0].filename);
log(`packed segform ${version}: ${packed[0].entryCount} files, ${Math.round(packed[0].size / 1024)} kB`);
process.stdout.write(`${tarball}\n`);

/** The environment without the npm_* settings pnpm exports to scripts (plain npm warns about them). */
function plainEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}
