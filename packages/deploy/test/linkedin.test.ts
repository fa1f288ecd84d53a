import { afterEach, describe, expect, it } from "vitest";
import { linkedinDestination } from "../src/adapters/linkedin.js";
import { detectDrift } from "../src/drift.js";
import type { DesiredRecord } from "../src/model.js";
import { LinkedInContract } from "./contract/linkedin.js";
import { FAULT_TIMEOUT_MS, harness } from "./contract/harness.js";

/** The linkedin adapter through the applier, against the LinkedIn contract server on 127.0.0.1. */

const TOKEN = "AQV8xLinkedInDoNotLeak_3nq0Zx";
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

const setup = (settings: Record<string, string | number> = {}, server = new LinkedInContract(TOKEN)) =>
  harness(
    "linkedin",
    "li",
    server,
    {
      token: "${env:LI_TOKEN}",
      ad_account: "urn:li:sponsoredAccount:508915432",
      linkedin_version: "202511",
      source_platform: "SEGFORM_TEST",
      mode: "mirror",
      batch_size: 100,
      segment_wait_seconds: 0.25,
      ...settings,
    },
    { LI_TOKEN: TOKEN },
    cleanup,
  );

/** n companies `acc-000`.. by website domain, in one audience. */
const companies = (n: number, audience = "Fintech ABM", prefix = "acc"): DesiredRecord[] =>
  Array.from({ length: n }, (_, i) => {
    const key = `${prefix}-${String(i).padStart(3, "0")}`;
    return { key, values: { companyWebsiteDomain: `${key}.example`, audience }, segment: null, tier: null };
  });

/** Segment name -> domains, as the server should hold them. */
function expected(records: DesiredRecord[], names: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>(names.map((name) => [name, []]));
  for (const record of records)
    for (const name of String(record.values.audience).split("; "))
      out.get(name)!.push(String(record.values.companyWebsiteDomain));
  for (const list of out.values()) list.sort();
  return out;
}

describe("linkedin settings", () => {
  it("needs an ad account and a pinned LinkedIn-Version; a destination without them is not set up for deploy", () => {
    expect(linkedinDestination.unconfigured!({ token: "${env:T}", ad_account: "${env:A}" })).toBe(
      'needs options.linkedin_version (the LinkedIn-Version you tested, e.g. "202511")',
    );
    expect(
      linkedinDestination.check({
        token: "${env:T}",
        ad_account: "acme",
        linkedin_version: "2025-11",
        batch_size: 9000,
      }),
    ).toEqual([
      "`ad_account:` must be urn:li:sponsoredAccount:<number>, a number, or ${env:NAME}",
      "`options: { source_platform: ENUM }` is required: the sourcePlatform value LinkedIn gives a partner with Audience API access",
      '`options: { linkedin_version: "YYYYMM" }` is required (the LinkedIn-Version header, e.g. "202511")',
      "batch_size 9000 is over 5000 companies per request",
    ]);
    expect(
      linkedinDestination.check({
        token: "${env:T}",
        ad_account: 508915432,
        linkedin_version: "202511",
        source_platform: "ACME_DMP",
      }),
    ).toEqual([]);
  });
});

