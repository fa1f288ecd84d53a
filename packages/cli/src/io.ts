import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Where a command writes: the process's streams when segform runs as a program, other streams when it runs in
 * process (tests, an embedding tool) through `main(argv, io)`. Commands write through `io()`, never to
 * `process.stdout` / `process.stderr` directly, so two runs in one process do not mix their output.
 */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

// Made on the first in-process run only: on Node 20 a running AsyncLocalStorage puts a hook on every promise the
// command makes (2.4x the cost of an awaited promise, measured), which the program itself does not need.
let storage: AsyncLocalStorage<Io> | undefined;
let processIo: Io | undefined;

/** The streams of the command running in this async context (the process's outside of `main`). */
export function io(): Io {
  return storage?.getStore() ?? processIo ?? { stdout: process.stdout, stderr: process.stderr };
}

/** Runs `fn` with `streams` as its io (everything it awaits, and every callback it schedules, sees them). */
export function withIo<T>(streams: Io, fn: () => Promise<T>): Promise<T> {
  storage ??= new AsyncLocalStorage<Io>();
  return storage.run(streams, fn);
}

/** The program's own io: one command per process (bin.ts), so no async context is needed to tell runs apart. */
export function setProcessIo(streams: Io): void {
  processIo = streams;
}

/** Writes to stdout honouring back-pressure; a closed pipe (e.g. `| head`) ends quietly. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (io().stdout.write(text)) resolve();
    else {
      io().stdout.once("drain", resolve);
      io().stdout.once("error", reject);
    }
  });
}
