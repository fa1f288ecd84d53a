import { spawn } from "node:child_process";
import { once } from "node:events";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AtomicFileStream, AtomicFileTarget, outputTarget, writeFileAtomic } from "./atomic.js";
import { DataError } from "./sources.js";

function dir(): string {
  return mkdtempSync(join(tmpdir(), "segform-atomic-"));
}

/** A FIFO with a reader (`cat`) collecting what is written into it into `<fifo>.got`. */
function fifoWithReader(path: string): Promise<string> {
  execFileSync("mkfifo", [path]);
  const reader = spawn("sh", ["-c", 'cat "$1" > "$1.got"', "sh", path], { stdio: "ignore" });
  return once(reader, "exit").then(() => readFileSync(`${path}.got`, "utf8"));
}

describe("atomic writers", () => {
  it("replace a regular file by renaming, leaving no temporary file", () => {
    const root = dir();
    writeFileSync(join(root, "out.txt"), "old");
    writeFileAtomic(join(root, "out.txt"), "new");
    expect(readFileSync(join(root, "out.txt"), "utf8")).toBe("new");
    expect(readdirSync(root)).toEqual(["out.txt"]);
  });

  it("write through a symlink: the link stays a link, the file it names gets the content", async () => {
    const root = dir();
    writeFileSync(join(root, "real.txt"), "old");
    symlinkSync("real.txt", join(root, "link.txt"));
    writeFileAtomic(join(root, "link.txt"), "one");
    expect(lstatSync(join(root, "link.txt")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, "link.txt"))).toBe("real.txt");
    expect(readFileSync(join(root, "real.txt"), "utf8")).toBe("one");
    const stream = new AtomicFileStream(join(root, "link.txt"));
    await stream.write("two");
    await stream.commit();
    expect(lstatSync(join(root, "link.txt")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, "real.txt"), "utf8")).toBe("two");
    const target = new AtomicFileTarget(join(root, "link.txt"));
    writeFileSync(target.temp, "three");
    target.commit();
    expect(lstatSync(join(root, "link.txt")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, "real.txt"), "utf8")).toBe("three");
    expect(readdirSync(root).sort()).toEqual(["link.txt", "real.txt"]);
  });

  it("write a FIFO in place: it stays a FIFO and its reader gets the content", async () => {
    const root = dir();
    const fifo = join(root, "pipe");
    const got = fifoWithReader(fifo);
    writeFileAtomic(fifo, "whole\n");
    expect(await got).toBe("whole\n");
    expect(lstatSync(fifo).isFIFO()).toBe(true);

    const fifo2 = join(root, "pipe2");
    const got2 = fifoWithReader(fifo2);
    const stream = new AtomicFileStream(fifo2);
    await stream.write("a\n");
    await stream.write("b\n");
    await stream.commit();
    expect(await got2).toBe("a\nb\n");
    expect(lstatSync(fifo2).isFIFO()).toBe(true);

    const fifo3 = join(root, "pipe3");
    const got3 = fifoWithReader(fifo3);
    const target = new AtomicFileTarget(fifo3);
    expect(target.temp.startsWith(root)).toBe(false);
    writeFileSync(target.temp, "copied\n");
    target.commit();
    expect(await got3).toBe("copied\n");
    expect(lstatSync(fifo3).isFIFO()).toBe(true);
    expect(readdirSync(root).sort()).toEqual(["pipe", "pipe.got", "pipe2", "pipe2.got", "pipe3", "pipe3.got"]);
  });

  it("write a character device in place", () => {
    expect(outputTarget("/dev/null")).toEqual({ path: "/dev/null", inPlace: true });
    writeFileAtomic("/dev/null", "discarded");
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("refuse a directory, a dangling symlink and an empty path with SEG110", () => {
    const root = dir();
    mkdirSync(join(root, "sub"));
    symlinkSync("missing.txt", join(root, "dangling"));
    const refusal = (path: string) => {
      try {
        writeFileAtomic(path, "x");
      } catch (error) {
        expect(error).toBeInstanceOf(DataError);
        const e = error as DataError;
        return [e.code, e.file, e.message, e.hint];
      }
      return undefined;
    };
    expect(refusal(join(root, "sub"))).toEqual([
      "SEG110",
      join(root, "sub"),
      "the output path is a directory",
      "name a regular file (or a FIFO or character device such as /dev/stdout)",
    ]);
    expect(refusal(join(root, "dangling"))).toEqual([
      "SEG110",
      join(root, "dangling"),
      "the output path is a symlink to a file that does not exist",
      "point the link at an existing file, or remove it",
    ]);
    expect(refusal("")).toEqual(["SEG110", "", "empty output path", "name a file, e.g. --out membership.csv"]);
    expect(readdirSync(root).sort()).toEqual(["dangling", "sub"]);
  });
});

describe("an output the file system refuses", () => {
  it("is SEG120 naming the output: a directory that cannot hold files, and a full disk (/dev/full) while streaming", async () => {
    expect(() => new AtomicFileStream("/proc/self/segform.csv")).toThrow(
      expect.objectContaining({
        code: "SEG120",
        message: "cannot write the output file: its directory cannot hold new files",
        file: "/proc/self/segform.csv",
      }),
    );
    expect(() => writeFileAtomic("/proc/self/segform.csv", "x")).toThrow(expect.objectContaining({ code: "SEG120" }));
    expect(() => new AtomicFileTarget("/proc/self/segform.parquet")).toThrow(
      expect.objectContaining({ code: "SEG120" }),
    );
    const full = new AtomicFileStream("/dev/full");
    const writing = (async () => {
      for (let i = 0; i < 64; i++) await full.write("x".repeat(1 << 16));
      await full.commit();
    })();
    await expect(writing).rejects.toMatchObject({
      code: "SEG120",
      message: "cannot write the output file: no space left on the device",
    });
  });
});
