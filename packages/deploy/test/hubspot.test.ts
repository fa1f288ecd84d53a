import { afterEach, describe, expect, it } from "vitest";
import { hubspotDestination } from "../src/adapters/hubspot.js";
import { detectDrift } from "../src/drift.js";
import type { DesiredRecord } from "../src/model.js";
import { HubSpotContract } from "./contract/hubspot.js";
import { accounts, FAULT_TIMEOUT_MS, harness } from "./contract/harness.js";

/** The hubspot adapter through the applier, against the HubSpot contract server on 127.0.0.1. */

const TOKEN = "pat-na1-0d5e7c1a-DoNotLeak-9f3b";
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

const setup = (settings: Record<string, string | number> = {}, server = new HubSpotContract(TOKEN)) =>
  harness(
    "hubspot",
    "hs",
    server,
    { token: "${env:HS_TOKEN}", id_property: "segform_key", mode: "mirror", ...settings },
    { HS_TOKEN: TOKEN },
    cleanup,
  );

/** What the contract server should hold for these records: properties, and list names joined with "|". */
function expected(records: DesiredRecord[]): Map<string, Record<string, string>> {
  return new Map(
    records.map((r) => {
      const { audience, ...properties } = r.values;
      const values: Record<string, string> = Object.fromEntries(
        Object.entries(properties).map(([k, v]) => [k, String(v)]),
      );
      if (audience) values.lists = String(audience).split("; ").sort().join("|");
      return [r.key, values];
    }),
  );
}

describe("hubspot settings", () => {
  it("needs a token and a unique id property; batches of up to 10,000 records (upserts 100 at a time)", () => {
    expect(hubspotDestination.check({})).toEqual([
      '`token:` is required (e.g. "${env:HUBSPOT_TOKEN}", a private-app token)',
      "`options: { id_property: NAME }` is required: a property with unique values that holds the account key",
    ]);
    expect(
      hubspotDestination.check({
        token: "${env:T}",
        id_property: "segform_key",
        batch_size: 20000,
        rate_limit: "fast",
      }),
    ).toEqual([
      "batch_size 20000 is over 10000 (upserts go 100 at a time within a batch)",
      '`rate_limit:` must look like "190/10s" (requests per window) or "none"',
    ]);
    expect(hubspotDestination.check({ token: "${env:T}", id_property: "segform_key" })).toEqual([]);
  });

  it("drops a trailing newline from the token, and refuses one a header cannot carry without quoting it", async () => {
    const open = (token: string) =>
      hubspotDestination.open({
        destination: "hs",
        settings: { token: "${env:HS_TOKEN}", id_property: "segform_key" },
        env: { HS_TOKEN: token },
        root: ".",
        serial: 1,
        plan: "p",
      });
    await expect(open(`${TOKEN}\n`)).resolves.toBeDefined();
    const refused = open(`${TOKEN}\r\nX-Injected: 1`);
    await expect(refused).rejects.toMatchObject({
      code: "SEG406",
      message:
        "destination hs: the token in HS_TOKEN is empty or holds spaces or control characters, which an HTTP header cannot carry",
    });
  });
});

