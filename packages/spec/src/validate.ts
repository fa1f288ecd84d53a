import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { createRequire } from "node:module";
import { closest, distance } from "fastest-levenshtein";
import { DiagnosticBag, type Diagnostic } from "./diagnostics.js";
import { pathText, type Path, type SourceDocument } from "./load.js";
import type { SegformDocument } from "./types.js";
import SEGFORM_SCHEMA from "./generated/segform-schema.js";
import validateSegform from "./generated/segform-validate.js";

export const SUPPORTED_VERSIONS = [1] as const;

/** The JSON Schema for the language (generated from types.ts; the same document as schemas/segform.schema.json). A fresh copy. */
export function segformSchema(): Record<string, unknown> {
  return structuredClone(SEGFORM_SCHEMA);
}

/**
 * Compiles a JSON Schema with the options the error mapping relies on (all errors, verbose). The language's own
 * schemas are compiled ahead of time by `pnpm schema` (scripts/schema-lib.mjs, with these options).
 */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  // Loaded here, not at start-up: no command compiles a schema (loading ajv took ~60 ms of every command).
  const require = createRequire(import.meta.url);
  const { Ajv } = require("ajv") as typeof import("ajv");
  const addFormatsModule = require("ajv-formats") as unknown;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Validates a loaded document with a compiled schema; every error located at file:line:col. */
export function schemaDiagnostics(document: SourceDocument, validate: ValidateFunction): Diagnostic[] {
  const bag = new DiagnosticBag();
  if (!validate(document.value)) {
    for (const error of selectErrors(validate.errors ?? [], document.value))
      reportError(error, document, bag, document.value);
  }
  return bag.sorted();
}

/**
 * Checks a loaded document against the JSON Schema and maps every error to file:line:col.
 * Returns the typed document when there are no errors.
 */
export function validateDocument(document: SourceDocument): { spec?: SegformDocument; diagnostics: Diagnostic[] } {
  const bag = new DiagnosticBag();
  const value = document.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    bag.error(
      "SEG011",
      "a segform file must be a mapping (key: value pairs)",
      document.locate([]),
      "start with `version: 1`",
    );
    return { diagnostics: bag.sorted() };
  }
  const version = (value as Record<string, unknown>).version;
  if (!SUPPORTED_VERSIONS.includes(version as 1)) {
    const location = document.has(["version"]) ? document.locate(["version"]) : document.locate([]);
    const got = version === undefined ? "no `version`" : `version ${JSON.stringify(version)}`;
    bag.error(
      "SEG005",
      `${got}: supported versions are ${SUPPORTED_VERSIONS.join(", ")}`,
      location,
      "set `version: 1` (the language version this segform reads)",
    );
    return { diagnostics: bag.sorted() };
  }
  for (const diagnostic of schemaDiagnostics(document, validateSegform)) bag.add(diagnostic);
  return bag.hasErrors ? { diagnostics: bag.sorted() } : { spec: value as SegformDocument, diagnostics: bag.sorted() };
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/**
 * Ajv reports every failed branch of an `anyOf`. All unions in the language are discriminated by JSON type
 * (string vs mapping vs list vs scalar), so keep only the errors of the branch whose type matched; when no
 * branch matched, keep the `anyOf` error itself (reported as a type error listing the accepted types).
 */
function selectErrors(errors: ErrorObject[], root: unknown): ErrorObject[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const kept: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword === "anyOf") {
      const underneath = errors.some(
        (other) =>
          other !== error &&
          other.keyword !== "anyOf" &&
          !(other.keyword === "type" && other.instancePath === error.instancePath) &&
          (other.instancePath === error.instancePath || other.instancePath.startsWith(error.instancePath + "/")),
      );
      if (!underneath) kept.push(error);
      continue;
    }
    if (error.keyword === "type" && anyOfPaths.has(error.instancePath)) continue;
    kept.push(error);
  }
  void root;
  return kept;
}

const FRIENDLY_PATTERN: Record<string, { message: string; hint: string; code: string }> = {
  "^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}$": {
    code: "SEG030",
    message: "secrets may only be given as an environment reference",
    hint: 'write "${env:NAME}" and set NAME in the environment; never commit a token',
  },
  "^[A-Za-z][A-Za-z0-9_-]*$": {
    code: "SEG012",
    message: "ids start with a letter and use only letters, digits, - and _",
    hint: "e.g. tier1, fintech-security, economic_buyer",
  },
  "^\\d{4}-\\d{2}-\\d{2}$": {
    code: "SEG032",
    message: "dates are written YYYY-MM-DD",
    hint: 'e.g. "2026-11-01" (quoted)',
  },
};

