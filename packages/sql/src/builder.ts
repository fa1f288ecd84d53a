/**
 * The one way SQL text is made (house rule 7). Generated SQL is assembled only from `Sql` fragments, and a
 * fragment comes only from the `sql` tagged template, whose static text is segform's own code: every
 * interpolated value becomes a literal quoted for the dialect (strings, finite numbers, booleans, dates, NULL),
 * identifiers go through `ident`, and nothing else can be interpolated. User text can never become SQL.
 *
 * Literals and identifiers never contain a raw line break or control character (they are written as escapes,
 * or refused), so fragments can be re-indented safely and every generated query is plain printable text.
 *
 * Per dialect:
 * - duckdb: 'text' with '' for a quote; a backslash is an ordinary character; characters that do not print
 *   (controls, format characters, separators other than the space, private use, unassigned) are appended as
 *   chr(n): ('a' || chr(10) || 'b'). Identifiers "quoted" with "" for a quote (DuckDB matches identifiers
 *   case-insensitively even when quoted).
 * - postgres: 'text' when there is nothing to escape; otherwise E'...' with \\ for a backslash, '' for a quote
 *   and \n, \t, \uXXXX, \UXXXXXXXX escapes, so the literal means the same whatever standard_conforming_strings
 *   says (\u escapes above U+007F need a UTF8 server encoding). Identifiers "quoted", at most 63 bytes (longer
 *   names would be silently truncated by the server, so they are refused).
 * - snowflake: '...' where a backslash is an escape character: \\ and \' and \n, \t, \uXXXX escapes.
 *   Identifiers "quoted" (quoted identifiers are case-sensitive in Snowflake).
 * - bigquery: '...' with \\, \', \n, \t, \xHH, \uXXXX, \UXXXXXXXX escapes. Identifiers `quoted` with the
 *   same escapes.
 * NUL and unpaired surrogates are refused in every dialect (PostgreSQL text cannot hold NUL at all, and an
 * unpaired surrogate has no UTF-8 form), as are control characters in identifiers.
 */
import { parseIsoDay } from "@segform/plan";
import { SqlUnsupportedError } from "./errors.js";

export type Dialect = "duckdb" | "postgres" | "snowflake" | "bigquery";
export const DIALECTS: readonly Dialect[] = ["duckdb", "postgres", "snowflake", "bigquery"];

export function isDialect(name: string): name is Dialect {
  return (DIALECTS as readonly string[]).includes(name);
}

/** Proof that a fragment was made by this module (the constructor cannot be called from outside). */
const TOKEN = Symbol("sql");

/** A fragment of SQL for one dialect. */
export class Sql {
  /** @internal */
  constructor(
    token: typeof TOKEN,
    readonly dialect: Dialect,
    readonly text: string,
  ) {
    if (token !== TOKEN) throw new Error("sql: fragments are made only by the sql builder");
  }
  toString(): string {
    return this.text;
  }
}

/** A calendar date (YYYY-MM-DD, years 0001-9999), interpolated as a DATE literal. */
export class SqlDate {
  constructor(readonly iso: string) {
    if (parseIsoDay(iso) === null) throw new RangeError(`sql: invalid date ${JSON.stringify(iso)}`);
  }
}

/** What may be interpolated: fragments, and values that become literals. */
export type SqlValue = Sql | SqlDate | string | number | boolean | null;

/** Separators `join` accepts: punctuation, whitespace and the boolean / concatenation operators. */
const SEPARATOR = /^(?:[\s,;+]|\|\||AND|OR)*$/;

export interface SqlBuilder {
  readonly dialect: Dialect;
  /** Tagged template: sql`${ident("x")} > ${5}`. */
  sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql;
  /** A quoted identifier. */
  ident(name: string): Sql;
  /** A possibly qualified name (`schema.table`): split on dots, each part quoted. */
  qualified(name: string): Sql;
  /** A literal for one value. */
  literal(value: Exclude<SqlValue, Sql>): Sql;
  /** Fragments joined by a fixed separator. */
  join(parts: readonly Sql[], separator: string): Sql;
  /** The fragment with every line after the first indented by `spaces` spaces. */
  indent(fragment: Sql, spaces: number): Sql;
  /** A `--` comment of segform's own words (printable ASCII, one line; anything else is refused). */
  comment(text: string): Sql;
}

