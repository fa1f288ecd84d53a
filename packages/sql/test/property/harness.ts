// The property test's harness: one case is a plan, an as-of date and raw accounts. The JS engine labels the
// accounts (the reference); DuckDB and PostgreSQL load the same raw text into a fixed table of text columns
// (NULL for a missing value) and run the compiled query. Both sides are read and formatted as `segform run`
// prints them (keys through the CLI's key reading, scores through formatScore), and compared row by row.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import fc from "fast-check";
import pg from "pg";
import { formatScore } from "@segform/data";
import { ContactIndex, Engine, evaluateAccounts, type AccountResult } from "@segform/engine";
import {
  PLAN_VERSION,
  computeText,
  withHash,
  type Expr,
  type Plan,
  type PlanScore,
  type UnhashedPlan,
} from "@segform/plan";
import { sqlBuilder, type Dialect } from "../../src/builder.js";
import { compileSql } from "../../src/compile.js";
import { AccountRowReader } from "../../src/runners/results.js";
import { ROW_COLUMN } from "../engines.js";
import { buildPlan, COLUMNS, CONTACT_COLUMNS, type PlanSpec, type RawContact, type RawRow } from "./arbitraries.js";

export const TABLE = "accounts";
export const CONTACTS_TABLE = "contacts";

// ---------------------------------------------------------------------------------------------------------------
// A case, printable when fast-check reports it

export class PropertyCase {
  constructor(
    readonly plan: Plan,
    readonly asOf: string,
    readonly rows: RawRow[],
    /** The contacts (read when the plan has a contacts section). */
    readonly contacts: RawContact[] = [],
  ) {}

  static fromSpec(spec: PlanSpec, rows: RawRow[], contacts: RawContact[] = []): PropertyCase {
    const { plan, asOf } = buildPlan(spec);
    return new PropertyCase(plan, asOf, rows, plan.contacts ? contacts : []);
  }

  [fc.toStringMethod](): string {
    return "\n" + renderCase(this.plan, this.asOf, this.rows, this.contacts) + "\n";
  }
}

export const caseArb = (
  planSpec: fc.Arbitrary<PlanSpec>,
  rows: fc.Arbitrary<RawRow[]>,
  contacts: fc.Arbitrary<RawContact[]> = fc.constant([]),
) =>
  fc.tuple(planSpec, rows, contacts).map(([spec, accounts, people]) => PropertyCase.fromSpec(spec, accounts, people));

/** A hand-written case over the property's columns (for reproductions): every field plain, the rest as given. */
export function handCase(
  parts: Partial<Omit<UnhashedPlan, "planVersion">>,
  rows: Partial<RawRow>[],
  asOf = "2026-11-01",
): PropertyCase {
  const fields = COLUMNS.map((c) => ({
    name: c.field,
    type: c.type,
    column: c.column,
    default: null,
    nullable: true,
    enum: null,
    separator: ";",
  }));
  const plan = withHash({
    planVersion: PLAN_VERSION,
    name: "reproduction",
    key: "id",
    fields,
    icp: { op: "const", value: true },
    scores: [],
    tiers: [],
    segments: [],
    fallback: { id: "rest", activate: [] },
    contacts: null,
    activations: [],
    destinations: [],
    quality: {},
    ...parts,
  });
  const full = rows.map((row) => Object.fromEntries(COLUMNS.map((c) => [c.column, row[c.column] ?? null])) as RawRow);
  return new PropertyCase(plan, asOf, full);
}

// ---------------------------------------------------------------------------------------------------------------
// Labels, as the CLI prints them

export interface Labels {
  key: string | null;
  icp: boolean;
  scores: string[];
  tier: string | null;
  segment: string | null;
  activations: string;
  /** Null when the plan has no audiences. */
  audiences: string | null;
}

function labels(result: AccountResult): Labels {
  return {
    key: result.key === null ? null : String(result.key),
    icp: result.icp,
    scores: result.scores.map((score) => String(formatScore(score))),
    tier: result.tier,
    segment: result.segment,
    activations: result.activations.join(";"),
    audiences: result.audiences === undefined ? null : result.audiences.join(";"),
  };
}

