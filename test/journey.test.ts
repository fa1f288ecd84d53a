// The user journey from the published package: `pnpm release:pack`, a plain `npm install` of the tarball in a fresh
// directory outside the repository (no pnpm, no workspace), then every command a new user runs, with `npx segform`.
import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const VERSION = JSON.parse(readFileSync(join(REPO, "packages/cli/package.json"), "utf8")).version as string;

/**
 * The environment without the npm_* settings a pnpm script exports: the journey uses plain npm. npm may answer
 * from its cache without asking the registry whether a cached package's metadata is current (prefer-offline):
 * the same packages are installed, in a third of the time when the cache holds them (20 s -> 7 s here).
 */
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|pnpm_|SF_)/i.test(name))),
  npm_config_prefer_offline: "true",
};

function sh(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const run = spawnSync(command, args, { encoding: "utf8", env, timeout: 300_000, ...options });
  return { code: run.status, stdout: String(run.stdout), stderr: String(run.stderr) };
}

let dir: string;
let tarball: string;
const segform = (...args: string[]) => sh("npx", ["--no-install", "segform", ...args], { cwd: dir });

// The sample data needs no quoting: every line of stdout is a row with the header's columns, nothing else.
function parseCsv(text: string): string[][] {
  expect(text.endsWith("\n")).toBe(true);
  const rows = text
    .slice(0, -1)
    .split("\n")
    .map((line) => line.split(","));
  for (const row of rows) expect(row).toHaveLength(rows[0]!.length);
  return rows;
}

const MEMBERSHIP = `account_id,icp,fit,intent_score,tier,segment,activations
A-001,true,100,82,tier1,software,crm-segment
A-002,true,50,40,,fintech,crm-segment
A-003,false,0,10,,,
A-004,true,70,75,tier2,fintech,crm-segment
A-005,true,100,91,tier1,software,crm-segment
A-006,false,70,50,,,
A-007,true,70,72,tier2,salesforce-shops,crm-segment
A-008,false,50,88,,,
A-009,true,50,20,,other,crm-segment
A-010,true,80,65,tier2,software,crm-segment
A-011,true,50,78,,high-intent,crm-segment
`;

