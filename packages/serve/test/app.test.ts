import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { Plan } from "@segform/plan";
import { buildApp, StateHolder, stateFromData, stateFromMembership, type AppOptions } from "../src/index.js";
import { ACCOUNTS, CLI, compileFile, CONTACTS, QUICKSTART, REPO } from "./helpers.js";
import { json } from "./helpers.js";

let plan: Plan;
let holder: StateHolder;
const servers: FastifyInstance[] = [];

async function start(options: AppOptions = {}): Promise<string> {
  const app = await buildApp(holder, { logStream: false, ...options });
  await app.listen({ host: "127.0.0.1", port: 0 });
  servers.push(app);
  const address = app.server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

let base: string;
beforeAll(async () => {
  plan = compileFile(QUICKSTART);
  holder = new StateHolder(
    await stateFromData({ plan, asOf: "2026-11-01", definitions: QUICKSTART, data: ACCOUNTS, contacts: CONTACTS }),
  );
  base = await start();
});
afterAll(async () => {
  for (const app of servers) await app.close();
});

/** A mid-market software account with fit 90 and intent 80: exactly the rank of tier1's last admitted account. */
/** One CSV line (quoted cells may hold commas; the quick-start contacts have no escaped quotes). */
function csvLine(line: string): string[] {
  return [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)]
    .filter((m) => m.index! < line.length || m[1] !== "")
    .map((m) => m[2] ?? m[1]!);
}

const contacts0 = () => ({ title: "CEO", seniority: "c_level" });
const atCutoff = {
  employees: 500,
  region: "NA",
  industry: "software",
  tech: "dbt",
  Intent_Score__c: 70,
  last_visit: "2026-10-10",
};

