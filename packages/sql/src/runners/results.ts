import type { AccountResult } from "@segform/engine";
import type { FieldType, Plan } from "@segform/plan";
import type { AccountRoles, RolesByAccount } from "@segform/data";

/** Roles of one account: role id -> contact keys, in contact input order. */
export type SqlAccountRoles = NonNullable<AccountRoles>;

/** Roles by account key (the account key as text): the JS engine's contact pass's own type. */
export type SqlRolesByAccount = RolesByAccount;

/** One account labelled by a SQL engine: the JS engine's result shape, plus its roles when contacts were given. */
export interface SqlAccountRow extends AccountResult {
  roles?: SqlAccountRoles;
}

/** A key as the JS engine holds it: a number for integer and number fields (and dates: the day number), the text otherwise. */
export function keyValue(text: unknown, type: FieldType | undefined): string | number | null {
  if (text === null || text === undefined) return null;
  const value = String(text);
  if (type === "integer" || type === "number" || type === "date") {
    const number = Number(value);
    if (value.trim() !== "" && Number.isFinite(number)) return number;
  }
  return value;
}

/** A numeric result value (DuckDB: number, bigint or decimal; PostgreSQL: number or numeric text) as a number. */
export function numberValue(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (value === null || value === undefined) return 0;
  return Number(String(value));
}

function textValue(value: unknown): string | null {
  return value === null || value === undefined || value === "" ? null : String(value);
}

function booleanValue(value: unknown): boolean {
  return value === true || value === "t" || value === "true" || value === 1 || value === 1n;
}

/**
 * Reads the compiled accounts query's rows (columns: key, icp, one per score, tier, segment, activations) into
 * the JS engine's result shape, so the CLI's formatter prints the same bytes for every engine.
 */
export class AccountRowReader {
  private readonly keyType: FieldType | undefined;
  private readonly scoreCount: number;

  constructor(plan: Plan) {
    this.keyType = plan.fields.find((field) => field.name === plan.key)?.type;
    this.scoreCount = plan.scores.length;
  }

  read(values: readonly unknown[]): SqlAccountRow {
    const scores = new Array<number>(this.scoreCount);
    for (let i = 0; i < this.scoreCount; i++) scores[i] = numberValue(values[2 + i]);
    const at = 2 + this.scoreCount;
    const activations = textValue(values[at + 2]);
    return {
      key: keyValue(values[0], this.keyType),
      icp: booleanValue(values[1]),
      scores,
      tier: textValue(values[at]),
      segment: textValue(values[at + 1]),
      activations: activations === null ? [] : activations.split(";"),
    };
  }
}

/** Attaches each account's roles (when contacts were given) to the rows of a run. */
export async function* withRoles(rows: AsyncIterable<SqlAccountRow>, roles: SqlRolesByAccount | undefined): AsyncGenerator<SqlAccountRow> {
  if (!roles) {
    yield* rows;
    return;
  }
  for await (const row of rows) {
    row.roles = row.key === null ? undefined : roles.get(String(row.key));
    yield row;
  }
}
