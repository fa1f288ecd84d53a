import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { OpenFeature } from "@openfeature/server-sdk";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import type { Plan } from "@segform/plan";
import { buildApp, StateHolder, stateFromData } from "../src/index.js";
import { ACCOUNTS, CLI, compileFile, CONTACTS, QUICKSTART, REPO } from "./helpers.js";
import { json } from "./helpers.js";

let plan: Plan;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  plan = compileFile(QUICKSTART);
  const holder = new StateHolder(
    await stateFromData({ plan, asOf: "2026-11-01", definitions: QUICKSTART, data: ACCOUNTS, contacts: CONTACTS }),
  );
  app = await buildApp(holder, { logStream: false });
  await app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await OpenFeature.close();
  await app.close();
});

const evaluate = (flag: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/ofrep/v1/evaluate/flags/${flag}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("OFREP single evaluation", () => {
  it("tier, segment, icp and a score of a loaded account", async () => {
    const context = { context: { targetingKey: "0015g000002v6PA1kU" } };
    const metadata = { planHash: plan.hash, source: "membership" };
    expect(await json(await evaluate("tier", context))).toEqual({
      key: "tier",
      value: "tier1",
      variant: "tier1",
      reason: "TARGETING_MATCH",
      metadata: { ...metadata, rule: "fit >= 70 and intent >= 60" },
    });
    expect(await json(await evaluate("segment", context))).toEqual({
      key: "segment",
      value: "hot-evaluators",
      variant: "hot-evaluators",
      reason: "TARGETING_MATCH",
      metadata: { ...metadata, rule: "demo_requested = true or last_visit within 14 days" },
    });
    expect(await json(await evaluate("icp", context))).toEqual({
      key: "icp",
      value: true,
      variant: "in",
      reason: "TARGETING_MATCH",
      metadata,
    });
    expect(await json(await evaluate("intent", context))).toEqual({
      key: "intent",
      value: 80,
      reason: "TARGETING_MATCH",
      metadata,
    });
    expect(await json(await evaluate("activations", context))).toEqual({
      key: "activations",
      value: {
        "crm-segment": "salesforce",
        "crm-tier": "salesforce",
        "membership-file": "membership",
        "sdr-fast-track": "salesforce",
      },
      reason: "TARGETING_MATCH",
      metadata,
    });
    expect(await json(await evaluate("roles", context))).toEqual({
      key: "roles",
      value: { influencer: ["0035g00000yhN4UP1Z"] },
      reason: "TARGETING_MATCH",
      metadata,
    });
  });

  it("the fallback segment and a missing tier are DEFAULT", async () => {
    const other = { context: { targetingKey: "0015g00000uIJieIdx" } };
    expect(await json(await evaluate("segment", other))).toMatchObject({
      value: "other",
      variant: "other",
      reason: "DEFAULT",
      metadata: { fallback: true },
    });
    const outside = { context: { targetingKey: "0015g00000ZHgV4TnV" } };
    expect(await json(await evaluate("tier", outside))).toMatchObject({
      value: "",
      variant: "none",
      reason: "DEFAULT",
      metadata: { icp: false },
    });
  });

  it("context attributes evaluate the account ad hoc, with the matched clauses and the capacity decision", async () => {
    const body = await json(
      await evaluate("tier", {
        context: {
          targetingKey: "zzz-new",
          employees: 500,
          region: "NA",
          industry: "software",
          tech: "dbt",
          Intent_Score__c: 70,
          last_visit: "2026-10-10",
        },
      }),
    );
    expect(body).toEqual({
      key: "tier",
      value: "tier2",
      variant: "tier2",
      reason: "TARGETING_MATCH",
      metadata: {
        planHash: plan.hash,
        source: "evaluated",
        matched: "fit >= 60; intent >= 30",
        capacity:
          "tier tier1 is full (25); the account ranks below the cut-off (rank 90, 80) and falls through: the cut-off is the last admitted account 0015g00000McUZ5Ppr (rank 90, 80)",
      },
    });
  });

  it("errors carry OFREP's codes: FLAG_NOT_FOUND 404, TARGETING_KEY_MISSING, INVALID_CONTEXT, PARSE_ERROR 400", async () => {
    const unknown = await evaluate("colour", { context: { targetingKey: "0015g000002v6PA1kU" } });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toEqual({
      key: "colour",
      errorCode: "FLAG_NOT_FOUND",
      errorDetails:
        'flag "colour" was not found; flags are segment, tier, icp, fit, intent, activations, audiences, roles',
    });
    const noKey = await evaluate("tier", { context: { region: "NA" } });
    expect(noKey.status).toBe(400);
    expect(await json(noKey)).toEqual({
      key: "tier",
      errorCode: "TARGETING_KEY_MISSING",
      errorDetails: "the context needs a `targetingKey`: the account key",
    });
    const noContext = await evaluate("tier", {});
    expect(await json(noContext)).toEqual({
      key: "tier",
      errorCode: "INVALID_CONTEXT",
      errorDetails: "the request needs a `context` object",
    });
    const stranger = await evaluate("tier", { context: { targetingKey: "nobody" } });
    expect(stranger.status).toBe(400);
    expect(await json(stranger)).toEqual({
      key: "tier",
      errorCode: "INVALID_CONTEXT",
      errorDetails:
        'account "nobody" is not in the loaded membership; send its attributes in the context to evaluate it',
    });
    const malformed = await evaluate("tier", "{oops");
    expect(malformed.status).toBe(400);
    expect(await json(malformed)).toEqual({
      key: "tier",
      errorCode: "PARSE_ERROR",
      errorDetails: "the request body is not JSON",
    });
  });
});

describe("OFREP bulk evaluation", () => {
  const bulk = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/ofrep/v1/evaluate/flags`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("every flag, an ETag, and 304 when If-None-Match matches", async () => {
    const response = await bulk({ context: { targetingKey: "0015g000002v6PA1kU" } });
    expect(response.status).toBe(200);
    const etag = response.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const body = await json(response);
    expect(body.flags.map((flag: { key: string; value: unknown }) => [flag.key, flag.value])).toEqual([
      ["segment", "hot-evaluators"],
      ["tier", "tier1"],
      ["icp", true],
      ["fit", 90],
      ["intent", 80],
      [
        "activations",
        {
          "crm-segment": "salesforce",
          "crm-tier": "salesforce",
          "membership-file": "membership",
          "sdr-fast-track": "salesforce",
        },
      ],
      ["audiences", {}],
      ["roles", { influencer: ["0035g00000yhN4UP1Z"] }],
    ]);
    expect(body.metadata).toEqual({ planHash: plan.hash });
    const again = await bulk({ context: { targetingKey: "0015g000002v6PA1kU" } }, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const other = await bulk({ context: { targetingKey: "0015g00000uIJieIdx" } }, { "if-none-match": etag });
    expect(other.status).toBe(200);
    expect(other.headers.get("etag")).not.toBe(etag);
  });

  it("a bad context fails the whole request with a bulk failure", async () => {
    const response = await bulk({ context: {} });
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({
      errorCode: "TARGETING_KEY_MISSING",
      errorDetails: "the context needs a `targetingKey`: the account key",
    });
  });
});

describe("the official OpenFeature server SDK with its OFREP provider", () => {
  it("reads segment and tier for every quick-start account, equal to segform run", async () => {
    const run = spawnSync(process.execPath, [CLI, "run", "segments.example.yaml", "--format", "jsonl", "-q"], {
      cwd: REPO,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const expected = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { account: string; tier: string | null; segment: string | null });
    expect(expected).toHaveLength(800);
    await OpenFeature.setProviderAndWait(new OFREPProvider({ baseUrl: base }));
    const client = OpenFeature.getClient();
    const got: { account: string; tier: string | null; segment: string | null }[] = [];
    for (const { account } of expected) {
      const tier = await client.getStringDetails("tier", "unknown", { targetingKey: account });
      const segment = await client.getStringDetails("segment", "unknown", { targetingKey: account });
      expect(tier.errorCode).toBeUndefined();
      got.push({
        account,
        tier: tier.value === "" ? null : tier.value,
        segment: segment.value === "" ? null : segment.value,
      });
    }
    expect(got).toEqual(expected.map(({ account, tier, segment }) => ({ account, tier, segment })));
    const stranger = await client.getStringDetails("tier", "fallback", { targetingKey: "nobody" });
    expect(stranger).toMatchObject({ value: "fallback", reason: "ERROR", errorCode: "INVALID_CONTEXT" });
    const unknown = await client.getBooleanDetails("colour", false, { targetingKey: expected[0]!.account });
    expect(unknown).toMatchObject({ value: false, reason: "ERROR", errorCode: "FLAG_NOT_FOUND" });
  });
});
