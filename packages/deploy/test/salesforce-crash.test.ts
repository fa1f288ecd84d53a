// `segform apply` (the built CLI) killed with SIGKILL while its Salesforce Bulk API 2.0 job runs, then applied
// again: the resumed apply polls the job it journaled instead of creating another, and the contract server ends
// with exactly the desired records, none written twice. The token is in no output and no file segform wrote.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStateBackend } from "../src/state/local.js";
import { SalesforceContract } from "./contract/salesforce.js";
import { salesforceProject } from "./contract/salesforce-project.js";

const BIN = fileURLToPath(new URL("../../cli/dist/bin.js", import.meta.url));
const TOKEN = "00D5g000004SfDx!AQ0AQCrashTestDoNotLeak";
const ACCOUNTS = 3000;

const DEFINITIONS = salesforceProject(
  "sf-crash",
  "CRASH_SF",
  "    options: { external_id: Segform_Key__c, bulk_poll_seconds: 0.05 }\n",
);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function start(
  dir: string,
  env: Record<string, string>,
): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [BIN, "apply", "--auto-approve", "--allow-mass-change", "crm"], {
    cwd: dir,
    env: { ...process.env, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

describe("segform apply killed during a Salesforce Bulk job", () => {
  let dir: string;
  let server: SalesforceContract;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "segform-sf-crash-"));
    server = await new SalesforceContract(TOKEN).start();
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("resumes by polling the journaled job: one job, every record once, no token anywhere", {
    timeout: 120_000,
  }, async () => {
    writeFileSync(join(dir, "segments.yaml"), DEFINITIONS);
    mkdirSync(join(dir, "data"));
    const industries = ["software", "fintech", "retail", "energy"];
    const ids = Array.from({ length: ACCOUNTS }, (_, i) => `C-${String(i).padStart(5, "0")}`);
    writeFileSync(
      join(dir, "data/accounts.csv"),
      "Id,Industry\n" + ids.map((id, i) => `${id},${industries[i % 4]}`).join("\n") + "\n",
    );
    const env = { CRASH_SF_URL: server.url, CRASH_SF_TOKEN: TOKEN };
    const expected = new Map(
      ids.flatMap((id, i) =>
        i % 4 === 3 ? [] : [[id, { Segment__c: i % 4 === 0 ? "software" : i % 4 === 1 ? "fintech" : "other" }]],
      ),
    );

    // The job stays InProgress while held: kill the apply once it has polled the job a few times.
    server.holdJobs = true;
    const first = start(dir, env);
    for (let waited = 0; server.count("GET /services/data/v62.0/jobs/ingest/") < 3; waited += 20) {
      if (waited > 15_000) {
        const r = await first.done;
        throw new Error(
          `the apply never polled its job: ${r.code} ${r.stdout} ${r.stderr} ${server.requests.map((q) => `${q.method} ${q.path} ${q.status}`).join("; ")}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    const jobs = [...server.jobs.values()];
    expect(jobs.map((job) => job.state)).toEqual(["UploadComplete"]);
    expect(server.records.size).toBe(0);

    // What `segform force-unlock ID` does (tested through the CLI in packages/cli/test/deploy.test.ts).
    const backend = new LocalStateBackend(join(dir, ".segform/state"));
    await backend.forceUnlock((await backend.currentLock())!.id);
    const journaled = (await backend.load("crm")).pending.map((entry) => entry.job);
    expect(journaled).toEqual([{ id: jobs[0]!.id, ops: expect.any(Array) }]);

    server.holdJobs = false;
    const postsBefore = server.count("POST /services/data/v62.0/jobs/ingest");
    const resumed = start(dir, env);
    const result = await resumed.done;
    expect([result.code, result.stdout]).toEqual([
      0,
      `crm: ${expected.size.toLocaleString("en-US")} records acknowledged\n`,
    ]);
    expect(server.count("POST /services/data/v62.0/jobs/ingest")).toBe(postsBefore);
    expect(server.jobs.size).toBe(1);
    expect([...server.jobs.values()][0]!.state).toBe("JobComplete");
    expect(server.held()).toEqual(new Map([...expected].sort(([a], [b]) => (a < b ? -1 : 1))));
    expect(server.duplicates()).toEqual([]);
    const state = await new LocalStateBackend(join(dir, ".segform/state")).load("crm");
    expect([state.records.size, state.pending.length]).toEqual([expected.size, 0]);

    const outputs = [
      killed.stdout,
      killed.stderr,
      result.stdout,
      result.stderr,
      ...files(dir).map((path) => readFileSync(path, "utf8")),
    ];
    expect(outputs.filter((text) => text.includes(TOKEN))).toEqual([]);
  });
});
