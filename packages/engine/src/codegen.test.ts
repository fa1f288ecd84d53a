import { afterEach, describe, expect, it } from "vitest";
import { bothResults, planWith, run, test } from "../test/helpers.js";
import { Code, id, join, js, type Interpolation } from "./codegen.js";
import { compileAccountPlan } from "./compiled.js";

/** Strings written to break out of a string literal, a template literal, a comment or a line. */
const HOSTILE = [
  `"`,
  `'`,
  "`",
  "\\",
  `\\"`,
  `"); globalThis.__segformPwned = 1; ("`,
  `\\"); globalThis.__segformPwned = 1; //`,
  `'); globalThis.__segformPwned = 1; //`,
  "${globalThis.__segformPwned = 1}",
  "`; globalThis.__segformPwned = 1; `",
  "</script><script>globalThis.__segformPwned = 1</script>",
  "\u2028globalThis.__segformPwned = 1\u2029",
  "line\nglobalThis.__segformPwned = 1\n//",
  "\r\n\t\v\f\b\0",
  "*/ globalThis.__segformPwned = 1 /*",
  "\ud800", // a lone surrogate
  "ünïcödé 😀",
  "",
];

declare global {
  var __segformPwned: number | undefined;
}

afterEach(() => {
  expect(globalThis.__segformPwned).toBeUndefined();
  delete globalThis.__segformPwned;
});

/** Evaluates a generated expression. */
function evaluate(code: Code): unknown {
  return new Function(`"use strict"; return (${code.text});`)();
}

describe("js", () => {
  it("turns every hostile string into a literal that evaluates back to itself", () => {
    for (const text of HOSTILE) {
      const code = js`${text}`;
      expect(evaluate(code)).toBe(text);
      expect(code.text).not.toContain("\u2028");
      expect(code.text).not.toContain("\u2029");
      expect(code.text).not.toContain("\n");
    }
  });

  it("writes exact literals", () => {
    expect(js`${'a"b'}`.text).toBe('"a\\"b"');
    expect(js`${"a\\b"}`.text).toBe('"a\\\\b"');
    expect(js`${"\u2028\u2029"}`.text).toBe('"\\u2028\\u2029"');
    expect(js`${"${x}"}`.text).toBe('"${x}"');
    expect(js`x > ${5} && y === ${-2.5} || z === ${true} || w === ${null}`.text).toBe(
      "x > 5 && y === -2.5 || z === true || w === null",
    );
    expect(js`${-0}`.text).toBe("0");
    expect(js`${1e21}`.text).toBe("1e+21");
    expect(js`asOf - ${-5}`.text).toBe("asOf - -5");
    expect(evaluate(js`10 - ${-5}`)).toBe(15);
  });

  it("inserts Code fragments as they are and nests", () => {
    const inner = js`(${"a"} + ${1})`;
    expect(js`[${inner}, ${id("K")}]`.text).toBe('[("a" + 1), K]');
    expect(String(inner)).toBe('("a" + 1)');
  });

  it("refuses non-finite numbers and anything that is not a number, string, boolean, null or Code", () => {
    expect(() => js`${Number.NaN}`).toThrow("codegen: refusing non-finite number NaN");
    expect(() => js`${Number.POSITIVE_INFINITY}`).toThrow("codegen: refusing non-finite number Infinity");
    expect(() => js`${Number.NEGATIVE_INFINITY}`).toThrow("codegen: refusing non-finite number -Infinity");
    const bad: unknown[] = [{}, { text: "globalThis.__segformPwned = 1" }, ["a"], undefined, () => 1, Symbol("s"), 1n];
    for (const value of bad) expect(() => js`${value as Interpolation}`).toThrow(/^codegen: refusing to interpolate/);
  });
});

describe("id", () => {
  it("accepts identifiers", () => {
    for (const name of ["K", "_x", "$", "a1", "camelCase_$9"]) expect(id(name).text).toBe(name);
  });
  it("rejects anything else", () => {
    for (const name of ["", "1a", "a b", "a-b", "a;b", "a.b", "a)", "K]; globalThis.x = 1; [", "ä", "a\n"]) {
      expect(() => id(name), name).toThrow(`codegen: invalid identifier ${JSON.stringify(name)}`);
    }
  });
});

describe("join", () => {
  it("joins fragments with operator separators only", () => {
    expect(join([js`${1}`, js`${"a"}`], " && ").text).toBe('1 && "a"');
    expect(join([], " || ").text).toBe("");
    for (const separator of ["; x = 1;", "a", "(", "/*"])
      expect(() => join([js`${1}`], separator)).toThrow("codegen: invalid separator");
  });
});

