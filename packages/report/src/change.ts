import type { TopLevelSpec } from "vega-lite";
import type { DefinitionChange, DiffReport, GroupChange, Transition } from "@segform/diff";
import type { BarResult } from "@segform/testing";
import { PALETTE, renderChart, renderTable, type Chart } from "./charts.js";
import { escapeHtml, formatCount, formatShare, plural } from "./format.js";
import { renderPage, statusBadge, type Section } from "./page.js";

const WIDTH = 560;

/**
 * `segform diff --format html`: what a change does, as a page. The model is the diff's own report (the same one
 * the terminal, markdown and JSON views render), so the page never says something the PR comment does not.
 */
export async function renderChangeReport(report: DiffReport): Promise<string> {
  const sections: Section[] = [{ id: "summary", title: "Summary", body: summary(report) }];
  sections.push({
    id: "definitions",
    title: "Definition changes",
    body: definitionsSection(report.definitions, report.unchanged),
  });
  const membership = report.membership;
  if (membership) {
    sections.push({
      id: "sizes",
      title: "Before and after",
      body:
        (await renderChart(
          beforeAfterChart("segment-sizes", "Segment sizes before and after", "Segment", membership.segments),
        )) +
        "\n" +
        (await renderChart(beforeAfterChart("tier-sizes", "Tier sizes before and after", "Tier", membership.tiers))),
    });
    sections.push({
      id: "transitions",
      title: "Where accounts move",
      body:
        (await renderChart(transitionChart("segment", "Segment", membership.segments, membership.transitions))) +
        "\n" +
        (await renderChart(transitionChart("tier", "Tier", membership.tiers, membership.transitions))),
    });
    sections.push({
      id: "examples",
      title: "Example accounts, with reasons",
      body: examplesSection(membership.transitions),
    });
  }
  if (report.activations?.length)
    sections.push({ id: "activations", title: "Activations", body: activationsSection(report) });
  if (report.quality)
    sections.push({
      id: "bars",
      title: "Quality bars before and after",
      body: barsSection(report.quality.before, report.quality.after),
    });
  const meta: [string, string][] = [
    ["definitions", report.project],
    ["base", report.base],
    ["base plan", report.baseAbsent ? "(none: first version)" : report.baseHash],
    ["head plan", report.headHash],
    ["data", membership?.data ?? "none"],
  ];
  return renderPage("segform diff", `${report.project} against ${report.base}`, meta, sections);
}

function summary(report: DiffReport): string {
  const cards: [string, string][] = [["definition changes", formatCount(report.definitions.length)]];
  const membership = report.membership;
  if (membership) {
    cards.push(["accounts", formatCount(membership.accounts)]);
    cards.push([
      "changed segment or tier",
      `${formatCount(membership.changed)} (${formatShare(membership.accounts ? membership.changed / membership.accounts : Number.NaN)})`,
    ]);
  }
  if (report.activations) {
    const added = report.activations.reduce((total, impact) => total + impact.added, 0);
    const removed = report.activations.reduce((total, impact) => total + impact.removed, 0);
    cards.push(["activation records added / removed", `${formatCount(added)} / ${formatCount(removed)}`]);
  }
  const list = `<ul class="cards">${cards.map(([label, value]) => `<li><span class="value">${escapeHtml(value)}</span><span class="label">${escapeHtml(label)}</span></li>`).join("")}</ul>`;
  const notes: string[] = [];
  if (report.unchanged)
    notes.push("The compiled plans are identical: this change only touches comments, formatting or layout.");
  if (report.baseAbsent) notes.push(`The base ${report.base} has no definitions file: everything is new.`);
  if (report.membershipNotComputed) notes.push(`Membership was not computed: ${report.membershipNotComputed}.`);
  return list + notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join("\n");
}

