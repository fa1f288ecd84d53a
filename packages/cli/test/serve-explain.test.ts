// `segform serve --engine duckdb|postgres` explains loaded accounts (`GET /v1/accounts/{key}?explain=1`) and ad-hoc
// ones (`POST /v1/evaluate`) exactly as `--engine js` does, for quick-start accounts in every tier and segment.
// PostgreSQL uses the throwaway server of test/setup/postgres.ts (or SEGFORM_TEST_PG_URL); without it, DuckDB only.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BIN, loadCsv, REPO } from "./helpers.js";

const children: ChildProcess[] = [];
const pgUrl = inject("segformPgUrl");
const schema = `segform_serve_explain_${process.pid}`;
let client: pg.Client | undefined;

beforeAll(async () => {
  if (!pgUrl) return;
  client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await loadCsv(client, `${schema}.accounts`, join(REPO, "examples/quickstart/data/accounts.csv"));
  await loadCsv(client, `${schema}.contacts`, join(REPO, "examples/quickstart/data/contacts.csv"));
});
afterAll(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client?.end();
});

async function serve(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [BIN, "serve", ...args, "--no-watch", "--port", "0", "--log-level", "silent"], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address after 60 s:\n${stderr}`)), 60_000);
    child.stderr!.on("data", (chunk) => {
      stderr += chunk;
      const match = /segform serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once("exit", () => reject(new Error(`exited before listening:\n${stderr}`)));
  });
}

async function call(url: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(
    url,
    body === undefined
      ? undefined
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("segform serve --engine duckdb|postgres explains", () => {
  it("loaded and ad-hoc accounts exactly as --engine js", { timeout: 180_000 }, async () => {
    const quickstart = join(REPO, "segments.example.yaml");
    const servers: Record<string, string> = {
      js: await serve([quickstart]),
      duckdb: await serve([quickstart, "--engine", "duckdb"]),
    };
    if (pgUrl)
      servers.postgres = await serve([
        quickstart,
        "--engine",
        "postgres",
        "--url",
        pgUrl,
        "--table",
        `${schema}.accounts`,
        "--contacts-table",
        `${schema}.contacts`,
        "--row-column",
        "segform_row",
      ]);
    const csv = readFileSync(join(REPO, "examples/quickstart/data/accounts.csv"), "utf8").trim().split("\n");
    const header = csv[0]!.split(",");
    const rows = csv.slice(1).map((line) => line.split(","));
    // Fixture accounts: the first of every (icp, tier, segment) the JS server gives, the capped tier's included.
    const picked = new Map<string, string[]>();
    for (const row of rows) {
      const label = (await call(`${servers.js}/v1/accounts/${row[0]}`)).body;
      const kind = `${label.icp} ${label.tier} ${label.segment}`;
      if (!picked.has(kind)) picked.set(kind, row);
    }
    expect(picked.size).toBeGreaterThanOrEqual(6);
    expect([...picked.keys()].some((kind) => kind.startsWith("false"))).toBe(true);
    expect([...picked.keys()].some((kind) => kind.includes(" tier1 "))).toBe(true);
    for (const row of picked.values()) {
      const key = row[0]!;
      const js = await call(`${servers.js}/v1/accounts/${key}?explain=1`);
      expect(js.status, key).toBe(200);
      expect(js.body.explanation, key).toMatchObject({ key });
      // The columns as attributes (source column names): the ad-hoc explanation from the same values.
      const attributes = Object.fromEntries(header.map((column, i) => [column, row[i] ?? ""]));
      const adHoc = await call(`${servers.js}/v1/evaluate`, { key, attributes });
      expect(adHoc.status, key).toBe(200);
      expect(adHoc.body.explanation, key).toBeDefined();
      for (const [name, url] of Object.entries(servers)) {
        if (name === "js") continue;
        expect(await call(`${url}/v1/accounts/${key}?explain=1`), `${name} ${key}`).toEqual(js);
        expect(await call(`${url}/v1/evaluate`, { key, attributes }), `${name} ad hoc ${key}`).toEqual(adHoc);
      }
    }
    const missing = await call(`${servers.duckdb}/v1/accounts/NOT-A-KEY?explain=1`);
    expect([missing.status, (missing.body.error as { code: string }).code]).toEqual([404, "SEG510"]);
  });
});
