// The streamed state (snapshot in key order, merged with an overlay) and the plan file's fast serialisation give
// exactly what the whole-in-memory forms give. PostgreSQL cases run against test/setup/postgres.ts's server.
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { canonicalJson } from "@segform/plan";
import { compareCodePoints } from "@segform/engine";
import { recordHash, sha256 } from "../src/hash.js";
import type { StateOverlay } from "../src/journal.js";
import {
  DEPLOY_PLAN_FORMAT,
  DEPLOY_PLAN_VERSION,
  type DesiredRecord,
  type FieldValue,
  type StateRecord,
} from "../src/model.js";
import {
  canonicalPlanJson,
  LineReader,
  openDeployPlanFile,
  parseDeployPlan,
  readActions,
  serializeDeployPlan,
  withDeployHash,
} from "../src/planfile.js";
import { DestinationPlanner, planDestination } from "../src/planner.js";
import type { StateBackend } from "../src/state/backend.js";
import { LocalStateBackend } from "../src/state/local.js";
import { PostgresStateBackend } from "../src/state/postgres.js";

const url = inject("segformPgUrl");

// Keys whose UTF-16 order differs from code point order (astral vs private use), escapes, and plain ones.
const KEYS = ["b", "a", "\u{1F600}", "\uE000", 'a"quote', "tab\there", "back\\slash", "z", "ä", "10", "9"];
const record = (key: string, n: number): StateRecord => {
  const values = { Segment: `s${n}`, Score: n };
  return { key, hash: recordHash(values), values, segment: `s${n}`, tier: n % 2 ? "tier1" : null };
};
const plain = (r: StateRecord) => ({ key: r.key, hash: r.hash, values: r.values, segment: r.segment, tier: r.tier });
async function scanAll(backend: StateBackend, name: string, overlay: StateOverlay = new Map()): Promise<StateRecord[]> {
  const out: StateRecord[] = [];
  for await (const r of backend.scan(name, overlay)) out.push(plain(r));
  return out;
}
const codePointOrder = (records: StateRecord[]) => [...records].sort((a, b) => compareCodePoints(a.key, b.key));

async function roundTrip(backend: StateBackend) {
  const first = KEYS.map((key, i) => record(key, i));
  await backend.commit("d", new Map(first.map((r) => [r.key, r])), new Map([["z", "HTTP 422"]]), "sha256:p1");
  expect(await scanAll(backend, "d")).toEqual(codePointOrder(first));
  // Change two, remove two, add one: the next snapshot is the old one with the overlay laid over it.
  const overlay: StateOverlay = new Map<string, StateRecord | null>([
    ["a", record("a", 100)],
    ["\u{1F600}", null],
    ["9", null],
    ["\uE000", record("\uE000", 101)],
    ["new", record("new", 102)],
  ]);
  const expected = codePointOrder([
    ...first.filter((r) => !overlay.has(r.key)),
    ...[...overlay.values()].filter((r): r is StateRecord => r !== null),
  ]);
  expect(await scanAll(backend, "d", overlay)).toEqual(expected);
  await backend.commit("d", overlay, new Map(), "sha256:p2");
  expect(await scanAll(backend, "d")).toEqual(expected);
  const loaded = await backend.load("d");
  expect([...loaded.records.values()].map(plain).sort((a, b) => compareCodePoints(a.key, b.key))).toEqual(expected);
  const head = await backend.head("d");
  expect([head.point, head.lastPlan, head.failed.size, head.pending.length]).toEqual([
    { serial: 2, journal: 0 },
    "sha256:p2",
    0,
    0,
  ]);
}

describe("local state, streamed", () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "segform-streamed-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("scans in code point order and commits the snapshot merged with an overlay, keys with escapes included", async () => {
    await roundTrip(new LocalStateBackend(join(dir, "a")));
    const lines = readFileSync(join(dir, "a", "d", "state.jsonl"), "utf8")
      .trim()
      .split("\n");
    // Every line is the record's canonical JSON.
    for (const line of lines.slice(1)) expect(canonicalJson(JSON.parse(line))).toBe(line);
    expect(JSON.parse(lines[0]!)).toMatchObject({ serial: 2, order: "codepoint", plan: "sha256:p2" });
  });

  it("reads an older snapshot written in UTF-16 order", async () => {
    const records = KEYS.map((key, i) => record(key, i)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const header = {
      destination: "d",
      failed: {},
      format: "segform-state",
      journalOffset: 0,
      plan: "sha256:old",
      serial: 4,
      version: 1,
    };
    mkdirSync(join(dir, "old", "d"), { recursive: true });
    writeFileSync(
      join(dir, "old", "d", "state.jsonl"),
      [header, ...records].map((r) => canonicalJson(r) + "\n").join(""),
    );
    const backend = new LocalStateBackend(join(dir, "old"));
    expect(await scanAll(backend, "d")).toEqual(codePointOrder(records));
    await backend.commit("d", new Map(), new Map(), "sha256:new");
    expect(JSON.parse(readFileSync(join(dir, "old", "d", "state.jsonl"), "utf8").split("\n")[0]!)).toMatchObject({
      serial: 5,
      order: "codepoint",
    });
    expect(await scanAll(backend, "d")).toEqual(codePointOrder(records));
  });

  it("refuses a snapshot whose records are out of order", async () => {
    const records = [record("b", 1), record("a", 2)];
    const header = {
      destination: "d",
      failed: {},
      format: "segform-state",
      journalOffset: 0,
      order: "codepoint",
      plan: null,
      serial: 1,
      version: 1,
    };
    mkdirSync(join(dir, "bad", "d"), { recursive: true });
    writeFileSync(
      join(dir, "bad", "d", "state.jsonl"),
      [header, ...records].map((r) => canonicalJson(r) + "\n").join(""),
    );
    await expect(scanAll(new LocalStateBackend(join(dir, "bad")), "d")).rejects.toThrow(/SEG409|is damaged/);
  });
});

