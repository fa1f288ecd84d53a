export { RecordCoercer, type Value, type CoercionIssue } from "./coerce.js";
export {
  Engine,
  ContactEngine,
  evaluateAccounts,
  type AccountResult,
  type ContactResult,
  type EngineOptions,
  type PreparedAccount,
} from "./engine.js";
export { TierAllocator, TierAllocation, compareKeys, compareCodePoints, type Candidate } from "./allocate.js";
export { compileAccountPlan, compileRoles, ExprCompiler, type CompiledAccountPlan } from "./compiled.js";
export {
  explainAccount,
  accountEnv,
  renderExplanation,
  traceExpr,
  evalTest,
  measured,
  type Explanation,
  type Trace,
  type Env,
} from "./explain.js";
export { js, id, join, Code } from "./codegen.js";
export { compileSetValue, renderSetValue, type SetValue, type RenderedAccount } from "./templates.js";
export { ContactIndex } from "./contacts.js";
export { contactAggregates, aggregateKey, type ContactAggregate } from "./aggregates.js";
export { ResultFormatter, csvCell, formatScore, type OutputFormat, type AccountRoles } from "./formats.js";
export { valueSlots, valueType, compileComputed } from "./computed.js";
export {
  membershipColumns,
  membershipRowParser,
  MembershipRowError,
  ListInterner,
  type MembershipRow,
} from "./membership.js";
