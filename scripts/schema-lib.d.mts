// Types for schema-lib.mjs, so TypeScript tests can import it.
export interface SchemaEntry {
  /** Output path, relative to the repository root. */
  file: string;
  /** The TypeScript file holding the type. */
  source: string;
  /** The root type. */
  type: string;
  /** The same schema as a generated TypeScript module (default export), relative to the repository root. */
  module: string;
  /** The schema's validator, compiled ahead of time (ajv standalone code) as a generated TypeScript module, relative to the repository root. */
  validator: string;
  /** The package the validator module imports the `ValidateFunction` type from (default: ajv). */
  validatorType?: string;
  /** The schema's $id. */
  id: string;
  patches?: ((schema: Record<string, unknown>) => void)[];
}

export declare const SCHEMAS: SchemaEntry[];

/** Generates every schema (the JSON file, its module, then its validator module) from its TypeScript type; `text` is the exact committed file content. */
export declare function generateSchemas(root: string): { file: string; text: string }[];
