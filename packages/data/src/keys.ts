import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { privateTempDir } from "./temporaries.js";

import { join } from "node:path";

/** What a run does with a second row for an account key: stop (the default), or keep the first row only. */
export type OnDuplicate = "error" | "first";

export const ON_DUPLICATE: readonly OnDuplicate[] = ["error", "first"];

/** One later occurrence of a key: its record (0-based), its line, and the line of the key's first record. */
export interface DuplicateKey {
  key: string | number;
  row: number;
  line: number;
  firstLine: number;
}

export interface DuplicateKeys {
  /** Records whose key an earlier record already had. */
  count: number;
  /** The first few of them, by line. */
  first: DuplicateKey[];
  /** Every such record (0-based), ascending: the rows `--on-duplicate first` drops. Only when asked for. */
  rows?: Uint32Array;
}

/** How many duplicates a report names. */
export const NAMED_DUPLICATES = 5;

/** Keys held in memory before they are spilled to partition files; a partition larger than this is split again. */
const MEMORY_KEYS = 1_000_000;
const PARTITIONS = 64;
/** Bytes of entries a partition holds before they are written (64 partitions: 4 MiB; nested splits as many again). */
const SPILL_BUFFER_BYTES = 1 << 16;

/**
 * Finds the keys that occur more than once in a stream of (key, record, line), over the whole stream, in bounded
 * memory: up to `memoryKeys` keys are held in a Map; past that, every entry goes to one of 64 files by a hash of
 * the key, and each file is checked on its own at the end (a file still too large is split again with another
 * hash). Memory is then about `memoryKeys` entries however many keys there are, plus 4 bytes per dropped row
 * when the duplicate rows are asked for. Keys are compared as the engine compares them (a number key 1 and a
 * text key "1" differ).
 */
export class DuplicateKeyCheck {
  /** Key -> line of its first record, in insertion (input) order, until the keys are spilled. */
  private firstLine: KeyTable | undefined = new KeyTable();
  private spill: Spill | undefined;
  private readonly found: Found;

  constructor(
    keepRows: boolean,
    private readonly memoryKeys = MEMORY_KEYS,
  ) {
    this.found = new Found(keepRows);
  }

  add(key: string | number, row: number, line: number): void {
    if (this.spill) {
      this.spill.add(key, row, line);
      return;
    }
    const first = this.firstLine!.addFirst(key, line);
    if (first !== undefined) {
      this.found.add({ key, row, line, firstLine: first });
      return;
    }
    if (this.firstLine!.size > this.memoryKeys) {
      // Too many to hold: every first occurrence so far goes to the partition files, in input order (the
      // duplicates found so far are already counted; their keys' first occurrences are among these).
      this.spill = new Spill(0, this.memoryKeys);
      this.firstLine!.forEach((known, knownLine) => this.spill!.add(known, -1, knownLine));
      this.firstLine = undefined;
    }
  }

  finish(): DuplicateKeys {
    if (this.spill) {
      try {
        this.spill.finish(this.found);
      } finally {
        this.spill.remove();
      }
    }
    return this.found.result();
  }
}

class Found {
  count = 0;
  private readonly first: DuplicateKey[] = [];
  private rows: Uint32Array | undefined;

  constructor(keepRows: boolean) {
    if (keepRows) this.rows = new Uint32Array(64);
  }

  add(duplicate: DuplicateKey): void {
    if (this.rows) {
      if (this.count === this.rows.length) {
        const grown = new Uint32Array(this.rows.length * 2);
        grown.set(this.rows);
        this.rows = grown;
      }
      this.rows[this.count] = duplicate.row;
    }
    this.count++;
    // The first few by line, kept sorted (partitions report out of line order).
    if (this.first.length < NAMED_DUPLICATES || duplicate.line < this.first[this.first.length - 1]!.line) {
      this.first.push(duplicate);
      this.first.sort((a, b) => a.line - b.line);
      if (this.first.length > NAMED_DUPLICATES) this.first.pop();
    }
  }

  result(): DuplicateKeys {
    const result: DuplicateKeys = { count: this.count, first: this.first };
    if (this.rows) result.rows = this.rows.slice(0, this.count).sort();
    return result;
  }
}

