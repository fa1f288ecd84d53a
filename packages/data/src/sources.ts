import { existsSync, statSync } from "node:fs";
import { utf8Chunks, utf8File } from "./utf8.js";
import { extname } from "node:path";
import Papa from "papaparse";

export type DataFormat = "csv" | "jsonl" | "json";

/** One input record: delimited cells (with the header) or a JSON object, and where it came from. */
export type RawRecord =
  | { line: number; cells: string[]; object?: undefined }
  | { line: number; object: Record<string, unknown>; cells?: undefined };

/** A data problem that stops the run: unreadable file, malformed CSV or JSON. */
export class DataError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A data file's format: the formats this package reads, and Parquet (which only the DuckDB engine reads). */
export type FileFormat = DataFormat | "parquet";

/** The format of a data file, from `explicit` (--input-format) or the extension. */
export function fileFormat(path: string, explicit?: string): FileFormat {
  const format = (explicit ?? extname(path).slice(1)).toLowerCase();
  if (format === "csv" || format === "tsv" || format === "txt") return "csv";
  if (format === "jsonl" || format === "ndjson") return "jsonl";
  if (format === "json") return "json";
  if (format === "parquet" || format === "pq") return "parquet";
  throw new DataError(
    "SEG107",
    `cannot tell the format of ${path} (.${format || "?"})`,
    path,
    undefined,
    "use .csv, .jsonl, .json or .parquet, or pass --input-format csv|jsonl|json|parquet",
  );
}

/** The format of a file this package reads (Parquet is refused: it needs the DuckDB engine). */
export function detectFormat(path: string, explicit?: string): DataFormat {
  const format = fileFormat(path, explicit);
  if (format === "parquet")
    throw new DataError("SEG107", "Parquet data needs --engine duckdb", path, undefined, "run with --engine duckdb");
  return format;
}

export interface OpenedSource {
  format: DataFormat;
  /** CSV header (column names), when the format has one. */
  header?: string[];
  /** The records, one at a time. Iterate either this or `batches`, once. */
  records: AsyncIterable<RawRecord>;
  /**
   * The same records in input order, a batch per chunk of the file (64 KiB), so a large file costs one
   * await per chunk instead of one per record. Iterate either this or `records`, once.
   */
  batches: AsyncIterable<RawRecord[]>;
  /** Closes the file when the records are not read to the end (e.g. only the header was wanted). */
  close(): Promise<void>;
}

/**
 * Bytes read per chunk. 64 KiB measured best on 1M accounts: a chunk's records stay in the young generation
 * (1 MiB chunks got them promoted: 1.6x the time, 3x the peak memory) and the awaits per chunk are negligible.
 */
const CHUNK_BYTES = 1 << 16;

/**
 * Streams records from a file: CSV (header row, RFC 4180 quoting, BOM tolerated) and JSONL a chunk at a time,
 * so memory stays flat whatever the file size; JSON (an array of objects) is read whole.
 */
export async function openSource(path: string, explicitFormat?: string): Promise<OpenedSource> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new DataError(
      "SEG106",
      `cannot read data file ${path}`,
      path,
      undefined,
      "check the path, or pass --data FILE",
    );
  }
  const format = detectFormat(path, explicitFormat);
  if (format === "csv") return openCsv(path);
  if (format === "jsonl") return opened(format, undefined, jsonLines(path));
  return opened(format, undefined, jsonArray(path));
}

function opened(
  format: DataFormat,
  header: string[] | undefined,
  batches: AsyncIterable<RawRecord[]>,
  close: () => Promise<unknown> = async () => {},
): OpenedSource {
  async function* records(): AsyncGenerator<RawRecord> {
    for await (const batch of batches) yield* batch;
  }
  return { format, header, records: records(), batches, close: async () => void (await close()) };
}

async function openCsv(path: string): Promise<OpenedSource> {
  const delimiter = extname(path).toLowerCase() === ".tsv" ? "\t" : ",";
  const batches = csvBatches(path, delimiter);
  // The header is the first record; the rest of its batch goes out first.
  for (;;) {
    const first = await batches.next();
    if (first.done) return opened("csv", [], (async function* () {})());
    if (first.value.length === 0) continue;
    const headerRecord = first.value[0]!;
    const header = headerRecord.cells!.map((name) => name.trim());
    checkHeader(header, path, headerRecord.line);
    const rest = first.value.slice(1);
    return opened(
      "csv",
      header,
      (async function* () {
        if (rest.length) yield* checkedWidth(rest, header.length, path);
        for await (const batch of batches) yield* checkedWidth(batch, header.length, path);
      })(),
      () => batches.return(undefined),
    );
  }
}

