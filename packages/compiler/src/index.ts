export { compileProject, type CompileResult } from "./compile.js";
export { type FileReader, type ResolvedSpec, type Origin, type Entry } from "./resolve.js";
export { implies } from "./rules/UnreachableRule.js";
