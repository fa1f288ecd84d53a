// Generates schemas/*.schema.json from the TypeScript types (the source of truth).
// `pnpm schema` rewrites them; a test fails when the committed files drift.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateSchemas } from "./schema-lib.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
for (const { file, text } of generateSchemas(root)) {
  writeFileSync(`${root}/${file}`, text);
  console.log(`wrote ${file}`);
}
