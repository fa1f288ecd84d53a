import type { ServeState } from "./state.js";

/** The outcome of the last reload, for /readyz and the log. */
export interface ReloadStatus {
  ok: boolean;
  /** ISO time the reload finished. */
  at: string;
  reason: string;
  /** Located error lines of a failed reload (the old state keeps serving). */
  errors: string[];
}

/**
 * Holds the state every request reads. A request takes `current` once and uses only that object, so a swap is
 * atomic: a request in flight finishes on the state it started with, the next one sees the new state.
 */
export class StateHolder {
  private state: ServeState;
  generation = 1;
  reloads = { ok: 0, failed: 0 };
  last: ReloadStatus | undefined;
  /** Called after every reload attempt (metrics). */
  onReload?: (ok: boolean) => void;

  constructor(initial: ServeState) {
    this.state = initial;
  }

  get current(): ServeState {
    return this.state;
  }

  swap(next: ServeState, reason: string): void {
    this.state = next;
    this.generation++;
    this.reloads.ok++;
    this.last = { ok: true, at: new Date().toISOString(), reason, errors: [] };
    this.onReload?.(true);
  }

  fail(errors: string[], reason: string): void {
    this.reloads.failed++;
    this.last = { ok: false, at: new Date().toISOString(), reason, errors };
    this.onReload?.(false);
  }
}

/** A reload's result: the new state, or located error lines. */
export type LoadResult = { ok: true; state: ServeState } | { ok: false; errors: string[] };

/**
 * Runs reloads one at a time: the new state is built off to the side while the old one serves, then swapped in
 * whole. A reload asked for while one runs is run once more after it (changes are never lost, never run twice
 * in parallel).
 */
export class Reloader {
  private running: Promise<void> | undefined;
  private pending: string | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly holder: StateHolder,
    private readonly load: () => Promise<LoadResult>,
    private readonly log: (entry: Record<string, unknown>, message: string) => void = () => {},
  ) {}

  /** Reloads now (or after the reload in progress); resolves when the state reflects this request. */
  reload(reason: string): Promise<void> {
    if (this.running) {
      this.pending = reason;
      this.queued ??= this.running.then(() => {
        const next = this.pending!;
        this.pending = undefined;
        this.queued = undefined;
        return this.reload(next);
      });
      return this.queued;
    }
    this.running = this.run(reason).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Waits for any reload in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(reason: string): Promise<void> {
    const started = performance.now();
    let result: LoadResult;
    try {
      result = await this.load();
    } catch (error) {
      result = {
        ok: false,
        errors: [`error SEG519: ${(error as Error).message} (an internal error: please report it)`],
      };
    }
    const ms = Math.round(performance.now() - started);
    if (result.ok) {
      const previous = this.holder.current.plan.hash;
      this.holder.swap(result.state, reason);
      this.log(
        {
          event: "reload",
          ok: true,
          reason,
          ms,
          plan: result.state.plan.hash,
          previous,
          accounts: result.state.labels.size,
          warnings: result.state.warnings,
        },
        "reloaded",
      );
    } else {
      this.holder.fail(result.errors, reason);
      this.log(
        {
          event: "reload",
          ok: false,
          code: "SEG507",
          reason,
          ms,
          plan: this.holder.current.plan.hash,
          errors: result.errors,
        },
        "reload failed: the previous plan keeps serving",
      );
    }
  }
}