function definitionsSection(changes: DefinitionChange[], unchanged: boolean): string {
  if (!changes.length)
    return `<p class="note">${unchanged ? "No definition changes." : "No semantic definition changes."}</p>`;
  const items = changes.map((change) => {
    const details = change.details.length
      ? `<ul>${change.details.map((detail) => `<li><code>${escapeHtml(detail)}</code></li>`).join("")}</ul>`
      : "";
    return `<li><strong>${escapeHtml(change.kind)}</strong> ${escapeHtml(change.summary)}${details}</li>`;
  });
  return `<ul class="changes">\n${items.join("\n")}\n</ul>`;
}

function beforeAfterChart(id: string, title: string, noun: string, groups: GroupChange[]): Chart {
  const values = groups.flatMap((group) => [
    { group: group.id, side: "before", accounts: group.before },
    { group: group.id, side: "after", accounts: group.after },
  ]);
  const moved = groups.filter((group) => group.before !== group.after);
  return {
    id,
    title,
    description: moved.length
      ? `${moved.map((group) => `${group.id} ${formatCount(group.before)} → ${formatCount(group.after)}`).join(", ")}; ${plural(groups.length - moved.length, noun.toLowerCase())} keep their size.`
      : `No ${noun.toLowerCase()} changes size.`,
    spec: {
      width: WIDTH,
      height: { step: 12 },
      data: { values },
      mark: "bar",
      encoding: {
        y: { field: "group", type: "nominal", sort: null, title: null },
        yOffset: { field: "side", sort: ["before", "after"] },
        x: { field: "accounts", type: "quantitative", title: "Accounts", axis: { tickMinStep: 1, format: "~s" } },
        color: {
          field: "side",
          type: "nominal",
          scale: { domain: ["before", "after"], range: [PALETTE[7], PALETTE[0]] },
          title: null,
          legend: { orient: "bottom" },
        },
      },
    } as unknown as TopLevelSpec,
    table: {
      columns: [noun, "Before", "After", "Change", "Entered", "Left"],
      rows: groups.map((group) => [
        group.id,
        formatCount(group.before),
        formatCount(group.after),
        signed(group.after - group.before),
        formatCount(group.entered),
        formatCount(group.left),
      ]),
      numeric: [1, 2, 3, 4, 5],
    },
  };
}

/** From (rows) x to (columns): the diagonal holds the accounts that stayed, the rest the transitions. */
function transitionChart(
  dimension: "segment" | "tier",
  noun: string,
  groups: GroupChange[],
  transitions: Transition[],
): Chart {
  const ids = groups.map((group) => group.id);
  for (const transition of transitions) {
    if (transition.dimension !== dimension) continue;
    if (!ids.includes(transition.from)) ids.push(transition.from);
    if (!ids.includes(transition.to)) ids.push(transition.to);
  }
  const cells = new Map<string, number>();
  for (const group of groups) cells.set(`${group.id}\u0000${group.id}`, group.before - group.left);
  for (const transition of transitions)
    if (transition.dimension === dimension) cells.set(`${transition.from}\u0000${transition.to}`, transition.count);
  const values = ids.flatMap((from) =>
    ids.map((to) => ({ from, to, accounts: cells.get(`${from}\u0000${to}`) ?? 0, moved: from !== to })),
  );
  const moving = transitions.filter((transition) => transition.dimension === dimension);
  const movers = moving.reduce((total, transition) => total + transition.count, 0);
  const max = Math.max(1, ...values.filter((value) => value.moved).map((value) => value.accounts));
  return {
    id: `transitions-${dimension}`,
    title: `${noun} transitions: from (rows) → to (columns)`,
    description: movers
      ? `${plural(movers, "account")} change ${noun.toLowerCase()}; the largest moves: ${moving
          .slice(0, 3)
          .map((transition) => `${transition.from} → ${transition.to} ${formatCount(transition.count)}`)
          .join(", ")}. The diagonal (outlined) holds the accounts that stay.`
      : `No account changes ${noun.toLowerCase()}.`,
    spec: {
      width: { step: Math.max(48, Math.min(96, Math.floor(WIDTH / Math.max(1, ids.length)))) },
      height: { step: 26 },
      data: {
        values: values.map((value) => ({
          ...value,
          label: formatCount(value.accounts),
          shade: value.moved ? value.accounts : 0,
        })),
      },
      encoding: {
        x: {
          field: "to",
          type: "nominal",
          sort: ids,
          title: `To (${noun.toLowerCase()} after)`,
          axis: { labelAngle: -30, orient: "top" },
        },
        // The y title would collide with the x labels on top; the figure's title says rows are "from".
        y: { field: "from", type: "nominal", sort: ids, title: null },
      },
      layer: [
        {
          mark: { type: "rect", strokeWidth: 2 },
          encoding: {
            color: {
              field: "shade",
              type: "quantitative",
              scale: { scheme: "oranges", domain: [0, max] },
              title: "Moved",
            },
            stroke: { condition: { test: "!datum.moved", value: "#0072B2" }, value: null },
          },
        },
        {
          mark: { type: "text", fontSize: 11 },
          encoding: {
            text: { field: "label" },
            color: {
              condition: { test: `datum.moved && datum.shade > ${max / 2}`, value: "#ffffff" },
              value: "#000000",
            },
          },
        },
      ],
    } as unknown as TopLevelSpec,
    table: {
      columns: ["From \\ To", ...ids],
      rows: ids.map((from) => [from, ...ids.map((to) => formatCount(cells.get(`${from}\u0000${to}`) ?? 0))]),
      numeric: ids.map((_, index) => index + 1),
    },
  };
}

