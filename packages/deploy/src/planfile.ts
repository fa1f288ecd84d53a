import { canonicalJson } from "@segform/plan";
import { DeployError } from "./errors.js";
import { flatCanonicalJson, sha256 } from "./hash.js";
import {
  DEPLOY_PLAN_FORMAT,
  DEPLOY_PLAN_VERSION,
  type Action,
  type DeployPlan,
  type DestinationPlan,
  type UnhashedDeployPlan,
} from "./model.js";

/** sha256 of the canonical JSON of everything but the hash. */
export function deployPlanHash(plan: UnhashedDeployPlan | DeployPlan): string {
  const { hash: _ignored, ...rest } = plan as DeployPlan;
  return "sha256:" + sha256(canonicalPlanJson(rest));
}

/** The canonical JSON of each hashed plan, kept so that writing the file does not serialise it again. */
const bodies = new WeakMap<DeployPlan, string>();

export function withDeployHash(plan: UnhashedDeployPlan): DeployPlan {
  const body = canonicalPlanJson(plan);
  const hashed = { ...plan, hash: "sha256:" + sha256(body) };
  bodies.set(hashed, body);
  return hashed;
}

/** Where the hash sits in a plan file: after `format` (keys are sorted; nothing after `format` has one). */
const FORMAT_MEMBER = `"format":${JSON.stringify(DEPLOY_PLAN_FORMAT)},`;

/** The plan file: canonical JSON (sorted keys, no timestamps), so the same inputs give the same bytes. */
export function serializeDeployPlan(plan: DeployPlan): string {
  return deployPlanFileParts(plan).join("");
}

/**
 * The plan file's bytes in a few parts whose concatenation is `serializeDeployPlan`: written one after the other,
 * a large plan is not copied into one more string of its size.
 */
export function deployPlanFileParts(plan: DeployPlan): string[] {
  const body = bodies.get(plan);
  bodies.delete(plan); // written once: do not keep a second copy of a large plan alive
  if (body === undefined || deployPlanHashOfBody(body) !== plan.hash) return [canonicalJson(plan) + "\n"];
  const at = body.lastIndexOf(FORMAT_MEMBER) + FORMAT_MEMBER.length;
  return [body.slice(0, at), `"hash":${JSON.stringify(plan.hash)},`, body.slice(at), "\n"];
}

function deployPlanHashOfBody(body: string): string {
  return "sha256:" + sha256(body);
}

/**
 * `canonicalJson` of a plan without its hash, built without deep-copying the actions (the bulk of a plan): each
 * action's members are written in sorted order directly. The bytes are those `canonicalJson` gives.
 */
export function canonicalPlanJson(plan: UnhashedDeployPlan): string {
  const { hash: _ignored, ...rest } = plan as DeployPlan;
  const destinations = plan.destinations.map(destinationJson);
  const shell = canonicalJson({ ...rest, destinations: [] });
  const empty = `"destinations":[]`;
  const at = shell.indexOf(empty);
  return shell.slice(0, at) + `"destinations":[` + destinations.join(",") + "]" + shell.slice(at + empty.length);
}

function destinationJson(destination: DestinationPlan): string {
  const shell = canonicalJson({ ...destination, actions: [] });
  const empty = `{"actions":[]`;
  if (!shell.startsWith(empty)) throw new Error("canonicalPlanJson: unexpected destination shape");
  let actions = "";
  for (let i = 0; i < destination.actions.length; i++) actions += (i ? "," : "") + actionJson(destination.actions[i]!);
  return `{"actions":[` + actions + "]" + shell.slice(empty.length);
}

/** One action's canonical JSON: members in sorted order, undefined ones left out. */
function actionJson(action: Action): string {
  let out = `{"action":${JSON.stringify(action.action)}`;
  if (action.changed !== undefined) out += `,"changed":${JSON.stringify(action.changed)}`;
  if (action.effect !== undefined) out += `,"effect":${JSON.stringify(action.effect)}`;
  out += `,"hash":${JSON.stringify(action.hash)},"id":${JSON.stringify(action.id)},"key":${JSON.stringify(action.key)}`;
  if (action.previous !== undefined) out += `,"previous":${flatCanonicalJson(action.previous)}`;
  out += `,"reason":${JSON.stringify(action.reason)}`;
  if (action.retry !== undefined) out += `,"retry":${JSON.stringify(action.retry)}`;
  out += `,"segment":${JSON.stringify(action.segment)},"tier":${JSON.stringify(action.tier)},"values":${flatCanonicalJson(action.values)}}`;
  return out;
}

/**
 * Checks a plan file's hash from its text: a file segform wrote is canonical JSON, so removing the hash member
 * gives exactly the bytes that were hashed (no second serialisation of a large plan).
 */
function hashMatchesText(text: string, hash: string): boolean {
  const member = FORMAT_MEMBER + `"hash":${JSON.stringify(hash)},`;
  const at = text.lastIndexOf(member);
  if (at < 0 || !text.endsWith("\n")) return false;
  const body = text.slice(0, at + FORMAT_MEMBER.length) + text.slice(at + member.length, text.length - 1);
  return deployPlanHashOfBody(body) === hash;
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
    throw new DeployError(
      "SEG401",
      `${file} is not a segform deploy plan (not JSON, or truncated)`,
      "write a plan with segform plan --out FILE and apply that file unchanged",
    );
  }
  const plan = data as DeployPlan;
  if (plan === null || typeof plan !== "object" || Array.isArray(plan) || plan.format !== DEPLOY_PLAN_FORMAT) {
    throw new DeployError(
      "SEG401",
      `${file} is not a segform deploy plan`,
      "write a plan with segform plan --out FILE",
    );
  }
  if (plan.version !== DEPLOY_PLAN_VERSION) {
    throw new DeployError(
      "SEG402",
      `${file} is a deploy plan of version ${String(plan.version)}; this segform reads version ${DEPLOY_PLAN_VERSION}`,
      "plan again with this version of segform",
    );
  }
  if (typeof plan.hash !== "string" || !(hashMatchesText(text, plan.hash) || plan.hash === deployPlanHash(plan))) {
    throw new DeployError(
      "SEG401",
      `${file} does not match its hash: it was edited or damaged after segform wrote it`,
      "plan again; a plan is applied exactly as written",
    );
  }
  if (expect && plan.project !== expect.project) {
    throw new DeployError(
      "SEG402",
      `${file} is a plan for project ${JSON.stringify(plan.project)}, not ${JSON.stringify(expect.project)}`,
      "apply it in the project it was planned for",
    );
  }
  return plan;
}
