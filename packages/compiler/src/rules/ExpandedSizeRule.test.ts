import { describe, expect, it } from "vitest";
import { compileFiles, compileText, diagnosticsText, project, runRule, underlined } from "../../test/helpers.js";
import { ExpandedSizeRule } from "./ExpandedSizeRule.js";

const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`).join(", ");
const contactFanOut = (links: number) => [
  "contacts:",
  "  account_key: account_id",
  "  fields: { account_id: { type: string }, title: { type: string } }",
  "  define:",
  "    c0: { title: cto }",
  ...Array.from({ length: links }, (_, i) => `    c${i + 1}: { any: [c${i}, { not: c${i} }] }`),
  `  roles: [{ id: cto, when: c${links} }]`,
];

describe("ExpandedSizeRule", () => {
  it("passes defines copied up to 1,000,000 tests, and shares a define used more than once past that", () => {
    const uses = [
      "icp:",
      "  include: big",
      "segments:",
      ...[1, 2, 3, 4].map((i) => `  - { id: s${i}, when: big }`),
      "  - { id: rest }",
    ];
    expect(
      diagnosticsText(
        runRule(ExpandedSizeRule, project("define:", `  big: { industry: [${values(199_999)}] }`, ...uses)),
      ),
    ).toEqual([]);
    // 5 copies of 210,001 tests would be 1,050,005: `big` is shared instead, stored once.
    const result = compileText(project("define:", `  big: { industry: [${values(210_000)}] }`, ...uses));
    expect(diagnosticsText(result).filter((line) => line.includes("error"))).toEqual([]);
    expect(result.plan!.defines!.map((define) => define.name)).toEqual(["big"]);
    expect(result.plan!.icp).toEqual({ op: "define", name: "big" });
  });

  it("compiles a fan-out chain of account defines (each uses the previous one twice) as shared defines", () => {
    const chain = Array.from({ length: 40 }, (_, i) => `  d${i + 1}: { any: [d${i}, { not: d${i} }] }`);
    const result = compileText(
      project("define:", "  d0: { employees: { gte: 1 } }", ...chain, "icp:", "  include: d40"),
    );
    expect(diagnosticsText(result)).toEqual([]);
    expect(result.plan!.defines!.map((define) => define.name)).toEqual(Array.from({ length: 40 }, (_, i) => `d${i}`));
    expect(result.plan!.defines![1]).toEqual({
      name: "d1",
      when: {
        op: "or",
        args: [
          { op: "define", name: "d0" },
          { op: "not", arg: { op: "define", name: "d0" } },
        ],
      },
    });
    expect(result.plan!.icp).toEqual({
      op: "named",
      name: "d40",
      arg: {
        op: "or",
        args: [
          { op: "define", name: "d39" },
          { op: "not", arg: { op: "define", name: "d39" } },
        ],
      },
    });
  });

  it("stops a fan-out chain of contact defines (they are still copied) at once, and the project does not compile", () => {
    const text = project(...contactFanOut(40));
    const result = compileText(text);
    expect(result.plan).toBeUndefined();
    expect(diagnosticsText(result)).toEqual([
      "segments.yaml:58:28 error SEG039 the definitions expand to more than 1,000,000 tests once every define is copied where it is used (limit 1,000,000); role cto alone expands to more than 1,000,000",
    ]);
    expect(underlined(result, text)).toEqual(["c40"]);
  });

  it("walks a 20,000-link define chain without recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `  d${i + 1}: { all: [d${i}] }`);
    const diagnostics = runRule(
      ExpandedSizeRule,
      project("define:", "  d0: { employees: { gte: 1 } }", ...chain, "icp:", "  include: d20000"),
    );
    expect(diagnosticsText(diagnostics)).toEqual([]);
  });

  it("shares defines imported from another file like any other", () => {
    const result = compileFiles({
      "segments.yaml": project("imports: [lists.yaml]", "icp:", "  include: { all: [a, a, a, a, a] }"),
      "lists.yaml": `version: 1\ndefine:\n  a: { industry: [${values(200_000)}] }\n`,
    });
    expect(diagnosticsText(result)).toEqual([]);
    expect(result.plan!.icp).toEqual({
      op: "and",
      args: Array.from({ length: 5 }, () => ({ op: "define", name: "a" })),
    });
  });
});
