import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { extname } from "node:path";
import { openSource, type DataFormat } from "@segform/data";
import { explainAccount, type Engine, type Explanation } from "@segform/engine";
import type { Label, RecordIndex, ServeState } from "./state.js";

/** A file's size and modification time: the record index is used only while both are unchanged. */
export function fileStamp(path: string): { size: number; mtimeMs: number } {
  const stat = statSync(path);
  return { size: stat.size, mtimeMs: stat.mtimeMs };
}

/**
 * Where every line of the data file starts, read once after labelling (one pass over the bytes, 8 bytes a line:
 * 8 MB for 1M accounts). Undefined when the file changed while it was labelled (an explanation then reads the file
 * in full, as before).
 */
export async function buildRecordIndex(
  engine: Engine,
  path: string,
  format: DataFormat,
  before: { size: number; mtimeMs: number },
): Promise<RecordIndex | undefined> {
  let starts = new Float64Array(1024);
  let lines = 0;
  const push = (offset: number) => {
    if (lines === starts.length) {
      const grown = new Float64Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[lines++] = offset;
  };
  push(0);
  let position = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let newline = chunk.indexOf(0x0a); newline >= 0; newline = chunk.indexOf(0x0a, newline + 1))
      push(position + newline + 1);
    position += chunk.length;
  }
  const after = fileStamp(path);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.size !== position) return undefined;
  if (starts[lines - 1] !== position) push(position); // the end of a last line without a line break
  const index: RecordIndex = {
    format: format === "csv" ? (extname(path).toLowerCase() === ".tsv" ? "tsv" : "csv") : "jsonl",
    lineStarts: starts.subarray(0, lines),
    lines: lines - 1,
    size: after.size,
    mtimeMs: after.mtimeMs,
  };
  if (format === "csv") {
    // The header as the data package reads it (BOM, trimming), mapped to the plan's fields once.
    const source = await openSource(path);
    await source.close();
    index.columns = engine.coercer.columnIndexes(source.header ?? []);
    index.width = source.header?.length ?? 0;
  }
  return index;
}

/**
 * One loaded account's explanation from its record alone: the bytes of its lines, parsed, coerced and evaluated
 * with the loaded engine; the tier is the loaded one (a capped tier is decided over the whole population, which
 * the state already did). Undefined when the index cannot be used (no index, the file changed, the record read is
 * not this account's): the caller reads the file in full.
 */
export function explainRecord(state: ServeState, label: Label): Explanation | undefined {
  const index = state.dataInputs?.index;
  if (!index || !label.lines || state.source.kind !== "data") return undefined;
  let stamp;
  try {
    stamp = fileStamp(state.source.path);
  } catch {
    return undefined;
  }
  if (stamp.size !== index.size || stamp.mtimeMs !== index.mtimeMs) return undefined;
  const [first, last] = label.lines;
  if (first < 1 || last > index.lines || first > last) return undefined;
  const text = readRange(state.source.path, index.lineStarts[first - 1]!, index.lineStarts[last]!);
  const { engine, plan } = state;
  let values;
  if (index.format === "jsonl") {
    let object: unknown;
    try {
      object = JSON.parse(first === 1 ? text.replace(/^\uFEFF/, "") : text);
    } catch {
      return undefined;
    }
    if (!object || typeof object !== "object" || Array.isArray(object)) return undefined;
    values = engine.coercer.fromObject(object as Record<string, unknown>);
  } else {
    const cells = csvRecord(text.replace(/^\s*[\r\n]+/, ""), index.format === "tsv" ? "\t" : ",");
    if (!cells || cells.length !== index.width) return undefined;
    values = engine.coercer.fromCells(cells, index.columns!);
  }
  const prepared = engine.prepare(values, 0);
  if (prepared.key === null || String(prepared.key) !== label.key) return undefined;
  const tierIndex = label.tier === null ? -1 : plan.tiers.findIndex((tier) => tier.id === label.tier);
  const result = prepared.icp
    ? engine.label(prepared.key, prepared.values, prepared.scores, tierIndex)
    : engine.finish(prepared);
  return explainAccount(plan, prepared, result, engine.asOfDay, engine.contacts);
}

function readRange(path: string, start: number, end: number): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(end - start);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.toString("utf8", 0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * One RFC 4180 record (the file's reader accepted it at load, so its quoting is well formed): cells split at the
 * delimiter outside quotes, quoted cells unquoted with doubled quotes undone; the line break that ends it dropped.
 * Null when the text is not one record (the caller falls back to reading the file).
 */
export function csvRecord(text: string, delimiter: string): string[] | null {
  const body = text.replace(/(\r\n|\n|\r)$/, "");
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (body.charCodeAt(i) === 34) {
      let cell = "";
      let j = i + 1;
      for (;;) {
        const quote = body.indexOf('"', j);
        if (quote < 0) return null;
        cell += body.slice(j, quote);
        if (body.charCodeAt(quote + 1) === 34) {
          cell += '"';
          j = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      cells.push(cell);
      if (i === body.length) return cells;
      if (body[i] !== delimiter) return null;
      i++;
    } else {
      const next = body.indexOf(delimiter, i);
      const cell = next < 0 ? body.slice(i) : body.slice(i, next);
      if (/[\r\n]/.test(cell)) return null;
      cells.push(cell);
      if (next < 0) return cells;
      i = next + 1;
    }
  }
}

/** Runs one task at a time: `run` while one runs gives `busy` at once (the caller answers 503, never queues). */
export class OneAtATime {
  private running = false;

  async run<T>(task: () => Promise<T>): Promise<{ busy: true } | { busy: false; value: T }> {
    if (this.running) return { busy: true };
    this.running = true;
    try {
      return { busy: false, value: await task() };
    } finally {
      this.running = false;
    }
  }
}
