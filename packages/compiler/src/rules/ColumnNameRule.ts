import { at, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";
import type { FieldSpec } from "@segform/spec";

/** C0 and C1 control characters: no SQL engine takes them in an identifier, so no column read by `from` may hold one. */
const CONTROL = /\p{Cc}/u;

/**
 * Input column names (`from`) can be read by every engine: no control characters (line breaks, tabs), and no
 * spaces around the name (CSV headers are trimmed when read, so such a column is never found).
 */
export function ColumnNameRule(ctx: CheckContext): void {
  const check = (fields: Iterable<[string, FieldSpec, Origin]>) => {
    for (const [name, field, origin] of fields) {
      if (field.from === undefined) continue;
      if (field.from.trim() !== field.from) {
        ctx.error(
          "SEG012",
          `from of ${name}: ${JSON.stringify(field.from)} ${field.from.trim() === "" ? "is blank" : "starts or ends with a space"}; column names are read trimmed`,
          at(origin, "from"),
          "value",
          "write the column name without surrounding spaces",
        );
        continue;
      }
      if (!CONTROL.test(field.from)) continue;
      ctx.error(
        "SEG012",
        `from of ${name}: ${JSON.stringify(field.from)} contains a control character, which no SQL engine reads in a column name`,
        at(origin, "from"),
        "value",
        "rename the column in the data, without line breaks or tabs",
      );
    }
  };
  check([...ctx.spec.fields].map(([name, entry]) => [name, entry.value, entry.at]));
  const contacts = ctx.spec.contacts;
  if (contacts)
    check(Object.entries(contacts.value.fields).map(([name, field]) => [name, field, at(contacts.at, "fields", name)]));
}
