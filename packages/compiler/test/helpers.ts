import { posix } from "node:path";
import { DiagnosticBag, type Diagnostic } from "@segform/spec";
import type { Plan } from "@segform/plan";
import { CheckContext } from "../src/context.js";
import { compileProject, type CompileResult } from "../src/compile.js";
import { lowerProject } from "../src/lower.js";
import { resolveProject, type FileReader } from "../src/resolve.js";

/** A FileReader over in-memory files; imports are joined posix-style to the importing file's directory. */
export function memoryReader(files: Record<string, string>): FileReader {
  return {
    read: (path) => (Object.hasOwn(files, path) ? files[path] : undefined),
    resolve: (from, relative) =>
      posix.isAbsolute(relative) ? posix.normalize(relative) : posix.join(posix.dirname(from), relative),
  };
}

/** Compiles a project held in memory, starting at `main`. */
export function compileFiles(files: Record<string, string>, main = "segments.yaml"): CompileResult {
  return compileProject(main, memoryReader(files));
}

/** Compiles one file, `segments.yaml`. */
export function compileText(text: string): CompileResult {
  return compileFiles({ "segments.yaml": text });
}

type HasDiagnostics = { diagnostics: readonly Diagnostic[] } | readonly Diagnostic[];

function list(result: HasDiagnostics): readonly Diagnostic[] {
  return Array.isArray(result)
    ? (result as readonly Diagnostic[])
    : (result as { diagnostics: readonly Diagnostic[] }).diagnostics;
}

/** One line per diagnostic: `segments.yaml:4:5 error SEG010 unknown key "capacty" in tiers[0]`. */
export function diagnosticsText(result: HasDiagnostics): string[] {
  return list(result).map((d) => {
    const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column} ` : "";
    return `${where}${d.severity} ${d.code} ${d.message}`;
  });
}

/**
 * The source text each diagnostic points at (its line from the start column to the end column, or to the end
 * of the line when the range spans lines): asserting it shows the location is right, not just plausible.
 */
export function underlined(result: HasDiagnostics, files: Record<string, string> | string): string[] {
  const sources = typeof files === "string" ? { "segments.yaml": files } : files;
  return list(result).map((d) => {
    if (!d.location) return "";
    const line = (sources[d.location.file] ?? "").split(/\r?\n/)[d.location.line - 1] ?? "";
    const end =
      d.location.endLine === d.location.line && d.location.endColumn !== undefined
        ? d.location.endColumn - 1
        : line.length;
    return line.slice(d.location.column - 1, Math.max(end, d.location.column));
  });
}

/** The hints, in diagnostic order. */
export function hints(result: HasDiagnostics): (string | undefined)[] {
  return list(result).map((d) => d.hint);
}

/**
 * Runs one rule on a project that resolves cleanly, and returns only what that rule reported (sorted).
 * Schema or import errors are returned instead, so a broken fixture fails loudly rather than passing.
 * UnreachableRule-style rules that need the plan get it lowered here.
 */
export function runRule(
  rule: ((ctx: CheckContext) => void) | ((ctx: CheckContext, plan: Plan) => void),
  files: Record<string, string> | string,
  main = "segments.yaml",
): Diagnostic[] {
  const all = typeof files === "string" ? { [main]: files } : files;
  const bag = new DiagnosticBag();
  const resolved = resolveProject(main, memoryReader(all), bag);
  if (!resolved || bag.hasErrors) return bag.sorted();
  const ctx = new CheckContext(resolved, bag);
  if (rule.length >= 2) (rule as (ctx: CheckContext, plan: Plan) => void)(ctx, lowerProject(resolved));
  else (rule as (ctx: CheckContext) => void)(ctx);
  return bag.sorted();
}

/** Joins lines with newlines (and a trailing one): line N of the file is argument N. */
export function yaml(...lines: string[]): string {
  return lines.join("\n") + "\n";
}

/** The first lines most rule fixtures share: version, key and typed fields (lines 1-12). */
export const HEADER = [
  "version: 1",
  "key: id",
  "fields:",
  "  id:        { type: string }",
  "  employees: { type: integer }",
  "  revenue:   { type: number }",
  "  industry:  { type: string }",
  "  region:    { type: string, enum: [NA, EMEA, APAC, LATAM] }",
  '  tech:      { type: "string[]" }',
  "  founded:   { type: date }",
  "  active:    { type: boolean }",
  "  intent_score: { type: number }",
] as const;

/** A project: HEADER (lines 1-12) then `lines` from line 13 on. */
export function project(...lines: string[]): string {
  return yaml(...HEADER, ...lines);
}