/** The JS engine's labels: raw text through the plan's coercion (a missing column is undefined, as in a CSV without it). */
export function jsLabels(
  plan: Plan,
  asOf: string,
  rows: readonly RawRow[],
  contacts: readonly RawContact[] = [],
): Labels[] {
  const engine = new Engine(plan, { asOf });
  if (plan.contacts) {
    // Every contact first (ContactIndex), as `segform run` reads them.
    const index = new ContactIndex(plan, engine.asOfDay);
    contacts.forEach((contact, row) => {
      const record: Record<string, unknown> = {};
      for (const c of CONTACT_COLUMNS)
        if (contact[c.column] !== null && contact[c.column] !== undefined) record[c.column] = contact[c.column];
      index.add(index.coercer.fromObject(record), row);
    });
    engine.useContacts(index);
  }
  const values = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const c of COLUMNS)
      if (row[c.column] !== null && row[c.column] !== undefined) record[c.column] = row[c.column];
    return engine.coercer.fromObject(record);
  });
  return evaluateAccounts(engine, values).map(labels);
}

/** A SQL engine's labels: the query's rows read by the runners' reader (what `segform run --engine ...` prints). */
export function sqlLabels(plan: Plan, rows: readonly unknown[][]): Labels[] {
  const reader = new AccountRowReader(plan);
  // key, icp, one column per score, tier, segment, activations
  const width = plan.scores.length + 5 + (plan.audiences ? 1 : 0);
  return rows.map((row) => {
    if (row.length !== width) throw new Error(`the query gave ${row.length} columns, expected ${width}`);
    return labels(reader.read(row));
  });
}

