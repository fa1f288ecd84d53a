import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, runRule, underlined, yaml } from "../../test/helpers.js";
import { NameCollisionRule } from "./NameCollisionRule.js";

describe("NameCollisionRule", () => {
  it("accepts distinct, unreserved names", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id:    { type: string }",
      "  seats: { type: integer }",
      "scores:",
      "  fit: { from: seats }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports reserved field names and scores named like fields, at the name", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id:      { type: string }",
      "  tier:    { type: string, from: Tier__c }",
      "  seats:   { type: integer }",
      "scores:",
      "  seats: { from: seats }",
      "  segment: { from: seats }",
    );
    const diagnostics = runRule(NameCollisionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:4:3 error SEG024 "tier" is reserved and cannot name a field',
      'segments.yaml:7:3 error SEG024 score "seats" has the same name as a field',
      'segments.yaml:8:3 error SEG024 "segment" is reserved and cannot name a score',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["tier", "seats", "segment"]);
    expect(hints(diagnostics)).toEqual([
      "rename it and map the column with `from`",
      "rename the score or the field; conditions must know which one they read",
      "rename the score",
    ]);
  });

  it("reserves only the condition keywords for contact fields", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id: { type: string }",
      "contacts:",
      "  account_key: account",
      "  fields:",
      "    account: { type: string }",
      "    tier:    { type: string }",
      "    not:     { type: string }",
      "  roles:",
      "    - { id: buyer, when: { tier: gold } }",
    );
    const diagnostics = runRule(NameCollisionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:9:5 error SEG024 "not" is reserved and cannot name a field',
    ]);
    expect(hints(diagnostics)).toEqual(["rename it and map the column with `from`"]);
  });
});
