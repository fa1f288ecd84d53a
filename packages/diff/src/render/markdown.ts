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
import { detailsBlock, markdownCode, markdownTable, markdownText, utf8Length } from "./markdown-escape.js";
import {
  activationTotals,
  barMovements,
  changedGroups,
  clip,
  formatCount,
  isNoChange,
  pairBars,
  plural,
  shortHash,
  type BarPair,
} from "./text.js";

/** First line of every diff comment: a CI step finds its own comment by it and updates it in place. */
export const DIFF_COMMENT_MARKER = "<!-- segform-diff -->";

/** GitHub rejects issue and pull-request comments longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface DiffMarkdownOptions {
  /**
   * The most the comment may hold, checked both as JS string length and as UTF-8 bytes (GitHub counts characters;
   * bytes are never fewer, so this is the conservative reading). Default 65,536.
   */
  maxLength?: number;
}

/** Definition changes are shown expanded when there are at most this many: they are what a reviewer reads first. */
const OPEN_DEFINITIONS_MAX = 10;
/** Paths and refs in the heading are clipped, so the part that is never cut stays small. */
const HEADING_VALUE_MAX = 200;

/**
 * The diff as a GitHub pull-request comment: the hidden marker, a heading, a short summary (one line per segment
 * and tier whose membership moved, activations, quality bars), then collapsed `<details>` sections: definition
 * changes, membership tables, transitions, examples with reasons, activation impact, quality bars before/after.
 *
 * Never longer than `maxLength`: when over, details are cut from the least important (examples, then transitions,
 * then the others from the end): a section first loses items from its end, and goes when none fit. The marker,
 * heading and summary always stay, and a note says what was cut. Sections are whole or absent, so no `<details>`
 * is left open. The same report always gives the same bytes.
 */
export function renderDiffMarkdown(report: DiffReport, options: DiffMarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const head = headBlocks(report);
  const groupLines = isNoChange(report) ? [] : summaryGroupLines(report);
  const tail = isNoChange(report) ? [] : summaryTailBlocks(report);
  const sections = isNoChange(report) ? [] : detailSections(report);

  const shown = new Map<Section, number>(sections.map((section) => [section, section.total]));
  let groupLinesShown = groupLines.length;
  const compose = (): string => {
    const blocks = [...head];
    if (groupLinesShown > 0) {
      const hidden = groupLines.length - groupLinesShown;
      const more = hidden > 0 ? [`- … and ${plural(hidden, "more segment or tier", "more segments and tiers")}`] : [];
      blocks.push([...groupLines.slice(0, groupLinesShown), ...more].join("\n"));
    }
    blocks.push(...tail);
    const note = cutNote(sections, shown, groupLines.length - groupLinesShown, maxLength);
    if (note) blocks.push(note);
    for (const section of sections) {
      const count = shown.get(section)!;
      if (count > 0) blocks.push(section.render(count));
    }
    return blocks.join("\n\n") + "\n";
  };
  const fits = (text: string): boolean => text.length <= maxLength && utf8Length(text) <= maxLength;

  let text = compose();
  if (fits(text)) return text;
  for (const section of cutOrder(sections)) {
    const kept = largestFitting(section.total, (count) => {
      shown.set(section, count);
      return fits(compose());
    });
    shown.set(section, kept ?? 0);
    text = compose();
    if (fits(text)) return text;
  }
  const keptLines = largestFitting(groupLines.length, (count) => {
    groupLinesShown = count;
    return fits(compose());
  });
  groupLinesShown = keptLines ?? 0;
  text = compose();
  if (fits(text)) return text;
  throw new RangeError(`renderDiffMarkdown: maxLength ${maxLength} leaves no room for the heading and the summary`);
}

