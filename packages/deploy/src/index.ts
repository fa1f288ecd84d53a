export * from "./model.js";
export { DesiredRecords, type DerivedAccount, type LabelledAccount, type Whereabouts } from "./desired.js";
export { SortedAccounts, RUN_LIMIT, type SortedAccount } from "./sorted-accounts.js";
export { buildStreamedPlan, type StreamedPlan, type StreamedPlanInput } from "./streamed-plan.js";
export {
  planDestination,
  DestinationPlanner,
  type DestinationState,
  type PlanDestinationInput,
  type DestinationPlannerInput,
} from "./planner.js";
export { sortByKey, sortKeys } from "./order.js";
export {
  buildDeployPlan,
  buildDeployPlanFromState,
  selectDestinations,
  type DeployPlanInput,
  type SelectedDestination,
} from "./deploy-plan.js";
export {
  parseDeployPlan,
  serializeDeployPlan,
  deployPlanFileParts,
  openDeployPlanFile,
  readActions,
  LineReader,
  type DeployPlanFile,
  type DeployPlanHeader,
} from "./planfile.js";
export {
  applyPlan,
  checkGuards,
  checkFresh,
  DEFAULT_RETRY,
  type ApplyOptions,
  type ApplySummary,
  type DestinationSummary,
  type RetryPolicy,
  type ProgressEvent,
} from "./applier.js";
export { replay, replayOver, overlayOf, type JournalEntry, type JournalResult, type StateOverlay } from "./journal.js";
export { DeployError } from "./errors.js";
export { SettingError, resolveEnv, deploySettings, DEFAULT_MAX_CHANGES, DEFAULT_MAX_REMOVALS } from "./settings.js";
export { recordHash, idempotencyId, sha256 } from "./hash.js";
export type { StateBackend, LoadedState, LockInfo, StateHead } from "./state/backend.js";
export { LocalStateBackend } from "./state/local.js";
export { PostgresStateBackend, redactUrl } from "./state/postgres.js";
export {
  ADAPTERS,
  TransientError,
  BatchRejectedError,
  DestinationGoneError,
  type Adapter,
  type AdapterType,
  type AdapterContext,
  type Operation,
  type OperationResult,
} from "./adapters/index.js";
export { standardWebhookSignature, retryAfter } from "./adapters/webhook.js";
export { changesPath } from "./adapters/file.js";
export { renderPlanText, renderPlanMarkdown, hasChanges, totals } from "./render/text.js";
export { detectDrift, acceptDrift, type DriftReport, type DriftedRecord } from "./drift.js";
