import { serializePlan } from "@segform/plan";
import { writeFileAtomic } from "@segform/data";
import { EXIT, CliError } from "../errors.js";
import { compileOrExit, projectFile } from "../project.js";
import { writeStdout } from "./run.js";

/** `segform compile`: the plan as stable JSON. */
export async function compileCommand(fileArgument: string | undefined, options: { out?: string; format?: string }): Promise<number> {
  if (options.format && options.format !== "json") {
    throw new CliError(EXIT.usage, `compile --format ${options.format} is not available yet`, "use --format json (the plan)");
  }
  const file = projectFile(fileArgument);
  const { plan } = compileOrExit(file);
  const text = serializePlan(plan);
  if (options.out) {
    writeFileAtomic(options.out, text);
    process.stderr.write(`wrote ${options.out} (${plan.hash})\n`);
  } else await writeStdout(text);
  return EXIT.ok;
}
