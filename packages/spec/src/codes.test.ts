import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CODES } from "./codes.js";

const packagesDir = fileURLToPath(new URL("../../", import.meta.url));

/** Every non-test TypeScript source under packages/<name>/src, except the code table itself. */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts"))
        out.push({ file: path, text: readFileSync(path, "utf8") });
    }
  };
  for (const pkg of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    try {
      walk(join(packagesDir, pkg.name, "src"));
    } catch {
      // a package without src/
    }
  }
  return out.filter((source) => !source.file.endsWith(join("spec", "src", "codes.ts")));
}

describe("diagnostic codes", () => {
  const all = sources();
  const used = new Set(
    all.flatMap(({ text }) => [...text.matchAll(/["'`](SEG\d{3})["'`]/g)].map((match) => match[1]!)),
  );

  it("are well formed and described", () => {
    for (const [code, meaning] of Object.entries(CODES)) {
      expect(code).toMatch(/^SEG\d{3}$/);
      expect(meaning.length).toBeGreaterThan(5);
    }
  });

  it("are each emitted somewhere in packages/*/src", () => {
    const unused = Object.keys(CODES).filter((code) => !used.has(code));
    expect(unused, "codes listed in codes.ts that no source emits").toEqual([]);
  });

  it("are all listed in codes.ts when emitted", () => {
    const unknown = [...used].filter((code) => !(code in CODES)).sort();
    expect(unknown, "codes emitted but missing from codes.ts").toEqual([]);
  });
});
