import { DeployError } from "../errors.js";
import type { LockInfo } from "./backend.js";

/** SEG404: the state is locked by another apply (exit 2), naming who holds it and how to go on. */
export function lockedError(held: LockInfo | undefined, location: string): DeployError {
  const who = held
    ? `${held.owner} (pid ${held.pid} on ${held.host}, since ${held.startedAt}, lock id ${held.id})`
    : "another apply";
  return new DeployError(
    "SEG404",
    `the deploy state at ${location} is locked by ${who}`,
    `wait for that apply to end (or pass --lock-timeout SECONDS); if it is gone, run: segform force-unlock ${held?.id ?? "ID"}`,
    2,
  );
}
