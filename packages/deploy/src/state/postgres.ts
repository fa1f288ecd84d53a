import pg from "pg";
import { compareCodePoints } from "@segform/engine";
import { canonicalJson } from "@segform/plan";
import { DeployError } from "../errors.js";
import { replay, replayFailed, type JournalEntry, type StateOverlay } from "../journal.js";
import { sortKeys } from "../order.js";
import type { StateRecord } from "../model.js";
import type { LoadedState, LockInfo, StateBackend, StateHead } from "./backend.js";
import { lockedError } from "./lock.js";

/** The NOTIFY channel a committed snapshot is announced on (payload: the destination), for `serve --state`. */
export const NOTIFY_CHANNEL = "segform_deploy_state";

/** The advisory lock key of segform's deploy state (one lock per database). */
const LOCK_KEY = 0x5e6f_0a11;

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS segform_deploy_state (destination text PRIMARY KEY, serial integer NOT NULL, plan text, journal_seq bigint NOT NULL, failed jsonb NOT NULL)",
  "CREATE TABLE IF NOT EXISTS segform_deploy_records (destination text NOT NULL, key text NOT NULL, hash text NOT NULL, record jsonb NOT NULL, PRIMARY KEY (destination, key))",
  "CREATE TABLE IF NOT EXISTS segform_deploy_journal (seq bigserial PRIMARY KEY, destination text NOT NULL, entry jsonb NOT NULL)",
  "CREATE TABLE IF NOT EXISTS segform_deploy_lock (scope text PRIMARY KEY, info jsonb NOT NULL)",
];

/**
 * State in PostgreSQL (`--state postgres://...`), so a team shares it: tables created on first use in the
 * connection's schema (segform_deploy_state, _records, _journal, _lock). The lock is a session advisory lock
 * held for the whole apply (PostgreSQL drops it when the session dies, so a killed apply leaves no stale lock);
 * its owner, pid, host and start are kept in segform_deploy_lock. A journal row is committed (durable) before the
 * apply goes on; compaction rewrites a destination's records in one transaction.
 */
export class PostgresStateBackend implements StateBackend {
  readonly location: string;
  private client: pg.Client | undefined;
  private lockClient: pg.Client | undefined;

  constructor(private readonly url: string) {
    this.location = redactUrl(url);
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = await this.newClient();
    for (const statement of SCHEMA)
      await client.query(statement).catch((error: { code?: string }) => {
        if (error.code !== "23505" && error.code !== "42P07") throw error; // another session created it first
      });
    this.client = client;
    return client;
  }

  private async newClient(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("error", () => undefined);
    try {
      await client.connect();
    } catch (error) {
      throw new DeployError(
        "SEG409",
        `cannot reach the deploy state at ${this.location}: ${(error as Error).message}`,
        "check --state and that the database is up",
        2,
      );
    }
    return client;
  }

  async lock(info: LockInfo, timeoutMs: number): Promise<void> {
    await this.connect();
    const client = await this.newClient();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [LOCK_KEY]);
      if (rows[0]!.locked) break;
      if (Date.now() >= deadline) {
        await client.end().catch(() => undefined);
        throw lockedError(await this.currentLock(), this.location);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.query(
      "INSERT INTO segform_deploy_lock (scope, info) VALUES ('deploy', $1) ON CONFLICT (scope) DO UPDATE SET info = EXCLUDED.info",
      [JSON.stringify(info)],
    );
    this.lockClient = client;
  }

