import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { createWriteStream, type WriteStream } from "node:fs";
import { basename, dirname, join } from "node:path";
import { once } from "node:events";

/** Writes a whole file atomically: a temporary file beside it, fsync, then rename over the target. */
export function writeFileAtomic(path: string, content: string): void {
  const temp = tempPath(path);
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Flushes a finished temporary file to disk and renames it over `path`; the temporary file is removed if that fails. */
function syncAndRename(temp: string, path: string): void {
  try {
    const fd = openSync(temp, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function tempPath(path: string): string {
  return join(dirname(path), `.segform-tmp-${process.pid}-${Date.now().toString(36)}-${basename(path)}`);
}

/**
 * A streamed output that appears at `path` only when `commit` is called; `abort` (or a crash) leaves the
 * previous file untouched. Writes honour back-pressure.
 */
export class AtomicFileStream {
  private readonly temp: string;
  private readonly stream: WriteStream;
  private done = false;

  constructor(readonly path: string) {
    this.temp = tempPath(path);
    // 1 MiB of buffering: writers hand over 64 KiB at a time and should not wait for each one to reach the disk.
    this.stream = createWriteStream(this.temp, { flags: "w", highWaterMark: 1 << 20 });
  }

  async write(chunk: string): Promise<void> {
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(() => resolve());
    });
    syncAndRename(this.temp, this.path);
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    this.stream.destroy();
    rmSync(this.temp, { force: true });
  }
}

/**
 * A file that another writer (DuckDB's COPY) fills at `temp`, a temporary name beside `path`; `commit` syncs it to
 * disk and renames it over `path`, `abort` removes it, so `path` only ever holds a complete file.
 */
export class AtomicFileTarget {
  readonly temp: string;
  private done = false;

  constructor(readonly path: string) {
    this.temp = tempPath(path);
  }

  commit(): void {
    if (this.done) return;
    this.done = true;
    syncAndRename(this.temp, this.path);
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    rmSync(this.temp, { force: true });
  }
}
