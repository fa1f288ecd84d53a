import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateSchemas, SCHEMAS } from "../../../scripts/schema-lib.mjs";
import { segformSchema } from "./validate.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("committed JSON Schemas", () => {
  it("match what the TypeScript types generate (run `pnpm schema` after changing a type)", () => {
    const generated = generateSchemas(root);
    expect(generated.map((schema) => schema.file)).toEqual(
      SCHEMAS.flatMap((entry) => [entry.file, entry.module, entry.validator]),
    );
    expect(generated.map((schema) => schema.file)).toContain("schemas/segform.schema.json");
    for (const { file, text } of generated) {
      expect(readFileSync(join(root, file), "utf8"), `${file} is out of date: run \`pnpm schema\``).toBe(text);
    }
  });

  it("is the schema the validator uses (the generated module), read from no file", () => {
    expect(segformSchema()).toEqual(JSON.parse(readFileSync(join(root, "schemas/segform.schema.json"), "utf8")));
  });
});

describe("YAML definitions in the repository", () => {
  const examples = readdirSync(join(root, "examples"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "examples", entry.name, "segments.yaml")))
    .map((entry) => `examples/${entry.name}/segments.yaml`);
  const files = ["segments.example.yaml", ...examples];

  it("include the examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(files)("%s starts with a yaml-language-server modeline pointing at the committed schema", (file) => {
    const firstLine = readFileSync(join(root, file), "utf8").split(/\r?\n/, 1)[0]!;
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(firstLine);
    expect(match, `${file} must start with "# yaml-language-server: $schema=..."`).not.toBeNull();
    expect(resolve(dirname(join(root, file)), match![1]!)).toBe(join(root, "schemas/segform.schema.json"));
  });
});

describe("every YAML file in the repository", () => {
  // The lockfile is written by pnpm and cannot carry a comment line.
  const tracked = execFileSync("git", ["ls-files", "*.yaml", "*.yml"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((file) => file && file !== "pnpm-lock.yaml");

  it.each(tracked)("%s starts with a yaml-language-server modeline", (file) => {
    expect(readFileSync(join(root, file), "utf8").split(/\r?\n/, 1)[0]).toMatch(
      /^# yaml-language-server: \$schema=\S+$/,
    );
  });
});
