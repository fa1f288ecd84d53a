import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CODES, formatDiagnostic, loadYaml, validateDocument, type Diagnostic } from "@segform/spec";
import { compileFiles } from "./helpers.js";

/**
 * No input may make the pipeline throw: loadYaml + validateDocument + compileProject always return
 * diagnostics (house rule: a YAML typo never ends in a stack trace). FUZZ_RUNS raises the number of cases.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** A full compile of a mutated example takes tens of milliseconds; leave room when FUZZ_RUNS is raised. */
const TIMEOUT = Math.max(60_000, RUNS * 100);
const example = readFileSync(new URL("../../../segments.example.yaml", import.meta.url), "utf8");

function checkDiagnostics(diagnostics: readonly Diagnostic[], text: string): void {
  const lineCount = text.split(/\r?\n/).length;
  for (const diagnostic of diagnostics) {
    expect(Object.keys(CODES)).toContain(diagnostic.code);
    expect(diagnostic.message).not.toMatch(/^internal|Maximum call stack|undefined|\[object Object\]/);
    expect(diagnostic.location, `${diagnostic.code} ${diagnostic.message} has no location`).toBeDefined();
    expect(diagnostic.location!.line).toBeGreaterThanOrEqual(1);
    expect(diagnostic.location!.line).toBeLessThanOrEqual(lineCount);
    expect(diagnostic.location!.column).toBeGreaterThanOrEqual(1);
    expect(() => formatDiagnostic(diagnostic, text)).not.toThrow();
  }
}

/** Runs every phase on one file; fails the property if anything throws or a failed compile says nothing. */
function survives(text: string): void {
  const { document, diagnostics } = loadYaml("segments.yaml", text);
  checkDiagnostics(diagnostics, text);
  if (!diagnostics.some((d) => d.severity === "error")) checkDiagnostics(validateDocument(document).diagnostics, text);
  const result = compileFiles({ "segments.yaml": text });
  checkDiagnostics(result.diagnostics, text);
  if (!result.plan) expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
  else expect(result.diagnostics.every((d) => d.severity === "warning")).toBe(true);
}

const yamlish = fc.string({
  unit: fc.constantFrom(..."{}[]:,-#&*!|>'\"\n ?%@`abc01.~\t\\"),
  maxLength: 120,
});

type Edit = ["delete" | "duplicate" | "insert", number, number, string];
const edit: fc.Arbitrary<Edit> = fc.tuple(
  fc.constantFrom("delete", "duplicate", "insert"),
  fc.nat(),
  fc.nat({ max: 40 }),
  fc.string({ maxLength: 4 }),
);

function applyEdits(text: string, edits: Edit[]): string {
  for (const [kind, position, length, inserted] of edits) {
    const at = position % (text.length + 1);
    if (kind === "delete") text = text.slice(0, at) + text.slice(at + length);
    else if (kind === "duplicate") text = text.slice(0, at) + text.slice(at, at + length) + text.slice(at);
    else text = text.slice(0, at) + inserted + text.slice(at);
  }
  return text;
}

/** Every path in the example's value tree, to replace a subtree with something else. */
const exampleValue = loadYaml("segments.yaml", example).document.value;
const paths: (string | number)[][] = [];
(function collect(value: unknown, path: (string | number)[]) {
  paths.push(path);
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) collect(item, [...path, Array.isArray(value) ? Number(key) : key]);
  }
})(exampleValue, []);

const names = [
  "",
  "x",
  "fit",
  "intent",
  "tier",
  "employees",
  "mid_market",
  "tier1",
  "NA",
  "2026-02-30",
  "2026-01-01",
  "{{ x }}",
  "(",
  "${env:X}",
  "all",
  "not",
  "account_id",
  "tech",
  "crm-segment",
  "salesforce",
];
const scalar = fc.oneof(
  fc.constantFrom(...names),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const keys = [
  "eq",
  "in",
  "gt",
  "gte",
  "between",
  "exists",
  "contains",
  "matches",
  "within_days",
  "all",
  "any",
  "not",
  "when",
  "id",
  "points",
  "employees",
  "fit",
  "tier",
  "region",
  "from",
  "capacity",
  "by",
  "type",
  "enum",
  "default",
];
const tree = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...keys), tie("value"), { maxKeys: 3 }),
  ),
})).value;

function replaceAt(root: unknown, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  if (path.length === 0) return copy;
  let parent: unknown = copy;
  for (const part of path.slice(0, -1)) {
    if (parent === null || typeof parent !== "object") return copy; // an earlier change removed this path
    parent = (parent as Record<string | number, unknown>)[part];
  }
  if (parent === null || typeof parent !== "object") return copy;
  const last = path[path.length - 1]!;
  if (remove && !Array.isArray(parent)) delete (parent as Record<string | number, unknown>)[last];
  else (parent as Record<string | number, unknown>)[last] = replacement;
  return copy;
}

describe("robustness: nothing throws, every problem is a located diagnostic", () => {
  it("compiles segments.example.yaml cleanly (the fuzz starts from a valid file)", () => {
    const result = compileFiles({ "segments.yaml": example });
    expect(result.diagnostics).toEqual([]);
    expect(result.plan).toBeDefined();
  });

  it(
    "random strings",
    () => {
      fc.assert(fc.property(fc.string({ maxLength: 200 }), survives), { numRuns: RUNS });
      fc.assert(
        fc.property(yamlish, (text) => survives("version: 1\n" + text)),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "random character edits of segments.example.yaml (deleting, duplicating, inserting)",
    () => {
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => survives(applyEdits(example, edits))),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "random replacements of parts of segments.example.yaml (valid YAML, odd content)",
    () => {
      const change = fc.tuple(fc.nat({ max: paths.length - 1 }), tree, fc.boolean());
      fc.assert(
        fc.property(fc.array(change, { minLength: 1, maxLength: 3 }), (changes) => {
          let value = exampleValue;
          for (const [index, replacement, remove] of changes)
            value = replaceAt(value, paths[index]!, replacement, remove);
          survives(JSON.stringify(value, null, 1));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it("known crashers: non-finite numbers, deep nesting, huge inputs", () => {
    survives(example.replace("points: 40", "points: .inf"));
    survives(example.replace("segment_size: { min: 20 }", "segment_size: { min: .nan }"));
    survives(example.replace("capacity: 25", "capacity: 1e400"));
    survives(`version: 1\nname: ${"[".repeat(50_000)}\n`);
    survives(`version: 1\nname:\n  ${"- ".repeat(100_000)}x\n`);
    survives(`version: 1\nname: ${"{a: ".repeat(10_000)}\n`);
    survives(`version: 1\ndefine:\n  x: ${"{ not: ".repeat(200)}y${" }".repeat(200)}\n`);
  });
});
