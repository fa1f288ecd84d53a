// Generated SQL pinned by golden files: test/golden/<example>.<dialect>.sql, what
// `segform compile --format sql --dialect <dialect> --as-of 2026-11-01` prints for the quick start
// (segments.example.yaml) and every examples/*/segments.yaml. UPDATE_GOLDEN=1 rewrites them.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIALECTS } from "../src/builder.js";
import { compileSql, renderSqlScript } from "../src/compile.js";
import { AS_OF, REPO, compileText, examples } from "./examples.js";

const GOLDEN = join(REPO, "packages/sql/test/golden");
const update = process.env.UPDATE_GOLDEN === "1";

describe("golden SQL", () => {
  for (const example of examples()) {
    for (const dialect of DIALECTS) {
      it(`${example.name}.${dialect}.sql`, () => {
        const text = renderSqlScript(
          compileSql(example.plan, { dialect, table: "accounts", contactsTable: "contacts", asOf: AS_OF }),
        );
        const file = join(GOLDEN, `${example.name}.${dialect}.sql`);
        if (update) writeFileSync(file, text);
        expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
        expect(text).toBe(readFileSync(file, "utf8"));
      });
    }
  }
});

// Hand-written projects (test/projects/*.yaml) for constructs the examples do not all use.
describe("golden SQL of test projects", () => {
  const dir = join(REPO, "packages/sql/test/projects");
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith(".yaml"))
    .sort()) {
    const plan = compileText(readFileSync(join(dir, name), "utf8"));
    for (const dialect of DIALECTS) {
      const golden = `${name.replace(/\.yaml$/, "")}.${dialect}.sql`;
      it(golden, () => {
        const text = renderSqlScript(
          compileSql(plan, { dialect, table: "accounts", contactsTable: "contacts", asOf: AS_OF }),
        );
        const file = join(GOLDEN, golden);
        if (update) writeFileSync(file, text);
        expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
        expect(text).toBe(readFileSync(file, "utf8"));
      });
    }
  }
});
