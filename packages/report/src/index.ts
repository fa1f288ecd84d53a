export type * from "./model.js";
export {
  ReportAccumulator,
  buildSegmentationReport,
  SCORE_BIN_WIDTH,
  DEAL_SIZE_BINS,
  type SegmentationInput,
} from "./accumulate.js";
export { renderSegmentationReport } from "./segmentation.js";
export { renderChangeReport } from "./change.js";
export { wilsonInterval, normalQuantile } from "./stats.js";
export { escapeHtml, formatCount, formatShare } from "./format.js";
