/**
 * The functions each dialect needs, written once per dialect through the builder. Everything here takes and
 * returns `Sql` fragments; the values it is given become literals.
 *
 * Notes per dialect (what differs, and why it is written this way):
 * - Regular expressions: DuckDB's regexp_matches and BigQuery's REGEXP_CONTAINS are RE2 partial matches, so
 *   the pattern goes through unchanged. PostgreSQL (`~`, ARE) and Snowflake (REGEXP_INSTR, POSIX ERE) get a
 *   translation that means exactly the same (see regex.ts), or a SqlUnsupportedError naming the pattern.
 * - Lists (string[] fields): DuckDB VARCHAR[], split by regexp_split_to_array on the separator with the
 *   whitespace around it (list_transform/list_filter for a separator holding whitespace); PostgreSQL text[] built
 *   with ARRAY(SELECT ... FROM unnest(string_to_array(...)) WITH ORDINALITY ...), with a plain split when no item
 *   can need trimming or be empty (see plainSplit). Snowflake ARRAY with TRANSFORM/FILTER over SPLIT; BigQuery
 *   ARRAY<STRING> with ARRAY(SELECT ... FROM UNNEST(SPLIT(...)) WITH OFFSET ...). Item order is kept everywhere
 *   (it does not change any test, but the lists stay readable).
 * - Joining the activation names skips NULLs: concat_ws does in DuckDB and PostgreSQL; Snowflake's CONCAT_WS
 *   returns NULL if any argument is NULL, so ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(...)); BigQuery's
 *   ARRAY_TO_STRING omits NULL elements.
 * - Numbers: DuckDB's TRY_CAST to DOUBLE parses exactly like JavaScript's Number() for the forms the coercion
 *   regexes admit, giving NULL where Number() gives Infinity (checked by the agreement tests). PostgreSQL's
 *   float8 input raises an error on overflow and on underflow to zero, so a value's decimal magnitude is worked
 *   out from its digits first (see compile.ts) and the cast only ever sees text it accepts; Snowflake and
 *   BigQuery use the same guard with TRY_CAST / SAFE_CAST.
 * - No row can raise an error: every cast sees only text a regular expression has validated, and dates are
 *   checked against the calendar arithmetically before make_date (a NULL argument makes it NULL).
 */
import { ASCII_LOWER, ASCII_UPPER } from "@segform/plan";
import { sqlBuilder, type Dialect, type Sql, type SqlBuilder, type SqlValue } from "./builder.js";
import { portableRe2, translateRegex } from "./regex.js";

/** The ASCII characters of JavaScript's trim whitespace. */
const ASCII_WHITESPACE = "\t\n\v\f\r ";

/** RE2 for the text itself: word characters as they are, other printable ASCII escaped, the rest as \x{hex}. */
function re2Literal(text: string): string {
  return [...text]
    .map((character) =>
      /^\w$/.test(character)
        ? character
        : /^[!-~]$/.test(character)
          ? `\\${character}`
          : `\\x{${character.codePointAt(0)!.toString(16)}}`,
    )
    .join("");
}

export type SqlType = "text" | "integer" | "bigint" | "double" | "boolean" | "date";

function typeName(b: SqlBuilder, type: SqlType): Sql {
  const sql = b.sql;
  switch (type) {
    case "text":
      return b.dialect === "postgres" ? sql`TEXT` : b.dialect === "bigquery" ? sql`STRING` : sql`VARCHAR`;
    case "integer":
      return b.dialect === "bigquery" ? sql`INT64` : sql`INTEGER`;
    case "bigint":
      return b.dialect === "bigquery" ? sql`INT64` : sql`BIGINT`;
    case "double":
      return b.dialect === "postgres"
        ? sql`DOUBLE PRECISION`
        : b.dialect === "snowflake"
          ? sql`FLOAT`
          : b.dialect === "bigquery"
            ? sql`FLOAT64`
            : sql`DOUBLE`;
    case "boolean":
      return b.dialect === "bigquery" ? sql`BOOL` : sql`BOOLEAN`;
    case "date":
      return sql`DATE`;
  }
}