  async unlock(id: string): Promise<void> {
    const client = this.lockClient;
    if (!client) return;
    this.lockClient = undefined;
    await client
      .query("DELETE FROM segform_deploy_lock WHERE scope = 'deploy' AND info->>'id' = $1", [id])
      .catch(() => undefined);
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  /** The holder, when a session holds the advisory lock (a dead session's row is not a lock). */
  async currentLock(): Promise<LockInfo | undefined> {
    const client = await this.connect();
    const holder = await this.holderPid(client);
    if (holder === undefined) return undefined;
    const { rows } = await client.query<{ info: LockInfo }>(
      "SELECT info FROM segform_deploy_lock WHERE scope = 'deploy'",
    );
    return rows[0]?.info ?? { id: `pg-${holder}`, owner: "?", pid: 0, host: "?", startedAt: "?", command: "?" };
  }

  private async holderPid(client: pg.Client): Promise<number | undefined> {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = $1 AND objsubid = 1",
      [LOCK_KEY],
    );
    return rows[0]?.pid;
  }

  /** Ends the session that holds the lock (an apply that hangs), when ID names it. */
  async forceUnlock(id: string): Promise<LockInfo | undefined> {
    const held = await this.currentLock();
    if (!held || held.id !== id) return undefined;
    const client = await this.connect();
    const pid = await this.holderPid(client);
    if (pid !== undefined) await client.query("SELECT pg_terminate_backend($1)", [pid]);
    await client.query("DELETE FROM segform_deploy_lock WHERE scope = 'deploy'");
    return held;
  }

  async list(): Promise<string[]> {
    const client = await this.reader();
    if (!client) return [];
    const { rows } = await client.query<{ destination: string }>(
      "SELECT destination FROM segform_deploy_state UNION SELECT DISTINCT destination FROM segform_deploy_journal ORDER BY 1",
    );
    return rows.map((row) => row.destination);
  }

  async load(destination: string): Promise<LoadedState> {
    const client = await this.connect();
    const head = (
      await client.query<{ serial: number; plan: string | null; journal_seq: string; failed: Record<string, string> }>(
        "SELECT serial, plan, journal_seq, failed FROM segform_deploy_state WHERE destination = $1",
        [destination],
      )
    ).rows[0];
    const records = new Map<string, StateRecord>();
    const failed = new Map<string, string>(Object.entries(head?.failed ?? {}));
    const stored = await client.query<{ record: StateRecord }>(
      "SELECT record FROM segform_deploy_records WHERE destination = $1",
      [destination],
    );
    for (const { record } of stored.rows) records.set(record.key, record);
    const journal = await client.query<{ entry: JournalEntry }>(
      "SELECT entry FROM segform_deploy_journal WHERE destination = $1 AND seq > $2 ORDER BY seq",
      [destination, head?.journal_seq ?? "0"],
    );
    const pending = journal.rows.map((row) => row.entry);
    for (const entry of pending) replay({ records, failed }, entry);
    return {
      point: { serial: head?.serial ?? 0, journal: pending.length },
      records,
      failed,
      lastPlan: head?.plan ?? null,
      pending,
    };
  }

  /**
   * A session for reading only (plan, `serve --state`): no tables are created, so a role without CREATE rights can
   * read; undefined when the state tables do not exist yet (nothing was ever applied here).
   */
  private async reader(): Promise<pg.Client | undefined> {
    if (this.client) return this.client;
    if (!this.readClient) {
      const client = await this.newClient();
      this.readClient = client;
    }
    const { rows } = await this.readClient.query<{ exists: boolean }>(
      "SELECT to_regclass('segform_deploy_state') IS NOT NULL AND to_regclass('segform_deploy_records') IS NOT NULL AND to_regclass('segform_deploy_journal') IS NOT NULL AS exists",
    );
    return rows[0]!.exists ? this.readClient : undefined;
  }

  private readClient: pg.Client | undefined;

  async head(destination: string): Promise<StateHead> {
    const client = await this.reader();
    if (!client) return { point: { serial: 0, journal: 0 }, failed: new Map(), lastPlan: null, pending: [] };
    const head = (
      await client.query<{ serial: number; plan: string | null; journal_seq: string; failed: Record<string, string> }>(
        "SELECT serial, plan, journal_seq, failed FROM segform_deploy_state WHERE destination = $1",
        [destination],
      )
    ).rows[0];
    const failed = new Map<string, string>(Object.entries(head?.failed ?? {}));
    const journal = await client.query<{ entry: JournalEntry }>(
      "SELECT entry FROM segform_deploy_journal WHERE destination = $1 AND seq > $2 ORDER BY seq",
      [destination, head?.journal_seq ?? "0"],
    );
    const pending = journal.rows.map((row) => row.entry);
    for (const entry of pending) replayFailed(failed, entry);
    return {
      point: { serial: head?.serial ?? 0, journal: pending.length },
      failed,
      lastPlan: head?.plan ?? null,
      pending,
    };
  }

