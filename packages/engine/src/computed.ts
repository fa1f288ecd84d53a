import type { ComputeExpr, FieldType, Plan } from "@segform/plan";
import { type Code, id, join, js } from "./codegen.js";
import type { Value } from "./coerce.js";
import { contactAggregates } from "./aggregates.js";

/**
 * Where every field's value lives in an account's `values`: input fields in plan order, then the contact
 * aggregates, then the derived fields (plan `computed`, in plan order).
 */
export function valueSlots(plan: Plan): Map<string, number> {
  const slots = new Map(plan.fields.map((field, index) => [field.name, index]));
  const base = plan.fields.length + contactAggregates(plan).length;
  (plan.computed ?? []).forEach((field, index) => slots.set(field.name, base + index));
  return slots;
}

/** The value type of a field, input or derived (undefined when the plan has no field by that name). */
export function valueType(plan: Plan, name: string): FieldType | undefined {
  return (
    plan.fields.find((field) => field.name === name)?.type ?? plan.computed?.find((field) => field.name === name)?.type
  );
}

/**
 * The derived fields of a plan compiled to one function that writes them into an account's values (after its
 * input fields are coerced), or null when the plan has none. Generated only through the `js` builder: numbers are
 * literals, fields are slot indexes, operators and functions come from the closed list of the plan's ComputeExpr.
 * Semantics (the SQL compiler follows them): doubles; a missing operand makes a node missing except in coalesce;
 * `/` by zero is missing; round is floor(x * 10^d + 0.5) / 10^d; a final value that is not finite is missing.
 */
export function compileComputed(plan: Plan): ((values: Value[]) => void) | null {
  const computed = plan.computed ?? [];
  if (computed.length === 0) return null;
  const slots = valueSlots(plan);
  const lines: Code[] = [];
  let temps = 0;
  const temp = (value: Code): Code => {
    const name = id(`t${temps++}`);
    lines.push(js`const ${name} = ${value};`);
    return name;
  };
  const slot = (name: string): number => {
    const index = slots.get(name);
    if (index === undefined) throw new Error(`engine: unknown field ${name} in a derived field`);
    return index;
  };
  const missing = (args: Code[]): Code =>
    join(
      args.map((arg) => js`${arg} === null`),
      " || ",
    );
  const emit = (expr: ComputeExpr): Code => {
    switch (expr.op) {
      case "number":
        return js`${expr.value}`;
      case "field":
        return temp(js`v[${slot(expr.name)}]`);
      case "neg": {
        const arg = emit(expr.arg);
        return temp(js`${arg} === null ? null : -${arg}`);
      }
      case "+":
        return binary(expr.left, expr.right, (a, b) => js`${a} + ${b}`);
      case "-":
        return binary(expr.left, expr.right, (a, b) => js`${a} - ${b}`);
      case "*":
        return binary(expr.left, expr.right, (a, b) => js`${a} * ${b}`);
      case "/": {
        const a = emit(expr.left);
        const b = emit(expr.right);
        return temp(js`${a} === null || ${b} === null || ${b} === 0 ? null : ${a} / ${b}`);
      }
      case "call": {
        const args = expr.args.map(emit);
        switch (expr.fn) {
          case "min":
            return temp(js`${missing(args)} ? null : Math.min(${join(args, ", ")})`);
          case "max":
            return temp(js`${missing(args)} ? null : Math.max(${join(args, ", ")})`);
          case "abs":
            return temp(js`${args[0]!} === null ? null : Math.abs(${args[0]!})`);
          case "round": {
            const digits = expr.args[1]?.op === "number" ? expr.args[1].value : 0;
            const scale = 10 ** digits;
            return temp(
              digits === 0
                ? js`${args[0]!} === null ? null : Math.floor(${args[0]!} + 0.5)`
                : js`${args[0]!} === null ? null : Math.floor(${args[0]!} * ${scale} + 0.5) / ${scale}`,
            );
          }
          case "coalesce": {
            let out: Code = js`null`;
            for (let i = args.length - 1; i >= 0; i--) out = js`${args[i]!} !== null ? ${args[i]!} : ${out}`;
            return temp(out);
          }
          case "days_between":
            return temp(js`${args[0]!} === null || ${args[1]!} === null ? null : ${args[1]!} - ${args[0]!}`);
        }
      }
    }
    throw new Error(`engine: unknown compute node ${JSON.stringify(expr)}`);
  };
  const binary = (left: ComputeExpr, right: ComputeExpr, op: (a: Code, b: Code) => Code): Code => {
    const a = emit(left);
    const b = emit(right);
    return temp(js`${a} === null || ${b} === null ? null : ${op(a, b)}`);
  };
  for (const field of computed) {
    const result = emit(field.expr);
    lines.push(js`v[${slot(field.name)}] = ${result} === null || !Number.isFinite(${result}) ? null : ${result};`);
  }
  const body = js`"use strict"; return function computed(v) { ${join(lines, " ")} };`;
  return (new Function(body.text) as () => (values: Value[]) => void)();
}
