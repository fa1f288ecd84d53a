import { writeFileAtomic } from "@segform/data";
import { hasChanges, renderPlanMarkdown, renderPlanText, serializeDeployPlan } from "@segform/deploy";
import { canonicalJson } from "@segform/plan";
import { EXIT } from "../errors.js";
import { planDeploy, withDeployErrors, type PlanOptions } from "../deploy.js";
import { projectFile } from "../project.js";
import { writeStdout } from "./run.js";

export interface PlanCommandOptions extends PlanOptions {
  out?: string;
  format?: "text" | "json" | "markdown";
  detailedExitcode?: boolean;
}

/**
 * `segform plan`: what apply would send to each destination (create / update / remove per account, with the
 * reason). `--out` saves the plan for `segform apply PLANFILE`. Exit 0; with --detailed-exitcode 0 no changes,
 * 2 changes present (1 on errors, Terraform's convention).
 */
export async function planCommand(fileArgument: string | undefined, options: PlanCommandOptions): Promise<number> {
  const file = projectFile(fileArgument);
  return withDeployErrors(async () => {
    const { plan } = await planDeploy(file, options);
    if (options.out) writeFileAtomic(options.out, serializeDeployPlan(plan));
    const format = options.format ?? "text";
    await writeStdout(format === "json" ? canonicalJson(plan, 2) + "\n" : format === "markdown" ? renderPlanMarkdown(plan) : renderPlanText(plan));
    if (options.out) process.stderr.write(`wrote ${options.out}; apply it with: segform apply ${options.out}\n`);
    return options.detailedExitcode && hasChanges(plan) ? 2 : EXIT.ok;
  });
}
