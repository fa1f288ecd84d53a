import {
  AuthenticationError,
  BatchRejectedError,
  DestinationGoneError,
  TransientError,
  type Adapter,
  type Operation,
  type OperationResult,
  type PendingResult,
} from "./adapters/adapter.js";
import { DeployError } from "./errors.js";
import { overlayOf, replayOver, type JournalEntry, type JournalResult, type StateOverlay } from "./journal.js";
import type { Action, DeployPlan, DestinationPlan } from "./model.js";
import type { LockInfo, StateBackend, StateHead } from "./state/backend.js";

export interface RetryPolicy {
  /** Attempts per batch, the first included. */
  attempts: number;
  /** First backoff; doubles per attempt, with full jitter. */
  baseMs: number;
  maxMs: number;
  /** Total time one run may spend waiting to retry. */
  budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 250, maxMs: 15_000, budgetMs: 300_000 };

export interface ApplyOptions {
  backend: StateBackend;
  /** Opens the adapter of a destination (`serial`: the state serial this apply produces). */
  open(destination: DestinationPlan, serial: number): Promise<Adapter>;
  /** Destinations allowed past the mass-change guard. */
  allowMassChange?: readonly string[];
  /** Sends nothing, takes no lock: reports what would be sent. */
  dryRun?: boolean;
  /**
   * Dry run: list at most this many operations per destination in `wouldSend` (`planned` still counts them all), so
   * a view that shows the first few holds no more; every one by default.
   */
  dryRunListed?: number;
  lock: LockInfo;
  lockTimeoutMs?: number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  run: string;
  onProgress?(event: ProgressEvent): void;
  /**
   * A destination's actions in plan order, a batch at a time (`segform apply PLANFILE` reads them from the file as
   * they are needed). Default: the plan's `actions` arrays. May be iterated more than once.
   */
  actions?(destination: DestinationPlan, index: number): AsyncIterable<Action[]>;
  sleep?(ms: number): Promise<void>;
  random?(): number;
}

export interface ProgressEvent {
  destination: string;
  done: number;
  total: number;
}

export interface DestinationSummary {
  name: string;
  /** Nothing to do: this plan was applied already. */
  alreadyApplied: boolean;
  /** Actions left to send (after those a resumed apply finds done). */
  planned: number;
  /** Done by an earlier, interrupted apply of this plan. */
  resumed: number;
  acknowledged: number;
  rejected: { key: string; reason: string }[];
  deferred: { key: string; reason: string }[];
  /** The destination refused everything from now on (HTTP 410, or 401: see `unauthorized`). */
  disabled?: string;
  /** Disabled because the destination refused the token (HTTP 401). */
  unauthorized?: true;
  /** Dry run: what would be sent (the first `dryRunListed` of them when that is set). */
  wouldSend?: Operation[];
}

export interface ApplySummary {
  plan: string;
  dryRun: boolean;
  destinations: DestinationSummary[];
}

/** Refuses a plan over a mass-change limit unless `--allow-mass-change` names the destination (exit 1). */
export function checkGuards(plan: DeployPlan, allowed: readonly string[]): void {
  for (const destination of plan.destinations) {
    if (destination.guard.exceeded.length && !allowed.includes(destination.name)) {
      throw new DeployError(
        "SEG405",
        `destination ${destination.name}: ${destination.guard.exceeded.join("; ")}`,
        `review the plan; if the change is intended, apply with --allow-mass-change ${destination.name}`,
        1,
      );
    }
  }
}

/**
 * Where the state stands for one destination of the plan: fresh (nothing since planning), resumed (only this
 * plan's own batches since planning), already applied, or stale (anything else: exit 1).
 */
export function checkFresh(
  plan: DeployPlan,
  destination: DestinationPlan,
  state: StateHead,
): "fresh" | "already-applied" {
  const { serial, journal } = destination.state;
  if (state.point.serial === serial + 1 && state.lastPlan === plan.hash && state.pending.length === 0)
    return "already-applied";
  const ownSince =
    state.pending.length >= journal && state.pending.slice(journal).every((entry) => entry.plan === plan.hash);
  if (state.point.serial !== serial || !ownSince) {
    throw new DeployError(
      "SEG403",
      `the plan is stale: the state of destination ${destination.name} changed since it was planned (serial ${serial} then, ${state.point.serial} now${state.pending.length !== journal ? `, ${state.pending.length - journal} journal entries since` : ""})`,
      "run segform plan again and apply the new plan",
      1,
    );
  }
  return "fresh";
}