describe("linkedin destination", () => {
  it("round trip: segments created by name, companies added, moved, removed (mirror); drift from the segment status", async () => {
    const t = await setup();
    const records = [...companies(230), ...companies(20, "Software ABM", "sw")];
    const first = await t.apply(records);
    expect(first.destinations[0]).toMatchObject({ acknowledged: 250, rejected: [], deferred: [] });
    expect(t.server.held()).toEqual(expected(records, ["Fintech ABM", "Software ABM"]));
    // One finder call, one create per segment, one companies call per segment: elements are aggregated across the
    // three batches of 100 (up to 5,000 a call).
    expect([
      t.server.count("GET /rest/dmpSegments"),
      t.server.count("POST /rest/dmpSegments"),
      t.server.count("/companies"),
    ]).toEqual([1, 2 + 2, 2]);
    expect([...t.server.segments.values()].map((s) => [s.name, s.account, s.status])).toEqual([
      ["Fintech ABM", "urn:li:sponsoredAccount:508915432", "READY"],
      ["Software ABM", "urn:li:sponsoredAccount:508915432", "READY"],
    ]);

    // 5 companies move to Software ABM: REMOVE from one segment, ADD to the other.
    const before = t.server.requests.length;
    const moved = records.map((r, i) => (i < 5 ? { ...r, values: { ...r.values, audience: "Software ABM" } } : r));
    expect((await t.apply(moved)).destinations[0]).toMatchObject({ planned: 5, acknowledged: 5 });
    expect(t.server.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /rest/dmpSegments",
      "POST /rest/dmpSegments/1/companies",
      "POST /rest/dmpSegments/2/companies",
    ]);
    expect(t.server.held()).toEqual(expected(moved, ["Fintech ABM", "Software ABM"]));

    // 3 leave (mirror): REMOVE.
    const kept = moved.slice(3);
    expect((await t.apply(kept)).destinations[0]).toMatchObject({ planned: 3, acknowledged: 3 });
    expect(t.server.held()).toEqual(expected(kept, ["Fintech ABM", "Software ABM"]));

    // By hand: the Software segment fails; drift reads the segments' status back.
    t.server.segmentNamed("Software ABM")!.status = "FAILED";
    const { state, found } = await t.read();
    const drifted = detectDrift("li", state, found).drifted;
    expect(drifted.length).toBe(22);
    expect(drifted[0]).toEqual({
      key: "acc-003",
      kind: "edited",
      fields: [{ field: "audience", sent: "Software ABM", found: null }],
    });

    // By hand: a company taken out of the Fintech segment in Campaign Manager. LinkedIn lists no segment's
    // companies, so no record drifts; the segment's counts, read back as notes, show it.
    const fintech = t.server.segmentNamed("Fintech ABM")!;
    fintech.companies.delete(JSON.stringify({ companyWebsiteDomain: "acc-100.example" }));
    fintech.audienceSize = 180;
    const adapter = await linkedinDestination.open({
      destination: "li",
      settings: {
        token: "${env:LI_TOKEN}",
        url: "${env:LI_URL}",
        ad_account: "urn:li:sponsoredAccount:508915432",
        linkedin_version: "202511",
        source_platform: "SEGFORM_TEST",
      },
      env: t.env,
      root: t.dir,
      serial: 1,
      plan: "refresh-only",
    });
    const again = await adapter.read!(state);
    expect(detectDrift("li", state, again, adapter.notes!())).toEqual({
      destination: "li",
      checked: 247,
      drifted: drifted,
      notes: [
        'segment "Fintech ABM": READY, input 224, matched 224 (last 7 days), audience size 180; segform holds 225 companies there',
        'segment "Software ABM": FAILED, input 22, matched 22 (last 7 days), audience size 22; segform holds 22 companies there',
      ],
    });
    await adapter.close();
    expect(t.server.duplicates()).toEqual([]);
  });

  it("upsert mode: on_exit keep leaves a company in its segment, on_exit clear takes it out", async () => {
    const t = await setup({ mode: "upsert" });
    await t.apply(companies(3));
    expect((await t.apply(companies(3).slice(1))).destinations[0]!.planned).toBe(0);
    expect(t.server.held().get("Fintech ABM")).toEqual(["acc-000.example", "acc-001.example", "acc-002.example"]);
    expect((await t.apply(companies(3).slice(1), {}, { on_exit: "clear" })).destinations[0]).toMatchObject({
      planned: 1,
      acknowledged: 1,
    });
    expect(t.server.held().get("Fintech ABM")).toEqual(["acc-001.example", "acc-002.example"]);
  });

  it("rejects a record with no company identifier or no audience, before sending it", async () => {
    const t = await setup();
    const records: DesiredRecord[] = [
      { key: "a", values: { audience: "X" }, segment: null, tier: null },
      { key: "b", values: { companyWebsiteDomain: "b.example" }, segment: null, tier: null },
    ];
    const summary = await t.apply(records);
    expect(summary.destinations[0]!.rejected).toEqual([
      {
        key: "a",
        reason:
          "LinkedIn: a company needs one of organizationUrn, companyWebsiteDomain, companyEmailDomain, companyName among its mapped fields",
      },
      { key: "b", reason: "LinkedIn: no audience (give the activation an `audience:`, the DMP segment's name)" },
    ]);
    expect(t.server.requests).toEqual([]);
  });

  it("survives a fault storm (429 + Retry-After, 5xx, timeouts after the write, resets, refused elements): 0 lost, 0 duplicated", async () => {
    const t = await setup({ batch_size: 40 });
    t.server.faults.push(
      {
        kind: "status",
        status: 429,
        retryAfter: "7",
        body: '{"status":429,"serviceErrorCode":101,"code":"TOO_MANY_REQUESTS","message":"Resource level throttle 1 MINUTE limit for calls to this resource is reached."}',
      },
      { kind: "status", status: 500, match: "/companies" },
      { kind: "slow", ms: 700, match: "/companies" },
      { kind: "reset", match: "/companies" },
      { kind: "status", status: 504 },
    );
    t.server.rejectCompanies.add("acc-050.example");
    const records = companies(120);
    const summary = await t.apply(records, {
      timeoutMs: FAULT_TIMEOUT_MS,
      retry: { attempts: 8, baseMs: 20, maxMs: 1000, budgetMs: 60_000 },
    });
    expect(summary.destinations[0]).toMatchObject({
      acknowledged: 119,
      deferred: [],
      rejected: [
        { key: "acc-050", reason: 'LinkedIn segment "Fintech ABM": 400 companyWebsiteDomain is not a valid domain' },
      ],
    });
    expect(t.waits[0]).toBe(7000);
    expect(t.server.faults).toEqual([]);
    expect(t.server.held()).toEqual(
      expected(
        records.filter((r) => r.key !== "acc-050"),
        ["Fintech ABM"],
      ),
    );
    expect(t.server.duplicates()).toEqual([]);
    t.server.rejectCompanies.clear();
    expect((await t.apply(records)).destinations[0]).toMatchObject({ planned: 1, acknowledged: 1 });
    expect(t.server.held()).toEqual(expected(records, ["Fintech ABM"]));
    expect(t.server.duplicates()).toEqual([]);
  });

  it("never exceeds the rate limit (from the server's request timestamps)", { timeout: 30_000 }, async () => {
    const limit = { max: 8, windowMs: 1000 };
    const t = await setup({ batch_size: 5, rate_limit: "8/1s" }, new LinkedInContract(TOKEN, limit));
    // 12 audiences of 5 companies: 12 segments to create and fill (elements of one segment go in one call).
    const records = Array.from({ length: 12 }, (_, i) =>
      companies(5, `Audience ${String(i).padStart(2, "0")}`, `c${i}`),
    ).flat();
    const summary = await t.apply(records, { sleep: undefined, timeoutMs: 5000 });
    expect(summary.destinations[0]!.acknowledged).toBe(60);
    expect(t.server.requests.length).toBe(1 + 12 + 12);
    expect(t.server.maxInWindow(limit.windowMs)).toBeLessThanOrEqual(limit.max);
    expect(t.server.overLimit).toEqual([]);
  });

  it("stops at a sunset LinkedIn-Version (426) and at a revoked token (401), with the token in no output", async () => {
    const sunset = await setup({}, new LinkedInContract(TOKEN, undefined, ["202604"]));
    const old = await sunset.apply(companies(3));
    expect(old.destinations[0]!.disabled).toBe(
      'LinkedIn no longer serves this LinkedIn-Version (HTTP 426 {"status":426,"serviceErrorCode":100,"code":"NONEXISTENT_VERSION","message":"Requested version 202511 is not active"}); set options.linkedin_version to a current version',
    );
    expect(sunset.server.requests.length).toBe(1);

    // Two audiences: the first segment's companies call goes through, the token is revoked before the second's.
    const t = await setup({ batch_size: 10 });
    t.server.faults.push({ kind: "expired", match: "/companies", skip: 1 });
    const summary = await t.apply([...companies(10, "A ABM", "a"), ...companies(20, "B ABM", "b")]);
    expect(summary.destinations[0]).toMatchObject({ acknowledged: 10, unauthorized: true });
    expect((await t.backend().load("li")).records.size).toBe(10);
    expect(summary.destinations[0]!.disabled).toBe(
      'LinkedIn refused the token (HTTP 401: {"status":401,"serviceErrorCode":65601,"code":"REVOKED_ACCESS_TOKEN","message":"The token used in the request has been revoked by the user"}); renew the token in LI_TOKEN and apply again',
    );
    expect(summary.destinations[0]!.deferred.length).toBe(20);
    expect(
      [...t.written(), ...sunset.written(), JSON.stringify(summary), JSON.stringify(old)].filter((text) =>
        text.includes(TOKEN),
      ),
    ).toEqual([]);
  });
});
