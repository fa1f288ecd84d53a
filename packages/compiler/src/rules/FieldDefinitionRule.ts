import { at, fieldSets, type CheckContext } from "../context.js";
import { normalizeScalar, numberWrittenForText, valueHint } from "../values.js";
import type { Entry } from "../resolve.js";
import type { FieldSpec } from "@segform/spec";

/** Field contracts are consistent: defaults and enum values have the field's type; separators only on lists. */
export function FieldDefinitionRule(ctx: CheckContext): void {
  const check = (fields: Iterable<[string, Entry<FieldSpec>]>) => {
    for (const [name, entry] of fields) {
      const field = entry.value;
      const elementType = field.type === "string[]" ? "string" : field.type;
      if (field.default !== undefined) {
        const values = Array.isArray(field.default) ? field.default : [field.default];
        if (Array.isArray(field.default) !== (field.type === "string[]")) {
          ctx.error(
            "SEG021",
            `default of ${name} must be ${field.type === "string[]" ? "a list of strings" : `a single ${field.type}`}`,
            at(entry.at, "default"),
            "value",
            field.type === "string[]" ? "e.g. default: [a, b]" : valueHint(field.type),
          );
        } else {
          for (const [index, value] of values.entries()) {
            const result = normalizeScalar(elementType, value);
            const where = Array.isArray(field.default) ? at(entry.at, "default", index) : at(entry.at, "default");
            const text = elementType === "string" ? numberWrittenForText(value, where) : undefined;
            if (!result.ok)
              ctx.error(
                result.code,
                `default of ${name}: ${result.message}`,
                at(entry.at, "default"),
                "value",
                valueHint(elementType),
              );
            else if (text) ctx.error("SEG021", `default of ${name}: ${text.message}`, where, "value", text.hint);
            else if (field.type === "integer" && !Number.isInteger(result.value)) {
              ctx.error(
                "SEG021",
                `default of ${name}: ${String(value)} is not a whole number`,
                at(entry.at, "default"),
                "value",
                "integer fields hold whole numbers; declare type: number for fractions",
              );
            }
          }
        }
      }
      field.enum?.forEach((value, index) => {
        const result = normalizeScalar(elementType, value);
        const text = elementType === "string" ? numberWrittenForText(value, at(entry.at, "enum", index)) : undefined;
        if (!result.ok)
          ctx.error(
            result.code,
            `enum of ${name}: ${result.message}`,
            at(entry.at, "enum", index),
            "value",
            valueHint(elementType),
          );
        else if (text)
          ctx.error("SEG021", `enum of ${name}: ${text.message}`, at(entry.at, "enum", index), "value", text.hint);
        else if (field.type === "integer" && !Number.isInteger(result.value)) {
          ctx.error(
            "SEG021",
            `enum of ${name}: ${String(value)} is not a whole number`,
            at(entry.at, "enum", index),
            "value",
            "integer fields hold whole numbers; declare type: number for fractions",
          );
        }
      });
      if (field.enum && field.type === "boolean")
        ctx.error(
          "SEG021",
          `enum does not apply to boolean field ${name}`,
          at(entry.at, "enum"),
          "key",
          "remove `enum`",
        );
      if (field.separator !== undefined && field.type !== "string[]") {
        ctx.error(
          "SEG021",
          `separator only applies to string[] fields; ${name} is ${field.type}`,
          at(entry.at, "separator"),
          "key",
          'remove `separator`, or declare the field as type: "string[]"',
        );
      }
      if (field.separator === "")
        ctx.error(
          "SEG012",
          `separator of ${name} must not be empty`,
          at(entry.at, "separator"),
          "value",
          'e.g. separator: ";"',
        );
    }
  };
  for (const fields of fieldSets(ctx.spec)) check(fields);
}
