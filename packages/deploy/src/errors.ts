/** An error meant for the user, with a stable code, a hint and the exit code the CLI ends with. */
export class DeployError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    /** 1: a check failed (stale plan, guard, rejected records); 2: usage or input error. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}
