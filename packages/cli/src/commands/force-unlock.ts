import { CliError, EXIT } from "../errors.js";
import { openState, rootOf, withDeployErrors } from "../deploy.js";
import { projectFile } from "../project.js";
import { io } from "../io.js";
import { envelope } from "../envelope.js";

/** `segform force-unlock ID`: removes a stale state lock, only when ID names the lock that is there. */
export async function forceUnlockCommand(
  id: string,
  options: { state?: string; project?: string; json?: boolean },
): Promise<number> {
  return withDeployErrors(async () => {
    const backend = await openState(options.state, options.state ? "." : rootOf(projectFile(options.project)));
    const held = await backend.currentLock();
    if (!held)
      throw new CliError(EXIT.input, `the deploy state at ${backend.location} is not locked`, "nothing to unlock");
    const removed = await backend.forceUnlock(id);
    if (!removed)
      throw new CliError(
        EXIT.input,
        `the lock at ${backend.location} has id ${held.id}, not ${id}`,
        `check with segform state list; unlock with segform force-unlock ${held.id}`,
      );
    const json = envelope();
    if (json) json.result = { removed: removed };
    io().stderr.write(
      `removed the lock ${removed.id} held by ${removed.owner} (pid ${removed.pid} on ${removed.host}, since ${removed.startedAt})\n`,
    );
    return EXIT.ok;
  });
}
