import { AtomicFileStream } from "@segform/data";
import { deployPlanFileParts, hasChanges, renderPlanMarkdown, renderPlanText } from "@segform/deploy";
import { canonicalJson } from "@segform/plan";
import { EXIT } from "../errors.js";
import { planDeploy, planDeployStreamed, refreshDeploy, withDeployErrors, type PlanOptions } from "../deploy.js";
import { count, projectFile } from "../project.js";
import { io, writeStdout } from "../io.js";
import { envelope } from "../envelope.js";

export interface PlanCommandOptions extends PlanOptions {
  out?: string;
  format?: "text" | "json" | "markdown";
  detailedExitcode?: boolean;
  refreshOnly?: boolean;
  json?: boolean;
}

/**
 * `segform plan`: what apply would send to each destination (create / update / remove per account, with the
 * reason). `--out` saves the plan for `segform apply PLANFILE`. Exit 0; with --detailed-exitcode 0 no changes,
 * 2 changes present (1 on errors, Terraform's convention).
 */
export async function planCommand(fileArgument: string | undefined, options: PlanCommandOptions): Promise<number> {
  const file = projectFile(fileArgument);
  return withDeployErrors(async () => {
    if (options.refreshOnly) return driftCommand(file, options);
    const format = options.format ?? "text";
    if (format !== "json" && !envelope()) return streamedPlanCommand(file, options, format);
    const { plan } = await planDeploy(file, options);
    if (options.out)
      await writePlanFile(options.out, async (out) => {
        for (const part of deployPlanFileParts(plan)) await out.write(part);
      });
    const json = envelope();
    if (json) {
      json.result = JSON.parse(canonicalJson(plan));
      if (options.detailedExitcode && hasChanges(plan)) json.ok = true;
      return options.detailedExitcode && hasChanges(plan) ? 2 : EXIT.ok;
    }
    await writeStdout(
      format === "json"
        ? canonicalJson(plan, 2) + "\n"
        : format === "markdown"
          ? renderPlanMarkdown(plan)
          : renderPlanText(plan),
    );
    if (options.out) io().stderr.write(`wrote ${options.out}; apply it with: segform apply ${options.out}\n`);
    return options.detailedExitcode && hasChanges(plan) ? 2 : EXIT.ok;
  });
}

/**
 * The text and markdown views with bounded memory: the plan's actions go to temporary files as they are decided
 * and from there to the plan file; the views need only the counts and the first few actions of each kind. (The
 * JSON views hold the whole plan.)
 */
async function streamedPlanCommand(
  file: string,
  options: PlanCommandOptions,
  format: "text" | "markdown",
): Promise<number> {
  const { streamed } = await planDeployStreamed(file, options);
  try {
    const { plan } = streamed;
    if (options.out) await writePlanFile(options.out, (out) => streamed.write(out));
    await writeStdout(format === "markdown" ? renderPlanMarkdown(plan) : renderPlanText(plan, streamed.retried));
    if (options.out) io().stderr.write(`wrote ${options.out}; apply it with: segform apply ${options.out}\n`);
    return options.detailedExitcode && hasChanges(plan) ? 2 : EXIT.ok;
  } finally {
    await streamed.close();
  }
}

const SHOWN_DRIFT = 10;

/** `segform plan --refresh-only`: records edited, removed or added by hand at the destinations since the last apply. */
async function driftCommand(file: string, options: PlanCommandOptions): Promise<number> {
  const { reports, unreadable } = await refreshDeploy(file, options);
  const drifted = reports.some((report) => report.drifted.length);
  const json = envelope();
  if (json) {
    json.result = JSON.parse(canonicalJson({ drift: reports, unreadable }));
    if (options.detailedExitcode && drifted) json.ok = true;
  } else if (options.format === "json") {
    await writeStdout(canonicalJson({ drift: reports, unreadable }, 2) + "\n");
  } else {
    const lines: string[] = [];
    for (const report of reports) {
      lines.push(
        `${report.destination}: ${report.drifted.length ? `${count(report.drifted.length, "record")} drifted` : "no drift"} (${count(report.checked, "record")} in state)`,
      );
      for (const record of report.drifted.slice(0, SHOWN_DRIFT)) {
        const fields = record.fields
          ?.map((f) => `${f.field} ${JSON.stringify(f.sent)} -> ${JSON.stringify(f.found)}`)
          .join(", ");
        lines.push(`  ${record.kind} ${record.key}${fields ? `: ${fields}` : ""}`);
      }
      if (report.drifted.length > SHOWN_DRIFT)
        lines.push(`  … and ${count(report.drifted.length - SHOWN_DRIFT, "more")}`);
      for (const note of report.notes ?? []) lines.push(`  note: ${note}`);
    }
    for (const name of unreadable) lines.push(`${name}: cannot be read back (drift is not checked for this type)`);
    if (drifted)
      lines.push(
        "",
        "segform apply --refresh-only accepts these values into state; segform apply puts segform's values back.",
      );
    await writeStdout(lines.join("\n") + "\n");
  }
  return options.detailedExitcode && drifted ? 2 : EXIT.ok;
}

/** Writes the plan file atomically, part by part (a large plan is not joined into one more string first). */
/** Writes a plan file atomically: `write` puts its bytes (`deployPlanFileParts`, or a streamed plan's). */
async function writePlanFile(path: string, write: (out: AtomicFileStream) => Promise<void>): Promise<void> {
  const out = new AtomicFileStream(path);
  try {
    await write(out);
    await out.commit();
  } catch (error) {
    out.abort();
    throw error;
  }
}
