import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, isAbsolute } from "node:path";
import { compileProject, type CompileResult, type FileReader } from "@segform/compiler";
import { formatDiagnostic, type Diagnostic } from "@segform/spec";
import { CliError, EXIT } from "./errors.js";

/** Reads project files from disk. Paths stay as the user wrote them (relative to the working directory). */
export const diskReader: FileReader = {
  read(path) {
    try {
      if (!existsSync(path) || !statSync(path).isFile()) return undefined;
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
  resolve(from, rel) {
    if (isAbsolute(rel)) return rel;
    const joined = join(dirname(from), rel);
    return isAbsolute(from) ? joined : relative(".", joined) || ".";
  },
};

/** The definitions file: the argument, or segments.yaml in the working directory. */
export function projectFile(argument: string | undefined): string {
  if (argument) return argument;
  if (existsSync("segments.yaml")) return "segments.yaml";
  throw new CliError(EXIT.usage, "no definitions file given and no segments.yaml here", "pass a file: segform run path/to/segments.yaml, or create one with segform init");
}

export function printDiagnostics(result: Pick<CompileResult, "diagnostics" | "sources">, stream: NodeJS.WritableStream = process.stderr): void {
  for (const diagnostic of result.diagnostics) {
    stream.write(formatDiagnostic(diagnostic, diagnostic.location ? result.sources.get(diagnostic.location.file) : undefined) + "\n");
  }
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  if (result.diagnostics.length) stream.write(`${count(errors, "error")}, ${count(warnings, "warning")}\n`);
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

/** Compiles the project, printing diagnostics; exits with 2 (input error) when it does not compile. */
export function compileOrExit(file: string): Required<Pick<CompileResult, "plan" | "resolved">> & CompileResult {
  const result = compileProject(file, diskReader);
  printDiagnostics(result);
  if (!result.plan || !result.resolved) throw new CliError(EXIT.input, "", undefined, true);
  return result as Required<Pick<CompileResult, "plan" | "resolved">> & CompileResult;
}

/** A path written in a definitions file, relative to that file. */
export function pathFromSpec(specFile: string, written: string): string {
  return diskReader.resolve(specFile, written);
}

export function diagnosticsJson(diagnostics: Diagnostic[]): string {
  return JSON.stringify({ ok: !diagnostics.some((d) => d.severity === "error"), diagnostics }, null, 2) + "\n";
}
