import { describe, expect, it } from "vitest";
import {
  codeFrame,
  DiagnosticBag,
  formatDiagnostic,
  formatLocation,
  redactSecrets,
  sortDiagnostics,
  type Diagnostic,
} from "./diagnostics.js";

const SOURCE = ["version: 1", "key: id", "tiers:", "  - { id: t1, capacty: 5 }", "segments: []"].join("\n") + "\n";

describe("codeFrame", () => {
  it("shows two lines of context and a caret run under the offending text", () => {
    expect(codeFrame(SOURCE, { file: "s.yaml", line: 4, column: 16, endLine: 4, endColumn: 23 })).toBe(
      [
        "    2 | key: id",
        "    3 | tiers:",
        "  > 4 |   - { id: t1, capacty: 5 }",
        "      |                ^^^^^^^",
      ].join("\n"),
    );
  });

  it("uses a single caret without an end, or when the range spans lines", () => {
    expect(codeFrame(SOURCE, { file: "s.yaml", line: 1, column: 10 })).toBe(
      ["  > 1 | version: 1", "      |          ^"].join("\n"),
    );
    expect(codeFrame(SOURCE, { file: "s.yaml", line: 3, column: 1, endLine: 4, endColumn: 5 })).toBe(
      ["    1 | version: 1", "    2 | key: id", "  > 3 | tiers:", "      | ^"].join("\n"),
    );
  });

  it("pads line numbers to the widest one shown", () => {
    const text = Array.from({ length: 12 }, (_, i) => `line${i + 1}: x`).join("\n");
    expect(codeFrame(text, { file: "s.yaml", line: 10, column: 1, endLine: 10, endColumn: 7 })).toBe(
      ["     8 | line8: x", "     9 | line9: x", "  > 10 | line10: x", "       | ^^^^^^"].join("\n"),
    );
  });

  it("keeps tabs in the caret padding so the caret lines up", () => {
    expect(codeFrame("a:\n\tb: c\n", { file: "s.yaml", line: 2, column: 5, endLine: 2, endColumn: 6 })).toBe(
      ["    1 | a:", "  > 2 | \tb: c", "      | \t   ^"].join("\n"),
    );
  });

  it("clips the caret run to the line, and returns nothing for a line outside the text", () => {
    expect(codeFrame("a: b\n", { file: "s.yaml", line: 1, column: 4, endLine: 1, endColumn: 40 })).toBe(
      ["  > 1 | a: b", "      |    ^"].join("\n"),
    );
    expect(codeFrame("a: b\n", { file: "s.yaml", line: 9, column: 1 })).toBe("");
    expect(codeFrame("a: b\n", { file: "s.yaml", line: 0, column: 1 })).toBe("");
  });

  it("reads CRLF files", () => {
    expect(codeFrame("a: 1\r\nb: 2\r\n", { file: "s.yaml", line: 2, column: 4, endLine: 2, endColumn: 5 })).toBe(
      ["    1 | a: 1", "  > 2 | b: 2", "      |    ^"].join("\n"),
    );
  });
});

describe("formatDiagnostic", () => {
  const diagnostic: Diagnostic = {
    code: "SEG010",
    severity: "error",
    message: 'unknown key "capacty" in tiers[0]',
    hint: 'did you mean "capacity"?',
    location: { file: "s.yaml", line: 4, column: 16, endLine: 4, endColumn: 23 },
  };

  it("prints location, severity, code, message, code frame and hint", () => {
    expect(formatDiagnostic(diagnostic, SOURCE)).toBe(
      [
        's.yaml:4:16: error SEG010: unknown key "capacty" in tiers[0]',
        "    2 | key: id",
        "    3 | tiers:",
        "  > 4 |   - { id: t1, capacty: 5 }",
        "      |                ^^^^^^^",
        '  hint: did you mean "capacity"?',
      ].join("\n"),
    );
  });

  it("leaves out the frame without source text, and the location when there is none", () => {
    expect(formatDiagnostic(diagnostic)).toBe(
      's.yaml:4:16: error SEG010: unknown key "capacty" in tiers[0]\n  hint: did you mean "capacity"?',
    );
    expect(formatDiagnostic({ code: "SEG004", severity: "error", message: "cannot read x.yaml" })).toBe(
      "error SEG004: cannot read x.yaml",
    );
    expect(formatLocation({ file: "a.yaml", line: 3, column: 7 })).toBe("a.yaml:3:7");
  });
});