  /**
   * The records in code point order of their keys (COLLATE "C": byte order of UTF-8, which is code point order),
   * fetched through a cursor 10,000 at a time, with the overlay laid over them.
   */
  async *scan(destination: string, overlay: StateOverlay): AsyncIterable<StateRecord> {
    if (!(await this.reader())) {
      // Nothing applied here yet: the overlay is the whole state.
      for (const key of sortKeys([...overlay.keys()])) {
        const changed = overlay.get(key);
        if (changed) yield changed;
      }
      return;
    }
    const client = await this.newClient();
    const changes = sortKeys([...overlay.keys()]);
    let next = 0;
    try {
      await client.query("BEGIN READ ONLY");
      await client.query(
        'DECLARE segform_scan NO SCROLL CURSOR FOR SELECT record FROM segform_deploy_records WHERE destination = $1 ORDER BY key COLLATE "C"',
        [destination],
      );
      for (;;) {
        const { rows } = await client.query<{ record: StateRecord }>("FETCH 10000 FROM segform_scan");
        if (!rows.length) break;
        for (const { record } of rows) {
          while (next < changes.length && compareKeys(changes[next]!, record.key) < 0) {
            const changed = overlay.get(changes[next++]!);
            if (changed) yield changed;
          }
          if (next < changes.length && changes[next] === record.key) {
            const changed = overlay.get(changes[next++]!);
            if (changed) yield changed;
            continue;
          }
          yield record;
        }
      }
      await client.query("COMMIT");
    } finally {
      await client.end().catch(() => undefined);
    }
    while (next < changes.length) {
      const changed = overlay.get(changes[next++]!);
      if (changed) yield changed;
    }
  }

