import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { RegexRule } from "./RegexRule.js";

const RE2_HINT =
  "patterns use RE2 syntax: no backreferences (\\1) or lookaround ((?=...), (?!...)); (?i) makes it case-insensitive";

describe("RegexRule", () => {
  it("accepts RE2 patterns, including (?i) and \\b", () => {
    const text = project("icp:", '  exclude: { industry: { matches: "(?i)\\\\b(test|demo)\\\\b" } }');
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports a backreference, lookaround and a syntax error, at the pattern", () => {
    const text = project(
      "icp:",
      "  include:",
      "    any:",
      '      - { industry: { matches: "(a)\\\\1" } }',
      '      - { industry: { matches: "^(?!test)" } }',
      '      - { industry: { matches: "[a-" } }',
    );
    const diagnostics = runRule(RegexRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:16:32 error SEG029 invalid regular expression: invalid escape sequence: `\\1`",
      "segments.yaml:17:32 error SEG029 invalid regular expression: invalid or unsupported Perl syntax: `(?!`",
      "segments.yaml:18:32 error SEG029 invalid regular expression: missing closing ]: `[a-`",
    ]);
    expect(underlined(diagnostics, text)).toEqual(['"(a)\\\\1"', '"^(?!test)"', '"[a-"']);
    expect(hints(diagnostics)).toEqual([RE2_HINT, RE2_HINT, RE2_HINT]);
  });

  it("checks patterns in contact roles and defines", () => {
    const text = project(
      "define:",
      '  odd: { industry: { matches: "(" } }',
      "contacts:",
      "  account_key: account",
      "  fields:",
      "    account: { type: string }",
      "    title:   { type: string }",
      "  roles:",
      '    - { id: buyer, when: { title: { matches: "*vp" } } }',
    );
    const diagnostics = runRule(RegexRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:31 error SEG029 invalid regular expression: missing closing ): `(`",
      "segments.yaml:21:46 error SEG029 invalid regular expression: missing argument to repetition operator: `*`",
    ]);
  });

  it("refuses patterns over 1000 characters", () => {
    const text = project("icp:", `  include: { industry: { matches: "${"a".repeat(1001)}" } }`);
    const diagnostics = runRule(RegexRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:35 error SEG029 the pattern is longer than 1000 characters",
    ]);
    expect(hints(diagnostics)).toEqual(["split it into several tests, or use starts_with / ends_with / contains"]);
  });
});
