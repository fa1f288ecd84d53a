/**
 * Progress of a long apply on stderr: a bar redrawn in place on a terminal, a plain line every few seconds
 * otherwise (CI logs, pipes). The renderers are pure; `ApplyProgress` decides when to draw.
 */

export interface ProgressSnapshot {
  destination: string;
  /** Records answered so far (acknowledged, rejected or deferred). */
  done: number;
  total: number;
  /** Since this destination's first progress event. */
  elapsedMs: number;
}

const number = (n: number) => n.toLocaleString("en-US");

function percent(done: number, total: number): number {
  return total === 0 ? 100 : Math.floor((done / total) * 100);
}

/** The plain line of a log: `membership: 12,000 / 38,715 records (30%)`. */
export function progressLine({ destination, done, total }: ProgressSnapshot): string {
  return `${destination}: ${number(done)} / ${number(total)} records (${percent(done, total)}%)`;
}

/**
 * The terminal bar, at most `columns - 1` characters wide:
 * `membership [#######-------------]  12,000 / 38,715  30%  4,100/s  eta 7s`
 */
export function progressBar({ destination, done, total, elapsedMs }: ProgressSnapshot, columns = 80): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = rate > 0 && done < total ? Math.ceil((total - done) / rate) : undefined;
  const tail = `  ${number(done)} / ${number(total)}  ${percent(done, total)}%${rate > 0 ? `  ${number(Math.round(rate))}/s` : ""}${left !== undefined ? `  eta ${duration(left)}` : ""}`;
  // The bar's width depends only on the terminal, the name and the total, so it does not jump while it fills.
  const room = `  ${number(total)} / ${number(total)}  100%  ${number(Math.max(total, 99_999))}/s  eta 59m59s`.length;
  const width = Math.max(10, Math.min(40, columns - 1 - destination.length - 3 - room));
  const filled = total === 0 ? width : Math.floor((done / total) * width);
  const line = `${destination} [${"#".repeat(filled)}${"-".repeat(width - filled)}]${tail}`;
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 1)) : line;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(seconds % 60).padStart(2, "0")}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

export interface ApplyProgressOptions {
  /** Draw a bar in place (stderr is a terminal) instead of lines. */
  tty: boolean;
  /** The terminal's width. */
  columns?: number;
  now?: () => number;
  /** Lines: at most one per destination this often (the last one is always written). Default 2 s. */
  lineIntervalMs?: number;
  /** Bar: redrawn at most this often (the last state is always drawn). Default 100 ms. */
  barIntervalMs?: number;
}

/** Draws progress events of `applyPlan` to a stream. */
export class ApplyProgress {
  private readonly now: () => number;
  private readonly started = new Map<string, number>();
  private lastDraw = -Infinity;
  /** A bar is on the screen without its newline. */
  private open = false;
  private current: string | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly options: ApplyProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  update(event: { destination: string; done: number; total: number }): void {
    const now = this.now();
    if (event.destination !== this.current) {
      this.finish();
      this.current = event.destination;
    }
    if (!this.started.has(event.destination)) {
      this.started.set(event.destination, now);
      // A new destination draws at once (and its first line waits a full interval in logs).
      this.lastDraw = this.options.tty ? -Infinity : now;
    }
    const last = event.done >= event.total;
    const interval = this.options.tty ? (this.options.barIntervalMs ?? 100) : (this.options.lineIntervalMs ?? 2000);
    if (!last && now - this.lastDraw < interval) return;
    this.lastDraw = now;
    const snapshot = { ...event, elapsedMs: now - this.started.get(event.destination)! };
    if (this.options.tty) {
      this.stream.write(`\r${progressBar(snapshot, this.options.columns ?? 80)}\x1b[K${last ? "\n" : ""}`);
      this.open = !last;
    } else this.stream.write(progressLine(snapshot) + "\n");
  }

  /** Ends a bar left open (an apply that stopped early), so what follows starts on its own line. */
  finish(): void {
    if (this.open) this.stream.write("\n");
    this.open = false;
  }
}
