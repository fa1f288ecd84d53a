import { parseIsoDay } from "@segform/plan";
import type { ResolvedSpec } from "@segform/compiler";
import { CliError, EXIT } from "./errors.js";

/** The reference date: --as-of, else the project's as_of, else today's UTC date. */
export function resolveAsOf(
  option: string | undefined,
  resolved: ResolvedSpec,
  now: () => Date = () => new Date(),
): string {
  return checkAsOf(option ?? resolved.asOf?.value ?? now().toISOString().slice(0, 10));
}

/** A reference date, checked: YYYY-MM-DD and a real day, else a usage error (exit 2). */
export function checkAsOf(value: string): string {
  if (parseIsoDay(value) === null) {
    throw new CliError(EXIT.usage, `invalid --as-of date "${value}"`, "use YYYY-MM-DD, e.g. --as-of 2026-11-01");
  }
  return value;
}
