import { canonicalJson } from "@segform/plan";
import type { DiffReport } from "../model.js";

/** The report as stable JSON for machines: sorted keys, two-space indent, trailing newline; nothing left out. */
export function renderDiffJson(report: DiffReport): string {
  return canonicalJson(report, 2) + "\n";
}
