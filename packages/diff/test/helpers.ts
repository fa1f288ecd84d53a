import { posix } from "node:path";
import { compileProject, type FileReader } from "@segform/compiler";
import { Engine } from "@segform/engine";
import type { Plan } from "@segform/plan";
import type { EvaluatedAccount } from "../src/membership.js";

/** Joins lines into a YAML document. */
export const yaml = (...lines: string[]): string => lines.join("\n") + "\n";

/** A FileReader over in-memory files; imports are joined posix-style to the importing file's directory. */
export function memoryReader(files: Record<string, string>): FileReader {
  return {
    read: (path) => (Object.hasOwn(files, path) ? files[path] : undefined),
    resolve: (from, relative) =>
      posix.isAbsolute(relative) ? posix.normalize(relative) : posix.join(posix.dirname(from), relative),
  };
}

/** Compiles a project held in memory (one text is `segments.yaml`); fails the test on any error. */
export function compile(files: Record<string, string> | string, main = "segments.yaml"): Plan {
  const result = compileProject(main, memoryReader(typeof files === "string" ? { [main]: files } : files));
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (!result.plan || errors.length)
    throw new Error(`does not compile:\n${errors.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  return result.plan;
}

/** `text` with each `[old, new]` replaced; every `old` must occur exactly once (keeps variants honest). */
export function edit(text: string, ...replacements: [string, string][]): string {
  let out = text;
  for (const [from, to] of replacements) {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`edit: ${JSON.stringify(from)} occurs ${count} times`);
    out = out.replace(from, () => to);
  }
  return out;
}

/** Evaluates accounts (JSON objects keyed by column) with both stages and capacities, as evaluateAccounts does. */
export function evaluate(plan: Plan, rows: readonly Record<string, unknown>[], asOf: string): EvaluatedAccount[] {
  const engine = new Engine(plan, { asOf });
  const prepared = rows.map((row, index) => engine.prepare(engine.coercer.fromObject(row), index));
  const allocation = engine.allocate(prepared);
  return prepared.map((account) => ({ prepared: account, result: engine.finish(account, allocation) }));
}
