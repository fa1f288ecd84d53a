import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "@segform/plan";
import { DeployError } from "../errors.js";
import { replay, type JournalEntry } from "../journal.js";
import type { StateRecord } from "../model.js";
import type { LoadedState, LockInfo, StateBackend } from "./backend.js";
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
}

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
        throw new DeployError("SEG409", `the state file ${snapshotPath} is damaged`, "restore it from a backup (CI artifact or cache); segform writes it atomically, so this is not a crash of segform", 2);
      }
      for (const [key, reason] of Object.entries(header.failed)) failed.set(key, reason);
    }
    const pending = readJournal(join(dir, "journal.jsonl"), header?.journalOffset ?? 0);
    for (const entry of pending) replay({ records, failed }, entry);
    return { point: { serial: header?.serial ?? 0, journal: pending.length }, records, failed, lastPlan: header?.plan ?? null, pending };
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

  async compact(destination: string, state: { records: Map<string, StateRecord>; failed: Map<string, string> }, plan: string): Promise<void> {
    const dir = this.destinationDir(destination);
    mkdirSync(dir, { recursive: true });
    const journalPath = join(dir, "journal.jsonl");
    const previous = await this.load(destination);
    const header: SnapshotHeader = {
      format: STATE_FORMAT,
      version: 1,
      destination,
      serial: previous.point.serial + 1,
      plan,
      journalOffset: existsSync(journalPath) ? statSync(journalPath).size : 0,
      failed: Object.fromEntries([...state.failed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
    const keys = [...state.records.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const target = join(dir, "state.jsonl");
    const temp = join(dir, `.segform-tmp-${process.pid}-state.jsonl`);
    const fd = openSync(temp, "w");
    try {
      let buffer = canonicalJson(header) + "\n";
      for (const key of keys) {
        buffer += canonicalJson(state.records.get(key)) + "\n";
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
      throw new DeployError("SEG409", `the journal ${path} has a damaged line`, "restore the state directory from a backup", 2);
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
