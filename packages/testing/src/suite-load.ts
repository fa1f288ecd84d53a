import { parseIsoDay } from "@segform/plan";
import { loadYaml, schemaDiagnostics, type Diagnostic, type SourceDocument, type SourceLocation } from "@segform/spec";
import type { FixtureDocument, RawRecord, TestSuiteDocument } from "./types.js";
import TEST_SCHEMA from "./generated/test-schema.js";
import FIXTURES_SCHEMA from "./generated/fixtures-schema.js";
import validateSuite from "./generated/test-validate.js";
import validateFixtures from "./generated/fixtures-validate.js";

/** A record from a fixture file, with where it was written. */
export interface FixtureRecord {
  record: RawRecord;
  location: SourceLocation;
}

/** A parsed and schema-checked test file. */
export interface ParsedSuite {
  file: string;
  document: SourceDocument;
  suite?: TestSuiteDocument;
  diagnostics: Diagnostic[];
}

/** The JSON Schema of test files (schemas/segform-test.schema.json). A fresh copy. */
export function testSuiteSchema(): Record<string, unknown> {
  return structuredClone(TEST_SCHEMA);
}

/** The JSON Schema of fixture files (schemas/segform-fixtures.schema.json). A fresh copy. */
export function fixturesSchema(): Record<string, unknown> {
  return structuredClone(FIXTURES_SCHEMA);
}

/** Parses a `*_test.yaml` file safely and checks it against schemas/segform-test.schema.json. */
export function parseSuite(file: string, text: string): ParsedSuite {
  const { document, diagnostics } = loadYaml(file, text);
  if (diagnostics.some((d) => d.severity === "error")) return { file, document, diagnostics };
  const schemaErrors = schemaDiagnostics(document, validateSuite);
  if (schemaErrors.length) return { file, document, diagnostics: [...diagnostics, ...schemaErrors] };
  const suite = document.value as TestSuiteDocument;
  // The schema checks the YYYY-MM-DD shape; 2026-02-30 has it and is no day.
  if (suite.as_of !== undefined && parseIsoDay(suite.as_of) === null) {
    const error: Diagnostic = {
      code: "SEG032",
      severity: "error",
      message: `as_of: "${suite.as_of}" is not a calendar date`,
      location: document.locate(["as_of"]),
      hint: "write a real day, YYYY-MM-DD, e.g. 2026-02-28",
    };
    return { file, document, diagnostics: [...diagnostics, error] };
  }
  return { file, document, suite, diagnostics };
}

/** Parses a YAML or JSON fixture file (`accounts:` / `contacts:` lists) into located records. */
export function parseFixtureFile(
  file: string,
  text: string,
): { accounts: FixtureRecord[]; contacts: FixtureRecord[]; diagnostics: Diagnostic[] } {
  const { document, diagnostics } = loadYaml(file, text);
  const empty = { accounts: [], contacts: [] };
  if (diagnostics.some((d) => d.severity === "error")) return { ...empty, diagnostics };
  const schemaErrors = schemaDiagnostics(document, validateFixtures);
  if (schemaErrors.length) return { ...empty, diagnostics: [...diagnostics, ...schemaErrors] };
  const value = document.value as FixtureDocument;
  const located = (list: RawRecord[] | undefined, key: string) =>
    (list ?? []).map((record, index) => ({ record, location: document.locate([key, index]) }));
  return { accounts: located(value.accounts, "accounts"), contacts: located(value.contacts, "contacts"), diagnostics };
}
