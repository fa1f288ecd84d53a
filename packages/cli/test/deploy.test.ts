import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURES, REPO, segform } from "./helpers.js";

/** segform plan / apply / state / force-unlock over a copy of fixtures/deploy (file destination `out`). */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-deploy-"));
  dirs.push(dir);
  cpSync(join(FIXTURES, "deploy"), dir, { recursive: true });
  return dir;
}

const run = async (dir: string, ...args: string[]) => await segform(args, { cwd: dir });

/** Every file under a directory with its content, to show a command left it untouched. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string, rel: string) => {
    if (!existsSync(path)) return;
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full, `${rel}${entry}/`);
      else out[`${rel}${entry}`] = readFileSync(full, "utf8");
    }
  };
  walk(dir, "");
  return out;
}

const FIRST_SNAPSHOT = `key,segment,tier
A-001,software,tier1
A-002,fintech,tier2
A-004,fintech,tier2
A-005,software,tier1
A-007,salesforce-shops,tier2
A-009,other,tier2
A-010,software,tier2
`;

/** Removes accounts from the fixture's data. */
function dropAccounts(dir: string, ...keys: string[]): void {
  const path = join(dir, "data/accounts.csv");
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => !keys.some((key) => line.startsWith(`${key},`)));
  writeFileSync(path, lines.join("\n"));
}

describe("segform plan", () => {
  it("shows per destination the counts and the first accounts with the reason; skips a CRM declared but not set up for deploy", async () => {
    const dir = project();
    const result = await run(dir, "plan");
    expect(result.code).toBe(0);
    expect(
      result.stdout,
    ).toBe(`Deploy plan for deploy-test (definitions 8d59ec7fd898, data 3a235457332a, as of 2026-11-01)

hook (webhook, upsert, on exit keep; state serial 0, 0 records)
  3 to create, 0 to update, 0 to remove, 0 unchanged
  + A-001  entered segment software, tier tier1
  + A-005  entered segment software, tier tier1
  + A-010  entered segment software, tier tier2

out (file, mirror; state serial 0, 0 records)
  7 to create, 0 to update, 0 to remove, 0 unchanged
  + A-001  entered segment software, tier tier1
  + A-002  entered segment fintech, tier tier2
  + A-004  entered segment fintech, tier tier2
  + A-005  entered segment software, tier tier1
  + A-007  entered segment salesforce-shops, tier tier2
  … and 2 more creates

crm (salesforce): skipped: not set up for deploy: needs options.external_id (the external id field that holds the account key)

Plan: 10 to create, 0 to update, 0 to remove.
`);
    expect(result.stderr).toBe(
      "segments.yaml:53:3: warning SEG420: destination crm skipped: not set up for deploy: needs options.external_id (the external id field that holds the account key)\n",
    );
  });

  it("refuses to plan a named destination that is not set up for deploy, or one that is not declared (exit 2)", async () => {
    const dir = project();
    const crm = await run(dir, "plan", "--destination", "crm");
    expect(crm.code).toBe(2);
    expect(crm.stderr).toContain(
      "segments.yaml:53:3: error SEG420: destination crm (type salesforce): not set up for deploy: needs options.external_id (the external id field that holds the account key)\n",
    );
    const unknown = await run(dir, "plan", "--destination", "nope");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: SEG400: no destination named nope");
  });

  it("locates a destination's deploy error in the definitions: an unset environment variable at its setting", async () => {
    const dir = project();
    const result = await segform(["apply", "--auto-approve", "--destination", "hook"], {
      cwd: dir,
      env: { DEPLOY_TEST_HOOK_URL: "", DEPLOY_TEST_HOOK_SECRET: "" },
    });
    expect(result.code).toBe(2);
    expect(
      result.stderr,
    ).toBe(`segments.yaml:52:31: error SEG406: destination hook: url needs the environment variable DEPLOY_TEST_HOOK_URL, which is not set
    50 | destinations:
    51 |   out: { type: file, path: out/membership.csv, mode: mirror, max_removals: 2, max_changes: "80%" }
  > 52 |   hook: { type: webhook, url: "\${env:DEPLOY_TEST_HOOK_URL}", secret: "\${env:DEPLOY_TEST_HOOK_SECRET}" }
       |                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  hint: export DEPLOY_TEST_HOOK_URL=... before running segform
`);
    expect(existsSync(join(dir, ".segform/state/hook"))).toBe(false);
  });

  it("writes a byte-identical plan file for the same inputs, with --detailed-exitcode 2 while there are changes", async () => {
    const dir = project();
    const first = await run(dir, "plan", "--destination", "out", "--out", "a.plan", "--detailed-exitcode");
    const second = await run(dir, "plan", "--destination", "out", "--out", "b.plan", "--detailed-exitcode");
    expect([first.code, second.code]).toEqual([2, 2]);
    expect(readFileSync(join(dir, "a.plan"), "utf8")).toBe(readFileSync(join(dir, "b.plan"), "utf8"));
    // JSONL: the header (no actions), one line per action in plan order, the trailer with the count and the hash.
    const lines = readFileSync(join(dir, "a.plan"), "utf8").split("\n");
    const plan = JSON.parse(lines[0]!);
    expect([plan.format, plan.version, lines.length]).toEqual(["segform-deploy-plan", 2, 10]);
    expect(plan.destinations.map((d: { name: string; counts: unknown }) => [d.name, d.counts, "actions" in d])).toEqual(
      [["out", { create: 7, update: 0, remove: 0, unchanged: 0 }, false]],
    );
    expect(lines.slice(1, 8).map((line) => JSON.parse(line).key)).toEqual([
      "A-001",
      "A-002",
      "A-004",
      "A-005",
      "A-007",
      "A-009",
      "A-010",
    ]);
    expect(lines.slice(8)).toEqual([`{"actions":7,"end":"segform-deploy-plan","hash":"${plan.hash}"}`, ""]);
    const json = JSON.parse((await run(dir, "plan", "--destination", "out", "--format", "json")).stdout);
    expect(json.hash).toBe(plan.hash);
    expect(json.destinations[0].actions.map((a: { key: string }) => a.key)).toEqual(
      lines.slice(1, 8).map((line) => JSON.parse(line).key),
    );
    const markdown = (await run(dir, "plan", "--destination", "out", "--format", "markdown")).stdout;
    expect(markdown).toContain("| out | file | mirror | 7 | 0 | 0 | 0 | ok |");
    expect(markdown).toContain("| create | `A-001` | entered segment software, tier tier1 |");
  });
});

