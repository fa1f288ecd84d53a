import { createHash, randomUUID } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { dirname, join, relative } from "node:path";
import {
  ADAPTERS,
  buildDeployPlanFromState,
  DeployError,
  buildStreamedPlan,
  DesiredRecords,
  detectDrift,
  type LabelledAccount,
  RUN_LIMIT,
  SortedAccounts,
  type StreamedPlan,
  type DriftReport,
  type FieldValue,
  LocalStateBackend,
  PostgresStateBackend,
  selectDestinations,
  SettingError,
  type Adapter,
  type DeployPlan,
  type DestinationPlan,
  type LockInfo,
  type StateBackend,
} from "@segform/deploy";
import { resolveAsOf } from "./asof.js";
import type { ResolvedSpec } from "@segform/compiler";
import type { Plan } from "@segform/plan";
import { CliError, EXIT, LocatedError } from "./errors.js";
import { compileOrExit } from "./project.js";
import { contactsPath, dataPath, IssueReporter } from "./commands/run.js";
import { openEvaluated, type EngineOptions } from "./commands/run-engines.js";
import { io } from "./io.js";
import { checkMembershipTemplates, fileHash, readMembership } from "./deploy-membership.js";
import { envelope } from "./envelope.js";

/** Shared by `segform plan`, `apply`, `state` and `force-unlock`: state location, planning, errors. */

/** The default state directory: `.segform/state` beside the definitions. */
export function defaultStateDir(root: string): string {
  return join(root, ".segform", "state");
}

/** The state backend `--state` names (a directory, the default), or the default one beside the definitions. */
export async function openState(option: string | undefined, root: string): Promise<StateBackend> {
  if (option && /^postgres(ql)?:\/\//i.test(option)) return new PostgresStateBackend(option);
  return new LocalStateBackend(option ?? defaultStateDir(root));
}

export function lockInfo(command: string): LockInfo {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // no user name (some containers)
  }
  return {
    id: randomUUID(),
    owner: `${user}@${hostname()}`,
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command,
  };
}

/** A deploy error as the CLI's: its code in the message, its exit code. */
export function cliDeployError(error: unknown): unknown {
  if (error instanceof DeployError) return new CliError(error.exitCode, `${error.code}: ${error.message}`, error.hint);
  if (error instanceof SettingError) return new CliError(EXIT.input, `${error.code}: ${error.message}`, error.hint);
  return error;
}

export async function withDeployErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw cliDeployError(error);
  }
}

export interface PlanOptions extends EngineOptions {
  data?: string;
  asOf?: string;
  destination?: string[];
  state?: string;
  strict?: boolean;
  inputFormat?: string;
  /** Plan from this membership (`segform run --out FILE`) instead of labelling the account data again. */
  membership?: string;
  /** Plan from a membership whose sidecar names other definitions or another file (warnings instead of SEG417/418). */
  allowMembershipMismatch?: boolean;
}

/** The definitions' directory relative to the working directory ("." for here). */
export function rootOf(file: string): string {
  return relative(".", dirname(file)) || ".";
}

/** Where planning puts the labelled accounts: `DesiredRecords` (in memory) or `SortedAccounts` (bounded). */
interface AccountSink {
  add(account: LabelledAccount): void;
  /** Waits for work the adds started (a sorted run being written). */
  flush?(): Promise<void>;
}

/**
 * Plans a deploy: compiles the definitions, labels the accounts with the JS engine (the path `segform run` takes),
 * derives each destination's desired records and diffs them with the stored state. Skipped destinations are
 * reported on stderr.
 */
export async function planDeploy(
  file: string,
  options: PlanOptions,
): Promise<{ plan: DeployPlan; backend: StateBackend; resolved: ResolvedSpec }> {
  const labelled = await labelAccounts(file, options, (definitions, names) => new DesiredRecords(definitions, names));
  const { definitions, sink: desired, selected, skipped, backend, data, asOf, root } = labelled;
  return {
    plan: await buildDeployPlanFromState({ definitions, desired, selected, skipped, backend, data, asOf, root }),
    backend,
    resolved: labelled.resolved,
  };
}

/**
 * `planDeploy` with bounded memory (`segform plan`): the accounts are sorted by key in runs spilled to the system's
 * temporary directory, and each action is written to a temporary file as it is decided (`buildStreamedPlan`). The
 * caller writes the plan file from it and closes it (its temporary files are removed).
 */
