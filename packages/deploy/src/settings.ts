import type { FieldValue, Limit } from "./model.js";

/** The deploy settings every destination has, read from the plan's settings (validated by the schema). */
export interface DeploySettings {
  mode: "upsert" | "mirror";
  onExit: "keep" | "clear";
  maxRemovals: number | string;
  maxChanges: number | string;
}

export const DEFAULT_MAX_REMOVALS = "10%";
export const DEFAULT_MAX_CHANGES = "50%";

export function deploySettings(settings: Record<string, FieldValue>): DeploySettings {
  return {
    mode: settings.mode === "mirror" ? "mirror" : "upsert",
    onExit: settings.on_exit === "clear" ? "clear" : "keep",
    maxRemovals: limitSetting(settings.max_removals, DEFAULT_MAX_REMOVALS),
    maxChanges: limitSetting(settings.max_changes, DEFAULT_MAX_CHANGES),
  };
}

function limitSetting(value: FieldValue | undefined, fallback: string): number | string {
  return typeof value === "number" || typeof value === "string" ? value : fallback;
}

/** A limit as a count for a state of `stateRecords` records: a share rounds up (10% of 5 allows 1). */
export function resolveLimit(written: number | string, stateRecords: number): Limit {
  if (typeof written === "number") return { written, allowed: Math.floor(written) };
  const share = Number(written.replace(/%$/, ""));
  return { written, allowed: Math.ceil((share * stateRecords) / 100) };
}

/** Resolves `${env:NAME}` references from the environment; a missing variable is named, its value never shown. */
export function resolveEnv(value: string, env: NodeJS.ProcessEnv, what: string): string {
  return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const resolved = env[name];
    if (resolved === undefined || resolved === "")
      throw new SettingError(
        `${what} needs the environment variable ${name}, which is not set`,
        `export ${name}=... before running segform`,
      );
    return resolved;
  });
}

/** A destination setting that is missing or wrong (exit 2). */
export class SettingError extends Error {
  readonly code = "SEG406";
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
