import { execFileSync } from "node:child_process";
import { relative, resolve, dirname } from "node:path";
import type { FileReader } from "@segform/compiler";
import { LIMITS } from "@segform/spec";
import { decodeText, tooLarge } from "./confine.js";
import { diskReader } from "./project.js";
import { CliError, EXIT } from "./errors.js";

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/**
 * Reads files as they were at a git ref (`git show REF:path`), without touching the working tree. Paths are
 * the same as the disk reader's (relative to the working directory), mapped to the repository root.
 */
export function gitReader(ref: string, cwd = process.cwd()): FileReader {
  let root: string;
  try {
    root = git(["rev-parse", "--show-toplevel"], cwd).trim();
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd);
  } catch {
    throw new CliError(
      EXIT.usage,
      `cannot read git ref "${ref}"`,
      "run inside a git repository and name a commit, branch or tag (e.g. origin/main)",
    );
  }
  return {
    read(path) {
      const inRepo = relative(root, resolve(cwd, path)).split("\\").join("/");
      if (inRepo.startsWith("..")) return undefined;
      let bytes: Buffer;
      try {
        bytes = execFileSync("git", ["show", `${ref}:${inRepo}`], {
          cwd: root,
          stdio: ["ignore", "pipe", "pipe"],
          maxBuffer: LIMITS.maxFileBytes + 1,
        });
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === "ENOBUFS" ? tooLarge(path, LIMITS.maxFileBytes) : undefined;
      }
      return decodeText(bytes, path, LIMITS.maxFileBytes);
    },
    resolve: diskReader.resolve,
  };
}

export { dirname };
