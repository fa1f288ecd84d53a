import { posix } from "node:path";
import type { Diagnostic } from "@segform/spec";
import { compileProject, type CompileResult, type FileReader } from "../src/index.js";

/** A FileReader over in-memory files; paths are joined posix-style, relative to the importing file. */
export function memoryReader(files: Record<string, string>): FileReader {
  return {
    read: (path) => (Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined),
    resolve: (from, relative) => (posix.isAbsolute(relative) ? posix.normalize(relative) : posix.join(posix.dirname(from), relative)),
  };
}

/** Compiles a project held in memory, starting at `main`. */
export function compileFiles(files: Record<string, string>, main = "segments.yaml"): CompileResult {
  return compileProject(main, memoryReader(files));
}

/** One line per diagnostic: `segments.yaml:4:5 error SEG010 unknown key "capacty" in tiers[0]`. */
export function diagnosticsText(result: Pick<CompileResult, "diagnostics"> | readonly Diagnostic[]): string[] {
  const diagnostics = Array.isArray(result) ? (result as readonly Diagnostic[]) : (result as Pick<CompileResult, "diagnostics">).diagnostics;
  return diagnostics.map((d) => {
    const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column} ` : "";
    return `${where}${d.severity} ${d.code} ${d.message}`;
  });
}

/** The diagnostics with one code. */
export function withCode(result: Pick<CompileResult, "diagnostics">, code: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}

/**
 * A small valid project to start rule tests from: account key, a few typed fields, four segments.
 * `extra` is appended verbatim (top-level keys), so a test adds only what it is about.
 */
export const BASE_FIELDS = `fields:
  id:        { type: string }
  employees: { type: integer }
  revenue:   { type: number }
  industry:  { type: string }
  region:    { type: string, enum: [NA, EMEA, APAC, LATAM] }
  tech:      { type: "string[]" }
  founded:   { type: date }
  active:    { type: boolean }
`;

/** Joins YAML lines with a newline and a trailing newline (keeps line numbers easy to count in tests). */
export function yaml(...lines: string[]): string {
  return lines.join("\n") + "\n";
}
