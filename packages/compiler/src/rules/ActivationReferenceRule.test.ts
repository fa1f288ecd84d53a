import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { ActivationReferenceRule } from "./ActivationReferenceRule.js";

describe("ActivationReferenceRule", () => {
  it("accepts declared activations and destinations", () => {
    const text = project(
      "tiers:",
      "  - { id: t1, activate: [crm-tier] }",
      "activations:",
      '  crm-tier: { destination: salesforce, set: { Tier__c: "{{ tier.id }}" } }',
      "destinations:",
      '  salesforce: { type: salesforce, token: "${env:SF_TOKEN}" }',
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports an unknown activation in a tier or segment, with did-you-mean, at the name", () => {
    const text = project(
      "tiers:",
      "  - { id: t1, activate: [crm-teir] }",
      "segments:",
      "  - { id: s1, when: { region: NA }, activate: [crm-tier, linkedin-audience] }",
      "activations:",
      "  crm-tier: { destination: salesforce }",
      "destinations:",
      "  salesforce: { type: salesforce }",
    );
    const diagnostics = runRule(ActivationReferenceRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:26 error SEG023 unknown activation "crm-teir"',
      'segments.yaml:16:58 error SEG023 unknown activation "linkedin-audience"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["crm-teir", "linkedin-audience"]);
    expect(hints(diagnostics)).toEqual(['did you mean "crm-tier"?', "declare it under `activations`"]);
  });

  it("reports an activation pushing to an unknown destination, at the destination", () => {
    const text = project(
      "activations:",
      "  crm-tier: { destination: salesforse }",
      "  ads: { destination: linkedin }",
      "destinations:",
      "  salesforce: { type: salesforce }",
    );
    const diagnostics = runRule(ActivationReferenceRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:28 error SEG023 activation crm-tier pushes to unknown destination "salesforse"',
      'segments.yaml:15:23 error SEG023 activation ads pushes to unknown destination "linkedin"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["salesforse", "linkedin"]);
    expect(hints(diagnostics)).toEqual(['did you mean "salesforce"?', "declare it under `destinations`"]);
  });
});
