import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { DataError, evaluateFile, formatScore, type OnDuplicate } from "@segform/data";
import { Engine, type AccountResult } from "@segform/engine";
import { ACCOUNT_COLUMNS, AS_OF, accountCells, collect, fixturePlan } from "../../test/runner-fixture.js";
import { runDuckDb } from "./duckdb.js";
import { runPostgres } from "./postgres.js";
import { SqlRunError } from "./errors.js";

// One reading of the data, whatever the engine (README, "How segform reads data"): every file here goes through
// the JS engine and the DuckDB engine, which must give the same verdict (exit code), the same diagnostic (code,
// line, words) and, for an accepted file, the same accounts.

const plan = fixturePlan();
const dir = mkdtempSync(join(tmpdir(), "segform-reading-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function file(content: string | Buffer, extension = "csv"): string {
  const path = join(dir, `f${files++}.${extension}`);
  writeFileSync(path, content);
  return path;
}

type Verdict = { accepted: AccountResult[] } | { code: string; line?: number; message: string };

async function js(path: string, onDuplicate?: OnDuplicate): Promise<Verdict> {
  try {
    const accepted: AccountResult[] = [];
    for await (const { result } of evaluateFile(new Engine(plan, { asOf: AS_OF }), path, { asOf: AS_OF, onDuplicate }))
      accepted.push({ ...result, scores: result.scores.map(formatScore) });
    return { accepted };
  } catch (error) {
    if (error instanceof DataError) return { code: error.code, line: error.line, message: error.message };
    throw error;
  }
}

async function duckdb(path: string, onDuplicate?: OnDuplicate): Promise<Verdict> {
  try {
    return { accepted: await collect(runDuckDb(plan, { data: path, asOf: AS_OF, onDuplicate })) };
  } catch (error) {
    if (error instanceof DataError) return { code: error.code, line: error.line, message: error.message };
    if (error instanceof SqlRunError) return { code: error.code, message: error.message };
    throw error;
  }
}

/** Both engines' verdicts, checked equal; returns the verdict. */
async function agreed(path: string, onDuplicate?: OnDuplicate): Promise<Verdict> {
  const [a, b] = [await js(path, onDuplicate), await duckdb(path, onDuplicate)];
  expect(b, path).toEqual(a);
  return a;
}

const HEADER = ACCOUNT_COLUMNS.join(",");
const rows = accountCells(8).map((cells) =>
  cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(","),
);
const lines = (...body: string[]) => [HEADER, ...body].join("\n") + "\n";
const [r1, r2, r3, r4, r5] = rows as [string, string, string, string, string];

/** name, file text, and the verdict: the number of accounts, or [code, line]. */
const CORPUS: [string, string | Buffer, number | [string, number | undefined]][] = [
  ["well-formed", lines(r1, r2, r3, r4, r5), 5],
  ["a stray quote inside a cell", lines(r1, r2, r3.replace(/,/, ',ab"c'), r4), ["SEG105", 4]],
  ["text after a closing quote", lines(r1, r2.replace(/,/, ',"ab"c,'), r3), ["SEG105", 3]],
  [
    "an unterminated quote on line 5 running into a later quote",
    lines(r1, r2, r3, r4.replace(/,/, ',"open'), r5, '"A-9",1,2,NA,,,,'),
    ["SEG105", 5],
  ],
  ["an unterminated quote at the end of the file", lines(r1, r2) + 'A-77,"open,1,2\n', ["SEG105", 4]],
  ["a quote as the last byte of the file", lines(r1, r2) + 'A-77,1,2,NA,,,,"', ["SEG105", 4]],
  ["a short row", lines(r1, "A-50,1,2", r3), ["SEG105", 3]],
  ["a long row", lines(r1, r2, r3 + ",extra"), ["SEG105", 4]],
  ["a whitespace-only line", lines(r1, "   ", r2), ["SEG105", 3]],
  ["an empty key", lines(r1, ",5,5,NA,,,,", r2), ["SEG101", 3]],
  ["a key of spaces", lines(r1, r2, '"  ",5,5,NA,,,,'), ["SEG101", 4]],
  ["a duplicate key", lines(r1, r2, r1.replace(/^[^,]*/, "A-0"), r1.replace(/^[^,]*/, "A-0")), ["SEG104", 4]],
  ["a header naming a column twice", lines(r1).replace("Region", "Employees"), ["SEG109", 1]],
  ["a missing column", lines(r1).replace("Region", "Area"), ["SEG103", 1]],
  ["blank lines", [HEADER, "", r1, "", "", r2, ""].join("\n") + "\n", 2],
  ["CRLF", [HEADER, r1, r2].join("\r\n") + "\r\n", 2],
  ["CR only", [HEADER, r1, r2].join("\r") + "\r", 2],
  ["mixed line ends", [HEADER, r1, r2].join("\r\n") + "\n" + r3 + "\r\n", ["SEG105", 3]],
  [
    "a Latin-1 byte (not UTF-8)",
    Buffer.concat([Buffer.from(lines(r1, r2) + "A-60,Caf"), Buffer.from([0xe9]), Buffer.from(",1,NA,,,,\n")]),
    ["SEG105", 4],
  ],
  ["UTF-16 with a byte-order mark", Buffer.from("\uFEFF" + lines(r1, r2), "utf16le"), ["SEG105", 1]],
  ["a BOM", "\uFEFF" + lines(r1, r2), 2],
  ["a NUL byte in a cell", lines(r1, "A-60,5,5,N\0A,,,,"), 2],
  ["quoted line breaks", lines(r1, 'A-61,5,5,"N\nA",,,,', 'A-62,5,5,"\r\n",,,,', r2), 4],
  ["no final line break", lines(r1, r2).slice(0, -1), 2],
  ["a header only", HEADER + "\n", 0],
];

describe("every engine reads a file alike", () => {
  for (const [name, text, expected] of CORPUS) {
    it(name, async () => {
      const verdict = await agreed(file(text));
      if (typeof expected === "number") expect("accepted" in verdict && verdict.accepted.length).toBe(expected);
      else expect(verdict).toMatchObject({ code: expected[0], line: expected[1] });
    });
  }

  it("JSON Lines and JSON: malformed lines, non-objects, blank lines, empty and repeated keys", async () => {
    const object = (id: unknown) =>
      JSON.stringify({
        Id: id,
        Employees: 5,
        Revenue: 1,
        Region: "NA",
        Tech: ["dbt", "aws"],
        LastVisit: null,
        Demo: true,
        Intent: 3,
      });
    const cases: [string, string, number | [string, number | undefined]][] = [
      ["jsonl", [object("A"), "", object("B")].join("\n") + "\n", 2],
      ["jsonl", [object("A"), "{oops", object("B")].join("\n"), ["SEG105", 2]],
      ["jsonl", [object("A"), "[1]"].join("\r\n"), ["SEG105", 2]],
      ["jsonl", [object("A"), object(null)].join("\n"), ["SEG101", 2]],
      ["jsonl", [object("A"), object("B"), object("A")].join("\n"), ["SEG104", 3]],
      ["json", `[${object("A")}, ${object("B")}]`, 2],
      ["json", `[${object("A")}, ${object("A")}]`, ["SEG104", 2]],
      // A list with an object or a list in it: the whole value is missing, in every engine.
      [
        "jsonl",
        [
          object("A").replace('["dbt","aws"]', '["dbt",{"x":1}]'),
          object("B").replace('["dbt","aws"]', '[["dbt"],"aws"]'),
          object("C"),
        ].join("\n"),
        3,
      ],
    ];
    for (const [extension, text, expected] of cases) {
      const verdict = await agreed(file(text, extension));
      if (typeof expected === "number") expect("accepted" in verdict && verdict.accepted.length).toBe(expected);
      else expect(verdict).toMatchObject({ code: expected[0], line: expected[1] });
    }
  });

  it("--on-duplicate first keeps each key's first row, in both engines", async () => {
    const path = file(lines(r1, r2, r1.replace(/,[^,]*/, ",9999"), r3, r2));
    const verdict = await agreed(path, "first");
    expect("accepted" in verdict && verdict.accepted.map((account) => account.key)).toEqual(
      [r1, r2, r3].map((row) => row.split(",")[0]),
    );
  });

  it("a 300,000-row file with an unterminated quote in its first lines: refused at that line by both", async () => {
    const body = accountCells(300_000, 5).map((cells) =>
      cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(","),
    );
    body[3] = body[3]!.replace(/,/, ',"Acme');
    const verdict = await agreed(file(HEADER + "\n" + body.join("\n") + "\n"));
    expect(verdict).toMatchObject({
      code: "SEG105",
      line: 5,
      message: expect.stringContaining("a quoted field that opens on this line"),
    });
  });
});

describe("Parquet: the key rules, checked in SQL with row numbers", () => {
  it("refuses a missing key and repeated keys, or keeps each key's first row", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const parquet = async (text: string) => {
      const csv = file(text);
      const path = csv.replace(/csv$/, "parquet");
      await connection.run(`COPY (SELECT * FROM read_csv('${csv}', all_varchar=true)) TO '${path}' (FORMAT parquet)`);
      return path;
    };
    try {
      expect(
        await duckdb(await parquet(lines(r1, r2, r1.replace(/^[^,]*/, "A-1"), r3, r1.replace(/^[^,]*/, "A-1")))),
      ).toEqual({
        code: "SEG104",
        message: '2 rows repeat an account key (Id): "A-1" on row 3 (first on row 2); "A-1" on row 5 (first on row 2)',
      });
      expect(await duckdb(await parquet(lines(r1, ",1,1,NA,,,,")))).toEqual({
        code: "SEG101",
        message: "account key Id is missing (row 2)",
      });
      const first = await duckdb(await parquet(lines(r1, r2, r1, r3)), "first");
      expect("accepted" in first && first.accepted.map((account) => account.key)).toEqual(
        [r1, r2, r3].map((row) => row.split(",")[0]),
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

const pgUrl = inject("segformPgUrl");

describe.skipIf(!pgUrl)("PostgreSQL: the key rules, checked in SQL with row numbers", () => {
  const schema = `segform_keys_${process.pid}`;
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: pgUrl! });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client?.end();
  });

  /** A table of text columns (NULL for an empty cell) from CSV lines without quotes, with a load sequence. */
  async function table(name: string, text: string): Promise<string> {
    const [header, ...body] = text.trimEnd().split("\n");
    const columns = header!.split(",");
    await client.query(
      `CREATE TABLE ${schema}.${name} (seq bigint, ${columns.map((column) => `"${column}" text`).join(", ")})`,
    );
    for (const [index, row] of body.entries()) {
      const cells = row.split(",");
      await client.query(
        `INSERT INTO ${schema}.${name} VALUES (${[index + 1, ...cells].map((_, i) => `$${i + 1}`).join(", ")})`,
        [index + 1, ...cells.map((cell) => (cell === "" ? null : cell))],
      );
    }
    return `${schema}.${name}`;
  }

  async function postgres(
    name: string,
    options: { rowColumn?: string; onDuplicate?: OnDuplicate } = {},
  ): Promise<Verdict> {
    try {
      return { accepted: await collect(runPostgres(plan, { url: pgUrl!, table: name, asOf: AS_OF, ...options })) };
    } catch (error) {
      if (error instanceof SqlRunError) return { code: error.code, message: error.message };
      throw error;
    }
  }

  it("refuses a missing key and repeated keys (rows numbered by --row-column, else by the table's order), or keeps each key's first row", async () => {
    const plain = (row: string) => row.replace(/"[^"]*"/g, "x");
    const [p1, p2, p3] = [plain(r1), plain(r2), plain(r3)];
    const repeated = await table(
      "repeated",
      lines(p1, p2, p1.replace(/^[^,]*/, "A-1"), p3, p1.replace(/^[^,]*/, "A-1")),
    );
    expect(await postgres(repeated, { rowColumn: "seq" })).toEqual({
      code: "SEG104",
      message: '2 rows repeat an account key (Id): "A-1" on row 3 (first on row 2); "A-1" on row 5 (first on row 2)',
    });
    expect(await postgres(repeated)).toMatchObject({ code: "SEG104" });
    const missing = await table("missing", lines(p1, ",1,1,NA,,,,"));
    expect(await postgres(missing, { rowColumn: "seq" })).toEqual({
      code: "SEG101",
      message: "account key Id is missing (row 2)",
    });
    const spaces = await table("spaces", lines(p1, "   ,1,1,NA,,,,"));
    expect(await postgres(spaces, { rowColumn: "seq" })).toEqual({
      code: "SEG101",
      message: "account key Id is missing (row 2)",
    });
    const first = await postgres(await table("first", lines(p1, p2, p1, p3)), {
      rowColumn: "seq",
      onDuplicate: "first",
    });
    expect("accepted" in first && first.accepted.map((account) => account.key)).toEqual(
      [p1, p2, p3].map((row) => row.split(",")[0]),
    );
    expect(await postgres(repeated, { onDuplicate: "first" })).toMatchObject({
      code: "SEG104",
      message: "--on-duplicate first needs --row-column (which row of a key comes first?)",
    });
  });
});

describe("broken CSV (seeded property)", () => {
  // Valid files, then random damage: a quote, a delimiter or a line break inserted, or a character removed.
  const damage = fc.record({ at: fc.nat(), kind: fc.constantFrom('"', ",", "\n", "\r\n", "\r", "", "remove") });
  it("gets the same verdict, diagnostic and accounts from every engine", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.array(damage, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 1_000 }),
        async (count, damages, seed) => {
          let text = lines(
            ...accountCells(count, seed).map((cells, i) =>
              [`K-${i}`, ...cells.slice(1)]
                .map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
                .join(","),
            ),
          );
          for (const { at, kind } of damages) {
            const where = HEADER.length + 1 + (at % Math.max(1, text.length - HEADER.length - 1));
            text =
              kind === "remove"
                ? text.slice(0, where) + text.slice(where + 1)
                : text.slice(0, where) + kind + text.slice(where);
          }
          await agreed(file(text));
        },
      ),
      { numRuns: 60, seed: 2212 },
    );
  });
});
