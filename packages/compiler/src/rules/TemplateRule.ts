import { at, type CheckContext } from "../context.js";

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** `{{ ... }}` placeholders in activation values name something an account has. */
export function TemplateRule(ctx: CheckContext): void {
  for (const [name, entry] of ctx.spec.activations) {
    for (const [key, written] of Object.entries(entry.value.set ?? {})) {
      const value = typeof written === "object" && written !== null ? written.value : written;
      if (typeof value !== "string") continue;
      for (const match of value.matchAll(PLACEHOLDER)) {
        const expression = match[1]!;
        const problem = checkPlaceholder(ctx, expression);
        if (problem)
          ctx.error(
            "SEG033",
            `activation ${name}: ${problem}`,
            at(entry.at, "set", key),
            "value",
            "placeholders: {{ account.FIELD }}, {{ segment.id }}, {{ tier.id }}, {{ score.NAME }}",
          );
      }
      const unbalanced = value.replace(PLACEHOLDER, "");
      if (unbalanced.includes("{{") || unbalanced.includes("}}")) {
        ctx.error(
          "SEG033",
          `activation ${name}: unbalanced {{ }} in ${JSON.stringify(value)}`,
          at(entry.at, "set", key),
          "value",
          "write placeholders as {{ name }}, e.g. {{ segment.id }}",
        );
      }
    }
  }
}

function checkPlaceholder(ctx: CheckContext, expression: string): string | undefined {
  const [head, tail, ...rest] = expression.split(".");
  if (rest.length || tail === undefined) return `unknown placeholder {{ ${expression} }}`;
  if (head === "account")
    return ctx.spec.fields.has(tail) ? undefined : `unknown field "${tail}" in {{ ${expression} }}`;
  if (head === "score") return ctx.spec.scores.has(tail) ? undefined : `unknown score "${tail}" in {{ ${expression} }}`;
  if ((head === "segment" || head === "tier") && tail === "id") return undefined;
  return `unknown placeholder {{ ${expression} }}`;
}