describe("hubspot destination", () => {
  it("round trip: first apply, incremental apply, removal (mirror), drift after hand edits", async () => {
    const t = await setup();
    const records = [
      ...accounts(230),
      ...accounts(20, "software", "Software ABM").map((r, i) => ({ ...r, key: `sw-${String(i).padStart(2, "0")}` })),
    ];
    const first = await t.apply(records);
    expect(first.destinations[0]).toMatchObject({ acknowledged: 250, rejected: [], deferred: [] });
    expect(t.server.held()).toEqual(expected(records));
    // 3 upserts of <= 100 (the minimum), each list looked up (404) and created once, one membership PUT per list per batch.
    expect([
      t.server.count("POST /crm/v3/objects/companies/batch/upsert"),
      t.server.count("GET /crm/v3/lists/object-type-id/0-2/name/"),
      t.server.count("POST /crm/v3/lists"),
      t.server.count("/memberships/add-and-remove"),
    ]).toEqual([3, 2, 2, 2]);
    expect([...t.server.lists.values()].map((l) => [l.name, l.processingType, l.members.size])).toEqual([
      ["Fintech ABM", "MANUAL", 230],
      ["Software ABM", "MANUAL", 20],
    ]);
    expect(t.server.duplicates()).toEqual([]);

    // Incremental: 5 accounts move to software (property and list), nothing else is sent.
    const before = t.server.requests.length;
    const moved = records.map((r, i) =>
      i < 5 ? { ...r, values: { ...r.values, segment: "software", audience: "Software ABM" }, segment: "software" } : r,
    );
    const second = await t.apply(moved);
    expect(second.destinations[0]).toMatchObject({ planned: 5, acknowledged: 5 });
    expect(t.server.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /crm/v3/objects/companies/batch/upsert 200",
      "GET /crm/v3/lists/object-type-id/0-2/name/Fintech%20ABM 200",
      "PUT /crm/v3/lists/1/memberships/add-and-remove 200",
      "GET /crm/v3/lists/object-type-id/0-2/name/Software%20ABM 200",
      "PUT /crm/v3/lists/2/memberships/add-and-remove 200",
    ]);
    expect(t.server.held()).toEqual(expected(moved));

    // Removal (mirror): 3 accounts leave: properties cleared, out of the list, the company itself kept.
    const kept = moved.slice(3);
    const third = await t.apply(kept);
    expect(third.destinations[0]).toMatchObject({ planned: 3, acknowledged: 3 });
    expect(t.server.held()).toEqual(expected(kept));
    expect(t.server.company("acc-000")!.properties).toEqual({ segform_key: "acc-000" });
    expect(t.server.listNamed("Software ABM")!.members.size).toBe(22);

    // Hand edits in HubSpot: a property changed, a company taken out of its list, a stranger added to a list.
    t.server.edit("acc-010", "tier", "tier9");
    t.server.listNamed("Fintech ABM")!.members.delete(t.server.company("acc-011")!.id);
    t.server.listNamed("Software ABM")!.members.add(t.server.company("acc-001")!.id);
    const { state, found } = await t.read();
    expect(detectDrift("hs", state, found).drifted).toEqual([
      { key: "acc-001", kind: "added" },
      { key: "acc-010", kind: "edited", fields: [{ field: "tier", sent: "tier2", found: "tier9" }] },
      { key: "acc-011", kind: "edited", fields: [{ field: "audience", sent: "Fintech ABM", found: null }] },
    ]);
    expect(t.server.duplicates()).toEqual([]);
  });

  it("upsert mode keeps a record that left (on_exit: keep) and clears it with on_exit: clear", async () => {
    const t = await setup({ mode: "upsert" });
    const records = accounts(4);
    await t.apply(records);
    const keep = await t.apply(records.slice(1));
    expect(keep.destinations[0]!.planned).toBe(0);
    expect(t.server.held().get("acc-000")).toEqual({ segment: "fintech", tier: "tier1", lists: "Fintech ABM" });
    const clear = await t.apply(records.slice(1), {}, { on_exit: "clear" });
    expect(clear.destinations[0]).toMatchObject({ planned: 1, acknowledged: 1 });
    expect(t.server.held().get("acc-000")).toBeUndefined();
    expect(t.server.company("acc-000")).toBeDefined();
  });

  it("survives a fault storm (429 + Retry-After, 5xx, timeouts after the write, resets, a partial 207): 0 lost, 0 duplicated", async () => {
    const t = await setup({ batch_size: 50 });
    t.server.faults.push(
      {
        kind: "status",
        status: 429,
        retryAfter: "3",
        body: '{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"}',
      },
      { kind: "status", status: 502 },
      { kind: "slow", ms: 700, match: "batch/upsert" },
      { kind: "status", status: 503, match: "memberships" },
      { kind: "reset", match: "memberships" },
      { kind: "slow", ms: 700, match: "memberships" },
      { kind: "status", status: 500, match: "lists/object-type-id" },
    );
    t.server.rejectKeys.add("acc-042");
    const records = accounts(200);
    // Seven faults in a row on the first batch: more attempts than the default six.
    const summary = await t.apply(records, {
      timeoutMs: FAULT_TIMEOUT_MS,
      retry: { attempts: 10, baseMs: 20, maxMs: 1000, budgetMs: 60_000 },
    });
    expect(summary.destinations[0]).toMatchObject({
      acknowledged: 199,
      deferred: [],
      rejected: [
        { key: "acc-042", reason: "HubSpot: VALIDATION_ERROR: Property values were not valid for segform_key=acc-042" },
      ],
    });
    expect(t.waits[0]).toBe(3000); // Retry-After
    // One retry per fault at least: the slow answers count only if they went past the client's timeout (without it,
    // 5 retries); a loaded machine may add more.
    expect(t.waits.length).toBeGreaterThanOrEqual(7);
    expect(t.server.faults).toEqual([]);
    expect(t.server.held()).toEqual(expected(records.filter((r) => r.key !== "acc-042")));
    expect(t.server.duplicates()).toEqual([]);
    // The rejected record is retried first on the next apply, and lands.
    t.server.rejectKeys.clear();
    const next = await t.apply(records);
    expect(next.destinations[0]).toMatchObject({ planned: 1, acknowledged: 1, rejected: [] });
    expect(t.server.held()).toEqual(expected(records));
    expect(t.server.duplicates()).toEqual([]);
    expect(t.server.overLimit).toEqual([]);
  });

  it("never exceeds the rate limit (checked from the server's request timestamps): client limiter, rate-limit headers, 429 + Retry-After", {
    timeout: 60_000,
  }, async () => {
    const limit = { max: 12, windowMs: 1000 };
    const t = await setup({ batch_size: 5, rate_limit: "12/1s" }, new HubSpotContract(TOKEN, ["segform_key"], limit));
    const records = accounts(150);
    const summary = await t.apply(records, { sleep: undefined, timeoutMs: 5000 });
    expect(summary.destinations[0]!.acknowledged).toBe(150);
    // 30 upserts, the list looked up and created, one membership call (aggregated across the 30 batches).
    expect(t.server.requests.length).toBe(30 + 2 + 1);
    expect(t.server.maxInWindow(limit.windowMs)).toBeLessThanOrEqual(limit.max);
    expect(t.server.overLimit).toEqual([]);

    // No client limiter: X-HubSpot-RateLimit-Remaining: 0 alone makes the client wait the interval out.
    const u = await setup({ batch_size: 5, rate_limit: "none" }, new HubSpotContract(TOKEN, ["segform_key"], limit));
    const headersOnly = await u.apply(accounts(60), { sleep: undefined, timeoutMs: 5000 });
    expect(headersOnly.destinations[0]!.acknowledged).toBe(60);
    expect(u.server.overLimit).toEqual([]);
    expect(u.server.maxInWindow(limit.windowMs)).toBeLessThanOrEqual(limit.max);
    expect(u.server.held()).toEqual(expected(accounts(60)));

    // Neither: the server refuses with 429 + Retry-After, and the client waits as told.
    const v = await setup(
      { batch_size: 5, rate_limit: "none" },
      new HubSpotContract(TOKEN, ["segform_key"], limit, false),
    );
    const refused = await v.apply(accounts(60), {
      sleep: undefined,
      timeoutMs: 5000,
      retry: { attempts: 8, baseMs: 20, maxMs: 1000, budgetMs: 60_000 },
    });
    expect(refused.destinations[0]!.acknowledged).toBe(60);
    expect(v.server.overLimit.length).toBeGreaterThan(0);
    expect(v.server.held()).toEqual(expected(accounts(60)));
    expect(v.server.duplicates()).toEqual([]);
  });

  it("stops at an expired token (401): the rest deferred, nothing retried, the token never in any output", async () => {
    const t = await setup({ batch_size: 10 });
    // No audience: each batch is acknowledged with its upserts (no list membership waits for later batches).
    const records = accounts(30, "fintech", null);
    // The token expires after the first batch.
    let expired = false;
    const summary = await t.apply(records, {
      onProgress: () => {
        if (!expired) t.server.faults.push({ kind: "expired" });
        expired = true;
      },
    });
    const destination = summary.destinations[0]!;
    expect(destination.acknowledged).toBe(10);
    expect(destination.disabled).toBe(
      'HubSpot refused the token (HTTP 401: {"status":"error","message":"The OAuth token used to make this call expired 1 second(s) ago.","correlationId":"00000000-0000-4000-8000-000000000000","category":"EXPIRED_AUTHENTICATION"}); renew the token in HS_TOKEN and apply again',
    );
    expect(destination.deferred.length).toBe(20);
    expect(t.server.requests.filter((r) => r.status === 401).length).toBe(1);
    expect((await t.backend().load("hs")).records.size).toBe(10);
    // The token: in no file written (state, journal, plan files), nor in the summary.
    const outputs = [...t.written(), JSON.stringify(summary)];
    expect(outputs.filter((text) => text.includes(TOKEN))).toEqual([]);
  });

  it("aggregates list memberships across batches; records whose membership was not sent when the token expired are deferred and sent again", async () => {
    const t = await setup({ batch_size: 10 });
    const records = accounts(30);
    // The token expires at the second batch's upsert: the first batch's records are upserted, but their list
    // membership waits for later batches, so none of them is acknowledged.
    t.server.faults.push({ kind: "expired", match: "batch/upsert", skip: 1 });
    const stopped = (await t.apply(records)).destinations[0]!;
    expect([stopped.acknowledged, stopped.deferred.length, stopped.unauthorized]).toEqual([0, 30, true]);
    expect([
      t.server.companies.size,
      t.server.count("/memberships/"),
      (await t.backend().load("hs")).records.size,
    ]).toEqual([10, 0, 0]);
    // Renewed: everything is sent; the first 10 upserts go again (never acknowledged, so sent again: the same
    // values, under the new plan's idempotency ids), and one membership call carries all 30.
    const resumed = (await t.apply(records)).destinations[0]!;
    expect([resumed.acknowledged, resumed.deferred.length]).toEqual([30, 0]);
    expect(t.server.count("/memberships/add-and-remove")).toBe(1);
    expect(t.server.held()).toEqual(expected(records));
    expect(t.server.writes.filter((write) => write.op.startsWith("upsert")).length).toBe(10 + 30);
    expect(t.server.duplicates()).toEqual([]);
  });

  it("refuses to manage a DYNAMIC list: its records are rejected, not sent", async () => {
    const t = await setup();
    t.server.lists.set("7", {
      listId: "7",
      name: "Fintech ABM",
      objectTypeId: "0-2",
      processingType: "DYNAMIC",
      members: new Set(),
    });
    const summary = await t.apply(accounts(2));
    expect(summary.destinations[0]!.rejected).toEqual([
      {
        key: "acc-000",
        reason: 'HubSpot list "Fintech ABM" is DYNAMIC: only MANUAL or SNAPSHOT lists take members from segform',
      },
      {
        key: "acc-001",
        reason: 'HubSpot list "Fintech ABM" is DYNAMIC: only MANUAL or SNAPSHOT lists take members from segform',
      },
    ]);
    expect(t.server.count("/memberships/")).toBe(0);
  });
});