describe("native API", () => {
  it("GET /healthz and /readyz", async () => {
    expect(await json(await fetch(`${base}/healthz`))).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await json(ready)).toEqual({ status: "ready", plan: plan.hash, accounts: 800 });
  });

  it("GET /v1/plan: hash, version, flags and tier capacities with their cut-off", async () => {
    const body = await json(await fetch(`${base}/v1/plan`));
    expect(body).toMatchObject({
      hash: plan.hash,
      planVersion: 1,
      name: "quickstart",
      asOf: "2026-11-01",
      key: "account_id",
      accounts: 800,
      generation: 1,
      flags: ["segment", "tier", "icp", "fit", "intent", "activations", "audiences", "roles"],
      capacity: [
        {
          tier: "tier1",
          capacity: 25,
          taken: 25,
          cutoff: { account: "0015g00000McUZ5Ppr", rank: [90, 80] },
          known: true,
        },
      ],
    });
    expect(body.source).toEqual({ kind: "data", path: ACCOUNTS, definitions: QUICKSTART });
  });

  it("GET /v1/accounts/{key}: the loaded label, as segform run prints it", async () => {
    const response = await fetch(`${base}/v1/accounts/0015g000002v6PA1kU`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      account: "0015g000002v6PA1kU",
      icp: true,
      scores: { fit: 90, intent: 80 },
      tier: "tier1",
      segment: "hot-evaluators",
      activations: ["crm-segment", "crm-tier", "membership-file", "sdr-fast-track"],
      roles: { influencer: ["0035g00000yhN4UP1Z"] },
      plan: plan.hash,
    });
  });

  it("GET /v1/accounts/{key}: an unknown key is SEG510", async () => {
    const response = await fetch(`${base}/v1/accounts/nope`);
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({
      error: {
        code: "SEG510",
        message: 'no account with key "nope" in the loaded membership',
        hint: "the key is the field `account_id`; POST /v1/evaluate labels an account from its attributes",
      },
    });
  });

  it("POST /v1/evaluate: a capped tier admits an ad-hoc account only above the loaded cut-off, and says so", async () => {
    // Same rank as the cut-off account; the key breaks the tie: "0000..." sorts before it, "zzz" after it.
    const above = await json(await post(`${base}/v1/evaluate`, { key: "0000-new", attributes: atCutoff }));
    expect(above).toMatchObject({
      account: "0000-new",
      icp: true,
      scores: { fit: 90, intent: 80 },
      tier: "tier1",
      segment: "software-core",
      issues: [],
    });
    expect(above.reason).toEqual({
      tier: "tier tier1 is full (25); the account ranks above the cut-off (rank 90, 80): the cut-off is the last admitted account 0015g00000McUZ5Ppr (rank 90, 80)",
    });
    expect(above.explanation.tiers[0]).toMatchObject({ id: "tier1", matched: true, kept: true });
    const below = await json(await post(`${base}/v1/evaluate`, { key: "zzz-new", attributes: atCutoff }));
    expect(below).toMatchObject({
      account: "zzz-new",
      tier: "tier2",
      segment: "software-core",
      activations: ["crm-segment", "crm-tier", "membership-file"],
    });
    expect(below.reason.tier).toBe(
      "tier tier1 is full (25); the account ranks below the cut-off (rank 90, 80) and falls through: the cut-off is the last admitted account 0015g00000McUZ5Ppr (rank 90, 80); tier tier2 matched (no capacity)",
    );
  });

  it("POST /v1/evaluate: attributes by field name or source column; unreadable values are reported without the value", async () => {
    const body = await json(
      await post(`${base}/v1/evaluate`, { attributes: { Id: "x-1", NumberOfEmployees: "lots", region: "NA" } }),
    );
    expect(body).toMatchObject({
      account: "x-1",
      icp: false,
      tier: null,
      segment: null,
      activations: [],
      reason: { tier: "outside the ICP: no tier" },
    });
    expect(body.issues).toEqual([
      {
        code: "SEG100",
        field: "employees",
        column: "NumberOfEmployees",
        message: '"lots" is not a whole number (field employees)',
      },
    ]);
  });

  it("POST /v1/evaluate with contacts: roles as segform run assigns them; contact fields by name or column", async () => {
    const contacts = [
      { contact_id: "c-1", title: "Chief Revenue Officer", seniority: "c_level", department: "revenue_operations" },
      { ContactId: "c-2", Title: "VP of Marketing", Seniority: "vp", Department: "marketing" },
      { contact_id: "c-3", title: "Engineer", seniority: "individual", department: "data", account_id: "someone-else" },
      { title: "Director, Data", seniority: "director", department: "data" },
      { contact_id: "c-5", seniority: "intern" },
    ];
    const response = await post(`${base}/v1/evaluate`, { key: "0000-new", attributes: atCutoff, contacts });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect([body.account, body.tier, body.roles]).toEqual([
      "0000-new",
      "tier1",
      { "economic-buyer": ["c-1"], champion: ["c-2", 4], "end-user": ["c-3"] },
    ]);
    expect(body.issues).toEqual([
      {
        code: "SEG102",
        field: "contacts[4].seniority",
        column: "Seniority",
        message: '"intern" is not one of c_level, vp, director, manager, individual (field seniority)',
      },
    ]);
    // The key may come from the attributes; without contacts there is no `roles`. A contact's own account key is replaced (c-3 above).
    const fromAttributes = await json(
      await post(`${base}/v1/evaluate/batch`, {
        accounts: [
          { attributes: { ...atCutoff, account_id: "0000-x" }, contacts: [contacts[0]] },
          { attributes: atCutoff },
        ],
      }),
    );
    expect(fromAttributes.results.map((r: { account: string; roles?: unknown }) => [r.account, r.roles])).toEqual([
      ["0000-x", { "economic-buyer": ["c-1"] }],
      ["", undefined],
    ]);
  });

  it("POST /v1/evaluate with an account's contacts from the data gives the roles the loaded membership has, for every account", async () => {
    const [header, ...lines] = readFileSync(CONTACTS, "utf8").trim().split("\n").map(csvLine);
    const byAccount = new Map<string, Record<string, string>[]>();
    for (const cells of lines) {
      const contact = Object.fromEntries(header!.map((column, i) => [column, cells[i]!]));
      byAccount.set(contact.AccountId!, [...(byAccount.get(contact.AccountId!) ?? []), contact]);
    }
    const answers = await Promise.all(
      [...byAccount.keys()].sort().map(async (key) => [key, await fetch(`${base}/v1/accounts/${key}`)] as const),
    );
    // Contacts whose account is not in the data have no label to compare with.
    const orphans = answers.filter(([, response]) => response.status === 404).map(([key]) => key);
    const keys = answers.filter(([, response]) => response.status === 200).map(([key]) => key);
    const loaded = await Promise.all(
      answers
        .filter(([, response]) => response.status === 200)
        .map(async ([, response]) => (await json(response)).roles),
    );
    const evaluated: unknown[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      const body = await json(
        await post(`${base}/v1/evaluate/batch`, {
          accounts: keys.slice(i, i + 100).map((key) => ({ key, attributes: {}, contacts: byAccount.get(key) })),
        }),
      );
      evaluated.push(...body.results.map((r: { roles: unknown }) => r.roles));
    }
    expect(evaluated).toEqual(loaded);
    expect([keys.length, lines.length, loaded.filter((roles) => Object.keys(roles).length > 0).length]).toEqual([
      800, 2408, 795,
    ]);
    expect(orphans).toEqual(["001000000000000AAA"]);
  });

  it("POST /v1/evaluate with contacts: malformed contacts are SEG511", async () => {
    const cases: [unknown, string][] = [
      [
        { attributes: atCutoff, contacts: [contacts0()] },
        '`contacts` needs the account\'s key: send "key" (or the key field `account_id` in the attributes)',
      ],
      [
        { key: "k", attributes: atCutoff, contacts: { title: "CEO" } },
        "`contacts` must be a list of objects of contact fields",
      ],
      [{ key: "k", attributes: atCutoff, contacts: [{}, "CEO"] }, "contacts[1] must be an object of contact fields"],
      [
        { key: "k", attributes: atCutoff, contacts: Array.from({ length: 1001 }, () => ({})) },
        "at most 1000 contacts per account (got 1001)",
      ],
    ];
    for (const [body, message] of cases) {
      const response = await post(`${base}/v1/evaluate`, body);
      expect([response.status, (await json(response)).error]).toEqual([
        400,
        {
          code: "SEG511",
          message,
          hint: 'send {"attributes": {"field": value, ...}}, optionally with "key" and "contacts"',
        },
      ]);
    }
  });

  it("POST /v1/evaluate/batch: one result per account, in order; explanations on request", async () => {
    const body = await json(
      await post(`${base}/v1/evaluate/batch`, {
        accounts: [
          { key: "0000-new", attributes: atCutoff },
          { key: "zzz-new", attributes: atCutoff },
        ],
      }),
    );
    expect(body.plan).toBe(plan.hash);
    expect(body.results.map((r: { account: string; tier: string }) => [r.account, r.tier])).toEqual([
      ["0000-new", "tier1"],
      ["zzz-new", "tier2"],
    ]);
    expect(body.results[0].explanation).toBeUndefined();
  });

  it("bad bodies: malformed JSON (SEG515), wrong shape (SEG511), too large (SEG514), too many accounts", async () => {
    const malformed = await post(`${base}/v1/evaluate`, "{not json");
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.code).toBe("SEG515");
    const shape = await post(`${base}/v1/evaluate`, { attributes: [1, 2] });
    expect(shape.status).toBe(400);
    expect(await json(shape)).toEqual({
      error: {
        code: "SEG511",
        message: "`attributes` must be an object of field values",
        hint: 'send {"attributes": {"field": value, ...}}, optionally with "key" and "contacts"',
      },
    });
    const huge = await post(`${base}/v1/evaluate`, { attributes: { name: "x".repeat(300 * 1024) } });
    expect(huge.status).toBe(413);
    expect((await json(huge)).error.code).toBe("SEG514");
    const many = await post(`${base}/v1/evaluate/batch`, {
      accounts: Array.from({ length: 1001 }, () => ({ attributes: {} })),
    });
    expect(many.status).toBe(400);
    expect((await json(many)).error.message).toBe("at most 1000 accounts per batch (got 1001)");
  });

  it("unknown routes are SEG516", async () => {
    const response = await fetch(`${base}/v2/nothing`);
    expect(response.status).toBe(404);
    expect((await json(response)).error.code).toBe("SEG516");
  });

  it("GET /metrics: Prometheus text with requests, the latency histogram, reloads and accounts", async () => {
    await fetch(`${base}/v1/accounts/0015g000002v6PA1kU`);
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(
      /^segform_serve_requests_total\{method="GET",route="\/v1\/accounts\/:key",status="200"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^segform_serve_request_duration_seconds_bucket\{le="\+Inf",route="\/v1\/accounts\/:key"\} [1-9]\d*$/m,
    );
    expect(text).toContain('segform_serve_reloads_total{result="ok"} 0');
    expect(text).toContain('segform_serve_reloads_total{result="failed"} 0');
    expect(text).toContain("segform_serve_accounts 800");
  });
});

