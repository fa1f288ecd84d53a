// The bounded-memory plan (accounts sorted in runs spilled to disk, actions written as they are decided) gives the
// bytes the in-memory plan gives: the same plan file, hash and views, for accounts in any order, duplicate keys,
// keys whose UTF-16 order differs from code point order, a failed-record index and removals.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson, type Plan } from "@segform/plan";
import { afterAll, describe, expect, it } from "vitest";
import { applyPlan } from "../src/applier.js";
import { buildDeployPlanFromState, selectDestinations } from "../src/deploy-plan.js";
import { DesiredRecords, type LabelledAccount } from "../src/desired.js";
import { recordHash } from "../src/hash.js";
import type { StateRecord } from "../src/model.js";
import { serializeDeployPlan } from "../src/planfile.js";
import { renderPlanMarkdown, renderPlanText } from "../src/render/text.js";
import { SortedAccounts } from "../src/sorted-accounts.js";
import { LocalStateBackend } from "../src/state/local.js";
import { buildStreamedPlan } from "../src/streamed-plan.js";
import { threeDestinations } from "./definitions.js";

const definitions = (template: string): Plan => threeDestinations("sorted-test", template);

/** A seeded generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_KEYS = ["\u{1F600}", "\uE000", '"quoted', "new\nline", "tab\there", "back\\slash", "ä", "10", "9", "#1"];

/** Accounts in a seeded shuffled order, with duplicates (a later occurrence with other labels) and odd keys. */
function accounts(count: number, seed: number): LabelledAccount[] {
  const rand = random(seed);
  const keys = [...Array.from({ length: count }, (_, i) => `acc-${String(i).padStart(5, "0")}`), ...ODD_KEYS];
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const out: LabelledAccount[] = [];
  for (const key of keys) {
    const kind = Math.floor(rand() * 4);
    const segment = kind === 0 ? "software" : kind === 1 ? "other" : kind === 2 ? "fallback" : null;
    const activations = kind === 0 ? ["c-clear", "a-mirror", "b-keep"] : kind === 1 ? ["a-mirror"] : ([] as string[]);
    const fit = kind === 0 ? 30 : Math.floor(rand() * 3) * 10;
    const account = {
      result: { key, segment, tier: fit >= 30 ? "tier1" : null, scores: [fit], activations },
      prepared: { values: [key, `industry-${Math.floor(rand() * 5)}`] },
    } as unknown as LabelledAccount;
    out.push(account);
    if (rand() < 0.02)
      out.splice(Math.floor(rand() * out.length), 0, {
        ...account,
        result: { ...account.result, segment: "other", activations: ["a-mirror"] },
      } as LabelledAccount);
  }
  return out;
}

