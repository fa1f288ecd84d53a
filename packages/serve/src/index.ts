export { buildApp, type AppOptions } from "./app.js";
export { StateHolder, Reloader, type LoadResult, type ReloadStatus } from "./holder.js";
export {
  stateFromData,
  stateFromMembership,
  stateFromEvaluated,
  stateFromDeployState,
  explainLoaded,
  type DataInput,
  type MembershipInput,
  type EvaluatedInput,
  type DeployStateInput,
} from "./load.js";
export { explainRecord, csvRecord, OneAtATime } from "./explain.js";
export { evaluateAdHoc, type AdHocResult, type CapacityDecision } from "./evaluate.js";
export { flagKeys, evaluateFlag, subjectOf, type OfrepSuccess, type OfrepFailure } from "./ofrep.js";
export { ServeError, SERVE_CODES } from "./errors.js";
export { parseTokens } from "./tokens.js";
export type { ServeState, Label, TierCutoff } from "./state.js";
