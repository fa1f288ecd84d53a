import { at, type CheckContext } from "../context.js";

/** A segment without `when` catches every remaining account, so it must be the last one. */
export function FallbackSegmentRule(ctx: CheckContext): void {
  const segments = ctx.spec.segments;
  if (!segments) return;
  const last = segments.value.length - 1;
  segments.value.forEach((segment, index) => {
    if (segment.when === undefined && index !== last) {
      ctx.error(
        "SEG035",
        `segment "${segment.id}" has no \`when\`, so it catches every account and the ${last - index} segment(s) after it can never match`,
        at(segments.at, index, "id"),
        "value",
        "move the fallback segment to the end, or give it a `when`",
      );
    }
  });
}
