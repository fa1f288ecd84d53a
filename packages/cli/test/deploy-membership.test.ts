import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURES, segform } from "./helpers.js";

/** segform plan / apply --membership FILE: planning from a `segform run --out` membership over fixtures/deploy. */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-deploy-membership-"));
  dirs.push(dir);
  cpSync(join(FIXTURES, "deploy"), dir, { recursive: true });
  return dir;
}

const run = async (dir: string, ...args: string[]) => await segform(args, { cwd: dir });
const sha256 = (path: string) => "sha256:" + createHash("sha256").update(readFileSync(path)).digest("hex");

/** A JSON plan without its hash and data fingerprint (the parts that name the input). */
function actionsOf(stdout: string): unknown {
  const { hash: _hash, data: _data, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
  return rest;
}

describe("segform plan --membership", () => {
  it("plans the same actions from a run output (csv, jsonl, json) as from the data; the data fingerprint is the membership's hash", async () => {
    const dir = project();
    const fromData = await run(dir, "plan", "--format", "json");
    expect(fromData.code).toBe(0);
    const expected = actionsOf(fromData.stdout);
    for (const file of ["m.csv", "m.jsonl", "m.json"]) {
      expect((await run(dir, "run", "--out", file, "-q")).code).toBe(0);
      const result = await run(dir, "plan", "--membership", file, "--format", "json");
      expect(result.stderr).toContain("destination crm skipped");
      expect(result.code).toBe(0);
      expect(actionsOf(result.stdout)).toEqual(expected);
      const plan = JSON.parse(result.stdout) as { data: string; definitions: string };
      expect(plan.data).toBe(sha256(join(dir, file)));
      expect(plan.definitions).toBe((JSON.parse(fromData.stdout) as { definitions: string }).definitions);
    }
    // Same inputs, same bytes.
    const first = await run(dir, "plan", "--membership", "m.csv", "--out", "a.plan");
    const second = await run(dir, "plan", "--membership", "m.csv", "--out", "b.plan");
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, "a.plan"), "utf8")).toBe(readFileSync(join(dir, "b.plan"), "utf8"));
  });

  it("apply --auto-approve --membership sends the membership; a plan from it is applied as any other; the next plan has no changes", async () => {
    const dir = project();
    expect((await run(dir, "run", "--out", "m.csv", "-q")).code).toBe(0);
    const applied = await run(dir, "apply", "--auto-approve", "--membership", "m.csv", "--destination", "out");
    expect(applied.code).toBe(0);
    expect(readFileSync(join(dir, "out/membership.csv"), "utf8")).toBe(`key,segment,tier
A-001,software,tier1
A-002,fintech,tier2
A-004,fintech,tier2
A-005,software,tier1
A-007,salesforce-shops,tier2
A-009,other,tier2
A-010,software,tier2
`);
    // A-002 leaves the membership: one removal planned, saved, applied (a file edited by hand has no sidecar).
    writeFileSync(
      join(dir, "m2.csv"),
      readFileSync(join(dir, "m.csv"), "utf8")
        .split("\n")
        .filter((line) => !line.startsWith("A-002,"))
        .join("\n"),
    );
    const planned = await run(
      dir,
      "plan",
      "--membership",
      "m2.csv",
      "--destination",
      "out",
      "--out",
      "deploy.plan",
      "--detailed-exitcode",
    );
    expect(planned.code).toBe(2);
    expect(planned.stdout).toContain("0 to create, 0 to update, 1 to remove, 6 unchanged");
    expect(planned.stdout).toContain("- A-002  no longer in the data");
    expect((await run(dir, "apply", "deploy.plan")).code).toBe(0);
    expect(readFileSync(join(dir, "out/membership.csv"), "utf8")).not.toContain("A-002");
    expect(planned.stderr).toContain(
      "m2.csv: warning SEG419: no m2.csv.meta.json beside the membership: cannot check that these definitions wrote it\n",
    );
    const again = await run(dir, "plan", "--membership", "m2.csv", "--destination", "out", "--detailed-exitcode");
    expect(again.code).toBe(0);
  });

  it("run --out writes a sidecar (FILE.meta.json); plan refuses a membership of other definitions (SEG417) or one changed since (SEG418) unless --allow-membership-mismatch", async () => {
    const dir = project();
    expect((await run(dir, "run", "--out", "m.csv", "-q")).code).toBe(0);
    const fromData = JSON.parse((await run(dir, "plan", "--format", "json")).stdout) as { definitions: string };
    const meta = JSON.parse(readFileSync(join(dir, "m.csv.meta.json"), "utf8")) as Record<string, unknown>;
    expect(meta).toEqual({
      asOf: meta.asOf,
      definitions: fromData.definitions,
      format: "segform-membership-meta",
      membership: sha256(join(dir, "m.csv")),
      rows: 10,
      segform: "0.1.0",
      version: 1,
    });
    expect(readFileSync(join(dir, "m.csv.meta.json"), "utf8")).toBe(
      `{"asOf":"${meta.asOf as string}","definitions":"${fromData.definitions}","format":"segform-membership-meta","membership":"${sha256(join(dir, "m.csv"))}","rows":10,"segform":"0.1.0","version":1}\n`,
    );
    const matching = await run(dir, "plan", "--membership", "m.csv", "--destination", "out");
    expect(matching.code).toBe(0);
    expect(matching.stderr).toBe("");

    // The definitions change after the run (a new tier threshold): the membership is theirs no more.
    const yaml = join(dir, "segments.yaml");
    const original = readFileSync(yaml, "utf8");
    writeFileSync(yaml, original.replace(/\n$/, "") + "\n# a comment changes nothing\n");
    expect((await run(dir, "plan", "--membership", "m.csv", "--destination", "out")).code).toBe(0);
    writeFileSync(yaml, original.replace("capacity: 2", "capacity: 3"));
    const changed = JSON.parse((await run(dir, "plan", "--format", "json", "--destination", "out")).stdout) as {
      definitions: string;
    };
    expect(changed.definitions).not.toBe(fromData.definitions);
    const other = await run(dir, "plan", "--membership", "m.csv", "--destination", "out", "--out", "x.plan");
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      `m.csv: error SEG417: the membership was written by other definitions (plan hash ${fromData.definitions.replace(/^sha256:/, "").slice(0, 12)}, these are ${changed.definitions.replace(/^sha256:/, "").slice(0, 12)})\n  hint: write it again with these definitions (segform run --out FILE), or pass --allow-membership-mismatch to plan from it anyway\n`,
    );
    expect(existsSync(join(dir, "x.plan"))).toBe(false);
    const allowed = await run(
      dir,
      "plan",
      "--membership",
      "m.csv",
      "--destination",
      "out",
      "--allow-membership-mismatch",
    );
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain(
      "m.csv: warning SEG417: the membership was written by other definitions (plan hash ",
    );
    expect(allowed.stderr).toContain("(planned anyway: --allow-membership-mismatch)\n");
    writeFileSync(yaml, original);

    // The membership is edited after the run: its sidecar describes another file.
    const text = readFileSync(join(dir, "m.csv"), "utf8");
    writeFileSync(
      join(dir, "m.csv"),
      text
        .split("\n")
        .filter((line) => !line.startsWith("A-002,"))
        .join("\n"),
    );
    const edited = await run(dir, "apply", "--auto-approve", "--membership", "m.csv", "--destination", "out");
    expect(edited.code).toBe(2);
    expect(edited.stderr).toBe(
      `m.csv: error SEG418: the membership changed since segform run wrote it (m.csv.meta.json records 10 rows with hash ${String(
        meta.membership,
      )
        .replace(/^sha256:/, "")
        .slice(0, 12)}, the file's is ${sha256(join(dir, "m.csv"))
        .replace(/^sha256:/, "")
        .slice(
          0,
          12,
        )})\n  hint: write it again with segform run --out FILE, or pass --allow-membership-mismatch to plan from it anyway\n`,
    );
    expect(existsSync(join(dir, ".segform/state"))).toBe(false);

    // A stray sidecar is refused too; writing the membership again writes its sidecar again.
    writeFileSync(join(dir, "m.csv.meta.json"), "{}\n");
    const stray = await run(dir, "plan", "--membership", "m.csv", "--destination", "out");
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("m.csv: error SEG418: m.csv.meta.json is not a segform membership sidecar\n");
    expect((await run(dir, "run", "--out", "m.csv", "-q")).code).toBe(0);
    expect((await run(dir, "plan", "--membership", "m.csv", "--destination", "out")).code).toBe(0);
    // Output to a non-file writes no sidecar.
    expect((await run(dir, "run", "--out", "/dev/null", "--format", "csv", "-q")).code).toBe(0);
    expect(existsSync("/dev/null.meta.json")).toBe(false);
  });

  it("refuses a set: template that needs account field values, at the template (SEG413)", async () => {
    const dir = project();
    const yaml = join(dir, "segments.yaml");
    writeFileSync(
      yaml,
      readFileSync(yaml, "utf8").replace(
        'tier: "{{ tier.id }}" }',
        'tier: "{{ tier.id }}", industry: "{{ account.industry }}" }',
      ),
    );
    expect((await run(dir, "run", "--out", "m.csv", "-q")).code).toBe(0);
    const result = await run(dir, "plan", "--membership", "m.csv");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /segments\.yaml:\d+:\d+: error SEG413: activation export: set\.industry "\{\{ account\.industry \}\}" needs \{\{ account\.industry \}\}, a field value a membership file does not hold/,
    );
    expect(result.stderr).toContain("plan from the account data instead");
    // Without that destination the template does not matter.
    expect((await run(dir, "plan", "--membership", "m.csv", "--destination", "hook")).code).toBe(0);
  });

  it("refuses a snapshot (SEG414), a missing file (SEG416), rows and columns that are not these definitions' (SEG415), and --data with it", async () => {
    const dir = project();
    expect((await run(dir, "run", "--out", "m.csv", "--snapshot", "m.snap", "-q")).code).toBe(0);
    const snapshot = await run(dir, "plan", "--membership", "m.snap");
    expect(snapshot.code).toBe(2);
    expect(snapshot.stderr).toContain(
      "m.snap:1: error SEG414: a membership snapshot (segform run --snapshot) holds key, tier and segment only",
    );

    const missing = await run(dir, "plan", "--membership", "nope.csv");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.csv: error SEG416: cannot read membership file nope.csv");

    const text = readFileSync(join(dir, "m.csv"), "utf8");
    const lines = text.split("\n");
    const row = lines.findIndex((line) => line.startsWith("A-004,"));
    writeFileSync(join(dir, "bad.csv"), text.replace(/^A-004,(.*),fintech,/m, "A-004,$1,crypto,"));
    const unknown = await run(dir, "plan", "--membership", "bad.csv");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      `bad.csv:${row + 1}: error SEG415: not a membership of these definitions: segment "crypto" is not declared`,
    );

    writeFileSync(join(dir, "cols.csv"), text.replace(/^([^\n]*),activations\n/, "$1,acts\n"));
    const columns = await run(dir, "plan", "--membership", "cols.csv");
    expect(columns.code).toBe(2);
    expect(columns.stderr).toContain(
      "cols.csv:1: error SEG415: not a membership of these definitions: column activations missing",
    );

    writeFileSync(
      join(dir, "acts.jsonl"),
      JSON.stringify({
        account: "A-001",
        icp: true,
        scores: { fit: 80, intent_score: 82 },
        tier: "tier1",
        segment: "software",
        activations: ["export", "gone"],
      }) + "\n",
    );
    const activation = await run(dir, "plan", "--membership", "acts.jsonl");
    expect(activation.code).toBe(2);
    expect(activation.stderr).toContain(
      'acts.jsonl:1: error SEG415: not a membership of these definitions: activation "gone" is not declared',
    );

    const both = await run(dir, "plan", "--membership", "m.csv", "--data", "data/accounts.csv");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--membership and --data cannot be combined");
  });

  it("reads quoted CSV cells (commas, quotes, a line break; CRLF rows) as the JSONL reader reads the same rows", async () => {
    const dir = project();
    const header = "account_id,icp,fit,intent_score,tier,segment,activations";
    writeFileSync(
      join(dir, "q.csv"),
      `${header}\r\n"A,""1""",true,100,82,tier1,software,export\r\n"B\n2",true,50,40,tier2,"fintech",export;notify\r\nC-3,false,0,0,,,\r\n`,
    );
    const rows = [
      {
        account: 'A,"1"',
        icp: true,
        scores: { fit: 100, intent_score: 82 },
        tier: "tier1",
        segment: "software",
        activations: ["export"],
      },
      {
        account: "B\n2",
        icp: true,
        scores: { fit: 50, intent_score: 40 },
        tier: "tier2",
        segment: "fintech",
        activations: ["export", "notify"],
      },
      { account: "C-3", icp: false, scores: { fit: 0, intent_score: 0 }, tier: null, segment: null, activations: [] },
    ];
    writeFileSync(join(dir, "q.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
    const csv = await run(dir, "plan", "--membership", "q.csv", "--destination", "out", "--format", "json");
    const jsonl = await run(dir, "plan", "--membership", "q.jsonl", "--destination", "out", "--format", "json");
    expect([csv.code, jsonl.code]).toEqual([0, 0]);
    const actions = (stdout: string) =>
      (
        JSON.parse(stdout) as { destinations: { actions: { action: string; key: string; values: unknown }[] }[] }
      ).destinations[0]!.actions.map(({ action, key, values }) => ({ action, key, values }));
    expect(actions(csv.stdout)).toEqual([
      { action: "create", key: 'A,"1"', values: { segment: "software", tier: "tier1" } },
      { action: "create", key: "B\n2", values: { segment: "fintech", tier: "tier2" } },
    ]);
    expect(actions(jsonl.stdout)).toEqual(actions(csv.stdout));

    writeFileSync(
      join(dir, "open.csv"),
      `${header}\nA-1,true,100,82,tier1,software,export\n"A-2,true,100,82,tier1,software,export\n`,
    );
    const open = await run(dir, "plan", "--membership", "open.csv");
    expect(open.code).toBe(2);
    expect(open.stderr).toContain(
      "open.csv:3: error SEG415: malformed CSV: a quoted field that opens on this line is never closed",
    );
    writeFileSync(join(dir, "short.csv"), `${header}\nA-1,true,100,82,tier1,software\n`);
    const short = await run(dir, "plan", "--membership", "short.csv");
    expect(short.stderr).toContain("short.csv:2: error SEG415: row has 6 cells, the header has 7");
  });
});