const COMMENT = /^[ -~]*$/;

/** Characters written as escapes rather than as themselves: they do not print, or are invisible. */
const NON_PRINTING = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]|(?! )\p{Zs}/u;
const CONTROL = /\p{Cc}/u;

function codePoints(text: string, dialect: Dialect, what: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out.push((unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      throw new SqlUnsupportedError(
        `${what} ${JSON.stringify(text)} has an unpaired surrogate (U+${hex(unit, 4)}), which has no UTF-8 form`,
        dialect,
        null,
        "remove the character",
      );
    }
    if (unit === 0)
      throw new SqlUnsupportedError(
        `${what} ${JSON.stringify(text)} contains a NUL character, which SQL text cannot carry`,
        dialect,
        null,
        "remove the NUL character",
      );
    out.push(unit);
  }
  return out;
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

function nonPrinting(cp: number): boolean {
  return NON_PRINTING.test(String.fromCodePoint(cp));
}

const C_ESCAPES: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };

function stringLiteral(dialect: Dialect, value: string): string {
  const points = codePoints(value, dialect, "string");
  switch (dialect) {
    case "duckdb": {
      // No escapes inside DuckDB strings: printable runs are quoted, other characters are chr(n).
      const pieces: string[] = [];
      let run = "";
      let open = false;
      for (const cp of points) {
        if (nonPrinting(cp)) {
          if (open) pieces.push(`'${run}'`);
          run = "";
          open = false;
          pieces.push(`chr(${cp})`);
        } else {
          const ch = String.fromCodePoint(cp);
          run += ch === "'" ? "''" : ch;
          open = true;
        }
      }
      if (open || pieces.length === 0) pieces.push(`'${run}'`);
      return pieces.length === 1 ? pieces[0]! : `(${pieces.join(" || ")})`;
    }
    case "postgres": {
      const plain = points.every((cp) => cp !== 0x5c && !nonPrinting(cp));
      if (plain) return `'${value.replace(/'/g, "''")}'`;
      let out = "";
      for (const cp of points) {
        if (cp === 0x5c) out += "\\\\";
        else if (cp === 0x27) out += "''";
        else if (C_ESCAPES[cp]) out += C_ESCAPES[cp];
        else if (nonPrinting(cp)) out += cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`;
        else out += String.fromCodePoint(cp);
      }
      return `E'${out}'`;
    }
    case "snowflake": {
      let out = "";
      for (const cp of points) {
        if (cp === 0x5c) out += "\\\\";
        else if (cp === 0x27) out += "\\'";
        else if (C_ESCAPES[cp]) out += C_ESCAPES[cp];
        // Snowflake's \u takes four hex digits; a non-printing character above U+FFFF (private use, tags)
        // is written as itself, which is valid UTF-8 and not a line break.
        else if (nonPrinting(cp) && cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
        else out += String.fromCodePoint(cp);
      }
      return `'${out}'`;
    }
    case "bigquery":
      return `'${bigQueryEscapes(points, 0x27)}'`;
  }
}

function bigQueryEscapes(points: number[], quote: number): string {
  let out = "";
  for (const cp of points) {
    if (cp === 0x5c) out += "\\\\";
    else if (cp === quote) out += "\\" + String.fromCharCode(quote);
    else if (C_ESCAPES[cp]) out += C_ESCAPES[cp];
    else if (cp === 0x0b) out += "\\v";
    else if (nonPrinting(cp))
      out += cp < 0x80 ? `\\x${hex(cp, 2)}` : cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`;
    else out += String.fromCodePoint(cp);
  }
  return out;
}

function identifier(dialect: Dialect, name: string): string {
  if (name === "")
    throw new SqlUnsupportedError("an empty name cannot be a SQL identifier", dialect, null, "name the column");
  const points = codePoints(name, dialect, "identifier");
  if (points.some((cp) => CONTROL.test(String.fromCodePoint(cp)))) {
    throw new SqlUnsupportedError(
      `the name ${JSON.stringify(name)} contains a control character and cannot be a SQL identifier`,
      dialect,
      null,
      "rename the column",
    );
  }
  switch (dialect) {
    case "postgres":
      if (Buffer.byteLength(name, "utf8") > 63) {
        throw new SqlUnsupportedError(
          `the name ${JSON.stringify(name)} is longer than PostgreSQL's 63-byte identifier limit (it would be truncated silently)`,
          dialect,
          null,
          "use a shorter column or score name",
        );
      }
      return `"${name.replace(/"/g, '""')}"`;
    case "duckdb":
    case "snowflake":
      return `"${name.replace(/"/g, '""')}"`;
    case "bigquery":
      return "`" + bigQueryEscapes(points, 0x60) + "`";
  }
}

function numberLiteral(dialect: Dialect, value: number): string {
  if (!Number.isFinite(value)) throw new Error(`sql: refusing non-finite number ${value}`);
  if (Number.isSafeInteger(value)) {
    const text = String(Object.is(value, -0) ? 0 : value);
    // Parenthesised when negative, so that `a - ${n}` can never read as a `--` comment.
    return value < 0 ? `(${text})` : text;
  }
  // A double, typed as one: parsing the shortest round-trip text gives back exactly this number in every
  // engine (a DECIMAL literal cast to DOUBLE could round twice).
  const text = `'${String(value)}'`;
  switch (dialect) {
    case "duckdb":
      return `CAST(${text} AS DOUBLE)`;
    case "postgres":
      return `CAST(${text} AS DOUBLE PRECISION)`;
    case "snowflake":
      return `CAST(${text} AS FLOAT)`;
    case "bigquery":
      return `CAST(${text} AS FLOAT64)`;
  }
}

function literalText(dialect: Dialect, value: Exclude<SqlValue, Sql>): string {
  if (value === null) return "NULL";
  if (value instanceof SqlDate) return `DATE '${value.iso}'`;
  switch (typeof value) {
    case "string":
      return stringLiteral(dialect, value);
    case "number":
      return numberLiteral(dialect, value);
    case "boolean":
      return value ? "TRUE" : "FALSE";
    default:
      throw new Error(`sql: refusing to interpolate ${typeof value}`);
  }
}

const builders = new Map<Dialect, SqlBuilder>();

/** The builder for one dialect. */
export function sqlBuilder(dialect: Dialect): SqlBuilder {
  const existing = builders.get(dialect);
  if (existing) return existing;
  const make = (text: string) => new Sql(TOKEN, dialect, text);
  const piece = (value: SqlValue): string => {
    if (value instanceof Sql) {
      if (value.dialect !== dialect) throw new Error(`sql: a ${value.dialect} fragment cannot go into ${dialect} SQL`);
      return value.text;
    }
    return literalText(dialect, value);
  };
  const builder: SqlBuilder = {
    dialect,
    sql(strings, ...values) {
      let out = strings[0]!;
      values.forEach((value, index) => {
        out += piece(value) + strings[index + 1]!;
      });
      return make(out);
    },
    ident: (name) => make(identifier(dialect, name)),
    qualified: (name) =>
      make(
        name
          .split(".")
          .map((part) => identifier(dialect, part))
          .join("."),
      ),
    literal: (value) => make(literalText(dialect, value)),
    join(parts, separator) {
      if (!SEPARATOR.test(separator)) throw new Error(`sql: invalid separator ${JSON.stringify(separator)}`);
      return make(parts.map(piece).join(separator));
    },
    indent(fragment, spaces) {
      return make(piece(fragment).replace(/\n/g, "\n" + " ".repeat(spaces)));
    },
    comment(text) {
      if (!COMMENT.test(text))
        throw new Error(`sql: a comment must be one line of printable ASCII: ${JSON.stringify(text)}`);
      return make(`-- ${text}`);
    },
  };
  builders.set(dialect, builder);
  return builder;
}