/** Refuses a header that names a column twice (which of the two a field reads would be a guess). */
export function checkHeader(header: readonly string[], path: string, line = 1): void {
  if (header.length > MAX_COLUMNS) {
    throw new DataError(
      "SEG105",
      `the header has ${header.length.toLocaleString("en-US")} columns; at most ${MAX_COLUMNS.toLocaleString("en-US")} are read`,
      path,
      line,
      "export only the columns the definitions read (each field's `from`)",
    );
  }
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    if (name === "") return; // an unnamed column cannot be read, so two of them are no ambiguity
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else {
      throw new DataError(
        "SEG109",
        `the header names column "${name}" twice (columns ${first + 1} and ${index + 1})`,
        path,
        line,
        "rename or remove one of the two columns",
      );
    }
  });
}

/**
 * A batch whose records all have the header's width; a ragged row is refused at its line (its cells would be
 * read under the wrong columns), after the records before it.
 */
function* checkedWidth(batch: RawRecord[], width: number, path: string): Generator<RawRecord[]> {
  for (let i = 0; i < batch.length; i++) {
    const cells = batch[i]!.cells!;
    if (cells.length !== width) {
      if (i > 0) yield batch.slice(0, i);
      throw new DataError(
        "SEG105",
        `row has ${cells.length} ${cells.length === 1 ? "cell" : "cells"}, the header has ${width}`,
        path,
        batch[i]!.line,
        RAGGED_HINT,
      );
    }
  }
  yield batch;
}

const RAGGED_HINT =
  "every row needs one cell per header column: quote a cell that holds the delimiter, and keep empty cells as empty fields";

const QUOTE_PROBLEMS = {
  opening: "a quote inside a field that does not start with one",
  closing: "text after the closing quote of a quoted field",
  unclosed: "a quoted field that opens on this line is never closed",
  // A field that runs over line breaks to a "closing" quote followed by text: almost always a quote left open
  // here, which swallowed the lines up to the next quote. Reported where it opened, not where parsing gave up.
  runaway: "a quoted field that opens on this line is not closed before the line break",
  newline: "a line break unlike the file's first one (outside quotes, every line must end alike)",
} as const;

const QUOTE_HINT =
  "check quotes: a field that contains a comma, quote or newline must be quoted, and quotes inside doubled";

/**
 * CSV records in batches, parsed with Papa Parse's core parser one chunk at a time (a record cut by the chunk
 * boundary waits for the next chunk). Line breaks are detected as csv-parse did (the first of CRLF, LF or CR
 * outside quotes). Empty lines are skipped. `line` is the physical line (1-based) on which the record ends.
 * Exported for tests (small chunks); the package exports `openSource`.
 */
