// Runs against the throwaway PostgreSQL server of test/setup/postgres.ts (or SEGFORM_TEST_PG_URL).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ADAPTERS } from "../src/adapters/index.js";
import { applyPlan, type ApplyOptions } from "../src/applier.js";
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

const url = inject("segformPgUrl");
const schema = `segform_deploy_${process.pid}`;

describe.skipIf(!url)("postgres destination", () => {
  let client: pg.Client;
  let dir: string;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: url! });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    dir = mkdtempSync(join(tmpdir(), "segform-pg-dest-"));
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  });

  function harness(name: string, settings: Record<string, FieldValue>, env: Record<string, string> = { PG_URL: url! }) {
    const backend = () => new LocalStateBackend(join(dir, name));
    const allSettings = { url: "${env:PG_URL}", table: `${schema}.${name}`, batch_size: 3, ...settings };
    const plan = async (records: DesiredRecord[]): Promise<DeployPlan> => {
      const state = await backend().load(name);
      const destination = planDestination({
        name,
        type: "postgres",
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
    const options = (): ApplyOptions => ({
      backend: backend(),
      open: (destination, serial) =>
        ADAPTERS.postgres!.open({
          destination: destination.name,
          settings: destination.settings,
          env,
          root: dir,
          serial,
          plan: "sha256:plan",
        }),
      lock: { id: "lock", owner: "test", pid: process.pid, host: "here", startedAt: "now", command: "test" },
      run: "run",
      retry: { attempts: 2, baseMs: 1, maxMs: 1, budgetMs: 1000 },
      allowMassChange: [name],
    });
    const rows = async () =>
      (
        await client.query(`SELECT key, "Segment", "Tier", segform_plan_hash FROM ${schema}.${name} ORDER BY key`)
      ).rows.map((row) => [row.key, row.Segment, row.Tier, row.segform_plan_hash]);
    return { plan, options, rows };
  }

  const record = (key: string, values: Record<string, FieldValue>): DesiredRecord => ({
    key,
    values,
    segment: null,
    tier: null,
  });

  it("upserts into a membership table created on first use, one transaction per batch; mirror deletes", async () => {
    const h = harness("mirror_table", { mode: "mirror" });
    const first = [
      record("a", { Segment: "fintech", Tier: "tier1" }),
      record("b", { Segment: "software" }),
      record("c", { Segment: "fintech" }),
      record("d", { Segment: "other", Tier: 2 }),
    ];
    expect((await applyPlan(await h.plan(first), h.options())).destinations[0]!.acknowledged).toBe(4);
    expect(await h.rows()).toEqual([
      ["a", "fintech", "tier1", "sha256:plan"],
      ["b", "software", null, "sha256:plan"],
      ["c", "fintech", null, "sha256:plan"],
      ["d", "other", "2", "sha256:plan"],
    ]);
    const second = [
      record("a", { Segment: "fintech" }),
      record("c", { Segment: "software", Tier: "tier3" }),
      record("e", { Segment: "new" }),
    ];
    const summary = await applyPlan(await h.plan(second), h.options());
    expect(summary.destinations[0]).toMatchObject({ acknowledged: 5, rejected: [], deferred: [] });
    expect(await h.rows()).toEqual([
      ["a", "fintech", null, "sha256:plan"],
      ["c", "software", "tier3", "sha256:plan"],
      ["e", "new", null, "sha256:plan"],
    ]);
  });

  it("on_exit clear sets the mapped columns to NULL and keeps the row", async () => {
    const h = harness("clear_table", { on_exit: "clear" });
    await applyPlan(
      await h.plan([record("a", { Segment: "fintech" }), record("b", { Segment: "software", Tier: "tier1" })]),
      h.options(),
    );
    await applyPlan(await h.plan([record("a", { Segment: "fintech" })]), h.options());
    expect(await h.rows()).toEqual([
      ["a", "fintech", null, "sha256:plan"],
      ["b", null, null, "sha256:plan"],
    ]);
  });

  it("reads the table back for drift", async () => {
    const h = harness("read_table", {});
    await applyPlan(
      await h.plan([record("a", { Segment: "fintech" }), record("b", { Segment: "software" })]),
      h.options(),
    );
    await client.query(`UPDATE ${schema}.read_table SET "Segment" = 'edited' WHERE key = 'b'`);
    const adapter = await ADAPTERS.postgres!.open({
      destination: "read_table",
      settings: { url: "${env:PG_URL}", table: `${schema}.read_table` },
      env: { PG_URL: url! },
      root: dir,
      serial: 2,
      plan: "p",
    });
    try {
      expect(adapter.read).toBeDefined();
      expect([...(await adapter.read!())].sort()).toEqual([
        ["a", { Segment: "fintech" }],
        ["b", { Segment: "edited" }],
      ]);
    } finally {
      await adapter.close();
    }
  });

  it("defers the records when the database cannot be reached, and keeps them out of state", async () => {
    const h = harness("unreachable", {}, { PG_URL: "postgres://nobody@127.0.0.1:1/none" });
    const summary = await applyPlan(await h.plan([record("a", { Segment: "x" })]), h.options());
    expect(summary.destinations[0]!.acknowledged).toBe(0);
    expect(summary.destinations[0]!.deferred[0]!.reason).toMatch(
      /^cannot connect to PostgreSQL: .*\(gave up after 2 attempts\)$/,
    );
  });
});
