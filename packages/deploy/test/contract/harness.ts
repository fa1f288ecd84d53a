import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADAPTERS } from "../../src/adapters/index.js";
import { applyPlan, type ApplyOptions } from "../../src/applier.js";
import type { JournalEntry } from "../../src/journal.js";
import {
  DEPLOY_PLAN_FORMAT,
  DEPLOY_PLAN_VERSION,
  type DeployPlan,
  type DesiredRecord,
  type FieldValue,
} from "../../src/model.js";
import { serializeDeployPlan, withDeployHash } from "../../src/planfile.js";
import { planDestination } from "../../src/planner.js";
import { LocalStateBackend } from "../../src/state/local.js";
import type { ContractServer } from "./server.js";

/** The applier with one SaaS adapter against its contract server: plan, apply, read back, and every file written. */
/** The client timeout of the fault storms: their slow answers (700 ms) must go past it. */
export const FAULT_TIMEOUT_MS = 400;

export async function harness<S extends ContractServer>(
  type: string,
  name: string,
  server: S,
  settings: Record<string, FieldValue>,
  env: Record<string, string>,
  cleanup: (() => Promise<void> | void)[],
) {
  await server.start();
  const dir = mkdtempSync(join(tmpdir(), `segform-${type}-`));
  cleanup.push(
    () => server.stop(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  const backend = () => new LocalStateBackend(join(dir, "state"));
  const fullEnv = { ...env, [`${name.toUpperCase()}_URL`]: server.url };
  const allSettings: Record<string, FieldValue> = { url: `\${env:${name.toUpperCase()}_URL}`, ...settings };
  const waits: number[] = [];
  const plans: string[] = [];
  const plan = async (records: DesiredRecord[], extra: Record<string, FieldValue> = {}): Promise<DeployPlan> => {
    const state = await backend().load(name);
    const destination = planDestination({
      name,
      type,
      settings: { ...allSettings, ...extra },
      definitions: "sha256:defs",
      desired: new Map(records.map((r) => [r.key, r])),
      state,
      whereabouts: new Map(),
    });
    const deployPlan = withDeployHash({
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
    plans.push(serializeDeployPlan(deployPlan));
    return deployPlan;
  };
  const open = (destination: { name: string; settings: Record<string, FieldValue> }, serial: number) =>
    ADAPTERS[type]!.open({
      destination: destination.name,
      settings: destination.settings,
      env: fullEnv,
      root: dir,
      serial,
      plan: "sha256:plan",
    });
  const options = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
    backend: backend(),
    open,
    lock: { id: "lock-1", owner: "test", pid: process.pid, host: "here", startedAt: "now", command: "test" },
    run: "run-1",
    // Generous: a loaded CI machine must not turn a normal answer into a timeout and a retry (an extra request
    // that the round trips' exact request counts would see). Fault storms pass FAULT_TIMEOUT_MS.
    timeoutMs: 10_000,
    retry: { attempts: 6, baseMs: 20, maxMs: 1000, budgetMs: 60_000 },
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    ...extra,
  });
  const apply = async (
    records: DesiredRecord[],
    extra: Partial<ApplyOptions> = {},
    settingsExtra: Record<string, FieldValue> = {},
  ) => applyPlan(await plan(records, settingsExtra), options({ allowMassChange: [name], ...extra }));
  const read = async () => {
    const state = await backend().load(name);
    const adapter = await open({ name, settings: allSettings }, state.point.serial + 1);
    try {
      return { state: state.records, found: await adapter.read!(state.records) };
    } finally {
      await adapter.close();
    }
  };
  const journal = () =>
    readFileSync(join(dir, `state/${name}/journal.jsonl`), "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as JournalEntry);
  /** Every file under the temporary directory (state, journal, snapshots) and every plan file, as text. */
  const written = () => [...files(dir).map((path) => readFileSync(path, "utf8")), ...plans];
  return { server, dir, plan, options, apply, read, waits, journal, backend, written, env: fullEnv };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** n accounts `acc-000`.. with a segment, a tier and an audience per segment. */
export function accounts(n: number, segment = "fintech", audience: string | null = "Fintech ABM"): DesiredRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `acc-${String(i).padStart(3, "0")}`,
    values: { segment, tier: i % 3 === 0 ? "tier1" : "tier2", ...(audience ? { audience } : {}) },
    segment,
    tier: null,
  }));
}