export async function* csvBatches(
  path: string,
  delimiter: string,
  chunkBytes = CHUNK_BYTES,
  tokenizer: "fast" | "papa" = "fast",
): AsyncGenerator<RawRecord[]> {
  let rest = "";
  let line = 0; // physical lines before `rest`
  let first = true;
  let parser: Papa.Parser | undefined;
  let newline: "\r\n" | "\n" | "\r" | undefined;
  const delimiterCode = delimiter.charCodeAt(0);
  // A record longer than a chunk (a 50 MB cell) completes only after many chunks: parsing the unfinished text again
  // on every chunk would be quadratic, so after a parse that completed no record the next waits for twice the text.
  let retryAt = 0;
  // Where the search for the first line break goes on from: the text before it was searched already.
  const search = { quoted: false, cr: false };
  const chunks = utf8Chunks(path, chunkBytes)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await chunks.next();
      const final = next.done === true;
      let text = final ? rest : rest + next.value;
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (!newline) {
        // Only the text added since the last look is searched (`rest` was searched already).
        newline = detectNewline(rest === "" ? text : final ? "" : next.value, final, search);
        if (!newline) {
          // No line break yet: the first record is longer than the bound, or still coming.
          if (text.length > MAX_RECORD_CHARS) throw recordTooLong(path, 1);
          rest = text;
          continue;
        }
        parser = new Papa.Parser({ delimiter, newline, quoteChar: '"', escapeChar: '"' });
      }
      if (!final && text.length < retryAt) {
        rest = text;
        continue;
      }
      // Well-placed quotes (nearly every chunk): splitCsv gives Papa Parse's records and cursor, having checked the
      // quotes as scanQuotes does; anything else goes to Papa Parse and scanQuotes, whose findings are reported.
      const split = tokenizer === "fast" ? splitCsv(text, final, delimiter, newline) : undefined;
      const parsed = (
        split ? { data: split.rows, errors: [], meta: { cursor: split.cursor } } : parser!.parse(text, 0, !final)
      ) as {
        data: string[][];
        errors: Papa.ParseError[];
        meta: { cursor: number };
      };
      const rows = parsed.data;
      const base = line;
      const consumed = final ? text.length : parsed.meta.cursor;
      // Papa Parse is lenient with quotes; csv-parse was strict, and so is this check (it only visits quotes).
      const quotes = split
        ? { problem: undefined, breaks: split.breaks, any: text.indexOf('"') !== -1 }
        : scanQuotes(text, consumed, delimiterCode);
      let problem = quotes.problem;
      let runawayEnd: number | undefined;
      if (
        problem?.kind === "closing" &&
        problem.from !== undefined &&
        breaksUpTo(text, problem.at) > breaksUpTo(text, problem.from)
      ) {
        runawayEnd = problem.at;
        problem = { at: problem.from, kind: "runaway" };
      }
      // No line break inside quotes, none but the separator's (scanned once: the foreign-break check and the
      // per-line count below both need it).
      const separatorBreaksOnly = !problem && quotes.breaks === 0 && onlySeparatorBreaks(text, consumed, newline);
      if (!problem && !separatorBreaksOnly) {
        const foreign = foreignBreak(text, consumed, newline);
        if (foreign !== -1) problem = { at: foreign, kind: "newline" };
      }
      if (!problem) {
        // Papa Parse's own findings (none are expected once the quotes are well placed). An error in the record
        // cut by the chunk boundary is decided when the record is whole.
        const error = parsed.errors.find((e) => final || (e.row ?? 0) < rows.length);
        if (error) problem = { at: error.index ?? 0, kind: error.code === "MissingQuotes" ? "unclosed" : "closing" };
      }
      const batch: RawRecord[] = [];
      // Fast path: one line per record (no line break inside quotes, none but the separator's), so lines count up.
      // (After a problem the rows are Papa Parse's recovery: count their lines one by one.)
      const perLine = !problem && separatorBreaksOnly;
      // Only text longer than the bound can hold a record longer than it: the check costs nothing otherwise.
      const long = text.length > MAX_RECORD_CHARS;
      for (let i = 0; i < rows.length; i++) {
        const cells = rows[i]!;
        if (long && cells.reduce((total, cell) => total + cell.length + 1, 0) > MAX_RECORD_CHARS)
          throw recordTooLong(path, line + 1);
        line += perLine ? 1 : 1 + breaksInCells(cells);
        // One empty cell: an empty line (skipped), unless the line is a quoted empty field ("").
        if (
          cells.length === 1 &&
          cells[0] === "" &&
          !(quotes.any && text.charCodeAt(lineStart(text, line - base - 1)) === 34)
        )
          continue;
        batch.push({ line, cells });
      }
      if (problem) {
        // Records before the malformed one go out first (as they did when records were read one by one).
        const at = base + 1 + breaksUpTo(text, problem.at);
        const before = batch.filter((record) => record.line < at);
        if (before.length) yield before;
        const runsTo =
          runawayEnd === undefined ? "" : ` (it runs on to line ${base + 1 + breaksUpTo(text, runawayEnd)})`;
        throw new DataError(
          "SEG105",
          `malformed CSV: ${QUOTE_PROBLEMS[problem.kind]}${runsTo}`,
          path,
          at,
          problem.kind === "newline" ? NEWLINE_HINT : QUOTE_HINT,
        );
      }
      if (batch.length) yield batch;
      if (final) return;
      if (consumed === 0 && text.length > MAX_RECORD_CHARS) throw recordTooLong(path, line + 1);
      retryAt = consumed === 0 ? text.length * 2 : 0;
      rest = text.slice(consumed);
    }
  } finally {
    await chunks.return?.(undefined);
  }
}

