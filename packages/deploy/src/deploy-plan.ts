import type { Plan } from "@segform/plan";
import { ADAPTERS } from "./adapters/index.js";
import type { DesiredRecords } from "./desired.js";
import { DeployError } from "./errors.js";
import {
  DEPLOY_PLAN_FORMAT,
  DEPLOY_PLAN_VERSION,
  type DeployPlan,
  type FieldValue,
  type SkippedDestination,
} from "./model.js";
import { withDeployHash } from "./planfile.js";
import { overlayOf } from "./journal.js";
import { DestinationPlanner, planDestination, type DestinationState } from "./planner.js";
import type { StateBackend } from "./state/backend.js";

export interface SelectedDestination {
  name: string;
  type: string;
  settings: Record<string, FieldValue>;
}

/**
 * The destinations a plan deploys to: those named with `--destination` (all by default). A destination whose type
 * has no adapter yet is skipped with a reason, unless it was named explicitly (then: SEG400, exit 2); settings an
 * adapter cannot work with are SEG406 (exit 2).
 */
export function selectDestinations(
  plan: Plan,
  only: readonly string[] = [],
): { selected: SelectedDestination[]; skipped: SkippedDestination[] } {
  for (const name of only) {
    if (!plan.destinations.some((destination) => destination.name === name)) {
      throw new DeployError(
        "SEG400",
        `no destination named ${name}`,
        `declared: ${plan.destinations.map((d) => d.name).join(", ") || "none"}`,
        2,
      );
    }
  }
  const selected: SelectedDestination[] = [];
  const skipped: SkippedDestination[] = [];
  for (const destination of plan.destinations) {
    if (only.length && !only.includes(destination.name)) continue;
    const adapter = ADAPTERS[destination.type];
    if (!adapter) {
      const reason = `type ${destination.type} has no deploy adapter yet (supported: ${Object.keys(ADAPTERS).sort().join(", ")})`;
      if (only.includes(destination.name))
        throw new DeployError(
          "SEG400",
          `destination ${destination.name}: ${reason}`,
          "deploy to a supported destination, or leave this one out",
          2,
        );
      skipped.push({ name: destination.name, type: destination.type, reason });
      continue;
    }
    const unconfigured = adapter.unconfigured?.(destination.settings);
    if (unconfigured) {
      const reason = `not set up for deploy: ${unconfigured}`;
      if (only.includes(destination.name))
        throw new DeployError(
          "SEG420",
          `destination ${destination.name} (type ${destination.type}): ${reason}`,
          "add the settings (README: Deploying), or leave this destination out",
          2,
        );
      skipped.push({ name: destination.name, type: destination.type, reason, code: "SEG420" });
      continue;
    }
    const problems = adapter.check(destination.settings);
    if (problems.length)
      throw new DeployError(
        "SEG406",
        `destination ${destination.name} (type ${destination.type}): ${problems.join("; ")}`,
        "fix the destination in the definitions",
        2,
      );
    selected.push({ name: destination.name, type: destination.type, settings: destination.settings });
  }
  return { selected, skipped };
}

export interface DeployPlanInput {
  definitions: Plan;
  desired: DesiredRecords;
  selected: SelectedDestination[];
  skipped: SkippedDestination[];
  states: Map<string, DestinationState>;
  /** sha256 of the account data. */
  data: string;
  asOf: string;
  /** The definitions' directory, relative to the working directory (relative paths in settings start there). */
  root: string;
}

/** Assembles the deploy plan (pure): one planned destination per selected destination, then the hash. */
export function buildDeployPlan(input: DeployPlanInput): DeployPlan {
  const destinations = input.selected.map((destination) =>
    planDestination({
      ...destination,
      definitions: input.definitions.hash,
      desired: input.desired.records(destination.name),
      state: input.states.get(destination.name)!,
      whereabouts: input.desired.whereabouts,
    }),
  );
  return sealed(input, destinations);
}

/** The plan around its destinations (what apply checks it against), hashed. */
function sealed(input: Omit<DeployPlanInput, "states">, destinations: DeployPlan["destinations"]): DeployPlan {
  return withDeployHash(planFrame(input, destinations));
}

/** The plan around its destinations, before its hash (the streamed plan hashes it with its spooled actions). */
export function planFrame(
  input: Pick<DeployPlanInput, "definitions" | "data" | "asOf" | "root" | "skipped">,
  destinations: DeployPlan["destinations"],
): Omit<DeployPlan, "hash"> {
  return {
    format: DEPLOY_PLAN_FORMAT,
    version: DEPLOY_PLAN_VERSION,
    project: input.definitions.name,
    definitions: input.definitions.hash,
    data: input.data,
    asOf: input.asOf,
    root: input.root,
    destinations,
    skipped: input.skipped,
  };
}

export interface StreamedDeployPlanInput extends Omit<DeployPlanInput, "states"> {
  backend: StateBackend;
}

/**
 * The deploy plan against stored state, streamed: per destination the state's head, then its records in key order
 * merged with the desired records (sorted in memory). Memory grows with the accounts, not with the state.
 */
export async function buildDeployPlanFromState(input: StreamedDeployPlanInput): Promise<DeployPlan> {
  const destinations = [];
  for (const destination of input.selected) {
    const head = await input.backend.head(destination.name);
    const planner = new DestinationPlanner({
      ...destination,
      definitions: input.definitions.hash,
      desired: input.desired.sorted(destination.name),
      point: head.point,
      failed: head.failed,
      whereabouts: input.desired.whereabouts,
    });
    for await (const record of input.backend.scan(destination.name, overlayOf(head.pending))) planner.held(record);
    destinations.push(planner.finish());
  }
  return sealed(input, destinations);
}
