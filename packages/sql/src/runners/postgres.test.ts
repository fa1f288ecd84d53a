// Runs against the throwaway PostgreSQL server of test/setup/postgres.ts (or SEGFORM_TEST_PG_URL).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import {
  ACCOUNT_COLUMNS,
  AS_OF,
  CONTACT_COLUMNS,
  accountCells,
  collect,
  contactCells,
  fixturePlan,
  jsResults,
  jsRoles,
} from "../../test/runner-fixture.js";
import { SqlRunError } from "./errors.js";
import { postgresRoles, redactUrl, runPostgres } from "./postgres.js";

const url = inject("segformPgUrl");
const plan = fixturePlan();
const accounts = accountCells(3_000);
const contacts = contactCells(3_000);
const schema = `segform_runner_${process.pid}`;

describe("redactUrl", () => {
  it("hides the password", () => {
    expect(redactUrl("postgres://me:s3cret@db.example:5432/crm?sslmode=require")).toBe(
      "postgres://me:***@db.example:5432/crm?sslmode=require",
    );
    expect(redactUrl("postgres://me@db/crm")).toBe("postgres://me@db/crm");
  });

  it("hides a password in the query string, in libpq keyword/value form, and wherever else it appears", () => {
    expect(redactUrl("postgres://me@db/crm?password=s3cret&sslmode=require")).toBe(
      "postgres://me@db/crm?password=***&sslmode=require",
    );
    expect(redactUrl("postgresql://db/crm?user=me&PASSWORD=s3cret")).toBe("postgresql://db/crm?user=me&PASSWORD=***");
    expect(redactUrl("postgres://me:p%40ss@db/crm?sslpassword=k3y")).toBe("postgres://me:***@db/crm?sslpassword=***");
    expect(redactUrl("host=db user=me password=s3cret dbname=crm")).toBe("host=db user=me password=*** dbname=crm");
    expect(redactUrl("host=db password = 'se cr\\'et' dbname=crm")).toBe("host=db password=*** dbname=crm");
    // Unparseable as a URL: the driver's parser still finds the password, and it is masked wherever it appears.
    expect(redactUrl("postgres://me:s3cret@db:notaport/crm")).toBe("postgres://me:***@db:notaport/crm");
    expect(redactUrl("postgres://me:s3cret@db/crm?application_name=s3cret")).toBe(
      "postgres://me:***@db/crm?application_name=***",
    );
  });

  it("never prints the password in a connection error", async () => {
    const error = await runPostgres(plan, { url: "host=127.0.0.1 password=s3cret", table: "accounts", asOf: AS_OF })
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlRunError);
    expect((error as SqlRunError).message).toBe("invalid PostgreSQL URL host=127.0.0.1 password=***");
  });
});

describe.skipIf(!url)("runPostgres", () => {
  let client: pg.Client;

  /** A table of text columns holding the cells as written (empty stays empty), in input order by segform_row. */
  async function load(table: string, columns: string[], rows: string[][]): Promise<void> {
    const names = ["segform_row", ...columns].map((name) => `"${name}"`);
    await client.query(
      `CREATE TABLE ${schema}.${table} (${names.map((name, i) => `${name} ${i === 0 ? "bigint" : "text"}`).join(", ")})`,
    );
    for (let start = 0; start < rows.length; start += 1000) {
      const values: unknown[] = [];
      const tuples = rows.slice(start, start + 1000).map((cells, offset) => {
        const base = values.length;
        values.push(start + offset + 1, ...cells);
        return `(${names.map((_, i) => `$${base + i + 1}`).join(", ")})`;
      });
      await client.query(`INSERT INTO ${schema}.${table} VALUES ${tuples.join(", ")}`, values);
    }
  }

  beforeAll(async () => {
    client = new pg.Client({ connectionString: url! });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await load("accounts", ACCOUNT_COLUMNS, accounts);
    await load("contacts", CONTACT_COLUMNS, contacts);
  });

  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client?.end();
  });

  const options = { url: url!, table: `${schema}.accounts`, asOf: AS_OF, rowColumn: "segform_row" };

  it("labels every account of a table exactly as the JS engine does, in input order", async () => {
    expect(await collect(runPostgres(plan, options))).toEqual(jsResults(plan, accounts));
  });

  it("streams through the cursor a batch at a time, with the same results whatever the batch size", async () => {
    const whole = await collect(runPostgres(plan, options));
    expect(await collect(runPostgres(plan, { ...options, batchRows: 7 }))).toEqual(whole);
  });

  it("assigns roles as the JS engine does, and attaches them to each account with a contacts table", async () => {
    const expected = jsRoles(plan, contacts);
    expect(await postgresRoles(plan, { ...options, contactsTable: `${schema}.contacts` })).toEqual(expected);
    const rows = [];
    for await (const row of runPostgres(plan, { ...options, contactsTable: `${schema}.contacts` })) rows.push(row);
    const withContacts = rows.filter((row) => expected.has(String(row.key)));
    expect(withContacts.length).toBeGreaterThan(100);
    expect(rows.filter((row) => row.roles !== undefined)).toEqual(withContacts);
    for (const row of withContacts) expect(row.roles).toEqual(expected.get(String(row.key)));
  });

  it("reports an unreachable server, a missing table and missing columns as SqlRunError", async () => {
    const unreachable = await collect(
      runPostgres(plan, { ...options, url: "postgres://nobody:secret@127.0.0.1:1/none" }),
    ).catch((error: unknown) => error);
    expect(unreachable).toBeInstanceOf(SqlRunError);
    expect(unreachable).toMatchObject({ code: "SEG108" });
    expect((unreachable as Error).message).toMatch(
      /^cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/,
    );

    await expect(collect(runPostgres(plan, { ...options, table: `${schema}.nothing` }))).rejects.toMatchObject({
      code: "SEG108",
      message: `table ${schema}.nothing does not exist in the database`,
    });
    await expect(collect(runPostgres(plan, { ...options, table: `${schema}.contacts` }))).rejects.toMatchObject({
      code: "SEG103",
      message: `columns Id (field account_id), Demo (field demo), Employees (field employees), Intent (field intent), Region (field region), Revenue (field revenue), Tech (field tech), LastVisit (field visit) missing from table ${schema}.contacts`,
    });
  });
});
