import { at, type CheckContext } from "../context.js";

/** Condition keywords, plus the built-in names conditions and outputs use for an account's labels. */
const RESERVED = new Set(["all", "any", "not", "tier", "segment", "icp"]);
const RESERVED_FOR_CONTACTS = new Set(["all", "any", "not"]);
/** Scores are output columns too, beside these. */
const RESERVED_FOR_SCORES = new Set([...RESERVED, "activations", "roles"]);

/** Field and score names are distinct and not reserved words of the language. */
export function NameCollisionRule(ctx: CheckContext): void {
  for (const [name, entry] of ctx.spec.fields) {
    if (RESERVED.has(name))
      ctx.error(
        "SEG024",
        `"${name}" is reserved and cannot name a field`,
        entry.at,
        "key",
        "rename it and map the column with `from`",
      );
  }
  for (const [name, entry] of ctx.spec.scores) {
    if (RESERVED_FOR_SCORES.has(name))
      ctx.error("SEG024", `"${name}" is reserved and cannot name a score`, entry.at, "key", "rename the score");
    else if (ctx.spec.fields.has(name)) {
      ctx.error(
        "SEG024",
        `score "${name}" has the same name as a field`,
        entry.at,
        "key",
        "rename the score or the field; conditions must know which one they read",
      );
    }
  }
  const contacts = ctx.spec.contacts;
  for (const name of Object.keys(contacts?.value.fields ?? {})) {
    if (RESERVED_FOR_CONTACTS.has(name))
      ctx.error(
        "SEG024",
        `"${name}" is reserved and cannot name a field`,
        at(contacts!.at, "fields", name),
        "key",
        "rename it and map the column with `from`",
      );
  }
}
