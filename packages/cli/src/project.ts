import { existsSync, realpathSync } from "node:fs";
import { dirname, join, relative, isAbsolute } from "node:path";
import { compileProject, type CompileResult, type Entry, type FileReader } from "@segform/compiler";
import { formatDiagnostic, LIMITS, redactSecrets } from "@segform/spec";
import { ProjectRoot, readTextFile } from "./confine.js";
import { CliError, EXIT, LocatedError } from "./errors.js";
import { io } from "./io.js";
import { envelope } from "./envelope.js";

/**
 * Reads files from disk as the user named them (relative to the working directory); special files and non-text
 * files are refused. Paths written inside project files go through `projectReader` instead.
 */
export const diskReader: FileReader = {
  read: (path) => readTextFile(path, LIMITS.maxFileBytes),
  resolve(from, rel) {
    if (isAbsolute(rel)) return rel;
    const joined = join(dirname(from), rel);
    return isAbsolute(from) ? joined : relative(".", joined) || ".";
  },
  identity(path) {
    try {
      return realpathSync(path);
    } catch {
      return path; // not there: reading it reports that
    }
  },
};

/**
 * The reader for a project: the definitions file itself as the user named it, every other file (imports) only
 * inside the project root (see ProjectRoot).
 */
export function projectReader(definitionsFile: string, root = new ProjectRoot(definitionsFile)): FileReader {
  return {
    read(path) {
      if (path !== definitionsFile) {
        const refusal = root.refusal(path);
        if (refusal) return refusal;
      }
      return diskReader.read(path);
    },
    resolve: diskReader.resolve,
    identity: diskReader.identity,
  };
}

/** The definitions file: the argument, or segments.yaml in the working directory. */
export function projectFile(argument: string | undefined): string {
  if (argument) return argument;
  if (existsSync("segments.yaml")) return "segments.yaml";
  throw new CliError(
    EXIT.usage,
    "no definitions file given and no segments.yaml here",
    "pass a file: segform run path/to/segments.yaml, or create one with segform init",
  );
}

/** A terminal or CI log shows the first diagnostics; past this many, the rest are counted (a hostile file can produce 100,000). */
const MAX_PRINTED_DIAGNOSTICS = 200;

export function printDiagnostics(
  result: Pick<CompileResult, "diagnostics" | "sources">,
  stream: NodeJS.WritableStream = io().stderr,
): void {
  const json = envelope();
  if (json) {
    // --json: every diagnostic, as data; the printed form is discarded.
    result.diagnostics.forEach((diagnostic) => json.add(diagnostic));
    return;
  }
  const redacted = new Map<string, string | undefined>();
  const source = (file: string) => {
    if (!redacted.has(file)) {
      const text = result.sources.get(file);
      redacted.set(file, text === undefined ? undefined : redactSecrets(text, result.diagnostics, file));
    }
    return redacted.get(file);
  };
  for (const diagnostic of result.diagnostics.slice(0, MAX_PRINTED_DIAGNOSTICS)) {
    stream.write(
      formatDiagnostic(diagnostic, diagnostic.location ? source(diagnostic.location.file) : undefined) + "\n",
    );
  }
  const hidden = result.diagnostics.length - MAX_PRINTED_DIAGNOSTICS;
  if (hidden > 0) stream.write(`… and ${count(hidden, "more diagnostic")} (segform validate --json lists them all)\n`);
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  if (result.diagnostics.length) stream.write(`${count(errors, "error")}, ${count(warnings, "warning")}\n`);
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

/** Compiles the project, printing diagnostics; exits with 2 (input error) when it does not compile. */
export function compileOrExit(file: string): Required<Pick<CompileResult, "plan" | "resolved">> & CompileResult {
  const result = compileProject(file, projectReader(file));
  printDiagnostics(result);
  if (!result.plan || !result.resolved) throw new CliError(EXIT.input, "", undefined, true);
  return result as Required<Pick<CompileResult, "plan" | "resolved">> & CompileResult;
}

/**
 * A file path written in a project file (`source:`, `contacts.source:`), joined to that file's directory and
 * confined to the project: a path outside it, or a special file, is a located input error (SEG006, exit 2).
 */
export function projectPath(
  entry: Entry<string>,
  definitionsFile: string,
  root = new ProjectRoot(definitionsFile),
): string {
  const path = diskReader.resolve(entry.at.doc.file, entry.value);
  const refusal = root.refusal(path);
  if (refusal) {
    const location = entry.at.doc.locate(entry.at.path);
    throw new LocatedError(
      { code: refusal.code ?? "SEG006", severity: "error", message: refusal.refused, hint: refusal.hint, location },
      entry.at.doc.text,
    );
  }
  return path;
}
