import { createReadStream, existsSync, statSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { extname } from "node:path";
import { parse } from "csv-parse";

export type DataFormat = "csv" | "jsonl" | "json";

/** One input record: delimited cells (with the header) or a JSON object, and where it came from. */
export type RawRecord = { line: number; cells: string[]; object?: undefined } | { line: number; object: Record<string, unknown>; cells?: undefined };

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

export function detectFormat(path: string, explicit?: string): DataFormat {
  const format = (explicit ?? extname(path).slice(1)).toLowerCase();
  if (format === "csv" || format === "tsv" || format === "txt") return "csv";
  if (format === "jsonl" || format === "ndjson") return "jsonl";
  if (format === "json") return "json";
  throw new DataError("SEG107", `cannot tell the format of ${path} (.${format || "?"})`, path, undefined, "use .csv, .jsonl or .json, or pass --format-in csv|jsonl|json");
}

export interface OpenedSource {
  format: DataFormat;
  /** CSV header (column names), when the format has one. */
  header?: string[];
  records: AsyncIterable<RawRecord>;
}

/**
 * Streams records from a file: CSV (header row, RFC 4180 quoting, BOM tolerated) and JSONL line by line, so
 * memory stays flat whatever the file size; JSON (an array of objects) is read whole.
 */
export async function openSource(path: string, explicitFormat?: string): Promise<OpenedSource> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new DataError("SEG106", `cannot read data file ${path}`, path, undefined, "check the path, or pass --data FILE");
  }
  const format = detectFormat(path, explicitFormat);
  if (format === "csv") return openCsv(path);
  if (format === "jsonl") return { format, records: jsonLines(path) };
  return { format, records: jsonArray(path) };
}

async function openCsv(path: string): Promise<OpenedSource> {
  const delimiter = extname(path).toLowerCase() === ".tsv" ? "\t" : ",";
  const parser = createReadStream(path).pipe(
    parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const next = async () => {
    try {
      return await iterator.next();
    } catch (error) {
      const e = error as Error & { lines?: number; code?: string };
      throw new DataError("SEG105", `malformed CSV: ${e.message.replace(/^Invalid \w+ \w+: /, "")}`, path, e.lines, "check quotes: a field that contains a comma, quote or newline must be quoted, and quotes inside doubled");
    }
  };
  const first = await next();
  if (first.done) return { format: "csv", header: [], records: (async function* () {})() };
  const header = first.value.record.map((name) => name.trim());
  async function* records(): AsyncGenerator<RawRecord> {
    for (;;) {
      const item = await next();
      if (item.done) return;
      yield { line: item.value.info.lines, cells: item.value.record };
    }
  }
  return { format: "csv", header, records: records() };
}

async function* jsonLines(path: string): AsyncGenerator<RawRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, "").trim() : text.trim();
    if (trimmed === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new DataError("SEG105", `malformed JSON line: ${(error as Error).message}`, path, line, "each line must be one JSON object");
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new DataError("SEG105", "each line must be a JSON object", path, line);
    }
    yield { line, object: value as Record<string, unknown> };
  }
}

async function* jsonArray(path: string): AsyncGenerator<RawRecord> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new DataError("SEG105", `malformed JSON: ${(error as Error).message}`, path, undefined, "a .json data file is an array of objects; use .jsonl for large data");
  }
  const items = Array.isArray(value) ? value : (value as { accounts?: unknown })?.accounts;
  if (!Array.isArray(items)) throw new DataError("SEG105", "a .json data file must hold an array of objects", path);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || typeof item !== "object" || Array.isArray(item)) throw new DataError("SEG105", `item ${i + 1} is not an object`, path);
    yield { line: i + 1, object: item as Record<string, unknown> };
  }
}
