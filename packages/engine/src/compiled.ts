import {
  parseDay,
  type ContactsExpr,
  type Expr,
  type Plan,
  type PlanDefine,
  type ScalarValue,
  type TestExpr,
} from "@segform/plan";
import { RE2JS } from "re2js";
import { type Code, id, join, js } from "./codegen.js";
import type { Value } from "./coerce.js";
import { aggregateKey, contactAggregates } from "./aggregates.js";
import { valueSlots } from "./computed.js";

/** Constants the generated code reads (sets, compiled regular expressions). */
type Constant = Set<unknown> | RE2JS;

/** Where a ref's value lives at run time: `v` field slots, `s` score slots, `t` the tier id. */
export interface Slots {
  field(name: string): number;
  score(name: string): number;
  /** The `v` slot of a contacts aggregate (after the fields); absent where contacts cannot be read. */
  aggregate?(expr: ContactsExpr): number;
}

/** Generates the body of a boolean expression over `v` (fields), `s` (scores), `t` (tier) and `asOf`. */
export class ExprCompiler {
  readonly constants: Constant[] = [];
  private readonly defineIndex: Map<string, number>;
  /** Shared defines the code generated since the last `defineDeclarations` reads. */
  private readonly usedDefines = new Set<number>();
  /** `defines`: the plan's shared defines, each after those it uses. */
  constructor(
    private readonly slots: Slots,
    private readonly defines: readonly PlanDefine[] = [],
  ) {
    this.defineIndex = new Map(defines.map((define, index) => [define.name, index]));
  }

  /**
   * `const dN = ...;` for every shared define the code generated since the last call reads (and those they read),
   * each after those it uses: the code that follows reads each one's local, so a define used in many places is
   * evaluated once per call. Place the result where everything the defines read is known.
   */
  defineDeclarations(): Code {
    const lines: Code[] = [];
    // Bodies only read earlier defines, so walking back from the last one sees every define it marks.
    for (let index = this.defines.length - 1; index >= 0; index--) {
      if (!this.usedDefines.has(index)) continue;
      lines.unshift(js`const ${id(`d${index}`)} = ${this.expr(this.defines[index]!.when)};`);
    }
    this.usedDefines.clear();
    return join(lines, " ");
  }

  private constant(value: Constant): Code {
    this.constants.push(value);
    return js`K[${this.constants.length - 1}]`;
  }

  private read(test: TestExpr): Code {
    switch (test.ref.kind) {
      case "field": {
        const slot = this.slots.field(test.ref.name);
        switch (test.ref.measure) {
          case undefined:
            return js`v[${slot}]`;
          case "days_ago":
            return js`(v[${slot}] === null ? null : asOf - v[${slot}])`;
          case "days_until":
            return js`(v[${slot}] === null ? null : v[${slot}] - asOf)`;
          case "count":
            return js`(v[${slot}] === null ? null : v[${slot}].length)`;
        }
        throw new Error(`engine: unknown measure ${String(test.ref.measure)}`);
      }
      case "score":
        return js`s[${this.slots.score(test.ref.name)}]`;
      case "tier":
        return js`t`;
      case "role":
        return js`r`;
    }
  }

  /** A literal in the runtime representation (dates as day numbers). */
  private value(test: TestExpr, raw: ScalarValue): Code {
    if (test.ref.type === "date" && typeof raw === "string") {
      const day = parseDay(raw);
      if (day === null) throw new Error(`engine: invalid date ${raw}`);
      return js`${day}`;
    }
    return js`${raw}`;
  }

  expr(expr: Expr): Code {
    switch (expr.op) {
      case "const":
        return js`${expr.value}`;
      case "named":
        return this.expr(expr.arg);
      case "define": {
        const index = this.defineIndex.get(expr.name);
        if (index === undefined) throw new Error(`engine: unknown shared define ${expr.name}`);
        this.usedDefines.add(index);
        return id(`d${index}`);
      }
      case "not":
        return js`!(${this.expr(expr.arg)})`;
      case "and":
      case "or":
        // An empty conjunction holds and an empty disjunction does not (as in the interpreter); `()` is no expression.
        if (expr.args.length === 0) return js`${expr.op === "and"}`;
        return js`(${join(
          expr.args.map((arg) => this.expr(arg)),
          expr.op === "and" ? " && " : " || ",
        )})`;
      case "test":
        return this.test(expr);
      case "contacts": {
        if (!this.slots.aggregate) throw new Error("engine: contacts are not readable here");
        // A number, never missing: the test sees it through the same code as a present integer.
        const slot = this.slots.aggregate(expr);
        return this.test(
          { op: "test", ref: { kind: "field", name: "", type: "integer" }, test: expr.test, value: expr.value },
          js`v[${slot}]`,
        );
      }
    }
  }

