import type { FieldSpec } from "@segform/spec";
import type { ResolvedSpec } from "./resolve.js";
import { OPERATORS_BY_TYPE } from "./values.js";

type Schema = Record<string, unknown>;

/** The title of every project schema (how `segform dev` knows a file it may rewrite). */
export const PROJECT_SCHEMA_TITLE = "segform definitions (this project)";

/**
 * The language's JSON Schema specialised to one project, for editors: a condition's keys are the project's fields,
 * scores, `tier` and defines (with `all`, `any`, `not`, `contacts`), each field admits only the operators valid for
 * its type with values of that type (enum values listed), `activate:` lists the declared activations and an
 * activation's `destination:` the declared destinations. Conditions over contacts (`where`, roles' `when`) get the
 * contact fields and `role`. Everything else is the generic schema. Deterministic: the same project gives the same
 * bytes.
 */
export function projectSchema(base: Schema, spec: ResolvedSpec): Schema {
  const schema = structuredClone(base) as Schema & { definitions: Record<string, Schema> };
  const defs = schema.definitions;
  const operatorDocs = ((defs.Operators as Schema).properties ?? {}) as Record<string, Schema>;
  // No $id: references resolve against wherever the file is (a relative $id would send them elsewhere).
  delete schema.$id;
  schema.title = PROJECT_SCHEMA_TITLE;
  schema.description =
    `${String(base.description ?? "")} Specialised to this project: \`segform schema --project\` regenerates it.`.trim();

  // Every generic "condition mapping or define name" becomes the project's condition (contact conditions where due),
  // before those are defined below.
  rewrite(schema, (node, path) => {
    const anyOf = node.anyOf as Schema[] | undefined;
    const generic =
      anyOf?.length === 2 && anyOf[0]?.$ref === "#/definitions/ConditionMap" && anyOf[1]?.type === "string";
    if (!generic) return node;
    const contact = path.includes("ContactsCondition") || path.includes("RoleSpec");
    return {
      description: node.description,
      $ref: contact ? "#/definitions/ContactCondition" : "#/definitions/Condition",
    };
  });
  // Conditions over accounts.
  const accountKeys: Record<string, Schema> = {
    all: { description: "Every condition holds.", type: "array", items: { $ref: "#/definitions/Condition" } },
    any: { description: "At least one condition holds.", type: "array", items: { $ref: "#/definitions/Condition" } },
    not: { description: "The condition does not hold.", $ref: "#/definitions/Condition" },
  };
  const baseMap = defs.ConditionMap as Schema & { properties: Record<string, Schema> };
  if (spec.contacts) accountKeys.contacts = baseMap.properties.contacts ?? { $ref: "#/definitions/ContactsCondition" };
  for (const [name, field] of sorted(spec.fields)) accountKeys[name] = fieldTest(name, field.value, operatorDocs);
  for (const name of [...spec.scores.keys()].sort())
    accountKeys[name] = fieldTest(name, { type: "number" }, operatorDocs, `score ${name}`);
  const tierIds = (spec.tiers?.value ?? []).map((tier) => tier.id).filter((id): id is string => typeof id === "string");
  if (tierIds.length && !accountKeys.tier) accountKeys.tier = idTest("tier", tierIds, operatorDocs);
  defs.ConditionMap = {
    type: "object",
    description: baseMap.description,
    properties: accountKeys,
    additionalProperties: false,
  };
  defs.Condition = named("ConditionMap", [...spec.define.keys()].sort(), (defs.Condition as Schema).description);

  // Conditions over contacts.
  const contactKeys: Record<string, Schema> = {
    all: { description: "Every condition holds.", type: "array", items: { $ref: "#/definitions/ContactCondition" } },
    any: {
      description: "At least one condition holds.",
      type: "array",
      items: { $ref: "#/definitions/ContactCondition" },
    },
    not: { description: "The condition does not hold.", $ref: "#/definitions/ContactCondition" },
  };
  const contacts = spec.contacts?.value;
  for (const [name, field] of Object.entries(contacts?.fields ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    contactKeys[name] = fieldTest(name, field, operatorDocs);
  const roleIds = (contacts?.roles ?? []).map((role) => role.id).filter((id): id is string => typeof id === "string");
  if (roleIds.length && !contactKeys.role) contactKeys.role = idTest("role", roleIds, operatorDocs);
  defs.ContactConditionMap = {
    type: "object",
    description: "A condition over a contact's fields and `role`.",
    properties: contactKeys,
    additionalProperties: false,
  };
  defs.ContactCondition = named(
    "ContactConditionMap",
    Object.keys(contacts?.define ?? {}).sort(),
    "A condition over a contact: the name of a contacts `define`, or a mapping.",
  );

  const roleSpec = defs.RoleSpec as Schema & { properties?: Record<string, Schema> };
  if (roleSpec?.properties?.when)
    roleSpec.properties.when = {
      description: roleSpec.properties.when.description,
      $ref: "#/definitions/ContactCondition",
    };
  const contactsSpec = defs.ContactsSpec as Schema & { properties?: Record<string, Schema> };
  if (contactsSpec?.properties?.define)
    contactsSpec.properties.define = {
      ...contactsSpec.properties.define,
      additionalProperties: { $ref: "#/definitions/ContactCondition" },
    };

  // Ids: activations in `activate:`, destinations in an activation.
  const activationIds = [...spec.activations.keys()].sort();
  if (activationIds.length) {
    for (const name of ["TierSpec", "SegmentSpec", "AudienceSpec"]) {
      const properties = (defs[name] as Schema & { properties?: Record<string, Schema> })?.properties;
      if (properties?.activate) properties.activate = { ...properties.activate, items: { enum: activationIds } };
    }
  }
  const destinationIds = [...spec.destinations.keys()].sort();
  const activation = (defs.ActivationSpec as Schema & { properties?: Record<string, Schema> })?.properties;
  if (destinationIds.length && activation?.destination)
    activation.destination = { ...activation.destination, enum: destinationIds };
  return schema;
}

function sorted<T>(map: Map<string, T>): [string, T][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A condition: a mapping, or the name of one of `defines`. */
function named(map: string, defines: string[], description: unknown): Schema {
  const ref = { $ref: `#/definitions/${map}` };
  return defines.length ? { description, anyOf: [ref, { type: "string", enum: defines }] } : { description, ...ref };
}

const DATE = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "A date, YYYY-MM-DD." };

/** The schema of one value of a field's (element) type. */
function valueOf(field: Pick<FieldSpec, "type" | "enum">): Schema {
  const listed = field.enum?.length ? { enum: [...field.enum] } : undefined;
  switch (field.type) {
    case "integer":
      return listed ?? { type: "integer" };
    case "number":
      return listed ?? { type: "number" };
    case "date":
      return listed ?? DATE;
    case "boolean":
      return { type: "boolean" };
    default:
      // string and string[] (its items); numbers written for text are read as their text (zip codes, ids)
      return listed ?? { type: ["string", "number"] };
  }
}

/** How a field (or score) may be tested: its type's operators only, with values of its type. */
function fieldTest(
  name: string,
  field: Pick<FieldSpec, "type" | "enum">,
  docs: Record<string, Schema>,
  what = `${name} (${field.type})`,
): Schema {
  const operators = OPERATORS_BY_TYPE[field.type] ?? [];
  const value = valueOf(field);
  const properties: Record<string, Schema> = {};
  for (const op of operators)
    properties[op] = {
      ...operatorValue(op, field.type, value),
      ...(docs[op]?.description ? { description: docs[op]!.description } : {}),
    };
  const object = { type: "object", properties, additionalProperties: false, description: `Tests on ${what}.` };
  if (field.type === "string[]") return object; // a list is tested with contains / contains_any / contains_all / count
  // Shorthand: a value means eq, a list means in.
  return {
    description: `Tests on ${what}: a value (equals), a list (one of), or operators.`,
    anyOf: [value, { type: "array", items: value }, object],
  };
}

function operatorValue(op: string, type: string, value: Schema): Schema {
  switch (op) {
    case "exists":
    case "missing":
      return { type: "boolean" };
    case "in":
    case "not_in":
    case "contains_any":
    case "contains_all":
      return { type: "array", items: value, minItems: 1 };
    case "between":
      return { type: "array", items: value, minItems: 2, maxItems: 2 };
    case "within_days":
    case "within_next_days":
      return { type: "integer", minimum: 0 };
    case "days_ago":
    case "days_until":
    case "count":
      return { $ref: "#/definitions/NumberTest" };
    case "starts_with":
    case "ends_with":
    case "matches":
      return { type: "string" };
    case "contains":
      return type === "string" ? { type: "string" } : value;
    default:
      return value;
  }
}

/** `tier` (in segments and activations) and a contact's `role`: ids, tested for equality and presence. */
function idTest(name: string, ids: string[], docs: Record<string, Schema>): Schema {
  const value = { enum: ids };
  const properties: Record<string, Schema> = {};
  for (const op of ["eq", "ne", "in", "not_in", "exists", "missing"])
    properties[op] = {
      ...operatorValue(op, "string", value),
      ...(docs[op]?.description ? { description: docs[op]!.description } : {}),
    };
  return {
    description: `The ${name}: one of ${ids.join(", ")}.`,
    anyOf: [value, { type: "array", items: value }, { type: "object", properties, additionalProperties: false }],
  };
}

/** Rebuilds the schema bottom-up, letting `visit` replace any object node; `path` is the chain of keys above it. */
function rewrite(node: unknown, visit: (node: Schema, path: string[]) => Schema, path: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item, index) => rewrite(item, visit, [...path, String(index)]));
  if (node === null || typeof node !== "object") return node;
  const object = node as Schema;
  for (const [key, value] of Object.entries(object)) object[key] = rewrite(value, visit, [...path, key]);
  return visit(object, path);
}
