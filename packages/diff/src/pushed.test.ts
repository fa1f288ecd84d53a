import { describe, expect, it } from "vitest";
import { compile, edit, evaluate, yaml } from "../test/helpers.js";
import { PushedValues } from "./pushed.js";

const PROJECT = yaml(
  "version: 1",
  "key: id",
  "fields:",
  "  id:      { type: string }",
  "  owner:   { type: string }",
  "  renewal: { type: date }",
  "  points:  { type: number }",
  "scores:",
  "  fit: { from: points }",
  "segments:",
  "  - { id: all, activate: [crm, ads, static] }",
  "activations:",
  '  crm:    { destination: salesforce, set: { Owner__c: "{{ account.owner }}", Fit__c: "fit {{ score.fit }}", Renewal__c: "{{ account.renewal }}" } }',
  "  ads:    { destination: linkedin, audience: Everyone }",
  "  static: { destination: salesforce, set: { Source__c: segform, Version__c: 1 } }",
  "destinations:",
  "  salesforce: { type: salesforce }",
  "  linkedin:   { type: linkedin }",
);

const ROWS = [
  { id: "x", owner: "ana", renewal: "2026-01-31", points: 40 },
  { id: "y", owner: "bo", renewal: "2026-03-01", points: 90 },
];

describe("PushedValues", () => {
  const base = compile(PROJECT);
  const baseAccounts = evaluate(base, ROWS, "2026-06-15");

  it("renders set templates per account: the same values are no update, a changed account field or score is", () => {
    const pushed = new PushedValues(base, base);
    const changed = evaluate(
      base,
      [
        { ...ROWS[0], owner: "cy" },
        { ...ROWS[1], points: 91 },
      ],
      "2026-06-15",
    );
    expect(pushed.differs("crm", baseAccounts[0]!, baseAccounts[0]!)).toBe(false);
    expect(pushed.differs("crm", baseAccounts[0]!, changed[0]!)).toBe(true);
    expect(pushed.differs("crm", baseAccounts[1]!, changed[1]!)).toBe(true);
    expect(pushed.differs("static", baseAccounts[0]!, changed[0]!)).toBe(false);
  });

  it("renders dates as dates, so a field moving to another column with the same values is no update", () => {
    const head = compile(edit(PROJECT, ["renewal: { type: date }", "renewal: { type: date, from: Renewal }"]));
    const headAccounts = evaluate(
      head,
      ROWS.map(({ renewal, ...row }) => ({ ...row, Renewal: renewal })),
      "2026-06-15",
    );
    expect(new PushedValues(base, head).differs("crm", baseAccounts[0]!, headAccounts[0]!)).toBe(false);
  });

  it("updates every account when a template, a constant, the audience or the destination changes", () => {
    const head = compile(
      edit(
        PROJECT,
        ['Fit__c: "fit {{ score.fit }}"', 'Fit__c: "{{ score.fit }}"'],
        ["Version__c: 1", "Version__c: 2"],
        ["audience: Everyone", "audience: All accounts"],
      ),
    );
    const headAccounts = evaluate(head, ROWS, "2026-06-15");
    const pushed = new PushedValues(base, head);
    expect(["crm", "static", "ads"].map((name) => pushed.differs(name, baseAccounts[0]!, headAccounts[0]!))).toEqual([
      true,
      true,
      true,
    ]);
    const moved = compile(edit(PROJECT, ["ads:    { destination: linkedin", "ads:    { destination: salesforce"]));
    expect(
      new PushedValues(base, moved).differs("ads", baseAccounts[0]!, evaluate(moved, ROWS, "2026-06-15")[0]!),
    ).toBe(true);
  });
});
