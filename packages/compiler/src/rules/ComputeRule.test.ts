import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { ComputeRule } from "./ComputeRule.js";

/** A project with one more field line (line 13) and an ICP reading it. */
function withField(line: string, ...more: string[]): string {
  return project(line, ...more, "icp:", "  include: { employees: { gte: 1 } }");
}

function check(text: string) {
  const diagnostics = runRule(ComputeRule, text);
  return { text: diagnosticsText(diagnostics), underlined: underlined(diagnostics, text), hints: hints(diagnostics) };
}

describe("ComputeRule", () => {
  it("accepts numbers, fields, operators, parentheses and every function, and lowers to the plan", () => {
    const text = project(
      '  per_head: { type: number, compute: "revenue / employees" }',
      '  mixed:    { type: number, compute: "-(min(revenue, 2.5e3, per_head) + max(1, employees)) * abs(-2) - round(revenue / 3, 2) + round(per_head)" }',
      '  age:      { type: number, compute: "days_between(founded, coalesce(renewal, founded))" }',
      "  renewal:  { type: date }",
      '  latest:   { type: date, compute: "max(founded, renewal)" }',
      "icp:",
      "  include: { per_head: { gte: 1000 }, latest: { within_days: 30 } }",
    );
    const result = compileText(text);
    expect(diagnosticsText(result)).toEqual([]);
    expect(result.plan!.fields.map((field) => field.name)).not.toContain("per_head");
    expect(result.plan!.computed!.map((field) => [field.name, field.type])).toEqual([
      ["age", "number"],
      ["latest", "date"],
      ["per_head", "number"],
      ["mixed", "number"],
    ]);
    expect(result.plan!.computed![2]!.expr).toEqual({
      op: "/",
      left: { op: "field", name: "revenue", type: "number" },
      right: { op: "field", name: "employees", type: "integer" },
    });
    expect(result.plan!.icp).toEqual({
      op: "and",
      args: [
        { op: "test", ref: { kind: "field", name: "latest", type: "date" }, test: "within_days", value: 30 },
        { op: "test", ref: { kind: "field", name: "per_head", type: "number" }, test: "gte", value: 1000 },
      ],
    });
  });

  it("keeps the plan of a project without compute (no computed key)", () => {
    expect(compileText(withField("  other: { type: number }")).plan!).not.toHaveProperty("computed");
  });

  it("points into the expression at a syntax error", () => {
    expect(check(withField('  per_head: { type: number, compute: "revenue / (employees + 1" }'))).toEqual({
      text: [
        'segments.yaml:13:63 error SEG047 expected ")" to close the "(" at character 11, found the end of the expression',
      ],
      underlined: ['"'],
      hints: ["close every ( with a )"],
    });
    expect(check(withField("  per_head: { type: number, compute: revenue / * employees }"))).toEqual({
      text: ['segments.yaml:13:48 error SEG047 expected a number, a field or a function, found "*"'],
      underlined: ["*"],
      hints: ['e.g. "revenue / employees" or "min(seats, 100)"'],
    });
    expect(check(withField("  per_head: { type: number, compute: 'revenue & 2' }"))).toEqual({
      text: ['segments.yaml:13:47 error SEG047 unexpected character "&"'],
      underlined: ["&"],
      hints: ["use numbers, field names, + - * /, parentheses and min, max, abs, round, coalesce, days_between"],
    });
  });

  it("names unknown fields and functions with a did-you-mean, at the name", () => {
    expect(check(withField('  per_head: { type: number, compute: "revenu / employes" }'))).toEqual({
      text: [
        'segments.yaml:13:39 error SEG048 unknown field "revenu" in compute',
        'segments.yaml:13:48 error SEG048 unknown field "employes" in compute',
      ],
      underlined: ["revenu", "employes"],
      hints: ['did you mean "revenue"?', 'did you mean "employees"?'],
    });
    expect(check(withField('  per_head: { type: number, compute: "mx(revenue, 1) + sqrt(revenue)" }'))).toEqual({
      text: [
        'segments.yaml:13:39 error SEG048 unknown function "mx" in compute',
        'segments.yaml:13:56 error SEG048 unknown function "sqrt" in compute',
      ],
      underlined: ["mx", "sqrt"],
      hints: [
        'did you mean "max"? (functions: min, max, abs, round, coalesce, days_between)',
        "the functions are min, max, abs, round, coalesce, days_between",
      ],
    });
  });

  it("checks types: dates only in days_between (and alike in min, max, coalesce), text fields not at all", () => {
    expect(check(withField('  age: { type: number, compute: "founded - revenue" }'))).toEqual({
      text: ["segments.yaml:13:34 error SEG049 - needs numbers, not a date"],
      underlined: ["founded"],
      hints: ["days between two dates: days_between(from, to)"],
    });
    expect(check(withField('  x: { type: number, compute: "coalesce(revenue, founded) + industry" }'))).toEqual({
      text: [
        "segments.yaml:13:50 error SEG049 coalesce needs all numbers or all dates, not both",
        "segments.yaml:13:61 error SEG049 compute reads numbers and dates; industry is string",
      ],
      underlined: ["founded", "industry"],
      hints: ["coalesce(a, b, ...): the first value that is not missing", "use a number, integer or date field"],
    });
    expect(check(withField('  x: { type: number, compute: "days_between(founded) + round(revenue, 1.5)" }'))).toEqual({
      text: [
        "segments.yaml:13:32 error SEG049 days_between takes 2 arguments, not 1",
        "segments.yaml:13:71 error SEG049 round's digits must be a whole number from 0 to 10",
      ],
      underlined: ["days_between(founded)", "1.5"],
      hints: [
        "days_between(from, to): whole days from one date to another",
        "round(x) or round(x, digits): rounded half up, digits from 0 to 10",
      ],
    });
  });

  it("checks the declared type against what the expression gives", () => {
    expect(check(withField('  x: { type: integer, compute: "revenue / employees" }'))).toEqual({
      text: ["segments.yaml:13:14 error SEG049 x is declared integer, but its compute gives a number"],
      underlined: ["integer"],
      hints: ["declare it as type: number (computed numbers are doubles)"],
    });
    expect(check(withField('  x: { type: number, compute: "max(founded, founded)" }'))).toEqual({
      text: ["segments.yaml:13:14 error SEG049 x is declared number, but its compute gives a date"],
      underlined: ["number"],
      hints: ["declare it as type: date"],
    });
  });

  it("reports computed fields that read each other in a cycle", () => {
    const text = withField(
      '  a: { type: number, compute: "b + 1" }',
      '  b: { type: number, compute: "c * 2" }',
      '  c: { type: number, compute: "a - revenue" }',
    );
    expect(check(text)).toEqual({
      text: ["segments.yaml:13:31 error SEG050 computed fields read each other in a cycle: a -> b -> c -> a"],
      underlined: ['"b + 1"'],
      hints: ["a computed field may read only fields that do not read it back"],
    });
  });

  it("refuses keys that read data, a computed key and computed contact fields", () => {
    expect(check(withField('  x: { type: number, compute: "revenue * 2", default: 0, from: X }'))).toEqual({
      text: [
        "segments.yaml:13:46 error SEG051 default does not apply to the computed field x: it is not read from the data",
        "segments.yaml:13:58 error SEG051 from does not apply to the computed field x: it is not read from the data",
      ],
      underlined: ["default", "from"],
      hints: [
        "remove `default`; coalesce(x, fallback) gives a value for a missing one",
        "remove `from`; coalesce(x, fallback) gives a value for a missing one",
      ],
    });
  });

  it("bounds nesting and the SQL size (min and max read their arguments twice)", () => {
    const deep = "(".repeat(40) + "revenue" + ")".repeat(40);
    expect(check(withField(`  x: { type: number, compute: "${deep}" }`)).text).toEqual([
      "segments.yaml:13:64 error SEG052 the expression nests deeper than 32 levels",
    ]);
    const wide = Array.from({ length: 11 }).reduce<string>((inner) => `min(${inner}, revenue)`, "revenue");
    expect(check(withField(`  x: { type: number, compute: "${wide}" }`)).text).toEqual([
      "segments.yaml:13:32 error SEG052 the compute of x grows to 8189 terms in SQL (at most 2000): min and max read each argument twice",
    ]);
  });

  it("reads a field name holding - as that field when it is one", () => {
    const text = withField("  arr-2024: { type: number }", '  x: { type: number, compute: "arr-2024 - arr-2024 * 2" }');
    expect(check(text).text).toEqual([]);
    expect(compileText(text).plan!.computed![0]!.expr).toEqual({
      op: "-",
      left: { op: "field", name: "arr-2024", type: "number" },
      right: { op: "*", left: { op: "field", name: "arr-2024", type: "number" }, right: { op: "number", value: 2 } },
    });
  });
});
