import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { TemplateRule } from "./TemplateRule.js";

const PLACEHOLDERS = "placeholders: {{ account.FIELD }}, {{ segment.id }}, {{ tier.id }}, {{ score.NAME }}";

describe("TemplateRule", () => {
  it("accepts account, segment, tier and score placeholders, with or without spaces", () => {
    const text = project(
      "scores:",
      "  fit: { from: revenue }",
      "activations:",
      "  crm:",
      "    destination: salesforce",
      '    set: { A: "{{ account.industry }}", B: "{{segment.id}}", C: "Tier {{ tier.id }} / {{ score.fit }}", D: 5, E: true }',
      "destinations:",
      "  salesforce: { type: salesforce }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports unknown placeholders, at the value", () => {
    const text = project(
      "scores:",
      "  fit: { from: revenue }",
      "activations:",
      "  crm:",
      "    destination: salesforce",
      "    set:",
      '      A: "{{ segment.name }}"',
      '      B: "{{ account.industy }}"',
      '      C: "{{ score.fitt }}"',
      '      D: "{{ owner }}"',
      "destinations:",
      "  salesforce: { type: salesforce }",
    );
    const diagnostics = runRule(TemplateRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:19:10 error SEG033 activation crm: unknown placeholder {{ segment.name }}",
      'segments.yaml:20:10 error SEG033 activation crm: unknown field "industy" in {{ account.industy }}',
      'segments.yaml:21:10 error SEG033 activation crm: unknown score "fitt" in {{ score.fitt }}',
      "segments.yaml:22:10 error SEG033 activation crm: unknown placeholder {{ owner }}",
    ]);
    expect(underlined(diagnostics, text)).toEqual([
      '"{{ segment.name }}"',
      '"{{ account.industy }}"',
      '"{{ score.fitt }}"',
      '"{{ owner }}"',
    ]);
    expect(hints(diagnostics)).toEqual([PLACEHOLDERS, PLACEHOLDERS, PLACEHOLDERS, PLACEHOLDERS]);
  });

  it("reports unbalanced braces", () => {
    const text = project(
      "activations:",
      '  crm: { destination: salesforce, set: { A: "{{ tier.id }" } }',
      "destinations:",
      "  salesforce: { type: salesforce }",
    );
    const diagnostics = runRule(TemplateRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:45 error SEG033 activation crm: unbalanced {{ }} in "{{ tier.id }"',
    ]);
    expect(underlined(diagnostics, text)).toEqual(['"{{ tier.id }"']);
    expect(hints(diagnostics)).toEqual(["write placeholders as {{ name }}, e.g. {{ segment.id }}"]);
  });
});