  private test(test: TestExpr, read?: Code): Code {
    const x = read ?? this.read(test);
    const present = js`${x} !== null`;
    const list = () => (test.value as ScalarValue[]).map((item) => this.value(test, item));
    switch (test.test) {
      case "exists":
        return js`(${present})`;
      case "missing":
        return js`(${x} === null)`;
      case "eq":
        return js`(${x} === ${this.value(test, test.value as ScalarValue)})`;
      case "ne":
        return js`(${present} && ${x} !== ${this.value(test, test.value as ScalarValue)})`;
      case "in":
        return this.membership(test, x, false);
      case "not_in":
        return js`(${present} && !${this.membership(test, x, true)})`;
      case "gt":
        return js`(${present} && ${x} > ${this.value(test, test.value as ScalarValue)})`;
      case "gte":
        return js`(${present} && ${x} >= ${this.value(test, test.value as ScalarValue)})`;
      case "lt":
        return js`(${present} && ${x} < ${this.value(test, test.value as ScalarValue)})`;
      case "lte":
        return js`(${present} && ${x} <= ${this.value(test, test.value as ScalarValue)})`;
      case "between": {
        const [low, high] = list();
        return js`(${present} && ${x} >= ${low!} && ${x} <= ${high!})`;
      }
      case "contains":
        return js`(${present} && ${x}.includes(${test.value as string}))`;
      case "contains_any":
        if (list().length === 0) return js`false`;
        return js`(${present} && (${join(
          list().map((item) => js`${x}.includes(${item})`),
          " || ",
        )}))`;
      case "contains_all":
        if (list().length === 0) return js`(${present})`;
        return js`(${present} && ${join(
          list().map((item) => js`${x}.includes(${item})`),
          " && ",
        )})`;
      case "starts_with":
        return js`(${present} && ${x}.startsWith(${test.value as string}))`;
      case "ends_with":
        return js`(${present} && ${x}.endsWith(${test.value as string}))`;
      case "matches":
        return js`(${present} && ${this.constant(RE2JS.compile(test.value as string))}.test(${x}))`;
      case "within_days":
        return js`(${present} && ${x} <= asOf && ${x} >= asOf - ${test.value as number})`;
      case "within_next_days":
        return js`(${present} && ${x} >= asOf && ${x} <= asOf + ${test.value as number})`;
    }
  }

  private membership(test: TestExpr, x: Code, negated: boolean): Code {
    const items = test.value as ScalarValue[];
    if (items.length === 0) return js`false`;
    if (items.length <= 6) {
      return js`(${join(
        items.map((item) => js`${x} === ${this.value(test, item)}`),
        " || ",
      )})`;
    }
    const set = new Set(items.map((item) => (test.ref.type === "date" ? parseDay(String(item)) : item)));
    void negated;
    return js`${this.constant(set)}.has(${x})`;
  }
}

/** The per-account functions of a plan, compiled once. */
export interface CompiledAccountPlan {
  /** ICP verdict. */
  icp(v: Value[], asOf: number): boolean;
  /** Fills `s` with every score, in plan order. */
  scores(v: Value[], s: number[], asOf: number): void;
  /** Indexes of the tiers whose condition holds, in order. */
  tierMatches(v: Value[], s: number[], asOf: number): number[];
  /** Index of the first matching segment, or -1 (fallback). */
  segment(v: Value[], s: number[], t: string | null, asOf: number): number;
  /** How many named segments' conditions hold (first match wins for membership; this measures overlap). */
  segmentMatchCount(v: Value[], s: number[], t: string | null, asOf: number): number;
  /** Indexes of the audiences whose condition holds, in plan order (empty for a plan without audiences). */
  audienceMatches(v: Value[], s: number[], t: string | null, asOf: number): number[];
  /** Whether activation i's own condition holds (true when it has none). */
  activationWhen(i: number, v: Value[], s: number[], t: string | null, asOf: number): boolean;
  /** The generated source, for inspection and tests. */
  source: string;
}

export function slotsFor(plan: Plan): Slots {
  const fields = valueSlots(plan);
  const scores = new Map(plan.scores.map((score, index) => [score.name, index]));
  const aggregates = new Map(
    contactAggregates(plan).map((aggregate, index) => [aggregateKey(aggregate), plan.fields.length + index]),
  );
  return {
    aggregate(expr) {
      const slot = aggregates.get(aggregateKey(expr));
      if (slot === undefined) throw new Error("engine: unknown contacts aggregate");
      return slot;
    },
    field(name) {
      const slot = fields.get(name);
      if (slot === undefined) throw new Error(`engine: unknown field ${name}`);
      return slot;
    },
    score(name) {
      const slot = scores.get(name);
      if (slot === undefined) throw new Error(`engine: unknown score ${name}`);
      return slot;
    },
  };
}

