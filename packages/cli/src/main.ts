import { CommanderError } from "commander";
import { buildProgram } from "./program.js";
import { formatDiagnostic } from "@segform/spec";
import { CliError, EXIT, LocatedError } from "./errors.js";
import { io, withIo, type Io } from "./io.js";

/**
 * Runs the CLI and returns the exit code. Never lets a stack trace reach the user (SEGFORM_DEBUG=1 shows it).
 * `streams`: where the command writes (default: the process's stdout and stderr), for running it in process.
 */
export async function main(argv: string[], streams?: Io): Promise<number> {
  return streams ? withIo(streams, () => run(argv)) : run(argv);
}

async function run(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return await handleError(error);
  }
}

async function handleError(error: unknown): Promise<number> {
  const err = io().stderr;
  // Loaded here, not at start-up: only a failed command pays for the data package.
  const { DataError } = await import("@segform/data");
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return EXIT.ok;
    return EXIT.usage;
  }
  if (error instanceof LocatedError) {
    err.write(formatDiagnostic(error.diagnostic, error.sourceText) + "\n");
    return error.exitCode;
  }
  if (error instanceof CliError) {
    if (!error.reported && error.message) err.write(`error: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ""}`);
    return error.exitCode;
  }
  if (error instanceof DataError) {
    const where = error.line !== undefined ? `${error.file}:${error.line}` : error.file;
    err.write(`${where}: error ${error.code}: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ""}`);
    return EXIT.input;
  }
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === "string" && ["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "EROFS", "ENOSPC"].includes(e.code)) {
    err.write(`error: ${e.message}\n`);
    return EXIT.input;
  }
  err.write(`internal error: ${(error as Error)?.message ?? String(error)}\n  this is a bug in segform; please report it with the command you ran${process.env.SEGFORM_DEBUG ? "" : " (SEGFORM_DEBUG=1 shows the stack)"}\n`);
  if (process.env.SEGFORM_DEBUG) err.write(`${(error as Error)?.stack ?? ""}\n`);
  return EXIT.internal;
}
