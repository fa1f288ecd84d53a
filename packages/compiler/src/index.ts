export { compileProject, type CompileResult } from "./compile.js";
export {
  type FileReader,
  type FileRefusal,
  type ResolvedSpec,
  type Origin,
  type Entry,
  PROJECT_LIMITS,
} from "./resolve.js";
export { implies } from "./rules/UnreachableRule.js";
export { projectSchema, PROJECT_SCHEMA_TITLE } from "./project-schema.js";
export { projectTestSchema, PROJECT_TEST_SCHEMA_TITLE } from "./project-test-schema.js";
