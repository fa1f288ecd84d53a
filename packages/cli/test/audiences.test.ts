// Segments scoped to every account (`segments: { scope: all, list }`) and overlapping audiences (`audiences:`), through
// run (every engine and output format), explain, test (expectations, unknown ids, bars) and diff. PostgreSQL tests use
// the throwaway server started by test/setup/postgres.ts (or SEGFORM_TEST_PG_URL).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { commitAll, FIXTURES, loadCsv, segform } from "./helpers.js";

const FIXTURE = join(FIXTURES, "audiences");
const PROJECT = join(FIXTURE, "segments.yaml");

// A: a customer (outside the ICP), renewing in 44 days, intent 80, 5000 employees: three audiences.
// B: an ICP account in no audience. C: outside the ICP (50 employees), in-market only. D: ICP, every audience.
// E: no employee count, no intent: outside the ICP, the fallback segment, no audience.
const ALL_SCOPE = [
  "id,icp,heat,tier,segment,activations,audiences",
  "A,false,80,,expansion,ads;crm,renewal-soon;in-market;big",
  "B,true,10,,midmarket,crm,",
  "C,false,60,,small,crm,in-market",
  "D,true,55,hot,enterprise,ads;crm,renewal-soon;in-market;big",
  "E,false,0,,rest,crm,",
  "",
].join("\n");

// The same project with `scope: icp`: accounts outside the ICP have no segment; their audiences still activate.
const ICP_SCOPE = [
  "id,icp,heat,tier,segment,activations,audiences",
  "A,false,80,,,ads,renewal-soon;in-market;big",
  "B,true,10,,midmarket,crm,",
  "C,false,60,,,,in-market",
  "D,true,55,hot,enterprise,ads;crm,renewal-soon;in-market;big",
  "E,false,0,,,,",
  "",
].join("\n");

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the fixture project, with `edit` applied to its definitions. */
function copy(edit: (text: string) => string = (text) => text): string {
  const dir = mkdtempSync(join(tmpdir(), "segform-audiences-"));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  const file = join(dir, "segments.yaml");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
  return dir;
}

const icpScoped = (text: string) => {
  expect(text).toContain("  scope: all\n");
  return text.replace("  scope: all\n", "  scope: icp\n");
};

