/** Exit codes: 0 ok, 1 a check failed, 2 usage or input error, 3 internal error (a bug in segform). */
export const EXIT = { ok: 0, check: 1, usage: 2, input: 2, internal: 3 } as const;

import type { Diagnostic } from "@segform/spec";

/** An error meant for the user: printed without a stack trace, with a hint, and a chosen exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly hint?: string,
    /** Already reported (e.g. diagnostics were printed). */
    readonly reported = false,
    /** A stable code of its own (else SEG112, or SEG113 for a failed check, in the --json envelope). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** An input error located in a project file: printed as a diagnostic with its code frame; exit 2. */
export class LocatedError extends CliError {
  constructor(
    readonly diagnostic: Diagnostic,
    /** The text of the file the diagnostic points into (segform's own parsed YAML), for the code frame. */
    readonly sourceText?: string,
  ) {
    super(EXIT.input, diagnostic.message, diagnostic.hint);
  }
}