export class DialectSql {
  readonly b: SqlBuilder;

  constructor(readonly dialect: Dialect) {
    this.b = sqlBuilder(dialect);
  }

  private get sql() {
    return this.b.sql;
  }

  /** A type name (a fixed keyword per dialect, never user text). */
  type(type: SqlType): Sql {
    return typeName(this.b, type);
  }

  cast(value: Sql, type: SqlType): Sql {
    return this.sql`CAST(${value} AS ${this.type(type)})`;
  }

  /**
   * An input column as text. PostgreSQL text gets the "C" collation, so that equality and ordering compare code
   * points whatever the column's or the database's collation (derived values keep it).
   */
  inputText(column: Sql): Sql {
    if (this.dialect === "postgres") return this.sql`(CAST(${column} AS TEXT) COLLATE "C")`;
    return this.cast(column, "text");
  }

  trim(text: Sql, characters: Sql): Sql {
    return this.dialect === "postgres"
      ? this.sql`btrim(${text}, ${characters})`
      : this.sql`trim(${text}, ${characters})`;
  }

  /**
   * JavaScript's whitespace (String.prototype.trim's set) as the body of a bracket expression in the dialect's
   * regular expressions: RE2 for DuckDB, ARE for PostgreSQL; null where no fast path is written.
   */
  get whitespaceClass(): string | null {
    switch (this.dialect) {
      case "duckdb":
        return "\\t\\n\\x{0b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}";
      case "postgres":
        return "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
      default:
        return null;
    }
  }

  /**
   * JavaScript's trim: the text without the whitespace set at either end. DuckDB's trim with a character list is
   * slow (about 1 µs a value with this 25-character set), so there it only runs for text that starts or ends with
   * whitespace: text whose first and last characters are not whitespace is its own trim, and one pattern tells.
   * PostgreSQL's btrim stops at the first character outside the set, so it is cheap as it is.
   */
  jsTrim(text: Sql, whitespace: Sql): Sql {
    if (this.dialect !== "duckdb") return this.trim(text, whitespace);
    const ws = this.whitespaceClass!;
    // trim() takes longer the longer its character list (~4x less with the six ASCII ones): ASCII text (as many
    // bytes as characters) can only hold those six of JavaScript's whitespace characters.
    const ascii = this.sql`${ASCII_WHITESPACE}`;
    return this
      .sql`CASE WHEN regexp_full_match(${text}, ${`(?s)[^${ws}](.*[^${ws}])?`}) THEN ${text} WHEN strlen(${text}) = length(${text}) THEN ${this.trim(text, ascii)} ELSE ${this.trim(text, whitespace)} END`;
  }

  /** The `n`th (1-based) piece of text split on a one-character separator (text known to have that many). */
  splitPart(text: Sql, separator: string, n: number): Sql {
    switch (this.dialect) {
      case "duckdb":
      case "postgres":
        return this.sql`split_part(${text}, ${separator}, ${n})`;
      case "snowflake":
        return this.sql`SPLIT_PART(${text}, ${separator}, ${n})`;
      case "bigquery":
        return this.sql`SPLIT(${text}, ${separator})[SAFE_OFFSET(${n - 1})]`;
    }
  }

