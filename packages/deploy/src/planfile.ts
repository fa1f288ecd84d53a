import { canonicalJson } from "@segform/plan";
import { DeployError } from "./errors.js";
import { sha256 } from "./hash.js";
import { DEPLOY_PLAN_FORMAT, DEPLOY_PLAN_VERSION, type DeployPlan, type UnhashedDeployPlan } from "./model.js";

/** sha256 of the canonical JSON of everything but the hash. */
export function deployPlanHash(plan: UnhashedDeployPlan | DeployPlan): string {
  const { hash: _ignored, ...rest } = plan as DeployPlan;
  return "sha256:" + sha256(canonicalJson(rest));
}

export function withDeployHash(plan: UnhashedDeployPlan): DeployPlan {
  return { ...plan, hash: deployPlanHash(plan) };
}

/** The plan file: canonical JSON (sorted keys, no timestamps), so the same inputs give the same bytes. */
export function serializeDeployPlan(plan: DeployPlan): string {
  return canonicalJson(plan) + "\n";
}

/**
 * Reads a plan file, refusing one that is not segform's, truncated, edited by hand (its hash no longer matches),
 * from another version, or (when `project` is given) from another project.
 */
export function parseDeployPlan(text: string, file: string, expect?: { project: string | null }): DeployPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new DeployError("SEG401", `${file} is not a segform deploy plan (not JSON, or truncated)`, "write a plan with segform plan --out FILE and apply that file unchanged");
  }
  const plan = data as DeployPlan;
  if (plan === null || typeof plan !== "object" || Array.isArray(plan) || plan.format !== DEPLOY_PLAN_FORMAT) {
    throw new DeployError("SEG401", `${file} is not a segform deploy plan`, "write a plan with segform plan --out FILE");
  }
  if (plan.version !== DEPLOY_PLAN_VERSION) {
    throw new DeployError("SEG402", `${file} is a deploy plan of version ${String(plan.version)}; this segform reads version ${DEPLOY_PLAN_VERSION}`, "plan again with this version of segform");
  }
  if (typeof plan.hash !== "string" || plan.hash !== deployPlanHash(plan)) {
    throw new DeployError("SEG401", `${file} does not match its hash: it was edited or damaged after segform wrote it`, "plan again; a plan is applied exactly as written");
  }
  if (expect && plan.project !== expect.project) {
    throw new DeployError("SEG402", `${file} is a plan for project ${JSON.stringify(plan.project)}, not ${JSON.stringify(expect.project)}`, "apply it in the project it was planned for");
  }
  return plan;
}
