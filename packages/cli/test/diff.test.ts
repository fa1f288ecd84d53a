import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitAll, FIXTURES, segform } from "./helpers.js";

/** A temporary git repository holding the basic fixture project, committed as the base. */
function repository(prepare?: (dir: string) => void): {
  dir: string;
  edit: (from: string, to: string, file?: string) => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "segform-diff-"));
  cpSync(join(FIXTURES, "basic"), dir, { recursive: true });
  prepare?.(dir);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  const edit = (from: string, to: string, file = "segments.yaml") => {
    const path = join(dir, file);
    const text = readFileSync(path, "utf8");
    if (!text.includes(from)) throw new Error(`fixture text not found: ${from}`);
    writeFileSync(path, text.replace(from, to));
  };
  return { dir, edit };
}

async function diffJson(dir: string) {
  const run = await segform(["diff", "--base", "HEAD", "--format", "json"], { cwd: dir });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

type Transition = {
  dimension: string;
  from: string;
  to: string;
  count: number;
  examples: { account: string; reason: string }[];
};
const moves = (report: { membership: { transitions: Transition[] } }) =>
  report.membership.transitions.map((t) => `${t.dimension} ${t.from} -> ${t.to}: ${t.count}`);

describe("segform diff", () => {
  it("a threshold change: the clause, and who leaves the tier and why", async () => {
    const { dir, edit } = repository();
    edit("- { id: t2, when: { fit: { gte: 50 } } }", "- { id: t2, when: { fit: { gte: 60 } } }");
    const report = await diffJson(dir);
    expect(report.unchanged).toBe(false);
    expect(report.definitions).toEqual([
      {
        subject: "tier",
        id: "t2",
        kind: "changed",
        summary: "tier t2: when: fit >= 50 -> fit >= 60",
        details: ["when: fit >= 50 -> fit >= 60"],
      },
    ]);
    expect(report.membership.changed).toBe(2);
    expect(moves(report)).toEqual(["tier t2 -> (no tier): 2"]);
    expect(report.membership.transitions[0].examples.map((e: { account: string }) => e.account)).toEqual(["a4", "a7"]);
    expect(report.membership.transitions[0].examples[0].reason).toContain("fit >= 60");
    expect(report.membership.tiers.find((t: { id: string }) => t.id === "t2")).toEqual({
      id: "t2",
      before: 3,
      after: 1,
      entered: 0,
      left: 2,
    });
  });

  it("a reordered segment list: moved, and the accounts the earlier segment now takes", async () => {
    const { dir, edit } = repository();
    edit(
      "  - { id: hot, axis: intent, when: { visit: { within_days: 7 } }, activate: [crm] }\n  - { id: sw, axis: firmographic, when: { industry: software }, activate: [crm, ads] }\n  - { id: fin, axis: firmographic, when: { industry: fintech }, activate: [crm] }\n",
      "  - { id: fin, axis: firmographic, when: { industry: fintech }, activate: [crm] }\n  - { id: hot, axis: intent, when: { visit: { within_days: 7 } }, activate: [crm] }\n  - { id: sw, axis: firmographic, when: { industry: software }, activate: [crm, ads] }\n",
    );
    const report = await diffJson(dir);
    expect(
      report.definitions.map((c: { subject: string; id: string; kind: string }) => `${c.kind} ${c.subject} ${c.id}`),
    ).toContain("moved segment fin");
    expect(moves(report)).toEqual(["segment hot -> fin: 1"]);
    expect(report.membership.transitions[0].examples[0].account).toBe("a4");
  });

  it("a renamed segment is one rename, and its members move with it", async () => {
    const { dir, edit } = repository();
    edit("{ id: sw, axis: firmographic", "{ id: software, axis: firmographic");
    const report = await diffJson(dir);
    expect(
      report.definitions.map((c: { kind: string; subject: string; id: string }) => `${c.kind} ${c.subject} ${c.id}`),
    ).toEqual(["renamed segment software"]);
    expect(moves(report)).toEqual(["segment sw -> software: 2"]);
    const crm = report.activations.find((a: { activation: string }) => a.activation === "crm");
    expect(crm).toMatchObject({ added: 0, removed: 0, updated: 2 });
  });

  it("an added field changes the definitions but no account", async () => {
    const { dir, edit } = repository();
    edit(
      "  surge:     { type: number, from: Surge, default: 0 }\n",
      "  surge:     { type: number, from: Surge, default: 0 }\n  sector:    { type: string, from: Industry }\n",
    );
    const report = await diffJson(dir);
    expect(
      report.definitions.map((c: { kind: string; subject: string; id: string }) => `${c.kind} ${c.subject} ${c.id}`),
    ).toEqual(["added field sector"]);
    expect(report.membership.changed).toBe(0);
    expect(report.membership.transitions).toEqual([]);
  });

  it("comments, formatting and key order change nothing: No changes", async () => {
    const { dir, edit } = repository();
    edit(
      "define:\n  mid: { employees: { between: [100, 1000] } }\n",
      "# the mid-market band\ndefine:\n  mid:\n    employees:\n      between: [100, 1000]   # inclusive\n",
    );
    edit("  intent: { from: surge }", "  intent:\n    from: surge");
    const report = await diffJson(dir);
    expect(report.unchanged).toBe(true);
    expect(report.baseHash).toBe(report.headHash);
    expect(report.definitions).toEqual([]);
    const pretty = await segform(["diff", "--base", "HEAD"], { cwd: dir });
    expect(pretty.stdout).toContain("No changes");
  });

  it("moving a rule into an imported file changes nothing; a change inside the import is reported", async () => {
    const { dir, edit } = repository();
    edit("define:\n  mid: { employees: { between: [100, 1000] } }\n", "imports: [shared.yaml]\n");
    writeFileSync(
      join(dir, "shared.yaml"),
      "# yaml-language-server: $schema=./schema.json\nversion: 1\ndefine:\n  mid: { employees: { between: [100, 1000] } }\n",
    );
    expect((await diffJson(dir)).unchanged).toBe(true);
    edit("between: [100, 1000]", "between: [100, 400]", "shared.yaml");
    const report = await diffJson(dir);
    expect(report.unchanged).toBe(false);
    const subjects = report.definitions.map((c: { subject: string; id: string }) => `${c.subject} ${c.id}`);
    expect(subjects).toEqual(["criterion mid", "icp include"]);
    expect(JSON.stringify(report.definitions)).toContain("employees between [100, 400]");
    expect(moves(report)).toContain("segment hot -> (outside ICP): 1");
  });

  it("writes a sticky-comment markdown file and is byte-identical across runs", async () => {
    const { dir, edit } = repository();
    edit("capacity: 2", "capacity: 1");
    const first = await segform(["diff", "--base", "HEAD", "--format", "markdown", "--out", "diff.md"], { cwd: dir });
    expect(first.code).toBe(0);
    const markdown = readFileSync(join(dir, "diff.md"), "utf8");
    expect(markdown.startsWith("<!-- segform-diff -->\n")).toBe(true);
    expect(markdown).toContain("capacity 2 -> 1");
    await segform(["diff", "--base", "HEAD", "--format", "markdown", "--out", "again.md"], { cwd: dir });
    expect(readFileSync(join(dir, "again.md"), "utf8")).toBe(markdown);
  });

  it("refuses an unknown ref with exit 2", async () => {
    const { dir } = repository();
    const run = await segform(["diff", "--base", "nope"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read git ref "nope"');
  });

  it("a project's first change (the base has no definitions file) is compared with an empty base", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-first-"));
    commitAll(dir, "empty repository");
    expect((await segform(["init", "."], { cwd: dir })).code).toBe(0);
    const run = await segform(["diff", "--base", "HEAD"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[2]).toBe("HEAD has no segments.yaml: the project's first change, compared with an empty base");
    expect(lines).toContain("Definitions: 21 changes");
    expect(lines).toContain("  + segment software added at position 1");
    expect(lines).toContain("Membership on data/accounts.csv: 8 of 11 accounts change tier or segment");
    const json = JSON.parse((await segform(["diff", "--base", "HEAD", "--format", "json"], { cwd: dir })).stdout);
    expect(json.baseAbsent).toBe(true);
    expect(json.membership.segments.find((group: { id: string }) => group.id === "software")).toEqual({
      id: "software",
      before: 0,
      after: 3,
      entered: 3,
      left: 0,
    });
  });
});
