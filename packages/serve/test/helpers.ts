import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileProject, type FileReader } from "@segform/compiler";
import type { Plan } from "@segform/plan";

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const QUICKSTART = join(REPO, "segments.example.yaml");
export const ACCOUNTS = join(REPO, "examples/quickstart/data/accounts.csv");
export const CONTACTS = join(REPO, "examples/quickstart/data/contacts.csv");
export const CLI = join(REPO, "packages/cli/dist/bin.js");

const diskReader: FileReader = {
  read: (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined),
  resolve: (from, relative) => join(dirname(from), relative),
};

/** Compiles a definitions file from disk (the CLI adds path confinement; not needed for the repository's own files). */
export function compileFile(file: string): Plan {
  const result = compileProject(file, diskReader);
  if (!result.plan) throw new Error(`does not compile: ${JSON.stringify(result.diagnostics)}`);
  return result.plan;
}

/** A response body as JSON, for assertions on its fields (tests compare it with exact values). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export const json = (response: Response): Promise<Json> => response.json() as Promise<Json>;
