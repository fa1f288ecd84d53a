import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "@segform/plan";
import { DeployError } from "../errors.js";
import { compareCodePoints } from "@segform/engine";
import { replay, replayFailed, type JournalEntry, type StateOverlay } from "../journal.js";
import { sortByKey, sortKeys } from "../order.js";
import { flatCanonicalJson } from "../hash.js";
import type { StateRecord } from "../model.js";
import type { LoadedState, LockInfo, StateBackend, StateHead } from "./backend.js";
import { lockedError } from "./lock.js";

const STATE_FORMAT = "segform-state";

interface SnapshotHeader {
  format: typeof STATE_FORMAT;
  version: 1;
  destination: string;
  serial: number;
  plan: string | null;
  /** Bytes of the journal already in this snapshot. */
  journalOffset: number;
  failed: Record<string, string>;
  /** "codepoint": records are in code point order of their keys (older snapshots: UTF-16 order, read whole). */
  order?: "codepoint";
}

/** A snapshot line as stored (copied as is when a commit leaves it unchanged), or a record from an overlay. */
type Entry = { key: string; line: string; record?: undefined } | { key: string; record: StateRecord; line?: undefined };

/**
 * State in a local directory (default `.segform/state/` beside the definitions):
 *   lock.json                          the exclusive lock (owner, pid, host, started-at)
 *   <destination>/state.jsonl          snapshot: a header line, then one record per line in key order
 *   <destination>/journal.jsonl        append-only journal, one batch per line, fsynced before apply goes on
 * Files are written atomically (temporary file, fsync, rename); a torn last journal line is ignored and cut off
 * before the next append.
 */
export class LocalStateBackend implements StateBackend {
  private readonly journals = new Map<string, number>();

  constructor(readonly directory: string) {}

  get location(): string {
    return this.directory;
  }

  private get lockPath(): string {
    return join(this.directory, "lock.json");
  }

  private destinationDir(destination: string): string {
    return join(this.directory, encodeURIComponent(destination));
  }

