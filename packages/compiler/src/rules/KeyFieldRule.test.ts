import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, runRule, underlined, yaml } from "../../test/helpers.js";
import { KeyFieldRule } from "./KeyFieldRule.js";

describe("KeyFieldRule", () => {
  it("accepts a declared key, or a field named id without `key`", () => {
    expect(
      diagnosticsText(compileText(yaml("version: 1", "key: account_id", "fields:", "  account_id: { type: string }"))),
    ).toEqual([]);
    expect(diagnosticsText(compileText(yaml("version: 1", "fields:", "  id: { type: integer }")))).toEqual([]);
  });

  it("reports a key that is not a declared field, at the key's value", () => {
    const text = yaml("version: 1", "key: acount_id", "fields:", "  account_id: { type: string }");
    const diagnostics = runRule(KeyFieldRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:2:6 error SEG023 key "acount_id" is not a declared field',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["acount_id"]);
    expect(hints(diagnostics)).toEqual(["declare it under fields, e.g. acount_id: { type: string }"]);
  });

  it("reports a key of a type that cannot identify an account", () => {
    const text = yaml("version: 1", "key: tags", "fields:", '  tags: { type: "string[]" }');
    const diagnostics = runRule(KeyFieldRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:2:6 error SEG021 key "tags" must be a string, integer or number field',
    ]);
    expect(hints(diagnostics)).toEqual(["key by a field that identifies one account, e.g. an id of type string"]);
  });

  it("reports a date key, and a key named like an output column", () => {
    const dated = yaml("version: 1", "key: created", "fields:", "  created: { type: date }");
    expect(diagnosticsText(runRule(KeyFieldRule, dated))).toEqual([
      'segments.yaml:2:6 error SEG021 key "created" must be a string, integer or number field',
    ]);
    const clash = yaml("version: 1", "key: activations", "fields:", "  activations: { type: string }");
    const diagnostics = runRule(KeyFieldRule, clash);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:2:6 error SEG024 key "activations" has the name of an output column',
    ]);
    expect(hints(diagnostics)).toEqual([
      "rename the field (map the column with `from`); outputs use icp, tier, segment, activations, roles",
    ]);
  });

  it("reports a missing key when there is no field named id, at the start of the document", () => {
    const text = yaml(
      "# yaml-language-server: $schema=../schemas/segform.schema.json",
      "version: 1",
      "fields:",
      "  name: { type: string }",
    );
    const diagnostics = runRule(KeyFieldRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:2:1 error SEG013 no account key: declare `key: <field>` (or a field named `id`)",
    ]);
    expect(hints(diagnostics)).toEqual(["the key identifies accounts in outputs, explanations and tie-breaks"]);
  });

  it("reports contact keys that are not contact fields", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id: { type: string }",
      "contacts:",
      "  account_key: account",
      "  key: contact",
      "  fields:",
      "    title: { type: string }",
      "  roles:",
      "    - { id: buyer, when: { title: CEO } }",
    );
    const diagnostics = runRule(KeyFieldRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      'segments.yaml:5:16 error SEG023 contacts.account_key "account" is not a declared contact field',
      'segments.yaml:6:8 error SEG023 contacts.key "contact" is not a declared contact field',
    ]);
    expect(underlined(diagnostics, text)).toEqual(["account", "contact"]);
    expect(hints(diagnostics)).toEqual([
      "declare it under contacts.fields, e.g. account: { type: string }",
      "declare it under contacts.fields, e.g. contact: { type: string }",
    ]);
  });
});
