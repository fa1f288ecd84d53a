import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson } from "@segform/plan";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, segform } from "./helpers.js";

/**
 * `segform plan` with bounded memory: the accounts are sorted in runs spilled to the system's temporary directory
 * (`SEGFORM_PLAN_RUN` accounts a run) and the actions go through temporary files. The plan file, the text view and
 * the plan's hash are those of the in-memory plan (`--format json`, which still holds the whole plan), and nothing
 * is left in the temporary directory.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const DEFINITIONS = `version: 1
name: bounded-plan
source: data/accounts.csv
key: account_id
as_of: "2026-11-01"
fields:
  account_id: { type: string, from: Id, nullable: false }
  employees:  { type: integer, from: NumberOfEmployees }
  industry:   { type: string, from: Industry }
icp:
  include: { employees: { between: [200, 2000] } }
scores:
  fit:
    criteria:
      - { id: software, when: { industry: software }, points: 50 }
tiers:
  - { id: tier1, when: { fit: { gte: 50 } } }
segments:
  - { id: software, when: { industry: software }, activate: [export, clear] }
  - { id: fintech, when: { industry: fintech }, activate: [export] }
  - { id: other, activate: [export] }
activations:
  export: { destination: out, set: { segment: "{{ segment.id }}", tier: "{{ tier.id }}", name: "{{ account.industry }}" } }
  clear: { destination: cleared, set: { fit: "{{ score.fit }}" } }
destinations:
  out: { type: file, path: out/membership.csv, mode: mirror, max_removals: "100%", max_changes: "100%" }
  cleared: { type: file, path: out/cleared.csv, on_exit: clear, max_removals: "100%", max_changes: "100%" }
`;

/** Accounts in a seeded shuffled order; `round` 1 moves some to other industries and drops others. */
function accounts(round: number, count = 3000): string {
  let seed = 20261204;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const industry = ["software", "fintech", "retail"][Math.floor(rand() * 3)]!;
    const employees = 100 + Math.floor(rand() * 2500);
    if (round === 1 && i % 41 === 0) continue;
    const moved = round === 1 && i % 13 === 0 ? (industry === "software" ? "fintech" : "software") : industry;
    rows.push(`K${((i * 7919) % 3001).toString(36)}-${i},${employees},${moved}`);
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return `Id,NumberOfEmployees,Industry\n${rows.join("\n")}\n`;
}

/** A project directory with the definitions, `csv` as its data and an empty TMPDIR of its own (`temp`). */
function project(csv: string): { dir: string; temp: string } {
  const dir = mkdtempSync(join(tmpdir(), "segform-plan-bounded-"));
  const temp = join(dir, "tmp");
  dirs.push(dir);
  mkdirSync(join(dir, "data"));
  mkdirSync(temp);
  writeFileSync(join(dir, "segments.yaml"), DEFINITIONS);
  writeFileSync(join(dir, "data/accounts.csv"), csv);
  return { dir, temp };
}

describe("segform plan, bounded memory", () => {
  it("writes the in-memory plan's bytes through sorted runs on disk, and leaves no temporary file", async () => {
    const { dir, temp } = project(accounts(0));
    const run = (args: string[], env: Record<string, string> = {}) =>
      segform(args, { cwd: dir, env: { TMPDIR: temp, ...env } });
    const first = await run(["plan", "--out", "first.plan"]);
    expect(first.code).toBe(0);
    expect((await run(["apply", "first.plan"])).code).toBe(0);
    writeFileSync(join(dir, "data/accounts.csv"), accounts(1));

    const small = await run(["plan", "--out", "small.plan"], { SEGFORM_PLAN_RUN: "50" });
    const whole = await run(["plan", "--out", "whole.plan"]);
    const json = await run(["plan", "--format", "json"]);
    expect([small.code, whole.code, json.code]).toEqual([0, 0, 0]);
    const file = readFileSync(join(dir, "small.plan"), "utf8");
    expect(file).toBe(readFileSync(join(dir, "whole.plan"), "utf8"));
    expect(small.stdout).toBe(whole.stdout);
    expect(small.stdout).toMatch(
      /out \(file, mirror; state serial 1, [\d,]+ records\)\n {2}\d+ to create, \d+ to update, \d+ to remove/,
    );

    // The file is the in-memory plan's: header, one line per action, trailer.
    const plan = JSON.parse(json.stdout) as { hash: string; destinations: { actions: unknown[] }[] };
    const lines = file.trimEnd().split("\n");
    const header = JSON.parse(lines[0]!) as { hash: string };
    expect(header.hash).toBe(plan.hash);
    const actions = plan.destinations.flatMap((d) => d.actions);
    expect(actions.length).toBeGreaterThan(300);
    expect(lines.slice(1, -1)).toEqual(actions.map((action) => canonicalJson(action)));
    const { destinations: _destinations, ...rest } = plan;
    const { destinations: _headerDestinations, ...headerRest } = header as typeof plan;
    expect(headerRest).toEqual(rest);

    // The runs (3,000 accounts, 50 a run) and the actions. files were removed.
    expect(readdirSync(temp)).toEqual([]);
    expect((await run(["apply", "small.plan"])).code).toBe(0);
    expect((await run(["plan", "--detailed-exitcode"], { SEGFORM_PLAN_RUN: "50" })).code).toBe(0);
  });

  it("removes its runs when interrupted (SIGINT), and those of a plan that was killed", async () => {
    const { dir, temp } = project(accounts(0, 60_000));
    // What a plan killed with SIGKILL leaves: a run directory of a process that is gone.
    const stale = join(temp, "segform-plan-999999999-abcdef");
    mkdirSync(stale);
    writeFileSync(join(stale, "run-0"), "0\t#0\tk\n");
    const child = spawn(process.execPath, [BIN, "plan", "--out", "p.plan"], {
      cwd: dir,
      env: { ...process.env, TMPDIR: temp, SEGFORM_PLAN_RUN: "500" },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Interrupted as soon as its first run is on disk.
    const runs = () => readdirSync(temp).filter((name) => name.startsWith(`segform-plan-${child.pid}-`));
    const deadline = Date.now() + 60_000;
    while (!runs().some((name) => readdirSync(join(temp, name)).length) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runs().length).toBe(1);
    expect(existsSync(stale)).toBe(false);
    child.kill("SIGINT");
    await exited;
    expect(readdirSync(temp)).toEqual([]);
    expect(existsSync(join(dir, "p.plan"))).toBe(false);
  });
});
