import { parseIsoDay } from "@segform/plan";
import type { CheckContext } from "../context.js";

/** `as_of` is a calendar date: `2026-02-30` matches the schema's YYYY-MM-DD pattern but is no day. */
export function AsOfDateRule(ctx: CheckContext): void {
  const asOf = ctx.spec.asOf;
  if (!asOf || parseIsoDay(asOf.value) !== null) return;
  ctx.error(
    "SEG032",
    `as_of: "${asOf.value}" is not a calendar date`,
    asOf.at,
    "value",
    "write a real day, YYYY-MM-DD, e.g. 2026-02-28",
  );
}