describe("safety", () => {
  const tokenA = "a".repeat(16) + "-first-token";
  const tokenB = "b".repeat(16) + "-rotated-token";

  it("bearer tokens: none or an unknown one is 401 (SEG512); each configured token works; probes stay open", async () => {
    const url = await start({ tokens: [tokenA, tokenB] });
    const missing = await fetch(`${url}/v1/accounts/0015g000002v6PA1kU`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="segform"');
    expect((await json(missing)).error).toEqual({
      code: "SEG512",
      message: "a bearer token is required",
      hint: "send Authorization: Bearer TOKEN (one of SEGFORM_SERVE_TOKENS)",
    });
    const wrong = await fetch(`${url}/v1/accounts/0015g000002v6PA1kU`, {
      headers: { authorization: `Bearer ${"c".repeat(30)}` },
    });
    expect(wrong.status).toBe(401);
    expect((await json(wrong)).error.message).toBe("unknown token");
    for (const token of [tokenA, tokenB]) {
      const ok = await fetch(`${url}/v1/accounts/0015g000002v6PA1kU`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
    }
    const apiKey = await post(
      `${url}/ofrep/v1/evaluate/flags/tier`,
      { context: { targetingKey: "0015g000002v6PA1kU" } },
      { "x-api-key": tokenB },
    );
    expect(apiKey.status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
  });

  it("rate limit per token: over the limit is 429 with Retry-After (SEG513); another token has its own budget", async () => {
    const url = await start({ tokens: [tokenA, tokenB], rateLimit: { max: 3, windowMs: 60_000 } });
    const get = (token: string) =>
      fetch(`${url}/v1/accounts/0015g000002v6PA1kU`, { headers: { authorization: `Bearer ${token}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(tokenA)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await get(tokenA);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await json(limited)).error.code).toBe("SEG513");
    expect((await get(tokenB)).status).toBe(200);
  });

  it("the log has one JSON line per request: route pattern, status, token id; no keys, values or tokens", async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => (lines.push(line), true) } as unknown as NodeJS.WritableStream;
    const url = await start({ tokens: [tokenA], logStream: stream });
    await fetch(`${url}/v1/accounts/0015g000002v6PA1kU`, { headers: { authorization: `Bearer ${tokenA}` } });
    await post(
      `${url}/v1/evaluate`,
      { attributes: { name: "Secret Corp", employees: 500 } },
      { authorization: `Bearer ${tokenA}` },
    );
    await post(`${url}/v1/evaluate`, '{"attributes": {"name": "Leaky', { authorization: `Bearer ${tokenA}` });
    const entries = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "request");
    expect(entries.map((e) => [e.msg, e.method, e.route, e.status, e.token])).toEqual([
      ["request", "GET", "/v1/accounts/:key", 200, "token-1"],
      ["request", "POST", "/v1/evaluate", 200, "token-1"],
      ["request", "POST", "/v1/evaluate", 400, "token-1"],
    ]);
    const all = lines.join("");
    for (const secret of ["0015g000002v6PA1kU", "Secret Corp", "Leaky", tokenA]) expect(all).not.toContain(secret);
  });
});

describe("GET /v1/accounts/{key}?explain=1", () => {
  const explainArgs = [
    "explain",
    "segments.example.yaml",
    "--data",
    ACCOUNTS,
    "--contacts",
    CONTACTS,
    "--as-of",
    "2026-11-01",
    "--json",
    "--account",
  ];

  it("adds the explanation `segform explain --json` prints (its envelope's result), for accounts of every kind", async () => {
    // tier1 by rank, the fallback segment, outside the ICP
    for (const key of ["0015g000002v6PA1kU", "0015g00000uIJieIdx", "0015g00000ZHgV4TnV"]) {
      const cli = spawnSync(process.execPath, [CLI, ...explainArgs, key], { cwd: REPO, encoding: "utf8" });
      expect(cli.status).toBe(0);
      const plain = await json(await fetch(`${base}/v1/accounts/${key}`));
      const explained = await json(await fetch(`${base}/v1/accounts/${key}?explain=1`));
      expect(explained).toEqual({ ...plain, explanation: JSON.parse(cli.stdout).result });
    }
    const first = await json(await fetch(`${base}/v1/accounts/0015g000002v6PA1kU?explain=1`));
    expect([first.tier, first.explanation.key, first.explanation.icp.result]).toEqual([
      "tier1",
      "0015g000002v6PA1kU",
      true,
    ]);
    expect(await json(await fetch(`${base}/v1/accounts/0015g000002v6PA1kU?explain=0`))).toEqual(
      await json(await fetch(`${base}/v1/accounts/0015g000002v6PA1kU`)),
    );
  });

  it("is SEG517 (409) on a server that loaded a membership, which has labels only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-serve-explain-"));
    const out = join(dir, "membership.jsonl");
    const run = spawnSync(
      process.execPath,
      [CLI, "run", "segments.example.yaml", "--format", "jsonl", "-q", "--out", out],
      { cwd: REPO, encoding: "utf8" },
    );
    expect(run.status).toBe(0);
    const app = await buildApp(
      new StateHolder(
        await stateFromMembership({ plan, asOf: "2026-11-01", definitions: QUICKSTART, membership: out }),
      ),
      { logStream: false },
    );
    await app.listen({ host: "127.0.0.1", port: 0 });
    servers.push(app);
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const response = await fetch(`${url}/v1/accounts/0015g000002v6PA1kU?explain=1`);
    expect(response.status).toBe(409);
    expect(await json(response)).toEqual({
      error: {
        code: "SEG517",
        message:
          "an explanation needs the account's attributes; this server loaded a membership, which has labels only",
        hint: "serve from --data (or the project's source) to explain loaded accounts, or POST /v1/evaluate the attributes",
      },
    });
    expect((await json(await fetch(`${url}/v1/accounts/0015g000002v6PA1kU`))).tier).toBe("tier1");
    rmSync(dir, { recursive: true, force: true });
  });
});
