export { writeFileAtomic, outputTarget, AtomicFileStream, AtomicFileTarget, type OutputTarget } from "./atomic.js";
export {
  openSource,
  detectFormat,
  MAX_RECORD_CHARS,
  fileFormat,
  checkHeader,
  DataError,
  type DataFormat,
  type FileFormat,
  type RawRecord,
  type OpenedSource,
} from "./sources.js";
export {
  evaluateFile,
  evaluateFileBatches,
  evaluateFilePair,
  evaluateContacts,
  loadContactIndex,
  ensureContacts,
  checkKeys,
  keyErrorFirst,
  isKeyError,
  missingColumnsText,
  type EvaluatedPair,
  type DataIssue,
  type EvaluateOptions,
  type EvaluatedAccount,
  type RolesByAccount,
} from "./pipeline.js";
export { duplicateKeysText, ON_DUPLICATE, type OnDuplicate, type DuplicateKeys, type DuplicateKey } from "./keys.js";
// Output formatting is pure: it lives in @segform/engine (so the SQL compiler need not depend on this I/O package).
export { ResultFormatter, csvCell, formatScore, type OutputFormat, type AccountRoles } from "@segform/engine";
export { privateTempDir, sweepStale, track, release } from "./temporaries.js";
