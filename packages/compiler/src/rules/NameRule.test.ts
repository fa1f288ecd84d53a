import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined, yaml } from "../../test/helpers.js";
import { NameRule } from "./NameRule.js";

describe("NameRule", () => {
  it("accepts letters, digits, _ and - up to 64 characters", () => {
    const text = project(
      `define:`,
      `  big_co-2: { employees: { gte: 1000 } }`,
      `  ${"d".repeat(64)}: { employees: 1 }`,
    );
    expect(runRule(NameRule, text)).toEqual([]);
  });

  it("reports names that are too long or spelt with other characters, at the key", () => {
    const long = "x".repeat(100_000);
    const text = project(
      "define:",
      `  ? ${long}`,
      "  : { employees: 1 }",
      '  "big co": { employees: 2 }',
      "scores:",
      "  2fit: { from: revenue }",
    );
    const diagnostics = runRule(NameRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:14:5 error SEG012 define name "xxxxxxxxxxxxxxxxxxxxxxxx…" is 100,000 characters long; names have at most 64',
      'segments.yaml:16:3 error SEG012 define name "big co" must start with a letter or _ and use only letters, digits, _ and -',
      'segments.yaml:18:3 error SEG012 score name "2fit" must start with a letter or _ and use only letters, digits, _ and -',
    ]);
    expect(underlined(diagnostics, text)).toEqual([long, '"big co"', "2fit"]);
    expect(hints(diagnostics)).toEqual([
      "use a shorter name",
      "map an input column with another spelling with `from`",
      "map an input column with another spelling with `from`",
    ]);
  });

  it("checks contact fields and defines", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id: { type: string }",
      "contacts:",
      "  account_key: account",
      "  fields:",
      "    account: { type: string }",
      "    job title: { type: string }",
      "  roles:",
      "    - { id: buyer, when: { account: x } }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([
      'segments.yaml:8:5 error SEG012 contact field name "job title" must start with a letter or _ and use only letters, digits, _ and -',
    ]);
  });
});