  async lock(info: LockInfo, timeoutMs: number): Promise<void> {
    mkdirSync(this.directory, { recursive: true });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const fd = openSync(this.lockPath, "wx");
        try {
          writeSync(fd, JSON.stringify(info, null, 2) + "\n");
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      if (Date.now() >= deadline) throw lockedError(await this.currentLock(), this.location);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async unlock(id: string): Promise<void> {
    const held = await this.currentLock();
    if (held?.id === id) rmSync(this.lockPath, { force: true });
  }

  async currentLock(): Promise<LockInfo | undefined> {
    try {
      return JSON.parse(readFileSync(this.lockPath, "utf8")) as LockInfo;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      // A lock file being written this very moment, or damaged: still a lock.
      return { id: "(unreadable)", owner: "?", pid: 0, host: "?", startedAt: "?", command: "?" };
    }
  }

  async forceUnlock(id: string): Promise<LockInfo | undefined> {
    const held = await this.currentLock();
    if (!held || held.id !== id) return undefined;
    rmSync(this.lockPath, { force: true });
    return held;
  }

  async list(): Promise<string[]> {
    if (!existsSync(this.directory)) return [];
    return readdirSync(this.directory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => decodeURIComponent(entry.name))
      .sort();
  }

  async load(destination: string): Promise<LoadedState> {
    const dir = this.destinationDir(destination);
    const snapshotPath = join(dir, "state.jsonl");
    const records = new Map<string, StateRecord>();
    const failed = new Map<string, string>();
    let header: SnapshotHeader | undefined;
    if (existsSync(snapshotPath)) {
      const lines = readFileSync(snapshotPath, "utf8").split("\n");
      try {
        header = JSON.parse(lines[0]!) as SnapshotHeader;
        if (header.format !== STATE_FORMAT) throw new Error("not a state file");
        for (let i = 1; i < lines.length; i++) {
          if (!lines[i]) continue;
          const record = JSON.parse(lines[i]!) as StateRecord;
          records.set(record.key, record);
        }
      } catch {
        throw damaged(snapshotPath);
      }
      for (const [key, reason] of Object.entries(header.failed)) failed.set(key, reason);
    }
    const pending = readJournal(join(dir, "journal.jsonl"), header?.journalOffset ?? 0);
    for (const entry of pending) replay({ records, failed }, entry);
    return {
      point: { serial: header?.serial ?? 0, journal: pending.length },
      records,
      failed,
      lastPlan: header?.plan ?? null,
      pending,
    };
  }

  async head(destination: string): Promise<StateHead> {
    const dir = this.destinationDir(destination);
    const header = this.header(join(dir, "state.jsonl"));
    const failed = new Map<string, string>(Object.entries(header?.failed ?? {}));
    const pending = readJournal(join(dir, "journal.jsonl"), header?.journalOffset ?? 0);
    for (const entry of pending) replayFailed(failed, entry);
    return {
      point: { serial: header?.serial ?? 0, journal: pending.length },
      failed,
      lastPlan: header?.plan ?? null,
      pending,
    };
  }

  private header(snapshotPath: string): SnapshotHeader | undefined {
    if (!existsSync(snapshotPath)) return undefined;
    const first = firstLine(snapshotPath);
    try {
      const header = JSON.parse(first) as SnapshotHeader;
      if (header.format !== STATE_FORMAT) throw new Error("not a state file");
      return header;
    } catch {
      throw damaged(snapshotPath);
    }
  }

  async *scan(destination: string, overlay: StateOverlay): AsyncIterable<StateRecord> {
    const path = join(this.destinationDir(destination), "state.jsonl");
    for (const entry of this.entries(path, overlay)) {
      if (entry.record) yield entry.record;
      else yield storedRecord(entry.key, entry.line, path);
    }
  }

  /** The snapshot's records merged with the overlay, in key order; unchanged records stay unparsed lines. */
  private *entries(path: string, overlay: StateOverlay): Generator<Entry> {
    const changes = sortKeys([...overlay.keys()]);
    let next = 0;
    const header = this.header(path);
    if (header) {
      let stored: Iterable<string> = linesAfterHeader(path);
      // An older snapshot may be in UTF-16 order: read it whole and sort it (once; the next commit rewrites it).
      if (header.order !== "codepoint")
        stored = sortByKey([...stored].map((line) => ({ key: keyOf(line, path), line }))).map((entry) => entry.line);
      let last: string | undefined;
      for (const line of stored) {
        const key = keyOf(line, path);
        if (last !== undefined && compareCodePoints(last, key) >= 0) throw damaged(path);
        last = key;
        while (next < changes.length && compareCodePoints(changes[next]!, key) < 0) {
          const record = overlay.get(changes[next++]!);
          if (record) yield { key: record.key, record };
        }
        if (next < changes.length && changes[next] === key) {
          const record = overlay.get(changes[next++]!);
          if (record) yield { key, record };
          continue;
        }
        yield { key, line };
      }
    }
    while (next < changes.length) {
      const record = overlay.get(changes[next++]!);
      if (record) yield { key: record.key, record };
    }
  }

  async commit(destination: string, overlay: StateOverlay, failed: Map<string, string>, plan: string): Promise<void> {
    const dir = this.destinationDir(destination);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "state.jsonl");
    const previous = this.header(path);
    const lines = this.entries(path, overlay);
    this.writeSnapshot(
      destination,
      previous?.serial ?? 0,
      failed,
      plan,
      (function* () {
        for (const entry of lines) yield entry.record ? recordJson(entry.record) : entry.line;
      })(),
    );
  }

  /** Writes a snapshot atomically (temporary file, fsync, rename): the header, then one line per record. */
  private writeSnapshot(
    destination: string,
    serial: number,
    failed: Map<string, string>,
    plan: string,
    lines: Iterable<string>,
  ): void {
    const dir = this.destinationDir(destination);
    const journalPath = join(dir, "journal.jsonl");
    const header: SnapshotHeader = {
      format: STATE_FORMAT,
      version: 1,
      destination,
      serial: serial + 1,
      plan,
      journalOffset: existsSync(journalPath) ? statSync(journalPath).size : 0,
      failed: Object.fromEntries(sortKeys([...failed.keys()]).map((key) => [key, failed.get(key)!])),
      order: "codepoint",
    };
    const target = join(dir, "state.jsonl");
    const temp = join(dir, `.segform-tmp-${process.pid}-state.jsonl`);
    const fd = openSync(temp, "w");
    try {
      let buffer = canonicalJson(header) + "\n";
      for (const line of lines) {
        buffer += line + "\n";
        if (buffer.length > 1 << 16) {
          writeSync(fd, buffer);
          buffer = "";
        }
      }
      writeSync(fd, buffer);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  }

  async append(destination: string, entry: JournalEntry): Promise<void> {
    const dir = this.destinationDir(destination);
    let fd = this.journals.get(destination);
    if (fd === undefined) {
      mkdirSync(dir, { recursive: true });
      fd = openSync(join(dir, "journal.jsonl"), "a+");
      cutTornTail(fd);
      this.journals.set(destination, fd);
    }
    writeSync(fd, JSON.stringify(entry) + "\n");
    fsyncSync(fd);
  }

  async compact(
    destination: string,
    state: { records: Map<string, StateRecord>; failed: Map<string, string> },
    plan: string,
  ): Promise<void> {
    const dir = this.destinationDir(destination);
    mkdirSync(dir, { recursive: true });
    const previous = this.header(join(dir, "state.jsonl"));
    const records = sortByKey([...state.records.values()]);
    this.writeSnapshot(
      destination,
      previous?.serial ?? 0,
      state.failed,
      plan,
      (function* () {
        for (const record of records) yield recordJson(record);
      })(),
    );
  }

  async close(): Promise<void> {
    for (const fd of this.journals.values()) closeSync(fd);
    this.journals.clear();
  }
}

/** The journal entries from `offset` on; a last line without its newline (a write cut short by a crash) is ignored. */
function readJournal(path: string, offset: number): JournalEntry[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path).subarray(offset).toString("utf8");
  const lines = text.split("\n");
  lines.pop(); // "" after the last newline, or a torn line
  const entries: JournalEntry[] = [];
  for (const line of lines) {
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      throw new DeployError(
        "SEG409",
        `the journal ${path} has a damaged line`,
        "restore the state directory from a backup",
        2,
      );
    }
  }
  return entries;
}

