/** Turning user text (ids, names, reasons, paths) into GitHub-flavoured markdown that renders literally. */
import { oneLine } from "./text.js";

/**
 * User text as inline markdown that renders literally: on one line, with the characters that start markup
 * (emphasis, code, links, HTML, tables, strikethrough, math, entities, headings) backslash-escaped. An `@` gets a
 * word joiner (U+2060, invisible) after it: a backslash does not stop GitHub from notifying `@someone`, and a data
 * value in a bot comment must never ping a person or a team.
 */
export function markdownText(value: string): string {
  return oneLine(value)
    .replace(/[\\`*_[\]<>|~&#$]/g, "\\$&")
    .replace(/@/g, "@\u2060");
}

/**
 * A code span that shows the value literally, whatever backticks it holds (no mentions, links or emphasis inside).
 * In a table cell pipes are escaped too, which GFM removes before it parses the span.
 */
export function markdownCode(value: string, inTable = false): string {
  let content = oneLine(value);
  if (content === "") return "*(empty)*";
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  if (content.startsWith("`") || content.endsWith("`") || (content.startsWith(" ") && content.endsWith(" "))) content = ` ${content} `;
  if (inTable) content = content.replace(/\|/g, "\\|");
  return `${fence}${content}${fence}`;
}

/** A markdown table; cells are already escaped. `align` per column: `left` or `right`. */
export function markdownTable(head: string[], align: ("left" | "right")[], rows: string[][]): string {
  const rule = align.map((side) => (side === "right" ? "--:" : ":--"));
  return [head, rule, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** A collapsed block. `summary` is fixed text of ours and numbers, never user text: it is HTML, not markdown. */
export function detailsBlock(summary: string, body: string, open = false): string {
  return `<details${open ? " open" : ""}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** Bytes of the UTF-8 encoding (lone surrogates count as the 3-byte replacement character, as TextEncoder does). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}
