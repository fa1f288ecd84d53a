import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, runRule, underlined, yaml } from "../../test/helpers.js";
import { ContactsConditionRule } from "./ContactsConditionRule.js";

const CONTACTS = [
  "contacts:",
  "  account_key: account",
  "  fields:",
  "    account:   { type: string }",
  "    seniority: { type: string, enum: [c_level, vp] }",
  "  define:",
  "    exec: { seniority: c_level }",
  "  roles:",
  "    - { id: ciso, when: { seniority: c_level } }",
  "    - { id: champion, when: { seniority: vp } }",
];

const project = (...lines: string[]) => yaml("version: 1", "key: id", "fields:", "  id: { type: string }", ...lines);

describe("ContactsConditionRule", () => {
  it("accepts count and distinct_roles, a where over contact fields, role and contact defines", () => {
    const text = project(
      "define:",
      "  has_ciso: { contacts: { where: { role: ciso }, count: { gte: 1 } } }",
      "  ready:    { contacts: { distinct_roles: { gte: 2 }, count: { lte: 20 } } }",
      "  execs:    { contacts: { where: { all: [exec, { role: { ne: champion } }] }, count: { between: [1, 3] } } }",
      "icp:",
      "  include: { any: [has_ciso, ready, execs] }",
      ...CONTACTS,
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports a contacts test without a contacts section, stray keys, and no measure, at the test", () => {
    const noContacts = project("icp:", "  include: { contacts: { count: { gte: 1 } } }");
    const missing = runRule(ContactsConditionRule, noContacts);
    expect(diagnosticsText(missing)).toEqual([
      "segments.yaml:6:14 error SEG043 contacts conditions need a contacts section (in icp.include)",
    ]);
    expect(underlined(missing, noContacts)).toEqual(["contacts"]);

    const text = project(
      "icp:",
      "  include:",
      "    any:",
      "      - { contacts: { gte: 1 } }",
      "      - { contacts: { where: { role: ciso } } }",
      ...CONTACTS,
    );
    const diagnostics = runRule(ContactsConditionRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:8:23 error SEG043 contacts takes where, count and distinct_roles, not gte",
      "segments.yaml:9:21 error SEG043 contacts needs count or distinct_roles: what is tested about the matching contacts",
    ]);
    expect(underlined(diagnostics, text)).toEqual(["gte", "{ where: { role: ciso } }"]);
    expect(hints(diagnostics)).toEqual([
      "e.g. contacts: { where: { role: champion }, count: { gte: 1 } }",
      "e.g. count: { gte: 1 }",
    ]);
  });

  it("checks the numeric tests as for days and counts (SEG042)", () => {
    const text = project("icp:", "  include: { contacts: { count: { eq: 1.5 }, distinct_roles: {} } }", ...CONTACTS);
    const diagnostics = runRule(ContactsConditionRule, text);
    expect(underlined(diagnostics, text)).toEqual(["1.5", "{}"]);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:6:39 error SEG042 contacts count eq: 1.5 is not a whole number, so it never matches",
      "segments.yaml:6:62 error SEG042 contacts distinct_roles has no test",
    ]);
  });

  it("where reads contact fields and role only, with role ids checked (other rules, located inside where)", () => {
    const text = project(
      "  industry: { type: string }",
      "icp:",
      "  include: { contacts: { where: { industry: x, role: cisso, title: { exists: true } }, count: { gte: 1 } } }",
      ...CONTACTS,
    );
    const result = compileText(text);
    expect(underlined(result, text)).toEqual(["industry", "cisso", "title"]);
    expect(diagnosticsText(result)).toEqual([
      'segments.yaml:7:35 error SEG020 unknown contact field "industry" in icp.include (contacts where)',
      'segments.yaml:7:54 error SEG022 "cisso" is not in the declared roles (ciso, champion)',
      'segments.yaml:7:61 error SEG020 unknown contact field "title" in icp.include (contacts where)',
    ]);
  });

  it("a field named contacts is still tested as a field (projects written before contacts conditions)", () => {
    const text = project("  contacts: { type: integer }", "icp:", "  include: { contacts: { gte: 3 } }", ...CONTACTS);
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });
});
