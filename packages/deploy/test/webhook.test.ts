import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ADAPTERS } from "../src/adapters/index.js";
import { retryAfter, standardWebhookSignature } from "../src/adapters/webhook.js";
import { applyPlan, type ApplyOptions } from "../src/applier.js";
import type { JournalEntry } from "../src/journal.js";
import {
  DEPLOY_PLAN_FORMAT,
  DEPLOY_PLAN_VERSION,
  type DeployPlan,
  type DesiredRecord,
  type FieldValue,
} from "../src/model.js";
import { withDeployHash } from "../src/planfile.js";
import { planDestination } from "../src/planner.js";
import { LocalStateBackend } from "../src/state/local.js";
import { Receiver, TEST_KEY, TEST_SECRET } from "./receiver.js";

/** The applier with the webhook adapter against a real receiver on 127.0.0.1, with faults. */

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

async function setup(settings: Record<string, FieldValue> = {}) {
  const receiver = await new Receiver(TEST_KEY).start();
  const dir = mkdtempSync(join(tmpdir(), "segform-webhook-"));
  cleanup.push(
    () => receiver.stop(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  const backend = () => new LocalStateBackend(join(dir, "state"));
  const allSettings = { url: "${env:HOOK_URL}", secret: "${env:HOOK_SECRET}", batch_size: 10, ...settings };
  const env = { HOOK_URL: receiver.url, HOOK_SECRET: TEST_SECRET };
  const waits: number[] = [];
  const plan = async (records: DesiredRecord[]): Promise<DeployPlan> => {
    const state = await backend().load("hook");
    const destination = planDestination({
      name: "hook",
      type: "webhook",
      settings: allSettings,
      definitions: "sha256:defs",
      desired: new Map(records.map((r) => [r.key, r])),
      state,
      whereabouts: new Map(),
    });
    return withDeployHash({
      format: DEPLOY_PLAN_FORMAT,
      version: DEPLOY_PLAN_VERSION,
      project: "test",
      definitions: "sha256:defs",
      data: "sha256:data",
      asOf: "2026-11-01",
      root: dir,
      destinations: [destination],
      skipped: [],
    });
  };
  const options = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
    backend: backend(),
    open: (destination, serial) =>
      ADAPTERS.webhook!.open({
        destination: destination.name,
        settings: destination.settings,
        env,
        root: dir,
        serial,
        plan: "sha256:plan",
      }),
    lock: { id: "lock-1", owner: "test", pid: process.pid, host: "here", startedAt: "now", command: "test" },
    run: "run-1",
    timeoutMs: 300,
    retry: { attempts: 6, baseMs: 50, maxMs: 1000, budgetMs: 60_000 },
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    ...extra,
  });
  const journal = () =>
    readFileSync(join(dir, "state/hook/journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as JournalEntry);
  return { receiver, plan, options, waits, journal, backend, dir };
}

const accounts = (n: number, segment = "fintech"): DesiredRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `acc-${String(i).padStart(3, "0")}`,
    values: { segment },
    segment,
    tier: null,
  }));

const expectedHeld = (records: DesiredRecord[]) => new Map(records.map((r) => [r.key, r.values]));

