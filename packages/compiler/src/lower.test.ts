import { describe, expect, it } from "vitest";
import { exprText, serializePlan, type Plan } from "@segform/plan";
import { compileFiles, compileText, diagnosticsText, hints, yaml } from "../test/helpers.js";

const SMALL = yaml(
  "version: 1",
  "name: small",
  "key: id",
  "fields:",
  '  zip:       { type: string, enum: [10001, "02134"], default: 10001 }',
  "  id:        { type: string, from: Id, nullable: false }",
  "  employees: { type: integer }",
  "  founded:   { type: date, default: 2020-01-01 }",
  '  tech:      { type: "string[]", separator: "|" }',
  "  warehouse: { type: string }",
  "define:",
  "  big: { employees: { gte: 100 } }",
  "icp:",
  "  include: { all: [big, { zip: 10001 }] }",
  '  exclude: { warehouse: { exists: false }, founded: { gt: "2020-01-01" } }',
  "scores:",
  "  fit:",
  "    criteria:",
  "      - { id: stack, when: { tech: { contains_any: [dbt, 5] } }, points: 40 }",
  '      - { when: { zip: [10001, "02134"] }, points: 10 }',
  "tiers:",
  "  - { id: t1, when: { fit: { gte: 50 } }, capacity: 10 }",
  "  - { id: t2 }",
);

function compileOk(files: Record<string, string>): Plan {
  const result = compileFiles(files);
  expect(diagnosticsText(result)).toEqual([]);
  return result.plan!;
}

const field = (name: string, type: string) => ({ kind: "field", name, type });

