import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, runRule, underlined, yaml } from "../../test/helpers.js";
import { NormalizationRule } from "./NormalizationRule.js";

describe("NormalizationRule", () => {
  it("accepts case on string and string[] fields and null_values on any field", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id:       { type: string }",
      '  industry: { type: string, case: lower, null_values: [n/a, "-", unknown] }',
      '  tech:     { type: "string[]", case: upper, separator: "|" }',
      '  seats:    { type: integer, null_values: [N/A, "0"] }',
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports case on a field that is not text, and on a list whose separator holds letters", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id:    { type: string }",
      "  seats: { type: integer, case: lower }",
      '  tech:  { type: "string[]", separator: " and ", case: lower }',
    );
    const diagnostics = runRule(NormalizationRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:4:27 error SEG040 case only applies to string and string[] fields; seats is integer",
      'segments.yaml:5:50 error SEG040 case cannot fold tech: its separator " and " holds letters, which folding would change',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["case", "case"]);
    expect(hints(diagnostics)).toEqual(["remove `case`", 'use a separator without letters, e.g. separator: ";"']);
  });

  it("reports placeholders that never match or repeat, at the placeholder", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id:       { type: string }",
      '  industry: { type: string, null_values: [n/a, " none", N/A, ""] }',
      "contacts:",
      "  account_key: account",
      "  fields:",
      "    account: { type: string }",
      '    title:   { type: string, null_values: ["-", "-"] }',
      "  roles:",
      "    - { id: buyer, when: { title: { exists: true } } }",
    );
    const diagnostics = runRule(NormalizationRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:4:48 error SEG041 null_values of industry: " none" never matches: values are trimmed first',
      'segments.yaml:4:57 error SEG041 null_values of industry: "N/A" repeats "n/a" (placeholders ignore case)',
      "segments.yaml:4:62 error SEG041 null_values of industry: an empty placeholder never matches (empty values are already missing)",
      'segments.yaml:9:49 error SEG041 null_values of title: "-" repeats "-" (placeholders ignore case)',
    ]);
    expect(underlined(diagnostics, text)).toEqual(['" none"', "N/A", '""', '"-"']);
    expect(hints(diagnostics)).toEqual(['write "none"', "remove the repeat", "remove it", "remove the repeat"]);
  });
});
