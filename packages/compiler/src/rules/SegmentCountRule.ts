import type { CheckContext } from "../context.js";

/** 4 to 7 segments: fewer is rarely a segmentation, more splits a market too thin to learn from. */
export function SegmentCountRule(ctx: CheckContext): void {
  const segments = ctx.spec.segments;
  if (!segments) return;
  const named = segments.value.filter((segment) => segment.when !== undefined).length;
  if (named === 0) {
    ctx.warning(
      "SEG026",
      "no segments: every ICP account lands in the fallback",
      segments.at,
      "key",
      "add 4 to 7 segments, each deserving a different play",
    );
  } else if (named < 4 || named > 7) {
    ctx.warning(
      "SEG026",
      `${named} segment${named === 1 ? "" : "s"}; good practice is 4 to 7`,
      segments.at,
      "key",
      named > 7
        ? "collapse segments that get the same play or are too small to learn from"
        : "a segmentation that drives plays usually needs at least 4",
    );
  }
}
