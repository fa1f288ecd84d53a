import { at, type CheckContext } from "../context.js";

/** Columns every membership output has besides the key and the scores. */
const OUTPUT_COLUMNS = new Set(["icp", "tier", "segment", "activations", "roles"]);

/** The account key (and the contacts' keys) name declared fields; the account key is a string or number. */
export function KeyFieldRule(ctx: CheckContext): void {
  const { spec } = ctx;
  if (spec.key) {
    const field = spec.fields.get(spec.key.value);
    if (!field) {
      ctx.error(
        "SEG023",
        `key "${spec.key.value}" is not a declared field`,
        spec.key.at,
        "value",
        `declare it under fields, e.g. ${spec.key.value}: { type: string }`,
      );
    } else if (!["string", "integer", "number"].includes(field.value.type)) {
      ctx.error(
        "SEG021",
        `key "${spec.key.value}" must be a string, integer or number field`,
        spec.key.at,
        "value",
        "key by a field that identifies one account, e.g. an id of type string",
      );
    }
    if (OUTPUT_COLUMNS.has(spec.key.value)) {
      ctx.error(
        "SEG024",
        `key "${spec.key.value}" has the name of an output column`,
        spec.key.at,
        "value",
        `rename the field (map the column with \`from\`); outputs use ${[...OUTPUT_COLUMNS].join(", ")}`,
      );
    }
  } else if (!spec.fields.has("id")) {
    ctx.error(
      "SEG013",
      "no account key: declare `key: <field>` (or a field named `id`)",
      { doc: spec.main, path: [] },
      "value",
      "the key identifies accounts in outputs, explanations and tie-breaks",
    );
  }
  const contacts = spec.contacts;
  if (contacts) {
    for (const property of ["account_key", "key"] as const) {
      const name = contacts.value[property];
      if (name !== undefined && !(name in contacts.value.fields)) {
        ctx.error(
          "SEG023",
          `contacts.${property} "${name}" is not a declared contact field`,
          at(contacts.at, property),
          "value",
          `declare it under contacts.fields, e.g. ${name}: { type: string }`,
        );
      }
    }
  }
}
