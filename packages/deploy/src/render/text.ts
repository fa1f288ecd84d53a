import type { Action, DeployPlan, DestinationPlan } from "../model.js";

/** Actions shown per kind and destination in the human and markdown views. */
export const SHOWN_PER_KIND = 5;

const SIGN = { create: "+", update: "~", remove: "-" } as const;

export function countText(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

export function totals(plan: DeployPlan): { create: number; update: number; remove: number } {
  const total = { create: 0, update: 0, remove: 0 };
  for (const destination of plan.destinations) {
    total.create += destination.counts.create;
    total.update += destination.counts.update;
    total.remove += destination.counts.remove;
  }
  return total;
}

export function hasChanges(plan: DeployPlan): boolean {
  const total = totals(plan);
  return total.create + total.update + total.remove > 0;
}

export function firstOfEach(destination: DestinationPlan): Action[] {
  const shown: Action[] = [];
  for (const kind of ["create", "update", "remove"] as const)
    shown.push(...destination.actions.filter((action) => action.action === kind).slice(0, SHOWN_PER_KIND));
  return shown;
}

export function modeText(destination: DestinationPlan): string {
  return destination.mode === "mirror" ? "mirror" : `upsert, on exit ${destination.onExit}`;
}

/**
 * The human view: per destination the counts and the first few accounts of each action with the reason. `retried`
 * counts each destination's retried actions when `plan` holds only the first few (`buildStreamedPlan`).
 */
export function renderPlanText(plan: DeployPlan, retriedCounts?: ReadonlyMap<string, number>): string {
  const lines: string[] = [];
  lines.push(
    `Deploy plan${plan.project ? ` for ${plan.project}` : ""} (definitions ${short(plan.definitions)}, data ${dataText(plan.data)}, as of ${plan.asOf})`,
  );
  for (const destination of plan.destinations) {
    const { counts } = destination;
    lines.push("");
    lines.push(
      `${destination.name} (${destination.type}, ${modeText(destination)}; state serial ${destination.state.serial}, ${countText(destination.stateRecords, "record")})`,
    );
    lines.push(
      `  ${counts.create} to create, ${counts.update} to update, ${counts.remove} to remove, ${counts.unchanged} unchanged`,
    );
    const retried = retriedCounts?.get(destination.name) ?? destination.actions.filter((action) => action.retry).length;
    if (retried) lines.push(`  ${countText(retried, "record")} rejected last time, retried first`);
    for (const action of firstOfEach(destination))
      lines.push(`  ${SIGN[action.action]} ${action.key}  ${action.reason}`);
    for (const kind of ["create", "update", "remove"] as const) {
      const more = destination.counts[kind] - Math.min(destination.counts[kind], SHOWN_PER_KIND);
      if (more > 0) lines.push(`  … and ${countText(more, `more ${kind}`)}`);
    }
    for (const problem of destination.guard.exceeded)
      lines.push(`  ! mass-change guard: ${problem}; apply needs --allow-mass-change ${destination.name}`);
  }
  for (const skipped of plan.skipped) {
    lines.push("");
    lines.push(`${skipped.name} (${skipped.type}): skipped: ${skipped.reason}`);
  }
  const total = totals(plan);
  lines.push("");
  lines.push(
    hasChanges(plan)
      ? `Plan: ${total.create} to create, ${total.update} to update, ${total.remove} to remove.`
      : plan.destinations.length === 0 && plan.skipped.length > 0
        ? "Nothing planned: every destination was skipped (see above)."
        : "No changes: the destinations hold what the definitions ask for.",
  );
  return lines.join("\n") + "\n";
}

/** The markdown view, for a pull-request comment. */
export function renderPlanMarkdown(plan: DeployPlan): string {
  const lines: string[] = [];
  const total = totals(plan);
  lines.push(`### segform deploy plan${plan.project ? `: ${plan.project}` : ""}`);
  lines.push("");
  lines.push(
    hasChanges(plan)
      ? `**${total.create}** to create, **${total.update}** to update, **${total.remove}** to remove.`
      : "No changes.",
  );
  lines.push("");
  lines.push("| Destination | Type | Mode | Create | Update | Remove | Unchanged | Guard |");
  lines.push("|---|---|---|---:|---:|---:|---:|---|");
  for (const d of plan.destinations) {
    const guard = d.guard.exceeded.length ? `⚠ ${escape(d.guard.exceeded.join("; "))}` : "ok";
    lines.push(
      `| ${escape(d.name)} | ${d.type} | ${modeText(d)} | ${d.counts.create} | ${d.counts.update} | ${d.counts.remove} | ${d.counts.unchanged} | ${guard} |`,
    );
  }
  for (const s of plan.skipped)
    lines.push(`| ${escape(s.name)} | ${s.type} | skipped: ${escape(s.reason)} | | | | | |`);
  for (const d of plan.destinations) {
    const shown = firstOfEach(d);
    if (!shown.length) continue;
    lines.push("");
    lines.push(`<details><summary>${escape(d.name)}: first changes</summary>`);
    lines.push("");
    lines.push("| | Account | Why |");
    lines.push("|---|---|---|");
    for (const action of shown)
      lines.push(`| ${action.action} | \`${escape(action.key)}\` | ${escape(action.reason)} |`);
    lines.push("");
    lines.push("</details>");
  }
  lines.push("");
  lines.push(
    `<sub>definitions ${short(plan.definitions)} · data ${dataText(plan.data)} · plan ${short(plan.hash)}</sub>`,
  );
  return lines.join("\n") + "\n";
}

/** The data's short hash; no hash when no destination was planned (every one skipped: the data is not read). */
function dataText(hash: string): string {
  return hash ? short(hash) : "not read";
}

function short(hash: string): string {
  return hash.replace(/^sha256:/, "").slice(0, 12);
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/\n/g, " ");
}