export async function planDeployStreamed(
  file: string,
  options: PlanOptions,
): Promise<{ streamed: StreamedPlan; backend: StateBackend; resolved: ResolvedSpec }> {
  let accounts: SortedAccounts | undefined;
  try {
    const labelled = await labelAccounts(
      file,
      options,
      (definitions, names) => (accounts = new SortedAccounts(definitions, names, runLimit())),
    );
    const { definitions, selected, skipped, backend, data, asOf, root } = labelled;
    await accounts!.finish();
    const streamed = await buildStreamedPlan({
      definitions,
      accounts: accounts!,
      selected,
      skipped,
      backend,
      data,
      asOf,
      root,
    });
    return { streamed, backend, resolved: labelled.resolved };
  } finally {
    await accounts?.close();
  }
}

/** Accounts held in memory per sorted run: `SEGFORM_PLAN_RUN` (tests make runs small), else `RUN_LIMIT`. */
function runLimit(): number {
  const value = Number(process.env.SEGFORM_PLAN_RUN);
  return Number.isSafeInteger(value) && value > 0 ? value : RUN_LIMIT;
}

/** Compiles, selects the destinations and puts every labelled account (or membership row) into a sink. */
async function labelAccounts<S extends AccountSink>(
  file: string,
  options: PlanOptions,
  makeSink: (definitions: Plan, destinations: string[]) => S,
) {
  const compiled = compileOrExit(file);
  const definitions = compiled.plan;
  const asOf = resolveAsOf(options.asOf, compiled.resolved);
  const root = rootOf(file);
  const { selected, skipped } = locatingDeployErrors(compiled.resolved, () =>
    selectDestinations(definitions, options.destination ?? []),
  );
  for (const skip of skipped) {
    const where = destinationLocation(compiled.resolved, skip.name);
    envelope()?.push({
      code: skip.code ?? "SEG400",
      severity: "warning",
      message: `destination ${skip.name} skipped: ${skip.reason}`,
      file: where?.file ?? null,
      line: where?.line ?? null,
      column: where?.column ?? null,
      hint: null,
    });
    io().stderr.write(
      `${where ? `${where.file}:${where.line}:${where.column}: ` : ""}warning ${skip.code ?? "SEG400"}: destination ${skip.name} skipped: ${skip.reason}\n`,
    );
  }
  const backend = await openState(options.state, root);
  const sink = makeSink(
    definitions,
    selected.map((destination) => destination.name),
  );
  let data = "";
  if (options.membership !== undefined) {
    if (options.data !== undefined)
      throw new CliError(
        EXIT.usage,
        "--membership and --data cannot be combined",
        "a membership is already labelled: pass one of them",
      );
    if (options.engine !== undefined && options.engine !== "js")
      throw new CliError(
        EXIT.usage,
        "--membership and --engine cannot be combined",
        "a membership is already labelled: drop --engine",
      );
    if (selected.length) {
      checkMembershipTemplates(
        definitions,
        compiled.resolved,
        selected.map((destination) => destination.name),
      );
      data = await readMembership(options.membership, definitions, sink, options.allowMembershipMismatch);
    }
  } else if (selected.length) {
    const reporter = new IssueReporter();
    const sources = {
      data: () => dataPath(compiled, options.data),
      contacts: () => contactsPath(compiled, options.contacts),
    };
    const { accounts } = await openEvaluated(definitions, asOf, options, sources, {
      asOf,
      strict: options.strict,
      onIssue: reporter.report,
      format: options.inputFormat,
    });
    // What the plan was computed from: the data file's hash, or (a table has no file) a hash of every account's
    // labels and values as the database returned them.
    const rows = options.engine === "postgres" ? createHash("sha256") : undefined;
    let added = 0;
    for await (const { result, prepared } of accounts) {
      sink.add({ result, prepared });
      rows?.update(JSON.stringify([result, prepared.values]) + "\n");
      if (sink.flush && ++added % 4096 === 0) await sink.flush();
    }
    reporter.summary();
    data = rows ? "sha256:" + rows.digest("hex") : await fileHash(sources.data());
  }
  return { definitions, resolved: compiled.resolved, sink, selected, skipped, backend, data, asOf, root };
}

/**
 * Reads back what each selected destination holds (those that can be read: file, postgres) and compares it with
 * the state. Destinations that cannot be read are listed.
 */