/** Entries written to partition files by a hash of the key (one line each: JSON key, row, line, tab-separated). */
class Spill {
  private readonly directory: string;
  /** The top-level spill directory (removed on interruption and at exit); nested splits live inside it. */
  private readonly owned: { path: string; remove: () => void } | undefined;
  private readonly files: string[] = [];
  /**
   * Each partition's entries not yet written, as UTF-8 bytes: a string built by `+=` keeps every entry alive (and
   * promoted to the old generation) until it is written, which at the spill of 1M keys more than doubled the peak RSS.
   */
  private readonly buffers: Buffer[] = [];
  private readonly used: number[] = [];
  private readonly counts: number[] = [];

  constructor(
    private readonly seed: number,
    private readonly memoryKeys: number,
    parent?: string,
  ) {
    this.owned = parent ? undefined : privateTempDir("segform-keys-");
    this.directory = parent ? mkdtempSync(join(parent, "split-")) : this.owned!.path;
    for (let i = 0; i < PARTITIONS; i++) {
      this.files.push(join(this.directory, `p${i}`));
      this.buffers.push(Buffer.allocUnsafe(SPILL_BUFFER_BYTES));
      this.used.push(0);
      this.counts.push(0);
    }
  }

  add(key: string | number, row: number, line: number): void {
    this.addLine(`${JSON.stringify(key)}\t${row}\t${line}\n`, key);
  }

  addLine(text: string, key: string | number): void {
    const partition = hash(typeof key === "number" ? `#${key}` : key, this.seed) % PARTITIONS;
    this.counts[partition]!++;
    // At most 3 bytes per UTF-16 code unit: an entry that might not fit is written after what is buffered.
    if (this.used[partition]! + text.length * 3 > SPILL_BUFFER_BYTES) {
      this.flush(partition);
      if (text.length * 3 > SPILL_BUFFER_BYTES) {
        this.append(partition, text);
        return;
      }
    }
    this.used[partition]! += this.buffers[partition]!.write(text, this.used[partition]!, "utf8");
  }

  private flush(partition: number): void {
    const used = this.used[partition]!;
    if (used === 0) return;
    this.append(partition, this.buffers[partition]!.subarray(0, used));
    this.used[partition] = 0;
  }

  private append(partition: number, data: string | Uint8Array): void {
    appendFileSync(this.files[partition]!, data);
  }

  /** Checks each partition on its own: entries come back in the order they were added, so the first is first. */
  finish(found: Found): void {
    for (let p = 0; p < PARTITIONS; p++) {
      this.flush(p);
      if (this.counts[p] === 0) continue;
      // A partition still too large is split by another hash (a few levels: 64^3 partitions is plenty).
      if (this.counts[p]! > this.memoryKeys && this.seed < 3) {
        const split = new Spill(this.seed + 1, this.memoryKeys, this.directory);
        forEachEntry(this.files[p]!, (text, key) => split.addLine(text, key));
        rmSync(this.files[p]!, { force: true });
        split.finish(found);
        continue;
      }
      const firstLine = new Map<string | number, number>();
      forEachEntry(this.files[p]!, (_text, key, row, line) => {
        const first = firstLine.get(key);
        if (first === undefined) firstLine.set(key, line);
        else found.add({ key, row, line, firstLine: first });
      });
      rmSync(this.files[p]!, { force: true });
    }
  }

  remove(): void {
    if (this.owned) this.owned.remove();
    else rmSync(this.directory, { recursive: true, force: true });
  }
}

function forEachEntry(
  file: string,
  visit: (text: string, key: string | number, row: number, line: number) => void,
): void {
  const text = readFileSync(file, "utf8");
  for (let start = 0, end = text.indexOf("\n"); end !== -1; start = end + 1, end = text.indexOf("\n", start)) {
    const entry = text.slice(start, end);
    const lineTab = entry.lastIndexOf("\t");
    const rowTab = entry.lastIndexOf("\t", lineTab - 1);
    const key = JSON.parse(entry.slice(0, rowTab)) as string | number;
    visit(entry + "\n", key, Number(entry.slice(rowTab + 1, lineTab)), Number(entry.slice(lineTab + 1)));
  }
}

/** FNV-1a over the UTF-16 code units, mixed with a seed (a partition too large is split with the next seed). */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  return h >>> 0;
}

