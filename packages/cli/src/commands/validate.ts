import { compileProject } from "@segform/compiler";
import { EXIT } from "../errors.js";
import { printDiagnostics, projectReader, projectFile } from "../project.js";
import { io } from "../io.js";
import { envelope } from "../envelope.js";

/**
 * `segform validate`: parse, schema-check and type-check. Exit 1 when a check fails; exit 2, as in every command,
 * when the definitions cannot be read or parsed at all (a missing or unreadable file, not text, YAML syntax).
 */
export function validateCommand(fileArgument: string | undefined, _options: { json?: boolean }): number {
  const file = projectFile(fileArgument);
  const result = compileProject(file, projectReader(file));
  printDiagnostics(result);
  if (result.plan) {
    const plan = result.plan;
    const json = envelope();
    if (json) {
      json.result = { file, hash: plan.hash, fields: plan.fields.length, scores: plan.scores.length, tiers: plan.tiers.length, segments: plan.segments.length + 1, activations: plan.activations.length };
    }
    io().stderr.write(
      `${file} is valid: ${plan.fields.length} fields, ${plan.scores.length} scores, ${plan.tiers.length} tiers, ${plan.segments.length} segments + ${plan.fallback.id}, ${plan.activations.length} activations\n`,
    );
  }
  if (result.plan) return EXIT.ok;
  const unreadable = result.diagnostics.some((d) => d.severity === "error" && (d.code === "SEG001" || d.code === "SEG004" || (d.code === "SEG006" && !d.location)));
  return unreadable ? EXIT.input : EXIT.check;
}
