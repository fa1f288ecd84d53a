import type { Dialect } from "./builder.js";

/**
 * A plan (or a name or value in it) that cannot be expressed exactly in a SQL dialect: the compiler refuses
 * rather than emit SQL that would label some account differently from the JS engine.
 */
export class SqlUnsupportedError extends Error {
  override readonly name = "SqlUnsupportedError";
  constructor(
    message: string,
    /** The dialect asked for, when the limit is the dialect's. */
    readonly dialect: Dialect | null,
    /** Where in the plan, e.g. `segment fintech` or `role economic-buyer` (null: not tied to one place). */
    readonly where: string | null = null,
    /** What to do about it. */
    readonly hint?: string,
  ) {
    super(message);
  }

  /** The same error, located at a place in the plan (the innermost location wins). */
  at(where: string): SqlUnsupportedError {
    if (this.where !== null) return this;
    return new SqlUnsupportedError(this.message, this.dialect, where, this.hint);
  }
}