  /** The next snapshot in one transaction: the changed records upserted, the removed ones deleted, serial + 1. */
  async commit(destination: string, overlay: StateOverlay, failed: Map<string, string>, plan: string): Promise<void> {
    const client = await this.connect();
    const upserts: StateRecord[] = [];
    const deletes: string[] = [];
    for (const [key, record] of overlay) {
      if (record) upserts.push(record);
      else deletes.push(key);
    }
    await client.query("BEGIN");
    try {
      const head = (
        await client.query<{ serial: number }>(
          "SELECT serial FROM segform_deploy_state WHERE destination = $1 FOR UPDATE",
          [destination],
        )
      ).rows[0];
      const seq =
        (
          await client.query<{ seq: string | null }>(
            "SELECT max(seq) AS seq FROM segform_deploy_journal WHERE destination = $1",
            [destination],
          )
        ).rows[0]!.seq ?? "0";
      for (let start = 0; start < deletes.length; start += 5000) {
        await client.query("DELETE FROM segform_deploy_records WHERE destination = $1 AND key = ANY($2::text[])", [
          destination,
          deletes.slice(start, start + 5000),
        ]);
      }
      for (let start = 0; start < upserts.length; start += 5000) {
        const chunk = upserts.slice(start, start + 5000);
        await client.query(
          "INSERT INTO segform_deploy_records (destination, key, hash, record) SELECT $1, key, hash, record::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS r(key, hash, record) ON CONFLICT (destination, key) DO UPDATE SET hash = EXCLUDED.hash, record = EXCLUDED.record",
          [destination, chunk.map((r) => r.key), chunk.map((r) => r.hash), chunk.map((r) => canonicalJson(r))],
        );
      }
      await client.query(
        "INSERT INTO segform_deploy_state (destination, serial, plan, journal_seq, failed) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (destination) DO UPDATE SET serial = EXCLUDED.serial, plan = EXCLUDED.plan, journal_seq = EXCLUDED.journal_seq, failed = EXCLUDED.failed",
        [destination, (head?.serial ?? 0) + 1, plan, seq, canonicalJson(Object.fromEntries(failed))],
      );
      await client.query("SELECT pg_notify($1, $2)", [NOTIFY_CHANNEL, destination]);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  async append(destination: string, entry: JournalEntry): Promise<void> {
    const client = await this.connect();
    await client.query("INSERT INTO segform_deploy_journal (destination, entry) VALUES ($1, $2)", [
      destination,
      JSON.stringify(entry),
    ]);
  }

  async compact(
    destination: string,
    state: { records: Map<string, StateRecord>; failed: Map<string, string> },
    plan: string,
  ): Promise<void> {
    const client = await this.connect();
    await client.query("BEGIN");
    try {
      const head = (
        await client.query<{ serial: number }>(
          "SELECT serial FROM segform_deploy_state WHERE destination = $1 FOR UPDATE",
          [destination],
        )
      ).rows[0];
      const seq =
        (
          await client.query<{ seq: string | null }>(
            "SELECT max(seq) AS seq FROM segform_deploy_journal WHERE destination = $1",
            [destination],
          )
        ).rows[0]!.seq ?? "0";
      await client.query("DELETE FROM segform_deploy_records WHERE destination = $1", [destination]);
      const records = [...state.records.values()];
      for (let start = 0; start < records.length; start += 5000) {
        const chunk = records.slice(start, start + 5000);
        await client.query(
          "INSERT INTO segform_deploy_records (destination, key, hash, record) SELECT $1, key, hash, record::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS r(key, hash, record)",
          [destination, chunk.map((r) => r.key), chunk.map((r) => r.hash), chunk.map((r) => canonicalJson(r))],
        );
      }
      const failed = canonicalJson(Object.fromEntries(state.failed));
      await client.query(
        "INSERT INTO segform_deploy_state (destination, serial, plan, journal_seq, failed) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (destination) DO UPDATE SET serial = EXCLUDED.serial, plan = EXCLUDED.plan, journal_seq = EXCLUDED.journal_seq, failed = EXCLUDED.failed",
        [destination, (head?.serial ?? 0) + 1, plan, seq, failed],
      );
      await client.query("SELECT pg_notify($1, $2)", [NOTIFY_CHANNEL, destination]);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  /**
   * Calls `onChange` when an apply commits a new snapshot of `destination` (a NOTIFY sent inside the committing
   * transaction, so it arrives after the commit, never for a rolled-back one), on a session of its own.
   * `onLost`: that session ended (the database restarted, the connection dropped); listen again to resume.
   * Resolves with a function that stops listening. Notifications are per database: another schema's apply to a
   * destination of the same name calls `onChange` too (the caller compares the head it reads).
   */
  async listen(
    destination: string,
    onChange: () => void,
    onLost: (error: Error) => void,
  ): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: this.url });
    let stopped = false;
    const lost = (error: Error) => {
      if (stopped) return;
      stopped = true;
      client.end().catch(() => undefined);
      onLost(error);
    };
    client.on("error", lost);
    client.on("end", () => lost(new Error("the connection ended")));
    client.on("notification", (message) => {
      if (message.channel === NOTIFY_CHANNEL && message.payload === destination) onChange();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      stopped = true;
      await client.end().catch(() => undefined);
      throw new DeployError(
        "SEG409",
        `cannot listen for changes of the deploy state at ${this.location}: ${(error as Error).message}`,
        "check --state and that the database is up",
        2,
      );
    }
    return async () => {
      stopped = true;
      await client.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    const clients = [this.client, this.readClient];
    this.client = undefined;
    this.readClient = undefined;
    for (const client of clients) await client?.end().catch(() => undefined);
  }
}

const compareKeys = compareCodePoints;

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}
