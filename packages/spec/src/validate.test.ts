import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "./diagnostics.js";
import { loadYaml } from "./load.js";
import { suggest, validateDocument } from "./validate.js";

const lines = (...rows: string[]) => rows.join("\n") + "\n";

function validate(source: string): {
  spec?: unknown;
  diagnostics: Diagnostic[];
  text: string[];
  hints: (string | undefined)[];
  under: string[];
} {
  const loaded = loadYaml("s.yaml", source);
  expect(loaded.diagnostics).toEqual([]);
  const { spec, diagnostics } = validateDocument(loaded.document);
  return {
    spec,
    diagnostics,
    text: diagnostics.map(
      (d) => `${d.location!.file}:${d.location!.line}:${d.location!.column} ${d.severity} ${d.code} ${d.message}`,
    ),
    hints: diagnostics.map((d) => d.hint),
    under: diagnostics.map((d) => {
      const line = source.split("\n")[d.location!.line - 1]!;
      return line.slice(
        d.location!.column - 1,
        d.location!.endLine === d.location!.line ? d.location!.endColumn! - 1 : line.length,
      );
    }),
  };
}

describe("validateDocument", () => {
  it("accepts segments.example.yaml and returns the typed document", () => {
    const source = readFileSync(new URL("../../../segments.example.yaml", import.meta.url), "utf8");
    const result = validate(source);
    expect(result.text).toEqual([]);
    expect(result.spec).toMatchObject({ version: 1, name: "quickstart", key: "account_id" });
  });

  it("reports an unknown key with did-you-mean and the allowed keys, at the key", () => {
    const result = validate(lines("version: 1", "tiers:", "  - { id: t1, capacty: 5 }"));
    expect(result.text).toEqual(['s.yaml:3:15 error SEG010 unknown key "capacty" in tiers[0]']);
    expect(result.under).toEqual(["capacty"]);
    expect(result.hints).toEqual([
      'did you mean "capacity"? allowed keys: activate, capacity, description, id, owner, rank_by, when',
    ]);
  });

  it("reports an unknown top-level key, and lists the keys without a guess when nothing is close", () => {
    const result = validate(lines("version: 1", "nmae: x", "zzzzzz: 1"));
    expect(result.text).toEqual([
      's.yaml:2:1 error SEG010 unknown key "nmae" in (document)',
      's.yaml:3:1 error SEG010 unknown key "zzzzzz" in (document)',
    ]);
    expect(result.hints[0]).toMatch(/^did you mean "name"\? allowed keys: \$schema, activations, as_of, /);
    expect(result.hints[1]).toMatch(/^allowed keys: \$schema, activations, as_of, /);
  });

  it("reports an unknown operator, at the operator", () => {
    const result = validate(lines("version: 1", "icp:", "  include: { employees: { gte: 1, greater_than: 2 } }"));
    expect(result.text).toEqual(['s.yaml:3:35 error SEG010 unknown key "greater_than" in icp.include.employees']);
    expect(result.under).toEqual(["greater_than"]);
  });

  it("reports a value of the wrong type, at the value", () => {
    const result = validate(lines("version: 1", "fields: [id, name]", "tiers:", "  - { id: t1, capacity: lots }"));
    expect(result.text).toEqual([
      "s.yaml:2:9 error SEG011 fields must be a mapping, got array",
      's.yaml:4:25 error SEG011 tiers[0].capacity must be an integer, got string "lots"',
    ]);
    expect(result.under).toEqual(["[id, name]", "lots"]);
  });

  it("reports a condition of the wrong type with a hint on how to write one", () => {
    const result = validate(lines("version: 1", "tiers:", "  - id: t1", "    when: 5"));
    expect(result.text).toEqual([
      "s.yaml:4:11 error SEG011 tiers[0].when must be a mapping or a string, got integer 5",
    ]);
    expect(result.hints).toEqual(["a condition is a name from `define` or a mapping like { employees: { gte: 200 } }"]);
  });

  it("reports a field test of the wrong type once, listing the accepted types", () => {
    const result = validate(lines("version: 1", "icp:", "  include: { employees: { gt: [1] }, region: { NA: true } }"));
    expect(result.text).toEqual([
      "s.yaml:3:31 error SEG011 icp.include.employees.gt must be a string or a number, got array",
      's.yaml:3:48 error SEG010 unknown key "NA" in icp.include.region',
    ]);
  });

  it("reports a value not in an enum, with a suggestion when one is close", () => {
    const result = validate(lines("version: 1", "fields:", "  a: { type: strng }", "  b: { type: text }"));
    expect(result.text).toEqual([
      's.yaml:3:14 error SEG012 fields.a.type: "strng" is not one of boolean, date, integer, number, string, string[]',
      's.yaml:4:14 error SEG012 fields.b.type: "text" is not one of boolean, date, integer, number, string, string[]',
    ]);
    expect(result.hints).toEqual(['did you mean "string"?', undefined]);
  });

  it("reports a missing required key, at the key of the mapping that lacks it", () => {
    const result = validate(
      lines("version: 1", "fields:", "  size: { from: Size }", "scores:", "  fit: { criteria: [{ points: 5 }] }"),
    );
    expect(result.text).toEqual([
      's.yaml:3:3 error SEG013 fields.size is missing the required key "type"',
      's.yaml:5:21 error SEG013 scores.fit.criteria[0] is missing the required key "when"',
    ]);
    expect(result.under).toEqual(["size", "{ points: 5 }"]);
  });

  it("maps patterns to friendly messages: ids, dates and secrets", () => {
    const result = validate(
      lines(
        "version: 1",
        "as_of: 2026-1-1",
        "tiers:",
        "  - id: 1st",
        "destinations:",
        "  crm: { type: webhook, token: abc }",
      ),
    );
    expect(result.text).toEqual([
      "s.yaml:2:8 error SEG032 as_of: dates are written YYYY-MM-DD",
      "s.yaml:4:9 error SEG012 tiers[0].id: ids start with a letter and use only letters, digits, - and _",
      "s.yaml:6:32 error SEG030 destinations.crm.token: secrets may only be given as an environment reference",
    ]);
    expect(result.hints).toEqual([
      'e.g. "2026-11-01" (quoted)',
      "e.g. tier1, fintech-security, economic_buyer",
      'write "${env:NAME}" and set NAME in the environment; never commit a token',
    ]);
  });

  it("reports a number out of range", () => {
    const result = validate(lines("version: 1", "tiers:", "  - { id: t1, capacity: -1 }"));
    expect(result.text).toEqual([
      "s.yaml:3:25 error SEG012 tiers[0].capacity: -1 is outside the allowed range, 0 to 9007199254740991",
    ]);
  });

  it("refuses empty column names, overlong ids and numbers no engine holds exactly, with the allowed range", () => {
    const result = validate(
      lines(
        "version: 1",
        "fields:",
        "  founded: { type: date, from: '' }",
        "icp:",
        "  include: { founded: { within_days: 100000000000000000000 } }",
        "tiers:",
        `  - { id: ${"t".repeat(100_000)} }`,
        "  - { id: t2, capacity: 1e30 }",
      ),
    );
    expect(result.text).toEqual([
      "s.yaml:3:32 error SEG012 fields.founded.from must NOT have fewer than 1 characters",
      "s.yaml:5:38 error SEG012 icp.include.founded.within_days: 100000000000000000000 is outside the allowed range, 0 to 3652059",
      "s.yaml:7:11 error SEG012 tiers[0].id must NOT have more than 64 characters",
      "s.yaml:8:25 error SEG012 tiers[1].capacity: 1e+30 is outside the allowed range, 0 to 9007199254740991",
    ]);
    expect(result.under).toEqual(["''", "100000000000000000000", "t".repeat(100_000), "1e30"]);
  });

  it("refuses a missing or unsupported version before anything else (SEG005)", () => {
    const missing = validate(lines("# yaml-language-server: $schema=x", "name: x", "nmae: y"));
    expect(missing.text).toEqual(["s.yaml:2:1 error SEG005 no `version`: supported versions are 1"]);
    expect(missing.hints).toEqual(["set `version: 1` (the language version this segform reads)"]);
    expect(validate(lines("version: 2")).text).toEqual([
      "s.yaml:1:10 error SEG005 version 2: supported versions are 1",
    ]);
    expect(validate(lines('version: "1"')).text).toEqual([
      's.yaml:1:10 error SEG005 version "1": supported versions are 1',
    ]);
  });

  it("refuses a document that is not a mapping", () => {
    for (const source of ["", "# only a comment\n", "- a\n- b\n", "just text\n"]) {
      const result = validate(source);
      expect(result.text).toEqual(["s.yaml:1:1 error SEG011 a segform file must be a mapping (key: value pairs)"]);
      expect(result.hints).toEqual(["start with `version: 1`"]);
      expect(result.spec).toBeUndefined();
    }
  });

  it("returns every error at once, sorted by line and column", () => {
    const result = validate(
      lines(
        "version: 1",
        "tiers:",
        "  - { id: t1, capacity: x, owner: 5 }",
        "fields:",
        "  a: { type: nope }",
        "nmae: x",
      ),
    );
    expect(result.text).toEqual([
      's.yaml:3:25 error SEG011 tiers[0].capacity must be an integer, got string "x"',
      "s.yaml:3:35 error SEG011 tiers[0].owner must be a string, got integer 5",
      's.yaml:5:14 error SEG012 fields.a.type: "nope" is not one of boolean, date, integer, number, string, string[]',
      's.yaml:6:1 error SEG010 unknown key "nmae" in (document)',
    ]);
  });
});

describe("suggest", () => {
  const keys = ["capacity", "description", "id", "when", "owner"];

  it("suggests close spellings and unique prefixes", () => {
    expect(suggest("capacty", keys)).toBe("capacity");
    expect(suggest("desc", keys)).toBe("description");
    expect(suggest("wen", keys)).toBe("when");
    expect(suggest("EMAE", ["NA", "EMEA", "APAC"])).toBe("EMEA");
  });

  it("does not suggest unrelated words, or replace a whole short word", () => {
    expect(suggest("zzzzzz", keys)).toBeUndefined();
    expect(suggest("x", ["id", "a"])).toBeUndefined();
    expect(suggest("c", ["a", "b"])).toBeUndefined();
    expect(suggest("", keys)).toBeUndefined();
    expect(suggest("anything", [])).toBeUndefined();
  });
});