describe("Standard Webhooks signature", () => {
  it("matches the spec's test vector", () => {
    expect(standardWebhookSignature(TEST_KEY, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfter("3")).toBe(3000);
    expect(retryAfter("Wed, 21 Oct 2026 07:28:05 GMT", Date.parse("Wed, 21 Oct 2026 07:28:00 GMT"))).toBe(5000);
    expect(retryAfter(null)).toBeUndefined();
  });
});

describe("webhook destination", () => {
  it("delivers every change once, in signed batches, and advances state only for acknowledged records", async () => {
    const t = await setup();
    const records = accounts(25);
    const summary = await applyPlan(await t.plan(records), t.options());
    expect(summary.destinations[0]).toMatchObject({ acknowledged: 25, rejected: [], deferred: [] });
    expect(t.receiver.deliveries.map((d) => [d.keys.length, d.signatureValid, d.status])).toEqual([
      [10, true, 204],
      [10, true, 204],
      [5, true, 204],
    ]);
    expect(t.receiver.held).toEqual(expectedHeld(records));
    expect((await t.backend().load("hook")).records.size).toBe(25);
    // Nothing to do next time.
    expect((await t.plan(records)).destinations[0]!.actions).toEqual([]);
  });

  it("retries 429 (honouring Retry-After), 500 storms, slow answers past the timeout and connection resets; 0 lost, 0 duplicated", async () => {
    const t = await setup();
    t.receiver.faults.push(
      { kind: "status", status: 429, retryAfter: "2" },
      { kind: "status", status: 500 },
      { kind: "status", status: 503 },
      { kind: "slow", ms: 600 },
      { kind: "reset" },
    );
    const records = accounts(20);
    const summary = await applyPlan(await t.plan(records), t.options());
    expect(summary.destinations[0]).toMatchObject({ acknowledged: 20, rejected: [], deferred: [] });
    // First batch: 429 (waits Retry-After 2 s), 500, 503, slow (applied, answer too late), reset, then 204.
    expect(t.receiver.deliveries.map((d) => d.status)).toEqual([429, 500, 503, 204, -1, 204, 204]);
    expect(t.waits).toEqual([2000, 50, 100, 200, 400]);
    const firstBatch = t.receiver.deliveries.slice(0, 6).map((d) => d.webhookId);
    expect(new Set(firstBatch).size).toBe(1); // the same webhook-id on every retry
    expect(t.receiver.held).toEqual(expectedHeld(records));
    expect(t.receiver.duplicates()).toEqual([]);
    expect([...t.receiver.applied.values()].filter((n) => n > 1).length).toBe(10); // the slow batch arrived twice, applied once
    expect(t.journal().map((entry) => entry.attempts)).toEqual([6, 1]);
  });

  it("gives up on a batch after the attempts (deferred, not in state) and sends it on the next apply", async () => {
    const t = await setup({ max_changes: 100 });
    t.receiver.faults.push(...Array.from({ length: 6 }, () => ({ kind: "status" as const, status: 500 })));
    const records = accounts(15);
    const first = await applyPlan(await t.plan(records), t.options());
    expect(first.destinations[0]!.acknowledged).toBe(5);
    expect(first.destinations[0]!.deferred.map((d) => d.reason)[0]).toBe("HTTP 500 (gave up after 6 attempts)");
    expect(first.destinations[0]!.deferred.length).toBe(10);
    expect((await t.backend().load("hook")).records.size).toBe(5);
    const second = await applyPlan(await t.plan(records), t.options());
    expect(second.destinations[0]!.acknowledged).toBe(10);
    expect(t.receiver.held).toEqual(expectedHeld(records));
  });

  it("splits a rejected batch down to the bad record, keeps it in the failed-record index and retries it first next time", async () => {
    const t = await setup();
    t.receiver.rejectKeys.add("acc-006");
    const records = accounts(10);
    const first = await applyPlan(await t.plan(records), t.options());
    expect(first.destinations[0]!.acknowledged).toBe(9);
    expect(first.destinations[0]!.rejected).toEqual([
      { key: "acc-006", reason: 'HTTP 422: {"error":"invalid record"}' },
    ]);
    expect(t.receiver.deliveries.map((d) => d.keys.length)).toEqual([10, 5, 5, 3, 2, 1, 1, 1, 2]);
    const state = await t.backend().load("hook");
    expect([...state.failed]).toEqual([["acc-006", 'HTTP 422: {"error":"invalid record"}']]);
    t.receiver.rejectKeys.clear();
    const next = await t.plan(records);
    expect(next.destinations[0]!.actions.map((a) => [a.key, a.retry])).toEqual([["acc-006", true]]);
    const second = await applyPlan(next, t.options());
    expect(second.destinations[0]).toMatchObject({ acknowledged: 1, rejected: [] });
    expect((await t.backend().load("hook")).failed.size).toBe(0);
    expect(t.receiver.held).toEqual(expectedHeld(records));
  });

  it("stops at 410 Gone: the destination is disabled, the rest deferred", async () => {
    const t = await setup();
    t.receiver.faults.push({ kind: "status", status: 204 }, { kind: "status", status: 410 });
    const summary = await applyPlan(await t.plan(accounts(30)), t.options());
    expect(summary.destinations[0]!.disabled).toBe("the endpoint answered 410 Gone");
    expect(summary.destinations[0]!.deferred.length).toBe(20);
    expect(t.receiver.deliveries.length).toBe(2);
  });

  it("resumes an interrupted apply of the same plan: acknowledged batches are not sent again", async () => {
    const t = await setup();
    const records = accounts(30);
    const plan = await t.plan(records);
    let batches = 0;
    const crashing = t.options({
      open: async (destination, serial) => {
        const adapter = await t.options().open(destination, serial);
        return {
          ...adapter,
          capabilities: adapter.capabilities,
          send: async (batch, context) => {
            if (++batches === 3) throw new Error("simulated crash");
            return adapter.send(batch, context);
          },
          close: () => adapter.close(),
        };
      },
    });
    await expect(applyPlan(plan, crashing)).rejects.toThrow("simulated crash");
    // A torn last line, as a kill during the journal write leaves it.
    appendFileSync(join(t.dir, "state/hook/journal.jsonl"), '{"run":"run-1","plan":"sha');
    const resumed = await applyPlan(plan, t.options());
    expect(resumed.destinations[0]).toMatchObject({ resumed: 20, planned: 10, acknowledged: 10 });
    expect(t.receiver.deliveries.map((d) => d.keys[0])).toEqual(["acc-000", "acc-010", "acc-020"]);
    expect(t.receiver.held).toEqual(expectedHeld(records));
    expect(t.journal().map((entry) => entry.batch)).toEqual([0, 1, 2]);
    const again = await applyPlan(plan, t.options());
    expect(again.destinations[0]!.alreadyApplied).toBe(true);
  });
});

describe("state lock", () => {
  it("lets one apply run at a time: a second one fails at once with SEG404, or waits with a lock timeout", async () => {
    const t = await setup();
    t.receiver.faults.push({ kind: "slow", ms: 250 });
    const plan = await t.plan(accounts(5));
    const first = applyPlan(plan, t.options({ timeoutMs: 5000 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = applyPlan(
      plan,
      t.options({ lock: { id: "lock-2", owner: "other", pid: 2, host: "there", startedAt: "later", command: "test" } }),
    );
    await expect(second).rejects.toMatchObject({ code: "SEG404", exitCode: 2 });
    await expect(second).rejects.toThrow(
      `the deploy state at ${join(t.dir, "state")} is locked by test (pid ${process.pid} on here, since now, lock id lock-1)`,
    );
    const waiting = applyPlan(
      plan,
      t.options({
        lockTimeoutMs: 5000,
        lock: { id: "lock-3", owner: "other", pid: 3, host: "there", startedAt: "later", command: "test" },
      }),
    );
    expect((await first).destinations[0]!.acknowledged).toBe(5);
    expect((await waiting).destinations[0]!.alreadyApplied).toBe(true);
    expect(t.receiver.deliveries.length).toBe(1);
  });
});
