// Text from users and data (ids, names, values, messages, paths) made safe to show: on one terminal line, in text
// blocks, and as GitHub-flavoured markdown that renders literally. Shared by the test, diff, deploy and report views.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/g;

/**
 * Text meant for one line of a terminal or log: control characters (newlines, tabs, ESC and the rest of C0/C1,
 * DEL) are shown as escapes, so user text can neither break the layout nor drive the terminal.
 */
export function oneLine(text: string): string {
  return text.replace(CONTROL, (char) => escapeControl(char));
}

/**
 * Like `oneLine`, but for multi-line text such as explanations: split at line breaks, tabs kept, trailing empty
 * lines dropped.
 */
export function textLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.replace(CONTROL_BUT_TAB, (char) => escapeControl(char)));
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  return lines;
}

function escapeControl(char: string): string {
  switch (char) {
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default:
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  }
}

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
  if (content.startsWith("`") || content.endsWith("`") || (content.startsWith(" ") && content.endsWith(" ")))
    content = ` ${content} `;
  if (inTable) content = content.replace(/\|/g, "\\|");
  return `${fence}${content}${fence}`;
}
