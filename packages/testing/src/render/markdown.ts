/** User text (ids, names, messages, paths) as GitHub-flavoured markdown that renders literally; shared with @segform/diff. */
import { oneLine } from "./text.js";

/**
 * User text as inline markdown that renders literally: on one line, with the characters that start markup
 * (emphasis, code, links, HTML, tables, strikethrough, math, entities, headings) backslash-escaped. An `@` gets a
 * word joiner (U+2060, invisible) after it: a backslash does not stop GitHub from notifying `@someone`, and a data
 * value or a test name in a report must never ping a person or a team.
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
