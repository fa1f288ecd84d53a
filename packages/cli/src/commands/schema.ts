import { segformSchema } from "@segform/spec";
import { writeFileAtomic } from "@segform/data";
import { EXIT } from "../errors.js";
import { writeStdout } from "./run.js";

/** `segform schema`: the JSON Schema of the definition language, for editors and CI. */
export async function schemaCommand(options: { out?: string }): Promise<number> {
  const text = JSON.stringify(segformSchema(), null, 2) + "\n";
  if (options.out) writeFileAtomic(options.out, text);
  else await writeStdout(text);
  return EXIT.ok;
}
