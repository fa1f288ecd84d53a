import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { Adapter } from "../src/adapters/adapter.js";
import { salesforceDestination, soqlString } from "../src/adapters/salesforce.js";
import type { Plan } from "@segform/plan";
import { selectDestinations } from "../src/deploy-plan.js";
import { detectDrift } from "../src/drift.js";
import type { DesiredRecord } from "../src/model.js";
import { SalesforceContract } from "./contract/salesforce.js";
import { accounts, FAULT_TIMEOUT_MS, harness } from "./contract/harness.js";

/** The salesforce adapter through the applier, against the Salesforce contract server on 127.0.0.1. */

const TOKEN = "00D5g000004SfDx!AQ0AQDoNotLeak.q9Xc";
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

const setup = (settings: Record<string, string | number> = {}, server = new SalesforceContract(TOKEN)) =>
  harness(
    "salesforce",
    "sf",
    server,
    { token: "${env:SF_TOKEN}", external_id: "Segform_Key__c", mode: "mirror", bulk_poll_seconds: 0.01, ...settings },
    { SF_TOKEN: TOKEN },
    cleanup,
  );

const rows = (n: number, segment = "fintech"): DesiredRecord[] =>
  accounts(n, segment, null).map((r) => ({ ...r, values: { Segment__c: r.values.segment!, Tier__c: r.values.tier! } }));
const expected = (records: DesiredRecord[]) =>
  new Map(records.map((r) => [r.key, Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, String(v)]))]));

describe("salesforce settings", () => {
  it("needs the instance url, a token and an external id field; collections take at most 200 records", () => {
    expect(salesforceDestination.check({})).toEqual([
      '`url:` is required (the instance URL, e.g. "${env:SF_INSTANCE_URL}")',
      '`token:` is required (an OAuth access token, e.g. "${env:SF_TOKEN}")',
      "`options: { external_id: FIELD }` is required: the external id field that holds the account key",
    ]);
    expect(
      salesforceDestination.check({
        url: "${env:U}",
        token: "${env:T}",
        external_id: "Key__c",
        batch_size: 500,
        api_version: "62",
      }),
    ).toEqual([
      '`api_version:` must look like "v62.0"',
      "batch_size 500 is over the 200 records an sObject Collections request takes",
    ]);
  });

  it("skips a declared CRM that is not set up for deploy (SEG420) and refuses it when named; a type without an adapter stays SEG400", () => {
    const plan = {
      destinations: [
        { name: "crm", type: "salesforce", settings: { url: "${env:U}", token: "${env:T}" } },
        { name: "ads", type: "google_ads", settings: {} },
      ],
    } as unknown as Plan;
    expect(selectDestinations(plan).skipped).toEqual([
      {
        name: "crm",
        type: "salesforce",
        reason: "not set up for deploy: needs options.external_id (the external id field that holds the account key)",
        code: "SEG420",
      },
      {
        name: "ads",
        type: "google_ads",
        reason:
          "type google_ads has no deploy adapter yet (supported: file, hubspot, linkedin, postgres, salesforce, webhook)",
      },
    ]);
    expect(() => selectDestinations(plan, ["crm"])).toThrow(
      expect.objectContaining({
        code: "SEG420",
        message:
          "destination crm (type salesforce): not set up for deploy: needs options.external_id (the external id field that holds the account key)",
      }),
    );
  });

  it("quotes SOQL string literals", () => {
    expect(soqlString("O'Brien \\ Co")).toBe("'O\\'Brien \\\\ Co'");
  });
});

