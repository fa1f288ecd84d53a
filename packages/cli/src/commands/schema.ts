import { writeStdout } from "../io.js";
import { readFileSync } from "node:fs";
import { dirname, join, resolve as resolvePath } from "node:path";
import {
  projectSchema,
  projectTestSchema,
  PROJECT_SCHEMA_TITLE,
  PROJECT_TEST_SCHEMA_TITLE,
  type ResolvedSpec,
} from "@segform/compiler";
import { segformSchema } from "@segform/spec";
import { fixturesSchema, testSuiteSchema } from "@segform/testing";
import { writeFileAtomic } from "@segform/data";
import { CliError, EXIT } from "../errors.js";
import { compileOrExit, projectFile } from "../project.js";
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
  const kind = options.kind ?? "definitions";
  if (options.project && kind === "fixtures")
    throw new CliError(
      EXIT.usage,
      "--project specialises the definitions and test schemas, not fixtures",
      "use --kind definitions or --kind test",
    );
  const file = options.project ? projectFile(options.project === true ? undefined : options.project) : undefined;
  const text = file
    ? kind === "test"
      ? projectTestSchemaText(file)
      : projectSchemaText(file)
    : JSON.stringify(SCHEMAS[kind](), null, 2) + "\n";
  if (options.out) writeFileAtomic(options.out, text);
  const json = envelope();
  if (json)
    json.result = {
      kind: options.project ? (kind === "test" ? "project-test" : "project") : kind,
      ...(options.out ? { out: options.out } : { schema: JSON.parse(text) }),
    };
  else if (!options.out) await writeStdout(text);
  return EXIT.ok;
}

/** The project schema's text for a definitions file that compiles (diagnostics and exit 2 otherwise). */
export function projectSchemaText(file: string): string {
  const { resolved } = compileOrExit(file);
  return JSON.stringify(projectSchema(segformSchema(), resolved), null, 2) + "\n";
}

/** The project test-suite schema's text (test files complete the project's segment, tier, activation and score ids). */
export function projectTestSchemaText(file: string): string {
  const { resolved } = compileOrExit(file);
  return JSON.stringify(projectTestSchema(testSuiteSchema(), resolved), null, 2) + "\n";
}

/**
 * Keeps the editor's project schema current (`segform dev` calls it after every compile): when the definitions'
 * modeline (`# yaml-language-server: $schema=PATH`) points at a local file that is a segform project schema, it is
 * rewritten from `resolved` if it changed. Any other file (the generic schema, someone else's) is left alone.
 * Returns the path written, or undefined.
 */
export function refreshProjectSchema(
  definitionsFile: string,
  definitionsText: string | undefined,
  resolved: ResolvedSpec,
): string | undefined {
  const target = /^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$/m.exec(
    definitionsText?.split("\n", 5).join("\n") ?? "",
  )?.[1];
  if (!target || /^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return undefined;
  const path = resolvePath(dirname(definitionsFile), target);
  const written = refresh(path, PROJECT_SCHEMA_TITLE, () => projectSchema(segformSchema(), resolved));
  // The test-suite schema beside it (as `init` lays them out), when it is this project's too.
  refresh(join(dirname(path), "segform-test.schema.json"), PROJECT_TEST_SCHEMA_TITLE, () =>
    projectTestSchema(testSuiteSchema(), resolved),
  );
  return written;
}

/** Rewrites `path` from `build` when it holds a schema titled `title` and the text changed; returns the path if written. */
function refresh(path: string, title: string, build: () => Record<string, unknown>): string | undefined {
  let current: string;
  try {
    current = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  if (!current.includes(`"title": ${JSON.stringify(title)}`)) return undefined;
  const text = JSON.stringify(build(), null, 2) + "\n";
  if (text === current) return undefined;
  writeFileAtomic(path, text);
  return path;
}