describe("lowerProject", () => {
  const plan = compileOk({ "segments.yaml": SMALL });

  it("lowers the ICP to include AND NOT exclude, with defines kept by name and keys sorted", () => {
    expect(plan.icp).toEqual({
      op: "and",
      args: [
        {
          op: "and",
          args: [
            {
              op: "named",
              name: "big",
              arg: { op: "test", ref: field("employees", "integer"), test: "gte", value: 100 },
            },
            { op: "test", ref: field("zip", "string"), test: "eq", value: "10001" },
          ],
        },
        {
          op: "not",
          arg: {
            op: "and",
            args: [
              { op: "test", ref: field("founded", "date"), test: "gt", value: "2020-01-01" },
              { op: "test", ref: field("warehouse", "string"), test: "missing", value: true },
            ],
          },
        },
      ],
    });
  });

  it("lowers shorthands (scalar = eq, list = in), numbers for string fields to strings, and names criteria", () => {
    expect(plan.scores).toEqual([
      {
        name: "fit",
        kind: "criteria",
        criteria: [
          {
            id: "stack",
            when: { op: "test", ref: field("tech", "string[]"), test: "contains_any", value: ["5", "dbt"] },
            points: 40,
          },
          {
            id: 'zip in ["02134", "10001"]',
            when: { op: "test", ref: field("zip", "string"), test: "in", value: ["02134", "10001"] },
            points: 10,
          },
        ],
      },
    ]);
  });

  it("sorts fields by name and normalises defaults and enums to the field's type", () => {
    expect(plan.fields).toEqual([
      {
        name: "employees",
        type: "integer",
        column: "employees",
        default: null,
        nullable: true,
        enum: null,
        separator: ";",
      },
      {
        name: "founded",
        type: "date",
        column: "founded",
        default: "2020-01-01",
        nullable: true,
        enum: null,
        separator: ";",
      },
      { name: "id", type: "string", column: "Id", default: null, nullable: false, enum: null, separator: ";" },
      { name: "tech", type: "string[]", column: "tech", default: null, nullable: true, enum: null, separator: "|" },
      {
        name: "warehouse",
        type: "string",
        column: "warehouse",
        default: null,
        nullable: true,
        enum: null,
        separator: ";",
      },
      {
        name: "zip",
        type: "string",
        column: "zip",
        default: "10001",
        nullable: true,
        enum: ["10001", "02134"],
        separator: ";",
      },
    ]);
  });

  it("lowers tiers: a missing `when` is always, capacity tiers rank by every score by default", () => {
    expect(plan.tiers).toEqual([
      {
        id: "t1",
        when: { op: "test", ref: { kind: "score", name: "fit", type: "number" }, test: "gte", value: 50 },
        capacity: 10,
        rankBy: [{ ref: { kind: "score", name: "fit", type: "number" }, order: "desc" }],
        activate: [],
      },
      { id: "t2", when: { op: "const", value: true }, capacity: null, rankBy: [], activate: [] },
    ]);
    expect(plan.segments).toEqual([]);
    expect(plan.fallback).toEqual({ id: "other", activate: [] });
    expect(plan.contacts).toBeNull();
    expect(plan.name).toBe("small");
    expect(plan.key).toBe("id");
    expect(plan.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("gives an ICP without include or exclude the constant true", () => {
    const bare = compileOk({ "segments.yaml": yaml("version: 1", "fields:", "  id: { type: string }") });
    expect(bare.icp).toEqual({ op: "const", value: true });
    expect(bare.key).toBe("id");
  });

  it("lowers `exists: true`, `missing: true` and `missing: false`", () => {
    const text = yaml(
      "version: 1",
      "fields:",
      "  id: { type: string }",
      "icp:",
      "  include: { any: [{ id: { exists: true } }, { id: { missing: true } }, { id: { missing: false } }] }",
    );
    const tests = (compileOk({ "segments.yaml": text }).icp as { args: { test: string; value: unknown }[] }).args.map(
      (a) => [a.test, a.value],
    );
    expect(tests).toEqual([
      ["exists", true],
      ["missing", true],
      ["exists", true],
    ]);
  });
});

describe("plan determinism", () => {
  const base = compileText(SMALL).plan!;

  it("compiling the same files twice gives byte-identical output", () => {
    expect(serializePlan(compileText(SMALL).plan!)).toBe(serializePlan(base));
  });

  it("reformatting, reordering keys and adding comments do not change the hash", () => {
    const reformatted = yaml(
      "# A comment at the top",
      "version: 1",
      "key: id   # the account key",
      "name: small",
      "tiers:",
      "  - id: t1",
      "    capacity: 10",
      "    when:",
      "      fit:",
      "        gte: 50",
      "  - id: t2",
      "scores:",
      "  fit:",
      "    criteria:",
      '      - { points: 40, when: { tech: { contains_any: [dbt, "5"] } }, id: stack }',
      '      - { points: 10, when: { zip: ["10001", "02134"] } }',
      "icp:",
      "  exclude: { founded: { gt: 2020-01-01 }, warehouse: { exists: false } }",
      "  include:",
      "    all:",
      "      - big",
      '      - zip: "10001"',
      "define:",
      "  big:",
      "    employees: { gte: 100 }",
      "fields:",
      "  warehouse: { type: string }",
      '  tech:      { separator: "|", type: "string[]" }',
      '  founded:   { type: date, default: "2020-01-01" }',
      "  employees: { type: integer }",
      "  id:        { nullable: false, from: Id, type: string }",
      '  zip:       { default: "10001", type: string, enum: ["10001", "02134"] }',
    );
    const plan = compileOk({ "segments.yaml": reformatted });
    expect(plan.hash).toBe(base.hash);
    expect(serializePlan(plan)).toBe(serializePlan(base));
  });

  it("moving a define into an imported file does not change the hash", () => {
    const main = SMALL.replace("define:\n  big: { employees: { gte: 100 } }\n", "imports: [shared/defines.yaml]\n");
    expect(main).not.toBe(SMALL);
    const plan = compileOk({
      "segments.yaml": main,
      "shared/defines.yaml": yaml("version: 1", "define:", "  big: { employees: { gte: 100 } }"),
    });
    expect(plan.hash).toBe(base.hash);
  });

  it("changing a threshold changes the hash", () => {
    const changed = compileOk({ "segments.yaml": SMALL.replace("fit: { gte: 50 }", "fit: { gte: 60 }") });
    expect(changed.hash).not.toBe(base.hash);
    const define = compileOk({ "segments.yaml": SMALL.replace("employees: { gte: 100 }", "employees: { gte: 101 }") });
    expect(define.hash).not.toBe(base.hash);
  });

  it("keeps the order that carries meaning: reordering tiers changes the hash", () => {
    const swapped = SMALL.replace(
      "  - { id: t1, when: { fit: { gte: 50 } }, capacity: 10 }\n  - { id: t2 }\n",
      "  - { id: t2, when: { fit: { lt: 50 } } }\n  - { id: t1, when: { fit: { gte: 50 } }, capacity: 10 }\n",
    );
    expect(compileOk({ "segments.yaml": swapped }).hash).not.toBe(base.hash);
  });
});

describe("lowerProject: normalisation (case, null_values)", () => {
  const NORMALISED = yaml(
    "version: 1",
    "key: id",
    "fields:",
    "  id:       { type: string }",
    '  industry: { type: string, case: lower, enum: [Fintech, SaaS, "Ünïcode"], default: SaaS, null_values: [N/A, "-", Unknown] }',
    '  tech:     { type: "string[]", case: upper, default: [dbt] }',
    "icp:",
    "  include: { industry: [FINTECH, saas], tech: { contains_any: [Snowflake, dbt] } }",
    '  exclude: { any: [{ industry: { starts_with: "Fin", matches: "^Fin" } }, { industry: { ne: "ÜNïCODE" } }] }',
  );

  it("folds enum, default and rule values (ASCII letters only; matches keeps its pattern) and carries the normalisation", () => {
    const plan = compileOk({ "segments.yaml": NORMALISED });
    const industry = plan.fields.find((f) => f.name === "industry")!;
    expect(industry).toEqual({
      name: "industry",
      type: "string",
      column: "industry",
      default: "saas",
      nullable: true,
      enum: ["fintech", "saas", "Ünïcode"],
      separator: ";",
      case: "lower",
      nullValues: ["-", "n/a", "unknown"],
    });
    expect(plan.fields.find((f) => f.name === "tech")).toEqual({
      name: "tech",
      type: "string[]",
      column: "tech",
      default: ["DBT"],
      nullable: true,
      enum: null,
      separator: ";",
      case: "upper",
    });
    expect(plan.icp).toEqual({
      op: "and",
      args: [
        {
          op: "and",
          args: [
            { op: "test", ref: field("industry", "string"), test: "in", value: ["fintech", "saas"] },
            { op: "test", ref: field("tech", "string[]"), test: "contains_any", value: ["DBT", "SNOWFLAKE"] },
          ],
        },
        {
          op: "not",
          arg: {
            op: "or",
            args: [
              {
                op: "and",
                args: [
                  { op: "test", ref: field("industry", "string"), test: "matches", value: "^Fin" },
                  { op: "test", ref: field("industry", "string"), test: "starts_with", value: "fin" },
                ],
              },
              { op: "test", ref: field("industry", "string"), test: "ne", value: "Ünïcode" },
            ],
          },
        },
      ],
    });
  });

  it("a value that matches the enum only once folded is accepted; one outside it is still reported", () => {
    expect(diagnosticsText(compileText(NORMALISED))).toEqual([]);
    const stray = compileText(NORMALISED.replace("industry: [FINTECH, saas]", "industry: [FINTECH, retail]"));
    expect(diagnosticsText(stray)).toEqual([
      'segments.yaml:8:34 error SEG022 "retail" is not in the enum of industry (fintech, saas, Ünïcode)',
    ]);
  });

  it("a project without normalisation has no case or nullValues keys in its plan", () => {
    const plan = compileOk({ "segments.yaml": SMALL });
    for (const f of plan.fields)
      expect(Object.keys(f).sort()).toEqual(["column", "default", "enum", "name", "nullable", "separator", "type"]);
  });
});

describe("lowerProject: time in both directions and list length", () => {
  it("lowers days_ago / days_until / count to numeric tests on a measured ref, and within_next_days as a test", () => {
    const plan = compileOk({
      "segments.yaml": yaml(
        "version: 1",
        "key: id",
        "fields:",
        "  id:      { type: string }",
        "  renewal: { type: date }",
        '  tech:    { type: "string[]" }',
        "icp:",
        "  include: { renewal: { within_next_days: 60, days_until: { lte: 30, gt: 0 } }, tech: { count: { in: [6, 5] } } }",
      ),
    });
    const days = { kind: "field", name: "renewal", type: "integer", measure: "days_until" };
    expect(plan.icp).toEqual({
      op: "and",
      args: [
        { op: "test", ref: days, test: "gt", value: 0 },
        { op: "test", ref: days, test: "lte", value: 30 },
        { op: "test", ref: field("renewal", "date"), test: "within_next_days", value: 60 },
        {
          op: "test",
          ref: { kind: "field", name: "tech", type: "integer", measure: "count" },
          test: "in",
          value: [5, 6],
        },
      ],
    });
    expect(exprText(plan.icp)).toBe(
      "renewal days until > 0 and renewal days until <= 30 and renewal within the next 60 days and tech count in [5, 6]",
    );
  });
});

describe("lowerProject: conditions over contacts", () => {
  it("lowers a contacts test to one leaf per measure and operator, with `where` over contact fields and role", () => {
    const plan = compileOk({
      "segments.yaml": yaml(
        "version: 1",
        "key: id",
        "fields:",
        "  id: { type: string }",
        "define:",
        "  has_ciso: { contacts: { where: { role: ciso, title: { exists: true } }, count: { gte: 1, lte: 9 }, distinct_roles: { in: [3, 2] } } }",
        "icp:",
        "  include: has_ciso",
        "contacts:",
        "  account_key: account",
        "  fields:",
        "    account: { type: string }",
        "    title:   { type: string }",
        "  roles:",
        "    - { id: ciso, when: { title: CISO } }",
      ),
    });
    const where = {
      op: "and",
      args: [
        { op: "test", ref: { kind: "role", name: "role", type: "string" }, test: "eq", value: "ciso" },
        { op: "test", ref: field("title", "string"), test: "exists", value: true },
      ],
    };
    expect(plan.icp).toEqual({
      op: "named",
      name: "has_ciso",
      arg: {
        op: "and",
        args: [
          { op: "contacts", where, measure: "count", test: "gte", value: 1 },
          { op: "contacts", where, measure: "count", test: "lte", value: 9 },
          { op: "contacts", where, measure: "distinct_roles", test: "in", value: [2, 3] },
        ],
      },
    });
    expect(exprText(plan.icp.op === "named" ? plan.icp.arg : plan.icp)).toBe(
      'contacts where role = "ciso" and title exists: count >= 1 and contacts where role = "ciso" and title exists: count <= 9 and contacts where role = "ciso" and title exists: distinct roles in [2, 3]',
    );
  });

  describe("segments scope and audiences", () => {
    const LIST = [
      "  - { id: big, when: { employees: { gte: 1000 } }, activate: [crm] }",
      "  - { id: mid, when: { employees: { gte: 500 } } }",
      "  - { id: small, when: { employees: { gte: 100 } } }",
      "  - { id: tiny, when: { employees: { gte: 0 } } }",
      "  - { id: rest }",
    ];
    const SEGMENTS = ["segments:", ...LIST];
    const scopedSegments = (...head: string[]) => ["segments:", ...head, "  list:", ...LIST.map((line) => `  ${line}`)];
    const WITH_ACTIVATION = [
      "activations:",
      "  crm: { destination: crm }",
      "destinations:",
      "  crm: { type: file, path: out/crm.csv }",
    ];

    it("the scoped form with scope icp (or no scope) compiles to the plan of the plain list: same hash", () => {
      const plain = compileOk({ "segments.yaml": yaml(SMALL, ...SEGMENTS, ...WITH_ACTIVATION) });
      const scoped = compileOk({ "segments.yaml": yaml(SMALL, ...scopedSegments("  scope: icp"), ...WITH_ACTIVATION) });
      const unscoped = compileOk({ "segments.yaml": yaml(SMALL, ...scopedSegments(), ...WITH_ACTIVATION) });
      expect(scoped.hash).toBe(plain.hash);
      expect(unscoped.hash).toBe(plain.hash);
      expect("segmentScope" in plain).toBe(false);
      expect("audiences" in plain).toBe(false);
    });

    it("scope all is carried in the plan (and changes the hash)", () => {
      const plain = compileOk({ "segments.yaml": yaml(SMALL, ...SEGMENTS, ...WITH_ACTIVATION) });
      const all = compileOk({ "segments.yaml": yaml(SMALL, ...scopedSegments("  scope: all"), ...WITH_ACTIVATION) });
      expect(all.segmentScope).toBe("all");
      expect(all.segments).toEqual(plain.segments);
      expect(all.fallback).toEqual({ id: "rest", activate: [] });
      expect(all.hash).not.toBe(plain.hash);
    });

    it("lowers audiences in declaration order, with owner and activate; description stays in the YAML", () => {
      const result = compileOk({
        "segments.yaml": yaml(
          SMALL,
          "audiences:",
          "  - { id: zeta, description: last letter, owner: ops, when: { employees: { gte: 1000 } }, activate: [crm] }",
          "  - { id: alpha, when: { any: [big, { fit: { gte: 50 } }, { tier: t1 }] } }",
          ...WITH_ACTIVATION,
        ),
      });
      expect(result.audiences).toEqual([
        {
          id: "zeta",
          owner: "ops",
          when: { op: "test", ref: field("employees", "integer"), test: "gte", value: 1000 },
          activate: ["crm"],
        },
        {
          id: "alpha",
          owner: null,
          when: {
            op: "or",
            args: [
              {
                op: "named",
                name: "big",
                arg: { op: "test", ref: field("employees", "integer"), test: "gte", value: 100 },
              },
              { op: "test", ref: { kind: "score", name: "fit", type: "number" }, test: "gte", value: 50 },
              { op: "test", ref: { kind: "tier", name: "tier", type: "string" }, test: "eq", value: "t1" },
            ],
          },
          activate: [],
        },
      ]);
    });

    it("an audience condition is checked like a segment's: unknown names and activations are located errors", () => {
      const result = compileFiles({
        "segments.yaml": yaml(
          SMALL,
          "audiences:",
          "  - { id: a, when: { employes: { gte: 1 } }, activate: [crn] }",
          ...WITH_ACTIVATION,
        ),
      });
      expect(diagnosticsText(result)).toEqual([
        'segments.yaml:26:22 error SEG020 unknown field or score "employes" in audience a',
        'segments.yaml:26:57 error SEG023 unknown activation "crn"',
      ]);
      expect(hints(result)).toEqual(['did you mean "employees"?', 'did you mean "crm"?']);
    });

    it("a list-valued `segments` mapping needs `list`, and `scope` is icp or all (schema errors, located)", () => {
      const missing = compileFiles({ "segments.yaml": yaml(SMALL, "segments:", "  scope: all") });
      expect(diagnosticsText(missing).join("\n")).toContain("SEG013");
      const wrong = compileFiles({ "segments.yaml": yaml(SMALL, "segments:", "  scope: everyone", "  list: []") });
      expect(diagnosticsText(wrong).join("\n")).toContain(
        'segments.yaml:26:10 error SEG012 segments.scope: "everyone" is not one of all, icp',
      );
    });
  });
});
