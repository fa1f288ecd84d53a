import type { AccountResult, Value } from "@segform/engine";
import type { FieldType, Plan } from "@segform/plan";
import type { AccountRoles, RolesByAccount } from "@segform/data";

/** Roles of one account: role id -> contact keys, in contact input order. */
export type SqlAccountRoles = NonNullable<AccountRoles>;

/** Roles by account key (the account key as text): the JS engine's contact pass's own type. */
export type SqlRolesByAccount = RolesByAccount;

/** One account labelled by a SQL engine: the JS engine's result shape, plus its roles when contacts were given. */
export interface SqlAccountRow extends AccountResult {
  roles?: SqlAccountRoles;
  /** Each field's coerced value, in `plan.fields` order, as the JS engine holds it (with `withValues`). */
  values?: Value[];
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
  /** Field types, when the rows carry the fields' values (`withValues`). */
  private readonly valueTypes: FieldType[] | null;

  constructor(plan: Plan, withValues = false) {
    this.keyType = plan.fields.find((field) => field.name === plan.key)?.type;
    this.scoreCount = plan.scores.length;
    this.valueTypes = withValues ? plan.fields.map((field) => field.type) : null;
    this.withAudiences = plan.audiences !== undefined;
  }

  /** Whether the rows carry an `audiences` column after the activations. */
  private readonly withAudiences: boolean;

  read(values: readonly unknown[]): SqlAccountRow {
    const scores = new Array<number>(this.scoreCount);
    for (let i = 0; i < this.scoreCount; i++) scores[i] = numberValue(values[2 + i]);
    const at = 2 + this.scoreCount;
    const activations = textValue(values[at + 2]);
    const row: SqlAccountRow = {
      key: keyValue(values[0], this.keyType),
      icp: booleanValue(values[1]),
      scores,
      tier: textValue(values[at]),
      segment: textValue(values[at + 1]),
      activations: activations === null ? [] : activations.split(";"),
    };
    let next = at + 3;
    if (this.withAudiences) {
      const audiences = textValue(values[next++]);
      row.audiences = audiences === null || audiences === "" ? [] : audiences.split(";");
    }
    if (this.valueTypes) row.values = this.valueTypes.map((type, index) => fieldValue(values[next + index], type));
    return row;
  }
}

/**
 * A coerced field value from a driver, as the JS engine holds it: numbers (DuckDB BIGINT arrives as a bigint,
 * PostgreSQL bigint as text), dates as day numbers (the query outputs them so), lists as arrays of text (DuckDB
 * gives a list value with `items`, node-postgres an array), text and booleans as they are.
 */
function fieldValue(value: unknown, type: FieldType): Value {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "integer":
    case "number":
    case "date":
      return numberValue(value);
    case "boolean":
      return booleanValue(value);
    case "string[]": {
      const items = Array.isArray(value) ? value : (value as { items?: unknown[] }).items;
      if (!Array.isArray(items)) throw new Error(`sql: a list value of unexpected shape ${typeof value}`);
      return items.map((item) => String(item));
    }
    default:
      return String(value);
  }
}

/** Attaches each account's roles (when contacts were given) to the rows of a run. */
export async function* withRoles(
  rows: AsyncIterable<SqlAccountRow>,
  roles: SqlRolesByAccount | undefined,
): AsyncGenerator<SqlAccountRow> {
  if (!roles) {
    yield* rows;
    return;
  }
  for await (const row of rows) {
    row.roles = row.key === null ? undefined : roles.get(String(row.key));
    yield row;
  }
}
