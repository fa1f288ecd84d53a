export type * from "./model.js";
export {
  ReportAccumulator,
  buildSegmentationReport,
  type SegmentationInput,
} from "./accumulate.js";
export { renderSegmentationReport } from "./segmentation.js";
export { renderChangeReport } from "./change.js";
export { wilsonInterval, normalQuantile } from "./stats.js";
export { escapeHtml, formatCount, formatShare } from "./format.js";
