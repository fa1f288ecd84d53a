import { describe, expect, it } from "vitest";
import { diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { ColumnNameRule } from "./ColumnNameRule.js";

describe("ColumnNameRule", () => {
  it("accepts column names with spaces, punctuation and Unicode", () => {
    const text = project().replace(
      "  employees: { type: integer }",
      '  employees: { type: integer, from: "Seats (paid) – Größe" }',
    );
    expect(runRule(ColumnNameRule, text)).toEqual([]);
  });

  it("reports a control character in a column name, at `from`'s value", () => {
    const text = project().replace(
      "  employees: { type: integer }",
      '  employees: { type: integer, from: "Employees\\n2026" }',
    );
    const diagnostics = runRule(ColumnNameRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:5:37 error SEG012 from of employees: "Employees\\n2026" contains a control character, which no SQL engine reads in a column name',
    ]);
    expect(underlined(diagnostics, text)).toEqual(['"Employees\\n2026"']);
    expect(hints(diagnostics)).toEqual(["rename the column in the data, without line breaks or tabs"]);
  });

  it("reports a blank column name or one with spaces around it, at `from`'s value", () => {
    const text = project()
      .replace("  employees: { type: integer }", '  employees: { type: integer, from: " " }')
      .replace("  revenue:   { type: number }", '  revenue:   { type: number, from: "Revenue " }');
    const diagnostics = runRule(ColumnNameRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:5:37 error SEG012 from of employees: " " is blank; column names are read trimmed',
      'segments.yaml:6:36 error SEG012 from of revenue: "Revenue " starts or ends with a space; column names are read trimmed',
    ]);
    expect(underlined(diagnostics, text)).toEqual(['" "', '"Revenue "']);
  });
});
