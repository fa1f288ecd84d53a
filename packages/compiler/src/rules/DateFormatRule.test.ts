import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, runRule, underlined, yaml } from "../../test/helpers.js";
import { DateFormatRule } from "./DateFormatRule.js";

describe("DateFormatRule", () => {
  it("accepts a format on date fields, and keeps ISO for defaults, enums and conditions", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id:      { type: string }",
      '  renewal: { type: date, format: MM/DD/YYYY, default: "2026-12-31" }',
      "  seen:    { type: date, format: epoch_milliseconds }",
      "icp:",
      '  include: { renewal: { gte: "2026-11-01" }, seen: { within_days: 30 } }',
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports a format on a field that is not a date, at the key", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id:    { type: string }",
      "  seats: { type: integer, format: YYYYMMDD }",
    );
    const diagnostics = runRule(DateFormatRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:4:27 error SEG045 format only applies to date fields; seats is integer",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["format"]);
    expect(hints(diagnostics)).toEqual(["remove `format`, or declare the field as type: date"]);
  });
});
