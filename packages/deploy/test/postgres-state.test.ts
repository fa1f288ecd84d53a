// Runs against the throwaway PostgreSQL server of test/setup/postgres.ts (or SEGFORM_TEST_PG_URL).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ADAPTERS } from "../src/adapters/index.js";
import { applyPlan, type ApplyOptions } from "../src/applier.js";
import { DEPLOY_PLAN_FORMAT, DEPLOY_PLAN_VERSION, type DeployPlan, type DesiredRecord } from "../src/model.js";
import { withDeployHash } from "../src/planfile.js";
import { planDestination } from "../src/planner.js";
import { PostgresStateBackend, redactUrl } from "../src/state/postgres.js";

const url = inject("segformPgUrl");
const schema = `segform_state_${process.pid}`;

describe("redactUrl", () => {
  it("hides the password", () => {
    expect(redactUrl("postgres://me:s3cret@db:5432/x")).toBe("postgres://me:***@db:5432/x");
    expect(redactUrl("postgres://me@db/x")).toBe("postgres://me@db/x");
  });
});

describe.skipIf(!url)("PostgreSQL state backend", () => {
  let client: pg.Client;
  let dir: string;
  // The tables go into this test's own schema.
  const stateUrl = () =>
    `${url}${url!.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: url! });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    dir = mkdtempSync(join(tmpdir(), "segform-pg-state-"));
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads (head, scan, list) without creating tables, so a role without CREATE rights can plan and serve", async () => {
    const readOnly = `${schema}_ro`;
    const role = `segform_reader_${process.pid}`;
    await client.query(`CREATE SCHEMA ${readOnly}`);
    await client.query(`CREATE ROLE ${role} NOLOGIN`);
    await client.query(`GRANT USAGE ON SCHEMA ${readOnly} TO ${role}`);
    try {
      // The test server admits only its own user: the session takes the reader's rights with `-c role=`.
      const target = new URL(url!);
      target.searchParams.set("options", `-c search_path=${readOnly} -c role=${role}`);
      const backend = new PostgresStateBackend(target.toString());
      try {
        expect(await backend.head("crm")).toEqual({
          point: { serial: 0, journal: 0 },
          failed: new Map(),
          lastPlan: null,
          pending: [],
        });
        const overlay = new Map([
          ["b", { key: "b", hash: "h", values: {} }],
          ["a", { key: "a", hash: "h", values: {} }],
        ]);
        const scanned: string[] = [];
        for await (const record of backend.scan("crm", overlay as never)) scanned.push(record.key);
        expect(scanned).toEqual(["a", "b"]);
        expect(await backend.list()).toEqual([]);
      } finally {
        await backend.close();
      }
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1", [readOnly]);
      expect(rows[0].n).toBe(0);
    } finally {
      await client.query(`DROP SCHEMA ${readOnly} CASCADE`);
      await client.query(`DROP OWNED BY ${role}`);
      await client.query(`DROP ROLE ${role}`);
    }
  });

  const lock = (id: string) => ({
    id,
    owner: `owner-${id}`,
    pid: 7,
    host: "ci",
    startedAt: "2026-11-01T00:00:00Z",
    command: "test",
  });
  const records = (n: number): DesiredRecord[] =>
    Array.from({ length: n }, (_, i) => ({ key: `k${i}`, values: { segment: "s" }, segment: "s", tier: null }));

  async function plan(backend: PostgresStateBackend, desired: DesiredRecord[]): Promise<DeployPlan> {
    const state = await backend.load("out");
    const destination = planDestination({
      name: "out",
      type: "file",
      settings: { path: "out.csv", batch_size: 4 },
      definitions: "sha256:d",
      desired: new Map(desired.map((r) => [r.key, r])),
      state,
      whereabouts: new Map(),
    });
    return withDeployHash({
      format: DEPLOY_PLAN_FORMAT,
      version: DEPLOY_PLAN_VERSION,
      project: "p",
      definitions: "sha256:d",
      data: "sha256:x",
      asOf: "2026-11-01",
      root: dir,
      destinations: [destination],
      skipped: [],
    });
  }
  const options = (backend: PostgresStateBackend, id = "a"): ApplyOptions => ({
    backend,
    open: (destination, serial) =>
      ADAPTERS.file!.open({
        destination: destination.name,
        settings: destination.settings,
        env: {},
        root: dir,
        serial,
        plan: "p",
      }),
    lock: lock(id),
    run: "r",
  });

  it("creates its tables, journals every batch and compacts: the state reads back as applied", async () => {
    const backend = new PostgresStateBackend(stateUrl());
    const summary = await applyPlan(await plan(backend, records(10)), options(backend));
    expect(summary.destinations[0]!.acknowledged).toBe(10);
    const reader = new PostgresStateBackend(stateUrl());
    const state = await reader.load("out");
    expect([state.point, state.records.size, state.pending.length, await reader.list()]).toEqual([
      { serial: 1, journal: 0 },
      10,
      0,
      ["out"],
    ]);
    expect((await client.query(`SELECT count(*)::int AS n FROM ${schema}.segform_deploy_journal`)).rows[0].n).toBe(3);
    expect(readFileSync(join(dir, "out.csv"), "utf8").split("\n").length).toBe(12);
    expect((await plan(reader, records(10))).destinations[0]!.actions).toEqual([]);
    await reader.close();
  });

  it("holds an advisory lock: a second apply fails with SEG404 naming the holder; a dead session frees it; force-unlock ends a holder", async () => {
    const first = new PostgresStateBackend(stateUrl());
    await first.lock(lock("L1"), 0);
    const second = new PostgresStateBackend(stateUrl());
    await expect(second.lock(lock("L2"), 0)).rejects.toMatchObject({ code: "SEG404" });
    await expect(second.lock(lock("L2"), 0)).rejects.toThrow(
      "is locked by owner-L1 (pid 7 on ci, since 2026-11-01T00:00:00Z, lock id L1)",
    );
    expect((await second.currentLock())?.id).toBe("L1");
    // force-unlock with the holder's id terminates its session, which releases the lock.
    expect(await second.forceUnlock("wrong")).toBeUndefined();
    expect((await second.forceUnlock("L1"))?.owner).toBe("owner-L1");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await second.currentLock()).toBeUndefined();
    await second.lock(lock("L2"), 0);
    await second.unlock("L2");
    expect(await second.currentLock()).toBeUndefined();
    await first.close();
    await second.close();
  });
});
