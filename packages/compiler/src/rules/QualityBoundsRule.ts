import { at, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";

/** Quality-bar bounds are possible: counts not negative, shares within 0-1, and `min` not above `max`. */
export function QualityBoundsRule(ctx: CheckContext): void {
  const quality = ctx.spec.quality;
  if (!quality) return;
  const bars = quality.value;
  const count = (value: number | undefined, where: Origin, label: string) => {
    if (value !== undefined && value < 0)
      ctx.error("SEG012", `${label} is ${value}; a count cannot be negative`, where, "value", "use 0 or more");
  };
  const share = (value: number | undefined, where: Origin, label: string) => {
    if (value !== undefined && (value < 0 || value > 1))
      ctx.error(
        "SEG012",
        `${label} is ${value}; a share is between 0 and 1`,
        where,
        "value",
        "write a share, e.g. 0.8 for 80%",
      );
  };
  const range = (name: "segment_size" | "segment_count" | "icp_coverage" | "audience_size", bound: typeof count) => {
    const bar = bars[name];
    if (!bar) return;
    bound(bar.min, at(quality.at, name, "min"), `${name}.min`);
    bound(bar.max, at(quality.at, name, "max"), `${name}.max`);
    if (bar.min !== undefined && bar.max !== undefined && bar.min > bar.max) {
      ctx.error(
        "SEG012",
        `${name}: min ${bar.min} is above max ${bar.max}`,
        at(quality.at, name, "min"),
        "value",
        "no data can pass; lower min or raise max",
      );
    }
  };
  range("segment_size", count);
  range("segment_count", count);
  range("icp_coverage", share);
  range("audience_size", count);
  share(bars.audience_overlap?.max, at(quality.at, "audience_overlap", "max"), "audience_overlap.max");
  share(bars.overlap?.max, at(quality.at, "overlap", "max"), "overlap.max");
  share(bars.stability?.max_churn, at(quality.at, "stability", "max_churn"), "stability.max_churn");
  for (const key of ["fixtures", "pipeline_share", "revenue_share"] as const) {
    share(bars.coverage?.[key]?.min, at(quality.at, "coverage", key, "min"), `coverage.${key}.min`);
  }
}
