import { at, fieldSets, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";

/** The largest whole number every engine holds exactly: JavaScript's safe integers (within PostgreSQL and DuckDB BIGINT). */
const LIMIT = Number.MAX_SAFE_INTEGER;
const RANGE = `-${LIMIT.toLocaleString("en-US")} to ${LIMIT.toLocaleString("en-US")}`;

/**
 * Whole numbers compared with integer fields (and their defaults and enums) are within the range every engine
 * represents exactly, so no backend rounds or overflows and the engines agree.
 */
export function ExactNumberRule(ctx: CheckContext): void {
  const check = (value: unknown, where: Origin, label: string) => {
    if (typeof value === "number" && Math.abs(value) > LIMIT) {
      ctx.error(
        "SEG012",
        `${label}: ${value} is beyond the whole numbers every engine holds exactly (${RANGE})`,
        where,
        "value",
        `integer values are within ${RANGE}`,
      );
    }
  };
  for (const leaf of ctx.leaves()) {
    const field = leaf.site.scope.fields.get(leaf.name);
    if (field?.value.type !== "integer") continue;
    if (Array.isArray(leaf.value))
      leaf.value.forEach((item, index) => check(item, at(leaf.valueAt, index), `${leaf.name} ${leaf.op}`));
    else check(leaf.value, leaf.valueAt, `${leaf.name} ${leaf.op}`);
  }
  const fields = (
    entries: Iterable<[string, { value: { type: string; default?: unknown; enum?: unknown[] }; at: Origin }]>,
  ) => {
    for (const [name, entry] of entries) {
      if (entry.value.type !== "integer") continue;
      check(entry.value.default, at(entry.at, "default"), `default of ${name}`);
      entry.value.enum?.forEach((value, index) => check(value, at(entry.at, "enum", index), `enum of ${name}`));
    }
  };
  for (const declared of fieldSets(ctx.spec)) fields(declared);
}
