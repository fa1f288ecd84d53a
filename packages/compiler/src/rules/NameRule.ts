import { at, type CheckContext } from "../context.js";
import type { Entry } from "../resolve.js";

/** Names of fields, scores, defines, activations and destinations: what conditions, templates and SQL can spell. */
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NAME_MAX_LENGTH = 64;

/** Every declared name has a sane length and character set (the schema describes the same rule). */
export function NameRule(ctx: CheckContext): void {
  const check = (kind: string, names: Iterable<[string, Entry<unknown>]>) => {
    for (const [name, entry] of names) {
      if (name.length > NAME_MAX_LENGTH) {
        ctx.error(
          "SEG012",
          `${kind} name ${preview(name)} is ${name.length.toLocaleString("en-US")} characters long; names have at most ${NAME_MAX_LENGTH}`,
          entry.at,
          "key",
          "use a shorter name",
        );
      } else if (!NAME_PATTERN.test(name)) {
        ctx.error(
          "SEG012",
          `${kind} name ${preview(name)} must start with a letter or _ and use only letters, digits, _ and -`,
          entry.at,
          "key",
          "map an input column with another spelling with `from`",
        );
      }
    }
  };
  const spec = ctx.spec;
  check("field", spec.fields);
  check("define", spec.define);
  check("score", spec.scores);
  check("activation", spec.activations);
  check("destination", spec.destinations);
  const contacts = spec.contacts;
  if (contacts) {
    check(
      "contact field",
      Object.keys(contacts.value.fields).map((name) => [
        name,
        { value: undefined, at: at(contacts.at, "fields", name) },
      ]),
    );
    check(
      "contact define",
      Object.keys(contacts.value.define ?? {}).map((name) => [
        name,
        { value: undefined, at: at(contacts.at, "define", name) },
      ]),
    );
  }
}

function preview(name: string): string {
  return JSON.stringify(name.length > 24 ? `${name.slice(0, 24)}…` : name);
}
