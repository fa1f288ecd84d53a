import type { SourceLocation } from "@segform/spec";
import { at, type CheckContext } from "../context.js";
import { type ComputeProblem, MAX_COMPUTE_SQL_SIZE, sqlSize } from "../compute.js";
import { computedFields } from "../computed.js";
import type { Origin } from "../resolve.js";

/** Keys that describe how a field is read from the data: a derived field is not read. */
const READ_KEYS = ["from", "default", "nullable", "enum", "separator", "case", "format", "null_values"] as const;

/**
 * Derived fields (`compute:`): each expression parses (SEG047), names fields and functions that exist (SEG048,
 * did-you-mean), has sound types and the field's declared type (SEG049), reads no derived field that reads it back
 * (SEG050) and stays small once compiled to SQL (SEG052); the field is an account field that is not read from the
 * data (SEG051). Errors point into the expression text.
 */
export function ComputeRule(ctx: CheckContext): void {
  const { spec } = ctx;
  const key = spec.key?.value ?? "id";
  for (const [name, entry] of spec.fields) {
    const field = entry.value;
    if (field.compute === undefined) continue;
    for (const readKey of READ_KEYS) {
      if (field[readKey] !== undefined) {
        ctx.error(
          "SEG051",
          `${readKey} does not apply to the computed field ${name}: it is not read from the data`,
          at(entry.at, readKey),
          "key",
          `remove \`${readKey}\`; coalesce(x, fallback) gives a value for a missing one`,
        );
      }
    }
    if (name === key)
      ctx.error(
        "SEG051",
        `the account key ${name} cannot be computed`,
        at(entry.at, "compute"),
        "key",
        "key accounts by a field read from the data",
      );
  }
  const contacts = spec.contacts;
  if (contacts) {
    for (const [name, field] of Object.entries(contacts.value.fields)) {
      if (field.compute !== undefined) {
        ctx.error(
          "SEG051",
          `contact field ${name} cannot be computed: compute applies to account fields`,
          at(contacts.at, "fields", name, "compute"),
          "key",
          "declare the computed field under the top-level fields",
        );
      }
    }
  }

  const report = (origin: Origin, text: string, problem: ComputeProblem) =>
    ctx.bag.error(problem.code, problem.message, locateInText(origin, text, problem.start, problem.end), problem.hint);
  const { fields, cycle } = computedFields(spec);
  for (const field of fields) {
    const origin = at(field.entry.at, "compute");
    if (!field.parsed.ok) {
      report(origin, field.text, field.parsed.problem);
      continue;
    }
    if (!field.checked.ok) {
      for (const problem of field.checked.problems) report(origin, field.text, problem);
      continue;
    }
    const declared = field.entry.value.type;
    const gives = field.checked.type;
    if (declared !== gives) {
      ctx.error(
        "SEG049",
        `${field.name} is declared ${declared}, but its compute gives a ${gives}`,
        at(field.entry.at, "type"),
        "value",
        gives === "number" ? "declare it as type: number (computed numbers are doubles)" : "declare it as type: date",
      );
      continue;
    }
    const size = sqlSize(field.checked.expr);
    if (size > MAX_COMPUTE_SQL_SIZE) {
      report(origin, field.text, {
        code: "SEG052",
        message: `the compute of ${field.name} grows to ${size} terms in SQL (at most ${MAX_COMPUTE_SQL_SIZE}): min and max read each argument twice`,
        hint: "split it into several computed fields (each is computed once)",
        start: 0,
        end: field.text.length,
      });
    }
  }
  if (cycle) {
    const first = fields.find((field) => field.name === cycle[0])!;
    ctx.error(
      "SEG050",
      `computed fields read each other in a cycle: ${cycle.join(" -> ")}`,
      at(first.entry.at, "compute"),
      "value",
      "a computed field may read only fields that do not read it back",
    );
  }
}

/**
 * The location of characters [start, end) of an expression written at `origin`: exact when the YAML scalar is
 * written on one line as the text itself, plain or quoted without escapes; else the whole value.
 */
function locateInText(origin: Origin, text: string, start: number, end: number): SourceLocation {
  const whole = origin.doc.locate(origin.path, "value");
  const written = origin.doc.sourceText(origin.path);
  if (written === undefined || written.includes("\n")) return whole;
  let offset: number;
  if (written === text) offset = 0;
  else if (written === `"${text}"` && !text.includes("\\") && !text.includes('"')) offset = 1;
  else if (written === `'${text}'` && !text.includes("'")) offset = 1;
  else return whole;
  const column = whole.column + offset + start;
  return {
    file: whole.file,
    line: whole.line,
    column,
    endLine: whole.line,
    endColumn: column + Math.max(1, end - start),
  };
}
