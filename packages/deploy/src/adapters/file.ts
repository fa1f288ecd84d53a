import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, writeSync } from "node:fs";
import { parseCsv } from "../csv.js";
import { AtomicFileStream, writeFileAtomic } from "@segform/data";
import { DeployError } from "../errors.js";
import { dirname, extname, isAbsolute, join, normalize, relative } from "node:path";
import { canonicalJson } from "@segform/plan";
import type { FieldValue, StateRecord } from "../model.js";
import {
  batchSize,
  type Adapter,
  type AdapterContext,
  type AdapterType,
  type Operation,
  type OperationResult,
} from "./adapter.js";

/**
 * `type: file`: a snapshot of what segform holds there (CSV or JSONL, one row per account in key order, written
 * atomically after the last batch) and, per apply, a changes file beside it (`<name>.changes.<serial>.jsonl`, one
 * line per create / update / remove, appended and fsynced per batch). An operation whose id is already in the
 * changes file is not written again (a resumed apply).
 */
export const fileDestination: AdapterType = {
  defaultBatchSize: 5000,
  check(settings) {
    const problems: string[] = [];
    if (typeof settings.path !== "string" || !settings.path)
      problems.push("`path:` is required (the snapshot file, e.g. out/segments.csv)");
    else if (!/\.(csv|jsonl)$/i.test(settings.path) && settings.format === undefined)
      problems.push("`path:` should end in .csv or .jsonl, or set `format:`");
    else if (isAbsolute(settings.path) || normalize(settings.path).split(/[\\/]/)[0] === "..") {
      // The definitions may come from an unreviewed pull request: their paths stay inside the project.
      problems.push("`path:` must be relative to the definitions file and stay inside the project");
    }
    return problems;
  },
  describe(settings) {
    return String(settings.path);
  },
  async open(context) {
    return new FileAdapter(context);
  },
};

function formatOf(settings: Record<string, FieldValue>): "csv" | "jsonl" {
  if (settings.format === "csv" || settings.format === "jsonl") return settings.format;
  return extname(String(settings.path)).toLowerCase() === ".jsonl" ? "jsonl" : "csv";
}

export function snapshotPath(context: Pick<AdapterContext, "root" | "settings">): string {
  return join(context.root, String(context.settings.path));
}

export function changesPath(snapshot: string, serial: number): string {
  const extension = extname(snapshot);
  return `${snapshot.slice(0, snapshot.length - extension.length)}.changes.${serial}.jsonl`;
}

class FileAdapter implements Adapter {
  readonly capabilities;
  private readonly snapshot: string;
  private readonly changes: string;
  private readonly format: "csv" | "jsonl";
  private readonly written = new Set<string>();
  private fd: number | undefined;

  constructor(context: AdapterContext) {
    this.capabilities = { batchSize: batchSize(context.settings, fileDestination.defaultBatchSize), canRead: true };
    this.snapshot = snapshotPath(context);
    this.format = formatOf(context.settings);
    this.changes = changesPath(this.snapshot, context.serial);
    mkdirSync(dirname(this.snapshot), { recursive: true });
    const root = realpathSync(context.root);
    const inside = relative(root, realpathSync(dirname(this.snapshot)));
    if (inside.startsWith("..") || isAbsolute(inside)) {
      throw new DeployError(
        "SEG406",
        `file destination: ${String(context.settings.path)} leads outside the project (through a symlink)`,
        "write the snapshot inside the project directory",
      );
    }
    if (existsSync(this.changes)) {
      const lines = readFileSync(this.changes, "utf8").split("\n");
      const complete = lines.pop() === "" ? lines : lines.slice(0, -1);
      for (const line of complete) {
        try {
          this.written.add((JSON.parse(line) as { id: string }).id);
        } catch {
          // a torn line: that operation counts as not written
        }
      }
      // Rewrite without a torn tail so that appends start on a fresh line.
      writeFileAtomic(this.changes, complete.map((line) => line + "\n").join(""));
    }
  }

  async send(batch: Operation[]): Promise<OperationResult[]> {
    this.fd ??= openSync(this.changes, "a");
    let text = "";
    for (const operation of batch) {
      if (this.written.has(operation.id)) continue;
      text +=
        canonicalJson({
          id: operation.id,
          key: operation.key,
          action: operation.action,
          effect: operation.effect,
          values: operation.values,
          previous: operation.previous,
        }) + "\n";
    }
    if (text) {
      writeSync(this.fd, text);
      fsyncSync(this.fd);
      for (const operation of batch) this.written.add(operation.id);
    }
    return batch.map(() => ({ status: "ok" }));
  }

  /** The snapshot, written as the records stream by (CSV: one pass for the columns first, then the rows). */
  async finish(records: () => AsyncIterable<StateRecord>): Promise<void> {
    const out = new AtomicFileStream(this.snapshot);
    try {
      const write = new ChunkedWriter(out);
      if (this.format === "csv") {
        const columns = await columnsOf(records());
        await write.add(["key", ...columns].map(csvCell).join(",") + "\n");
        for await (const record of records())
          await write.add(
            [record.key, ...columns.map((column) => record.values[column] ?? "")].map(csvCell).join(",") + "\n",
          );
      } else {
        for await (const record of records())
          await write.add(canonicalJson({ ...record.values, key: record.key }) + "\n");
      }
      await write.end();
      await out.commit();
    } catch (error) {
      out.abort();
      throw error;
    }
  }

  async read(): Promise<Map<string, Record<string, FieldValue>>> {
    const held = new Map<string, Record<string, FieldValue>>();
    if (!existsSync(this.snapshot)) return held;
    const text = readFileSync(this.snapshot, "utf8");
    if (this.format === "jsonl") {
      for (const line of text.split("\n")) {
        if (!line) continue;
        const { key, ...values } = JSON.parse(line) as Record<string, FieldValue>;
        held.set(String(key), values);
      }
      return held;
    }
    const rows = parseCsv(text);
    const header = rows.shift() ?? [];
    for (const row of rows) {
      const values: Record<string, FieldValue> = {};
      header.forEach((column, i) => {
        if (i > 0 && row[i] !== "") values[column] = row[i]!;
      });
      held.set(row[0]!, values);
    }
    return held;
  }

  async close(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

async function columnsOf(records: AsyncIterable<StateRecord>): Promise<string[]> {
  const names = new Set<string>();
  for await (const record of records) for (const name of Object.keys(record.values)) names.add(name);
  return [...names].sort();
}

/** Lines joined into chunks of 64 KiB for an atomic file. */
class ChunkedWriter {
  private chunk = "";
  constructor(private readonly out: AtomicFileStream) {}
  async add(text: string): Promise<void> {
    this.chunk += text;
    if (this.chunk.length >= 1 << 16) await this.end();
  }
  async end(): Promise<void> {
    if (this.chunk) await this.out.write(this.chunk);
    this.chunk = "";
  }
}

function csvCell(value: FieldValue): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
