// A project with `audiences:` (and segments scoped to every account): the `audiences` flag and the native API carry
// each account's audiences, from data, from a run's membership (CSV and JSON Lines) and for an ad-hoc account.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { Plan } from "@segform/plan";
import { buildApp, StateHolder, stateFromData, stateFromMembership } from "../src/index.js";
import type { ServeState } from "../src/state.js";
import { compileFile, json, REPO } from "./helpers.js";

const FIXTURE = join(REPO, "packages/cli/test/fixtures/audiences");
const PROJECT = join(FIXTURE, "segments.yaml");
const ACCOUNTS = join(FIXTURE, "accounts.csv");
const apps: FastifyInstance[] = [];
const dir = mkdtempSync(join(tmpdir(), "segform-serve-audiences-"));
afterAll(async () => {
  for (const app of apps) await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(state: ServeState): Promise<(path: string, body?: unknown) => Promise<unknown>> {
  const app = await buildApp(new StateHolder(state), { logStream: false });
  apps.push(app);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return async (path, body) =>
    json(
      await fetch(
        base + path,
        body === undefined
          ? {}
          : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
      ),
    );
}

const flag = (call: (path: string, body?: unknown) => Promise<unknown>, key: string, context: unknown) =>
  call(`/ofrep/v1/evaluate/flags/${key}`, { context });

describe("serve: audiences", () => {
  const plan: Plan = compileFile(PROJECT);
  const metadata = { planHash: plan.hash, source: "membership" };

  it("answers the audiences flag from data: several, none, and outside the ICP", async () => {
    const call = await serve(await stateFromData({ plan, asOf: "2026-11-01", definitions: PROJECT, data: ACCOUNTS }));
    expect(await flag(call, "audiences", { targetingKey: "A" })).toEqual({
      key: "audiences",
      value: { "renewal-soon": true, "in-market": true, big: true },
      reason: "TARGETING_MATCH",
      metadata,
    });
    expect(await flag(call, "audiences", { targetingKey: "B" })).toEqual({
      key: "audiences",
      value: {},
      reason: "DEFAULT",
      metadata,
    });
    expect(await flag(call, "segment", { targetingKey: "A" })).toMatchObject({
      value: "expansion",
      reason: "TARGETING_MATCH",
    });
    expect(await call("/v1/accounts/C")).toMatchObject({
      account: "C",
      icp: false,
      segment: "small",
      activations: ["crm"],
      audiences: ["in-market"],
    });
    // An ad-hoc account: evaluated from its attributes.
    expect(await flag(call, "audiences", { targetingKey: "X", employees: "40", intent: "90" })).toMatchObject({
      value: { "in-market": true },
      metadata: { source: "evaluated" },
    });
  });

  it("reads the audiences column of a run's CSV and JSON Lines output", async () => {
    const csv = join(dir, "membership.csv");
    writeFileSync(
      csv,
      [
        "id,icp,heat,tier,segment,activations,audiences",
        "A,false,80,,expansion,ads;crm,renewal-soon;in-market;big",
        "B,true,10,,midmarket,crm,",
        "",
      ].join("\n"),
    );
    const fromCsv = await serve(
      await stateFromMembership({ plan, asOf: "2026-11-01", definitions: PROJECT, membership: csv }),
    );
    expect(await flag(fromCsv, "audiences", { targetingKey: "A" })).toMatchObject({
      value: { "renewal-soon": true, "in-market": true, big: true },
    });
    expect(await flag(fromCsv, "audiences", { targetingKey: "B" })).toMatchObject({ value: {}, reason: "DEFAULT" });
    const jsonl = join(dir, "membership.jsonl");
    writeFileSync(
      jsonl,
      JSON.stringify({
        account: "D",
        icp: true,
        scores: { heat: 55 },
        tier: "hot",
        segment: "enterprise",
        activations: ["ads", "crm"],
        audiences: ["big"],
      }) + "\n",
    );
    const fromJsonl = await serve(
      await stateFromMembership({ plan, asOf: "2026-11-01", definitions: PROJECT, membership: jsonl }),
    );
    expect(await flag(fromJsonl, "audiences", { targetingKey: "D" })).toMatchObject({ value: { big: true } });
  });
});