/**
 * Splits CSV text into records as Papa Parse's `parse(text, 0, !final)` does with this delimiter and newline (a
 * record not ended by the newline waits for the next chunk unless `final`; a final text ending with the newline
 * ends with an empty record), or gives undefined when a quote is not where RFC 4180 puts it (inside an unquoted
 * field, not followed by a delimiter or the newline when closed, never closed in the final text): Papa Parse and
 * scanQuotes then read the text and report. `breaks`: whether a quoted field holds CR or LF. Exported for tests.
 */
export function splitCsv(
  text: string,
  final: boolean,
  delimiter: string,
  newline: string,
): { rows: string[][]; cursor: number; breaks: number } | undefined {
  const n = text.length;
  const rows: string[][] = [];
  let breaks = 0;
  if (n === 0) return { rows, cursor: 0, breaks };
  const delimiterLength = delimiter.length;
  const newlineLength = newline.length;
  let nextDelimiter = text.indexOf(delimiter);
  let nextNewline = text.indexOf(newline);
  let nextQuote = text.indexOf('"');
  let pos = 0;
  for (;;) {
    const start = pos;
    const row: string[] = [];
    for (;;) {
      if (pos < n && text.charCodeAt(pos) === 34) {
        let from = pos + 1;
        let doubled = false;
        let close: number;
        for (;;) {
          close = text.indexOf('"', from);
          if (close === -1) return final ? undefined : { rows, cursor: start, breaks };
          if (close + 1 < n && text.charCodeAt(close + 1) === 34) {
            from = close + 2;
            doubled = true;
            continue;
          }
          break;
        }
        // A quote that ends the text may be the first of a doubled one: the record waits for the next chunk.
        if (close + 1 === n && !final) return { rows, cursor: start, breaks };
        let value = text.slice(pos + 1, close);
        if (value.indexOf("\n") !== -1 || value.indexOf("\r") !== -1) breaks++;
        if (doubled) value = value.replaceAll('""', '"');
        row.push(value);
        pos = close + 1;
        nextQuote = text.indexOf('"', pos);
        if (pos === n) {
          rows.push(row);
          return { rows, cursor: n, breaks };
        }
        if (text.startsWith(delimiter, pos)) {
          pos += delimiterLength;
          continue;
        }
        if (text.startsWith(newline, pos)) {
          pos += newlineLength;
          rows.push(row);
          break;
        }
        if (!final && newline.startsWith(text.slice(pos))) return { rows, cursor: start, breaks };
        return undefined;
      }
      if (nextDelimiter !== -1 && nextDelimiter < pos) nextDelimiter = text.indexOf(delimiter, pos);
      if (nextNewline !== -1 && nextNewline < pos) nextNewline = text.indexOf(newline, pos);
      let end: number;
      let ends: "delimiter" | "newline" | "text";
      if (nextDelimiter !== -1 && (nextNewline === -1 || nextDelimiter < nextNewline)) {
        end = nextDelimiter;
        ends = "delimiter";
      } else if (nextNewline !== -1) {
        end = nextNewline;
        ends = "newline";
      } else {
        end = n;
        ends = "text";
      }
      if (ends === "text" && !final) return { rows, cursor: start, breaks };
      // A quote inside an unquoted field: Papa Parse keeps it, scanQuotes refuses it.
      if (nextQuote !== -1 && nextQuote < end) return undefined;
      row.push(text.slice(pos, end));
      if (ends === "delimiter") {
        pos = end + delimiterLength;
        continue;
      }
      if (ends === "text") {
        rows.push(row);
        return { rows, cursor: n, breaks };
      }
      pos = end + newlineLength;
      rows.push(row);
      break;
    }
    if (pos === n) {
      if (final) rows.push([""]);
      return { rows, cursor: n, breaks };
    }
  }
}

/** The longest CSV record read, in characters: DuckDB's reader is given the same bound (max_line_size). */
export const MAX_RECORD_CHARS = 64 << 20;

/** Columns in a header. A CRM export has hundreds; 100,000 took DuckDB 17 s to set up before reading a row. */
export const MAX_COLUMNS = 10_000;

function recordTooLong(path: string, line: number): DataError {
  return new DataError(
    "SEG105",
    `a record longer than ${MAX_RECORD_CHARS / (1 << 20)} MiB`,
    path,
    line,
    "check quotes (a quote left open swallows the rest of the file), or split the value",
  );
}

const NEWLINE_HINT = "convert the file's line ends to one kind (LF or CRLF), e.g. with dos2unix";

/** `from`: where the quoted field of a "closing" problem opened. */
type QuoteProblem = { at: number; kind: keyof typeof QUOTE_PROBLEMS; from?: number };