  /** The DATE `days` (a whole number) after 1970-01-01. */
  dateFromDays(days: Sql): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`CAST(DATE '1970-01-01' + CAST(${days} AS INTEGER) AS DATE)`;
      case "postgres":
        return this.sql`(DATE '1970-01-01' + CAST(${days} AS INTEGER))`;
      case "snowflake":
        return this.sql`DATEADD(day, CAST(${days} AS INTEGER), DATE '1970-01-01')`;
      case "bigquery":
        return this.sql`DATE_ADD(DATE '1970-01-01', INTERVAL CAST(${days} AS INT64) DAY)`;
    }
  }

  /** Whole days from one DATE to another (`to - from`), as an integer; NULL when either is NULL. */
  daysBetween(from: Sql, to: Sql): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`date_diff('day', ${from}, ${to})`;
      case "postgres":
        return this.sql`(${to} - ${from})`;
      case "snowflake":
        return this.sql`DATEDIFF(day, ${from}, ${to})`;
      case "bigquery":
        return this.sql`DATE_DIFF(${to}, ${from}, DAY)`;
    }
  }

  /**
   * Text with its ASCII letters folded to one case (plan/fold.ts): translate() with the two 26-letter alphabets,
   * which every dialect reads alike, where lower() / upper() fold by Unicode or locale tables that differ.
   */
  foldCase(text: Sql, mode: "lower" | "upper"): Sql {
    const [from, to] = mode === "lower" ? [ASCII_UPPER, ASCII_LOWER] : [ASCII_LOWER, ASCII_UPPER];
    const translated = this.sql`translate(${text}, ${from}, ${to})`;
    if (this.dialect !== "duckdb") return translated;
    // DuckDB's translate builds its character map for every value (~2 µs a value: 30 of the 40 s of the
    // third-party benchmark at 1M rows); on ASCII text (as many bytes as characters), lower() / upper() change
    // exactly the ASCII letters.
    const folded = mode === "lower" ? this.sql`lower(${text})` : this.sql`upper(${text})`;
    return this.sql`CASE WHEN strlen(${text}) = length(${text}) THEN ${folded} ELSE ${translated} END`;
  }

  /** Whether the whole text matches an internal pattern (written in the subset all four dialects read alike). */
  fullMatch(text: Sql, pattern: string): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`regexp_full_match(${text}, ${pattern})`;
      case "postgres":
        return this.sql`(${text} ~ ${`^(${pattern})$`})`;
      case "snowflake":
        return this.sql`REGEXP_LIKE(${text}, ${`^(${pattern})$`})`;
      case "bigquery":
        return this.sql`REGEXP_CONTAINS(${text}, ${`^(${pattern})$`})`;
    }
  }

  /** Every match of an internal pattern replaced. */
  replaceAll(text: Sql, pattern: string, replacement: string): Sql {
    switch (this.dialect) {
      case "duckdb":
      case "postgres":
        return this.sql`regexp_replace(${text}, ${pattern}, ${replacement}, 'g')`;
      case "snowflake":
      case "bigquery":
        return this.sql`REGEXP_REPLACE(${text}, ${pattern}, ${replacement})`;
    }
  }

  /** A `matches` test: RE2 partial match (throws SqlUnsupportedError where it cannot be written exactly). */
  regexPartialMatch(text: Sql, pattern: string): Sql {
    switch (this.dialect) {
      case "duckdb":
        // Not regexp_matches: its optimizer rewrites patterns with misplaced anchors (`a^`, `\z$`) into
        // prefix/suffix/contains tests that disagree with RE2, and it tests `\B` between bytes of a multi-byte
        // character. A full match with the pattern in a group, padded on both sides, is RE2's partial match.
        return this.sql`regexp_full_match(${text}, ${`(?s:.*?)(${portableRe2(pattern)})(?s:.*)`})`;
      case "bigquery":
        return this.sql`REGEXP_CONTAINS(${text}, ${portableRe2(pattern)})`;
      case "postgres": {
        const translated = translateRegex(pattern, "postgres");
        if (translated.matchesEverything) return this.sql`(${text} IS NOT NULL)`;
        return this.sql`(${text} ~ ${translated.pattern})`;
      }
      case "snowflake": {
        const translated = translateRegex(pattern, "snowflake");
        if (translated.matchesEverything) return this.sql`(${text} IS NOT NULL)`;
        return this.sql`(REGEXP_INSTR(${text}, ${translated.pattern}, 1, 1, 0, 'c') > 0)`;
      }
    }
  }

  /** Substring test (the needle is not empty). */
  containsText(text: Sql, needle: string): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`contains(${text}, ${needle})`;
      case "postgres":
        return this.sql`(strpos(${text}, ${needle}) > 0)`;
      case "snowflake":
        return this.sql`CONTAINS(${text}, ${needle})`;
      case "bigquery":
        return this.sql`(STRPOS(${text}, ${needle}) > 0)`;
    }
  }

  startsWith(text: Sql, prefix: string): Sql {
    switch (this.dialect) {
      case "duckdb":
      case "postgres":
        return this.sql`starts_with(${text}, ${prefix})`;
      case "snowflake":
        return this.sql`STARTSWITH(${text}, ${prefix})`;
      case "bigquery":
        return this.sql`STARTS_WITH(${text}, ${prefix})`;
    }
  }

  endsWith(text: Sql, suffix: string): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`ends_with(${text}, ${suffix})`;
      case "postgres":
        // right() counts characters (code points), as does the suffix length here.
        return this.sql`(right(${text}, ${[...suffix].length}) = ${suffix})`;
      case "snowflake":
        return this.sql`ENDSWITH(${text}, ${suffix})`;
      case "bigquery":
        return this.sql`ENDS_WITH(${text}, ${suffix})`;
    }
  }

  /**
   * DuckDB: whether splitList takes the text of a list with this separator untrimmed (a separator without
   * whitespace: the split pattern trims the text's ends too), so the text need not be trimmed before.
   */
  splitsUntrimmed(separator: string, whitespaceLiteral: string): boolean {
    return this.dialect === "duckdb" && ![...whitespaceLiteral].some((character) => separator.includes(character));
  }

  /**
   * The items of delimited text: split on the separator (a plain string, not a pattern), each item trimmed,
   * empty items dropped. NULL text gives NULL or an empty list; both count as missing downstream. The text is
   * trimmed, except where splitsUntrimmed holds (then it may be untrimmed, and is split as it is).
   */
  splitList(text: Sql, separator: string, whitespace: Sql, whitespaceLiteral: string): Sql {
    const plain = this.plainSplit(text, separator);
    switch (this.dialect) {
      case "duckdb": {
        // A separator without whitespace: one pattern splits on it together with the whitespace around it, and on
        // whitespace at either end of the text, which is where an item can start or end with whitespace, so the
        // pieces are the trimmed items (empty ones, at the ends or between two separators, dropped after). The
        // text needs no trimming before: JavaScript's trim of the whole text before the split cost ~20% more, for
        // the same pieces. DuckDB runs a lambda over every item of every row, even in a CASE branch few rows take:
        // per-item trimming cost ~1.8x this (bench/README.md, third-party project, 2026-12-04).
        if (this.splitsUntrimmed(separator, whitespaceLiteral)) {
          const ws = this.whitespaceClass!;
          return this
            .sql`list_filter(regexp_split_to_array(${text}, ${`^[${ws}]+|[${ws}]*${re2Literal(separator)}[${ws}]*|[${ws}]+$`}), item -> item <> '')`;
        }
        const items = this
          .sql`list_filter(list_transform(string_split(${text}, ${separator}), item -> ${this.jsTrim(this.sql`item`, whitespace)}), item -> item <> '')`;
        return plain ? this.sql`CASE WHEN ${plain} THEN string_split(${text}, ${separator}) ELSE ${items} END` : items;
      }
      case "postgres": {
        const items = this
          .sql`ARRAY(SELECT btrim(item, ${whitespace}) FROM unnest(string_to_array(${text}, ${separator})) WITH ORDINALITY AS split(item, position) WHERE btrim(item, ${whitespace}) <> '' ORDER BY position)`;
        return plain
          ? this.sql`CASE WHEN ${plain} THEN string_to_array(${text}, ${separator}) ELSE ${items} END`
          : items;
      }
      case "snowflake":
        // Lambdas read their argument only, so the whitespace set is written out here.
        return this
          .sql`FILTER(TRANSFORM(SPLIT(${text}, ${separator}), item -> TRIM(item::VARCHAR, ${whitespaceLiteral})::VARIANT), item -> item::VARCHAR <> '')`;
      case "bigquery":
        return this
          .sql`ARRAY(SELECT TRIM(item, ${whitespace}) FROM UNNEST(SPLIT(${text}, ${separator})) AS item WITH OFFSET AS position WHERE TRIM(item, ${whitespace}) <> '' ORDER BY position)`;
    }
  }

  /**
   * True when splitting `text` (trimmed, not empty) on the separator gives items that are already trimmed and
   * not empty, so a plain split is the list: the text neither starts nor ends with the separator, holds no two
   * separators in a row, and has no whitespace right before or after a separator (an item can only start or end
   * with whitespace there). Null where no fast path is written, or for a separator that is not printable ASCII.
   */
  private plainSplit(text: Sql, separator: string): Sql | null {
    const ws = this.whitespaceClass;
    if (ws === null || !/^[\x20-\x7e]+$/.test(separator)) return null;
    const s = separator.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
    const edges = this
      .sql`${this.startsWith(text, separator)} OR ${this.endsWith(text, separator)} OR ${this.containsText(text, separator + separator)}`;
    const spaced = `${s}[${ws}]|[${ws}]${s}`;
    const adjacent =
      this.dialect === "duckdb" ? this.sql`regexp_matches(${text}, ${spaced})` : this.sql`(${text} ~ ${spaced})`;
    return this.sql`NOT (${edges} OR ${adjacent})`;
  }

  listLength(list: Sql): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`len(${list})`;
      case "postgres":
        return this.sql`cardinality(${list})`;
      case "snowflake":
        return this.sql`ARRAY_SIZE(${list})`;
      case "bigquery":
        return this.sql`ARRAY_LENGTH(${list})`;
    }
  }

  listLiteral(items: readonly string[]): Sql {
    const values = this.values(items);
    switch (this.dialect) {
      case "duckdb":
        return items.length ? this.sql`[${values}]` : this.sql`CAST([] AS VARCHAR[])`;
      case "postgres":
        return this.sql`CAST(ARRAY[${values}] AS TEXT[])`;
      case "snowflake":
        return this.sql`ARRAY_CONSTRUCT(${values})`;
      case "bigquery":
        return this.sql`ARRAY<STRING>[${values}]`;
    }
  }

  /** Values as literals, comma-separated (the body of an IN list or an array). */
  values(items: readonly Exclude<SqlValue, Sql>[]): Sql {
    return this.b.join(
      items.map((item) => this.b.literal(item)),
      ", ",
    );
  }

  /** Every item of the list is one of `allowed` (an enum check). */
  listWithin(list: Sql, allowed: readonly string[]): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`list_has_all(${this.listLiteral(allowed)}, ${list})`;
      case "postgres":
        return this.sql`(${list} <@ ${this.listLiteral(allowed)})`;
      case "snowflake":
        return this.sql`(ARRAY_SIZE(ARRAY_EXCEPT(${list}, ${this.listLiteral(allowed)})) = 0)`;
      case "bigquery":
        // `NOT IN ()` is a syntax error: with nothing allowed, only an empty list is within.
        if (allowed.length === 0) return this.sql`NOT EXISTS(SELECT 1 FROM UNNEST(${list}) AS item)`;
        return this.sql`NOT EXISTS(SELECT 1 FROM UNNEST(${list}) AS item WHERE item NOT IN (${this.values(allowed)}))`;
    }
  }

  listContains(list: Sql, item: string): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`list_contains(${list}, ${item})`;
      case "postgres":
        return this.sql`(${item} = ANY(${list}))`;
      case "snowflake":
        return this.sql`ARRAY_CONTAINS(${item}::VARIANT, ${list})`;
      case "bigquery":
        return this.sql`(${item} IN UNNEST(${list}))`;
    }
  }

  /** The list holds at least one of the items (items not empty). */
  listHasAny(list: Sql, items: readonly string[]): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`list_has_any(${list}, ${this.listLiteral(items)})`;
      case "postgres":
        return this.sql`(${list} && ${this.listLiteral(items)})`;
      case "snowflake":
        return this.sql`ARRAYS_OVERLAP(${list}, ${this.listLiteral(items)})`;
      case "bigquery":
        return this.sql`EXISTS(SELECT 1 FROM UNNEST(${list}) AS item WHERE item IN (${this.values(items)}))`;
    }
  }

  /** The list holds every one of the items (items not empty). */
  listHasAll(list: Sql, items: readonly string[]): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`list_has_all(${list}, ${this.listLiteral(items)})`;
      case "postgres":
        return this.sql`(${list} @> ${this.listLiteral(items)})`;
      case "snowflake":
      case "bigquery":
        return this.sql`(${this.b.join(
          items.map((item) => this.listContains(list, item)),
          " AND ",
        )})`;
    }
  }

  /** Strings joined with a separator, NULLs skipped; '' when every part is NULL. */
  joinNonNull(parts: readonly Sql[], separator: string): Sql {
    if (parts.length === 0) return this.b.literal("");
    const list = this.b.join(parts, ",\n  ");
    switch (this.dialect) {
      case "duckdb":
      case "postgres":
        return this.sql`concat_ws(${separator},\n  ${list}\n)`;
      case "snowflake":
        return this.sql`ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT(\n  ${list}\n), ${separator})`;
      case "bigquery":
        return this.sql`ARRAY_TO_STRING([\n  ${list}\n], ${separator})`;
    }
  }

  makeDate(year: Sql, month: Sql, day: Sql): Sql {
    switch (this.dialect) {
      case "duckdb":
      case "postgres":
        return this.sql`make_date(${year}, ${month}, ${day})`;
      case "snowflake":
        return this.sql`DATE_FROM_PARTS(${year}, ${month}, ${day})`;
      case "bigquery":
        return this.sql`DATE(${year}, ${month}, ${day})`;
    }
  }

  mod(value: Sql, divisor: number): Sql {
    return this.dialect === "bigquery" ? this.sql`MOD(${value}, ${divisor})` : this.sql`(${value} % ${divisor})`;
  }

  /** Text of a day number (days since 1970-01-01), as the JS engine prints a date-typed key. */
  dayNumberText(date: Sql): Sql {
    switch (this.dialect) {
      case "duckdb":
      case "postgres":
        return this.cast(this.sql`(${date} - DATE '1970-01-01')`, "text");
      case "snowflake":
        return this.cast(this.sql`DATEDIFF(day, DATE '1970-01-01', ${date})`, "text");
      case "bigquery":
        return this.cast(this.sql`DATE_DIFF(${date}, DATE '1970-01-01', DAY)`, "text");
    }
  }

  /**
   * A double parsed from text the NUMBER pattern accepted, within the finite, non-underflowing range (the
   * caller guards PostgreSQL, Snowflake and BigQuery with the magnitude check; DuckDB's TRY_CAST gives NULL
   * on overflow and 0 on underflow, like Number()).
   */
  parseDouble(text: Sql): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`TRY_CAST(${text} AS DOUBLE)`;
      case "postgres":
        return this.sql`CAST(${text} AS DOUBLE PRECISION)`;
      case "snowflake":
        return this.sql`TRY_CAST(${text} AS FLOAT)`;
      case "bigquery":
        return this.sql`SAFE_CAST(${text} AS FLOAT64)`;
    }
  }

  /** Whether doubles are parsed with the digit-magnitude guard (every dialect but DuckDB). */
  get guardsDoubleRange(): boolean {
    return this.dialect !== "duckdb";
  }

  isFinite(value: Sql): Sql {
    switch (this.dialect) {
      case "duckdb":
        return this.sql`isfinite(${value})`;
      default:
        return this.sql`(${value} IS NOT NULL)`;
    }
  }

  /** A string sort key comparing code points (binary), whatever the collation in force. */
  binaryOrder(text: Sql): Sql {
    return this.dialect === "postgres" ? this.sql`(${text} COLLATE "C")` : text;
  }

  /** Lexicographic comparison of ASCII digit strings (binary collation). */
  digitsCompare(text: Sql, operator: ">=" | "<=", digits: string | Sql): Sql {
    const left = this.binaryOrder(text);
    return operator === ">=" ? this.sql`(${left} >= ${digits})` : this.sql`(${left} <= ${digits})`;
  }
}
