import { compileProject } from "@segform/compiler";
import { EXIT } from "../errors.js";
import { diagnosticsJson, printDiagnostics, projectReader, projectFile } from "../project.js";
import { io } from "../io.js";

/** `segform validate`: parse, schema-check and type-check; exit 1 when there are errors. */
export function validateCommand(fileArgument: string | undefined, options: { json?: boolean }): number {
  const file = projectFile(fileArgument);
  const result = compileProject(file, projectReader(file));
  if (options.json) io().stdout.write(diagnosticsJson(result.diagnostics));
  else {
    printDiagnostics(result);
    if (result.plan) {
      const plan = result.plan;
      io().stderr.write(
        `${file} is valid: ${plan.fields.length} fields, ${plan.scores.length} scores, ${plan.tiers.length} tiers, ${plan.segments.length} segments + ${plan.fallback.id}, ${plan.activations.length} activations\n`,
      );
    }
  }
  return result.plan ? EXIT.ok : EXIT.check;
}
