import { closeSync, existsSync, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { FileRefusal } from "@segform/compiler";

/**
 * Paths written in a definitions or test file come from whoever wrote that file: on a pull request from a fork,
 * nobody has reviewed them yet, and segform's output lands in public CI logs. Such a path must stay inside the
 * project (the git work tree holding the definitions file, or that file's directory outside git) after symlinks
 * are followed, and must be a regular file. Paths the user types on the command line are not confined.
 */
export class ProjectRoot {
  /** Real path (symlinks followed) of the project's root directory. */
  readonly root: string;

  constructor(definitionsFile: string) {
    const directory = realDirectory(dirname(resolve(definitionsFile)));
    this.root = gitWorkTree(directory) ?? directory;
  }

  private contains(real: string): boolean {
    const inside = relative(this.root, real);
    return !(inside === ".." || inside.startsWith(".." + sep) || isAbsolute(inside));
  }

  /** Why `path` (as written in a project file, already joined to that file's directory) may not be read. */
  refusal(path: string): FileRefusal | undefined {
    const absolute = resolve(path);
    const real = realPathOf(absolute);
    if (!this.contains(real)) {
      const how =
        this.contains(realPathOf(dirname(absolute))) && !this.contains(real) && absolute !== real
          ? "is a symlink that leads outside the project"
          : "is outside the project";
      return {
        refused: `${path} ${how}`,
        hint: "files named in project files must be inside the project: the git work tree that holds the definitions file (or its directory outside git), after following symlinks",
      };
    }
    return specialFileRefusal(path, real);
  }
}

/** The nearest directory from `start` up that holds `.git` (a directory, or a file in a worktree). */
function gitWorkTree(start: string): string | undefined {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, ".git"))) return directory;
    if (dirname(directory) === directory) return undefined;
  }
}

function realDirectory(directory: string): string {
  try {
    return realpathSync(directory);
  } catch {
    return directory;
  }
}

/** The real path of `absolute`; for a path that does not exist, its nearest existing ancestor's real path plus the rest. */
function realPathOf(absolute: string): string {
  const rest: string[] = [];
  for (let current = absolute; ; current = dirname(current)) {
    try {
      return join(realpathSync(current), ...rest.reverse());
    } catch {
      if (dirname(current) === current) return absolute;
      rest.push(current.slice(dirname(current).length).replace(/^[/\\]/, ""));
    }
  }
}

const KERNEL_TREES = ["/proc", "/sys", "/dev"];

/** Devices, FIFOs, sockets, directories and the kernel's virtual files are never read as project files. */
function specialFileRefusal(path: string, real: string): FileRefusal | undefined {
  if (KERNEL_TREES.some((tree) => real === tree || real.startsWith(tree + "/"))) {
    return { refused: `${path} is a system file, not a project file`, hint: "point at a file inside the project" };
  }
  let stats;
  try {
    stats = statSync(real);
  } catch {
    return undefined; // does not exist: the caller reports it as missing
  }
  if (stats.isFile()) return undefined;
  const what = stats.isDirectory()
    ? "a directory"
    : stats.isFIFO()
      ? "a FIFO"
      : stats.isSocket()
        ? "a socket"
        : "a device or special file";
  return { refused: `${path} is ${what}, not a regular file`, hint: "point at a regular file" };
}

/**
 * Reads a text file of at most `maxBytes` bytes (one byte more is read, so the caller can tell it is larger).
 * Refuses special files before opening them and, after reading, anything that is not UTF-8 text: such a file
 * gets a one-line error and its bytes never reach the output. Undefined when the file does not exist.
 */
export function readTextFile(path: string, maxBytes: number): string | undefined | FileRefusal {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  const special = specialFileRefusal(path, real);
  if (special) return special;
  let fd: number;
  try {
    fd = openSync(real, "r");
  } catch (error) {
    return {
      refused: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      hint: "check the file's permissions",
    };
  }
  try {
    if (!fstatSync(fd).isFile()) return { refused: `${path} is not a regular file`, hint: "point at a regular file" };
    const buffer = Buffer.allocUnsafe(maxBytes + 1); // only the bytes read are used
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return decodeText(buffer.subarray(0, length), path, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/** The bytes of a project file as text, or why they are not: too large, NUL bytes, not UTF-8 (no excerpt either way). */
export function decodeText(bytes: Uint8Array, path: string, maxBytes: number): string | FileRefusal {
  if (bytes.length > maxBytes) return tooLarge(path, maxBytes);
  if (bytes.includes(0))
    return { refused: `${path} is not a text file (it holds NUL bytes)`, hint: "segform reads YAML text in UTF-8" };
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { refused: `${path} is not UTF-8 text`, hint: "save the file as UTF-8" };
  }
}

/** The refusal of a project file over the size limit. */
export function tooLarge(path: string, maxBytes: number): FileRefusal {
  return {
    code: "SEG003",
    refused: `${path} is larger than ${maxBytes / 1024 / 1024} MiB`,
    hint: "split it with `imports`",
  };
}
