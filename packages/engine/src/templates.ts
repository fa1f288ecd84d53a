import { formatDay, type Plan } from "@segform/plan";
import type { Value } from "./coerce.js";
import { valueSlots, valueType } from "./computed.js";
import type { AccountResult, PreparedAccount } from "./engine.js";

/**
 * An activation's `set` values rendered for one account: `{{ segment.id }}`, `{{ tier.id }}`, `{{ score.NAME }}`
 * and `{{ account.FIELD }}` placeholders filled in. Shared by `segform diff` (what an activation pushes) and
 * deploy (the records a destination receives).
 */

/** One account as a plan sees it: its prepared values and its result. */
export interface RenderedAccount {
  prepared: Pick<PreparedAccount, "values">;
  result: Pick<AccountResult, "segment" | "tier" | "scores">;
}

type Part =
  | { kind: "text"; text: string }
  | { kind: "segment" }
  | { kind: "tier" }
  | { kind: "score"; slot: number }
  | { kind: "field"; slot: number; date: boolean };

/** A `set` value: a constant, or a template split into literal text and placeholders. */
export type SetValue = { kind: "constant"; value: string | number | boolean } | { kind: "template"; parts: Part[] };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function compileSetValue(plan: Plan, value: string | number | boolean): SetValue {
  if (typeof value !== "string" || !value.includes("{{")) return { kind: "constant", value };
  const parts: Part[] = [];
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ kind: "text", text: value.slice(last, match.index) });
    last = match.index + match[0].length;
    const [head, tail] = match[1]!.split(".");
    if (head === "segment") parts.push({ kind: "segment" });
    else if (head === "tier") parts.push({ kind: "tier" });
    else if (head === "score")
      parts.push({ kind: "score", slot: plan.scores.findIndex((score) => score.name === tail) });
    else if (head === "account") {
      const slot = valueSlots(plan).get(tail ?? "") ?? -1;
      parts.push({ kind: "field", slot, date: valueType(plan, tail ?? "") === "date" });
    } else parts.push({ kind: "text", text: match[0] }); // the compiler rejects unknown placeholders
  }
  if (last < value.length) parts.push({ kind: "text", text: value.slice(last) });
  return { kind: "template", parts };
}

function valueText(value: Value | undefined, date: boolean): string {
  if (value === null || value === undefined) return "";
  if (date && typeof value === "number") return formatDay(value);
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

export function renderSetValue(setValue: SetValue, account: RenderedAccount): string | number | boolean {
  if (setValue.kind === "constant") return setValue.value;
  let out = "";
  for (const part of setValue.parts) {
    switch (part.kind) {
      case "text":
        out += part.text;
        break;
      case "segment":
        out += account.result.segment ?? "";
        break;
      case "tier":
        out += account.result.tier ?? "";
        break;
      case "score":
        out += part.slot >= 0 ? String(account.result.scores[part.slot]) : "";
        break;
      case "field":
        out += part.slot >= 0 ? valueText(account.prepared.values[part.slot], part.date) : "";
        break;
    }
  }
  return out;
}
