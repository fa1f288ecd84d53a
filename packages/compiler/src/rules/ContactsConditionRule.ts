import { at, walkCondition, type CheckContext } from "../context.js";
import { checkNumberTests } from "./MeasureTestRule.js";

const KEYS = new Set(["where", "count", "distinct_roles"]);

/**
 * A `contacts` test over an account's contacts is well formed: the project has a `contacts` section; the mapping
 * holds only `where`, `count` and `distinct_roles`, and at least one of the two measures; their numeric tests can
 * hold (as for days and counts, SEG042). `where` itself is checked by the other rules, over contact fields and `role`.
 */
export function ContactsConditionRule(ctx: CheckContext): void {
  for (const site of ctx.sites()) {
    walkCondition(site.condition, site.at.path, site, {
      contacts: (value, origin, contactsSite) => {
        if (!contactsSite.scope.contactWhere) {
          ctx.error(
            "SEG043",
            `contacts conditions need a contacts section (in ${contactsSite.label})`,
            origin,
            "key",
            "declare contacts: { account_key, fields, roles }, or rename the test",
          );
          return;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          ctx.error(
            "SEG043",
            "contacts takes a mapping: where, count, distinct_roles",
            origin,
            "value",
            "e.g. contacts: { where: { role: champion }, count: { gte: 1 } }",
          );
          return;
        }
        const spec = value as Record<string, unknown>;
        const stray = Object.keys(spec).filter((key) => !KEYS.has(key));
        for (const key of stray) {
          ctx.error(
            "SEG043",
            `contacts takes where, count and distinct_roles, not ${key}`,
            at(origin, key),
            "key",
            "e.g. contacts: { where: { role: champion }, count: { gte: 1 } }",
          );
        }
        if (stray.length) return;
        if (spec.count === undefined && spec.distinct_roles === undefined) {
          ctx.error(
            "SEG043",
            "contacts needs count or distinct_roles: what is tested about the matching contacts",
            origin,
            "value",
            "e.g. count: { gte: 1 }",
          );
          return;
        }
        for (const measure of ["count", "distinct_roles"] as const) {
          const tests = spec[measure];
          if (tests !== undefined)
            checkNumberTests(
              ctx,
              `contacts ${measure}`,
              tests as Record<string, unknown>,
              at(origin, measure),
              `e.g. ${measure}: { gte: 1 }`,
              "counts",
            );
        }
      },
    });
  }
}