/** The largest count below `total` for which `fitsWith` holds (counts are tried in a binary search). */
function largestFitting(total: number, fitsWith: (count: number) => boolean): number | undefined {
  let low = 0;
  let high = total - 1;
  let best: number | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    if (fitsWith(middle)) {
      best = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

// --- heading and summary (never cut) ---------------------------------------------------------------------------

function headBlocks(report: DiffReport): string[] {
  const membership = report.membership;
  const where = `${markdownCode(clip(report.project, HEADING_VALUE_MAX))} against ${markdownCode(clip(report.base, HEADING_VALUE_MAX))}`;
  const plans = report.unchanged
    ? `plan ${markdownCode(shortHash(report.baseHash))} (identical)`
    : `plan ${markdownCode(shortHash(report.baseHash))} → ${markdownCode(shortHash(report.headHash))}`;
  const data = membership
    ? ` · data ${markdownCode(clip(membership.data, HEADING_VALUE_MAX))} (${plural(membership.accounts, "account", "accounts")})`
    : ` · membership not computed (${markdownText(clip(report.membershipNotComputed ?? "no data", HEADING_VALUE_MAX))})`;
  const blocks = [DIFF_COMMENT_MARKER + "\n" + `## segform diff: ${headline(report)}`, `${where} · ${plans}${data}`];
  if (report.baseAbsent)
    blocks.push(
      `> ${markdownCode(clip(report.base, HEADING_VALUE_MAX))} has no ${markdownCode(clip(report.project, HEADING_VALUE_MAX))}: this is the project's first change, compared with an empty base.`,
    );
  if (isNoChange(report)) {
    blocks.push(
      membership
        ? "**No changes**: the compiled plans are identical and no account changes tier or segment."
        : "**No changes**: the compiled plans are identical.",
    );
  }
  return blocks;
}

function headline(report: DiffReport): string {
  if (isNoChange(report)) return "no changes";
  const parts: string[] = [];
  if (report.definitions.length > 0)
    parts.push(plural(report.definitions.length, "definition change", "definition changes"));
  else if (!report.unchanged) parts.push("the plans differ");
  if (report.membership) {
    const { changed, accounts } = report.membership;
    parts.push(
      changed === 0 ? "no account moves" : `${formatCount(changed)} of ${plural(accounts, "account", "accounts")} move`,
    );
  }
  return parts.join(", ");
}

/** `- tier `tier1`: 271 → 312 accounts, +41 / −0`, segments first, each in plan order. */
function summaryGroupLines(report: DiffReport): string[] {
  const membership = report.membership;
  if (!membership) return [];
  const line = (dimension: string, group: GroupChange) =>
    `- ${dimension} ${markdownCode(group.id)}: ${formatCount(group.before)} → ${plural(group.after, "account", "accounts")}, ` +
    `+${formatCount(group.entered)} / −${formatCount(group.left)}`;
  return [
    ...changedGroups(membership.segments).map((group) => line("segment", group)),
    ...changedGroups(membership.tiers).map((group) => line("tier", group)),
  ];
}

function summaryTailBlocks(report: DiffReport): string[] {
  const blocks: string[] = [];
  if (
    report.membership &&
    changedGroups(report.membership.segments).length + changedGroups(report.membership.tiers).length === 0
  ) {
    blocks.push("No account changes tier or segment.");
  }
  const totals = activationTotals(report);
  if (totals) {
    blocks.push(
      `**Activations**: +${formatCount(totals.added)} added, ${formatCount(totals.updated)} updated, −${formatCount(totals.removed)} removed ` +
        `(${plural(totals.activations, "activation", "activations")}, ${plural(totals.destinations, "destination", "destinations")})`,
    );
  }
  const bars = report.quality ? pairBars(report.quality.before, report.quality.after) : [];
  if (bars.length > 0) blocks.push(qualitySummary(bars));
  return blocks;
}

function qualitySummary(pairs: readonly BarPair[]): string {
  const { newlyFailing, newlyPassing } = barMovements(pairs);
  const passingAfter = pairs.filter((pair) => pair.after?.passed).length;
  const declaredAfter = pairs.filter((pair) => pair.after).length;
  const passingBefore = pairs.filter((pair) => pair.before?.passed).length;
  const declaredBefore = pairs.filter((pair) => pair.before).length;
  const parts: string[] = [];
  if (newlyFailing.length > 0)
    parts.push(
      `❌ now failing: ${newlyFailing.map((pair) => `${markdownCode(pair.bar)} (${pair.after!.severity})`).join(", ")}`,
    );
  if (newlyPassing.length > 0)
    parts.push(`✅ now passing: ${newlyPassing.map((pair) => markdownCode(pair.bar)).join(", ")}`);
  const counts = `${formatCount(passingAfter)} of ${formatCount(declaredAfter)} pass`;
  const unchanged = passingAfter === passingBefore && declaredAfter === declaredBefore && parts.length === 0;
  parts.push(
    unchanged
      ? `${counts}, as before`
      : `${counts} (was ${formatCount(passingBefore)} of ${formatCount(declaredBefore)})`,
  );
  return `**Quality bars**: ${parts.join("; ")}`;
}

function cutNote(
  sections: readonly Section[],
  shown: ReadonlyMap<Section, number>,
  hiddenGroupLines: number,
  maxLength: number,
): string | undefined {
  const parts: string[] = [];
  const left = sections.filter((section) => shown.get(section) === 0).map((section) => section.name);
  if (left.length > 0) parts.push(`${left.join(", ")} left out`);
  for (const section of sections) {
    const count = shown.get(section)!;
    if (count > 0 && count < section.total)
      parts.push(`${section.name}: ${formatCount(count)} of ${formatCount(section.total)} shown`);
  }
  if (hiddenGroupLines > 0)
    parts.push(`the summary leaves out ${plural(hiddenGroupLines, "segment or tier", "segments and tiers")}`);
  if (parts.length === 0) return undefined;
  return `> ✂️ **Shortened to fit a GitHub comment (${formatCount(maxLength)} characters)**: ${parts.join("; ")}. Run \`segform diff --format json\` to see everything.`;
}

// --- details sections (cut when over the limit) ----------------------------------------------------------------

interface Section {
  /** What the cut note calls it. */
  name: string;
  /** Items the section can show (changes, rows, transitions); `render(count)` shows the first `count`. */
  total: number;
  render(count: number): string;
}

/** The order sections are cut in: examples, then transitions (the bulk), then the others from the end. */
function cutOrder(sections: readonly Section[]): Section[] {
  const first = ["examples", "transitions"];
  const leading = first.flatMap((name) => sections.filter((section) => section.name === name));
  return [...leading, ...sections.filter((section) => !first.includes(section.name)).reverse()];
}

function detailSections(report: DiffReport): Section[] {
  const sections: Section[] = [];
  if (report.definitions.length > 0) sections.push(definitionsSection(report.definitions));
  if (report.membership) {
    const membership = membershipSection(report.membership);
    if (membership) sections.push(membership);
    const transitions = nonEmptyLargestFirst(report.membership.transitions);
    if (transitions.length > 0) sections.push(transitionsSection(transitions));
    const withExamples = transitions.filter((transition) => transition.examples.length > 0);
    if (withExamples.length > 0) sections.push(examplesSection(withExamples));
  }
  if (report.activations && report.activations.length > 0) sections.push(activationsSection(report.activations));
  const bars = report.quality ? pairBars(report.quality.before, report.quality.after) : [];
  if (bars.length > 0) sections.push(qualitySection(bars));
  return sections;
}

/** `… and 12 more transitions`, under a section that shows only its first items. */
function moreLine(hidden: number, one: string, many: string): string[] {
  return hidden > 0 ? [`*… and ${plural(hidden, one, many)}*`] : [];
}

const KIND_MARK: Record<ChangeKind, string> = { added: "➕", removed: "➖", changed: "✏️", moved: "↕️", renamed: "🏷️" };

function definitionsSection(changes: readonly DefinitionChange[]): Section {
  const items = changes.map((change) =>
    [
      `- ${KIND_MARK[change.kind]} ${markdownText(change.summary)}`,
      ...change.details.map((detail) => `  - ${markdownCode(detail)}`),
    ].join("\n"),
  );
  return {
    name: "definition changes",
    total: items.length,
    render: (count) =>
      detailsBlock(
        `Definition changes (${formatCount(changes.length)})`,
        [items.slice(0, count).join("\n"), ...moreLine(items.length - count, "more change", "more changes")].join(
          "\n\n",
        ),
        changes.length <= OPEN_DEFINITIONS_MAX,
      ),
  };
}

function membershipSection(membership: MembershipDiff): Section | undefined {
  const rows = [
    ...membership.segments.map((group) => ({ table: "Segment", group })),
    ...membership.tiers.map((group) => ({ table: "Tier", group })),
    ...(membership.audiences ?? []).map((group) => ({ table: "Audience", group })),
  ];
  if (rows.length === 0) return undefined;
  return {
    name: "membership tables",
    total: rows.length,
    render: (count) => {
      const kept = rows.slice(0, count);
      const blocks: string[] = [];
      for (const table of ["Segment", "Tier", "Audience"]) {
        const groups = kept.filter((row) => row.table === table).map((row) => row.group);
        if (groups.length > 0) blocks.push(groupTable(table, groups));
      }
      blocks.push(...moreLine(rows.length - count, "more row", "more rows"));
      return detailsBlock(
        `Membership by segment and tier (${plural(membership.changed, "account moves", "accounts move")})`,
        blocks.join("\n\n"),
      );
    },
  };
}

function groupTable(title: string, groups: readonly GroupChange[]): string {
  const rows = groups.map((group) => [
    markdownCode(group.id, true),
    formatCount(group.before),
    formatCount(group.after),
    signed(group.after - group.before),
    `+${formatCount(group.entered)}`,
    `−${formatCount(group.left)}`,
  ]);
  return markdownTable(
    [title, "Before", "After", "Change", "Entered", "Left"],
    ["left", "right", "right", "right", "right", "right"],
    rows,
  );
}

function signed(delta: number): string {
  if (delta > 0) return `+${formatCount(delta)}`;
  if (delta < 0) return `−${formatCount(-delta)}`;
  return "0";
}

/** Transitions with at least one account, largest first (the sort is stable: ties keep the report's order). */
function nonEmptyLargestFirst(transitions: readonly Transition[]): Transition[] {
  return transitions.filter((transition) => transition.count > 0).sort((a, b) => b.count - a.count);
}

function transitionsSection(transitions: readonly Transition[]): Section {
  return {
    name: "transitions",
    total: transitions.length,
    render: (count) => {
      const rows = transitions
        .slice(0, count)
        .map((transition) => [
          transition.dimension,
          markdownCode(transition.from, true),
          markdownCode(transition.to, true),
          formatCount(transition.count),
        ]);
      const table = markdownTable(["Dimension", "From", "To", "Accounts"], ["left", "left", "left", "right"], rows);
      return detailsBlock(
        `Transitions (${formatCount(transitions.length)})`,
        [table, ...moreLine(transitions.length - count, "more transition", "more transitions")].join("\n\n"),
      );
    },
  };
}

function examplesSection(transitions: readonly Transition[]): Section {
  const items = transitions.map((transition) =>
    [
      `**${transition.dimension}** ${markdownCode(transition.from)} → ${markdownCode(transition.to)} (${plural(transition.count, "account", "accounts")})`,
      "",
      ...transition.examples.map((example) => `- ${markdownCode(example.account)}: ${markdownText(example.reason)}`),
    ].join("\n"),
  );
  return {
    name: "examples",
    total: items.length,
    render: (count) =>
      detailsBlock(
        `Example accounts and why they moved (${plural(transitions.length, "transition", "transitions")})`,
        [...items.slice(0, count), ...moreLine(items.length - count, "more transition", "more transitions")].join(
          "\n\n",
        ),
      ),
  };
}

function activationsSection(activations: readonly ActivationImpact[]): Section {
  const rows = activations.map((impact) => [
    markdownCode(impact.activation, true),
    markdownCode(impact.destination, true),
    `+${formatCount(impact.added)}`,
    formatCount(impact.updated),
    `−${formatCount(impact.removed)}`,
    formatCount(impact.unchanged),
  ]);
  return {
    name: "activation impact",
    total: rows.length,
    render: (count) =>
      detailsBlock(
        `Activation impact (${plural(activations.length, "activation", "activations")})`,
        [
          markdownTable(
            ["Activation", "Destination", "Added", "Updated", "Removed", "Unchanged"],
            ["left", "left", "right", "right", "right", "right"],
            rows.slice(0, count),
          ),
          ...moreLine(rows.length - count, "more row", "more rows"),
        ].join("\n\n"),
      ),
  };
}

function qualitySection(pairs: readonly BarPair[]): Section {
  const rows = pairs.map((pair) => {
    const current = (pair.after ?? pair.before)!;
    return [
      markdownCode(pair.bar, true),
      current.severity,
      barCell(pair.before),
      barCell(pair.after),
      barResultCell(pair),
    ];
  });
  return {
    name: "quality bars",
    total: rows.length,
    render: (count) =>
      detailsBlock(
        "Quality bars before → after",
        [
          markdownTable(
            ["Bar", "Severity", "Before", "After", "Result"],
            ["left", "left", "left", "left", "left"],
            rows.slice(0, count),
          ),
          ...moreLine(rows.length - count, "more bar", "more bars"),
        ].join("\n\n"),
      ),
  };
}

function barCell(result: BarResult | undefined): string {
  if (!result) return "—";
  if (result.passed) return "✅ pass";
  return result.severity === "error" ? "❌ fail" : "⚠️ warn";
}

/** The head's message, the base's when it read differently, then the head's failing details. */
function barResultCell(pair: BarPair): string {
  const lines: string[] = [];
  if (pair.after) {
    lines.push(markdownText(pair.after.message));
    if (pair.before && pair.before.message !== pair.after.message)
      lines.push(`was: ${markdownText(pair.before.message)}`);
    if (!pair.after.passed) {
      for (const detail of pair.after.details.filter((item) => !item.passed))
        lines.push(`${markdownText(detail.subject)}: ${markdownText(detail.message)}`);
    }
  } else {
    lines.push(`no longer declared (was: ${markdownText(pair.before!.message)})`);
  }
  return lines.join("<br>");
}
