import { segformSchema } from "@segform/spec";
import { fixturesSchema, testSuiteSchema } from "@segform/testing";
import { writeFileAtomic } from "@segform/data";
import { EXIT } from "../errors.js";
import { writeStdout } from "./run.js";

const SCHEMAS = { definitions: segformSchema, test: testSuiteSchema, fixtures: fixturesSchema } as const;

/** `segform schema`: the JSON Schema of definitions (default), test files or fixture files, for editors and CI. */
export async function schemaCommand(options: { out?: string; kind?: keyof typeof SCHEMAS }): Promise<number> {
  const text = JSON.stringify(SCHEMAS[options.kind ?? "definitions"](), null, 2) + "\n";
  if (options.out) writeFileAtomic(options.out, text);
  else await writeStdout(text);
  return EXIT.ok;
}
