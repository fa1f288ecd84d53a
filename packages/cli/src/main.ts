import { CommanderError } from "commander";
import { buildProgram } from "./program.js";
import { formatDiagnostic } from "@segform/spec";
import { CliError, EXIT, LocatedError } from "./errors.js";
import { io, setProcessIo, withIo, type Io } from "./io.js";
import { envelope, openEnvelope, withEnvelopeSlot } from "./envelope.js";

/**
 * Runs the CLI and returns the exit code. Never lets a stack trace reach the user (SEGFORM_DEBUG=1 shows it).
 * `streams`: where the command writes (default: the process's stdout and stderr), for running it in process.
 */
export async function main(argv: string[], streams?: Io): Promise<number> {
  // A copy the command may redirect (--json sends human messages nowhere; see envelope.ts).
  const base = streams ?? io();
  return withIo({ stdout: base.stdout, stderr: base.stderr }, () => withEnvelopeSlot(() => run(argv)));
}

/**
 * The program's entry (bin.ts): the same as `main` for the one command this process runs, without an async
 * context (which on Node 20 would slow every promise the command makes).
 */
export async function mainProcess(argv: string[]): Promise<number> {
  setProcessIo({ stdout: process.stdout, stderr: process.stderr });
  return withEnvelopeSlot(() => run(argv), true);
}

async function run(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    // A usage error commander finds before the command starts (a bad option value) still answers --json.
    if (
      error instanceof CommanderError &&
      !envelope() &&
      argv.includes("--json") &&
      !["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)
    ) {
      openEnvelope(
        argv
          .filter((arg) => !arg.startsWith("-"))
          .slice(0, argv[0] === "state" ? 2 : 1)
          .join(" ") || "segform",
        io().stdout,
      );
    }
    exitCode = await handleError(error);
  }
  const json = envelope();
  if (json) await writeAll(json.stream, json.render(exitCode));
  return exitCode;
}

function writeAll(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else {
      stream.once("drain", resolve);
      stream.once("error", () => resolve());
    }
  });
}

async function handleError(error: unknown): Promise<number> {
  const err = io().stderr;
  const json = envelope();
  // Under --json, errors are data in the envelope; the printed form goes nowhere (stderr is discarded then).
  const record = (code: string, message: string, hint?: string, file?: string, line?: number) =>
    json?.push({
      code,
      severity: "error",
      message,
      file: file ?? null,
      line: line ?? null,
      column: null,
      hint: hint ?? null,
    });
  // Loaded here, not at start-up: only a failed command pays for the data package.
  const { DataError } = await import("@segform/data");
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    )
      return EXIT.ok;
    record("SEG112", error.message.replace(/^error: /, ""), "run segform --help for usage");
    return EXIT.usage;
  }
  if (error instanceof LocatedError) {
    json?.add(error.diagnostic);
    err.write(formatDiagnostic(error.diagnostic, error.sourceText) + "\n");
    return error.exitCode;
  }
  if (error instanceof CliError) {
    if (!error.reported && error.message) {
      record(error.code ?? (error.exitCode === EXIT.check ? "SEG113" : "SEG112"), error.message, error.hint);
      const code = error.code ? ` ${error.code}` : "";
      err.write(`error${code}: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ""}`);
    }
    return error.exitCode;
  }
  if (error instanceof DataError) {
    const where = error.line !== undefined ? `${error.file}:${error.line}` : error.file;
    record(error.code, error.message, error.hint, error.file, error.line);
    err.write(`${where}: error ${error.code}: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ""}`);
    return EXIT.input;
  }
  const e = error as NodeJS.ErrnoException;
  if (
    e &&
    typeof e.code === "string" &&
    ["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "EROFS", "ENOSPC"].includes(e.code)
  ) {
    const hint = FILE_ERROR_HINTS[e.code];
    record("SEG112", e.message, hint, e.path);
    err.write(`error: ${e.message}\n${hint ? `  hint: ${hint}\n` : ""}`);
    return EXIT.input;
  }
  record(
    "SEG116",
    `internal error: ${(error as Error)?.message ?? String(error)}`,
    "this is a bug in segform; please report it with the command you ran",
  );
  err.write(
    `internal error: ${(error as Error)?.message ?? String(error)}\n  this is a bug in segform; please report it with the command you ran${process.env.SEGFORM_DEBUG ? "" : " (SEGFORM_DEBUG=1 shows the stack)"}\n`,
  );
  if (process.env.SEGFORM_DEBUG) err.write(`${(error as Error)?.stack ?? ""}\n`);
  return EXIT.internal;
}

/** What to do about a file system error the command could not avoid. */
const FILE_ERROR_HINTS: Record<string, string> = {
  ENOSPC:
    "free some disk space; large inputs and plans spill to the temporary directory, which TMPDIR can move to a disk with room",
  EACCES: "check the permissions of the file or directory named",
  EROFS: "write the output to a writable directory",
};