describe("segform apply", () => {
  it("applies exactly the saved plan: snapshot, changes file, state; then reports it applied and plans no changes", async () => {
    const dir = project();
    await run(dir, "plan", "--destination", "out", "--out", "deploy.plan");
    const applied = await run(dir, "apply", "deploy.plan");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toBe("out: 7 records acknowledged\n");
    expect(readFileSync(join(dir, "out/membership.csv"), "utf8")).toBe(FIRST_SNAPSHOT);
    const changes = readFileSync(join(dir, "out/membership.changes.1.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(changes.map((change) => [change.action, change.key])).toEqual([
      ["create", "A-001"],
      ["create", "A-002"],
      ["create", "A-004"],
      ["create", "A-005"],
      ["create", "A-007"],
      ["create", "A-009"],
      ["create", "A-010"],
    ]);
    const before = tree(dir);
    const again = await run(dir, "apply", "deploy.plan");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("out: this plan was applied already; nothing sent\n");
    expect(tree(dir)).toEqual(before);
    expect((await run(dir, "plan", "--destination", "out", "--detailed-exitcode")).code).toBe(0);
    expect((await run(dir, "state", "list")).stdout).toBe("state at .segform/state\n  out: serial 1, 7 records\n");
    expect((await run(dir, "state", "show", "A-004")).stdout).toBe(
      'out:\n  segment fintech, tier tier2, hash 9f432e956d9b8926\n  segment: "fintech"\n  tier: "tier2"\n',
    );
  });

  it("mirrors removals and updates on the next apply", async () => {
    const dir = project();
    expect((await run(dir, "apply", "--auto-approve", "--destination", "out")).code).toBe(0);
    dropAccounts(dir, "A-002");
    const plan = await run(dir, "plan", "--destination", "out");
    expect(plan.stdout).toContain(
      "  0 to create, 0 to update, 1 to remove, 6 unchanged\n  - A-002  no longer in the data\n",
    );
    const applied = await run(dir, "apply", "--auto-approve", "--destination", "out");
    expect(applied.code).toBe(0);
    expect(readFileSync(join(dir, "out/membership.csv"), "utf8")).toBe(
      FIRST_SNAPSHOT.replace("A-002,fintech,tier2\n", ""),
    );
    expect(
      readFileSync(join(dir, "out/membership.changes.2.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).action),
    ).toEqual(["remove"]);
    dropAccounts(dir, "A-001");
    expect((await run(dir, "plan", "--destination", "out")).stdout).toContain(
      "  0 to create, 1 to update, 1 to remove, 4 unchanged\n  ~ A-010  tier tier2 -> tier1\n  - A-001  no longer in the data\n",
    );
  });

  it("refuses a stale plan (exit 1) and leaves state as it is", async () => {
    const dir = project();
    await run(dir, "plan", "--destination", "out", "--out", "old.plan");
    dropAccounts(dir, "A-009");
    expect((await run(dir, "apply", "--auto-approve", "--destination", "out")).code).toBe(0);
    const before = tree(dir);
    const stale = await run(dir, "apply", "old.plan");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      "error: SEG403: the plan is stale: the state of destination out changed since it was planned (serial 0 then, 1 now)\n  hint: run segform plan again and apply the new plan\n",
    );
    expect(tree(dir)).toEqual(before);
  });

  it("refuses a plan over a mass-change limit unless --allow-mass-change names the destination", async () => {
    const dir = project();
    expect((await run(dir, "apply", "--auto-approve", "--destination", "out")).code).toBe(0);
    dropAccounts(dir, "A-001", "A-002", "A-004");
    await run(dir, "plan", "--destination", "out", "--out", "big.plan");
    expect((await run(dir, "plan", "--destination", "out")).stdout).toContain(
      "  ! mass-change guard: 3 removals exceed max_removals 2 (2 of 7 records); apply needs --allow-mass-change out\n",
    );
    const before = tree(dir);
    const refused = await run(dir, "apply", "big.plan");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "error: SEG405: destination out: 3 removals exceed max_removals 2 (2 of 7 records)\n  hint: review the plan; if the change is intended, apply with --allow-mass-change out\n",
    );
    expect(tree(dir)).toEqual(before);
    const allowed = await run(dir, "apply", "big.plan", "--allow-mass-change", "out");
    expect(allowed.code).toBe(0);
    expect(readFileSync(join(dir, "out/membership.csv"), "utf8")).toBe(
      "key,segment,tier\nA-005,software,tier1\nA-007,salesforce-shops,tier2\nA-009,other,tier2\nA-010,software,tier1\n",
    );
  });

  it("--dry-run prints what would be sent and changes nothing", async () => {
    const dir = project();
    await run(dir, "plan", "--destination", "out", "--out", "deploy.plan");
    const before = tree(dir);
    const dry = await run(dir, "apply", "deploy.plan", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout.split("\n").slice(0, 3)).toEqual([
      "out: dry run, would send 7 records",
      '  create A-001 {"segment":"software","tier":"tier1"}',
      '  create A-002 {"segment":"fintech","tier":"tier2"}',
    ]);
    expect(tree(dir)).toEqual(before);
  });

  it("without a plan file needs --auto-approve (exit 2)", async () => {
    const dir = project();
    const result = await run(dir, "apply");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: apply without a plan file needs --auto-approve\n  hint: review first: segform plan --out deploy.plan, then segform apply deploy.plan\n",
    );
  });

  it("refuses plan files that are truncated, edited, foreign, of another version or missing; state untouched", async () => {
    const dir = project();
    await run(dir, "plan", "--destination", "out", "--out", "deploy.plan");
    const text = readFileSync(join(dir, "deploy.plan"), "utf8");
    const lines = text.split("\n");
    const header = JSON.parse(lines[0]!);
    writeFileSync(join(dir, "truncated.plan"), text.slice(0, Math.floor(text.length / 2)));
    writeFileSync(join(dir, "cut.plan"), text.slice(0, lines[0]!.length - 10));
    writeFileSync(join(dir, "edited.plan"), text.replace('"A-001"', '"A-999"'));
    writeFileSync(join(dir, "foreign.plan"), JSON.stringify({ format_version: "1.2", planned_values: {} }));
    writeFileSync(join(dir, "future.plan"), [JSON.stringify({ ...header, version: 99 }), ...lines.slice(1)].join("\n"));
    const actions = lines.slice(1, -2).map((line) => JSON.parse(line));
    const { hash: _hash, ...old } = { ...header, version: 1, destinations: [{ ...header.destinations[0], actions }] };
    writeFileSync(join(dir, "old.plan"), JSON.stringify(old) + "\n");
    const before = tree(dir);
    const cases: [string, number, string][] = [
      [
        "truncated.plan",
        2,
        "error: SEG423: truncated.plan is truncated: it ends before the trailer segform writes as its last line\n",
      ],
      ["cut.plan", 2, "error: SEG401: cut.plan is not a segform deploy plan (not JSON, or truncated)\n"],
      [
        "edited.plan",
        2,
        "error: SEG424: edited.plan was edited or damaged after segform wrote it (it does not match its hash)\n",
      ],
      ["foreign.plan", 2, "error: SEG401: foreign.plan is not a segform deploy plan\n"],
      ["future.plan", 2, "error: SEG402: future.plan is a deploy plan of version 99; this segform reads version 2\n"],
      [
        "old.plan",
        2,
        "error: SEG422: old.plan is a single-JSON deploy plan written by an earlier segform; this segform reads JSONL plan files (version 2)\n",
      ],
      ["missing.plan", 2, "error: no plan file missing.plan\n"],
    ];
    for (const [file, code, message] of cases) {
      const result = await run(dir, "apply", file);
      expect([file, result.code, result.stderr.split("\n")[0] + "\n"]).toEqual([file, code, message]);
    }
    expect((await run(dir, "apply", "old.plan")).stderr.split("\n")[1]).toBe(
      "  hint: run segform plan --out FILE again and apply the new file",
    );
    expect(tree(dir)).toEqual(before);
  });

  it("fails at once while another apply holds the lock (exit 2); force-unlock removes exactly that lock", async () => {
    const dir = project();
    const lock = {
      id: "5f0c7c1e-lock",
      owner: "ci@runner-7",
      pid: 4242,
      host: "runner-7",
      startedAt: "2026-11-01T10:00:00.000Z",
      command: "segform apply",
    };
    const stateDir = join(dir, ".segform/state");
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, "lock.json"), JSON.stringify(lock));
    const locked = await run(dir, "apply", "--auto-approve", "--destination", "out");
    expect(locked.code).toBe(2);
    expect(locked.stderr).toBe(
      "error: SEG404: the deploy state at .segform/state is locked by ci@runner-7 (pid 4242 on runner-7, since 2026-11-01T10:00:00.000Z, lock id 5f0c7c1e-lock)\n  hint: wait for that apply to end (or pass --lock-timeout SECONDS); if it is gone, run: segform force-unlock 5f0c7c1e-lock\n",
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
    const wrong = await run(dir, "force-unlock", "other-id");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("error: the lock at .segform/state has id 5f0c7c1e-lock, not other-id");
    const unlocked = await run(dir, "force-unlock", "5f0c7c1e-lock");
    expect(unlocked.code).toBe(0);
    expect(unlocked.stderr).toBe(
      "removed the lock 5f0c7c1e-lock held by ci@runner-7 (pid 4242 on runner-7, since 2026-11-01T10:00:00.000Z)\n",
    );
    expect((await run(dir, "apply", "--auto-approve", "--destination", "out")).code).toBe(0);
    expect(existsSync(join(stateDir, "lock.json"))).toBe(false);
  });
});

