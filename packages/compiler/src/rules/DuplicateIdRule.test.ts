import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { DuplicateIdRule } from "./DuplicateIdRule.js";

describe("DuplicateIdRule", () => {
  it("accepts unique ids (the same id may be reused across kinds)", () => {
    const text = project(
      "scores:",
      "  fit: { criteria: [{ id: big, when: { employees: { gte: 100 } }, points: 1 }, { id: rich, when: { revenue: { gte: 1 } }, points: 1 }] }",
      "tiers:",
      "  - { id: big, when: { fit: { gte: 2 } } }",
      "  - { id: rest }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports duplicate tier, segment, role and criterion ids, at the later id", () => {
    const text = project(
      "scores:",
      "  fit:",
      "    criteria:",
      "      - { id: big, when: { employees: { gte: 100 } }, points: 1 }",
      "      - { id: big, when: { employees: { gte: 1000 } }, points: 1 }",
      "tiers:",
      "  - { id: t1, when: { fit: { gte: 2 } } }",
      "  - { id: t2, when: { fit: { gte: 1 } } }",
      "  - { id: t1 }",
      "segments:",
      "  - { id: s1, when: { region: NA } }",
      "  - { id: s1, when: { region: EMEA } }",
      "contacts:",
      "  account_key: account",
      "  fields:",
      "    account: { type: string }",
      "    title:   { type: string }",
      "  roles:",
      "    - { id: buyer, when: { title: CEO } }",
      "    - { id: buyer, when: { title: CFO } }",
    );
    const diagnostics = runRule(DuplicateIdRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:17:15 error SEG024 duplicate criterion id "big" (first declared at position 1)',
      'segments.yaml:21:11 error SEG024 duplicate tier id "t1" (first declared at position 1)',
      'segments.yaml:24:11 error SEG024 duplicate segment id "s1" (first declared at position 1)',
      'segments.yaml:32:13 error SEG024 duplicate role id "buyer" (first declared at position 1)',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["big", "t1", "s1", "buyer"]);
    expect(hints(diagnostics)).toEqual([
      "criterion ids must be unique",
      "tier ids must be unique",
      "segment ids must be unique",
      "role ids must be unique",
    ]);
  });

  it("reports a duplicate audience id, and a duplicate segment id in the scoped form, at the later id", () => {
    const text = project(
      "segments:",
      "  scope: all",
      "  list:",
      "    - { id: s1, when: { region: NA } }",
      "    - { id: s1, when: { region: EMEA } }",
      "audiences:",
      "  - { id: big, when: { employees: { gte: 1000 } } }",
      "  - { id: big, when: { employees: { gte: 5000 } } }",
    );
    const diagnostics = runRule(DuplicateIdRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:17:13 error SEG024 duplicate segment id "s1" (first declared at position 1)',
      'segments.yaml:20:11 error SEG024 duplicate audience id "big" (first declared at position 1)',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["s1", "big"]);
  });
});
