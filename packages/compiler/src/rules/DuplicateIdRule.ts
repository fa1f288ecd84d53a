import { at, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";

/** Tier, segment, audience, role and criterion ids are unique within their list. */
export function DuplicateIdRule(ctx: CheckContext): void {
  const check = (
    what: string,
    items: { id?: string }[] | undefined,
    origin: Origin | undefined,
    path: (index: number) => (string | number)[],
  ) => {
    if (!items || !origin) return;
    const first = new Map<string, number>();
    items.forEach((item, index) => {
      if (item.id === undefined) return;
      const previous = first.get(item.id);
      if (previous === undefined) first.set(item.id, index);
      else
        ctx.error(
          "SEG024",
          `duplicate ${what} id "${item.id}" (first declared at position ${previous + 1})`,
          at(origin, ...path(index), "id"),
          "value",
          `${what} ids must be unique`,
        );
    });
  };
  check("tier", ctx.spec.tiers?.value, ctx.spec.tiers?.at, (i) => [i]);
  check("segment", ctx.spec.segments?.value, ctx.spec.segments?.at, (i) => [i]);
  check("audience", ctx.spec.audiences?.value, ctx.spec.audiences?.at, (i) => [i]);
  check("role", ctx.spec.contacts?.value.roles, ctx.spec.contacts?.at, (i) => ["roles", i]);
  for (const [, entry] of ctx.spec.scores) check("criterion", entry.value.criteria, entry.at, (i) => ["criteria", i]);
}