/** Where the two label lists differ, one line per account and label. */
export function differences(
  sql: readonly Labels[],
  js: readonly Labels[],
  rows: readonly RawRow[],
  plan: Plan,
): string[] {
  const out: string[] = [];
  if (sql.length !== js.length) out.push(`SQL gave ${sql.length} rows, the JS engine ${js.length}`);
  const names: (keyof Labels)[] = ["key", "icp", "scores", "tier", "segment", "activations", "audiences"];
  for (let i = 0; i < Math.min(sql.length, js.length); i++) {
    for (const name of names) {
      const got = JSON.stringify(sql[i]![name]);
      const want = JSON.stringify(js[i]![name]);
      if (got === want) continue;
      const what = name === "scores" ? `scores [${plan.scores.map((s) => s.name).join(", ")}]` : name;
      out.push(`account ${i + 1} (raw key ${JSON.stringify(rows[i]?.id ?? null)}): ${what}: SQL ${got}, JS ${want}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Readable rendering of a case

function value(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(value).join(", ")}]` : typeof v === "string" ? JSON.stringify(v) : String(v);
}

export function renderExpr(expr: Expr): string {
  switch (expr.op) {
    case "const":
      return expr.value ? "always" : "never";
    case "named":
      return `${expr.name}{${renderExpr(expr.arg)}}`;
    case "define":
      return `define:${expr.name}`;
    case "not":
      return `not (${renderExpr(expr.arg)})`;
    case "and":
    case "or":
      return expr.args.length === 0
        ? expr.op === "and"
          ? "all[]"
          : "any[]"
        : `(${expr.args.map(renderExpr).join(` ${expr.op} `)})`;
    case "contacts":
      return `contacts ${expr.measure} ${expr.test} ${value(expr.value)}`;
    case "test": {
      const name =
        expr.ref.kind === "score"
          ? `score:${expr.ref.name}`
          : expr.ref.measure
            ? `${expr.ref.name}.${expr.ref.measure}`
            : expr.ref.name;
      if (expr.test === "exists" || expr.test === "missing") return `${name} ${expr.test}`;
      return `${name} ${expr.test} ${value(expr.value)}`;
    }
  }
}

function renderScore(score: PlanScore): string {
  if (score.kind === "field") return `${score.name} = field ${score.field} (clamped)`;
  return `${score.name} = sum of:\n${score.criteria.map((c) => `      ${c.id}: ${c.points} when ${renderExpr(c.when)}`).join("\n")}`;
}

export function renderCase(
  plan: Plan,
  asOf: string,
  rows: readonly RawRow[],
  contacts: readonly RawContact[] = [],
): string {
  const lines: string[] = [];
  lines.push(`as of ${asOf}; key ${plan.key}`);
  // Fields: every one is declared; those with an enum or a default get a line of their own.
  const plain = plan.fields.filter((f) => !f.enum && f.default === null);
  lines.push(`fields: ${plain.map((f) => `${f.name} (${f.type}, column ${JSON.stringify(f.column)})`).join(", ")}`);
  for (const f of plan.fields.filter((f) => f.enum || f.default !== null)) {
    const extra = [
      f.enum ? `enum ${value(f.enum)}` : "",
      f.default !== null ? `default ${value(f.default)}` : "",
    ].filter(Boolean);
    lines.push(`  ${f.name}: ${f.type} from ${JSON.stringify(f.column)}, ${extra.join(", ")}`);
  }
  for (const field of plan.computed ?? [])
    lines.push(`computed ${field.name} (${field.type}): ${computeText(field.expr)}`);
  for (const define of plan.defines ?? []) lines.push(`define ${define.name}: ${renderExpr(define.when)}`);
  lines.push(`icp: ${renderExpr(plan.icp)}`);
  if (plan.scores.length) lines.push("scores:", ...plan.scores.map((s) => `  ${renderScore(s)}`));
  for (const t of plan.tiers) {
    const rank = t.rankBy.map((r) => `${r.ref.kind === "score" ? "score:" : ""}${r.ref.name} ${r.order}`).join(", ");
    lines.push(
      `tier ${t.id}: when ${renderExpr(t.when)}; capacity ${t.capacity ?? "none"}; rank by [${rank}]; activate [${t.activate.join(", ")}]`,
    );
  }
  for (const s of plan.segments)
    lines.push(`segment ${s.id}: when ${renderExpr(s.when)}; activate [${s.activate.join(", ")}]`);
  lines.push(`fallback ${plan.fallback.id}: activate [${plan.fallback.activate.join(", ")}]`);
  if (plan.segmentScope) lines.push(`segments scope: ${plan.segmentScope}`);
  for (const a of plan.audiences ?? [])
    lines.push(`audience ${a.id}: when ${renderExpr(a.when)}; activate [${a.activate.join(", ")}]`);
  for (const a of plan.activations) lines.push(`activation ${a.name}${a.when ? `: when ${renderExpr(a.when)}` : ""}`);
  lines.push(`accounts (${rows.length}), raw text by column (null: missing):`);
  rows.forEach((row, i) => {
    const cells = COLUMNS.filter((c) => row[c.column] !== null).map(
      (c) => `${JSON.stringify(c.column)}: ${JSON.stringify(row[c.column])}`,
    );
    lines.push(`  ${i + 1}. {${cells.join(", ")}}`);
  });
  if (plan.contacts) {
    lines.push(
      `contacts (${contacts.length}), raw text by column (null: missing); roles: ${plan.contacts.roles.map((r) => `${r.id} when ${renderExpr(r.when)}`).join("; ")}`,
    );
    contacts.forEach((contact, i) => {
      const cells = CONTACT_COLUMNS.filter((c) => contact[c.column] !== null).map(
        (c) => `${JSON.stringify(c.column)}: ${JSON.stringify(contact[c.column])}`,
      );
      lines.push(`  ${i + 1}. {${cells.join(", ")}}`);
    });
  }
  lines.push(`plan JSON: ${JSON.stringify(plan)}`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Engines: one fixed table of text columns, reloaded per case

export interface PropertyDb {
  dialect: Dialect;
  /** Replaces the table's rows with these (row numbers 1..n in the row column), and the contacts table's. */
  load(rows: readonly RawRow[], contacts?: readonly RawContact[]): Promise<void>;
  /** The query's rows as arrays, in column order. */
  query(text: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

/** Compiles the case for the engine's dialect, loads its accounts and returns both sides' labels. */
export async function runCase(
  db: PropertyDb,
  c: PropertyCase,
): Promise<{ sql: Labels[]; js: Labels[]; query: string }> {
  const js = jsLabels(c.plan, c.asOf, c.rows, c.contacts);
  const { accounts } = compileSql(c.plan, {
    dialect: db.dialect,
    table: TABLE,
    asOf: c.asOf,
    rowColumn: ROW_COLUMN,
    contactsTable: CONTACTS_TABLE,
  });
  await db.load(c.rows, c.contacts);
  const sql = sqlLabels(c.plan, await db.query(accounts));
  return { sql, js, query: accounts };
}

/** Throws (with every difference, the case and the query) when the engine and the JS engine disagree. */
export async function checkCase(db: PropertyDb, c: PropertyCase): Promise<void> {
  let result: Awaited<ReturnType<typeof runCase>>;
  try {
    result = await runCase(db, c);
  } catch (error) {
    throw new Error(`${db.dialect}: ${(error as Error).message}`, { cause: error });
  }
  const diff = differences(result.sql, result.js, c.rows, c.plan);
  if (diff.length) throw new Error(`${db.dialect} disagrees with the JS engine:\n  ${diff.join("\n  ")}`);
}

const { sql: duckSql, ident: duckIdent, join: duckJoin } = sqlBuilder("duckdb");

/** DuckDB in process: one in-memory database; rows are appended (exact values, NULL for missing). */
export async function propertyDuckDb(): Promise<PropertyDb> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection: DuckDBConnection = await instance.connect();
  const columns = COLUMNS.map((c) => duckSql`${duckIdent(c.column)} VARCHAR`);
  await connection.run(
    duckSql`CREATE TABLE ${duckIdent(TABLE)} (${duckIdent(ROW_COLUMN)} BIGINT, ${duckJoin(columns, ", ")})`.text,
  );
  const contactColumns = CONTACT_COLUMNS.map((c) => duckSql`${duckIdent(c.column)} VARCHAR`);
  await connection.run(duckSql`CREATE TABLE ${duckIdent(CONTACTS_TABLE)} (${duckJoin(contactColumns, ", ")})`.text);
  return {
    dialect: "duckdb",
    async load(rows, contacts = []) {
      await connection.run(duckSql`DELETE FROM ${duckIdent(CONTACTS_TABLE)}`.text);
      if (contacts.length) {
        const people = await connection.createAppender(CONTACTS_TABLE);
        for (const contact of contacts) {
          for (const c of CONTACT_COLUMNS) {
            const cell = contact[c.column];
            if (cell === null || cell === undefined) people.appendNull();
            else people.appendVarchar(cell);
          }
          people.endRow();
        }
        people.closeSync();
      }
      await connection.run(duckSql`DELETE FROM ${duckIdent(TABLE)}`.text);
      if (rows.length === 0) return;
      const appender = await connection.createAppender(TABLE);
      rows.forEach((row, index) => {
        appender.appendBigInt(BigInt(index + 1));
        for (const c of COLUMNS) {
          const cell = row[c.column];
          if (cell === null || cell === undefined) appender.appendNull();
          else appender.appendVarchar(cell);
        }
        appender.endRow();
      });
      appender.closeSync();
    },
    async query(text) {
      const reader = await connection.runAndReadAll(text);
      return reader.getRowsJS() as unknown[][];
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const { sql: pgSql, ident: pgIdent, join: pgJoin } = sqlBuilder("postgres");

/** PostgreSQL: a schema of its own (so test files can share the server), a text table, parameterized inserts. */
export async function propertyPostgres(url: string): Promise<PropertyDb> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = `segform_property_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await client.query(pgSql`CREATE SCHEMA ${pgIdent(schema)}`.text);
  await client.query(pgSql`SET search_path TO ${pgIdent(schema)}`.text);
  const columns = COLUMNS.map((c) => pgSql`${pgIdent(c.column)} TEXT`);
  await client.query(
    pgSql`CREATE TABLE ${pgIdent(TABLE)} (${pgIdent(ROW_COLUMN)} BIGINT, ${pgJoin(columns, ", ")})`.text,
  );
  const contactColumns = CONTACT_COLUMNS.map((c) => pgSql`${pgIdent(c.column)} TEXT`);
  await client.query(pgSql`CREATE TABLE ${pgIdent(CONTACTS_TABLE)} (${pgJoin(contactColumns, ", ")})`.text);
  const truncate = pgSql`TRUNCATE ${pgIdent(TABLE)}, ${pgIdent(CONTACTS_TABLE)}`.text;
  const insertInto = pgSql`INSERT INTO ${pgIdent(TABLE)}`.text;
  const insertContacts = pgSql`INSERT INTO ${pgIdent(CONTACTS_TABLE)}`.text;
  return {
    dialect: "postgres",
    async load(rows, contacts = []) {
      await client.query(truncate);
      if (contacts.length) {
        const params: (string | null)[] = [];
        const tuples = contacts.map((contact) => {
          const slots = CONTACT_COLUMNS.map((c) => {
            params.push(contact[c.column] ?? null);
            return `$${params.length}`;
          });
          return `(${slots.join(", ")})`;
        });
        await client.query(`${insertContacts} VALUES ${tuples.join(", ")}`, params);
      }
      if (rows.length === 0) return;
      const params: (string | number | null)[] = [];
      const tuples = rows.map((row, index) => {
        params.push(index + 1);
        const slots = [`$${params.length}`];
        for (const c of COLUMNS) {
          params.push(row[c.column] ?? null);
          slots.push(`$${params.length}`);
        }
        return `(${slots.join(", ")})`;
      });
      // Placeholders only: the values travel as parameters, byte for byte.
      await client.query(`${insertInto} VALUES ${tuples.join(", ")}`, params);
    },
    async query(text) {
      const result = await client.query({ text, rowMode: "array" });
      return result.rows as unknown[][];
    },
    async close() {
      try {
        await client.query(pgSql`DROP SCHEMA ${pgIdent(schema)} CASCADE`.text);
      } finally {
        await client.end();
      }
    },
  };
}
