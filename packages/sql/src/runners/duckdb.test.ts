import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT_COLUMNS,
  AS_OF,
  CONTACT_COLUMNS,
  accountCells,
  collect,
  contactCells,
  csvText,
  fixturePlan,
  jsResults,
  jsRoles,
} from "../../test/runner-fixture.js";
import { ResultFormatter } from "@segform/data";
import type { AccountResult } from "@segform/engine";
import { duckDbRoles, runDuckDb, writeDuckDbCsv } from "./duckdb.js";
import { SqlRunError } from "./errors.js";

const plan = fixturePlan();
const accounts = accountCells(3_000);
const contacts = contactCells(3_000);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "segform-duckdb-runner-"));
  writeFileSync(join(dir, "accounts.csv"), csvText(ACCOUNT_COLUMNS, accounts));
  writeFileSync(join(dir, "contacts.csv"), csvText(CONTACT_COLUMNS, contacts));
  // The same accounts as JSON Lines: numbers where the cell is a plain number, lists for technologies.
  const jsonValue = (column: string, cell: string): unknown => {
    if (cell === "") return null;
    if (column === "Tech") return cell.split(";");
    if (/^-?\d+(\.\d+)?$/.test(cell) && column !== "Id") return Number(cell);
    return cell;
  };
  const lines = accounts.map((cells) =>
    JSON.stringify(Object.fromEntries(ACCOUNT_COLUMNS.map((column, i) => [column, jsonValue(column, cells[i]!)]))),
  );
  writeFileSync(join(dir, "accounts.jsonl"), lines.join("\n") + "\n");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `segform run --out FILE.csv` writes for these results (the CLI's formatter). */
function formatted(results: AccountResult[], roles?: Map<string, Map<string, (string | number)[]>>): string {
  const formatter = new ResultFormatter(plan, "csv", roles !== undefined);
  let text = formatter.begin();
  for (const result of results)
    text += formatter.row(result, result.key === null ? undefined : roles?.get(String(result.key)));
  return text + formatter.end();
}

describe("writeDuckDbCsv", () => {
  it("writes the CLI formatter's bytes, with and without roles, and counts what it wrote", async () => {
    // Keys that need quoting, and Unicode, next to the generated ones.
    const cells = accountCells(3_000).map((row, index) => {
      // Each used once (a key repeated is an input error); the spaces around the last are trimmed away.
      const hostile = ["A,1", 'say "hi"', "line\nbreak", "cr\rlf", "Ünïcødé ✓", "😀", "  A-7x  "];
      return index % 250 === 1 && index < 250 * hostile.length ? [hostile[(index / 250) | 0]!, ...row.slice(1)] : row;
    });
    writeFileSync(join(dir, "hostile.csv"), csvText(ACCOUNT_COLUMNS, cells));
    const expected = jsResults(plan, cells);
    const out = join(dir, "out.csv");
    const counts = await writeDuckDbCsv(plan, { data: join(dir, "hostile.csv"), asOf: AS_OF, path: out });
    expect(readFileSync(out, "utf8")).toBe(formatted(expected));
    expect(counts).toEqual({
      accounts: 3_000,
      icp: expected.filter((result) => result.icp).length,
      tiers: tally(expected.map((result) => result.tier)),
      segments: tally(expected.map((result) => result.segment)),
    });

    const roles = jsRoles(plan, contacts);
    const withRoles = await writeDuckDbCsv(plan, {
      data: join(dir, "hostile.csv"),
      asOf: AS_OF,
      path: out,
      contacts: join(dir, "contacts.csv"),
    });
    expect(readFileSync(out, "utf8")).toBe(formatted(expected, roles));
    // Contacts of the accounts whose ids were replaced above belong to no account of the data.
    const keys = new Set(expected.map((result) => String(result.key)));
    const orphans = [...roles.keys()].filter((key) => !keys.has(key));
    expect(orphans.length).toBeGreaterThan(3);
    expect(withRoles!.orphans!.sort()).toEqual(orphans.sort());
  });

  it("keeps the input order over many row groups", async () => {
    const cells = accountCells(200_000, 3);
    writeFileSync(join(dir, "large.csv"), csvText(ACCOUNT_COLUMNS, cells));
    const out = join(dir, "large-out.csv");
    await writeDuckDbCsv(plan, { data: join(dir, "large.csv"), asOf: AS_OF, path: out });
    expect(readFileSync(out, "utf8")).toBe(formatted(jsResults(plan, cells)));
  });
});

describe("writeDuckDbCsv under an explicit DuckDB memory limit", () => {
  it("reads CSV accounts and contacts and writes the same bytes (the CSV buffer is sized from the line limit, not 16x it)", async () => {
    const cells = accountCells(200_000, 5);
    writeFileSync(join(dir, "limited.csv"), csvText(ACCOUNT_COLUMNS, cells));
    const out = join(dir, "limited-out.csv");
    const saved = process.env.SEGFORM_DUCKDB_MEMORY_LIMIT;
    process.env.SEGFORM_DUCKDB_MEMORY_LIMIT = "100MB";
    try {
      await writeDuckDbCsv(plan, {
        data: join(dir, "limited.csv"),
        asOf: AS_OF,
        path: out,
        contacts: join(dir, "contacts.csv"),
      });
    } finally {
      if (saved === undefined) delete process.env.SEGFORM_DUCKDB_MEMORY_LIMIT;
      else process.env.SEGFORM_DUCKDB_MEMORY_LIMIT = saved;
    }
    expect(readFileSync(out, "utf8")).toBe(formatted(jsResults(plan, cells), jsRoles(plan, contacts)));
  });

  async function underLimit(limit: string): Promise<unknown> {
    const saved = process.env.SEGFORM_DUCKDB_MEMORY_LIMIT;
    process.env.SEGFORM_DUCKDB_MEMORY_LIMIT = limit;
    try {
      await collect(runDuckDb(plan, { data: join(dir, "accounts.csv"), asOf: AS_OF }));
      return undefined;
    } catch (error) {
      return error;
    } finally {
      if (saved === undefined) delete process.env.SEGFORM_DUCKDB_MEMORY_LIMIT;
      else process.env.SEGFORM_DUCKDB_MEMORY_LIMIT = saved;
    }
  }

  it("a limit too small for the CSV buffer is SEG130 naming the file and the limit, not an internal error", async () => {
    const error = (await underLimit("20MB")) as SqlRunError;
    expect(error).toBeInstanceOf(SqlRunError);
    expect(error.code).toBe("SEG130");
    expect(error.source).toBe(join(dir, "accounts.csv"));
    expect(error.message).toMatch(
      /^DuckDB ran out of memory \(SEGFORM_DUCKDB_MEMORY_LIMIT=20MB\): could not allocate block of size 65\.0 MiB/,
    );
    expect(error.hint).toBe(
      "raise SEGFORM_DUCKDB_MEMORY_LIMIT (a CSV read alone needs about 200MB), or unset it; --engine js reads in bounded memory",
    );
  });

  it("a COPY that fails leaves no file of DuckDB's beside the output (its tmp_<name>)", async () => {
    const sub = join(dir, "failed-copy");
    mkdirSync(sub);
    // The CLI hands the runner its own temporary file, already created: DuckDB would write a tmp_ file beside it.
    const out = join(sub, ".segform-tmp-1-out.csv");
    writeFileSync(out, "");
    const saved = process.env.SEGFORM_DUCKDB_MEMORY_LIMIT;
    process.env.SEGFORM_DUCKDB_MEMORY_LIMIT = "20MB";
    let error: unknown;
    try {
      await writeDuckDbCsv(plan, { data: join(dir, "accounts.csv"), asOf: AS_OF, path: out });
    } catch (caught) {
      error = caught;
    } finally {
      if (saved === undefined) delete process.env.SEGFORM_DUCKDB_MEMORY_LIMIT;
      else process.env.SEGFORM_DUCKDB_MEMORY_LIMIT = saved;
    }
    expect((error as SqlRunError).code).toBe("SEG130");
    expect(readdirSync(sub)).toEqual([".segform-tmp-1-out.csv"]);
  });

  it("a limit that is not a size is SEG131 before DuckDB starts", async () => {
    for (const limit of ["lots", "100", "1e9MB", "-5GB"]) {
      const error = (await underLimit(limit)) as SqlRunError;
      expect(error).toBeInstanceOf(SqlRunError);
      expect([error.code, error.message, error.source]).toEqual([
        "SEG131",
        `SEGFORM_DUCKDB_MEMORY_LIMIT=${JSON.stringify(limit)} is not a memory size`,
        undefined,
      ]);
    }
  });
});

function tally(values: (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe("runDuckDb", () => {
  it("labels every account of a CSV file exactly as the JS engine does, in input order", async () => {
    const expected = jsResults(plan, accounts);
    // The data exercises every part of the plan.
    expect(new Set(expected.map((result) => result.tier))).toEqual(new Set([null, "t1", "t2"]));
    expect(new Set(expected.map((result) => result.segment))).toEqual(
      new Set([null, "hot", "data", "big", "top", "rest"]),
    );
    expect(expected.filter((result) => result.tier === "t1")).toHaveLength(15);
    expect(await collect(runDuckDb(plan, { data: join(dir, "accounts.csv"), asOf: AS_OF }))).toEqual(expected);
  });

  it("gives the same results from JSON Lines", async () => {
    const csv = await collect(runDuckDb(plan, { data: join(dir, "accounts.csv"), asOf: AS_OF }));
    expect(await collect(runDuckDb(plan, { data: join(dir, "accounts.jsonl"), asOf: AS_OF }))).toEqual(csv);
  });

  it("assigns roles as the JS engine does, and attaches them to each account when given contacts", async () => {
    const expected = jsRoles(plan, contacts);
    expect(expected.size).toBeGreaterThan(100);
    expect(await duckDbRoles(plan, { contacts: join(dir, "contacts.csv"), asOf: AS_OF })).toEqual(expected);
    const rows = [];
    for await (const row of runDuckDb(plan, {
      data: join(dir, "accounts.csv"),
      asOf: AS_OF,
      contacts: join(dir, "contacts.csv"),
    }))
      rows.push(row);
    expect(rows[1]!.roles).toEqual(expected.get(String(rows[1]!.key)));
    expect(rows.filter((row) => row.roles !== undefined).length).toBeGreaterThan(100);
  });

  it("cleans up its spill directory, also when the reader stops early", async () => {
    const spill = join(dir, "tmp");
    mkdirSync(spill);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = spill;
    try {
      for await (const row of runDuckDb(plan, { data: join(dir, "accounts.csv"), asOf: AS_OF })) {
        expect(readdirSync(spill)).toHaveLength(1);
        expect(row.key).toBe("A-0");
        break;
      }
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(readdirSync(spill)).toEqual([]);
  });

  it("reports data problems as SqlRunError", async () => {
    await expect(collect(runDuckDb(plan, { data: join(dir, "contacts.csv"), asOf: AS_OF }))).rejects.toMatchObject({
      code: "SEG103",
      message:
        "columns Id (field account_id), Demo (field demo), Employees (field employees), Intent (field intent), Region (field region), Revenue (field revenue), Tech (field tech), LastVisit (field visit) missing from the data",
    });
    writeFileSync(join(dir, "broken.jsonl"), '{"Id": "a"}\n{"Id": \n');
    await expect(collect(runDuckDb(plan, { data: join(dir, "broken.jsonl"), asOf: AS_OF }))).rejects.toMatchObject({
      code: "SEG105",
    });
  });
});