/** Compiles a plan's account logic to JavaScript functions (one `new Function`, built only through `js`). */
export function compileAccountPlan(plan: Plan): CompiledAccountPlan {
  const slots = slotsFor(plan);
  const compiler = new ExprCompiler(slots, plan.defines);
  const e = (expr: Expr) => compiler.expr(expr);
  // The shared defines a piece of code reads, declared before it (a plan without shared defines declares none).
  const withDefines = (code: () => Code) => {
    const inner = code();
    const declarations = compiler.defineDeclarations();
    return declarations.text ? js`${declarations} ${inner}` : inner;
  };

  const scoreLines = plan.scores.map((score, index) => {
    if (score.kind === "field") {
      const slot = slots.field(score.field);
      return js`{ const x = v[${slot}]; s[${index}] = x === null ? 0 : x < 0 ? 0 : x > 100 ? 100 : x; }`;
    }
    // Per score: a define may read the scores before this one, known only from here on.
    const sum = withDefines(() => {
      const adds = score.criteria.map((criterion) => js`if (${e(criterion.when)}) p += ${criterion.points};`);
      return js`let p = 0; ${join(adds, " ")}`;
    });
    return js`{ ${sum} s[${index}] = p < 0 ? 0 : p > 100 ? 100 : p; }`;
  });
  const icpLine = withDefines(() => js`return ${e(plan.icp)};`);
  const tierLines = withDefines(() =>
    join(
      plan.tiers.map((tier, index) => js`if (${e(tier.when)}) m.push(${index});`),
      "\n    ",
    ),
  );
  const segmentLines = withDefines(() =>
    join(
      plan.segments.map((segment, index) => js`if (${e(segment.when)}) return ${index};`),
      "\n    ",
    ),
  );
  const segmentCountLines = withDefines(() =>
    join(
      plan.segments.map((segment) => js`if (${e(segment.when)}) n++;`),
      "\n    ",
    ),
  );
  const activationCases = plan.activations.map((activation, index) => {
    const body = withDefines(() => js`return ${activation.when ? e(activation.when) : js`true`};`);
    return body.text.startsWith("return ") ? js`case ${index}: ${body}` : js`case ${index}: { ${body} }`;
  });

  const audienceLines = withDefines(() =>
    join(
      (plan.audiences ?? []).map((audience, index) => js`if (${e(audience.when)}) m.push(${index});`),
      "\n    ",
    ),
  );

  const body = js`"use strict";
return {
  icp(v, asOf) { ${icpLine} },
  scores(v, s, asOf) { ${join(scoreLines, "\n    ")} },
  tierMatches(v, s, asOf) { const m = []; ${tierLines} return m; },
  segment(v, s, t, asOf) { ${segmentLines} return -1; },
  segmentMatchCount(v, s, t, asOf) { let n = 0; ${segmentCountLines} return n; },
  activationWhen(i, v, s, t, asOf) { switch (i) { ${join(activationCases, "\n    ")} } return true; },
  audienceMatches(v, s, t, asOf) { const m = []; ${audienceLines} return m; },
};`;
  const factory = new Function(id("K").text, body.text) as (
    constants: unknown[],
  ) => Omit<CompiledAccountPlan, "source">;
  return { ...factory(compiler.constants), source: body.text };
}

/** Compiles role conditions over contact field slots; returns the first matching role index or -1. */
export function compileRoles(plan: Plan): ((v: Value[], asOf: number) => number) | null {
  const contacts = plan.contacts;
  if (!contacts) return null;
  const fields = new Map(contacts.fields.map((field, index) => [field.name, index]));
  const compiler = new ExprCompiler({
    field(name) {
      const slot = fields.get(name);
      if (slot === undefined) throw new Error(`engine: unknown contact field ${name}`);
      return slot;
    },
    score() {
      throw new Error("engine: roles cannot read scores");
    },
  });
  const lines = contacts.roles.map((role, index) => js`if (${compiler.expr(role.when)}) return ${index};`);
  const body = js`"use strict"; return function role(v, asOf) { const s = null, t = null, r = null; ${join(lines, " ")} return -1; };`;
  return (new Function(id("K").text, body.text) as (k: unknown[]) => (v: Value[], asOf: number) => number)(
    compiler.constants,
  );
}