function reportError(error: ErrorObject, document: SourceDocument, bag: DiagnosticBag, root: unknown): void {
  const path = pointerToPath(error.instancePath);
  const where = pathText(path);
  const value = valueAt(root, path);
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = suggest(key, allowed);
      const near = suggestion !== undefined;
      const hint = near ? `did you mean "${suggestion}"? ` : "";
      bag.error(
        "SEG010",
        `unknown key "${key}" in ${where}`,
        document.locate([...path, key], "key"),
        `${hint}allowed keys: ${allowed.join(", ")}`.trim(),
      );
      return;
    }
    case "required": {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      bag.error(
        "SEG013",
        `${where} is missing the required key "${missing}"`,
        document.locate(path, path.length ? "key" : "value"),
        `add \`${missing}:\` here`,
      );
      return;
    }
    case "type":
    case "anyOf": {
      const expected = error.keyword === "type" ? describeType(error.params.type) : describeAnyOf(error.schema);
      bag.error(
        "SEG011",
        `${where} must be ${expected}, got ${jsonType(value)}${scalarPreview(value)}`,
        document.locate(path),
        hintForType(path),
      );
      return;
    }
    case "enum":
    case "const": {
      const allowed = (
        error.keyword === "enum"
          ? (error.params as { allowedValues: unknown[] }).allowedValues
          : [(error.params as { allowedValue: unknown }).allowedValue]
      ).map(String);
      const suggestion = typeof value === "string" ? suggest(value, allowed) : undefined;
      const near = suggestion !== undefined;
      bag.error(
        "SEG012",
        `${where}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`,
        document.locate(path),
        near ? `did you mean "${suggestion}"?` : undefined,
      );
      return;
    }
    case "pattern": {
      const pattern = String((error.params as { pattern: string }).pattern);
      const friendly = FRIENDLY_PATTERN[pattern];
      bag.error(
        friendly?.code ?? "SEG012",
        `${where}: ${friendly?.message ?? `${JSON.stringify(value)} does not match ${pattern}`}`,
        document.locate(path),
        friendly?.hint,
      );
      return;
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      bag.error(
        "SEG012",
        `${where}: ${String(value)} is outside the allowed range, ${rangeText(error.parentSchema as Bounds)}`,
        document.locate(path),
      );
      return;
    }
    default:
      bag.error("SEG012", `${where} ${error.message ?? "is invalid"}`, document.locate(path));
  }
}

interface Bounds {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** "0 to 100", "above 0 and below 1", "at least 0": the bounds as written in the schema. */
function rangeText(schema: Bounds): string {
  const low =
    schema.minimum !== undefined
      ? `${schema.minimum}`
      : schema.exclusiveMinimum !== undefined
        ? `above ${schema.exclusiveMinimum}`
        : undefined;
  const high =
    schema.maximum !== undefined
      ? `${schema.maximum}`
      : schema.exclusiveMaximum !== undefined
        ? `below ${schema.exclusiveMaximum}`
        : undefined;
  if (low !== undefined && high !== undefined)
    return schema.minimum !== undefined && schema.maximum !== undefined
      ? `${low} to ${high}`
      : `${low.replace(/^(\d)/, "at least $1")} and ${high.replace(/^(-?\d)/, "at most $1")}`;
  if (low !== undefined) return schema.minimum !== undefined ? `at least ${low}` : low;
  return schema.maximum !== undefined ? `at most ${high}` : high!;
}

/** The closest allowed word, when it is close enough to be a likely typo or abbreviation. */
export function suggest(word: string, allowed: readonly string[]): string | undefined {
  if (!allowed.length || !word) return undefined;
  const prefixed = allowed.filter((candidate) => candidate.toLowerCase().startsWith(word.toLowerCase()));
  if (prefixed.length === 1) return prefixed[0];
  const best = closest(word, allowed as string[]);
  const edits = distance(word, best);
  // Replacing every character of a short word is not a typo: "c" is not a misspelt "a".
  if (edits >= Math.min(word.length, best.length)) return undefined;
  return edits <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function describeType(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map((t) =>
    t === "object" ? "a mapping" : t === "array" ? "a list" : `${/^[aeiou]/.test(String(t)) ? "an" : "a"} ${t}`,
  );
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

function describeAnyOf(schema: unknown): string {
  const types = new Set<string>();
  for (const branch of Array.isArray(schema) ? schema : []) {
    const b = branch as { type?: unknown; $ref?: string };
    if (b.$ref === "#/definitions/Scalar") ["string", "number", "boolean"].forEach((t) => types.add(t));
    else if (b.$ref) types.add("object");
    for (const t of Array.isArray(b.type) ? b.type : b.type ? [b.type] : []) types.add(String(t));
  }
  return describeType([...types].sort());
}

function scalarPreview(value: unknown): string {
  if (value === null || typeof value === "object") return "";
  const text = JSON.stringify(value);
  return ` ${text.length > 40 ? text.slice(0, 40) + "…" : text}`;
}

function hintForType(path: Path): string | undefined {
  const last = path[path.length - 1];
  if (last === "when" || last === "include" || last === "exclude" || last === "not") {
    return "a condition is a name from `define` or a mapping like { employees: { gte: 200 } }";
  }
  return undefined;
}