/** The first line break in text[0, end) outside quotes that is not `newline` (quotes already checked), or -1. */
function foreignBreak(text: string, end: number, newline: string): number {
  let quoted = false;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) {
      const crlf = c === 13 && text.charCodeAt(i + 1) === 10;
      const kind = crlf ? "\r\n" : c === 10 ? "\n" : "\r";
      if (kind !== newline) return i;
      if (crlf) i++;
    }
  }
  return -1;
}

/**
 * Visits the quotes in text[0, end) (`end` is at a record boundary), one indexOf per quote. Finds the first that
 * RFC 4180 does not allow: one inside a field that does not start with a quote, a closing quote followed by
 * anything but a delimiter or a line break, or a quote never closed. Counts the CR and LF inside quoted fields.
 */
function scanQuotes(
  text: string,
  end: number,
  delimiter: number,
): { problem?: QuoteProblem; breaks: number; any: boolean } {
  let breaks = 0;
  const any = text.indexOf('"') !== -1;
  for (let p = text.indexOf('"'); p !== -1 && p < end; ) {
    const before = p === 0 ? 10 : text.charCodeAt(p - 1);
    if (before !== delimiter && before !== 10 && before !== 13)
      return { problem: { at: p, kind: "opening" }, breaks, any };
    let q = p + 1;
    for (;;) {
      q = text.indexOf('"', q);
      if (q === -1 || q >= end) return { problem: { at: p, kind: "unclosed" }, breaks, any };
      if (text.charCodeAt(q + 1) !== 34) break;
      q += 2; // a doubled quote inside the field
    }
    const after = q + 1 < end ? text.charCodeAt(q + 1) : 10;
    if (after !== delimiter && after !== 10 && after !== 13)
      return { problem: { at: q, kind: "closing", from: p }, breaks, any };
    for (let b = text.indexOf("\n", p); b !== -1 && b < q; b = text.indexOf("\n", b + 1)) breaks++;
    for (let b = text.indexOf("\r", p); b !== -1 && b < q; b = text.indexOf("\r", b + 1)) breaks++;
    p = text.indexOf('"', q + 1);
  }
  return { breaks, any };
}

/** Where the k-th (0-based) physical line of text starts; lines end at CRLF, LF or CR. */
function lineStart(text: string, k: number): number {
  let at = 0;
  for (let n = 0; n < k; n++) {
    while (at < text.length && text.charCodeAt(at) !== 10 && text.charCodeAt(at) !== 13) at++;
    at += text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? 2 : 1;
  }
  return at;
}

/** Whether every line break in text[0, end) is the record separator (then each record is one line). */
function onlySeparatorBreaks(text: string, end: number, newline: string): boolean {
  const absent = (char: string) => {
    const at = text.indexOf(char);
    return at === -1 || at >= end;
  };
  if (newline === "\n") return absent("\r");
  if (newline === "\r") return absent("\n");
  return countChar(text, "\n", end) === countChar(text, "\r", end);
}

/** The record separator: the first CRLF, LF or CR outside quotes; undefined when the text does not tell yet. */
/**
 * The first line break outside quotes. The text arrives a piece at a time while no break is found (a file without
 * one would otherwise be searched whole on every chunk, which was quadratic); `search` carries the quoting state
 * and a CR that ended the last piece across calls.
 */
function detectNewline(
  piece: string,
  final: boolean,
  search = { quoted: false, cr: false },
): "\r\n" | "\n" | "\r" | undefined {
  if (search.cr) {
    // A CR ended the last piece: the next character says whether an LF follows.
    if (piece.length === 0) return final ? "\r" : undefined;
    return piece.charCodeAt(0) === 10 ? "\r\n" : "\r";
  }
  let quoted = search.quoted;
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) {
      if (c === 10) return "\n";
      if (i + 1 < piece.length) return piece.charCodeAt(i + 1) === 10 ? "\r\n" : "\r";
      search.cr = true;
      return final ? "\r" : undefined;
    }
  }
  search.quoted = quoted;
  return final ? "\n" : undefined;
}

function countChar(text: string, char: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1 && i < end; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** Line breaks inside a record's cells (only quoted cells can hold them). */
function breaksInCells(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) {
    if (cell.indexOf("\n") === -1 && cell.indexOf("\r") === -1) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 10 || (c === 13 && cell.charCodeAt(i + 1) !== 10)) n++;
    }
  }
  return n;
}

