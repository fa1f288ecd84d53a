export type * from "./types.js";
export {
  DiagnosticBag,
  sortDiagnostics,
  formatDiagnostic,
  formatLocation,
  codeFrame,
  redactSecrets,
  SECRET_CODES,
  type Diagnostic,
  type DiagnosticSeverity,
  type SourceLocation,
} from "./diagnostics.js";
export { CODES, type DiagnosticCode } from "./codes.js";
export { loadYaml, SourceDocument, pathText, pathKey, LIMITS, type Path, type LoadResult } from "./load.js";
export {
  validateDocument,
  segformSchema,
  suggest,
  compileSchema,
  schemaDiagnostics,
  SUPPORTED_VERSIONS,
} from "./validate.js";
export type { ValidateFunction } from "ajv";
