/** Wording and small helpers shared by the diff renderers, so the terminal and the PR comment say the same thing. */
import type { BarResult } from "@segform/testing";
import type { DiffReport, GroupChange } from "../model.js";

/** `1,234,567`: grouped by hand, because `toLocaleString` depends on the machine's locale. */
export function formatCount(count: number): string {
  const digits = String(Math.abs(count));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return count < 0 ? `-${grouped}` : grouped;
}

export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** `sha256:0123456789ab`: enough of a plan hash to tell two plans apart at a glance; the JSON view has it whole. */
export function shortHash(hash: string): string {
  const colon = hash.indexOf(":");
  const digest = colon >= 0 ? hash.slice(colon + 1) : hash;
  return (colon >= 0 ? hash.slice(0, colon + 1) : "") + digest.slice(0, 12);
}

/** Groups whose membership moved: some account entered or left (a count can stay level while accounts swap). */
export function changedGroups(groups: readonly GroupChange[]): GroupChange[] {
  return groups.filter((group) => group.entered > 0 || group.left > 0 || group.before !== group.after);
}

/** Nothing to show: identical plans and (when membership was computed) no account moved. */
export function isNoChange(report: DiffReport): boolean {
  return report.unchanged && (report.membership === undefined || report.membership.changed === 0);
}

/** One quality bar before and after; either side is absent when the bar was added or removed. */
export interface BarPair {
  bar: string;
  before?: BarResult;
  after?: BarResult;
}

/**
 * Bars paired by name in the head's order, then bars only the base declares. A name declared twice is paired by
 * occurrence (first with first), so nothing is dropped.
 */
export function pairBars(before: readonly BarResult[], after: readonly BarResult[]): BarPair[] {
  const remaining = [...before];
  const pairs: BarPair[] = after.map((result) => {
    const index = remaining.findIndex((candidate) => candidate.bar === result.bar);
    const pair: BarPair = { bar: result.bar, after: result };
    if (index >= 0) pair.before = remaining.splice(index, 1)[0]!;
    return pair;
  });
  for (const result of remaining) pairs.push({ bar: result.bar, before: result });
  return pairs;
}

/** Bars that passed before and fail now, and the reverse. */
export function barMovements(pairs: readonly BarPair[]): { newlyFailing: BarPair[]; newlyPassing: BarPair[] } {
  return {
    newlyFailing: pairs.filter((pair) => pair.after && !pair.after.passed && (!pair.before || pair.before.passed)),
    newlyPassing: pairs.filter((pair) => pair.after?.passed && pair.before && !pair.before.passed),
  };
}

export interface ActivationTotals {
  added: number;
  updated: number;
  removed: number;
  activations: number;
  destinations: number;
}

export function activationTotals(report: DiffReport): ActivationTotals | undefined {
  const activations = report.activations;
  if (!activations || activations.length === 0) return undefined;
  const destinations = new Set(activations.map((impact) => impact.destination));
  return {
    added: activations.reduce((sum, impact) => sum + impact.added, 0),
    updated: activations.reduce((sum, impact) => sum + impact.updated, 0),
    removed: activations.reduce((sum, impact) => sum + impact.removed, 0),
    activations: activations.length,
    destinations: destinations.size,
  };
}

export { oneLine } from "@segform/plan";

/** Long user text (a path, a ref) cut to `max` characters with an ellipsis, so one value cannot fill a view. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + "…";
}
