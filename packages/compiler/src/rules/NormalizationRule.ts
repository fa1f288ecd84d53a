import { asciiLower } from "@segform/plan";
import type { FieldSpec } from "@segform/spec";
import { at, fieldSets, type CheckContext } from "../context.js";
import type { Entry } from "../resolve.js";

const ASCII_LETTER = /[A-Za-z]/;
const PADDED = /^\s|\s$/;

/**
 * A field's normalisation can do what it says: `case` only on string and string[] fields (and not with a list
 * separator holding ASCII letters, which folding would change); `null_values` placeholders that a trimmed value can
 * equal (not empty, not padded with whitespace), each once (ignoring ASCII case).
 */
export function NormalizationRule(ctx: CheckContext): void {
  const check = (fields: Iterable<[string, Entry<FieldSpec>]>) => {
    for (const [name, entry] of fields) {
      const field = entry.value;
      if (field.case !== undefined) {
        if (field.type !== "string" && field.type !== "string[]") {
          ctx.error(
            "SEG040",
            `case only applies to string and string[] fields; ${name} is ${field.type}`,
            at(entry.at, "case"),
            "key",
            "remove `case`",
          );
        } else if (field.type === "string[]" && ASCII_LETTER.test(field.separator ?? ";")) {
          ctx.error(
            "SEG040",
            `case cannot fold ${name}: its separator ${JSON.stringify(field.separator)} holds letters, which folding would change`,
            at(entry.at, "case"),
            "key",
            'use a separator without letters, e.g. separator: ";"',
          );
        }
      }
      const seen = new Map<string, string>();
      field.null_values?.forEach((placeholder, index) => {
        const where = at(entry.at, "null_values", index);
        if (placeholder.trim() === "") {
          ctx.error(
            "SEG041",
            `null_values of ${name}: an empty placeholder never matches (empty values are already missing)`,
            where,
            "value",
            "remove it",
          );
          return;
        }
        if (PADDED.test(placeholder) || placeholder.trim() !== placeholder) {
          ctx.error(
            "SEG041",
            `null_values of ${name}: ${JSON.stringify(placeholder)} never matches: values are trimmed first`,
            where,
            "value",
            `write ${JSON.stringify(placeholder.trim())}`,
          );
          return;
        }
        const folded = asciiLower(placeholder);
        const first = seen.get(folded);
        if (first !== undefined) {
          ctx.error(
            "SEG041",
            `null_values of ${name}: ${JSON.stringify(placeholder)} repeats ${JSON.stringify(first)} (placeholders ignore case)`,
            where,
            "value",
            "remove the repeat",
          );
          return;
        }
        seen.set(folded, placeholder);
      });
    }
  };
  for (const fields of fieldSets(ctx.spec)) check(fields);
}
