import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { createWriteStream, type WriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { once } from "node:events";
import { DataError } from "./sources.js";
import { privateTempDir, release, sweepStale, TEMP_PREFIX, tempPathFor, track } from "./temporaries.js";

/** Private temporary directories (in the system's) for outputs written in place: `segform-out-<pid>-XXXXXX`. */
const OUT_DIR_PREFIX = "segform-out-";

/**
 * Where an output really goes. Only a regular file (or a path that does not exist yet) is replaced by renaming a
 * temporary file over it. A symlink is followed, so the link stays a link and the file it names is replaced. A FIFO
 * or a character device (`/dev/null`, `/dev/stdout`, a pipe) is written in place: renaming over it would replace
 * the device with a regular file. Anything else (a directory, a socket, a block device, a dangling link) is refused
 * before anything is written.
 */
export interface OutputTarget {
  /** The path written: the symlink's target when `path` is a symlink. */
  readonly path: string;
  readonly inPlace: boolean;
}

export function outputTarget(path: string): OutputTarget {
  if (path === "")
    throw new DataError("SEG110", "empty output path", path, undefined, "name a file, e.g. --out membership.csv");
  let stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { path, inPlace: false };
    throw error;
  }
  let resolved = path;
  if (stats.isSymbolicLink()) {
    try {
      resolved = realpathSync(path);
      stats = statSync(resolved);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      throw new DataError(
        "SEG110",
        "the output path is a symlink to a file that does not exist",
        path,
        undefined,
        "point the link at an existing file, or remove it",
      );
    }
  }
  if (stats.isFile()) return { path: resolved, inPlace: false };
  if (stats.isFIFO() || stats.isCharacterDevice()) return { path: resolved, inPlace: true };
  const what = stats.isDirectory()
    ? "a directory"
    : stats.isSocket()
      ? "a socket"
      : stats.isBlockDevice()
        ? "a block device"
        : "not a regular file";
  throw new DataError(
    "SEG110",
    `the output path is ${what}`,
    path,
    undefined,
    "name a regular file (or a FIFO or character device such as /dev/stdout)",
  );
}

/**
 * Opens `file` (the output itself, or its temporary) for writing. What the file system refuses (permissions, a
 * read-only or virtual file system such as /proc, a full disk) is SEG120 naming the output, not a Node.js error.
 */
function openForWriting(file: string, output: string): number {
  try {
    return openSync(file, "w");
  } catch (error) {
    throw cannotWrite(output, error);
  }
}

export function cannotWrite(output: string, error: unknown): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === "EACCES" || code === "EPERM"
      ? "permission denied"
      : code === "EROFS"
        ? "the file system is read-only"
        : code === "ENOSPC" || code === "EDQUOT"
          ? "no space left on the device"
          : code === "ENOENT" || code === "ENOTDIR"
            ? "its directory cannot hold new files"
            : ((error as Error).message ?? String(error));
  return new DataError(
    "SEG120",
    `cannot write the output file: ${why}`,
    output,
    undefined,
    "write it to a directory you can write to, e.g. under the project",
  );
}

/** Writes a whole file atomically: a temporary file beside it, fsync, then rename over the target (see outputTarget). */
export function writeFileAtomic(path: string, content: string): void {
  const target = outputTarget(path);
  if (target.inPlace) {
    const fd = openForWriting(target.path, path);
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const temp = tempPath(target.path);
  try {
    const fd = openForWriting(temp, path);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target.path);
    release(temp);
  } catch (error) {
    discard(temp);
    throw error;
  }
}

/** Removes a temporary file or directory that will not be committed. */
function discard(temp: string): void {
  rmSync(temp, { recursive: true, force: true });
  release(temp);
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
    release(temp);
  } catch (error) {
    discard(temp);
    throw error;
  }
}