/**
 * The records the journal entries after the snapshot changed (and the failed-record index they leave): an
 * interrupted apply of this plan is all there, so the snapshot itself need not be read to resume.
 */
function pendingOverlay(state: StateHead): { overlay: StateOverlay; failed: Map<string, string> } {
  // `state.failed` has the pending entries replayed already.
  return { overlay: overlayOf(state.pending), failed: new Map(state.failed) };
}

/**
 * An action a resumed apply finds done already. The plan was computed against the snapshot and the entries
 * present then, where the action was not yet done; only this plan's own entries since can have done it.
 */
function isDone(action: Action, overlay: StateOverlay): boolean {
  if (!overlay.has(action.key)) return false;
  const held = overlay.get(action.key);
  if (action.action === "remove") return held === null;
  return held?.hash === action.hash;
}

/** The action behind each operation in flight (held no longer than the operation itself). */
const actionOf = new WeakMap<Operation, Action>();

function operation(action: Action): Operation {
  const op: Operation = {
    id: action.id,
    key: action.key,
    action: action.action,
    effect: action.effect,
    values: action.values,
    previous: action.previous,
  };
  actionOf.set(op, action);
  return op;
}

/** The plan's own actions, a batch at a time. */
async function* inMemory(destination: DestinationPlan): AsyncGenerator<Action[]> {
  for (let start = 0; start < destination.actions.length; start += 1000)
    yield destination.actions.slice(start, start + 1000);
}

/** Groups the actions that pass `keep` into arrays of `size` (the last may be shorter). */
async function* chunked(source: AsyncIterable<Action[]>, keep: (action: Action) => boolean, size: number) {
  let chunk: Action[] = [];
  for await (const batch of source)
    for (const action of batch) {
      if (!keep(action)) continue;
      chunk.push(action);
      if (chunk.length >= size) yield chunk, (chunk = []);
    }
  if (chunk.length) yield chunk;
}

/** Deferred records journaled per entry when a destination is disabled (one entry for a plan of up to this many). */
const DEFERRED_PER_ENTRY = 10_000;

/**
 * Applies a deploy plan: checks the guards, takes the state lock, refuses a stale plan, sends each destination's
 * remaining actions in batches through its adapter, journals every batch (durably) before the state advances,
 * retries transient failures with backoff, jitter and Retry-After within a per-run budget, splits a rejected
 * batch down to the bad records, and compacts the state at the end. Acknowledged records only ever advance state.
 */
export async function applyPlan(plan: DeployPlan, options: ApplyOptions): Promise<ApplySummary> {
  checkGuards(plan, options.allowMassChange ?? []);
  const { backend } = options;
  const source = (destination: DestinationPlan) =>
    options.actions ? options.actions(destination, plan.destinations.indexOf(destination)) : inMemory(destination);
  if (options.dryRun) {
    const destinations: DestinationSummary[] = [];
    for (const destination of plan.destinations) {
      const state = await backend.head(destination.name);
      const status = checkFresh(plan, destination, state);
      const { overlay } = pendingOverlay(state);
      const wouldSend: Operation[] = [];
      const listed = options.dryRunListed ?? Number.POSITIVE_INFINITY;
      let planned = 0;
      let resumed = 0;
      if (status !== "already-applied")
        for await (const batch of source(destination))
          for (const action of batch) {
            if (isDone(action, overlay)) resumed++;
            else if (planned++ < listed) wouldSend.push(operation(action));
          }
      destinations.push({
        ...emptySummary(destination.name, status === "already-applied"),
        planned,
        resumed,
        wouldSend,
      });
    }
    return { plan: plan.hash, dryRun: true, destinations };
  }
  await backend.lock(options.lock, options.lockTimeoutMs ?? 0);
  try {
    const states = new Map<string, StateHead>();
    const statuses = new Map<string, "fresh" | "already-applied">();
    for (const destination of plan.destinations) {
      const state = await backend.head(destination.name);
      statuses.set(destination.name, checkFresh(plan, destination, state));
      states.set(destination.name, state);
    }
    const budget = { spentMs: 0 };
    const destinations: DestinationSummary[] = [];
    for (const destination of plan.destinations) {
      if (statuses.get(destination.name) === "already-applied") {
        destinations.push(emptySummary(destination.name, true));
        continue;
      }
      destinations.push(
        await applyDestination(plan, destination, source, states.get(destination.name)!, options, budget),
      );
    }
    return { plan: plan.hash, dryRun: false, destinations };
  } finally {
    await backend.close();
    await backend.unlock(options.lock.id);
  }
}

