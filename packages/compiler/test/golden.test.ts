import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "@segform/spec";
import { compileProject } from "../src/compile.js";
import type { FileReader } from "../src/resolve.js";

/**
 * Golden files for compiler diagnostics: each `golden/<case>.yaml` is compiled (imports resolve from golden/)
 * and its diagnostics, formatted with code frames as the CLI prints them, must equal `<case>.expected.txt`.
 * UPDATE_GOLDEN=1 rewrites the expected files instead; review the diff before committing.
 */
const goldenDir = fileURLToPath(new URL("./golden/", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";

const reader: FileReader = {
  read: (path) => {
    const file = join(goldenDir, path);
    return existsSync(file) ? readFileSync(file, "utf8") : undefined;
  },
  resolve: (from, relative) => posix.join(posix.dirname(from), relative),
};

function render(main: string): string {
  const result = compileProject(main, reader);
  const blocks = result.diagnostics.map((d) =>
    formatDiagnostic(d, d.location ? result.sources.get(d.location.file) : undefined),
  );
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  const summary = `${errors} error(s), ${warnings} warning(s); ${result.plan ? "compiled" : "not compiled"}`;
  return [...blocks, summary].join("\n\n") + "\n";
}

const cases = readdirSync(goldenDir)
  .filter((name) => name.endsWith(".yaml"))
  .sort();

describe("golden diagnostics", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)("%s", (name) => {
    const source = readFileSync(join(goldenDir, name), "utf8");
    expect(source.startsWith("# yaml-language-server: $schema=../../../../schemas/segform.schema.json\n")).toBe(true);
    const actual = render(name);
    const expectedFile = join(goldenDir, name.replace(/\.yaml$/, ".expected.txt"));
    if (update) {
      writeFileSync(expectedFile, actual);
      return;
    }
    expect(existsSync(expectedFile), `${expectedFile} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(expectedFile, "utf8"));
  });
});
