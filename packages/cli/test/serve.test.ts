import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, segform } from "./helpers.js";

/** `segform serve` as a user runs it: a child process on a free port of 127.0.0.1. */
interface Server {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

async function serve(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [BIN, "serve", ...args, "--port", "0"], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address after 30 s:\n${stderr}`)), 30_000);
    const check = () => {
      const match = /segform serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stderr!.on("data", check);
    void exited.then(() => reject(new Error(`exited before listening:\n${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

async function project(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "segform-serve-"));
  expect((await segform(["init", dir])).code).toBe(0);
  return dir;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const json = async (url: string, init?: RequestInit) => (await fetch(url, init)).json();
const planHash = async (url: string) => ((await json(`${url}/v1/plan`)) as { hash: string }).hash;

describe("segform serve", () => {
  it("hot reload under load: no request fails, the new plan is visible after the swap, a broken edit keeps the old plan", async () => {
    const dir = await project();
    try {
      const server = await serve(["segments.yaml"], dir);
      const first = await planHash(server.url);
      expect(await json(`${server.url}/v1/accounts/A-001`)).toMatchObject({
        account: "A-001",
        tier: "tier1",
        segment: "software",
      });

      // Clients keep asking while the definitions change underneath.
      let running = true;
      const statuses: number[] = [];
      const tiers = new Set<string>();
      const client = async () => {
        while (running) {
          const response = await fetch(`${server.url}/ofrep/v1/evaluate/flags/tier`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ context: { targetingKey: "A-001" } }),
          });
          statuses.push(response.status);
          tiers.add(((await response.json()) as { value: string }).value);
        }
      };
      const clients = Array.from({ length: 4 }, client);

      // A valid edit: tier1 needs fit >= 101, so A-001 (fit 100) moves to tier2.
      const file = join(dir, "segments.yaml");
      const original = readFileSync(file, "utf8");
      writeFileSync(file, original.replace("fit: { gte: 80 }", "fit: { gte: 101 }"));
      const second = await until("the new plan", async () =>
        (await planHash(server.url)) !== first ? planHash(server.url) : undefined,
      );
      expect(await json(`${server.url}/v1/accounts/A-001`)).toMatchObject({ tier: "tier2", plan: second });

      // A broken edit: the old (second) plan keeps serving; /readyz reports the located error.
      writeFileSync(file, original.replace("fit: { gte: 80 }", "fit: { gte: [80 }"));
      const ready = await until("a failed reload", async () => {
        const body = (await json(`${server.url}/readyz`)) as {
          status: string;
          lastReload?: { ok: boolean; errors: string[] };
        };
        return body.lastReload?.ok === false ? body : undefined;
      });
      expect(ready.status).toBe("degraded");
      expect(ready.lastReload).toMatchObject({ ok: false, code: "SEG507" });
      expect(ready.lastReload!.errors[0]).toMatch(/^segments\.yaml:\d+:\d+: error SEG001: /);
      expect(await planHash(server.url)).toBe(second);

      // SIGHUP reloads too (the file is fixed first; the watcher may get there first, the result is the same).
      writeFileSync(file, original);
      await until("the original plan", async () => ((await planHash(server.url)) === first ? true : undefined));
      const before = await json(`${server.url}/v1/plan`);
      server.child.kill("SIGHUP");
      await until("a SIGHUP reload", async () =>
        ((await json(`${server.url}/v1/plan`)) as { generation: number }).generation >
        (before as { generation: number }).generation
          ? true
          : undefined,
      );
      expect(await planHash(server.url)).toBe(first);

      running = false;
      await Promise.all(clients);
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set([200]));
      expect(tiers.has("tier1") && tiers.has("tier2")).toBe(true);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^segform_serve_reloads_total\{result="failed"\} [1-9]\d*$/m);
      expect(server.stderr()).toContain('"msg":"reload failed: the previous plan keeps serving"');

      // SIGTERM drains: requests already sent are answered, then the process exits 0.
      const inFlight = Array.from({ length: 8 }, () =>
        fetch(`${server.url}/v1/evaluate/batch`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            accounts: Array.from({ length: 500 }, (_, i) => ({
              key: `n-${i}`,
              attributes: { NumberOfEmployees: 400 + i, Industry: "software", BillingCountry: "US" },
            })),
          }),
        }).then((r) => r.status),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      server.child.kill("SIGTERM");
      expect(await Promise.all(inFlight)).toEqual(Array(8).fill(200));
      expect(await server.exited).toBe(0);
      expect(server.stderr()).toContain('"msg":"draining in-flight requests"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("watches imported definitions and the data, not only the main file", async () => {
    const dir = await project();
    try {
      const main = join(dir, "segments.yaml");
      writeFileSync(join(dir, "extra.yaml"), "version: 1\ndefine:\n  big_company: { employees: { gte: 1000 } }\n");
      writeFileSync(
        main,
        readFileSync(main, "utf8").replace("key: account_id\n", "key: account_id\nimports: [extra.yaml]\n"),
      );
      const server = await serve(["segments.yaml"], dir);
      const generation = async () => ((await json(`${server.url}/v1/plan`)) as { generation: number }).generation;
      expect(await generation()).toBe(1);

      // A broken imported file: the reload fails, located in that file.
      writeFileSync(join(dir, "extra.yaml"), "version: 1\ndefine:\n  big_company: { employees: { gte: 1000 }\n");
      const failed = await until("a failed reload", async () => {
        const body = (await json(`${server.url}/readyz`)) as { lastReload?: { ok: boolean; errors: string[] } };
        return body.lastReload?.ok === false ? body.lastReload : undefined;
      });
      expect(failed.errors[0]).toMatch(/^extra\.yaml:\d+:\d+: error SEG001: /);
      writeFileSync(join(dir, "extra.yaml"), "version: 1\ndefine:\n  big_company: { employees: { gte: 1000 } }\n");
      await until("a good reload", async () =>
        ((await json(`${server.url}/readyz`)) as { status: string }).status === "ready" ? true : undefined,
      );

      // The data changes: A-001's intent drops, so it leaves tier1; the plan is the same.
      const before = (await json(`${server.url}/v1/accounts/A-001`)) as { tier: string; plan: string };
      expect(before.tier).toBe("tier1");
      const data = join(dir, "data", "accounts.csv");
      writeFileSync(
        data,
        readFileSync(data, "utf8").replace(
          "A-001,Northwind Analytics,450,software,US,salesforce;slack,82",
          "A-001,Northwind Analytics,450,software,US,salesforce;slack,10",
        ),
      );
      const after = await until("the new data", async () => {
        const body = (await json(`${server.url}/v1/accounts/A-001`)) as { tier: string | null; plan: string };
        return body.tier !== "tier1" ? body : undefined;
      });
      expect(after.plan).toBe(before.plan);
      expect(await json(`${server.url}/v1/accounts/A-001`)).toMatchObject({ scores: { intent_score: 10 } });
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--membership serves a run output or a snapshot without evaluating the data", async () => {
    const dir = await project();
    try {
      expect(
        (
          await segform(["run", "segments.yaml", "--out", "membership.jsonl", "--snapshot", "snapshot.jsonl", "-q"], {
            cwd: dir,
          })
        ).code,
      ).toBe(0);
      const fromRun = await serve(["segments.yaml", "--membership", "membership.jsonl", "--no-watch"], dir);
      const body = await json(`${fromRun.url}/v1/accounts/A-001`);
      expect(body).toMatchObject({
        account: "A-001",
        icp: true,
        scores: { fit: 100, intent_score: 82 },
        tier: "tier1",
        segment: "software",
        activations: ["crm-segment"],
      });
      expect(((await json(`${fromRun.url}/v1/plan`)) as { source: { kind: string } }).source.kind).toBe("membership");
      fromRun.child.kill("SIGTERM");
      expect(await fromRun.exited).toBe(0);

      const fromSnapshot = await serve(["segments.yaml", "--membership", "snapshot.jsonl", "--no-watch"], dir);
      expect(await json(`${fromSnapshot.url}/v1/accounts/A-001`)).toMatchObject({
        account: "A-001",
        icp: true,
        scores: null,
        tier: "tier1",
        segment: "software",
        activations: null,
      });
      fromSnapshot.child.kill("SIGTERM");
      expect(await fromSnapshot.exited).toBe(0);

      writeFileSync(join(dir, "bad.csv"), "account_id,icp\nA-001,true\n");
      const bad = await segform(["serve", "segments.yaml", "--membership", "bad.csv", "--port", "0"], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(
        "bad.csv:1: error SEG500: not a membership of this plan: columns fit, intent_score, tier, segment, activations missing\n  hint: a membership has the columns account_id, icp, fit, intent_score, tier, segment, activations (segform run)\n",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to listen beyond loopback without tokens (SEG506), and malformed tokens (SEG505)", async () => {
    const open = await segform(["serve", "segments.example.yaml", "--host", "0.0.0.0", "--port", "0"]);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain("error: refusing to listen on 0.0.0.0 without authentication (SEG506)");
    const short = await segform(["serve", "segments.example.yaml", "--port", "0"], {
      env: { SEGFORM_SERVE_TOKENS: "short" },
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toBe(
      "error: SEGFORM_SERVE_TOKENS: token 1 is shorter than 16 characters or holds a space (SEG505)\n  hint: use long random tokens, e.g. openssl rand -hex 32\n",
    );
    const port = await segform(["serve", "segments.example.yaml", "--port", "http"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("--port must be a whole number from 0 to 65535 (SEG504)");
  });
});
