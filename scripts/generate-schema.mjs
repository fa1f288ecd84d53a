// Generates schemas/*.schema.json from the TypeScript types (the source of truth).
// `pnpm schema` rewrites them; a test fails when the committed files drift.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSchemas } from "./schema-lib.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
for (const { file, text } of generateSchemas(root)) {
  mkdirSync(dirname(`${root}/${file}`), { recursive: true });
  writeFileSync(`${root}/${file}`, text);
  console.log(`wrote ${file}`);
}
