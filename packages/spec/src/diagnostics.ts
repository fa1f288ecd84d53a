/** Located, coded diagnostics: the one error shape every phase reports. */

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  endLine?: number;
  endColumn?: number;
}

export type DiagnosticSeverity = "error" | "warning";

export interface Diagnostic {
  /** Stable code, e.g. SEG012. */
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  hint?: string;
  location?: SourceLocation;
}

/** Collects diagnostics; checks report here instead of throwing. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  error(code: string, message: string, location?: SourceLocation, hint?: string): void {
    this.items.push(clean({ code, severity: "error", message, hint, location }));
  }

  warning(code: string, message: string, location?: SourceLocation, hint?: string): void {
    this.items.push(clean({ code, severity: "warning", message, hint, location }));
  }

  add(diagnostic: Diagnostic): void {
    this.items.push(clean(diagnostic));
  }

  get hasErrors(): boolean {
    return this.items.some((item) => item.severity === "error");
  }

  /** Sorted by file, line, column, code, message; exact duplicates removed. */
  sorted(): Diagnostic[] {
    return sortDiagnostics(this.items);
  }
}

function clean(diagnostic: Diagnostic): Diagnostic {
  const out: Diagnostic = { code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message };
  if (diagnostic.hint) out.hint = diagnostic.hint;
  if (diagnostic.location) out.location = diagnostic.location;
  return out;
}

export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) =>
    [d.location?.file ?? "", pad(d.location?.line ?? 0), pad(d.location?.column ?? 0), d.code, d.message].join(
      "\u0000",
    );
  // Keys computed once per item: a hostile file can produce 100,000 diagnostics.
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const { item, key: itemKey } of keyed) {
    const k = itemKey + "\u0000" + (item.hint ?? "");
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

function pad(n: number): string {
  return String(n).padStart(9, "0");
}

/** `file:line:col` (or just the file). */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/**
 * A diagnostic as a person reads it: `file:line:col: error SEG012: message`, a code frame with a caret
 * under the offending text, and the hint.
 */
export function formatDiagnostic(diagnostic: Diagnostic, sourceText?: string): string {
  const where = diagnostic.location ? `${formatLocation(diagnostic.location)}: ` : "";
  const lines = [`${where}${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`];
  if (diagnostic.location && sourceText !== undefined) {
    const frame = codeFrame(sourceText, diagnostic.location);
    if (frame) lines.push(frame);
  }
  if (diagnostic.hint) lines.push(`  hint: ${diagnostic.hint}`);
  return lines.join("\n");
}

/** Codes whose location holds a secret written as a literal: code frames never show it. */
export const SECRET_CODES: ReadonlySet<string> = new Set(["SEG030"]);

/**
 * The text with the located spans of these diagnostics masked (`*` for each character, so carets stay aligned):
 * a secret written as a literal is never printed in a code frame, neither under its own diagnostic nor as context
 * of another one.
 */
export function redactSecrets(text: string, diagnostics: readonly Diagnostic[], file: string): string {
  const spans = diagnostics
    .filter((d) => SECRET_CODES.has(d.code) && d.location?.file === file)
    .map((d) => d.location!);
  if (spans.length === 0) return text;
  const lines = text.split("\n");
  for (const span of spans) {
    const last = span.endLine ?? span.line;
    for (let line = span.line; line <= last && line <= lines.length; line++) {
      const current = lines[line - 1]!;
      const from = line === span.line ? span.column - 1 : 0;
      const to = line === last && span.endColumn !== undefined ? span.endColumn - 1 : current.length;
      lines[line - 1] = current.slice(0, from) + "*".repeat(Math.max(0, to - from)) + current.slice(Math.max(from, to));
    }
  }
  return lines.join("\n");
}

/** Two lines of context before the location, the line itself with a caret run, nothing after. */
export function codeFrame(text: string, location: SourceLocation): string {
  const lineIndex = location.line - 1;
  const first = Math.max(0, lineIndex - 2);
  const sourceLines = linesAround(text, first, lineIndex);
  if (lineIndex < 0 || lineIndex >= sourceLines.length) return "";
  const width = String(location.line).length;
  const out: string[] = [];
  for (let i = first; i <= lineIndex; i++) {
    const marker = i === lineIndex ? ">" : " ";
    out.push(`  ${marker} ${String(i + 1).padStart(width)} | ${truncate(sourceLines[i] ?? "")}`);
  }
  const lineText = sourceLines[lineIndex] ?? "";
  const start = Math.max(1, location.column);
  const end =
    location.endLine === location.line && location.endColumn !== undefined && location.endColumn > start
      ? Math.min(location.endColumn, lineText.length + 1)
      : start + 1;
  const caretPad = lineText.slice(0, start - 1).replace(/[^\t]/g, " ");
  out.push(`    ${" ".repeat(width)} | ${truncate(caretPad)}${"^".repeat(Math.max(1, Math.min(end - start, 120)))}`);
  return out.join("\n");
}

/**
 * Lines 0..`last` of `text` (as `text.split(/\r?\n/)` would give them), with only `first`..`last` filled in: a frame
 * needs three lines, and splitting a 2 MiB file for each of many diagnostics is quadratic.
 */
function linesAround(text: string, first: number, last: number): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let index = 0; index <= last; index++) {
    if (start > text.length) break;
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    lines.push(index >= first ? text.slice(start, end).replace(/\r$/, "") : "");
    start = newline === -1 ? text.length + 1 : newline + 1;
  }
  return lines;
}

function truncate(line: string): string {
  return line.length > 200 ? line.slice(0, 200) + "…" : line;
}