describe("hostile plan values", () => {
  it("compile and evaluate correctly in eq / ne / in / starts_with / ends_with / contains, and never run", () => {
    for (const text of HOSTILE) {
      const trimmed = text.trim();
      if (trimmed === "") continue; // coerces to missing
      const other = trimmed + "x";
      expect(bothResults(test("s", "eq", trimmed), { s: trimmed })).toEqual({ compiled: true, interpreted: true });
      expect(bothResults(test("s", "eq", trimmed), { s: other })).toEqual({ compiled: false, interpreted: false });
      expect(bothResults(test("s", "ne", trimmed), { s: other })).toEqual({ compiled: true, interpreted: true });
      expect(bothResults(test("s", "in", [trimmed, "a", "b", "c", "d", "e", "f"]), { s: trimmed })).toEqual({
        compiled: true,
        interpreted: true,
      });
      expect(bothResults(test("s", "starts_with", trimmed), { s: other })).toEqual({
        compiled: true,
        interpreted: true,
      });
      expect(bothResults(test("s", "ends_with", trimmed), { s: "x" + trimmed })).toEqual({
        compiled: true,
        interpreted: true,
      });
      expect(bothResults(test("s", "contains", trimmed), { s: "<" + trimmed + ">" })).toEqual({
        compiled: true,
        interpreted: true,
      });
      // A JSON list reads as its items joined with the separator (README, "How segform reads data"): an item
      // holding the separator is more than one item.
      if (!trimmed.includes(";"))
        expect(bothResults(test("tags", "contains", trimmed), { tags: [trimmed] })).toEqual({
          compiled: true,
          interpreted: true,
        });
      else
        expect(bothResults(test("tags", "contains", trimmed), { tags: [trimmed] })).toEqual({
          compiled: false,
          interpreted: false,
        });
    }
  });

  it("keeps hostile regular expressions out of the code (they become constants)", () => {
    const patterns = ['^"\\)', "\\\\", "</script>", "\\$\\{x\\}", "\u2028", "'\\); globalThis.__segformPwned = 1; //"];
    const subjects = ['") x', "a\\b", "a</script>", "${x}", "a\u2028b", "'); globalThis.__segformPwned = 1; //"];
    patterns.forEach((pattern, index) => {
      const compiled = compileAccountPlan(planWith({ icp: test("s", "matches", pattern) }));
      expect(compiled.source).toContain("K[0].test(v[3])");
      expect(compiled.source).not.toContain(pattern);
      expect(bothResults(test("s", "matches", pattern), { s: subjects[index] })).toEqual({
        compiled: true,
        interpreted: true,
      });
      expect(bothResults(test("s", "matches", pattern), { s: "plain" })).toEqual({
        compiled: false,
        interpreted: false,
      });
    });
  });

  it("does not let ids, names and activation settings reach the code", () => {
    const hostile = '"); globalThis.__segformPwned = 1; ("';
    const plan = planWith({
      scores: [
        { name: hostile, kind: "criteria", criteria: [{ id: hostile, when: test("s", "eq", hostile), points: 100 }] },
      ],
      tiers: [
        {
          id: hostile,
          when: { op: "test", ref: { kind: "score", name: hostile, type: "number" }, test: "gte", value: 100 },
        },
      ],
      segments: [
        {
          id: hostile,
          when: { op: "test", ref: { kind: "tier", name: "tier", type: "string" }, test: "eq", value: hostile },
        },
      ],
      activations: [{ name: hostile, set: { [hostile]: hostile } }],
    });
    expect(run(plan, [{ id: "a", s: hostile }])).toEqual([
      { key: "a", icp: true, scores: [100], tier: hostile, segment: hostile, activations: [] },
    ]);
  });

  it("refuses non-finite numbers in a plan instead of writing them into code", () => {
    // A plan with such numbers cannot even be hashed; build one by hand, as a corrupted plan would be.
    const base = planWith({});
    expect(() => compileAccountPlan({ ...base, icp: test("x", "gt", Number.NaN) })).toThrow(
      "codegen: refusing non-finite number NaN",
    );
    expect(() =>
      compileAccountPlan({
        ...base,
        scores: [
          {
            name: "s",
            kind: "criteria",
            criteria: [{ id: "c", when: test("x", "exists"), points: Number.POSITIVE_INFINITY }],
          },
        ],
      }),
    ).toThrow("codegen: refusing non-finite number Infinity");
    expect(() =>
      compileAccountPlan({ ...base, icp: test("d", "within_days", { toString: () => "1" } as unknown as number) }),
    ).toThrow("codegen: refusing to interpolate object");
  });
});

describe("Code", () => {
  it("cannot be made outside the builder: user text never becomes code by construction", () => {
    const Forged = Code as unknown as new (token: symbol, text: string) => Code;
    expect(() => new Forged(Symbol("code"), "process.exit(1)")).toThrow(
      "codegen: fragments are made only by the code builder",
    );
  });
});
