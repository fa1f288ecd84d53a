import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";

/**
 * Temporary files and directories of this process (outputs being written, DuckDB spill directories): each name
 * carries the process id, they are removed when the process is interrupted (SIGINT, SIGTERM), and the ones left by
 * a process that is gone (kill -9, a crash) are removed by the next segform that writes beside them.
 */

const live = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let listening = false;

/** A temporary name for `path`, beside it: `.segform-tmp-<pid>-<time>-<name>`. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `${TEMP_PREFIX}${process.pid}-${Date.now().toString(36)}-${basename(path)}`);
}

export const TEMP_PREFIX = ".segform-tmp-";

/** Removes this path (file or directory) if the process is interrupted before `release`. */
export function track(path: string): void {
  live.add(path);
  if (!listening) {
    listening = true;
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
}

/** The path is committed or removed: no longer this process's to clean. */
export function release(path: string): void {
  live.delete(path);
  if (live.size === 0 && listening) {
    listening = false;
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  for (const path of live) rmSync(path, { recursive: true, force: true });
  live.clear();
  listening = false;
  for (const each of SIGNALS) process.off(each, onSignal);
  // End as the signal would have ended the process, unless someone else (a watcher) handles it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/**
 * Removes the entries of `dir` named `<prefix><pid>-...` whose process is gone: what an interrupted run (kill -9)
 * left. Entries of live processes (this one included) are kept; errors (a directory that cannot be read) are ignored.
 */
export function sweepStale(dir: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A private temporary directory in the system's: `<prefix><pid>-XXXXXX`. Stale ones of processes that are gone are
 * removed first; this one is removed by `remove()`, on SIGINT/SIGTERM/SIGHUP, or when the process exits first
 * (`segform run ... | head` ends the process mid-stream).
 */
export function privateTempDir(prefix: string): { path: string; remove: () => void } {
  sweepStale(tmpdir(), prefix);
  const path = mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
  track(path);
  const remove = () => {
    process.off("exit", remove);
    rmSync(path, { recursive: true, force: true });
    release(path);
  };
  process.on("exit", remove);
  return { path, remove };
}