/**
 * Key -> line of its first record, in insertion order: an open-addressing hash table over typed arrays, the keys'
 * UTF-16 code units copied into one pool. A Map of 1M string keys cost ~2.5 µs per key in a 1M-account run (its
 * growth, a detached copy of each key, and the garbage collector walking 1M entries); this is a few hundred ns and
 * ~40 bytes per 18-character key, and keeps nothing of the chunk a key was parsed from. Keys compare as a Map's
 * would: a number key by its value (String(n) is one text per number value, -0 and 0 alike, as SameValueZero),
 * apart from text keys (a tag per entry).
 */
class KeyTable {
  size = 0;
  private units = new Uint16Array(1 << 16);
  private used = 0;
  /** Per entry: where its key starts in `units` (entry i ends where entry i + 1 starts), its hash, tag, line. */
  private starts = new Float64Array(1 << 12);
  private hashes = new Uint32Array(1 << 12);
  private numeric = new Uint8Array(1 << 12);
  private lines = new Float64Array(1 << 12);
  /** Slots holding entry index + 1 (0: empty); a power of two, at most half full. */
  private slots = new Int32Array(1 << 13);

  /** The line of the key's first record, or undefined (and the key is added with `line`) when it is new. */
  addFirst(key: string | number, line: number): number | undefined {
    const isNumber = typeof key === "number";
    const text = isNumber ? String(key) : key;
    const tag = isNumber ? 1 : 0;
    let h = tag ? 0x9e3779b1 : 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = (h ^ (h >>> 15)) >>> 0;
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]!;
      if (held === 0) {
        this.insert(slot, text, h, tag, line);
        return undefined;
      }
      const entry = held - 1;
      if (this.hashes[entry] === h && this.numeric[entry] === tag && this.same(entry, text)) return this.lines[entry];
    }
  }

  /** Visits the keys in insertion order. */
  forEach(visit: (key: string | number, line: number) => void): void {
    for (let entry = 0; entry < this.size; entry++) {
      const text = this.text(entry);
      visit(this.numeric[entry] ? Number(text) : text, this.lines[entry]!);
    }
  }

  private end(entry: number): number {
    return entry + 1 < this.size ? this.starts[entry + 1]! : this.used;
  }

  private same(entry: number, text: string): boolean {
    const start = this.starts[entry]!;
    if (this.end(entry) - start !== text.length) return false;
    for (let i = 0; i < text.length; i++) if (this.units[start + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  private text(entry: number): string {
    const start = this.starts[entry]!;
    const end = this.end(entry);
    let text = "";
    for (let at = start; at < end; at += 4096)
      text += String.fromCharCode(...this.units.subarray(at, Math.min(end, at + 4096)));
    return text;
  }

  private insert(slot: number, text: string, h: number, tag: number, line: number): void {
    const entry = this.size;
    if (entry === this.starts.length) {
      this.starts = grown(this.starts, entry * 2);
      this.hashes = grown(this.hashes, entry * 2);
      this.numeric = grown(this.numeric, entry * 2);
      this.lines = grown(this.lines, entry * 2);
    }
    if (this.used + text.length > this.units.length)
      this.units = grown(this.units, Math.max(this.units.length * 2, this.used + text.length));
    for (let i = 0; i < text.length; i++) this.units[this.used + i] = text.charCodeAt(i);
    this.starts[entry] = this.used;
    this.used += text.length;
    this.hashes[entry] = h;
    this.numeric[entry] = tag;
    this.lines[entry] = line;
    this.slots[slot] = entry + 1;
    this.size++;
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

function grown<T extends Uint16Array | Uint8Array | Uint32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/** The SEG104 message for duplicates found (the first few by line, and how many in all). */
export function duplicateKeysText(
  keyColumn: string,
  duplicates: DuplicateKeys,
  unit: "line" | "row" = "line",
): { message: string; hint: string } {
  const named = duplicates.first.map(
    (d) => `${JSON.stringify(d.key)} on ${unit} ${d.line} (first on ${unit} ${d.firstLine})`,
  );
  const more = duplicates.count > named.length ? `; and ${duplicates.count - named.length} more` : "";
  return {
    message: `${duplicates.count === 1 ? "1 row repeats" : `${duplicates.count} rows repeat`} an account key (${keyColumn}): ${named.join("; ")}${more}`,
    hint: "each account needs its own key: remove the extra rows, or pass --on-duplicate first to keep each key's first row",
  };
}