describe("sortDiagnostics and DiagnosticBag", () => {
  const at = (file: string, line: number, column: number, code = "SEG010", message = "m"): Diagnostic => ({
    code,
    severity: "error",
    message,
    location: { file, line, column },
  });

  it("sorts by file, then line and column numerically, then code and message; unlocated first", () => {
    const sorted = sortDiagnostics([
      at("b.yaml", 1, 1),
      at("a.yaml", 10, 2),
      at("a.yaml", 9, 30),
      at("a.yaml", 10, 2, "SEG002"),
      at("a.yaml", 10, 2, "SEG002", "a"),
      { code: "SEG004", severity: "error", message: "cannot read" },
    ]);
    expect(sorted.map((d) => `${d.location ? formatLocation(d.location) : "-"} ${d.code} ${d.message}`)).toEqual([
      "- SEG004 cannot read",
      "a.yaml:9:30 SEG010 m",
      "a.yaml:10:2 SEG002 a",
      "a.yaml:10:2 SEG002 m",
      "a.yaml:10:2 SEG010 m",
      "b.yaml:1:1 SEG010 m",
    ]);
  });

  it("drops exact duplicates but keeps the same message with a different hint", () => {
    const bag = new DiagnosticBag();
    bag.error("SEG020", "x", { file: "a.yaml", line: 1, column: 1 }, "h1");
    bag.error("SEG020", "x", { file: "a.yaml", line: 1, column: 1 }, "h1");
    bag.error("SEG020", "x", { file: "a.yaml", line: 1, column: 1 }, "h2");
    bag.warning("SEG026", "w", { file: "a.yaml", line: 2, column: 1 });
    expect(bag.sorted().map((d) => `${d.severity} ${d.code} ${d.hint ?? ""}`)).toEqual([
      "error SEG020 h1",
      "error SEG020 h2",
      "warning SEG026 ",
    ]);
    expect(bag.hasErrors).toBe(true);
  });

  it("stores a stable JSON shape: no undefined hint or location keys", () => {
    const bag = new DiagnosticBag();
    bag.error("SEG004", "cannot read x");
    bag.warning("SEG026", "few", { file: "a.yaml", line: 1, column: 1 }, undefined);
    expect(JSON.parse(JSON.stringify(bag.sorted()))).toEqual([
      { code: "SEG004", severity: "error", message: "cannot read x" },
      { code: "SEG026", severity: "warning", message: "few", location: { file: "a.yaml", line: 1, column: 1 } },
    ]);
    expect(Object.keys(bag.items[0]!)).toEqual(["code", "severity", "message"]);
    const warningsOnly = new DiagnosticBag();
    warningsOnly.warning("SEG026", "few");
    expect(warningsOnly.hasErrors).toBe(false);
  });
});

describe("redactSecrets", () => {
  it("masks the located span of every secret diagnostic in the file, keeping columns, and nothing else", () => {
    const text = 'a:\n  token: "sk_live_abc"\n  other: "ghp_0123"\n  keep: visible\n';
    const secret = (line: number, column: number, endColumn: number, file = "s.yaml"): Diagnostic => ({
      code: "SEG030",
      severity: "error",
      message: "m",
      location: { file, line, column, endLine: line, endColumn },
    });
    const diagnostics = [
      secret(2, 10, 23),
      secret(3, 10, 20),
      secret(1, 1, 3, "other.yaml"),
      {
        code: "SEG012",
        severity: "error" as const,
        message: "m",
        location: { file: "s.yaml", line: 4, column: 9, endLine: 4, endColumn: 16 },
      },
    ];
    expect(redactSecrets(text, diagnostics, "s.yaml")).toBe(
      "a:\n  token: *************\n  other: **********\n  keep: visible\n",
    );
    // The frame of the second secret shows the first one, masked, as context.
    expect(formatDiagnostic(diagnostics[1]!, redactSecrets(text, diagnostics, "s.yaml"))).not.toMatch(/sk_live|ghp_/);
    expect(redactSecrets(text, [], "s.yaml")).toBe(text);
  });
});
