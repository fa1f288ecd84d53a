import { at, typeOfName, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";
import {
  describe,
  MEASURE_OPERATORS,
  normalizeScalar,
  numberWrittenForText,
  operandType,
  OPERATORS_BY_TYPE,
  valueHint,
} from "../values.js";

const LIST_OPERATORS = new Set(["in", "not_in", "contains_any", "contains_all"]);

/** Each operator applies to the tested name's type, with a value of the right type and shape. */
export function OperatorTypeRule(ctx: CheckContext): void {
  for (const leaf of ctx.leaves()) {
    const type = typeOfName(leaf.site.scope, leaf.name);
    if (type === undefined) continue; // UnknownReferenceRule reports it
    const allowed = OPERATORS_BY_TYPE[type] ?? [];
    // `tier` and a contact's `role` are ids: tested for equality and presence only.
    const isTier =
      (leaf.name === "tier" || (leaf.name === "role" && leaf.site.scope.role === true)) &&
      !leaf.site.scope.fields.has(leaf.name);
    const tierAllowed = ["eq", "ne", "in", "not_in", "exists", "missing"];
    if (!allowed.includes(leaf.op) || (isTier && !tierAllowed.includes(leaf.op))) {
      const ops = isTier ? tierAllowed : allowed;
      const shorthandHint =
        leaf.shorthand && type === "string[]"
          ? "a list field is tested with contains / contains_any / contains_all"
          : `operators for ${isTier ? leaf.name : type}: ${ops.join(", ")}`;
      ctx.error(
        "SEG021",
        `${leaf.op} does not apply to ${leaf.name} (${isTier ? leaf.name : type})`,
        leaf.shorthand ? leaf.nameAt : leaf.valueAt,
        leaf.shorthand ? "value" : "key",
        shorthandHint,
      );
      continue;
    }
    if (MEASURE_OPERATORS.has(leaf.op)) continue; // MeasureTestRule checks the numeric tests inside
    const elementType = operandType(type, leaf.op);
    const value = leaf.value;
    const fail = (code: string, message: string, hint: string, where: Origin = leaf.valueAt) =>
      ctx.error(code, `${leaf.name} ${leaf.op}: ${message}`, where, "value", hint);
    switch (leaf.op) {
      case "exists":
      case "missing":
        break; // the schema guarantees a boolean
      case "within_days":
      case "within_next_days":
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
          fail("SEG021", `expected a whole number of days, got ${describe(value)}`, `e.g. ${leaf.op}: 30`);
        break;
      case "between": {
        const pair = value as unknown[];
        const low = normalizeScalar(elementType, pair[0]);
        const high = normalizeScalar(elementType, pair[1]);
        if (!low.ok) fail(low.code, low.message, valueHint(elementType), at(leaf.valueAt, 0));
        else if (!high.ok) fail(high.code, high.message, valueHint(elementType), at(leaf.valueAt, 1));
        else if (low.value > high.value)
          fail(
            "SEG012",
            `the range is empty: ${String(pair[0])} is above ${String(pair[1])}`,
            "write the lower bound first: between: [low, high]",
          );
        break;
      }
      case "matches":
      case "starts_with":
      case "ends_with":
        if (typeof value !== "string") fail("SEG021", `expected a string, got ${describe(value)}`, valueHint("string"));
        else if (value === "" && leaf.op !== "matches")
          fail(
            "SEG012",
            "an empty string matches everything; remove the test or use exists",
            "remove the test, or use `exists: true`",
          );
        break;
      default: {
        if (LIST_OPERATORS.has(leaf.op)) {
          if (!Array.isArray(value)) {
            fail("SEG021", `expected a list, got ${describe(value)}`, `write a list, e.g. ${leaf.op}: [a, b]`);
            break;
          }
          if (value.length === 0) fail("SEG012", "the list is empty", "add values, or remove the test");
          for (const [index, item] of value.entries()) {
            const result = normalizeScalar(elementType, item);
            if (!result.ok) {
              fail(result.code, result.message, valueHint(elementType), at(leaf.valueAt, index));
              break;
            }
            const text = elementType === "string" ? numberWrittenForText(item, at(leaf.valueAt, index)) : undefined;
            if (text) {
              fail("SEG021", text.message, text.hint, at(leaf.valueAt, index));
              break;
            }
          }
        } else {
          if (leaf.op === "eq" && type === "string[]") break;
          const result = normalizeScalar(elementType, value);
          const text = elementType === "string" ? numberWrittenForText(value, leaf.valueAt) : undefined;
          if (!result.ok) fail(result.code, result.message, valueHint(elementType));
          else if (text) fail("SEG021", text.message, text.hint);
          else if (
            type === "integer" &&
            typeof result.value === "number" &&
            !Number.isInteger(result.value) &&
            (leaf.op === "eq" || leaf.op === "ne")
          ) {
            fail(
              "SEG021",
              `${leaf.name} is an integer; ${String(result.value)} never matches`,
              "compare with a whole number, or use gte / lt for a range",
            );
          }
        }
      }
    }
  }
}
