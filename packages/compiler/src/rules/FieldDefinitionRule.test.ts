import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, runRule, underlined, yaml } from "../../test/helpers.js";
import { FieldDefinitionRule } from "./FieldDefinitionRule.js";

describe("FieldDefinitionRule", () => {
  it("accepts defaults and enums of the field's type", () => {
    const result = compileText(
      yaml(
        "version: 1",
        "key: id",
        "fields:",
        "  id:      { type: string, nullable: false }",
        '  zip:     { type: string, default: 10001, enum: [10001, "02134"] }',
        "  seats:   { type: integer, default: 0 }",
        '  since:   { type: date, default: "2020-01-01" }',
        "  flag:    { type: boolean, default: false }",
        '  tags:    { type: "string[]", default: [a, b], separator: "|" }',
      ),
    );
    expect(diagnosticsText(result)).toEqual([]);
    expect(result.plan).toBeDefined();
  });

  it("refuses a number written for text whose digits YAML would change, in a default or an enum (list defaults take strings only: the schema)", () => {
    const text = yaml(
      "version: 1",
      "key: id",
      "fields:",
      "  id:   { type: string }",
      "  zip:  { type: string, default: 02134, enum: [10001, 007] }",
    );
    const diagnostics = runRule(FieldDefinitionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:5:34 error SEG021 default of zip: YAML reads 02134 as the number 2134, not the text "02134"',
      'segments.yaml:5:55 error SEG021 enum of zip: YAML reads 007 as the number 7, not the text "007"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["02134", "007"]);
    expect(hints(diagnostics)).toEqual(['quote it: "02134"', 'quote it: "007"']);
  });

  it("reports a default of the wrong shape or type, at the default", () => {
    const text = yaml(
      "version: 1",
      "key: id",
      "fields:",
      "  id:    { type: string }",
      '  tags:  { type: "string[]", default: x }',
      "  seats: { type: integer, default: [a] }",
      '  since: { type: date, default: "2026-13-01" }',
      '  flag:  { type: boolean, default: "yes" }',
    );
    const diagnostics = runRule(FieldDefinitionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:5:39 error SEG021 default of tags must be a list of strings",
      "segments.yaml:6:36 error SEG021 default of seats must be a single integer",
      'segments.yaml:7:33 error SEG032 default of since: "2026-13-01" is not a valid date (YYYY-MM-DD)',
      'segments.yaml:8:36 error SEG021 default of flag: expected true or false, got string "yes"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["x", "[a]", '"2026-13-01"', '"yes"']);
    expect(hints(diagnostics)).toEqual([
      "e.g. default: [a, b]",
      "write a number, without quotes",
      'write a date as "YYYY-MM-DD", e.g. "2026-11-01"',
      "write true or false, without quotes",
    ]);
  });

  it("reports enum values of the wrong type, pointing at the value", () => {
    const text = yaml(
      "version: 1",
      "key: id",
      "fields:",
      "  id:   { type: string }",
      "  size: { type: integer, enum: [1, two, 3] }",
    );
    const diagnostics = runRule(FieldDefinitionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:5:36 error SEG021 enum of size: expected a number, got string "two"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["two"]);
    expect(hints(diagnostics)).toEqual(["write a number, without quotes"]);
  });

  it("reports an enum on a boolean field, at the `enum` key", () => {
    const text = yaml(
      "version: 1",
      "key: id",
      "fields:",
      "  id:   { type: string }",
      "  flag: { type: boolean, enum: [true] }",
    );
    const diagnostics = runRule(FieldDefinitionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:5:26 error SEG021 enum does not apply to boolean field flag",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["enum"]);
    expect(hints(diagnostics)).toEqual(["remove `enum`"]);
  });

  it("reports a separator on a non-list field (at the key) and an empty separator (at the value)", () => {
    const text = yaml(
      "version: 1",
      "key: id",
      "fields:",
      '  id:   { type: string, separator: "," }',
      '  tags: { type: "string[]", separator: "" }',
    );
    const diagnostics = runRule(FieldDefinitionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:4:25 error SEG021 separator only applies to string[] fields; id is string",
      "segments.yaml:5:40 error SEG012 separator of tags must not be empty",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["separator", '""']);
    expect(hints(diagnostics)).toEqual([
      'remove `separator`, or declare the field as type: "string[]"',
      'e.g. separator: ";"',
    ]);
  });

  it("checks contact fields too", () => {
    const text = yaml(
      "version: 1",
      "key: id",
      "fields:",
      "  id: { type: string }",
      "contacts:",
      "  account_key: account",
      "  fields:",
      "    account: { type: string }",
      "    level:   { type: integer, default: high }",
      "  roles:",
      "    - { id: buyer, when: { level: { gte: 3 } } }",
    );
    const diagnostics = runRule(FieldDefinitionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:9:40 error SEG021 default of level: expected a number, got string "high"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["high"]);
  });
  it("reports fractions in an integer field's default and enum", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id: { type: string }",
      "  seats: { type: integer, default: 2.5, enum: [1, 1.5] }",
    );
    const diagnostics = runRule(FieldDefinitionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:4:36 error SEG021 default of seats: 2.5 is not a whole number",
      "segments.yaml:4:51 error SEG021 enum of seats: 1.5 is not a whole number",
    ]);
  });
});
