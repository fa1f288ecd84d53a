// Shared by the generator script and the drift test: builds the JSON Schemas from the TypeScript types.
import TJS from "typescript-json-schema";

export const SCHEMAS = [
  {
    file: "schemas/segform.schema.json",
    source: "packages/spec/src/types.ts",
    type: "SegformDocument",
    id: "https://segform.dev/schemas/segform.schema.json",
    patches: [narrowConditionMap],
  },
  {
    file: "schemas/segform-test.schema.json",
    source: "packages/testing/src/types.ts",
    type: "TestSuiteDocument",
    id: "https://segform.dev/schemas/segform-test.schema.json",
  },
  {
    file: "schemas/segform-fixtures.schema.json",
    source: "packages/testing/src/types.ts",
    type: "FixtureDocument",
    id: "https://segform.dev/schemas/segform-fixtures.schema.json",
  },
];

const settings = {
  required: true,
  noExtraProps: true,
  strictNullChecks: true,
  aliasRef: false,
  topRef: false,
  titles: false,
  defaultNumberType: "number",
  ignoreErrors: false,
};

/**
 * In a condition mapping, `all`/`any`/`not` are combinators and every other key is a field test.
 * TypeScript's index signature must also admit the combinators' types, so narrow it here.
 */
function narrowConditionMap(schema) {
  const conditionMap = schema.definitions?.ConditionMap;
  const branches = conditionMap?.additionalProperties?.anyOf;
  if (!Array.isArray(branches)) throw new Error("schema generator: ConditionMap has no index signature");
  const isCondition = (branch) => /#\/definitions\/Condition(Map)?$/.test(branch.$ref ?? branch.items?.$ref ?? "");
  const fieldTest = branches.filter((branch) => !isCondition(branch));
  if (fieldTest.length !== 3) throw new Error("schema generator: ConditionMap index signature changed shape");
  conditionMap.additionalProperties = { anyOf: fieldTest };
}

/** Sort object keys recursively so the output is byte-stable. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

export function generateSchemas(root) {
  return SCHEMAS.map((entry) => {
    const program = TJS.getProgramFromFiles([`${root}/${entry.source}`], { strict: true, skipLibCheck: true }, root);
    const schema = TJS.generateSchema(program, entry.type, settings);
    if (!schema) throw new Error(`could not generate a schema for ${entry.type}`);
    schema.$id = entry.id;
    for (const patch of entry.patches ?? []) patch(schema);
    return { file: entry.file, text: JSON.stringify(sortKeys(schema), null, 2) + "\n" };
  });
}
