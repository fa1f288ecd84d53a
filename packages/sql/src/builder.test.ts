// The builder: hostile strings in every dialect, refused values, identifiers; round trips through DuckDB and
// PostgreSQL, and through a decoder of the documented escape syntax for Snowflake and BigQuery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, SqlDate, sqlBuilder, type Dialect } from "./builder.js";
import { SqlUnsupportedError } from "./errors.js";
import { duckdb, postgres, postgresUrl, type TestEngine } from "../test/engines.js";

const HOSTILE = [
  "",
  "plain",
  "'",
  "''",
  "\\",
  "\\'",
  "a'b\\c",
  "it's a \\'test\\'",
  "\n",
  "\r\n",
  "\t",
  "line\nbreak",
  "\u0001\u0007\b\u000b\f\u001b\u007f",
  "\u0085",
  "\u00a0",
  "\u200b\u200e\u2028\u2029\ufeff",
  "é ü ß",
  "日本語",
  "😀",
  "\u{10ffff}",
  "\u{e0001}",
  "\u{f0000}",
  "$$",
  "$tag$ x $tag$",
  "--",
  "-- comment",
  "/*",
  "*/",
  "/* x */",
  "E'x'",
  "U&'\\0041'",
  "\\x41\\u0041\\n",
  '"',
  '""',
  "`",
  "``",
  "%s ? $1 :name @p",
  "'; DROP TABLE accounts; --",
  "a\u0300",
];

