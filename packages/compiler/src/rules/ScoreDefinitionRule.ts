import { suggest } from "@segform/spec";
import { at, type CheckContext } from "../context.js";

/** A score has exactly one of `criteria` / `from`; `from` names a numeric field. */
export function ScoreDefinitionRule(ctx: CheckContext): void {
  for (const [name, entry] of ctx.spec.scores) {
    const score = entry.value;
    const hasCriteria = score.criteria !== undefined;
    const hasFrom = score.from !== undefined;
    if (hasCriteria === hasFrom) {
      ctx.error(
        "SEG034",
        hasCriteria ? `score ${name} has both criteria and from` : `score ${name} has neither criteria nor from`,
        entry.at,
        "key",
        "use `criteria: [...]` for points, or `from: <numeric field>` to take a field as the score",
      );
      continue;
    }
    if (hasFrom) {
      const field = ctx.spec.fields.get(score.from!);
      if (!field) {
        const numeric = [...ctx.spec.fields]
          .filter(([, f]) => f.value.type === "integer" || f.value.type === "number")
          .map(([n]) => n);
        const near = suggest(score.from!, numeric);
        ctx.error(
          "SEG023",
          `score ${name} reads unknown field "${score.from}"`,
          at(entry.at, "from"),
          "value",
          near ? `did you mean "${near}"?` : "declare it under fields with type integer or number",
        );
      } else if (field.value.type !== "integer" && field.value.type !== "number") {
        ctx.error(
          "SEG021",
          `score ${name} reads ${score.from}, a ${field.value.type} field; scores need integer or number`,
          at(entry.at, "from"),
          "value",
          "use `criteria` to score a field of another type",
        );
      }
    }
  }
}
