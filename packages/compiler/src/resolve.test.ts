import { describe, expect, it } from "vitest";
import { compileFiles, diagnosticsText, hints, underlined, yaml } from "../test/helpers.js";

describe("resolveProject: imports", () => {
  it("merges mappings from imported files, relative to the importing file", () => {
    const files = {
      "project/segments.yaml": yaml("version: 1", "key: id", "imports: [shared/fields.yaml]", "icp:", "  include: big"),
      "project/shared/fields.yaml": yaml(
        "version: 1",
        "imports: [../defines.yaml]",
        "fields:",
        "  id: { type: string }",
        "  employees: { type: integer }",
      ),
      "project/defines.yaml": yaml("version: 1", "define:", "  big: { employees: { gte: 1000 } }"),
    };
    const result = compileFiles(files, "project/segments.yaml");
    expect(diagnosticsText(result)).toEqual([]);
    expect(result.plan?.fields.map((f) => f.name)).toEqual(["employees", "id"]);
    expect([...result.sources.keys()].sort()).toEqual([
      "project/defines.yaml",
      "project/segments.yaml",
      "project/shared/fields.yaml",
    ]);
  });

  it("reads a file imported twice (a diamond) once", () => {
    const files = {
      "segments.yaml": yaml("version: 1", "imports: [a.yaml, b.yaml]", "fields:", "  id: { type: string }"),
      "a.yaml": yaml("version: 1", "imports: [common.yaml]"),
      "b.yaml": yaml("version: 1", "imports: [common.yaml]"),
      "common.yaml": yaml("version: 1", "define:", "  named: { id: x }"),
    };
    expect(diagnosticsText(compileFiles(files))).toEqual([]);
  });

  it("reports an import cycle with the chain, at the import that closes it", () => {
    const files = {
      "segments.yaml": yaml("version: 1", "imports: [a.yaml]", "fields:", "  id: { type: string }"),
      "a.yaml": yaml("version: 1", "imports: [b.yaml]"),
      "b.yaml": yaml("version: 1", "imports:", "  - a.yaml"),
    };
    const result = compileFiles(files);
    expect(diagnosticsText(result)).toEqual(["b.yaml:3:5 error SEG027 import cycle: a.yaml -> b.yaml -> a.yaml"]);
    expect(underlined(result, files)).toEqual(["a.yaml"]);
    expect(hints(result)).toEqual(["remove one of the imports in the cycle"]);
  });

  it("reports a file importing itself, and a cycle back to the main file", () => {
    const files = {
      "segments.yaml": yaml("version: 1", "imports: [./segments.yaml, a.yaml]", "fields:", "  id: { type: string }"),
      "a.yaml": yaml("version: 1", "imports: [segments.yaml]"),
    };
    expect(diagnosticsText(compileFiles(files))).toEqual([
      "a.yaml:2:11 error SEG027 import cycle: segments.yaml -> a.yaml -> segments.yaml",
      "segments.yaml:2:11 error SEG027 import cycle: segments.yaml -> segments.yaml",
    ]);
  });

  it("reports a missing import at the import, and a missing main file without a location", () => {
    const files = {
      "segments.yaml": yaml("version: 1", "imports: [shared/missing.yaml]", "fields:", "  id: { type: string }"),
    };
    const result = compileFiles(files);
    expect(diagnosticsText(result)).toEqual(["segments.yaml:2:11 error SEG004 cannot read shared/missing.yaml"]);
    expect(hints(result)).toEqual(["import paths are relative to the importing file"]);
    const missing = compileFiles({}, "nowhere.yaml");
    expect(diagnosticsText(missing)).toEqual(["error SEG004 cannot read nowhere.yaml"]);
    expect(hints(missing)).toEqual(["check the path; it is relative to the working directory"]);
  });

  it("reports a name declared in two files (SEG028), at the later declaration", () => {
    const files = {
      "segments.yaml": yaml(
        "version: 1",
        "imports: [shared.yaml]",
        "fields:",
        "  id: { type: string }",
        "define:",
        "  big: { id: x }",
      ),
      "shared.yaml": yaml("version: 1", "fields:", "  id: { type: integer }", "define:", "  big: { id: y }"),
    };
    const result = compileFiles(files);
    expect(diagnosticsText(result)).toEqual([
      "shared.yaml:3:3 error SEG028 fields.id is declared in segments.yaml and again here",
      "shared.yaml:5:3 error SEG028 define.big is declared in segments.yaml and again here",
    ]);
    expect(underlined(result, files)).toEqual(["id", "big"]);
    expect(hints(result)).toEqual([
      "each name may be declared once across the project's files",
      "each name may be declared once across the project's files",
    ]);
  });

  it("reports a single-valued key (key, icp, tiers, ...) declared in two files", () => {
    const files = {
      "segments.yaml": yaml(
        "version: 1",
        "key: id",
        "imports: [shared.yaml]",
        "fields:",
        "  id: { type: string }",
        "tiers:",
        "  - { id: t1 }",
      ),
      "shared.yaml": yaml("version: 1", "key: id", "tiers:", "  - { id: t2 }"),
    };
    const result = compileFiles(files);
    expect(diagnosticsText(result)).toEqual([
      "shared.yaml:2:1 error SEG028 `key` is declared in segments.yaml and again here",
      "shared.yaml:3:1 error SEG028 `tiers` is declared in segments.yaml and again here",
    ]);
    expect(hints(result)).toEqual(["declare `key` in one file only", "declare `tiers` in one file only"]);
  });

  it("reports schema errors in imported files, in those files", () => {
    const files = {
      "segments.yaml": yaml("version: 1", "imports: [shared.yaml]", "fields:", "  id: { type: string }"),
      "shared.yaml": yaml("version: 1", "fields:", "  size: { type: integer, defualt: 0 }"),
    };
    expect(diagnosticsText(compileFiles(files))).toEqual([
      'shared.yaml:3:26 error SEG010 unknown key "defualt" in fields.size',
    ]);
  });
});