/** Copies a finished file into a special file (FIFO, device) in place. */
function copyInto(source: string, path: string): void {
  const input = openSync(source, "r");
  try {
    const output = openSync(path, "w");
    try {
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (let read = readSync(input, buffer); read > 0; read = readSync(input, buffer)) {
        for (let written = 0; written < read; ) written += writeSync(output, buffer, written, read - written);
      }
    } finally {
      closeSync(output);
    }
  } finally {
    closeSync(input);
  }
}

/** A temporary name beside `path`, removed if the process is interrupted; stale ones of dead processes are swept first. */
function tempPath(path: string): string {
  sweepStale(dirname(path), TEMP_PREFIX);
  const temp = tempPathFor(path);
  track(temp);
  return temp;
}

/**
 * A streamed output that appears at `path` only when `commit` is called; `abort` (or a crash) leaves the
 * previous file untouched. Writes honour back-pressure. A FIFO or device target is written in place as the
 * stream goes (see outputTarget).
 */
export class AtomicFileStream {
  private readonly target: OutputTarget;
  private readonly temp: string;
  private readonly stream: WriteStream;
  private done = false;

  constructor(readonly path: string) {
    this.target = outputTarget(path);
    this.temp = this.target.inPlace ? this.target.path : tempPath(this.target.path);
    // Opened now, so a directory that cannot be written is an error before any work (and not an unhandled stream event).
    let fd: number;
    try {
      fd = openForWriting(this.temp, path);
    } catch (error) {
      if (!this.target.inPlace) release(this.temp);
      throw error;
    }
    // 1 MiB of buffering: writers hand over 64 KiB at a time and should not wait for each one to reach the disk.
    this.stream = createWriteStream(this.temp, { fd, highWaterMark: 1 << 20 });
    // A write that fails later (a full disk) is kept and thrown by the next write or commit, never left unhandled.
    this.stream.on("error", (error) => {
      this.failure ??= cannotWrite(path, error);
    });
  }

  private failure: DataError | undefined;

  async write(chunk: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(chunk)) {
      try {
        // `once` rejects on an `error` event: the failure recorded by the listener above is the one to report.
        await Promise.race([once(this.stream, "drain"), once(this.stream, "close")]);
      } catch (error) {
        throw this.failure ?? cannotWrite(this.path, error);
      }
    }
    if (this.failure) throw this.failure;
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (this.failure) {
      this.stream.destroy();
      if (!this.target.inPlace) discard(this.temp);
      throw this.failure;
    }
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", (error) => reject(this.failure ?? cannotWrite(this.path, error)));
      this.stream.end(() => resolve());
    });
    if (!this.target.inPlace) syncAndRename(this.temp, this.target.path);
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    this.stream.destroy();
    if (!this.target.inPlace) discard(this.temp);
  }
}

/**
 * A file that another writer (DuckDB's COPY) fills at `temp`, a temporary name beside `path`; `commit` syncs it to
 * disk and renames it over `path`, `abort` removes it, so `path` only ever holds a complete file. For a FIFO or
 * device target, `temp` lies in a private temporary directory and `commit` copies it into the target in place.
 */
export class AtomicFileTarget {
  readonly temp: string;
  private readonly target: OutputTarget;
  private readonly tempDir: { path: string; remove: () => void } | undefined;
  private done = false;

  constructor(readonly path: string) {
    this.target = outputTarget(path);
    this.tempDir = this.target.inPlace ? privateTempDir(OUT_DIR_PREFIX) : undefined;
    this.temp = this.tempDir ? join(this.tempDir.path, "output") : tempPath(this.target.path);
    if (!this.tempDir) {
      // Created now (the writer replaces it), so a directory that cannot be written is refused before any work.
      try {
        closeSync(openForWriting(this.temp, path));
      } catch (error) {
        release(this.temp);
        throw error;
      }
    }
  }

  commit(): void {
    if (this.done) return;
    this.done = true;
    if (!this.tempDir) return syncAndRename(this.temp, this.target.path);
    try {
      copyInto(this.temp, this.target.path);
    } finally {
      this.tempDir.remove();
    }
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    if (this.tempDir) this.tempDir.remove();
    else discard(this.temp);
  }
}