describe("salesforce destination: sObject Collections", () => {
  it("round trip: first apply, incremental apply, removal (mirror), drift after hand edits", async () => {
    const t = await setup();
    const records = rows(450);
    const first = await t.apply(records);
    expect(first.destinations[0]).toMatchObject({ acknowledged: 450, rejected: [], deferred: [] });
    expect(t.server.held()).toEqual(expected(records));
    expect(t.server.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(
      Array.from({ length: 3 }, () => "PATCH /services/data/v62.0/composite/sobjects/Account/Segform_Key__c 200"),
    );

    const moved = records.map((r, i) => (i < 5 ? { ...r, values: { ...r.values, Segment__c: "software" } } : r));
    const before = t.server.requests.length;
    expect((await t.apply(moved)).destinations[0]).toMatchObject({ planned: 5, acknowledged: 5 });
    expect(t.server.requests.length - before).toBe(1);
    expect(t.server.held()).toEqual(expected(moved));

    // Removal: 3 leave, plus one that was deleted in Salesforce meanwhile (nothing to clear, not re-created).
    t.server.records.delete("acc-003");
    const kept = moved.slice(4);
    expect((await t.apply(kept)).destinations[0]).toMatchObject({ planned: 4, acknowledged: 4 });
    expect(t.server.held()).toEqual(expected(kept));
    expect(t.server.records.get("acc-000")!.fields).toEqual({ Segform_Key__c: "acc-000" });
    expect(t.server.records.has("acc-003")).toBe(false);

    // Hand edits in Salesforce.
    t.server.records.get("acc-010")!.fields.Tier__c = "tier9";
    t.server.records.delete("acc-011");
    delete t.server.records.get("acc-012")!.fields.Segment__c;
    const { state, found } = await t.read();
    expect(detectDrift("sf", state, found).drifted).toEqual([
      { key: "acc-010", kind: "edited", fields: [{ field: "Tier__c", sent: "tier2", found: "tier9" }] },
      { key: "acc-011", kind: "removed" },
      { key: "acc-012", kind: "edited", fields: [{ field: "Segment__c", sent: "fintech", found: null }] },
    ]);
    expect(t.server.count("GET /services/data/v62.0/query")).toBe(1 + 3);
    expect(t.server.duplicates()).toEqual([]);
  });

  it("upsert mode: on_exit keep sends nothing for a record that left, on_exit clear nulls its fields", async () => {
    const t = await setup({ mode: "upsert" });
    await t.apply(rows(3));
    expect((await t.apply(rows(3).slice(1))).destinations[0]!.planned).toBe(0);
    expect(t.server.held().get("acc-000")).toEqual({ Segment__c: "fintech", Tier__c: "tier1" });
    expect((await t.apply(rows(3).slice(1), {}, { on_exit: "clear" })).destinations[0]).toMatchObject({
      planned: 1,
      acknowledged: 1,
    });
    expect(t.server.held().get("acc-000")).toBeUndefined();
  });

  it("survives a fault storm (Retry-After, 5xx, timeouts after the write, resets, per-record errors): 0 lost, 0 duplicated", async () => {
    const server = new SalesforceContract(TOKEN, "Account", "Segform_Key__c", "v62.0", ["Name"]);
    const t = await setup({ batch_size: 50 }, server);
    t.server.faults.push(
      {
        kind: "status",
        status: 503,
        retryAfter: "4",
        body: '[{"message":"Server Unavailable","errorCode":"SERVER_UNAVAILABLE"}]',
      },
      {
        kind: "status",
        status: 500,
        body: '[{"message":"An unexpected error occurred","errorCode":"UNKNOWN_EXCEPTION"}]',
      },
      { kind: "slow", ms: 700 },
      { kind: "reset" },
      { kind: "status", status: 502 },
    );
    t.server.rejectKeys.add("acc-077");
    const records = rows(150).map((r) =>
      r.key === "acc-120" ? r : { ...r, values: { ...r.values, Name: `Company ${r.key}` } },
    );
    const summary = await t.apply(records, {
      timeoutMs: FAULT_TIMEOUT_MS,
      retry: { attempts: 8, baseMs: 20, maxMs: 1000, budgetMs: 60_000 },
    });
    expect(summary.destinations[0]).toMatchObject({
      acknowledged: 148,
      deferred: [],
      rejected: [
        {
          key: "acc-077",
          reason: "Salesforce: FIELD_CUSTOM_VALIDATION_EXCEPTION: Segment values are locked for acc-077",
        },
        { key: "acc-120", reason: "Salesforce: REQUIRED_FIELD_MISSING: Required fields are missing: [Name] (Name)" },
      ],
    });
    expect(t.waits[0]).toBe(4000);
    // One retry per fault at least: the slow answers count only if they went past the client's timeout (without it,
    // 4 retries); a loaded machine may add more.
    expect(t.waits.length).toBeGreaterThanOrEqual(5);
    expect(t.server.faults).toEqual([]);
    expect(t.server.held()).toEqual(expected(records.filter((r) => r.key !== "acc-077" && r.key !== "acc-120")));
    expect(t.server.duplicates()).toEqual([]);
    t.server.rejectKeys.clear();
    const fixed = records.map((r) =>
      r.key === "acc-120" ? { ...r, values: { ...r.values, Name: "Company acc-120" } } : r,
    );
    expect((await t.apply(fixed)).destinations[0]).toMatchObject({ planned: 2, acknowledged: 2, rejected: [] });
    expect(t.server.held()).toEqual(expected(fixed));
    expect(t.server.duplicates()).toEqual([]);
  });

  it("stops at an expired session (401 INVALID_SESSION_ID): the rest deferred, the token never in any output", async () => {
    const t = await setup({ batch_size: 10 });
    let expired = false;
    const summary = await t.apply(rows(30), {
      onProgress: () => {
        if (!expired) t.server.faults.push({ kind: "expired" });
        expired = true;
      },
    });
    expect(summary.destinations[0]).toMatchObject({
      acknowledged: 10,
      disabled:
        'Salesforce refused the token (HTTP 401: [{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]); renew the token in SF_TOKEN and apply again',
    });
    expect(summary.destinations[0]!.deferred.length).toBe(20);
    expect([...t.written(), JSON.stringify(summary)].filter((text) => text.includes(TOKEN))).toEqual([]);
  });
});

describe("salesforce destination: Bulk API 2.0", () => {
  it("sends more than 2,000 changes as one Bulk job (journaled before the upload), failed rows rejected", async () => {
    const t = await setup();
    t.server.rejectKeys.add("acc-2001");
    const records = rows(2500).map((r, i) => ({ ...r, key: `acc-${String(i).padStart(4, "0")}` }));
    const summary = await t.apply(records);
    expect(summary.destinations[0]).toMatchObject({
      acknowledged: 2499,
      deferred: [],
      rejected: [
        {
          key: "acc-2001",
          reason: "Salesforce: FIELD_CUSTOM_VALIDATION_EXCEPTION:Segment values are locked for acc-2001",
        },
      ],
    });
    const job = [...t.server.jobs.values()];
    expect(job.map((j) => [j.state, j.successful.length, j.failed.length])).toEqual([["JobComplete", 2499, 1]]);
    expect(t.server.requests.map((r) => `${r.method} ${r.path.replace(job[0]!.id, "ID")} ${r.status}`)).toEqual([
      "POST /services/data/v62.0/jobs/ingest 200",
      "PUT /services/data/v62.0/jobs/ingest/ID/batches 201",
      "PATCH /services/data/v62.0/jobs/ingest/ID 200",
      "GET /services/data/v62.0/jobs/ingest/ID 200",
      "GET /services/data/v62.0/jobs/ingest/ID 200",
      "GET /services/data/v62.0/jobs/ingest/ID/successfulResults/ 200",
      "GET /services/data/v62.0/jobs/ingest/ID/failedResults/ 200",
    ]);
    expect(t.journal().map((entry) => [entry.job, entry.results.length])).toEqual([
      [{ id: job[0]!.id, ops: expect.any(Array) }, 0],
      [{ id: job[0]!.id, done: true }, 2500],
    ]);
    expect(t.server.held()).toEqual(expected(records.filter((r) => r.key !== "acc-2001")));
    expect(t.server.duplicates()).toEqual([]);
  });

  it("a Bulk job that ends Failed: its processed rows are acknowledged, the unprocessed deferred and sent next time", async () => {
    const t = await setup();
    t.server.failNextJob = { after: 1000, message: "InvalidBatch : Failed to process query" };
    const records = rows(2200).map((r, i) => ({ ...r, key: `acc-${String(i).padStart(4, "0")}` }));
    const first = await t.apply(records);
    const jobId = [...t.server.jobs.keys()][0]!;
    expect(first.destinations[0]!.acknowledged).toBe(1000);
    expect(first.destinations[0]!.deferred.length).toBe(1200);
    expect(first.destinations[0]!.deferred[0]).toEqual({
      key: "acc-1000",
      reason: `Salesforce Bulk job ${jobId} failed: InvalidBatch : Failed to process query`,
    });
    const second = await t.apply(records);
    expect(second.destinations[0]).toMatchObject({ planned: 1200, acknowledged: 1200 });
    // 1,200 is under the Bulk threshold: sObject Collections this time.
    expect(t.server.jobs.size).toBe(1);
    expect(t.server.count("PATCH /services/data/v62.0/composite/sobjects/")).toBe(6);
    expect(t.server.held()).toEqual(expected(records));
    expect(t.server.duplicates()).toEqual([]);
  });

  it("an apply interrupted while its job runs is resumed by polling the same job, not by starting another", async () => {
    const t = await setup();
    const records = rows(2100).map((r, i) => ({ ...r, key: `acc-${String(i).padStart(4, "0")}` }));
    const plan = await t.plan(records);
    const crashing = t.options({
      allowMassChange: ["sf"],
      open: async (destination, serial) => {
        const adapter = (await t.options().open(destination, serial)) as Adapter;
        return Object.assign(Object.create(Object.getPrototypeOf(adapter)), adapter, {
          pollJob: async () => {
            throw new Error("simulated crash while the job runs");
          },
        });
      },
    });
    await expect((await import("../src/applier.js")).applyPlan(plan, crashing)).rejects.toThrow(
      "simulated crash while the job runs",
    );
    expect([...t.server.jobs.values()].map((job) => job.state)).toEqual(["UploadComplete"]);
    const resumed = await (await import("../src/applier.js")).applyPlan(plan, t.options({ allowMassChange: ["sf"] }));
    expect(resumed.destinations[0]).toMatchObject({ acknowledged: 2100, deferred: [], rejected: [] });
    expect(t.server.count("POST /services/data/v62.0/jobs/ingest")).toBe(1);
    expect(t.server.held()).toEqual(expected(records));
    expect(t.server.duplicates()).toEqual([]);
  });

  it("a job left Open (killed before the upload was closed) is aborted and replaced: nothing of it ran", async () => {
    const t = await setup();
    const records = rows(2100).map((r, i) => ({ ...r, key: `acc-${String(i).padStart(4, "0")}` }));
    const plan = await t.plan(records);
    const crashing = t.options({
      allowMassChange: ["sf"],
      open: async (destination, serial) => {
        const adapter = (await t.options().open(destination, serial)) as Adapter;
        return Object.assign(Object.create(Object.getPrototypeOf(adapter)), adapter, {
          uploadJob: async () => {
            throw new Error("simulated crash before the upload");
          },
        });
      },
    });
    const { applyPlan } = await import("../src/applier.js");
    await expect(applyPlan(plan, crashing)).rejects.toThrow("simulated crash before the upload");
    const resumed = await applyPlan(plan, t.options({ allowMassChange: ["sf"] }));
    expect(resumed.destinations[0]).toMatchObject({ acknowledged: 2100 });
    expect([...t.server.jobs.values()].map((job) => job.state)).toEqual(["Aborted", "JobComplete"]);
    expect(t.server.held()).toEqual(expected(records));
    expect(t.server.duplicates()).toEqual([]);
  });
});

describe("salesforce: the two paths agree", () => {
  it("a Bulk API 2.0 job and sObject Collections leave the same records, over two applies with awkward values (property)", {
    timeout: 120_000,
  }, async () => {
    // Text that CSV and JSON must both carry: commas, quotes, newlines, non-ASCII, empty values (null). A literal
    // "#N/A" is left out: Bulk API 2.0 reads it as null by definition.
    const text = fc.constantFrom(
      "fintech",
      "a,b",
      'say "hi"',
      "line\nbreak",
      "",
      " padded ",
      "naïve ☕",
      "'quoted'",
      "\\back",
    );
    const record = fc.record({
      key: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `k-${i}`), "O'Brien", "a,b"),
      segment: text,
      tier: text,
    });
    const run = async (threshold: number, rounds: { key: string; segment: string; tier: string }[][]) => {
      const local: (() => Promise<void> | void)[] = [];
      const t = await harness(
        "salesforce",
        "sf",
        new SalesforceContract(TOKEN),
        {
          token: "${env:SF_TOKEN}",
          external_id: "Segform_Key__c",
          mode: "mirror",
          bulk_poll_seconds: 0,
          bulk_threshold: threshold,
        },
        { SF_TOKEN: TOKEN },
        local,
      );
      try {
        for (const round of rounds) {
          const summary = await t.apply(
            round.map((r) => ({
              key: r.key,
              values: { Segment__c: r.segment, Tier__c: r.tier },
              segment: null,
              tier: null,
            })),
          );
          expect(summary.destinations[0]!.rejected).toEqual([]);
        }
        return { held: t.server.held(), jobs: t.server.jobs.size };
      } finally {
        for (const step of local) await step();
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uniqueArray(record, { selector: (r) => r.key, minLength: 1, maxLength: 10 }), {
          minLength: 1,
          maxLength: 2,
        }),
        async (rounds) => {
          const bulk = await run(0, rounds);
          const collections = await run(1_000_000, rounds);
          expect(bulk.jobs).toBeGreaterThan(0);
          expect(collections.jobs).toBe(0);
          expect(bulk.held).toEqual(collections.held);
        },
      ),
      { seed: 20261203, numRuns: 12 },
    );
  });
});

