// Crash safety of `segform apply` to the SaaS destinations: SIGKILL at seeded points while it deploys to HubSpot
// (batch upsert + list memberships), Salesforce (sObject Collections + Campaign membership) and LinkedIn (DMP
// segment companies), each against its contract server in this process; then force-unlock and apply again. After
// every round the servers hold exactly the desired records and memberships (0 lost), the resumed apply writes
// nothing to a record the killed apply's journal shows acknowledged, no run writes one operation twice (0
// duplicated), and the state holds one record per desired account with no journal left.
//
// The kill points are requests, not times: each round picks a destination in turn and k (seeded); the k-th request
// to that destination's server in the round is handled (its writes done) and the client is killed either before
// the answer reaches it (a write the client never saw acknowledged) or a few milliseconds after. Writes are counted per run because the servers count them by operation (HubSpot by
// its idempotency id, Salesforce and LinkedIn by the change itself): a record whose write a killed run never
// journaled is sent again by the next run, once (at-least-once delivery; the vendors' upserts, list and segment
// memberships are idempotent in effect).
//
// The killed applies are real processes (the built bin, killed with SIGKILL); the apply that resumes after each runs
// in this process (the CLI's sources, `main(argv, io)`), where it costs no Node.js start-up.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segform as segformInProcess } from "../../cli/test/helpers.js";
import { LocalStateBackend } from "../src/state/local.js";
import { HubSpotContract } from "./contract/hubspot.js";
import { LinkedInContract } from "./contract/linkedin.js";
import { SalesforceContract } from "./contract/salesforce.js";
import type { ContractServer, LoggedRequest } from "./contract/server.js";

const BIN = fileURLToPath(new URL("../../cli/dist/bin.js", import.meta.url));
/**
 * Kill points per destination: each round kills the apply at a request to one of them, in turn. The default, 6,
 * lands on every kind of request each destination's apply makes (checked at the end);
 * SEGFORM_SAAS_CRASH_KILLS=N raises it for a longer search.
 */
const KILLS_PER_DESTINATION = Number(process.env.SEGFORM_SAAS_CRASH_KILLS ?? 6);
const ROUNDS = 3 * KILLS_PER_DESTINATION;
const TOKENS = {
  hs: "pat-na1-crash-DoNotLeak-1",
  sf: "00D5g000004SfDx!AQ0AQCrashSaaS",
  li: "AQVcrashLinkedInDoNotLeak",
};
const SEGMENTS = ["software", "fintech", "retail", "health"];
const INDUSTRIES = [...SEGMENTS, "energy", "none"];

function definitions(): string {
  const all = [...SEGMENTS, "other"];
  const to = (s: string) => `[to-hs-${s}, to-sf-${s}, to-li-${s}]`;
  return `version: 1
name: saas-crash
source: data/accounts.csv
key: account_id
as_of: "2026-11-01"
fields:
  account_id: { type: string, from: Id, nullable: false }
  industry:   { type: string, from: Industry }
  domain:     { type: string, from: Domain }
icp:
  include: { industry: { in: [${[...SEGMENTS, "energy"].join(", ")}] } }
segments:
${all.map((s) => `  - { id: ${s}, ${s === "other" ? "" : `when: { industry: ${s} }, `}activate: ${to(s)} }`).join("\n")}
activations:
${all
  .map((s) =>
    [
      `  to-hs-${s}: { destination: hs, set: { segment: "{{ segment.id }}" }, audience: "${s} ABM" }`,
      `  to-sf-${s}: { destination: sf, set: { Segment__c: "{{ segment.id }}" }, audience: "${s} ABM" }`,
      `  to-li-${s}: { destination: li, set: { companyWebsiteDomain: "{{ account.domain }}" }, audience: "${s} ABM" }`,
    ].join("\n"),
  )
  .join("\n")}
destinations:
  hs: { type: hubspot, url: "\${env:CRASH_HS_URL}", token: "\${env:CRASH_HS_TOKEN}", mode: mirror, batch_size: 25, options: { id_property: segform_key, rate_limit: none } }
  sf: { type: salesforce, url: "\${env:CRASH_SF_URL}", token: "\${env:CRASH_SF_TOKEN}", mode: mirror, batch_size: 25, options: { external_id: Segform_Key__c } }
  li: { type: linkedin, url: "\${env:CRASH_LI_URL}", token: "\${env:CRASH_LI_TOKEN}", mode: mirror, batch_size: 25, options: { ad_account: "urn:li:sponsoredAccount:1", linkedin_version: "202511", source_platform: SEGFORM_TEST, segment_wait_seconds: 0.2, rate_limit: none } }
`;
}

