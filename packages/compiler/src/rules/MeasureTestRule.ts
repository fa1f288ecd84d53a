import { at, typeOfName, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";
import { MEASURE_OPERATORS } from "../values.js";

const EXACT = new Set(["eq", "ne", "in", "not_in"]);
const HINTS: Record<string, string> = {
  days_ago: "e.g. days_ago: { gte: 90 }",
  days_until: "e.g. days_until: { lte: 30 }",
  count: "e.g. count: { gte: 5 }",
};

/**
 * The numeric tests of `days_ago`, `days_until` and `count` can hold: at least one test; days and counts are whole
 * numbers, so an exact test (eq, ne, in, not_in) with a fraction is refused; a `between` range is not empty.
 * (The schema checks the shape; OperatorTypeRule that the measure applies to the field's type.)
 */
export function MeasureTestRule(ctx: CheckContext): void {
  for (const leaf of ctx.leaves()) {
    if (!MEASURE_OPERATORS.has(leaf.op)) continue;
    const type = typeOfName(leaf.site.scope, leaf.name);
    if (type !== (leaf.op === "count" ? "string[]" : "date")) continue; // OperatorTypeRule reports it
    checkNumberTests(
      ctx,
      `${leaf.name} ${leaf.op}`,
      leaf.value as Record<string, unknown>,
      leaf.valueAt,
      HINTS[leaf.op]!,
      leaf.op === "count" ? "counts" : "days",
    );
  }
}

/**
 * Checks numeric tests on a whole-number measure (days, counts, contacts): at least one test; no fraction in an
 * exact test (eq, ne, in, not_in); no empty list; no empty range; nothing beyond the exact whole numbers.
 */
export function checkNumberTests(
  ctx: CheckContext,
  label: string,
  tests: Record<string, unknown>,
  valueAt: Origin,
  emptyHint: string,
  unit: string,
): void {
  if (Object.keys(tests).length === 0) {
    ctx.error("SEG042", `${label} has no test`, valueAt, "value", emptyHint);
    return;
  }
  for (const [op, value] of Object.entries(tests)) {
    const where = at(valueAt, op);
    const values = Array.isArray(value) ? (value as number[]) : [value as number];
    const huge = values.findIndex((v) => Math.abs(v) > Number.MAX_SAFE_INTEGER);
    if (huge >= 0) {
      ctx.error(
        "SEG012",
        `${label} ${op}: ${String(values[huge])} is beyond the whole numbers every engine holds exactly`,
        Array.isArray(value) ? at(where, huge) : where,
        "value",
        `${unit} are within ±9007199254740991`,
      );
      continue;
    }
    if (EXACT.has(op)) {
      const index = values.findIndex((v) => !Number.isInteger(v));
      if (index >= 0) {
        ctx.error(
          "SEG042",
          `${label} ${op}: ${String(values[index])} is not a whole number, so it never matches`,
          Array.isArray(value) ? at(where, index) : where,
          "value",
          `${unit} are whole numbers; use gte / lt for a range`,
        );
      }
      if (Array.isArray(value) && value.length === 0)
        ctx.error("SEG042", `${label} ${op}: the list is empty`, where, "value", "add values, or remove the test");
    } else if (op === "between" && values[0]! > values[1]!) {
      ctx.error(
        "SEG042",
        `${label} between: the range is empty: ${String(values[0])} is above ${String(values[1])}`,
        where,
        "value",
        "write the lower bound first: between: [low, high]",
      );
    }
  }
}
