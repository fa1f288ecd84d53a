import type { BarResult } from "@segform/testing";
import type {
  ActivationImpact,
  ChangeKind,
  DefinitionChange,
  DiffReport,
  GroupChange,
  MembershipDiff,
  Transition,
} from "../model.js";
import { formatCount, isNoChange, oneLine, pairBars, plural, shortHash, type BarPair } from "./text.js";

/** How many transitions the terminal shows; the JSON view has them all. */
export const PRETTY_TOP_TRANSITIONS = 10;

/**
 * The diff for a person at a terminal: definition changes, membership per segment and tier, the largest
 * transitions with example accounts and why they moved, activation impact, and quality bars before -> after.
 * Plain text, no colours; user text is kept to one line per field with control characters escaped.
 */
export function renderDiffPretty(report: DiffReport): string {
  const sections: string[][] = [headerLines(report)];
  if (isNoChange(report)) {
    sections.push([noChangeLine(report)]);
    return joinSections(sections);
  }
  sections.push(definitionLines(report));
  if (report.membership) {
    sections.push(membershipLines(report.membership));
    if (report.membership.transitions.length > 0) sections.push(transitionLines(report.membership.transitions));
  } else {
    sections.push([
      `Membership: not computed (${oneLine(report.membershipNotComputed ?? "no data; pass --data FILE")})`,
    ]);
  }
  if (report.activations && report.activations.length > 0) sections.push(activationLines(report.activations));
  const bars = report.quality ? pairBars(report.quality.before, report.quality.after) : [];
  if (bars.length > 0) sections.push(qualityLines(bars));
  return joinSections(sections);
}

function joinSections(sections: string[][]): string {
  return sections.map((lines) => lines.join("\n")).join("\n\n") + "\n";
}

function headerLines(report: DiffReport): string[] {
  const plans = report.unchanged
    ? `plan ${shortHash(report.baseHash)} (identical)`
    : `plan ${shortHash(report.baseHash)} -> ${shortHash(report.headHash)}`;
  const lines = [`segform diff: ${oneLine(report.project)} against ${oneLine(report.base)}`, plans];
  if (report.baseAbsent)
    lines.push(
      `${oneLine(report.base)} has no ${oneLine(report.project)}: the project's first change, compared with an empty base`,
    );
  return lines;
}

function noChangeLine(report: DiffReport): string {
  const membership = report.membership;
  if (!membership)
    return report.membershipNotComputed
      ? `No changes: the compiled plans are identical (membership not computed: ${oneLine(report.membershipNotComputed)}).`
      : "No changes: the compiled plans are identical.";
  return `No changes: the compiled plans are identical; no account changes tier or segment (${plural(membership.accounts, "account", "accounts")} in ${oneLine(membership.data)}).`;
}

const KIND_MARK: Record<ChangeKind, string> = { added: "+", removed: "-", changed: "~", moved: "~", renamed: "~" };

function definitionLines(report: DiffReport): string[] {
  if (report.definitions.length === 0) {
    return [
      report.unchanged ? "Definitions: no changes (the compiled plans are identical)" : "Definitions: no changes",
    ];
  }
  const lines = [`Definitions: ${plural(report.definitions.length, "change", "changes")}`];
  for (const change of report.definitions) lines.push(...changeLines(change));
  return lines;
}

function changeLines(change: DefinitionChange): string[] {
  return [
    `  ${KIND_MARK[change.kind]} ${oneLine(change.summary)}`,
    ...change.details.map((detail) => `      ${oneLine(detail)}`),
  ];
}

function membershipLines(membership: MembershipDiff): string[] {
  const lines = [
    `Membership on ${oneLine(membership.data)}: ${formatCount(membership.changed)} of ${plural(membership.accounts, "account", "accounts")} change tier or segment`,
  ];
  if (membership.segments.length > 0) lines.push("", ...groupTable("Segment", membership.segments));
  if (membership.tiers.length > 0) lines.push("", ...groupTable("Tier", membership.tiers));
  if (membership.audiences && membership.audiences.length > 0)
    lines.push("", ...groupTable("Audience", membership.audiences));
  return lines;
}

function groupTable(title: string, groups: readonly GroupChange[]): string[] {
  const rows = groups.map((group) => [
    oneLine(group.id),
    formatCount(group.before),
    formatCount(group.after),
    `+${formatCount(group.entered)}`,
    `-${formatCount(group.left)}`,
  ]);
  return table([title, "Before", "After", "+Entered", "-Left"], rows, ["left", "right", "right", "right", "right"]);
}

function transitionLines(transitions: readonly Transition[]): string[] {
  const shown = transitions.slice(0, PRETTY_TOP_TRANSITIONS);
  const title =
    shown.length < transitions.length
      ? `Top transitions (${formatCount(shown.length)} of ${formatCount(transitions.length)})`
      : "Transitions";
  const lines = [title];
  for (const transition of shown) {
    lines.push(
      `  ${transition.dimension} ${oneLine(transition.from)} -> ${oneLine(transition.to)}: ${plural(transition.count, "account", "accounts")}`,
    );
    for (const example of transition.examples)
      lines.push(`      ${oneLine(example.account)}: ${oneLine(example.reason)}`);
  }
  const hidden = transitions.length - shown.length;
  if (hidden > 0)
    lines.push(`  … ${plural(hidden, "more transition", "more transitions")} (segform diff --format json shows all)`);
  return lines;
}

function activationLines(activations: readonly ActivationImpact[]): string[] {
  const rows = activations.map((impact) => [
    oneLine(impact.activation),
    oneLine(impact.destination),
    `+${formatCount(impact.added)}`,
    `~${formatCount(impact.updated)}`,
    `-${formatCount(impact.removed)}`,
    formatCount(impact.unchanged),
  ]);
  return [
    "Activation impact",
    ...table(["Activation", "Destination", "+Added", "~Updated", "-Removed", "Unchanged"], rows, [
      "left",
      "left",
      "right",
      "right",
      "right",
      "right",
    ]),
  ];
}

function qualityLines(pairs: readonly BarPair[]): string[] {
  const lines = ["Quality bars (before -> after)"];
  for (const pair of pairs) {
    const current = pair.after ?? pair.before!;
    const message = pair.after ? oneLine(pair.after.message) : "(no longer declared)";
    lines.push(
      `  ${barMark(pair.before)} -> ${barMark(pair.after)} ${oneLine(pair.bar)} (${current.severity}): ${message}`,
    );
    if (pair.before && pair.after && pair.before.message !== pair.after.message)
      lines.push(`      was: ${oneLine(pair.before.message)}`);
    if (pair.after && !pair.after.passed) {
      for (const detail of pair.after.details.filter((item) => !item.passed))
        lines.push(`      ${oneLine(detail.subject)}: ${oneLine(detail.message)}`);
    }
  }
  return lines;
}

/** ✓ passed, ✗ failed (error), ! failed (warn), · not declared on that side. */
function barMark(result: BarResult | undefined): string {
  if (!result) return "·";
  if (result.passed) return "✓";
  return result.severity === "error" ? "✗" : "!";
}

/** Columns padded to their widest cell, two spaces apart, indented under the section title. */
function table(head: string[], rows: string[][], align: ("left" | "right")[]): string[] {
  const widths = head.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]) =>
    "  " +
    row
      .map((cell, column) =>
        align[column] === "right" ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join("  ")
      .trimEnd();
  return [format(head), ...rows.map(format)];
}
