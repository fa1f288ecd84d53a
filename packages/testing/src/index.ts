export type * from "./types.js";
export type * from "./report.js";
export {
  parseSuite,
  parseFixtureFile,
  testSuiteSchema,
  fixturesSchema,
  type FixtureRecord,
  type ParsedSuite,
} from "./suite-load.js";
export { runSuite, checkExpectation, type LoadedSuite } from "./runner.js";
export { CoverageCollector, changedOwners } from "./coverage.js";
export { buildReport } from "./summary.js";
export { QualityAccumulator, evaluateQualityBars, skippedQualityBars } from "./quality/index.js";
export { renderPretty, renderJson, renderJunit, renderGithub } from "./render/index.js";
export { markdownCode, markdownText } from "./render/markdown.js";
export { oneLine } from "./render/text.js";
