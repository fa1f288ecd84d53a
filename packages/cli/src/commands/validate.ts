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
      json.result = {
        file,
        hash: plan.hash,
        fields: plan.fields.length,
        ...(plan.computed?.length ? { derived: plan.computed.length } : {}),
        scores: plan.scores.length,
        tiers: plan.tiers.length,
        segments: plan.segments.length + 1,
        ...(plan.audiences?.length ? { audiences: plan.audiences.length } : {}),
        activations: plan.activations.length,
      };
    }
    // Derived fields and audiences are named only when the project has them (the line is otherwise as it was).
    const derived = plan.computed?.length ? ` (+${plan.computed.length} derived)` : "";
    const audiences = plan.audiences?.length ? `, ${plan.audiences.length} audiences` : "";
    io().stderr.write(
      `${file} is valid: ${plan.fields.length} fields${derived}, ${plan.scores.length} scores, ${plan.tiers.length} tiers, ${plan.segments.length} segments + ${plan.fallback.id}${audiences}, ${plan.activations.length} activations\n`,
    );
  }
  if (result.plan) return EXIT.ok;
  const unreadable = result.diagnostics.some(
    (d) =>
      d.severity === "error" && (d.code === "SEG001" || d.code === "SEG004" || (d.code === "SEG006" && !d.location)),
  );
  return unreadable ? EXIT.input : EXIT.check;
}