describe("the published package, installed with npm in a fresh directory", () => {
  beforeAll(() => {
    // The release contract: the tarball's path is the last line of stdout.
    const pack = sh("npx", ["-y", "pnpm@10", "--silent", "release:pack"], { cwd: REPO, env: process.env });
    expect(pack.code, pack.stderr).toBe(0);
    tarball = pack.stdout.trimEnd().split("\n").at(-1)!;
    expect(tarball).toMatch(new RegExp(`segform-${VERSION.replaceAll(".", "\\.")}\\.tgz$`));
    dir = realpathSync(mkdtempSync(join(tmpdir(), "segform-journey-")));
    expect(dir.startsWith(REPO)).toBe(false);
    const install = sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir });
    expect(install.code, install.stderr).toBe(0);
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("runs the whole journey with npx segform", () => {
    // The installed package is self-contained: its own files only, the version it was packed with.
    const installed = JSON.parse(readFileSync(join(dir, "node_modules/segform/package.json"), "utf8"));
    expect(installed.version).toBe(VERSION);
    expect(Object.keys(installed.dependencies).some((name: string) => name.startsWith("@segform/"))).toBe(false);
    expect(segform("--version")).toMatchObject({ code: 0, stdout: `${VERSION}\n` });

    const init = segform("init");
    expect(init.code, init.stderr).toBe(0);
    const validate = segform("validate");
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stderr).toContain(
      "segments.yaml is valid: 6 fields, 2 scores, 2 tiers, 4 segments + other, 1 activations",
    );

    const run = segform("run");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(MEMBERSHIP);
    expect(parseCsv(run.stdout)).toHaveLength(12);

    const test = segform("test", "--coverage");
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toContain("8 passed, 0 failed, 0 skipped");
    expect(test.stdout).toContain("Coverage: 100.0% (39/39)");

    const explain = segform("explain", "--account", "A-010");
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toContain("tier tier1  (matched, but over capacity 2: fell through)");

    const duckdb = segform("run", "--engine", "duckdb");
    expect(duckdb.code, duckdb.stderr).toBe(0);
    expect(duckdb.stdout).toBe(MEMBERSHIP);

    // The starting project's destination can be planned before any credential exists; apply asks for them.
    const plan = segform("plan", "--detailed-exitcode");
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain("crm (salesforce, upsert, on exit keep; state serial 0, 0 records)");
    expect(plan.stdout).toContain("Plan: 8 to create, 0 to update, 0 to remove.");
    const apply = segform("apply", "--auto-approve");
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain("error SEG406: destination crm: token needs the environment variable SF_TOKEN");

    const git = (...args: string[]) => {
      const result = sh(
        "git",
        ["-c", "user.name=journey", "-c", "user.email=journey@example.com", "-c", "init.defaultBranch=main", ...args],
        { cwd: dir },
      );
      expect(result.code, result.stderr).toBe(0);
    };
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "segform init");
    const definitions = join(dir, "segments.yaml");
    const before = readFileSync(definitions, "utf8");
    writeFileSync(definitions, before.replace("      fit: { gte: 70 }", "      fit: { gte: 50 }"));
    const diff = segform("diff", "--base", "HEAD", "--format", "markdown");
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout.split("\n")[0]).toBe("<!-- segform-diff -->");
    expect(diff.stdout).toContain("3 of 11 accounts move");
    writeFileSync(definitions, before);

    const schema = segform("schema");
    expect(schema.code, schema.stderr).toBe(0);
    expect(JSON.parse(schema.stdout)).toEqual(
      JSON.parse(readFileSync(join(REPO, "schemas/segform.schema.json"), "utf8")),
    );
  }, 180_000);

  it("segform serve from the installed bin: listens on port 0, answers, exits 0 on SIGTERM", async () => {
    const child = spawn(join(dir, "node_modules/.bin/segform"), ["serve", "--port", "0", "--no-watch"], {
      cwd: dir,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // The start line is JSON on stderr: {"event":"start","address":"127.0.0.1:PORT",...}
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        const match = /"event":"start","address":"([^"]+)"/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      void exited.then((code) => reject(new Error(`segform serve exited ${code}: ${stderr}`)));
    });
    expect(address).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    const ready = (await (await fetch(`http://${address}/readyz`)).json()) as { plan: string };
    expect(ready).toEqual({ status: "ready", plan: ready.plan, accounts: 11 });
    expect(ready.plan).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The same label as `segform run` (MEMBERSHIP's A-010 row).
    expect(await (await fetch(`http://${address}/v1/accounts/A-010`)).json()).toEqual({
      account: "A-010",
      icp: true,
      scores: { fit: 80, intent_score: 65 },
      tier: "tier2",
      segment: "software",
      activations: ["crm-segment"],
      plan: ready.plan,
    });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);

  it("the GitHub Action's install step installs the packed tarball and its segform tests the project", () => {
    const runner = join(dir, ".runner");
    const output = join(dir, ".github-output");
    writeFileSync(output, "");
    const install = sh("bash", [join(REPO, "action/install.sh")], {
      cwd: dir,
      env: { ...env, RUNNER_TEMP: runner, GITHUB_OUTPUT: output, PACKAGE: tarball, VERSION: "" },
    });
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain(`installed segform ${VERSION} from ${tarball}`);
    expect(readFileSync(output, "utf8")).toBe(`bin=${runner}/segform-cli/node_modules/.bin/segform\n`);
    const test = sh(
      `${runner}/segform-cli/node_modules/.bin/segform`,
      ["test", "segments.yaml", "--format", "github"],
      { cwd: dir },
    );
    expect(test.code, test.stdout + test.stderr).toBe(0);
  }, 180_000);
});