describe("literals", () => {
  it("quote strings per dialect", () => {
    const text = (dialect: Dialect, value: string) => sqlBuilder(dialect).literal(value).text;
    expect(text("duckdb", "a'b\\c")).toBe("'a''b\\c'");
    expect(text("duckdb", "a\nb")).toBe("('a' || chr(10) || 'b')");
    expect(text("duckdb", "\t")).toBe("chr(9)");
    expect(text("duckdb", "")).toBe("''");
    expect(text("postgres", "a'b")).toBe("'a''b'");
    expect(text("postgres", "a'b\\c")).toBe("E'a''b\\\\c'");
    expect(text("postgres", "a\nb\u2028")).toBe("E'a\\nb\\u2028'");
    expect(text("postgres", "\u{e0001}")).toBe("E'\\U000E0001'");
    expect(text("snowflake", "a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(text("snowflake", "a\nb\u0001")).toBe("'a\\nb\\u0001'");
    expect(text("snowflake", "$$")).toBe("'$$'");
    expect(text("bigquery", "a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(text("bigquery", "a\nb\u0001\u000b\u2028\u{e0001}")).toBe("'a\\nb\\x01\\v\\u2028\\U000E0001'");
    expect(text("bigquery", "é😀")).toBe("'é😀'");
  });

  it("never put a raw line break or control character into SQL text", () => {
    for (const dialect of DIALECTS) {
      for (const value of HOSTILE) {
        const text = sqlBuilder(dialect).literal(value).text;
        expect(text, `${dialect} ${JSON.stringify(value)}`).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
      }
    }
  });

  it("refuse NUL and unpaired surrogates in every dialect", () => {
    for (const dialect of DIALECTS) {
      const b = sqlBuilder(dialect);
      expect(() => b.literal("a\u0000b")).toThrow(SqlUnsupportedError);
      expect(() => b.literal("a\ud800b")).toThrow(SqlUnsupportedError);
      expect(() => b.literal("\udc00")).toThrow(/unpaired surrogate/);
    }
  });

  it("write numbers as exact literals: integers plain (negative ones parenthesised), doubles typed", () => {
    const duck = sqlBuilder("duckdb");
    expect(duck.literal(40).text).toBe("40");
    expect(duck.literal(-0).text).toBe("0");
    expect(duck.literal(-15).text).toBe("(-15)");
    expect(duck.sql`a -${-1}`.text).toBe("a -(-1)");
    expect(duck.literal(0.1).text).toBe("CAST('0.1' AS DOUBLE)");
    expect(duck.literal(1e21).text).toBe("CAST('1e+21' AS DOUBLE)");
    expect(sqlBuilder("postgres").literal(2.5).text).toBe("CAST('2.5' AS DOUBLE PRECISION)");
    expect(sqlBuilder("snowflake").literal(2.5).text).toBe("CAST('2.5' AS FLOAT)");
    expect(sqlBuilder("bigquery").literal(-2.5).text).toBe("CAST('-2.5' AS FLOAT64)");
    for (const value of [NaN, Infinity, -Infinity]) expect(() => duck.literal(value)).toThrow(/non-finite/);
  });

  it("write booleans, NULL and dates", () => {
    const b = sqlBuilder("bigquery");
    expect(b.sql`${true} ${false} ${null} ${new SqlDate("0001-01-01")}`.text).toBe("TRUE FALSE NULL DATE '0001-01-01'");
    expect(() => new SqlDate("2026-02-30")).toThrow(RangeError);
    expect(() => new SqlDate("2026-11-01'; --")).toThrow(RangeError);
  });

  it("refuse anything else, and fragments of another dialect", () => {
    const b = sqlBuilder("duckdb");
    expect(() => b.sql`${{} as unknown as string}`).toThrow(/refusing/);
    expect(() => b.sql`${undefined as unknown as string}`).toThrow(/refusing/);
    expect(() => b.sql`${10n as unknown as number}`).toThrow(/refusing/);
    expect(() => b.sql`${sqlBuilder("postgres").ident("x")}`).toThrow(/postgres fragment/);
    expect(() => b.join([b.sql`a`], "; DROP")).toThrow(/separator/);
  });
});

describe("identifiers", () => {
  it("quote per dialect, every part of a qualified name", () => {
    expect(sqlBuilder("duckdb").ident('we"ird').text).toBe('"we""ird"');
    expect(sqlBuilder("postgres").qualified("analytics.accounts").text).toBe('"analytics"."accounts"');
    expect(sqlBuilder("snowflake").qualified("DB.PUBLIC.Accounts").text).toBe('"DB"."PUBLIC"."Accounts"');
    expect(sqlBuilder("bigquery").qualified("my-project.crm.accounts").text).toBe("`my-project`.`crm`.`accounts`");
    expect(sqlBuilder("bigquery").ident("a`b\\c").text).toBe("`a\\`b\\\\c`");
  });

  it("refuse empty names, control characters, and PostgreSQL names it would truncate", () => {
    for (const dialect of DIALECTS) {
      const b = sqlBuilder(dialect);
      expect(() => b.ident("")).toThrow(SqlUnsupportedError);
      expect(() => b.ident("a\nb")).toThrow(/control character/);
      expect(() => b.ident("a\u0000")).toThrow(SqlUnsupportedError);
    }
    expect(() => sqlBuilder("postgres").ident("x".repeat(64))).toThrow(/63-byte/);
    expect(sqlBuilder("postgres").ident("é".repeat(31)).text).toBe(`"${"é".repeat(31)}"`);
    expect(() => sqlBuilder("postgres").ident("é".repeat(32))).toThrow(/63-byte/);
  });
});

describe("comments", () => {
  it("take only one line of printable ASCII", () => {
    const b = sqlBuilder("duckdb");
    expect(b.comment("stage one").text).toBe("-- stage one");
    expect(() => b.comment("a\nDROP TABLE x")).toThrow(/comment/);
    expect(() => b.comment("é")).toThrow(/comment/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Round trips

/** Reads a Snowflake single-quoted literal back, by its documented escapes. */
function decodeSnowflake(text: string): string {
  expect(text.startsWith("'") && text.endsWith("'")).toBe(true);
  const body = text.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "'") {
      expect(body[i + 1]).toBe("'");
      out += "'";
      i++;
    } else if (ch === "\\") {
      const next = body[++i]!;
      const simple: Record<string, string> = {
        "\\": "\\",
        "'": "'",
        '"': '"',
        n: "\n",
        t: "\t",
        r: "\r",
        b: "\b",
        f: "\f",
        "0": "\0",
      };
      if (next === "u") {
        out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (simple[next] !== undefined) out += simple[next];
      else throw new Error(`unknown escape \\${next}`);
    } else out += ch;
  }
  return out;
}

/** Reads a BigQuery quoted literal or identifier back, by its documented escapes. */
function decodeBigQuery(text: string, quote: string): string {
  expect(text.startsWith(quote) && text.endsWith(quote)).toBe(true);
  const body = text.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    expect(ch).not.toBe(quote);
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = body[++i]!;
    const simple: Record<string, string> = {
      a: "\u0007",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
      "?": "?",
      '"': '"',
      "'": "'",
      "`": "`",
    };
    if (simple[next] !== undefined) out += simple[next];
    else if (next === "x") {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === "u") {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (next === "U") {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16));
      i += 8;
    } else throw new Error(`unknown escape \\${next}`);
  }
  return out;
}

describe("documented escapes read back to the same text", () => {
  it("Snowflake strings", () => {
    for (const value of HOSTILE) expect(decodeSnowflake(sqlBuilder("snowflake").literal(value).text)).toBe(value);
  });
  it("BigQuery strings and identifiers", () => {
    for (const value of HOSTILE) {
      expect(decodeBigQuery(sqlBuilder("bigquery").literal(value).text, "'")).toBe(value);
      if (value !== "" && !/\p{Cc}/u.test(value))
        expect(decodeBigQuery(sqlBuilder("bigquery").ident(value).text, "`")).toBe(value);
    }
  });
});

function roundTrip(name: string, connect: () => Promise<TestEngine>): void {
  describe(`${name} reads every hostile literal and identifier back unchanged`, () => {
    let db: TestEngine;
    beforeAll(async () => {
      db = await connect();
    });
    afterAll(async () => db?.close());

    it("strings", async () => {
      const b = sqlBuilder(db.dialect);
      const items = HOSTILE.map((value, index) => b.sql`${value} AS ${b.ident(`v${index}`)}`);
      const [row] = await db.query(b.sql`SELECT ${b.join(items, ", ")}`.text);
      HOSTILE.forEach((value, index) => expect(row![`v${index}`], JSON.stringify(value)).toBe(value));
    });

    it("identifiers", async () => {
      const b = sqlBuilder(db.dialect);
      const names = HOSTILE.filter(
        (value) =>
          value !== "" && !/\p{Cc}/u.test(value) && !(db.dialect === "postgres" && Buffer.byteLength(value) > 63),
      );
      // DuckDB matches names case-insensitively: only names distinct when lower-cased go into one query.
      const distinct = [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
      const items = distinct.map((name, index) => b.sql`${index} AS ${b.ident(name)}`);
      const [row] = await db.query(b.sql`SELECT ${b.join(items, ", ")}`.text);
      expect(Object.keys(row!).sort()).toEqual([...distinct].sort());
    });

    it("numbers, booleans and dates", async () => {
      const b = sqlBuilder(db.dialect);
      const [row] = await db.query(
        b.sql`SELECT ${0.1} + ${0.2} AS ${b.ident("sum")}, ${-15} AS ${b.ident("neg")}, ${1e21} AS ${b.ident("big")}, ${true} AS ${b.ident("yes")}, ${new SqlDate("2024-02-29")} = ${new SqlDate("2024-02-29")} AS ${b.ident("same")}`
          .text,
      );
      expect(row!.sum).toBe(0.1 + 0.2);
      expect(Number(row!.neg)).toBe(-15);
      expect(row!.big).toBe(1e21);
      expect(row!.yes).toBe(true);
      expect(row!.same).toBe(true);
    });
  });
}

roundTrip("DuckDB", duckdb);
const pgUrl = postgresUrl();
if (pgUrl) roundTrip("PostgreSQL", () => postgres(pgUrl));
else it.skip("PostgreSQL reads every hostile literal back (no PostgreSQL server)", () => {});
