import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { privateTempDir } from "@segform/data";
import { compareCodePoints } from "@segform/engine";
import type { Plan } from "@segform/plan";
import { DesiredRecords, type DerivedAccount, type LabelledAccount, type Whereabouts } from "./desired.js";
import type { DesiredRecord, FieldValue } from "./model.js";

/** Accounts held in memory before a sorted run of them is written to disk. */
export const RUN_LIMIT = 250_000;

/** The temporary directory's prefix (in the system's temporary directory; removed at the end, on error or SIGINT). */
export const SORT_TEMP_PREFIX = "segform-plan-";

/** One account in key order: its segment and tier, and its record for each destination it goes to. */
export interface SortedAccount {
  key: string;
  place: Whereabouts;
  /** Per destination (its position in the constructor's list): the desired record, or undefined. */
  records: (DesiredRecord | undefined)[];
}

type Values = Record<string, FieldValue>;
type Rendered = DerivedAccount["rendered"];

/** An account as a run holds it: the shared pieces by reference. */
interface Entry {
  key: string;
  place: Whereabouts;
  rendered: Rendered;
}

/** Private-use and surrogate code units: where UTF-16 order and code point order can differ. */
const UNSAFE = /[\uD800-\uFFFF]/;

const byUnits = (a: Entry, b: Entry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byCodePoints = (a: Entry, b: Entry): number => compareCodePoints(a.key, b.key);

/**
 * The accounts of a plan in key order (code point order, a duplicate key keeping its first occurrence), with
 * bounded memory: up to `limit` accounts are held, then sorted (stably; not at all when they came in order) and
 * written to a temporary file as a run; `accounts()` merges the runs and the accounts still held, and can be
 * called once per destination. Values a group of accounts shares are kept once in memory and named by number in
 * the runs; values of their own (a template reads an account field) are written out. `close()` removes the runs.
 */
export class SortedAccounts {
  private readonly derive: DesiredRecords;
  private held: Entry[] = [];
  private inOrder = true;
  private safe = true;
  private readonly runs: string[] = [];
  private dir: { path: string; remove: () => void } | undefined;
  /** Shared values, numbered for the runs. */
  private readonly shared = new Map<Rendered, number>();
  private readonly sharedList: Rendered[] = [];
  private readonly places: Whereabouts[] = [];
  private readonly placeIds = new Map<Whereabouts, number>();
  private readonly placeOf = new Map<string | null, Map<string | null, Whereabouts>>();
  private count = 0;

  constructor(
    plan: Plan,
    readonly destinations: readonly string[],
    private readonly limit = RUN_LIMIT,
  ) {
    this.derive = new DesiredRecords(plan, destinations);
  }

  /** Accounts added so far (with a key). */
  get size(): number {
    return this.count;
  }

  /** Runs written to disk so far. */
  get spilled(): number {
    return this.runs.length;
  }

  /** Accounts held in memory now. */
  get inMemory(): number {
    return this.held.length;
  }

  /** The temporary directory of the runs, while there is one. */
  get tempDir(): string | undefined {
    return this.dir?.path;
  }

  add(account: LabelledAccount): void {
    const derived = this.derive.derive(account);
    if (!derived) return;
    this.count++;
    const { key } = derived;
    if (this.safe && UNSAFE.test(key)) this.safe = false;
    const last = this.held[this.held.length - 1];
    if (last !== undefined && this.inOrder && !(last.key < key)) this.inOrder = false;
    this.held.push({ key, place: this.place(derived.segment, derived.tier), rendered: derived.rendered });
    if (derived.shared && !this.shared.has(derived.rendered)) {
      this.shared.set(derived.rendered, this.sharedList.length);
      this.sharedList.push(derived.rendered);
    }
    if (this.held.length >= this.limit) {
      const entries = this.sortHeld();
      this.pendingSpill = this.pendingSpill.then(() => this.spill(entries));
      // A failed write is thrown by the next `flush`, not reported as unhandled while adding goes on.
      this.pendingSpill.catch(() => undefined);
    }
  }

  /** Runs being written (adds go on meanwhile; `flush` waits for them). */
  private pendingSpill: Promise<void> = Promise.resolve();

  /**
   * Waits for the runs being written. A reader calls it after each batch of accounts, so that no more than one run
   * and a batch are held.
   */
  async flush(): Promise<void> {
    await this.pendingSpill;
  }

  private sortHeld(): Entry[] {
    const entries = this.held;
    if (!(this.inOrder && this.safe)) entries.sort(this.safe ? byUnits : byCodePoints);
    this.held = [];
    this.inOrder = true;
    return entries;
  }

  private async spill(entries: Entry[]): Promise<void> {
    this.dir ??= privateTempDir(SORT_TEMP_PREFIX);
    const path = join(this.dir.path, `run-${this.runs.length}`);
    this.runs.push(path);
    const out = createWriteStream(path);
    const failed = new Promise<never>((_, reject) => out.once("error", reject));
    failed.catch(() => undefined);
    let chunk = "";
    for (const entry of entries) {
      chunk += this.line(entry);
      if (chunk.length >= 1 << 16) {
        if (!out.write(chunk)) await Promise.race([once(out, "drain"), failed]);
        chunk = "";
      }
    }
    out.end(chunk);
    await Promise.race([once(out, "finish"), failed]);
  }

  /** `place \t values \t key`: values `#n` (shared) or their JSON; the key as JSON when it could be misread. */
  private line(entry: Entry): string {
    const id = this.shared.get(entry.rendered);
    const values =
      id !== undefined
        ? `#${id}`
        : JSON.stringify(entry.rendered.map((r) => [r.destination, r.values, r.hash ?? null]));
    const key = /[\n\r]/.test(entry.key) || entry.key.startsWith('"') ? JSON.stringify(entry.key) : entry.key;
    return `${this.placeIds.get(entry.place)!}\t${values}\t${key}\n`;
  }

  private parse(line: string): Entry {
    const first = line.indexOf("\t");
    const second = line.indexOf("\t", first + 1);
    const place = this.places[Number(line.slice(0, first))]!;
    const values = line.slice(first + 1, second);
    let rendered: Rendered;
    if (values.startsWith("#")) rendered = this.sharedList[Number(values.slice(1))]!;
    else
      rendered = (JSON.parse(values) as [number, Values, string | null][]).map(([destination, v, hash]) => ({
        destination,
        values: v,
        hash: hash ?? undefined,
      }));
    const text = line.slice(second + 1);
    return { key: text.startsWith('"') ? (JSON.parse(text) as string) : text, place, rendered };
  }

  private place(segment: string | null, tier: string | null): Whereabouts {
    let tiers = this.placeOf.get(segment);
    if (!tiers) this.placeOf.set(segment, (tiers = new Map()));
    let place = tiers.get(tier);
    if (!place) {
      tiers.set(tier, (place = { segment, tier }));
      this.placeIds.set(place, this.places.length);
      this.places.push(place);
    }
    return place;
  }

  /** Ends the adding: the accounts still held are sorted (they stay in memory as the last run). */
  async finish(): Promise<void> {
    await this.flush();
    this.tail = this.sortHeld();
  }

  private tail: Entry[] = [];

  /**
   * Every account in key order, a duplicate key once (its first occurrence), in batches (one promise a batch, not
   * one an account).
   */
  async *accounts(): AsyncGenerator<SortedAccount[]> {
    const cursors: Cursor[] = [
      ...this.runs.map((path) => new Cursor(this.readRun(path))),
      new Cursor(arrayBatches(this.tail)),
    ];
    for (const cursor of cursors) await cursor.fill();
    const compare = this.safe ? byUnits : byCodePoints;
    const width = this.destinations.length;
    let previous: string | undefined;
    let out: SortedAccount[] = [];
    for (;;) {
      // The runs are few (accounts / limit): a linear scan for the smallest; on equal keys the earlier run (the
      // earlier occurrence) wins.
      let at: Cursor | undefined;
      for (const cursor of cursors) {
        const head = cursor.head;
        if (head !== undefined && (at === undefined || compare(head, at.head!) < 0)) at = cursor;
      }
      if (at === undefined) break;
      const entry = at.head!;
      if (++at.index >= at.batch.length) {
        if (out.length) yield out;
        out = [];
        await at.fill();
      }
      if (entry.key === previous) continue;
      previous = entry.key;
      const records: (DesiredRecord | undefined)[] = new Array(width);
      for (const { destination, values, hash } of entry.rendered)
        records[destination] = {
          key: entry.key,
          values,
          segment: entry.place.segment,
          tier: entry.place.tier,
          hash,
        };
      out.push({ key: entry.key, place: entry.place, records });
      if (out.length >= BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length) yield out;
  }

  private async *readRun(path: string): AsyncGenerator<Entry[]> {
    let rest = "";
    for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 16 })) {
      const text = rest + (chunk as string);
      const batch: Entry[] = [];
      let start = 0;
      for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
        batch.push(this.parse(text.slice(start, end)));
        start = end + 1;
      }
      rest = text.slice(start);
      if (batch.length) yield batch;
    }
    if (rest) yield [this.parse(rest)];
  }

  /** Removes the runs (also on error: call it in a finally). */
  async close(): Promise<void> {
    await this.pendingSpill.catch(() => undefined);
    this.dir?.remove();
    this.dir = undefined;
  }
}

/** Accounts handed to the planner at a time. */
const BATCH = 1024;

async function* arrayBatches<T>(items: readonly T[]): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += 1 << 16) yield items.slice(i, i + (1 << 16));
}

/** A run being merged: its current batch and the position in it. */
class Cursor {
  batch: Entry[] = [];
  index = 0;
  constructor(private readonly source: AsyncIterator<Entry[]>) {}

  get head(): Entry | undefined {
    return this.batch[this.index];
  }

  async fill(): Promise<void> {
    const next = await this.source.next();
    this.batch = next.done ? [] : next.value;
    this.index = 0;
  }
}
