import type { FieldSpec } from "@segform/spec";
import { at, fieldSets, type CheckContext } from "../context.js";
import type { Entry } from "../resolve.js";

/** `format` (how dates are written in the data) applies to date fields only. */
export function DateFormatRule(ctx: CheckContext): void {
  const check = (fields: Iterable<[string, Entry<FieldSpec>]>) => {
    for (const [name, entry] of fields) {
      if (entry.value.format !== undefined && entry.value.type !== "date") {
        ctx.error(
          "SEG045",
          `format only applies to date fields; ${name} is ${entry.value.type}`,
          at(entry.at, "format"),
          "key",
          "remove `format`, or declare the field as type: date",
        );
      }
    }
  };
  for (const fields of fieldSets(ctx.spec)) check(fields);
}
