import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { UnknownReferenceRule } from "./UnknownReferenceRule.js";

describe("UnknownReferenceRule", () => {
  it("accepts fields, earlier scores, defines and `tier` where each is visible", () => {
    const text = project(
      "define:",
      "  big: { employees: { gte: 1000 } }",
      "  hot: { intent: { gte: 50 } }",
      "icp:",
      "  include: big",
      "scores:",
      "  intent: { from: intent_score }",
      "  fit: { criteria: [{ when: hot, points: 10 }, { when: { intent: { gte: 10 } }, points: 5 }] }",
      "tiers:",
      "  - { id: t1, when: { fit: { gte: 10 } } }",
      "activations:",
      "  to-crm: { destination: crm, when: { tier: t1 } }",
      "destinations:",
      '  crm: { type: webhook, url: "${env:CRM_URL}" }',
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports an unknown field, with did-you-mean, at the name", () => {
    const text = project("icp:", "  include: { industy: software, all: [{ regoin: NA }, { zzz: 1 }] }");
    const diagnostics = runRule(UnknownReferenceRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:14 error SEG020 unknown field or score "industy" in icp.include',
      'segments.yaml:14:41 error SEG020 unknown field or score "regoin" in icp.include',
      'segments.yaml:14:57 error SEG020 unknown field or score "zzz" in icp.include',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["industy", "regoin", "zzz"]);
    expect(hints(diagnostics)).toEqual([
      'did you mean "industry"?',
      'did you mean "region"?',
      "declare it under fields",
    ]);
  });

  it("a typo inside a define is reported once, where the define reads it, not again where the define is used", () => {
    const text = project("define:", "  big: { employess: { gte: 1000 } }", "icp:", "  include: big");
    expect(diagnosticsText(runRule(UnknownReferenceRule, text))).toEqual([
      'segments.yaml:14:10 error SEG020 unknown field or score "employess" in define.big',
    ]);
  });

  it("reports a dangling define reference, with did-you-mean", () => {
    const text = project(
      "define:",
      "  mid_market: { employees: { gte: 200 } }",
      "icp:",
      "  include: { not: mid_markt }",
    );
    const diagnostics = runRule(UnknownReferenceRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:16:19 error SEG023 unknown condition "mid_markt" in icp.include',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["mid_markt"]);
    expect(hints(diagnostics)).toEqual(['did you mean "mid_market"?']);
  });

  it("reports a score used before it is computed, directly or in the ICP", () => {
    const text = project(
      "icp:",
      "  exclude: { fit: { lt: 10 } }",
      "scores:",
      "  fit: { criteria: [{ when: { intent: { gte: 50 } }, points: 10 }] }",
      "  intent: { from: intent_score }",
    );
    const diagnostics = runRule(UnknownReferenceRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:14 error SEG037 score "fit" is not computed yet in icp.exclude',
      'segments.yaml:16:31 error SEG037 score "intent" is not computed yet in scores.fit.criteria[0]',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["fit", "intent"]);
    expect(hints(diagnostics)).toEqual([
      "a score may only use scores declared before it; the ICP may use no scores",
      "a score may only use scores declared before it; the ICP may use no scores",
    ]);
  });

  it("reports a define that reads a score when it is used in the ICP, at the use", () => {
    const text = project(
      "define:",
      "  engaged: { any: [{ intent: { gte: 50 } }, { active: true }] }",
      "icp:",
      "  include: { all: [engaged] }",
      "scores:",
      "  intent: { from: intent_score }",
    );
    const diagnostics = runRule(UnknownReferenceRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:16:20 error SEG037 condition "engaged" reads "intent", which is not available in icp.include',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["engaged"]);
    expect(hints(diagnostics)).toEqual(["a score may only use scores declared before it; the ICP may use no scores"]);
  });

  it("reports `tier` tested before tiers are assigned, directly and through a define", () => {
    const text = project(
      "define:",
      "  top: { tier: t1 }",
      "tiers:",
      "  - { id: t1, when: { employees: { gte: 10 } } }",
      "  - { id: t2, when: { tier: t1 } }",
      "  - { id: t3, when: top }",
    );
    const diagnostics = runRule(UnknownReferenceRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:17:23 error SEG020 the tier is not known yet in tier t2",
      'segments.yaml:18:21 error SEG037 condition "top" reads "tier", which is not available in tier t3',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["tier", "top"]);
    expect(hints(diagnostics)).toEqual([
      "only segments and activations may test `tier`",
      "only segments and activations may test `tier`",
    ]);
  });

  it("checks contact roles against contact fields only", () => {
    const text = project(
      "contacts:",
      "  account_key: account",
      "  fields:",
      "    account: { type: string }",
      "    title:   { type: string }",
      "  roles:",
      "    - { id: buyer, when: { titel: CEO, employees: { gte: 1 } } }",
    );
    const diagnostics = runRule(UnknownReferenceRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:19:28 error SEG020 unknown contact field "titel" in role buyer',
      'segments.yaml:19:40 error SEG020 unknown contact field "employees" in role buyer',
    ]);
    expect(hints(diagnostics)).toEqual(['did you mean "title"?', "declare it under contacts.fields"]);
  });
});
