import { DiagnosticBag, type Diagnostic } from "@segform/spec";
import type { Plan } from "@segform/plan";
import { CheckContext } from "./context.js";
import { lowerProject } from "./lower.js";
import { resolveProject, type FileReader, type ResolvedSpec } from "./resolve.js";
import { specifiedRules, UnreachableRule } from "./rules/index.js";

export interface CompileResult {
  /** Present when there are no errors (warnings allowed). */
  plan?: Plan;
  diagnostics: Diagnostic[];
  /** Text of every file read, by path, for code frames. */
  sources: Map<string, string>;
  resolved?: ResolvedSpec;
}

/** Parse, validate, resolve, check and lower a project. Pure: files come through `reader`. */
export function compileProject(mainPath: string, reader: FileReader): CompileResult {
  const sources = new Map<string, string>();
  const recordingReader: FileReader = {
    read(path) {
      const text = reader.read(path);
      if (typeof text === "string") sources.set(path, text);
      return text;
    },
    resolve: (from, relative) => reader.resolve(from, relative),
    identity: reader.identity && ((path) => reader.identity!(path)),
  };
  const bag = new DiagnosticBag();
  const resolved = resolveProject(mainPath, recordingReader, bag);
  if (!resolved || bag.hasErrors) return { diagnostics: bag.sorted(), sources, resolved };
  const ctx = new CheckContext(resolved, bag);
  for (const rule of specifiedRules) rule(ctx);
  if (bag.hasErrors) return { diagnostics: bag.sorted(), sources, resolved };
  const plan = lowerProject(resolved);
  UnreachableRule(ctx, plan);
  return { plan, diagnostics: bag.sorted(), sources, resolved };
}
