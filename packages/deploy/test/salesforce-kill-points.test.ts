// `segform apply` (the built CLI) to Salesforce killed with SIGKILL at each point of the field upsert where a
// crash can lose or repeat work, then applied again (after force-unlock): sObject Collections (a request the
// server handled whose answer the journal never recorded) and Bulk API 2.0 (the job created but not journaled;
// journaled but its data not uploaded; uploaded but not closed; closed; mid-poll; its results being read). After
// each resume the contract server holds exactly the desired records (0 lost); nothing the killed run's journal
// acknowledged is written again, no run writes a change twice, and a record is written again only when the killed
// run's unanswered request wrote it (0 duplicated); a journaled Bulk job is polled, not created again, unless it
// was never closed (then it processed nothing: it is aborted and a new job carries its records).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { LocalStateBackend } from "../src/state/local.js";
import { SalesforceContract } from "./contract/salesforce.js";
import { salesforceProject } from "./contract/salesforce-project.js";
import type { LoggedRequest } from "./contract/server.js";

const BIN = fileURLToPath(new URL("../../cli/dist/bin.js", import.meta.url));
const TOKEN = "00D5g000004SfDx!AQ0AQKillPoints";
const ACCOUNTS = 60;
const API = "/services/data/v62.0";

function definitions(bulkThreshold: number): string {
  return salesforceProject(
    "sf-kill-points",
    "KILL_SF",
    `    batch_size: 20
    options: { external_id: Segform_Key__c, bulk_threshold: ${bulkThreshold}, bulk_poll_seconds: 0.02 }
`,
  );
}

const INDUSTRIES = ["software", "fintech", "retail", "energy"];
const ids = Array.from({ length: ACCOUNTS }, (_, i) => `C-${String(i).padStart(3, "0")}`);
/** The oracle: the segment each desired account's Segment__c holds (energy is outside the ICP). */
const expected = new Map(
  ids.flatMap((id, i) =>
    i % 4 === 3 ? [] : [[id, { Segment__c: i % 4 === 0 ? "software" : i % 4 === 1 ? "fintech" : "other" }] as const],
  ),
);

function start(dir: string, env: Record<string, string>): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [BIN, "apply", "--auto-approve", "--allow-mass-change", "crm"], {
    cwd: dir,
    env: { ...process.env, ...env },
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  child.stderr!.on("data", (chunk) => (err += chunk));
  const done = new Promise<Finished>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done };
}

interface Finished {
  code: number | null;
  signal: string | null;
  out: string;
  err: string;
}

interface KillPoint {
  name: string;
  bulk: boolean;
  /** The request ("METHOD path" with job ids as ID) and which one of its kind (1-based) the kill lands on. */
  request: string;
  nth: number;
  /** "handled": the server did the work, the client dies before the answer; "dropped": it dies before the server got it. */
  when: "handled" | "dropped";
  /** The jobs' final states, in creation order. */
  jobs: string[];
}

const POINTS: KillPoint[] = [
  {
    name: "sObject Collections: the request handled, its answer never journaled",
    bulk: false,
    request: `PATCH ${API}/composite/sobjects/Account/Segform_Key__c`,
    nth: 2,
    when: "handled",
    jobs: [],
  },
  {
    name: "Bulk: the job created, its id never journaled",
    bulk: true,
    request: `POST ${API}/jobs/ingest`,
    nth: 1,
    when: "handled",
    // The orphan job never got data: it processes nothing (Salesforce removes it after 7 days).
    jobs: ["Open", "JobComplete"],
  },
  {
    name: "Bulk: the job journaled, its data not uploaded",
    bulk: true,
    request: `PUT ${API}/jobs/ingest/ID/batches`,
    nth: 1,
    when: "dropped",
    jobs: ["Aborted", "JobComplete"],
  },
  {
    name: "Bulk: the data uploaded, the job not closed",
    bulk: true,
    request: `PUT ${API}/jobs/ingest/ID/batches`,
    nth: 1,
    when: "handled",
    jobs: ["Aborted", "JobComplete"],
  },
  {
    name: "Bulk: UploadComplete accepted, its answer never seen",
    bulk: true,
    request: `PATCH ${API}/jobs/ingest/ID`,
    nth: 1,
    when: "handled",
    jobs: ["JobComplete"],
  },
  {
    name: "Bulk: mid-poll",
    bulk: true,
    request: `GET ${API}/jobs/ingest/ID`,
    nth: 2,
    when: "handled",
    jobs: ["JobComplete"],
  },
  {
    name: "Bulk: the job complete, its results being read",
    bulk: true,
    request: `GET ${API}/jobs/ingest/ID/successfulResults/`,
    nth: 1,
    when: "handled",
    jobs: ["JobComplete"],
  },
];