/** mulberry32: the kill points and data changes are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Account {
  id: string;
  industry: string;
}

/** Segment per desired account, worked out independently of segform: the oracle. */
function desired(accounts: Account[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of [...accounts].sort((x, y) => (x.id < y.id ? -1 : 1)))
    if (a.industry !== "none") out.set(a.id, SEGMENTS.includes(a.industry) ? a.industry : "other");
  return out;
}

const domainOf = (id: string) => `${id.toLowerCase()}.example`;

const APPLY = [
  "apply",
  "--auto-approve",
  "--allow-mass-change",
  "hs",
  "--allow-mass-change",
  "sf",
  "--allow-mass-change",
  "li",
  "--request-timeout",
  "5",
];

/** The built CLI's apply in a child process (to be killed). */
function start(
  dir: string,
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; out: string }> } {
  const child = spawn(process.execPath, [BIN, ...APPLY], { cwd: dir, env: { ...process.env, ...env } });
  let out = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  child.stderr!.on("data", (chunk) => (out += chunk));
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, out })),
  );
  return { child, done };
}

/** Operations written twice within one run's writes (none may be: a run sends each operation once). */
function twice(server: ContractServer, from: number, to: number): string[] {
  const counts = new Map<string, number>();
  for (const write of server.writes.slice(from, to))
    counts.set(`${write.key} ${write.op}`, (counts.get(`${write.key} ${write.op}`) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([op, n]) => `${op} x${n}`);
}

describe("segform apply to HubSpot, Salesforce and LinkedIn under SIGKILL", () => {
  let dir: string;
  const hs = new HubSpotContract(TOKENS.hs, ["segform_key"], { max: 1e9, windowMs: 10_000 });
  const sf = new SalesforceContract(TOKENS.sf);
  const li = new LinkedInContract(TOKENS.li, { max: 1e9, windowMs: 60_000 });
  const servers = { hs, sf, li } as const;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "segform-saas-crash-"));
    for (const server of Object.values(servers)) await server.start();
  });
  afterAll(async () => {
    for (const server of Object.values(servers)) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`holds exactly the desired records after ${KILLS_PER_DESTINATION} kills per destination at seeded requests`, {
    timeout: 600_000,
  }, async () => {
    const random = rng(20261204);
    const env = {
      CRASH_HS_URL: hs.url,
      CRASH_HS_TOKEN: TOKENS.hs,
      CRASH_SF_URL: sf.url,
      CRASH_SF_TOKEN: TOKENS.sf,
      CRASH_LI_URL: li.url,
      CRASH_LI_TOKEN: TOKENS.li,
    };
    writeFileSync(join(dir, "segments.yaml"), definitions());
    mkdirSync(join(dir, "data"), { recursive: true });
    const pick = () => INDUSTRIES[Math.floor(random() * INDUSTRIES.length)]!;
    let accounts: Account[] = Array.from({ length: 120 }, (_, i) => ({
      id: `C-${String(i).padStart(4, "0")}`,
      industry: pick(),
    }));
    let next = accounts.length;
    /** Requests each server took in the previous round (where this round's kill point is drawn). */
    const lastRound: Record<keyof typeof servers, number> = { hs: 30, sf: 30, li: 8 };
    let killedBeforeAnswer = 0;
    let killedMidway = 0;
    /** Kills per destination whose request was the kill point, and the requests they landed on. */
    const where = new Map<string, string[]>();

    for (let round = 0; round < ROUNDS; round++) {
      // New changes every round: accounts move segment, leave, arrive.
      accounts = accounts.filter(() => random() > 0.05).map((a) => (random() < 0.3 ? { ...a, industry: pick() } : a));
      for (let i = 0; i < 10; i++) accounts.push({ id: `C-${String(next++).padStart(4, "0")}`, industry: pick() });
      writeFileSync(
        join(dir, "data/accounts.csv"),
        "Id,Industry,Domain\n" + accounts.map((a) => `${a.id},${a.industry},${domainOf(a.id)}`).join("\n") + "\n",
      );

      // Kill at the k-th request to this round's destination: before its answer reaches the client, or a moment after.
      const target = (["hs", "sf", "li"] as const)[round % 3]!;
      const first = Object.fromEntries(
        Object.entries(servers).map(([name, server]) => [name, server.requests.length]),
      ) as Record<keyof typeof servers, number>;
      const killAt = first[target] + 1 + Math.floor(random() * lastRound[target]);
      const beforeAnswer = random() < 0.5;
      const marks = Object.fromEntries(
        Object.entries(servers).map(([name, server]) => [name, server.writes.length]),
      ) as Record<keyof typeof servers, number>;
      const killed = start(dir, env);
      const onHandled = (request: LoggedRequest) => {
        if (request !== servers[target].requests[killAt - 1]) return;
        where.set(target, [
          ...(where.get(target) ?? []),
          `${request.method} ${request.path.replace(/\/\d+(\/|$)/g, "/ID$1")}`,
        ]);
        if (beforeAnswer) killed.child.kill("SIGKILL");
        else setTimeout(() => killed.child.kill("SIGKILL"), Math.floor(random() * 20));
      };
      servers[target].onHandled = onHandled;
      const result = await killed.done;
      for (const server of Object.values(servers)) server.onHandled = undefined;
      if (result.signal === "SIGKILL") {
        killedMidway++;
        if (beforeAnswer) killedBeforeAnswer++;
      } else expect(result.code, `round ${round}: ${result.out}`).toBe(0);

      // What `segform force-unlock ID` does (tested through the CLI in packages/cli/test/deploy.test.ts).
      const backend = new LocalStateBackend(join(dir, ".segform/state"));
      if (existsSync(join(dir, ".segform/state/lock.json")))
        expect(
          await backend.forceUnlock((await backend.currentLock())!.id),
          `round ${round}: force-unlock`,
        ).toBeDefined();
      // The records the killed apply's journal shows acknowledged, per destination.
      const acknowledged = new Map<string, Set<string>>();
      for (const name of Object.keys(servers)) {
        const keys = new Set<string>();
        for (const entry of (await backend.load(name)).pending)
          for (const r of entry.results) if (r.status === "ok") keys.add(r.key);
        acknowledged.set(name, keys);
      }
      const resumedFrom = Object.fromEntries(
        Object.entries(servers).map(([name, server]) => [name, server.writes.length]),
      ) as Record<keyof typeof servers, number>;
      const resumed = await segformInProcess(APPLY, { cwd: dir, env });
      expect(resumed.code, `round ${round}: ${resumed.stdout}${resumed.stderr}`).toBe(0);
      for (const name of Object.keys(servers) as (keyof typeof servers)[])
        lastRound[name] = Math.max(3, servers[name].requests.length - first[name]);

      const want = desired(accounts);
      // 0 lost: each server holds exactly the desired records and memberships.
      expect(hs.held(), `round ${round}: hubspot`).toEqual(
        new Map([...want].map(([key, s]) => [key, { segment: s, lists: `${s} ABM` }])),
      );
      expect(sf.held(), `round ${round}: salesforce`).toEqual(
        new Map([...want].map(([key, s]) => [key, { Segment__c: s, campaigns: `${s} ABM` }])),
      );
      const segments = new Map<string, string[]>();
      for (const [key, s] of want) segments.set(`${s} ABM`, [...(segments.get(`${s} ABM`) ?? []), domainOf(key)]);
      expect(new Map([...li.held()].filter(([, domains]) => domains.length)), `round ${round}: linkedin`).toEqual(
        new Map([...segments].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, domains]) => [name, domains.sort()])),
      );
      for (const [name, server] of Object.entries(servers) as [keyof typeof servers, ContractServer][]) {
        // 0 duplicated: nothing acknowledged is written again, and no run writes an operation twice.
        const rewritten = server.writes
          .slice(resumedFrom[name])
          .filter((write) => acknowledged.get(name)!.has(write.key));
        expect(rewritten, `round ${round}: ${name} wrote acknowledged records again`).toEqual([]);
        expect(twice(server, marks[name], resumedFrom[name]), `round ${round}: ${name} killed run`).toEqual([]);
        expect(twice(server, resumedFrom[name], server.writes.length), `round ${round}: ${name} resumed run`).toEqual(
          [],
        );
        // State: one record per desired account, the journal compacted.
        const state = await backend.load(name);
        expect([state.records.size, state.pending.length], `round ${round}: ${name} state`).toEqual([want.size, 0]);
      }
    }
    process.stderr.write(
      `saas crash test: killed mid-apply ${killedMidway} of ${ROUNDS} (${killedBeforeAnswer} before the answer to a handled request)\n`,
    );
    for (const [name, points] of [...where].sort()) process.stderr.write(`  at ${name}: ${points.join("; ")}\n`);
    // Every kind of request of each destination was a kill point (list names differ: one kind).
    const kinds = (name: string) =>
      [...new Set(where.get(name)!.map((point) => point.replace(/\/name\/.*$/, "/name/NAME")))].sort();
    expect(kinds("hs")).toEqual([
      "GET /crm/v3/lists/object-type-id/0-2/name/NAME",
      "POST /crm/v3/objects/companies/batch/upsert",
      "POST /crm/v3/objects/companies/search",
      "PUT /crm/v3/lists/ID/memberships/add-and-remove",
    ]);
    expect(kinds("sf")).toEqual([
      "DELETE /services/data/v62.0/composite/sobjects",
      "GET /services/data/v62.0/query",
      "POST /services/data/v62.0/composite/sobjects",
    ]);
    expect(kinds("li")).toEqual(["GET /rest/dmpSegments", "POST /rest/dmpSegments/ID/companies"]);
  });
});