/** Cuts a torn last line (no newline: the process died while writing it) so the next entry starts on its own line. */
function cutTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === 0x0a) return;
  const chunk = Buffer.alloc(Math.min(size, 1 << 20));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    readSync(fd, chunk, 0, end - start, start);
    const newline = chunk.subarray(0, end - start).lastIndexOf(0x0a);
    if (newline >= 0) {
      ftruncateSync(fd, start + newline + 1);
      return;
    }
    end = start;
  }
  ftruncateSync(fd, 0);
}

function damaged(path: string): DeployError {
  return new DeployError(
    "SEG409",
    `the state file ${path} is damaged`,
    "restore it from a backup (CI artifact or cache); segform writes it atomically, so this is not a crash of segform",
    2,
  );
}

const CHUNK = 1 << 20;

/** The first line of a file, read in chunks (the header: small unless the failed-record index is large). */
function firstLine(path: string): string {
  const fd = openSync(path, "r");
  try {
    const parts: Buffer[] = [];
    const chunk = Buffer.alloc(1 << 16);
    for (let position = 0; ; ) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      const newline = chunk.subarray(0, read).indexOf(0x0a);
      if (newline >= 0) {
        parts.push(Buffer.from(chunk.subarray(0, newline)));
        break;
      }
      parts.push(Buffer.from(chunk.subarray(0, read)));
      position += read;
    }
    return Buffer.concat(parts).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** The lines after the header, read 1 MiB at a time (a snapshot of any size is never held whole). */
function* linesAfterHeader(path: string): Generator<string> {
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.alloc(CHUNK);
    let carry = Buffer.alloc(0);
    let header = true;
    for (let position = 0; ; ) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      position += read;
      const data =
        read === 0 ? carry : carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let newline = data.indexOf(0x0a); newline >= 0; newline = data.indexOf(0x0a, start)) {
        if (header) header = false;
        else if (newline > start) yield data.toString("utf8", start, newline);
        start = newline + 1;
      }
      if (read === 0) {
        if (start < data.length && !header) yield data.toString("utf8", start);
        return;
      }
      carry = Buffer.from(data.subarray(start));
    }
  } finally {
    closeSync(fd);
  }
}

/** A stored record's key, read without parsing the whole line (records are canonical JSON: hash, then key). */
const KEY = /^\{"hash":"[^"\\]*","key":("(?:[^"\\]|\\.)*")/;

const KEY_AT = '{"hash":"0123456789abcdef","key":"'.length;

function keyOf(line: string, path: string): string {
  // Fast path: a 16-digit hash and a key without escapes sit at fixed places.
  if (line.startsWith('","key":"', KEY_AT - 9)) {
    const end = line.indexOf('"', KEY_AT);
    if (end > 0) {
      const key = line.slice(KEY_AT, end);
      if (!key.includes("\\")) return key;
    }
  }
  try {
    const match = KEY.exec(line);
    return match ? (JSON.parse(match[1]!) as string) : (JSON.parse(line) as StateRecord).key;
  } catch {
    throw damaged(path);
  }
}

function parseRecord(line: string, path: string): StateRecord {
  try {
    return JSON.parse(line) as StateRecord;
  } catch {
    throw damaged(path);
  }
}

/** A state record's canonical JSON (members in sorted order: hash, key, segment, tier, values). */
export function recordJson(record: StateRecord): string {
  return `{"hash":${JSON.stringify(record.hash)},"key":${JSON.stringify(record.key)},"segment":${JSON.stringify(record.segment)},"tier":${JSON.stringify(record.tier)},"values":${flatCanonicalJson(record.values)}}`;
}

/**
 * A stored record whose values are parsed only when asked for: planning compares hashes, and most records are
 * unchanged. The getters are enumerable, so the object serialises like a plain record.
 */
function storedRecord(key: string, line: string, path: string): StateRecord {
  if (!(line.startsWith('{"hash":"') && line.charCodeAt(25) === 0x22)) return parseRecord(line, path);
  const hash = line.slice(9, 25);
  let parsed: StateRecord | undefined;
  const full = (): StateRecord => (parsed ??= parseRecord(line, path));
  return {
    key,
    hash,
    get values() {
      return full().values;
    },
    get segment() {
      return full().segment;
    },
    get tier() {
      return full().tier;
    },
  };
}