function examplesSection(transitions: Transition[]): string {
  const withExamples = transitions.filter((transition) => transition.examples.length);
  if (!withExamples.length) return `<p class="note">No account changes segment or tier.</p>`;
  const rows = withExamples.flatMap((transition) =>
    transition.examples.map((example) => [
      transition.dimension,
      `${transition.from} → ${transition.to}`,
      formatCount(transition.count),
      example.account,
      example.reason,
    ]),
  );
  const more = transitions.length - withExamples.length;
  const note = more > 0 ? `<p class="note">${plural(more, "smaller transition")} not shown with examples.</p>` : "";
  return (
    renderTable(
      { columns: ["Dimension", "Move", "Accounts moving", "Example account", "Why"], rows, numeric: [2] },
      "Example accounts per transition",
    ) + note
  );
}

function activationsSection(report: DiffReport): string {
  return renderTable(
    {
      columns: ["Activation", "Destination", "Added", "Updated", "Removed", "Unchanged"],
      rows: report.activations!.map((impact) => [
        impact.activation,
        impact.destination,
        formatCount(impact.added),
        formatCount(impact.updated),
        formatCount(impact.removed),
        formatCount(impact.unchanged),
      ]),
      numeric: [2, 3, 4, 5],
    },
    "Activation impact",
  );
}

function barsSection(before: BarResult[], after: BarResult[]): string {
  const names = [...before.map((bar) => bar.bar)];
  for (const bar of after) if (!names.includes(bar.bar)) names.push(bar.bar);
  const cell = (bar: BarResult | undefined) =>
    bar
      ? `${statusBadge(bar.skipped ? "skip" : bar.passed ? "pass" : bar.severity === "warn" ? "warn" : "fail")} ${escapeHtml(bar.message)}`
      : `<span class="note">not declared</span>`;
  const rows = names.map(
    (name) =>
      `<tr><th scope="row"><code>${escapeHtml(name)}</code></th><td>${cell(before.find((bar) => bar.bar === name))}</td><td>${cell(after.find((bar) => bar.bar === name))}</td></tr>`,
  );
  return `<table class="bars"><caption class="visually-hidden">Quality bars before and after</caption><thead><tr><th scope="col">Bar</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>\n<tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function signed(value: number): string {
  return value > 0 ? `+${formatCount(value)}` : value < 0 ? `−${formatCount(-value)}` : "0";
}
