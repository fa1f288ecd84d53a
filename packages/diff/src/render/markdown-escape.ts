/** Turning user text (ids, names, reasons, paths) into GitHub-flavoured markdown that renders literally. */
export { markdownCode, markdownText } from "@segform/plan";

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