const shape = (request: LoggedRequest) => `${request.method} ${request.path.replace(/\/750\d{15}(\/|$)/, "/ID$1")}`;

describe("segform apply to Salesforce killed at each point of the field upsert", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  for (const point of POINTS) {
    it(point.name, { timeout: 120_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), "segform-sf-kill-"));
      const server = await new SalesforceContract(TOKEN).start();
      cleanup.push(async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      });
      server.pollsToComplete = 3;
      writeFileSync(join(dir, "segments.yaml"), definitions(point.bulk ? 10 : 100_000));
      mkdirSync(join(dir, "data"));
      writeFileSync(
        join(dir, "data/accounts.csv"),
        "Id,Industry\n" + ids.map((id, i) => `${id},${INDUSTRIES[i % 4]}`).join("\n") + "\n",
      );
      const env = { KILL_SF_URL: server.url, KILL_SF_TOKEN: TOKEN };

      let seen = 0;
      let killedAt: LoggedRequest | undefined;
      const killed = start(dir, env);
      const lands = (request: LoggedRequest) => shape(request) === point.request && ++seen === point.nth;
      if (point.when === "dropped")
        server.onReceived = (request) => {
          if (!lands(request)) return undefined;
          killedAt = request;
          killed.child.kill("SIGKILL");
          return "drop";
        };
      else
        server.onHandled = (request) => {
          if (!lands(request)) return;
          killedAt = request;
          killed.child.kill("SIGKILL");
        };
      const first = await killed.done;
      server.onHandled = server.onReceived = undefined;
      expect([first.signal, killedAt && shape(killedAt)], first.err).toEqual(["SIGKILL", point.request]);

      // What `segform force-unlock ID` does (tested through the CLI in packages/cli/test/deploy.test.ts).
      const backend = new LocalStateBackend(join(dir, ".segform/state"));
      if (existsSync(join(dir, ".segform/state/lock.json")))
        await backend.forceUnlock((await backend.currentLock())!.id);
      const killedState = await backend.load("crm");
      const acknowledged = new Set<string>();
      for (const entry of killedState.pending)
        for (const r of entry.results) if (r.status === "ok") acknowledged.add(r.key);
      const journaledJobs = killedState.pending.flatMap((entry) => (entry.job ? [entry.job.id] : []));
      const jobsBefore = [...server.jobs.keys()];
      const writesBefore = server.writes.length;
      const requestsBefore = server.requests.length;

      const resumed = await start(dir, env).done;
      expect([resumed.code, resumed.out], resumed.err).toEqual([
        0,
        `crm: ${expected.size - acknowledged.size} records acknowledged\n`,
      ]);

      // 0 lost: exactly the desired records.
      expect(server.held()).toEqual(new Map([...expected].sort(([a], [b]) => (a < b ? -1 : 1))));
      // 0 duplicated: no change written twice in a run, nothing acknowledged written again, and a record written
      // again only when the killed run's unanswered request had written it.
      const killedWrites = server.writes.slice(0, writesBefore);
      const resumedWrites = server.writes.slice(writesBefore);
      for (const writes of [killedWrites, resumedWrites])
        expect(new Set(writes.map((write) => write.key)).size).toBe(writes.length);
      expect(resumedWrites.filter((write) => acknowledged.has(write.key))).toEqual([]);
      const again = resumedWrites.filter((write) => killedWrites.some((earlier) => earlier.key === write.key));
      if (point.bulk) {
        // A Bulk job writes its records once: the resumed run never writes what the killed run's job wrote.
        expect(again).toEqual([]);
        expect(server.writes.length).toBe(expected.size);
      } else {
        const unanswered = killedWrites.filter((write) => write.request === killedAt!.n).map((write) => write.key);
        expect(unanswered).toHaveLength(20);
        expect(again.map((write) => write.key)).toEqual(unanswered);
      }

      // Jobs: a journaled job that was closed is polled again, not created again.
      expect([...server.jobs.values()].map((job) => job.state)).toEqual(point.jobs);
      const resumedRequests = server.requests.slice(requestsBefore).map(shape);
      if (journaledJobs.length) {
        expect(journaledJobs).toEqual([jobsBefore[0]]);
        expect(resumedRequests[0]).toBe(`GET ${API}/jobs/ingest/ID`);
        expect(server.requests[requestsBefore]!.path).toBe(`${API}/jobs/ingest/${jobsBefore[0]}`);
      }
      const created = resumedRequests.filter((request) => request === `POST ${API}/jobs/ingest`).length;
      expect(created).toBe(point.jobs.length - jobsBefore.length);
      const state = await backend.load("crm");
      expect([state.records.size, state.pending.length]).toEqual([expected.size, 0]);
    });
  }
});
