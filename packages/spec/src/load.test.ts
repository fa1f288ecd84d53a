import { describe, expect, it } from "vitest";
import type { Diagnostic } from "./diagnostics.js";
import { LIMITS, loadYaml, pathText } from "./load.js";

/** `file:line:col severity CODE message` per diagnostic. */
const text = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map(
    (d) =>
      `${d.location ? `${d.location.file}:${d.location.line}:${d.location.column} ` : ""}${d.severity} ${d.code} ${d.message}`,
  );

/** The source text under each diagnostic's range (on its first line). */
const under = (source: string, diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => {
    const line = source.split("\n")[d.location!.line - 1]!;
    const end = d.location!.endLine === d.location!.line ? d.location!.endColumn! - 1 : line.length;
    return line.slice(d.location!.column - 1, end);
  });

const lines = (...rows: string[]) => rows.join("\n") + "\n";

describe("loadYaml", () => {
  it("refuses a null or empty key, at the key", () => {
    const source = lines(
      "version: 1",
      "define:",
      "  ~: { employees: 1 }",
      '  "": { employees: 2 }',
      "fields:",
      "  null: { type: string }",
    );
    const { diagnostics } = loadYaml("s.yaml", source);
    // A plain `null` key is YAML's null too: JavaScript would read it as "".
    expect(text(diagnostics)).toEqual([
      "s.yaml:3:3 error SEG012 empty (null) key",
      "s.yaml:4:3 error SEG012 empty key",
      "s.yaml:6:3 error SEG012 empty (null) key",
    ]);
    expect(under(source, diagnostics)).toEqual(["~", '""', "null"]);
    expect(diagnostics.map((d) => d.hint)).toEqual([
      "write a name before the colon",
      "write a name before the colon",
      "write a name before the colon",
    ]);
  });

  it("returns the plain value and the position of every key and value", () => {
    const source = lines("version: 1", "fields:", "  id: { type: string }", "tiers:", "  - id: t1");
    const { document, diagnostics } = loadYaml("s.yaml", source);
    expect(diagnostics).toEqual([]);
    expect(document.value).toEqual({ version: 1, fields: { id: { type: "string" } }, tiers: [{ id: "t1" }] });
    expect(document.locate(["fields", "id", "type"])).toEqual({
      file: "s.yaml",
      line: 3,
      column: 15,
      endLine: 3,
      endColumn: 21,
    });
    expect(document.locate(["fields", "id"], "key")).toMatchObject({ line: 3, column: 3 });
    expect(document.locate(["tiers", 0, "id"])).toMatchObject({ line: 5, column: 9 });
    // A path that does not exist falls back to the nearest enclosing node.
    expect(document.locate(["fields", "id", "nope", "deeper"])).toMatchObject({ line: 3, column: 7 });
    expect(document.has(["tiers", 0])).toBe(true);
    expect(document.has(["tiers", 1])).toBe(false);
  });

  it("reports one tab once, with a hint about tabs, and not the errors that follow from it", () => {
    const { diagnostics } = loadYaml(
      "s.yaml",
      "version: 1\nfields:\n  a: { type: string }\n\tb: { type: string }\n  c: { type: string }\n  d: { type: string }\n",
    );
    expect(diagnostics).toEqual([
      {
        code: "SEG001",
        severity: "error",
        message: "Tabs are not allowed as indentation (2 more syntax errors after it, probably caused by this one)",
        hint: "YAML indents with spaces only: replace the tab with spaces",
        location: expect.objectContaining({ file: "s.yaml", line: 4, column: 1 }),
      },
    ]);
  });

  it("reports a YAML syntax error with its location and a hint", () => {
    const source = lines("version: 1", 'name: "unterminated', "key: id");
    const { diagnostics } = loadYaml("s.yaml", source);
    // The parser notices at the end of the file; the diagnostic points where the quote was opened.
    expect(text(diagnostics)).toEqual(['s.yaml:2:7 error SEG001 Missing closing "quote']);
    expect(diagnostics[0]!.hint).toBe("close the quote or bracket opened here");
  });

  it("names the fix for a key whose colon is missing, on the line that lacks it", () => {
    const hints = (source: string) => loadYaml("s.yaml", source).diagnostics.map((d) => `${text([d])[0]} | ${d.hint}`);
    expect(hints(lines("version: 1", "tiers", "  - id: a"))).toEqual([
      "s.yaml:2:1 error SEG001 Implicit keys need to be on a single line | a key must fit on one line: write `tiers:` (the colon is missing), or close a quote left open above",
    ]);
    expect(hints(lines("version: 1", "key account_id", "fields: {}"))).toEqual([
      "s.yaml:2:1 error SEG001 Implicit keys need to be on a single line | a key must fit on one line: write `key: account_id` (the colon is missing), or close a quote left open above",
    ]);
    expect(hints(lines("version: 1", "icp:", "  all", "    - field: x"))).toEqual([
      "s.yaml:3:3 error SEG001 Implicit keys need to be on a single line | a key must fit on one line: write `all:` (the colon is missing), or close a quote left open above",
    ]);
    // On the last line, the parser says a value is missing: the same fix.
    expect(hints("version: 1\nkey id\n")).toEqual([
      "s.yaml:2:1 error SEG001 Implicit map keys need to be followed by map values | a key must fit on one line: write `key: id` (the colon is missing), or close a quote left open above",
    ]);
    // A value with a mapping under it: no key to name, the general hint.
    expect(hints(lines("version: 1", "icp: x", "  foo bar", "  z: 1"))).toEqual([
      "s.yaml:2:6 error SEG001 Nested mappings are not allowed in compact mappings (1 more syntax error after it, probably caused by this one) | a key must fit on one line: add the missing colon after the key here, or close a quote left open above",
    ]);
  });

  it("points an unclosed flow mapping or sequence at its opening bracket", () => {
    const source = lines("version: 1", "fields:", "  a: { type: string", "b: 2");
    const { diagnostics } = loadYaml("s.yaml", source);
    expect(text(diagnostics)).toEqual([
      "s.yaml:3:6 error SEG001 Flow map in block collection must be sufficiently indented and end with a }",
    ]);
    expect(under(source, diagnostics)).toEqual(["{"]);
    const sequence = lines("a: [1, [2, 3]");
    expect(text(loadYaml("s.yaml", sequence).diagnostics)).toEqual([
      "s.yaml:1:4 error SEG001 Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  it("reports bad indentation and tabs", () => {
    expect(text(loadYaml("s.yaml", lines("version: 1", "\tname: x")).diagnostics)).toEqual([
      "s.yaml:2:1 error SEG001 Tabs are not allowed as indentation",
    ]);
    expect(text(loadYaml("s.yaml", lines("fields:", "  id: 1", " name: 2")).diagnostics)[0]).toMatch(
      /^s\.yaml:3:\d+ error SEG001 /,
    );
  });

  it("refuses more than one document in a file", () => {
    expect(text(loadYaml("s.yaml", lines("version: 1", "---", "version: 1")).diagnostics)).toEqual([
      "s.yaml:2:1 error SEG001 Source contains multiple documents; please use YAML.parseAllDocuments()",
    ]);
  });

  it("reports a duplicate key by name, at the second occurrence", () => {
    const source = lines("version: 1", "fields:", "  size: { type: integer }", "  size: { type: number }");
    const { diagnostics } = loadYaml("s.yaml", source);
    expect(text(diagnostics)).toEqual(['s.yaml:4:3 error SEG002 duplicate key "size"']);
    expect(under(source, diagnostics)).toEqual(["size"]);
    expect(diagnostics[0]!.hint).toBe("each key may appear once; remove or rename one");
  });

  it('reports duplicate keys in flow mappings and keys that collide only as text (true / "true")', () => {
    expect(text(loadYaml("s.yaml", lines('a: { x: 1, "x": 2 }')).diagnostics)).toEqual([
      's.yaml:1:12 error SEG002 duplicate key "x"',
    ]);
    expect(text(loadYaml("s.yaml", lines("a:", "  true: 1", '  "true": 2')).diagnostics)).toEqual([
      's.yaml:3:3 error SEG002 duplicate key "true"',
    ]);
    expect(text(loadYaml("s.yaml", lines("a:", "  1: x", '  "1": y')).diagnostics)).toEqual([
      's.yaml:3:3 error SEG002 duplicate key "1"',
    ]);
  });

  it("refuses aliases and merge keys, at the alias", () => {
    const source = lines("define:", "  a: &base { employees: { gte: 1 } }", "  b: *base", "  c:", "    <<: *base");
    const { document, diagnostics } = loadYaml("s.yaml", source);
    expect(text(diagnostics)).toEqual([
      "s.yaml:3:6 error SEG003 YAML aliases (*name) are not supported",
      "s.yaml:5:9 error SEG003 YAML aliases (*name) are not supported",
    ]);
    expect(under(source, diagnostics)).toEqual(["*base", "*base"]);
    expect(diagnostics[0]!.hint).toBe("write the value out, or use `define` for a reusable condition");
    expect(document.value).toBeUndefined();
  });

  it("allows an anchor that is never used", () => {
    expect(loadYaml("s.yaml", lines("a: &unused 1")).diagnostics).toEqual([]);
  });

  it("returns promptly from a billion-laughs document, with errors and no expanded value", () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, previous] of [
      ["b", "a"],
      ["c", "b"],
      ["d", "c"],
      ["e", "d"],
      ["f", "e"],
      ["g", "f"],
      ["h", "g"],
      ["i", "h"],
    ]) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]`);
    }
    const started = performance.now();
    const { document, diagnostics } = loadYaml("laughs.yaml", lines(...rows));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(new Set(diagnostics.map((d) => d.code))).toEqual(new Set(["SEG003"]));
    expect(document.value).toBeUndefined();
  });

  it("refuses custom tags, at the tag", () => {
    const { diagnostics } = loadYaml("s.yaml", lines("version: 1", "name: !secret foo"));
    expect(text(diagnostics)).toEqual(["s.yaml:2:7 error SEG003 custom YAML tag !secret is not supported"]);
    expect(diagnostics[0]!.hint).toBe("remove the tag");
  });

  it("refuses YAML 1.1 tags outside the core schema, naming them as written, at the value", () => {
    const source = lines(
      "data: !!binary aGVsbG8=",
      "set: !!set { a }",
      "when: !!timestamp 2001-12-14",
      "!!binary a2V5: x",
    );
    const { diagnostics } = loadYaml("s.yaml", source);
    expect(text(diagnostics)).toEqual([
      "s.yaml:1:16 error SEG003 custom YAML tag !!binary is not supported",
      "s.yaml:2:12 error SEG003 custom YAML tag !!set is not supported",
      "s.yaml:3:19 error SEG003 custom YAML tag !!timestamp is not supported",
      "s.yaml:4:10 error SEG003 custom YAML tag !!binary is not supported",
    ]);
    expect(under(source, diagnostics)).toEqual(["aGVsbG8=", "{ a }", "2001-12-14", "a2V5"]);
  });

  it("allows the core tags (!!str, !!int)", () => {
    const { document, diagnostics } = loadYaml("s.yaml", lines("zip: !!str 02134", "count: !!int 3"));
    expect(diagnostics).toEqual([]);
    expect(document.value).toEqual({ zip: "02134", count: 3 });
  });

  it("refuses __proto__, constructor and prototype keys, and never pollutes prototypes", () => {
    const source = lines(
      "fields:",
      "  __proto__: { polluted: true }",
      "define:",
      "  constructor: { a: 1 }",
      "  prototype: { b: 2 }",
    );
    const { document, diagnostics } = loadYaml("s.yaml", source);
    expect(text(diagnostics)).toEqual([
      's.yaml:2:3 error SEG003 the key "__proto__" is reserved',
      's.yaml:4:3 error SEG003 the key "constructor" is reserved',
      's.yaml:5:3 error SEG003 the key "prototype" is reserved',
    ]);
    expect(under(source, diagnostics)).toEqual(["__proto__", "constructor", "prototype"]);
    expect(diagnostics[0]!.hint).toBe("rename it");
    expect(document.value).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an unclosed flow mapping is reported at its opening brace, with the hint to close it", () => {
    const source = lines("tiers:", "  - { id: a, when: { fit: { gte: 60 } }", "  - { id: b }");
    const diagnostics = loadYaml("s.yaml", source).diagnostics;
    expect(text(diagnostics)).toEqual([
      "s.yaml:2:5 error SEG001 Flow map in block collection must be sufficiently indented and end with a }",
    ]);
    expect(diagnostics[0]!.hint).toBe("close the quote or bracket opened here");
  });

  it("shows the first 10 of many aliases, the first with the count, and refuses a file of a million tokens before parsing it", () => {
    const many = lines("x: &a [1]", `y: [${Array.from({ length: 300_000 }, () => "*a").join(",")}]`);
    const aliases = loadYaml("s.yaml", many).diagnostics;
    expect(aliases).toHaveLength(10);
    expect(text(aliases).slice(0, 2)).toEqual([
      "s.yaml:2:5 error SEG003 YAML aliases (*name) are not supported (300,000 aliases in this file, the first 10 shown)",
      "s.yaml:2:8 error SEG003 YAML aliases (*name) are not supported",
    ]);
    // One token per character here: the 1,000,001st starts at column 1,000,001.
    const huge = `z: [${Array.from({ length: 500_001 }, () => "1").join(",")}]`;
    const refused = loadYaml("s.yaml", huge).diagnostics;
    expect(text(refused)).toEqual([
      "s.yaml:1:1000001 error SEG003 more than 1,000,000 YAML tokens (keys, values, separators) in one file",
    ]);
    expect(refused[0]!.hint).toBe("split it with `imports`, or move long lists of values into the data");
  });

  it("reports every unsafe construct at once: a duplicate key or unknown tag does not hide an alias", () => {
    const source = lines(
      "fields:",
      "  id: &id { type: string }",
      "  account: *id",
      "  __proto__: { type: string }",
      "  region: !secret x",
      "fields: {}",
    );
    expect(text(loadYaml("s.yaml", source).diagnostics)).toEqual([
      "s.yaml:3:12 error SEG003 YAML aliases (*name) are not supported",
      's.yaml:4:3 error SEG003 the key "__proto__" is reserved',
      "s.yaml:5:11 error SEG003 custom YAML tag !secret is not supported",
      's.yaml:6:1 error SEG002 duplicate key "fields"',
    ]);
  });

  it("refuses complex (non-scalar) keys", () => {
    expect(text(loadYaml("s.yaml", lines("? [a, b]", ": c")).diagnostics)).toEqual([
      "s.yaml:1:3 error SEG003 mapping keys must be plain scalars",
    ]);
  });

  it(`accepts nesting up to ${LIMITS.maxDepth} levels and refuses deeper, at the first node too deep`, () => {
    const nested = (levels: number) => `a: ${"[".repeat(levels)}${"]".repeat(levels)}\n`;
    // The root mapping is level 1, so `a:` followed by 63 brackets reaches exactly 64.
    expect(loadYaml("s.yaml", nested(LIMITS.maxDepth - 1)).diagnostics).toEqual([]);
    const { diagnostics } = loadYaml("s.yaml", nested(LIMITS.maxDepth));
    expect(text(diagnostics)).toEqual([
      `s.yaml:1:${3 + LIMITS.maxDepth} error SEG003 nesting deeper than ${LIMITS.maxDepth} levels`,
    ]);
    expect(diagnostics[0]!.hint).toBe("flatten the condition with `define`");
  });

  it("refuses thousands of nesting levels before parsing, quickly, at the first level too deep", () => {
    const cases: [string, string][] = [
      ["unclosed brackets", `a: ${"[".repeat(100_000)}\n`],
      ["balanced brackets", `a: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`],
      ["unclosed flow mappings", `a: ${"{b: ".repeat(10_000)}\n`],
      ["compact sequences", `a:\n  ${"- ".repeat(100_000)}x\n`],
      ["compact keys", `${"? ".repeat(100_000)}x\n`],
    ];
    for (const [name, source] of cases) {
      const started = performance.now();
      const { diagnostics } = loadYaml("s.yaml", source);
      expect(performance.now() - started, name).toBeLessThan(500);
      expect(text(diagnostics), name).toEqual([
        expect.stringMatching(
          new RegExp(`^s\\.yaml:\\d+:\\d+ error SEG003 nesting deeper than ${LIMITS.maxDepth} levels$`),
        ),
      ]);
    }
    expect(text(loadYaml("s.yaml", `a: ${"[".repeat(1000)}\n`).diagnostics)).toEqual([
      `s.yaml:1:${4 + 2 * LIMITS.maxDepth - 1} error SEG003 nesting deeper than ${LIMITS.maxDepth} levels`,
    ]);
    expect(text(loadYaml("s.yaml", `a:\n  ${"- ".repeat(1000)}x\n`).diagnostics)).toEqual([
      `s.yaml:2:${3 + 2 * (2 * LIMITS.maxDepth - 2)} error SEG003 nesting deeper than ${LIMITS.maxDepth} levels`,
    ]);
  });

  it("keeps working after deeply nested input (the parser once left V8 unable to compile regular expressions)", () => {
    loadYaml("s.yaml", `a: ${"[".repeat(10_000)}\n`);
    loadYaml("s.yaml", `a: ${"{b: ".repeat(10_000)}\n`);
    const { document, diagnostics } = loadYaml("s.yaml", lines("version: 1", 'name: "still fine"'));
    expect(diagnostics).toEqual([]);
    expect(document.value).toEqual({ version: 1, name: "still fine" });
  });

  it("does not count brackets inside quoted scalars, comments or words like don't", () => {
    const source = lines(
      `a: "${"[".repeat(500)}"`,
      `b: '${"{".repeat(500)}'' ${"[".repeat(500)}'`,
      `# ${"[".repeat(500)}`,
      `c: [don't, "it's", ${"'[' ,".repeat(200)} x]`,
      `d: { e: "\\" ${"[".repeat(300)}" }`,
    );
    const { diagnostics } = loadYaml("s.yaml", source);
    expect(diagnostics).toEqual([]);
  });

  it("refuses a file over the size limit before parsing", () => {
    const { diagnostics } = loadYaml("big.yaml", `a: "${"x".repeat(LIMITS.maxFileBytes)}"\n`);
    expect(text(diagnostics)).toEqual(["big.yaml:1:1 error SEG003 file is larger than 2 MiB"]);
    expect(diagnostics[0]!.hint).toBe("split it with `imports`");
  });

  it("counts the size in bytes, not characters", () => {
    const multiByte = `a: "${"é".repeat(LIMITS.maxFileBytes / 2)}"\n`;
    expect(multiByte.length).toBeLessThan(LIMITS.maxFileBytes);
    expect(loadYaml("s.yaml", multiByte).diagnostics.map((d) => d.code)).toEqual(["SEG003"]);
  });

  it("refuses .inf, .nan and numbers too large for a double", () => {
    const source = lines("a: .inf", "b: [-.Inf, .NaN, 1e400]", "c: 1e300");
    const { diagnostics } = loadYaml("s.yaml", source);
    expect(text(diagnostics)).toEqual([
      's.yaml:1:4 error SEG003 ".inf" is not a finite number',
      's.yaml:2:5 error SEG003 "-.Inf" is not a finite number',
      's.yaml:2:12 error SEG003 ".NaN" is not a finite number',
      's.yaml:2:18 error SEG003 "1e400" is not a finite number',
    ]);
    expect(diagnostics[0]!.hint).toBe(
      "write a finite number; .inf, .nan and numbers too large for a double are not supported",
    );
  });

  it("points an empty value at its key, not past the end of the line", () => {
    const { document, diagnostics } = loadYaml("s.yaml", lines("fields:", "  id:", "name: x"));
    expect(diagnostics).toEqual([]);
    expect(document.value).toEqual({ fields: { id: null }, name: "x" });
    expect(document.locate(["fields", "id"])).toMatchObject({ line: 2, column: 3 });
  });

  it("reads YAML 1.2 core scalars: dates stay strings, yes/no stay strings, 0o17 is octal", () => {
    const { document } = loadYaml("s.yaml", lines("as_of: 2026-11-01", "answer: yes", "mode: 0o17", "zip: 02134"));
    expect(document.value).toEqual({ as_of: "2026-11-01", answer: "yes", mode: 15, zip: 2134 });
  });

  it("handles an empty file, a comment-only file, CRLF line ends and a byte-order mark", () => {
    expect(loadYaml("s.yaml", "").diagnostics).toEqual([]);
    expect(loadYaml("s.yaml", "# nothing\n").document.value).toBeNull();
    const crlf = loadYaml("s.yaml", "version: 1\r\nname: x\r\n");
    expect(crlf.document.value).toEqual({ version: 1, name: "x" });
    expect(crlf.document.locate(["name"])).toMatchObject({ line: 2, column: 7 });
    expect(loadYaml("s.yaml", "\uFEFFversion: 1\n").document.value).toEqual({ version: 1 });
  });
});

describe("pathText", () => {
  it("writes paths as people do", () => {
    expect(pathText([])).toBe("(document)");
    expect(pathText(["tiers", 0, "when", "all", 1])).toBe("tiers[0].when.all[1]");
    expect(pathText(["fields", "id"])).toBe("fields.id");
  });
});