describe("segments scope and audiences: segform run", () => {
  it("labels every account with a segment (scope all) and its audiences, the same with --engine js and duckdb", async () => {
    for (const engine of ["js", "duckdb"]) {
      const run = await segform(["run", PROJECT, "--engine", engine, "-q"]);
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe(ALL_SCOPE);
    }
    // DuckDB writes a CSV --out itself (one COPY statement): the same bytes, and the summary's counts read back from it.
    const dir = copy();
    const out = join(dir, "out.csv");
    const run = await segform(["run", PROJECT, "--engine", "duckdb", "--out", out]);
    expect(run.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(ALL_SCOPE);
    expect(run.stderr).toContain(
      "segments: expansion 1, enterprise 1, midmarket 1, small 1, rest 1\n  audiences: renewal-soon 2, in-market 3, big 2\n",
    );
    expect((await segform(["run", PROJECT, "--out", join(dir, "js.csv")])).stderr).toContain(
      "  audiences: renewal-soon 2, in-market 3, big 2\n",
    );
  });

  it("with scope icp, accounts outside the ICP get no segment, and only their audiences' activations", async () => {
    const dir = copy(icpScoped);
    for (const engine of ["js", "duckdb"])
      expect((await segform(["run", join(dir, "segments.yaml"), "--engine", engine, "-q"])).stdout).toBe(ICP_SCOPE);
  });

  it("writes audiences as a list in JSON Lines and JSON (an account in none has [])", async () => {
    const jsonl = (await segform(["run", PROJECT, "--format", "jsonl", "-q"])).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(jsonl.map((account) => [account.account, account.segment, account.audiences])).toEqual([
      ["A", "expansion", ["renewal-soon", "in-market", "big"]],
      ["B", "midmarket", []],
      ["C", "small", ["in-market"]],
      ["D", "enterprise", ["renewal-soon", "in-market", "big"]],
      ["E", "rest", []],
    ]);
    expect(Object.keys(jsonl[0])).toEqual(["account", "icp", "scores", "tier", "segment", "activations", "audiences"]);
    const json = JSON.parse((await segform(["run", PROJECT, "--format", "json", "-q"])).stdout);
    expect(json).toEqual(jsonl);
  });

  it("a project without audiences writes no audiences column", async () => {
    const dir = copy((text) =>
      text
        .replace(/\naudiences:\n[\s\S]*?\nactivations:/, "\nactivations:")
        .replace(
          "  audience_size: { min: 1, max: 3 }\n  audience_overlap: { max: 0.9, severity: warn }\n",
          "  segment_count: { min: 1 }\n",
        ),
    );
    const run = await segform(["run", join(dir, "segments.yaml"), "-q"]);
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n")[0]).toBe("id,icp,heat,tier,segment,activations");
    expect(run.stdout.split("\n")[1]).toBe("A,false,80,,expansion,crm");
  });
});

describe("segments scope and audiences: explain and test", () => {
  it("explains why an account is or is not in each audience", async () => {
    const a = await segform(["explain", PROJECT, "--account", "A"]);
    expect(a.stdout).toContain(
      [
        "tier: none (outside the ICP)",
        "segment: expansion",
        "  segment expansion",
        "    ✓ customer = true  (was true)",
      ].join("\n"),
    );
    expect(a.stdout).toContain(
      [
        "audiences: renewal-soon, in-market, big",
        "  ✓ audience renewal-soon",
        "    ✓ renewal within the next 90 days  (was 2026-12-15)",
        "  ✓ audience in-market",
        "    ✓ heat >= 50  (was 80)",
        "  ✓ audience big",
        "    ✓ employees >= 1000  (was 5000)",
        "activations: ads, crm",
        "  ✓ ads (via audience renewal-soon)",
        "  ✓ crm (via segment expansion)",
        "",
      ].join("\n"),
    );
    const b = await segform(["explain", PROJECT, "--account", "B"]);
    expect(b.stdout).toContain(
      [
        "audiences: none",
        "  ✗ audience renewal-soon (not in it)",
        "    ✗ renewal within the next 90 days  (was missing)",
        "  ✗ audience in-market (not in it)",
        "    ✗ heat >= 50  (was 10)",
        "  ✗ audience big (not in it)",
        "    ✗ employees >= 1000  (was 200)",
      ].join("\n"),
    );
  });

  it("checks `audiences:` expectations and measures the audience bars", async () => {
    const run = await segform(["test", PROJECT, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.suites[0].cases.map((c: { status: string }) => c.status)).toEqual(["pass", "pass", "pass"]);
    const bars = Object.fromEntries(report.bars.map((bar: { bar: string }) => [bar.bar, bar]));
    expect(bars.audience_size.passed).toBe(true);
    expect(
      bars.audience_size.details.map((d: { subject: string; figures: { accounts: number } }) => [
        d.subject,
        d.figures.accounts,
      ]),
    ).toEqual([
      ["renewal-soon", 2],
      ["in-market", 3],
      ["big", 2],
    ]);
    expect(bars.audience_overlap.passed).toBe(false);
    expect(bars.audience_overlap.severity).toBe("warn");
    expect(bars.audience_overlap.message).toBe(
      "the largest overlap is renewal-soon vs in-market: 100.0% of the smaller audience, above the maximum 90.0%",
    );
    expect(
      bars.audience_overlap.details.map((d: { subject: string; figures: unknown }) => [d.subject, d.figures]),
    ).toEqual([
      ["renewal-soon vs in-market", { both: 2, smaller: 2, share: 1 }],
      ["renewal-soon vs big", { both: 2, smaller: 2, share: 1 }],
      ["in-market vs big", { both: 2, smaller: 2, share: 1 }],
    ]);
  });

  it("stability against a snapshot counts accounts outside the ICP in their segments (no churn for the same data)", async () => {
    const dir = copy((text) =>
      text.replace(
        "  audience_size: { min: 1, max: 3 }\n",
        "  audience_size: { min: 1, max: 3 }\n  stability: { max_churn: 0 }\n",
      ),
    );
    expect((await segform(["run", "segments.yaml", "--snapshot", "snapshot.jsonl", "-q"], { cwd: dir })).code).toBe(0);
    const report = JSON.parse(
      (await segform(["test", "segments.yaml", "--baseline", "snapshot.jsonl", "--format", "json"], { cwd: dir }))
        .stdout,
    );
    const stability = report.bars.find((bar: { bar: string }) => bar.bar === "stability");
    expect(stability.passed).toBe(true);
    expect(stability.message).toContain("0 of 5");
  });

  it("a failed audience expectation names both sets", async () => {
    const dir = copy();
    const suite = join(dir, "tests/audiences_test.yaml");
    writeFileSync(
      suite,
      readFileSync(suite, "utf8").replace("audiences: [], activations: [crm]", "audiences: [big], activations: [crm]"),
    );
    const run = await segform(["test", join(dir, "segments.yaml"), "--format", "json"]);
    expect(run.code).toBe(1);
    const failures = JSON.parse(run.stdout).suites[0].cases[1].failures;
    expect(
      failures.map((f: { what: string; expected: string; actual: string }) => [f.what, f.expected, f.actual]),
    ).toEqual([["audiences", "[big]", "[]"]]);
  });

  it("an unknown audience id in a test is SEG205 at its place, with the nearest id", async () => {
    const dir = copy();
    const suite = join(dir, "tests/audiences_test.yaml");
    writeFileSync(
      suite,
      readFileSync(suite, "utf8").replace(
        "audiences: [renewal-soon, in-market, big]",
        "audiences: [renewal-son, in-market, big]",
      ),
    );
    const run = await segform(["test", join(dir, "segments.yaml")], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      'tests/audiences_test.yaml:7:71: error SEG205: test "a customer outside the ICP gets the expansion segment and three audiences" expects audience "renewal-son", which the project does not define',
    );
    expect(run.stdout).toContain(
      '  hint: did you mean "renewal-soon"? (the project defines renewal-soon, in-market, big)',
    );
  });
});

describe("segments scope and audiences: diff", () => {
  it("reports a scope change as a definition change, and audience entering and leaving counts", async () => {
    const dir = copy(icpScoped);
    commitAll(dir);
    const file = join(dir, "segments.yaml");
    // Back to scope all, and the in-market bar raised from 50 to 60: D leaves in-market.
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace("  scope: icp\n", "  scope: all\n")
        .replace("when: { heat: { gte: 50 } }\n  - id: big", "when: { heat: { gte: 60 } }\n  - id: big"),
    );
    const run = await segform(["diff", "--base", "HEAD", "--format", "json"], { cwd: dir });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(
      report.definitions.map((change: { summary: string; details: string[] }) => [change.summary, change.details]),
    ).toEqual([
      ["segments scope icp -> all: every account gets a segment, outside the ICP too", ["scope icp -> all"]],
      ["audience in-market: when: heat >= 50 -> heat >= 60", ["when: heat >= 50 -> heat >= 60"]],
    ]);
    expect(report.membership.audiences).toEqual([
      { id: "renewal-soon", before: 2, after: 2, entered: 0, left: 0 },
      { id: "in-market", before: 3, after: 2, entered: 0, left: 1 },
      { id: "big", before: 2, after: 2, entered: 0, left: 0 },
    ]);
    // A, C and E leave "outside the ICP" for a segment.
    const segments = Object.fromEntries(report.membership.segments.map((group: { id: string }) => [group.id, group]));
    expect(segments["(outside ICP)"]).toEqual({ id: "(outside ICP)", before: 3, after: 0, entered: 0, left: 3 });
    expect(segments.expansion).toEqual({ id: "expansion", before: 0, after: 1, entered: 1, left: 0 });
    expect(report.membership.transitions[0].examples).toEqual([
      { account: "A", reason: "segments scope icp -> all (the account is outside the ICP)" },
    ]);
    const pretty = (await segform(["diff", "--base", "HEAD"], { cwd: dir })).stdout;
    expect(pretty).toContain(
      [
        "  Audience      Before  After  +Entered  -Left",
        "  renewal-soon       2      2        +0     -0",
        "  in-market          3      2        +0     -1",
        "  big                2      2        +0     -0",
      ].join("\n"),
    );
  });
});

describe("segments scope and audiences: report", () => {
  it("the HTML report has a table of accounts per audience", async () => {
    const dir = copy();
    const run = await segform(["report", "segments.yaml", "--out", "report.html"], { cwd: dir });
    expect(run.code).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain('<h2 id="audiences-h">Audiences</h2>');
    expect(html).toContain(
      [
        '<tr><th scope="row">renewal-soon</th><td class="num">2</td><td class="num">40.0%</td></tr>',
        '<tr><th scope="row">in-market</th><td class="num">3</td><td class="num">60.0%</td></tr>',
        '<tr><th scope="row">big</th><td class="num">2</td><td class="num">40.0%</td></tr>',
      ].join("\n"),
    );
  });
});

describe("segments scope and audiences: deploy", () => {
  it("an audience's activation gives a record to every account in it, inside the ICP or not", async () => {
    const dir = copy();
    const run = await segform(["plan", "--destination", "ads", "--state", join(dir, "state"), "--format", "json"], {
      cwd: dir,
    });
    expect(run.stderr).toBe("");
    const actions = JSON.parse(run.stdout).destinations[0].actions;
    // A (a customer, outside the ICP) and D renew within 90 days; B, C and E are in no renewal audience.
    expect(actions.map((a: { action: string; key: string; values: unknown }) => [a.action, a.key, a.values])).toEqual([
      ["create", "A", { audience: "renewal-list" }],
      ["create", "D", { audience: "renewal-list" }],
    ]);
  });
});

const pgUrl = inject("segformPgUrl");

describe.skipIf(!pgUrl)("segments scope and audiences: --engine postgres", () => {
  const schema = `segform_audiences_${process.pid}`;
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: pgUrl! });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await loadCsv(client, `${schema}.accounts`, join(FIXTURE, "accounts.csv"));
  });

  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client?.end();
  });

  it("labels the same inside PostgreSQL, for scope all and scope icp", async () => {
    const inDatabase = [
      "--engine",
      "postgres",
      "--url",
      pgUrl!,
      "--table",
      `${schema}.accounts`,
      "--row-column",
      "segform_row",
      "-q",
    ];
    expect((await segform(["run", PROJECT, ...inDatabase])).stdout).toBe(ALL_SCOPE);
    const dir = copy(icpScoped);
    expect((await segform(["run", join(dir, "segments.yaml"), ...inDatabase])).stdout).toBe(ICP_SCOPE);
  });
});