describe("salesforce destination: Campaign membership (accounts as campaign members)", () => {
  /** Accounts with a segment field and an audience: the Campaign they belong to. */
  const members = (n: number, audience: string, prefix = "acc"): DesiredRecord[] =>
    Array.from({ length: n }, (_, i) => ({
      key: `${prefix}-${String(i).padStart(3, "0")}`,
      values: { Segment__c: audience.split(" ")[0]!.toLowerCase(), audience },
      segment: null,
      tier: null,
    }));
  /** What the server should hold: fields, and campaign names joined with "|". */
  const held = (records: DesiredRecord[]) =>
    new Map(
      records.map((r) => {
        const { audience, ...fields } = r.values;
        return [
          r.key,
          {
            ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
            ...(audience ? { campaigns: String(audience).split("; ").sort().join("|") } : {}),
          },
        ];
      }),
    );
  const POST_MEMBERS = "POST /services/data/v62.0/composite/sobjects";

  it("round trip: campaigns created by name, accounts added on entry, moved, removed (mirror); drift after hand edits", async () => {
    const t = await setup();
    // A campaign made by hand is found by name.
    t.server.campaigns.set("701000000000000099", { Id: "701000000000000099", Name: "Fintech ABM", IsActive: true });
    const records = [...members(250, "Fintech ABM"), ...members(30, "Software ABM", "sw")];
    const first = await t.apply(records);
    expect(first.destinations[0]).toMatchObject({ acknowledged: 280, rejected: [], deferred: [] });
    expect(t.server.held()).toEqual(held(records));
    // Two upserts (200 + 80); memberships aggregated across the two batches up to 200 a request: Fintech 200 + 50,
    // Software 30. One campaign found by name, one created.
    expect([
      t.server.count("PATCH /services/data/v62.0/composite/sobjects/Account"),
      t.server.count(POST_MEMBERS),
      t.server.count("POST /services/data/v62.0/sobjects/Campaign"),
    ]).toEqual([2, 3, 1]);
    expect([...t.server.campaigns.values()].map((c) => c.Name).sort()).toEqual(["Fintech ABM", "Software ABM"]);

    // 5 move to Software ABM: out of one campaign (query + delete), into the other; their fields are unchanged, so
    // not written. acc-000 was put in Software ABM by hand meanwhile: DUPLICATE_VALUE counts as done.
    const software = [...t.server.campaigns.values()].find((c) => c.Name === "Software ABM")!.Id;
    t.server.addMember(software, t.server.records.get("acc-000")!.Id);
    const moved = records.map((r, i) => (i < 5 ? { ...r, values: { ...r.values, audience: "Software ABM" } } : r));
    const before = t.server.requests.length;
    expect((await t.apply(moved)).destinations[0]).toMatchObject({ planned: 5, acknowledged: 5, rejected: [] });
    expect(t.server.held()).toEqual(held(moved));
    expect(t.server.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /services/data/v62.0/query", // the Fintech campaign by name
      "GET /services/data/v62.0/query", // the accounts' Ids
      "GET /services/data/v62.0/query", // their CampaignMember Ids
      "DELETE /services/data/v62.0/composite/sobjects",
      "GET /services/data/v62.0/query", // the Software campaign by name
      POST_MEMBERS,
    ]);

    // 3 leave (mirror): fields cleared and out of the campaign.
    const kept = moved.slice(3);
    expect((await t.apply(kept)).destinations[0]).toMatchObject({ planned: 3, acknowledged: 3 });
    expect(t.server.held()).toEqual(held(kept));
    expect(t.server.held().has("acc-000")).toBe(false);

    // By hand: acc-010 taken out of its campaign; a stranger account added to one.
    const member = [...t.server.members.values()].find((m) => m.AccountId === t.server.records.get("acc-010")!.Id)!;
    t.server.removeMember(member.Id);
    t.server.records.set("zz-1", { Id: "001000000000009999", fields: { Segform_Key__c: "zz-1" } });
    t.server.addMember(member.CampaignId, "001000000000009999");
    const { state, found } = await t.read();
    expect(detectDrift("sf", state, found).drifted).toEqual([
      { key: "acc-010", kind: "edited", fields: [{ field: "audience", sent: "Fintech ABM", found: null }] },
      { key: "zz-1", kind: "added" },
    ]);
    expect(t.server.duplicates()).toEqual([]);
  });

  it("survives a fault storm on the campaign requests (503 + Retry-After, 5xx, a timeout after the write, a reset): 0 lost, 0 duplicated", async () => {
    const t = await setup({ batch_size: 50 });
    t.server.faults.push(
      { kind: "status", status: 503, retryAfter: "3", match: "/sobjects/Campaign" },
      {
        kind: "status",
        status: 500,
        match: `${POST_MEMBERS}`,
        body: '[{"message":"An unexpected error occurred","errorCode":"UNKNOWN_EXCEPTION"}]',
      },
      // Members created, the answer too late: the retry finds them there (DUPLICATE_VALUE) and counts them done.
      { kind: "slow", ms: 700, match: `${POST_MEMBERS}` },
      { kind: "reset", match: "DELETE /services/data/v62.0/composite/sobjects" },
      { kind: "status", status: 502, match: "DELETE /services/data/v62.0/composite/sobjects" },
    );
    const records = [...members(230, "Fintech ABM"), ...members(20, "Software ABM", "sw")];
    const retry = { attempts: 8, baseMs: 20, maxMs: 1000, budgetMs: 60_000 };
    expect((await t.apply(records, { retry, timeoutMs: FAULT_TIMEOUT_MS })).destinations[0]).toMatchObject({
      acknowledged: 250,
      rejected: [],
      deferred: [],
    });
    // 40 move campaigns: the removals meet the reset and the 502.
    const moved = records.map((r, i) => (i < 40 ? { ...r, values: { ...r.values, audience: "Software ABM" } } : r));
    expect((await t.apply(moved, { retry, timeoutMs: FAULT_TIMEOUT_MS })).destinations[0]).toMatchObject({
      acknowledged: 40,
      rejected: [],
      deferred: [],
    });
    expect(t.waits[0]).toBe(3000);
    expect(t.server.faults).toEqual([]);
    expect(t.server.held()).toEqual(held(moved));
    expect(t.server.duplicates()).toEqual([]);
  });

  it("upsert mode: on_exit keep leaves an account in its campaign, on_exit clear takes it out", async () => {
    const t = await setup({ mode: "upsert" });
    await t.apply(members(3, "Fintech ABM"));
    expect((await t.apply(members(3, "Fintech ABM").slice(1))).destinations[0]!.planned).toBe(0);
    expect(t.server.held().get("acc-000")).toEqual({ Segment__c: "fintech", campaigns: "Fintech ABM" });
    expect((await t.apply(members(3, "Fintech ABM").slice(1), {}, { on_exit: "clear" })).destinations[0]).toMatchObject(
      { planned: 1, acknowledged: 1 },
    );
    expect(t.server.held().get("acc-000")).toBeUndefined();
    expect(t.server.members.size).toBe(2);
  });

  it("enrols a Bulk job's accounts after the job, and rejects them where the org lacks Accounts as Campaign Members", async () => {
    const t = await setup();
    const records = members(2100, "Fintech ABM").map((r, i) => ({ ...r, key: `acc-${String(i).padStart(4, "0")}` }));
    const summary = await t.apply(records);
    expect(summary.destinations[0]).toMatchObject({ acknowledged: 2100, rejected: [], deferred: [] });
    expect([
      t.server.jobs.size,
      t.server.count(POST_MEMBERS),
      t.server.count("PATCH /services/data/v62.0/composite/sobjects/Account"),
    ]).toEqual([1, 11, 0]);
    expect(t.server.held()).toEqual(held(records));
    // The job's result journaled (job done) with the records still pending; the records after their memberships.
    expect(t.journal().map((entry) => [entry.job?.done ?? false, entry.results.length])).toEqual([
      [false, 0],
      [true, 0],
      ...Array.from({ length: 11 }, (_, i) => [false, i < 10 ? 200 : 100]),
    ]);

    const u = await setup({}, Object.assign(new SalesforceContract(TOKEN), { accountsAsCampaignMembers: false }));
    const refused = await u.apply(members(2, "Fintech ABM"));
    expect(refused.destinations[0]!.rejected).toEqual([
      {
        key: "acc-000",
        reason: `Salesforce campaign "Fintech ABM" members: HTTP 400 [{"message":"No such column 'AccountId' on sobject of type CampaignMember","errorCode":"INVALID_FIELD"}]`,
      },
      {
        key: "acc-001",
        reason: `Salesforce campaign "Fintech ABM" members: HTTP 400 [{"message":"No such column 'AccountId' on sobject of type CampaignMember","errorCode":"INVALID_FIELD"}]`,
      },
    ]);
  });
});