describe.skipIf(!url)("PostgreSQL state, streamed", () => {
  const schema = `segform_streamed_${process.pid}`;
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: url! });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  });

  it('scans in code point order (COLLATE "C") and commits only the changes', async () => {
    const backend = new PostgresStateBackend(
      `${url}${url!.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    );
    try {
      await roundTrip(backend);
    } finally {
      await backend.close();
    }
  });
});

describe("the streamed planner", () => {
  it("gives the actions the in-memory planner gives", () => {
    const state = KEYS.map((key, i) => record(key, i));
    const desired: DesiredRecord[] = [
      ...KEYS.slice(0, 6).map((key, i) => ({
        key,
        values: (i % 2 ? { Segment: `s${i}`, Score: i } : { Segment: "moved" }) as Record<string, FieldValue>,
        segment: "s",
        tier: null,
      })),
      { key: "fresh", values: { Segment: "x" }, segment: "x", tier: null },
    ];
    const input = {
      name: "out",
      type: "file",
      settings: { mode: "mirror" },
      definitions: "sha256:d",
      whereabouts: new Map(),
    };
    const whole = planDestination({
      ...input,
      desired: new Map(desired.map((r) => [r.key, r])),
      state: {
        point: { serial: 2, journal: 0 },
        records: new Map(state.map((r) => [r.key, r])),
        failed: new Map([["z", "HTTP 422"]]),
      },
    });
    const planner = new DestinationPlanner({
      ...input,
      desired: [...desired].sort((a, b) => compareCodePoints(a.key, b.key)),
      point: { serial: 2, journal: 0 },
      failed: new Map([["z", "HTTP 422"]]),
    });
    for (const held of codePointOrder(state)) planner.held(held);
    const streamed = planner.finish();
    expect(streamed).toEqual(whole);
    // Odd positions keep their values (unchanged), even ones change; the rest of the state leaves (mirror).
    expect(streamed.actions.map((a) => [a.action, a.key])).toEqual([
      ["remove", "z"],
      ["remove", "10"],
      ["remove", "9"],
      ["update", 'a"quote'],
      ["update", "b"],
      ["remove", "back\\slash"],
      ["create", "fresh"],
      ["remove", "ä"],
      ["update", "\u{1F600}"],
    ]);
  });
});

describe("the plan file", () => {
  const destination = planDestination({
    name: "out",
    type: "file",
    settings: { path: "out/a.csv", mode: "mirror", max_changes: "100%" },
    definitions: "sha256:d",
    desired: new Map(
      KEYS.slice(0, 5).map((key, i) => [
        key,
        { key, values: { Segment: `s${i}`, 'we"ird': true, n: 1.5 }, segment: "s", tier: null },
      ]),
    ),
    state: {
      point: { serial: 1, journal: 0 },
      records: new Map([
        ["z", record("z", 1)],
        ["a", record("a", 2)],
      ]),
      failed: new Map([["a", "HTTP 400"]]),
    },
    whereabouts: new Map(),
  });
  const plan = withDeployHash({
    format: DEPLOY_PLAN_FORMAT,
    version: DEPLOY_PLAN_VERSION,
    project: "p",
    definitions: "sha256:d",
    data: "sha256:x",
    asOf: "2026-12-01",
    root: ".",
    destinations: [destination],
    skipped: [{ name: "crm", type: "hubspot", reason: "not set up" }],
  });

  it("is JSONL: the header, one canonical line per action, the trailer; the hash is over the canonical plan", () => {
    const { hash: _hash, ...rest } = plan;
    expect(canonicalPlanJson(rest)).toBe(canonicalJson(rest));
    expect(plan.hash).toBe("sha256:" + sha256(canonicalJson(rest)));
    const { actions, ...shell } = destination;
    expect(serializeDeployPlan(plan)).toBe(
      [
        canonicalJson({ ...plan, destinations: [shell] }),
        ...actions.map((action) => canonicalJson(action)),
        `{"actions":6,"end":"segform-deploy-plan","hash":"${plan.hash}"}`,
        "",
      ].join("\n"),
    );
    expect(plan.hash).toBe("sha256:9b62a317eed356042949635b5bcfb720b2d3e6e8b1377dc8f09a6e0a912e2123");
  });

  const empty = {
    ...destination,
    name: "empty",
    actions: [],
    counts: { create: 0, update: 0, remove: 0, unchanged: 0 },
  };
  const three = withDeployHash({
    ...plan,
    destinations: [empty, destination, empty, { ...destination, name: "again" }, empty],
  });

  it("reads back what it wrote, destinations with no actions included", () => {
    expect(parseDeployPlan(serializeDeployPlan(plan), "a.plan")).toEqual(plan);
    expect(parseDeployPlan(serializeDeployPlan(three), "a.plan")).toEqual(three);
  });

  it("refuses an edited action line or header, a truncated file, an old single-JSON file, lines moved between destinations", () => {
    const text = serializeDeployPlan(three);
    const refused = (text: string) => {
      try {
        parseDeployPlan(text, "a.plan");
      } catch (error) {
        return `${(error as { code: string }).code}: ${(error as Error).message}`;
      }
      return "accepted";
    };
    const lines = text.split("\n");
    expect(refused(text.replace('"Segment":"s1"', '"Segment":"s9"'))).toBe(
      "SEG424: a.plan was edited or damaged after segform wrote it (it does not match its hash)",
    );
    expect(refused(text.replace('"stateRecords":2', '"stateRecords":3'))).toBe(
      "SEG424: a.plan was edited or damaged after segform wrote it (it does not match its hash)",
    );
    expect(refused(lines.slice(0, -2).join("\n") + "\n")).toBe(
      "SEG423: a.plan is truncated: it ends before the trailer segform writes as its last line",
    );
    expect(refused(text.slice(0, -1))).toBe(
      "SEG423: a.plan is truncated: it ends before the trailer segform writes as its last line",
    );
    expect(refused([...lines.slice(0, 3), ...lines.slice(4)].join("\n"))).toBe(
      "SEG424: a.plan was edited or damaged after segform wrote it (11 action lines, the header counts 12 and the trailer 12)",
    );
    // The same lines, the first action moved to the end: every line intact, the order is not.
    expect(refused([lines[0], ...lines.slice(2, 13), lines[1], ...lines.slice(13)].join("\n"))).toBe(
      "SEG424: a.plan was edited or damaged after segform wrote it (it does not match its hash)",
    );
    expect(refused(text + text.split("\n").at(-2) + "\n")).toBe(
      "SEG424: a.plan was edited or damaged after segform wrote it (lines after the trailer)",
    );
    expect(refused(canonicalJson({ ...plan, version: 1 }) + "\n")).toBe(
      `SEG422: a.plan is a single-JSON deploy plan written by an earlier segform; this segform reads JSONL plan files (version ${DEPLOY_PLAN_VERSION})`,
    );
  });

  it("reads a checked file's actions lazily, a batch at a time (a large plan is never held whole)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-planfile-"));
    try {
      const many = Array.from({ length: 20_000 }, (_, i) => ({
        ...destination.actions[1]!,
        key: `k${String(i).padStart(6, "0")}`,
        id: sha256(String(i)).slice(0, 32),
      }));
      const big = withDeployHash({
        ...plan,
        destinations: [
          empty,
          { ...destination, actions: many, counts: { create: 20_000, update: 0, remove: 0, unchanged: 0 } },
        ],
      });
      const path = join(dir, "big.plan");
      writeFileSync(path, serializeDeployPlan(big));
      const size = readFileSync(path).length;
      expect(size).toBeGreaterThan(4_000_000);
      const file = await openDeployPlanFile(path);
      expect(file.plan.hash).toBe(big.hash);
      expect(file.plan.destinations.map((d) => d.actions.length)).toEqual([0, 0]);
      const header = { ...file.plan, destinations: file.plan.destinations.map(({ actions: _a, ...d }) => d) };
      const reader = new LineReader(path);
      const batches = readActions(path, header, 1, 100, reader);
      const first = await batches.next();
      expect(first.value).toEqual(many.slice(0, 100));
      // One 64 KiB chunk read so far, of a file of more than 4 MB.
      expect(reader.bytesRead).toBe(65_536);
      const second = await batches.next();
      expect(second.value).toEqual(many.slice(100, 200));
      expect(reader.bytesRead).toBeLessThanOrEqual(2 * 65_536);
      let count = 200;
      const sizes = new Set<number>();
      for await (const batch of batches) {
        expect(batch).toEqual(many.slice(count, count + batch.length));
        count += batch.length;
        sizes.add(batch.length);
      }
      expect([count, [...sizes]]).toEqual([20_000, [100]]);
      let none = 0;
      for await (const batch of file.actions(0)) none += batch.length;
      expect(none).toBe(0);
      // Rewritten after the check (the same bytes, a new modification time): refused, not read again on trust.
      utimesSync(path, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"));
      expect(() => file.actions(1)).toThrow(
        `${path} was edited or damaged after segform wrote it (it changed after it was checked)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
