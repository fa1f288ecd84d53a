import pg from "pg";
import { sqlBuilder, type Sql } from "@segform/sql";
import type { FieldValue } from "../model.js";
import { resolveEnv, SettingError } from "../settings.js";
import {
  BatchRejectedError,
  TransientError,
  batchSize,
  type Adapter,
  type AdapterContext,
  type AdapterType,
  type Operation,
  type OperationResult,
} from "./adapter.js";

const { sql, ident, qualified, join } = sqlBuilder("postgres");

export const DEFAULT_TABLE = "segform_membership";

/**
 * `type: postgres`: a membership table, created on first use: `key` (primary key), one text column per mapped
 * field (added when a new field appears), `segform_plan_hash`, `segform_op_id` (the idempotency id that last
 * wrote the row) and `updated_at`. One transaction per batch: creates and updates are upserts (a resumed batch
 * writes the same row again), `remove` deletes the row (mirror) or sets its mapped columns to NULL (on_exit clear).
 * Drift: the table is read back.
 */
export const postgresDestination: AdapterType = {
  defaultBatchSize: 1000,
  check(settings) {
    const problems: string[] = [];
    if (typeof settings.url !== "string" || !settings.url)
      problems.push('`url:` is required (e.g. "${env:MEMBERSHIP_PG_URL}")');
    return problems;
  },
  describe(settings) {
    return `table ${typeof settings.table === "string" ? settings.table : DEFAULT_TABLE}`;
  },
  async open(context) {
    const url = resolveEnv(String(context.settings.url), context.env, `destination ${context.destination}: url`);
    if (!/^postgres(ql)?:\/\//i.test(url))
      throw new SettingError(`destination ${context.destination}: url must be postgres://...`);
    const table = typeof context.settings.table === "string" ? context.settings.table : DEFAULT_TABLE;
    return new PostgresAdapter(context, url, table);
  },
};

/** SQLSTATE classes worth retrying: connection exceptions (08), insufficient resources (53), operator intervention (57), serialization (40). */
const TRANSIENT_STATE = /^(08|53|57|40)/;

class PostgresAdapter implements Adapter {
  readonly capabilities;
  private client: pg.Client | undefined;
  private columns: Set<string> | undefined;
  private readonly table: Sql;

  constructor(
    private readonly context: AdapterContext,
    private readonly url: string,
    tableName: string,
  ) {
    this.capabilities = { batchSize: batchSize(context.settings, postgresDestination.defaultBatchSize), canRead: true };
    this.table = qualified(tableName);
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.url });
    client.on("error", () => {
      // a connection lost between batches: the next query fails and is retried on a new connection
    });
    try {
      await client.connect();
    } catch (error) {
      throw new TransientError(`cannot connect to PostgreSQL: ${message(error)}`);
    }
    this.client = client;
    await client.query(
      sql`CREATE TABLE IF NOT EXISTS ${this.table} (${ident("key")} text PRIMARY KEY, ${ident("segform_plan_hash")} text NOT NULL, ${ident("segform_op_id")} text NOT NULL, ${ident("updated_at")} timestamptz NOT NULL)`
        .text,
    );
    this.columns = await this.existingColumns(client);
    return client;
  }

  private async existingColumns(client: pg.Client): Promise<Set<string>> {
    const result = await client.query<{ name: string }>(
      "SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped",
      [this.table.text],
    );
    return new Set(result.rows.map((row) => row.name));
  }

  async send(batch: Operation[]): Promise<OperationResult[]> {
    let client: pg.Client;
    try {
      client = await this.connect();
      const fields = new Set<string>();
      for (const op of batch)
        for (const name of [...Object.keys(op.values), ...Object.keys(op.previous ?? {})]) fields.add(name);
      for (const field of [...fields].sort()) {
        if (this.columns!.has(field)) continue;
        await client.query(sql`ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS ${ident(field)} text`.text);
        this.columns!.add(field);
      }
      const upserts = batch.filter((op) => op.action !== "remove" || op.effect === "clear");
      const deletes = batch.filter((op) => op.action === "remove" && op.effect !== "clear");
      await client.query("BEGIN");
      try {
        if (upserts.length) await this.upsert(client, upserts, [...fields].sort());
        if (deletes.length)
          await client.query(sql`DELETE FROM ${this.table} WHERE ${ident("key")} = ANY($1::text[])`.text, [
            deletes.map((op) => op.key),
          ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    } catch (error) {
      if (error instanceof TransientError) throw error;
      const code = (error as { code?: string }).code;
      if (
        (code && TRANSIENT_STATE.test(code)) ||
        /Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE|not queryable/i.test(message(error))
      ) {
        await this.drop();
        throw new TransientError(`PostgreSQL: ${message(error)}`);
      }
      throw new BatchRejectedError(`PostgreSQL: ${message(error)}`);
    }
    return batch.map(() => ({ status: "ok" }));
  }

  /** One statement for the batch: unnest one text[] parameter per column, upsert on the key. */
  private async upsert(client: pg.Client, ops: Operation[], fields: string[]): Promise<void> {
    const columns = ["key", ...fields, "segform_plan_hash", "segform_op_id"];
    const parameters = columns.map((_, i) => sql`$${i + 1}::text[]`);
    const rows = columns.map((column) =>
      ops.map((op) => {
        if (column === "key") return op.key;
        if (column === "segform_plan_hash") return this.context.plan;
        if (column === "segform_op_id") return op.id;
        const value = op.values[column];
        return value === undefined ? null : String(value);
      }),
    );
    const names = join(
      columns.map((column) => ident(column)),
      ", ",
    );
    const updates = join(
      [...columns.slice(1), "updated_at"].map((column) => sql`${ident(column)} = EXCLUDED.${ident(column)}`),
      ", ",
    );
    const text =
      sql`INSERT INTO ${this.table} (${names}, ${ident("updated_at")}) SELECT *, now() FROM unnest(${join(parameters, ", ")}) ON CONFLICT (${ident("key")}) DO UPDATE SET ${updates}`
        .text;
    await client.query(text, rows);
  }

  async read(): Promise<Map<string, Record<string, FieldValue>>> {
    const client = await this.connect();
    const fields = [...this.columns!]
      .filter((name) => !["key", "segform_plan_hash", "segform_op_id", "updated_at"].includes(name))
      .sort();
    const result = await client.query<Record<string, string | null>>(
      sql`SELECT ${join([ident("key"), ...fields.map((f) => ident(f))], ", ")} FROM ${this.table}`.text,
    );
    const held = new Map<string, Record<string, FieldValue>>();
    for (const row of result.rows) {
      const values: Record<string, FieldValue> = {};
      for (const field of fields) if (row[field] !== null && row[field] !== undefined) values[field] = row[field]!;
      held.set(row.key!, values);
    }
    return held;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.drop();
  }
}

function message(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}
