import { suggest, type RankKey } from "@segform/spec";
import { at, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";

/** Ranking keys name a score or a numeric or date field. */
export function RankKeyRule(ctx: CheckContext): void {
  const scores = [...ctx.spec.scores.keys()];
  const rankable = [
    ...scores,
    ...[...ctx.spec.fields].filter(([, f]) => ["integer", "number", "date"].includes(f.value.type)).map(([n]) => n),
  ];
  const check = (keys: RankKey[] | undefined, origin: Origin) => {
    keys?.forEach((key, index) => {
      if (rankable.includes(key.by)) return;
      const field = ctx.spec.fields.get(key.by);
      const near = suggest(key.by, rankable);
      ctx.error(
        "SEG038",
        field
          ? `cannot rank by ${key.by}, a ${field.value.type} field`
          : `cannot rank by unknown score or field "${key.by}"`,
        at(origin, index, "by"),
        "value",
        near ? `did you mean "${near}"?` : "rank by a score, or a numeric or date field",
      );
    });
  };
  if (ctx.spec.rankBy) check(ctx.spec.rankBy.value, ctx.spec.rankBy.at);
  ctx.spec.tiers?.value.forEach((tier, index) => check(tier.rank_by, at(ctx.spec.tiers!.at, index, "rank_by")));
  ctx.spec.tiers?.value.forEach((tier, index) => {
    if (tier.capacity !== undefined && !tier.rank_by && !ctx.spec.rankBy && scores.length === 0) {
      ctx.error(
        "SEG038",
        `tier ${tier.id} has a capacity but nothing to rank by`,
        at(ctx.spec.tiers!.at, index, "capacity"),
        "key",
        "add `rank_by: [{ by: <score or field> }]` or declare a score",
      );
    }
  });
}
