import { RE2JS } from "re2js";
import type { CheckContext } from "../context.js";

/**
 * `matches` patterns are valid RE2: linear-time, so no pattern can hang a run (no backreferences or
 * lookaround). The same syntax runs in DuckDB; other SQL backends translate it.
 */
export function RegexRule(ctx: CheckContext): void {
  for (const leaf of ctx.leaves()) {
    if (leaf.op !== "matches" || typeof leaf.value !== "string") continue;
    if (leaf.value.length > 1000) {
      ctx.error(
        "SEG029",
        `the pattern is longer than 1000 characters`,
        leaf.valueAt,
        "value",
        "split it into several tests, or use starts_with / ends_with / contains",
      );
      continue;
    }
    try {
      RE2JS.compile(leaf.value);
    } catch (error) {
      ctx.error(
        "SEG029",
        `invalid regular expression: ${(error as Error).message.replace(/^error parsing regexp: /, "")}`,
        leaf.valueAt,
        "value",
        "patterns use RE2 syntax: no backreferences (\\1) or lookaround ((?=...), (?!...)); (?i) makes it case-insensitive",
      );
    }
  }
}