function emptySummary(name: string, alreadyApplied: boolean): DestinationSummary {
  return { name, alreadyApplied, planned: 0, resumed: 0, acknowledged: 0, rejected: [], deferred: [] };
}

async function applyDestination(
  plan: DeployPlan,
  destination: DestinationPlan,
  source: (destination: DestinationPlan) => AsyncIterable<Action[]>,
  state: StateHead,
  options: ApplyOptions,
  budget: { spentMs: number },
): Promise<DestinationSummary> {
  // What this apply changes, laid over the stored snapshot at the end (the snapshot is streamed, never loaded).
  const { overlay, failed } = pendingOverlay(state);
  /** What was done when this apply started (`overlay` moves on as batches are journaled). */
  const before = overlayOf(state.pending);
  const remains = (action: Action) => !isDone(action, before);
  // Jobs an interrupted apply of this plan started: polled again, not started again.
  const adapter = await options.open(destination, state.point.serial + 1);
  const jobCapability = adapter.capabilities.jobs;
  const open = jobCapability && adapter.pollJob ? openJobs(state.pending) : [];
  const inOpenJobs = new Set(open.flatMap((job) => job.ops));
  const jobbable = (action: Action) => jobCapability!.removals !== false || action.action !== "remove";
  // What is left to send, the open jobs' actions, and how many could go in new jobs: from the plan's counts when
  // nothing was done yet, else from one pass over the actions (read, not kept).
  const { counts } = destination;
  let planned = counts.create + counts.update + counts.remove;
  let resumed = 0;
  let jobbableCount = jobCapability?.removals === false ? counts.create + counts.update : planned;
  const openActions = new Map<string, Action>();
  if (before.size || open.length) {
    planned = 0;
    jobbableCount = 0;
    for await (const batch of source(destination))
      for (const action of batch) {
        if (!remains(action)) {
          resumed++;
          continue;
        }
        planned++;
        if (inOpenJobs.has(action.id)) openActions.set(action.id, action);
        else if (jobCapability && jobbable(action)) jobbableCount++;
      }
  }
  const summary: DestinationSummary = { ...emptySummary(destination.name, false), planned, resumed };
  let batchNumber = state.pending.length;
  let done = 0;
  /** Operations this run has journaled an answer for. */
  const answered = new Set<string>();
  const journal = async (
    batch: Operation[],
    results: (OperationResult | { status: "deferred"; reason: string })[],
    attempts: number,
    started: number,
    error?: string,
    job?: JournalEntry["job"],
  ) => {
    const entry: JournalEntry = {
      run: options.run,
      plan: plan.hash,
      destination: destination.name,
      batch: batchNumber++,
      attempts,
      ms: Date.now() - started,
      results: batch.map((op, i) => journalResult(actionOf.get(op)!, results[i]!)),
      ...(error ? { error } : {}),
      ...(job ? { job } : {}),
    };
    await options.backend.append(destination.name, entry);
    replayOver(overlay, failed, entry);
    for (const op of batch) answered.add(op.id);
    for (const result of entry.results) {
      if (result.status === "ok") summary.acknowledged++;
      else if (result.status === "rejected")
        summary.rejected.push({ key: result.key, reason: result.reason ?? "rejected" });
      else summary.deferred.push({ key: result.key, reason: result.reason ?? "deferred" });
    }
    done += batch.length;
    options.onProgress?.({ destination: destination.name, done, total: planned });
  };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const policy = options.retry ?? DEFAULT_RETRY;
  const timeoutMs = options.timeoutMs ?? 30_000;

  /**
   * Operations the adapter answered "pending" (their list membership goes out with later batches' in full
   * requests): journaled only when `flush` settles them, so a crash meanwhile leaves them to be sent again.
   */
  const held = new Map<string, Operation>();

  /** Journals the answered operations; those the adapter answered "pending" are held for `flushHeld`. */
  const settle = async (
    batch: Operation[],
    results: (OperationResult | PendingResult | { status: "deferred"; reason: string })[],
    attempts: number,
    started: number,
    job?: JournalEntry["job"],
  ) => {
    const answered: Operation[] = [];
    const answers: (OperationResult | { status: "deferred"; reason: string })[] = [];
    batch.forEach((op, i) => {
      const result = results[i]!;
      if (result.status === "pending") held.set(op.id, op);
      else answered.push(op), answers.push(result);
    });
    if (answered.length || job) await journal(answered, answers, attempts, started, undefined, job);
  };

  const sendBatch = async (batch: Operation[]): Promise<void> => {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await adapter.send(batch, { attempt, timeoutMs });
        await settle(batch, results, attempt, started);
        return;
      } catch (error) {
        if (error instanceof TransientError) {
          const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)) * random();
          const wait = Math.max(backoff, error.retryAfterMs ?? 0);
          if (attempt >= policy.attempts || budget.spentMs + wait > policy.budgetMs) {
            const reason = `${error.message} (gave up after ${attempt} attempt${attempt === 1 ? "" : "s"})`;
            await journal(
              batch,
              batch.map(() => ({ status: "deferred" as const, reason })),
              attempt,
              started,
            );
            return;
          }
          budget.spentMs += wait;
          await sleep(wait);
          continue;
        }
        if (error instanceof BatchRejectedError) {
          if (batch.length === 1) {
            await journal(batch, [{ status: "rejected", reason: error.message }], attempt, started);
            return;
          }
          const half = Math.ceil(batch.length / 2);
          await sendBatch(batch.slice(0, half));
          await sendBatch(batch.slice(half));
          return;
        }
        throw error;
      }
    }
  };

  /** Runs `work`, retrying transient failures with backoff, jitter and Retry-After within the run's budget. */
  const retrying = async <T>(
    work: (attempt: number) => Promise<T>,
  ): Promise<{ value: T; attempts: number } | { gaveUp: string; attempts: number }> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return { value: await work(attempt), attempts: attempt };
      } catch (error) {
        if (!(error instanceof TransientError)) throw error;
        const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)) * random();
        const wait = Math.max(backoff, error.retryAfterMs ?? 0);
        if (attempt >= policy.attempts || budget.spentMs + wait > policy.budgetMs)
          return {
            gaveUp: `${error.message} (gave up after ${attempt} attempt${attempt === 1 ? "" : "s"})`,
            attempts: attempt,
          };
        budget.spentMs += wait;
        await sleep(wait);
      }
    }
  };
  const deferAll = (batch: Operation[], reason: string) => batch.map(() => ({ status: "deferred" as const, reason }));

  /**
   * Sends the held operations' aggregated requests that are due (all that is left when `final`), one request a
   * call to the adapter, journaling the operations each settles.
   */
  const flushHeld = async (final: boolean): Promise<void> => {
    while (held.size) {
      const started = Date.now();
      let outcome:
        | { value: { settled: Map<string, OperationResult>; idle: boolean }; attempts: number }
        | { gaveUp: string; attempts: number };
      try {
        outcome = await retrying((attempt) => adapter.flush!(held, final, { attempt, timeoutMs }));
      } catch (error) {
        if (!(error instanceof BatchRejectedError)) throw error;
        const ops = [...held.values()];
        held.clear();
        return journal(
          ops,
          ops.map(() => ({ status: "rejected" as const, reason: error.message })),
          1,
          started,
        );
      }
      if ("gaveUp" in outcome) {
        const ops = [...held.values()];
        held.clear();
        return journal(ops, deferAll(ops, outcome.gaveUp), outcome.attempts, started);
      }
      const { settled, idle } = outcome.value;
      const done: Operation[] = [];
      const results: (OperationResult | { status: "deferred"; reason: string })[] = [];
      for (const [id, result] of settled) {
        const op = held.get(id);
        if (!op) continue;
        held.delete(id);
        done.push(op);
        results.push(result);
      }
      // With `final`, an idle adapter has nothing left to send: a record it did not settle is an adapter bug, deferred.
      if (final && idle) {
        for (const op of held.values())
          done.push(op),
            results.push({ status: "deferred", reason: "the destination adapter left this record unsent" });
        held.clear();
      }
      if (done.length) await journal(done, results, outcome.attempts, started);
      if (idle) return;
    }
  };

  /**
   * An asynchronous job (a bulk load): started, its id journaled *before* any data goes up, uploaded, then polled
   * until done; the per-record results are journaled with the job marked done. A resumed apply finds the job in
   * the journal and polls it instead of starting another. A job the destination refuses falls back to batches.
   */
  const runJob = async (batch: Operation[], resumedId?: string): Promise<void> => {
    const started = Date.now();
    let id = resumedId;
    if (id !== undefined) {
      const first = await retrying((attempt) => adapter.pollJob!(id!, batch, { attempt, timeoutMs }));
      if ("gaveUp" in first) return journal(batch, deferAll(batch, first.gaveUp), first.attempts, started);
      if (first.value.state === "open") {
        // Killed before the upload was closed: nothing of it ran. Abort it and start afresh.
        await retrying((attempt) => adapter.abortJob!(id!, { attempt, timeoutMs }));
        await journal([], [], 1, started, undefined, { id, done: true, aborted: true });
        id = undefined;
      }
    }
    if (id === undefined) {
      let created: { value: string; attempts: number } | { gaveUp: string; attempts: number };
      try {
        created = await retrying((attempt) => adapter.startJob!(batch, { attempt, timeoutMs }));
      } catch (error) {
        if (!(error instanceof BatchRejectedError)) throw error;
        return sendInBatches(batch);
      }
      if ("gaveUp" in created) return journal(batch, deferAll(batch, created.gaveUp), created.attempts, started);
      id = created.value;
      await journal([], [], created.attempts, started, undefined, { id, ops: batch.map((op) => op.id) });
      let uploaded: { value: void; attempts: number } | { gaveUp: string; attempts: number };
      try {
        uploaded = await retrying((attempt) => adapter.uploadJob!(id!, batch, { attempt, timeoutMs }));
      } catch (error) {
        if (!(error instanceof BatchRejectedError)) throw error;
        await retrying((attempt) => adapter.abortJob!(id!, { attempt, timeoutMs }));
        await journal([], [], 1, started, error.message, { id, done: true, aborted: true });
        return sendInBatches(batch);
      }
      if ("gaveUp" in uploaded) {
        await retrying((attempt) => adapter.abortJob!(id!, { attempt, timeoutMs }));
        return journal(batch, deferAll(batch, uploaded.gaveUp), uploaded.attempts, started, undefined, {
          id,
          done: true,
          aborted: true,
        });
      }
    }
    const pollMs = adapter.capabilities.jobs!.pollMs;
    for (let polls = 1; ; polls++) {
      const polled = await retrying((attempt) => adapter.pollJob!(id!, batch, { attempt, timeoutMs }));
      if ("gaveUp" in polled) return journal(batch, deferAll(batch, polled.gaveUp), polled.attempts, started);
      if (polled.value.state === "done") return settle(batch, polled.value.results, polls, started, { id, done: true });
      await sleep(pollMs);
    }
  };

  const sendInBatches = async (batch: Operation[]): Promise<void> => {
    const size = adapter.capabilities.batchSize;
    for (let start = 0; start < batch.length; start += size) await sendBatch(batch.slice(start, start + size));
  };

  try {
    // Units of work: jobs an interrupted apply of this plan started (polled, not started again), then the rest in
    // jobs (when the adapter has them and there are enough records) or in batches. Produced as they are needed:
    // the actions are read again from the source, never all held.
    const useJobs = Boolean(jobCapability && adapter.startJob && jobbableCount > jobCapability.threshold);
    const taken = new Set<string>();
    async function* units(): AsyncGenerator<{ batch: Operation[]; job?: string; resume?: string }> {
      for (const job of open) {
        const batch = job.ops
          .filter((id) => openActions.has(id) && !taken.has(id))
          .map((id) => operation(openActions.get(id)!));
        for (const op of batch) taken.add(op.id);
        if (batch.length) yield { batch, resume: job.id };
      }
      openActions.clear();
      const rest = (action: Action) => remains(action) && !taken.has(action.id);
      if (useJobs)
        for await (const chunk of chunked(source(destination), (a) => rest(a) && jobbable(a), jobCapability!.size))
          yield { batch: chunk.map(operation), job: "new" };
      const size = adapter.capabilities.batchSize;
      for await (const chunk of chunked(source(destination), (a) => rest(a) && !(useJobs && jobbable(a)), size))
        yield { batch: chunk.map(operation) };
    }
    // One unit ahead, to know which is the last (after it, every held record is flushed).
    const pending = units();
    let next = await pending.next();
    while (!next.done) {
      const unit = next.value;
      answered.clear();
      try {
        if (unit.resume) await runJob(unit.batch, unit.resume);
        else if (unit.job) await runJob(unit.batch);
        else await sendBatch(unit.batch);
        next = await pending.next();
        // Full aggregated requests go as soon as they are full; the rest after the last batch.
        await flushHeld(next.done === true);
      } catch (error) {
        if (!(error instanceof DestinationGoneError)) throw error;
        summary.disabled = error.message;
        if (error instanceof AuthenticationError) summary.unauthorized = true;
        const reason = `destination disabled: ${error.message}`;
        // Everything not answered is deferred: the held records, the rest of this unit and every later one.
        const unitOps = next.value === unit ? unit.batch.filter((op) => !answered.has(op.id) && !held.has(op.id)) : [];
        let rest: Operation[] = [...held.values()];
        held.clear();
        let entries = 0;
        const defer = async (ops: Operation[]) => {
          rest.push(...ops);
          if (rest.length < DEFERRED_PER_ENTRY) return;
          const now = rest;
          rest = [];
          entries++;
          await journal(now, deferAll(now, reason), 1, Date.now(), reason);
        };
        await defer(unitOps);
        if (next.value !== unit && !next.done) await defer(next.value.batch);
        for (let later = await pending.next(); !later.done; later = await pending.next())
          await defer(later.value.batch);
        if (rest.length || !entries) await journal(rest, deferAll(rest, reason), 1, Date.now(), reason);
        break;
      }
    }
    if (!summary.disabled && adapter.finish)
      await adapter.finish(() => options.backend.scan(destination.name, overlay));
  } finally {
    await adapter.close();
  }
  await options.backend.commit(destination.name, overlay, failed, plan.hash);
  return summary;
}

/**
 * Jobs an interrupted apply started and did not mark done, oldest first. Matched by the idempotency ids they carry
 * (stable across re-plans against the same state), not by plan, so `apply --auto-approve` after a crash resumes too.
 */
function openJobs(pending: JournalEntry[]): { id: string; ops: string[] }[] {
  const open = new Map<string, string[]>();
  for (const entry of pending) {
    if (!entry.job) continue;
    if (entry.job.done) open.delete(entry.job.id);
    else if (entry.job.ops) open.set(entry.job.id, entry.job.ops);
  }
  return [...open].map(([id, ops]) => ({ id, ops }));
}

function journalResult(
  action: Action,
  result: OperationResult | { status: "deferred"; reason: string },
): JournalResult {
  const base = { id: action.id, key: action.key, action: action.action };
  if (result.status === "rejected" || result.status === "deferred")
    return { ...base, status: result.status, reason: result.reason };
  if (action.action === "remove") return { ...base, status: "ok" };
  return {
    ...base,
    status: "ok",
    hash: action.hash!,
    values: action.values,
    segment: action.segment,
    tier: action.tier,
  };
}
