import { readFileSync } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
import { projectSchema, PROJECT_SCHEMA_TITLE, type ResolvedSpec } from "@segform/compiler";
import { segformSchema } from "@segform/spec";
import { fixturesSchema, testSuiteSchema } from "@segform/testing";
import { writeFileAtomic } from "@segform/data";
import { EXIT } from "../errors.js";
import { compileOrExit, projectFile } from "../project.js";
import { writeStdout } from "./run.js";
import { envelope } from "../envelope.js";

const SCHEMAS = { definitions: segformSchema, test: testSuiteSchema, fixtures: fixturesSchema } as const;

export interface SchemaOptions {
  out?: string;
  kind?: keyof typeof SCHEMAS;
  /** The definitions file whose project schema to write (`true`: the default segments.yaml). */
  project?: string | boolean;
  json?: boolean;
}

/**
 * `segform schema`: the JSON Schema of definitions (default), test files or fixture files, for editors and CI.
 * `--project [file]`: the definitions schema specialised to that project (its fields, operators by type, defines,
 * scores, tiers, activations and destinations), for completion and checks in the editor.
 */
export async function schemaCommand(options: SchemaOptions): Promise<number> {
  const text = options.project ? projectSchemaText(projectFile(options.project === true ? undefined : options.project)) : JSON.stringify(SCHEMAS[options.kind ?? "definitions"](), null, 2) + "\n";
  if (options.out) writeFileAtomic(options.out, text);
  const json = envelope();
  if (json) json.result = { kind: options.project ? "project" : (options.kind ?? "definitions"), ...(options.out ? { out: options.out } : { schema: JSON.parse(text) }) };
  else if (!options.out) await writeStdout(text);
  return EXIT.ok;
}

/** The project schema's text for a definitions file that compiles (diagnostics and exit 2 otherwise). */
export function projectSchemaText(file: string): string {
  const { resolved } = compileOrExit(file);
  return JSON.stringify(projectSchema(segformSchema(), resolved), null, 2) + "\n";
}

/**
 * Keeps the editor's project schema current (`segform dev` calls it after every compile): when the definitions'
 * modeline (`# yaml-language-server: $schema=PATH`) points at a local file that is a segform project schema, it is
 * rewritten from `resolved` if it changed. Any other file (the generic schema, someone else's) is left alone.
 * Returns the path written, or undefined.
 */
export function refreshProjectSchema(definitionsFile: string, definitionsText: string | undefined, resolved: ResolvedSpec): string | undefined {
  const target = /^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$/m.exec(definitionsText?.split("\n", 5).join("\n") ?? "")?.[1];
  if (!target || /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return undefined;
  const path = resolvePath(dirname(definitionsFile), target);
  let current: string;
  try {
    current = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  if (!current.includes(`"title": ${JSON.stringify(PROJECT_SCHEMA_TITLE)}`)) return undefined;
  const text = JSON.stringify(projectSchema(segformSchema(), resolved), null, 2) + "\n";
  if (text === current) return undefined;
  writeFileAtomic(path, text);
  return path;
}
