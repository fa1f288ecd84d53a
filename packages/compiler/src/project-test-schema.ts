import type { ResolvedSpec } from "./resolve.js";

type Schema = Record<string, unknown>;

/** The title of every project test-suite schema (how `segform dev` knows a file it may rewrite). */
export const PROJECT_TEST_SCHEMA_TITLE = "segform test suite (this project)";

/**
 * The test-suite JSON Schema specialised to one project, for editors: an expectation's `segment`, `tier`,
 * `activations`, `audiences`, score names and role ids are the project's (completed, and a typo is flagged where it is written),
 * and an inline account's keys are the data's column names. Deterministic: the same project gives the same bytes.
 */
export function projectTestSchema(base: Schema, spec: ResolvedSpec): Schema {
  const schema = structuredClone(base) as Schema & {
    definitions: Record<string, Schema & { properties?: Record<string, Schema> }>;
  };
  delete schema.$id;
  schema.title = PROJECT_TEST_SCHEMA_TITLE;
  schema.description =
    `${String(base.description ?? "")} Specialised to this project: \`segform schema --project --kind test\` regenerates it.`.trim();
  const expectation = schema.definitions.Expectation?.properties;
  if (expectation) {
    const ids = (entries: readonly { id?: unknown }[] | undefined) =>
      (entries ?? []).map((entry) => entry.id).filter((id): id is string => typeof id === "string");
    const segments = ids(spec.segments?.value);
    if (segments.length && expectation.segment)
      expectation.segment = { description: expectation.segment.description, enum: [...segments, null] };
    const tiers = ids(spec.tiers?.value);
    if (tiers.length && expectation.tier)
      expectation.tier = { description: expectation.tier.description, enum: [...tiers, null] };
    const activations = [...spec.activations.keys()].sort();
    if (activations.length && expectation.activations)
      expectation.activations = { ...expectation.activations, items: { enum: activations } };
    const scores = [...spec.scores.keys()].sort();
    if (scores.length && expectation.scores) {
      const value = expectation.scores.additionalProperties;
      expectation.scores = {
        ...expectation.scores,
        properties: Object.fromEntries(scores.map((name) => [name, value])),
        additionalProperties: false,
      };
    }
    const audiences = ids(spec.audiences?.value);
    if (audiences.length && expectation.audiences)
      expectation.audiences = { ...expectation.audiences, items: { enum: audiences } };
    const roles = ids(spec.contacts?.value.roles);
    if (roles.length && expectation.roles)
      expectation.roles = { ...expectation.roles, additionalProperties: { enum: [...roles, null] } };
  }
  // Inline accounts: the data's column names (each field's `from`, or its name), listed but not required. Contacts
  // keep the generic record.
  const record = schema.definitions.RawRecord;
  const testCase = schema.definitions.TestCase?.properties;
  if (record && testCase) {
    const columns = new Map<string, string>();
    for (const [name, entry] of spec.fields) {
      // A derived field (`compute:`) reads no column.
      if (entry.value.compute === undefined)
        columns.set(entry.value.from ?? name, `Column of field ${name} (${entry.value.type}).`);
    }
    const value = record.additionalProperties as Schema;
    const properties = Object.fromEntries(
      [...columns]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([column, description]) => [column, { ...value, description }]),
    );
    schema.definitions.AccountRecord = {
      ...record,
      description: "An inline account: the data's column names to values.",
      properties,
    };
    const toAccount = (node: unknown): unknown =>
      JSON.parse(JSON.stringify(node).replaceAll('"#/definitions/RawRecord"', '"#/definitions/AccountRecord"'));
    if (testCase.account) testCase.account = toAccount(testCase.account) as Schema;
    if (testCase.accounts) testCase.accounts = toAccount(testCase.accounts) as Schema;
  }
  return schema;
}