/** Line breaks (CRLF, LF or CR) in text[0, end). */
function breaksUpTo(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** JSON Lines, a chunk at a time. Lines end at LF, CRLF or CR (as node:readline reads them). Exported for tests. */
export async function* jsonLines(path: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<RawRecord[]> {
  let rest = "";
  let line = 0;
  let batch: RawRecord[] = [];
  const take = (text: string) => {
    if (text.indexOf("\r") !== -1) {
      const parts = text.split("\r");
      if (text.endsWith("\r")) parts.pop();
      for (const part of parts) takeLine(part);
    } else takeLine(text);
  };
  const takeLine = (text: string) => {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, "").trim() : text.trim();
    if (trimmed === "") return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new DataError(
        "SEG105",
        `malformed JSON line: ${(error as Error).message}`,
        path,
        line,
        "each line must be one JSON object",
      );
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new DataError("SEG105", "each line must be a JSON object", path, line);
    }
    checkNesting(value as Record<string, unknown>, path, line);
    batch.push({ line, object: value as Record<string, unknown> });
  };
  const stream = utf8Chunks(path, chunkBytes);
  // Chunks of a line longer than a chunk wait here until its end arrives: searching and joining the growing text on
  // every chunk was quadratic (a 70 MB line never finished).
  const pending: string[] = [];
  let pendingLength = 0;
  for await (const chunk of stream) {
    if (chunk.indexOf("\n") === -1) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (rest.length + pendingLength > MAX_RECORD_CHARS) {
        if (batch.length) yield batch;
        throw new DataError(
          "SEG105",
          `a line longer than ${MAX_RECORD_CHARS / (1 << 20)} MiB`,
          path,
          line + 1,
          "each line holds one account's JSON object; check for a missing line break",
        );
      }
      continue;
    }
    const text = rest + pending.join("") + chunk;
    pending.length = 0;
    pendingLength = 0;
    let start = 0;
    try {
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
        take(text.slice(start, end));
        start = end + 1;
      }
    } catch (error) {
      if (batch.length) yield batch;
      throw error;
    }
    rest = text.slice(start);
    if (batch.length) {
      yield batch;
      batch = [];
    }
  }
  rest += pending.join("");
  try {
    if (rest !== "") take(rest);
  } catch (error) {
    if (batch.length) yield batch;
    throw error;
  }
  if (batch.length) yield batch;
}

/** How deep a record's values may nest (a field holds a scalar or a list of scalars; deeper is never readable). */
export const MAX_NESTING = 32;

/**
 * Refuses a record whose values nest deeper than MAX_NESTING (a JSON value 100,000 levels deep would otherwise
 * overflow the stack of whatever walks it later: messages, explanations). Iterative, and stops at the limit.
 */
function checkNesting(record: Record<string, unknown>, path: string, line: number | undefined, item?: number): void {
  const stack: [unknown, number][] = [];
  for (const key in record) {
    const value = record[key];
    if (value !== null && typeof value === "object") stack.push([value, 1]);
  }
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (depth > MAX_NESTING) {
      const where = item === undefined ? "" : `item ${item}: `;
      throw new DataError(
        "SEG105",
        `${where}a value nested more than ${MAX_NESTING} levels deep`,
        path,
        line,
        "a field holds a value or a list of values; flatten the record",
      );
    }
    for (const inner of Array.isArray(value) ? value : Object.values(value as object)) {
      if (inner !== null && typeof inner === "object") stack.push([inner, depth + 1]);
    }
  }
}

async function* jsonArray(path: string): AsyncGenerator<RawRecord[]> {
  let value: unknown;
  try {
    value = JSON.parse(utf8File(path).replace(/^\uFEFF/, ""));
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(
      "SEG105",
      `malformed JSON: ${(error as Error).message}`,
      path,
      undefined,
      "a .json data file is an array of objects; use .jsonl for large data",
    );
  }
  const items = Array.isArray(value) ? value : (value as { accounts?: unknown })?.accounts;
  if (!Array.isArray(items)) throw new DataError("SEG105", "a .json data file must hold an array of objects", path);
  let batch: RawRecord[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      if (batch.length) yield batch;
      throw new DataError("SEG105", `item ${i + 1} is not an object`, path);
    }
    checkNesting(item as Record<string, unknown>, path, undefined, i + 1);
    batch.push({ line: i + 1, object: item as Record<string, unknown> });
    if (batch.length === 4096) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
