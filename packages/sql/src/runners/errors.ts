import type { PlanField } from "@segform/plan";
import { missingColumnsText } from "@segform/data";

/**
 * A problem with the data or the database that stops a SQL run: a missing file or table, a column the plan needs
 * that the input lacks, a connection that fails. Shown to the user without a stack trace (exit 2). Bugs in segform
 * stay ordinary errors.
 */
export class SqlRunError extends Error {
  constructor(
    /** A stable code: SEG103 (column missing), SEG105 (malformed data), SEG106 (unreadable input), SEG107 (unknown format), SEG110 (database). */
    readonly code: string,
    message: string,
    readonly hint?: string,
    /** The file or table the problem is in. */
    readonly source?: string,
  ) {
    super(message);
  }
}

/** The JS reader's SEG103: the fields whose column the input lacks, in plan order. */
export function missingColumns(
  fields: readonly PlanField[],
  available: readonly string[],
  where: string,
  path: string,
  has: string,
): SqlRunError | undefined {
  const have = new Set(available);
  const absent = fields.filter((field) => !have.has(field.column));
  if (!absent.length) return undefined;
  const { message, hint } = missingColumnsText(absent, available, where, has);
  return new SqlRunError("SEG103", message, hint, path);
}