/** The first line where two texts differ (both lines), or undefined: a short failure message for large texts. */
function firstDifference(actual: string, expected: string): [number, string, string] | undefined {
  const a = actual.split("\n");
  const b = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return [i + 1, a[i] ?? "", b[i] ?? ""];
  return undefined;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A state per destination from a first plan of other accounts: some kept, some changed, some gone; failed keys. */
async function stateFor(plan: Plan, names: string[]): Promise<LocalStateBackend> {
  const dir = mkdtempSync(join(tmpdir(), "segform-sorted-plan-"));
  dirs.push(dir);
  const backend = new LocalStateBackend(dir);
  const earlier = new DesiredRecords(plan, names);
  for (const account of accounts(1500, 7)) earlier.add(account);
  for (const name of names) {
    const records = new Map<string, StateRecord>();
    let n = 0;
    for (const [key, record] of earlier.records(name)) {
      n++;
      const values = n % 5 === 0 ? { ...record.values, segment: "gone" } : record.values;
      records.set(key, { key, hash: recordHash(values), values, segment: record.segment, tier: record.tier });
    }
    records.set("only-in-state", { key: "only-in-state", hash: recordHash({}), values: {}, segment: null, tier: null });
    const failed = new Map([...records.keys()].filter((_, i) => i % 97 === 3).map((key) => [key, "HTTP 422"]));
    await backend.commit(name, records, failed, "sha256:earlier");
  }
  return backend;
}

async function both(template: string, limit: number) {
  const plan = definitions(template);
  const names = ["m", "u", "c"];
  const backend = await stateFor(plan, names);
  const { selected, skipped } = selectDestinations(plan);
  const input = accounts(2000, 42);
  const common = { definitions: plan, selected, skipped, backend, data: "sha256:data", asOf: "2026-11-01", root: "." };

  const desired = new DesiredRecords(plan, names);
  for (const account of input) desired.add(account);
  const expected = await buildDeployPlanFromState({ ...common, desired });

  const sorted = new SortedAccounts(plan, names, limit);
  let most = 0;
  let tempDir: string | undefined;
  for (let i = 0; i < input.length; i++) {
    sorted.add(input[i]!);
    if (i % 50 === 49) await sorted.flush();
    most = Math.max(most, sorted.inMemory);
    tempDir ??= sorted.tempDir;
  }
  await sorted.finish();
  const streamed = await buildStreamedPlan({ ...common, accounts: sorted });
  let text = "";
  await streamed.write({ write: async (chunk) => void (text += chunk) });
  const listed = [];
  for (let d = 0; d < names.length; d++) for await (const action of streamed.actions(d)) listed.push(action);
  await streamed.close();
  await sorted.close();
  return { expected, streamed, text, listed, most, spilled: sorted.spilled, tempDir };
}

describe("plan with bounded memory", () => {
  for (const [title, template] of [
    ["values shared by groups of accounts", ""],
    ["values of each account's own (a template reads a field)", ', name: "{{ account.industry }}"'],
  ] as const) {
    it(`gives the in-memory plan's bytes, hash and views: ${title}`, async () => {
      const { expected, streamed, text, listed, most, spilled, tempDir } = await both(template, 100);
      expect(firstDifference(text, serializeDeployPlan(expected))).toBeUndefined();
      expect(text).toBe(serializeDeployPlan(expected));
      expect(streamed.plan.hash).toBe(expected.hash);
      expect(renderPlanText(streamed.plan, streamed.retried)).toBe(renderPlanText(expected));
      expect(renderPlanMarkdown(streamed.plan)).toBe(renderPlanMarkdown(expected));
      expect(canonicalJson(listed)).toBe(canonicalJson(expected.destinations.flatMap((d) => d.actions)));
      // The plan has every kind of action, retried ones first, and the accounts went to disk in runs of 100.
      const counts = expected.destinations.map((d) => d.counts);
      expect(counts.every((c) => c.create > 0 && c.update > 0 && c.unchanged > 0)).toBe(true);
      expect(counts[0]!.remove).toBeGreaterThan(0);
      const retried = expected.destinations.map((d) => d.actions.filter((action) => action.retry).length);
      expect([...streamed.retried.values()]).toEqual(retried);
      expect(retried[0]! * retried[1]!).toBeGreaterThan(0);
      expect(spilled).toBeGreaterThanOrEqual(20);
      expect(most).toBeLessThanOrEqual(150);
      expect(tempDir && existsSync(tempDir)).toBe(false);
    });
  }

  it("holds everything in memory (no run written) below the limit, with the same bytes", async () => {
    const { expected, text, spilled, tempDir } = await both("", 1_000_000);
    expect(firstDifference(text, serializeDeployPlan(expected))).toBeUndefined();
    expect(text).toBe(serializeDeployPlan(expected));
    expect(spilled).toBe(0);
    expect(tempDir).toBeUndefined();
  });
});

describe("apply --dry-run's list", () => {
  it("keeps the first dryRunListed operations per destination and counts them all", async () => {
    const plan = definitions("");
    const names = ["m", "u", "c"];
    const backend = await stateFor(plan, names);
    const { selected, skipped } = selectDestinations(plan);
    const desired = new DesiredRecords(plan, names);
    for (const account of accounts(2000, 42)) desired.add(account);
    const common = {
      definitions: plan,
      selected,
      skipped,
      backend,
      data: "sha256:data",
      asOf: "2026-11-01",
      root: ".",
    };
    const planned = await buildDeployPlanFromState({ ...common, desired });
    const options = {
      backend,
      open: () => Promise.reject(new Error("a dry run opens no adapter")),
      allowMassChange: names,
      dryRun: true,
      lock: { id: "l", owner: "t", pid: process.pid, host: "h", startedAt: "2026-12-04T00:00:00Z", command: "t" },
      run: "r",
    };
    const all = await applyPlan(planned, options);
    const listed = await applyPlan(planned, { ...options, dryRunListed: 3 });
    for (const [d, destination] of planned.destinations.entries()) {
      const count = destination.counts.create + destination.counts.update + destination.counts.remove;
      expect(count).toBeGreaterThan(3);
      expect(all.destinations[d]!.planned).toBe(count);
      expect(all.destinations[d]!.wouldSend!.length).toBe(count);
      expect(listed.destinations[d]!.planned).toBe(count);
      expect(listed.destinations[d]!.wouldSend).toEqual(all.destinations[d]!.wouldSend!.slice(0, 3));
    }
  });
});