export async function refreshDeploy(
  file: string,
  options: PlanOptions,
): Promise<{
  reports: DriftReport[];
  unreadable: string[];
  backend: StateBackend;
  found: Map<string, Map<string, Record<string, FieldValue>>>;
}> {
  const compiled = compileOrExit(file);
  const root = rootOf(file);
  const { selected } = locatingDeployErrors(compiled.resolved, () =>
    selectDestinations(compiled.plan, options.destination ?? []),
  );
  const backend = await openState(options.state, root);
  const reports: DriftReport[] = [];
  const unreadable: string[] = [];
  const found = new Map<string, Map<string, Record<string, FieldValue>>>();
  for (const destination of selected) {
    const state = await backend.load(destination.name);
    const adapter = await ADAPTERS[destination.type]!.open({
      destination: destination.name,
      settings: destination.settings,
      env: process.env,
      root,
      serial: state.point.serial + 1,
      plan: "refresh-only",
    }).catch((error: unknown) => {
      throw locateDeployError(error, compiled.resolved);
    });
    try {
      if (!adapter.read) {
        unreadable.push(destination.name);
        continue;
      }
      const held = await adapter.read(state.records);
      found.set(destination.name, held);
      reports.push(detectDrift(destination.name, state.records, held, adapter.notes?.()));
    } finally {
      await adapter.close();
    }
  }
  return { reports, unreadable, backend, found };
}

/** Opens a planned destination's adapter (secrets resolved from the environment here, never earlier). */
export function adapterOpener(plan: DeployPlan): (destination: DestinationPlan, serial: number) => Promise<Adapter> {
  return (destination, serial) => {
    const type = ADAPTERS[destination.type];
    if (!type)
      throw new DeployError(
        "SEG400",
        `destination ${destination.name}: type ${destination.type} has no deploy adapter`,
        undefined,
        2,
      );
    return type.open({
      destination: destination.name,
      settings: destination.settings,
      env: process.env,
      root: plan.root,
      serial,
      plan: plan.hash,
    });
  };
}

/** Seconds as milliseconds, for `--lock-timeout` and friends. */
export function secondsOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new CliError(EXIT.usage, `invalid ${name} "${value}"`, `give a number of seconds, e.g. ${name} 30`);
  return seconds * 1000;
}

/** Where a destination is declared (its name), when the definitions declare it. */
function destinationLocation(resolved: ResolvedSpec, name: string) {
  const entry = resolved.destinations.get(name);
  return entry ? entry.at.doc.locate(entry.at.path, "key") : undefined;
}

/**
 * A deploy error about one destination (`destination NAME: ...`, exit 2: a setting missing or refused, an
 * environment variable unset, a type without adapter) as a located diagnostic: at the setting it names when the
 * definitions hold it, else at the destination's name.
 */
export function locateDeployError(error: unknown, resolved: ResolvedSpec): unknown {
  const code =
    error instanceof DeployError
      ? error.exitCode === 2
        ? error.code
        : undefined
      : error instanceof SettingError
        ? error.code
        : undefined;
  if (code === undefined) return error;
  const { message, hint } = error as DeployError | SettingError;
  const names = [...resolved.destinations.keys()]
    .filter((name) => message.startsWith(`destination ${name}: `) || message.startsWith(`destination ${name} (type `))
    .sort((a, b) => b.length - a.length);
  const entry = names.length ? resolved.destinations.get(names[0]!)! : undefined;
  if (!entry) return error;
  const rest = message.slice(message.indexOf(": ") + 2);
  const setting = /^([a-z_]+)(?=[ :])/.exec(rest)?.[1];
  const spec = entry.value as unknown as Record<string, unknown> & { options?: Record<string, unknown> };
  const path =
    setting === undefined
      ? undefined
      : setting in spec
        ? [setting]
        : spec.options && setting in spec.options
          ? ["options", setting]
          : undefined;
  const location = entry.at.doc.locate(path ? [...entry.at.path, ...path] : entry.at.path, path ? "value" : "key");
  return new LocatedError({ code, severity: "error", message, hint, location }, entry.at.doc.text);
}

/** Runs `work`, turning a deploy error about a declared destination into a located one. */
export function locatingDeployErrors<T>(resolved: ResolvedSpec, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw locateDeployError(error, resolved);
  }
}
