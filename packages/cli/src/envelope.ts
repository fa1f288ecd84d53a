import { AsyncLocalStorage } from "node:async_hooks";
import { Writable } from "node:stream";
import type { Diagnostic } from "@segform/spec";
import { VERSION } from "./version.js";

/**
 * `--json`: every command that takes it prints one JSON document, the envelope, as the last thing it writes:
 *
 *   { "segform": VERSION, "command": "validate", "ok": false, "exitCode": 2,
 *     "diagnostics": [{ "code", "severity", "message", "file", "line", "column", "hint" }], "result": ... }
 *
 * Diagnostics are every error and warning the command would print on stderr (definition diagnostics, input
 * errors, data warnings grouped by file, column and code with a count and their first lines); `result` is the
 * command's data (or a summary of what it wrote), null when it failed before producing any. The envelope goes to
 * stdout, except where stdout carries the command's data stream (`run` and `report` without `--out`): then to
 * stderr, which then holds nothing else.
 */
export interface EnvelopeDiagnostic {
  code: string;
  severity: "error" | "warning";
  message: string;
  /** null when the problem is not in a file (a bad option, a database). */
  file: string | null;
  line: number | null;
  column: number | null;
  hint: string | null;
  /** Data warnings only: the input column, how many values the group holds, and the first lines. */
  dataColumn?: string;
  count?: number;
  lines?: number[];
}

export class JsonEnvelope {
  readonly diagnostics: EnvelopeDiagnostic[] = [];
  private readonly seen = new Set<string>();
  result: unknown = null;
  /** Overrides `exitCode === 0` (plan --detailed-exitcode: exit 2 means changes, not a failure). */
  ok: boolean | undefined;
  constructor(
    readonly command: string,
    /** Where the envelope goes. */
    readonly stream: NodeJS.WritableStream,
  ) {}

  add(diagnostic: Diagnostic): void {
    const at = diagnostic.location;
    this.push({
      code: diagnostic.code,
      severity: diagnostic.severity,
      message: diagnostic.message,
      file: at?.file ?? null,
      line: at?.line ?? null,
      column: at?.column ?? null,
      hint: diagnostic.hint ?? null,
    });
  }

  /** Adds a diagnostic once (a command may meet the same one twice, e.g. compile warnings kept in a test report). */
  push(diagnostic: EnvelopeDiagnostic): void {
    const key = JSON.stringify(diagnostic);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }

  render(exitCode: number): string {
    const ok = this.ok ?? exitCode === 0;
    return (
      JSON.stringify(
        {
          segform: VERSION,
          command: this.command,
          ok,
          exitCode,
          diagnostics: this.diagnostics,
          result: this.result ?? null,
        },
        null,
        2,
      ) + "\n"
    );
  }
}

interface EnvelopeSlot {
  envelope?: JsonEnvelope;
}

// As in io.ts: an async context only for runs in process; the program's one command uses `processSlot`.
let storage: AsyncLocalStorage<EnvelopeSlot> | undefined;
let processSlot: EnvelopeSlot | undefined;

function currentSlot(): EnvelopeSlot | undefined {
  return storage?.getStore() ?? processSlot;
}

/** The envelope of the running command when it was given `--json`, else undefined. */
export function envelope(): JsonEnvelope | undefined {
  return currentSlot()?.envelope;
}

/**
 * Runs one CLI invocation with a slot that `openEnvelope` fills when the command turns out to take `--json`.
 * `ownProcess`: the only invocation in this process (bin.ts), which needs no async context.
 */
export function withEnvelopeSlot<T>(fn: (slot: EnvelopeSlot) => Promise<T>, ownProcess = false): Promise<T> {
  const slot: EnvelopeSlot = {};
  if (ownProcess) {
    processSlot = slot;
    return fn(slot);
  }
  storage ??= new AsyncLocalStorage<EnvelopeSlot>();
  return storage.run(slot, () => fn(slot));
}

export function openEnvelope(command: string, stream: NodeJS.WritableStream): JsonEnvelope {
  const slot = currentSlot();
  const opened = new JsonEnvelope(command, stream);
  if (slot) slot.envelope = opened;
  return opened;
}

/** Where human messages go under `--json`: nowhere (the envelope carries the diagnostics). */
export function discard(): NodeJS.WritableStream {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
