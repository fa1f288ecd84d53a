import type { ContactsExpr, Expr, Plan } from "@segform/plan";
import { describe, expect, it } from "vitest";
import { AS_OF, AS_OF_DAY, field, planWith, values } from "../test/helpers.js";
import { contactAggregates } from "./aggregates.js";
import { ContactIndex } from "./contacts.js";
import { Engine, evaluateAccounts } from "./engine.js";
import { explainAccount, renderExplanation } from "./explain.js";

const role = (id: string): Expr => ({
  op: "test",
  ref: { kind: "role", name: "role", type: "string" },
  test: "eq",
  value: id,
});
const contacts = (
  where: Expr | null,
  measure: ContactsExpr["measure"],
  test: ContactsExpr["test"],
  value: number | number[],
): ContactsExpr => ({ op: "contacts", where, measure, test, value });

const HAS_CISO = contacts(role("ciso"), "count", "gte", 1);
const READY = contacts(null, "distinct_roles", "gte", 2);
const EXECS = contacts(
  { op: "test", ref: { kind: "field", name: "seniority", type: "string" }, test: "eq", value: "c_level" },
  "count",
  "eq",
  2,
);

function committeePlan(icp: Expr, keyType: "string" | "integer" = "string"): Plan {
  return planWith({
    fields: [field("id", keyType), field("n", "integer")],
    icp,
    contacts: {
      accountKey: "account",
      key: "cid",
      fields: [
        field("account", "string"),
        field("cid", "string"),
        field("seniority", "string"),
        field("title", "string"),
      ],
      roles: [
        {
          id: "ciso",
          when: { op: "test", ref: { kind: "field", name: "title", type: "string" }, test: "contains", value: "CISO" },
        },
        {
          id: "champion",
          when: {
            op: "test",
            ref: { kind: "field", name: "seniority", type: "string" },
            test: "eq",
            value: "director",
          },
        },
      ],
    },
  });
}

const COMMITTEE = [
  { cid: "C-017", account: "A", seniority: "c_level", title: "CISO" },
  { cid: "C-018", account: "A", seniority: "director", title: "Director IT" },
  { cid: "C-019", account: "A", seniority: "c_level", title: "CFO" },
  { cid: "C-020", account: "B", seniority: "director", title: "Director" },
  { cid: "C-021", account: "B", seniority: "director", title: "Director Ops" },
  { cid: "C-022", account: null, seniority: "c_level", title: "CISO" },
  { cid: "C-023", account: "a", seniority: "c_level", title: "CISO" },
  { cid: "C-024", account: "1", seniority: "c_level", title: "CISO" },
];

function indexOf(plan: Plan, keepKeys = 0): ContactIndex {
  const index = new ContactIndex(plan, AS_OF_DAY, keepKeys);
  COMMITTEE.forEach((contact, row) => index.add(index.coercer.fromObject(contact), row));
  return index;
}

describe("conditions over an account's contacts", () => {
  it("numbers each (where, measure) once, after the fields, in plan order", () => {
    const plan = committeePlan({ op: "and", args: [HAS_CISO, READY, { ...HAS_CISO, test: "lte", value: 5 }, EXECS] });
    expect(contactAggregates(plan)).toEqual([
      { where: role("ciso"), measure: "count" },
      { where: null, measure: "distinct_roles" },
      { where: EXECS.where, measure: "count" },
    ]);
    const index = indexOf(plan);
    expect(index.numbers("A")).toEqual([1, 2, 2]);
    expect(index.numbers("B")).toEqual([0, 1, 0]);
    expect(index.numbers("a")).toEqual([1, 1, 1]); // keys compare as text: "a" is not "A"
    expect(index.numbers("C")).toEqual([0, 0, 0]); // no contacts: 0, never missing
    expect(index.numbers(null)).toEqual([0, 0, 0]);
    expect(index.numbers(1)).toEqual([1, 1, 1]); // an integer key joins the contacts whose account key reads "1"
  });

  it("labels accounts: count, distinct roles, where over fields and role; an account without contacts has 0", () => {
    for (const [icp, inIcp] of [
      [HAS_CISO, ["A", "a"]],
      [READY, ["A"]],
      [EXECS, ["A"]],
      [contacts(role("ciso"), "count", "eq", 0), ["B", "C", null]],
      [{ op: "not", arg: HAS_CISO } as Expr, ["B", "C", null]],
      [contacts(null, "count", "between", [2, 3]), ["A", "B"]],
    ] as [Expr, (string | null)[]][]) {
      const plan = committeePlan(icp);
      const engine = new Engine(plan, { asOf: AS_OF });
      engine.useContacts(indexOf(plan));
      const rows = ["A", "B", "C", "a", null].map((id) => values(plan, { id }));
      const results = evaluateAccounts(engine, rows);
      expect(
        results.filter((r) => r.icp).map((r) => r.key),
        JSON.stringify(icp),
      ).toEqual(inIcp);
    }
  });

  it("refuses to evaluate an account before it has its contacts", () => {
    const plan = committeePlan(HAS_CISO);
    const engine = new Engine(plan, { asOf: AS_OF });
    expect(engine.needsContacts).toBe(true);
    expect(() => engine.prepare(values(plan, { id: "A" }), 0)).toThrow(
      "engine: this plan's conditions read contacts; call useContacts first",
    );
    expect(new Engine(committeePlan({ op: "const", value: true }), { asOf: AS_OF }).needsContacts).toBe(false);
  });

  it("explains a contacts test with its number and the contacts behind it", () => {
    const plan = committeePlan({ op: "named", name: "has_ciso", arg: HAS_CISO });
    const engine = new Engine(plan, { asOf: AS_OF });
    const index = indexOf(plan, 5);
    engine.useContacts(index);
    const explain = (id: string) => {
      const prepared = engine.prepare(values(plan, { id }), 0);
      const [result] = evaluateAccounts(engine, [values(plan, { id })]);
      return renderExplanation(explainAccount(plan, prepared, result!, engine.asOfDay, index))
        .split("\n")
        .slice(0, 4);
    };
    expect(explain("A")).toEqual([
      "account A",
      "ICP: in",
      "  ✓ has_ciso",
      '    ✓ contacts where role = "ciso": count >= 1  (was 1: C-017)',
    ]);
    expect(explain("B")).toEqual([
      "account B",
      "ICP: out",
      "  ✗ has_ciso",
      '    ✗ contacts where role = "ciso": count >= 1  (was 0)',
    ]);
  });
});