describe("the quick start", () => {
  it("plans and applies to its file destination out of the box, in a fresh directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-quickstart-"));
    dirs.push(dir);
    cpSync(join(REPO, "segments.example.yaml"), join(dir, "segments.yaml"));
    cpSync(join(REPO, "examples/quickstart/data"), join(dir, "examples/quickstart/data"), { recursive: true });
    const plan = await run(dir, "plan", "--out", "deploy.plan");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      "membership (file, mirror; state serial 0, 0 records)\n  413 to create, 0 to update, 0 to remove, 0 unchanged\n",
    );
    const applied = await run(dir, "apply", "deploy.plan");
    expect(applied.code).toBe(0);
    expect(applied.stdout.split("\n")[0]).toBe("membership: 413 records acknowledged");
    const snapshot = readFileSync(join(dir, "examples/quickstart/out/membership.csv"), "utf8").split("\n");
    expect([snapshot[0], snapshot.length]).toEqual(["key,fit,segment,tier", 415]);
    expect((await run(dir, "plan", "--detailed-exitcode")).code).toBe(0);
  });

  it("says the data was not read when every destination is skipped (init, crm without its external id)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-skipped-"));
    dirs.push(dir);
    expect((await run(dir, "init")).code).toBe(0);
    const yaml = readFileSync(join(dir, "segments.yaml"), "utf8");
    writeFileSync(join(dir, "segments.yaml"), yaml.replace(", options: { external_id: Segform_Key__c }", ""));
    const plan = await run(dir, "plan", "--out", "deploy.plan");
    expect([plan.code, plan.stdout.split("\n")[0]!.replace(/definitions [0-9a-f]{12}/, "definitions H")]).toEqual([
      0,
      "Deploy plan for my-segmentation (definitions H, data not read, as of 2026-11-01)",
    ]);
    // Nothing was compared with any destination, so the plan does not claim they hold what the definitions ask.
    expect(plan.stdout.trimEnd().split("\n").at(-1)).toBe(
      "Nothing planned: every destination was skipped (see above).",
    );
    const markdown = await run(dir, "plan", "--format", "markdown");
    expect(markdown.stdout).toMatch(/^<sub>definitions [0-9a-f]{12} · data not read · plan [0-9a-f]{12}<\/sub>$/m);
    const applied = await run(dir, "apply", "deploy.plan");
    expect([applied.code, applied.stdout]).toEqual([
      0,
      "crm: skipped (not set up for deploy: needs options.external_id (the external id field that holds the account key))\n",
    ]);
  });
});
