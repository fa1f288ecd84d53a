import { canonicalJson } from "@segform/plan";
import type { TestReport } from "../report.js";

/**
 * The report as stable JSON for machines: the `TestReport` data itself, keys sorted at every level, two-space
 * indent, trailing newline. The same report always gives the same bytes.
 */
export function renderJson(report: TestReport): string {
  return canonicalJson(report, 2) + "\n";
}
