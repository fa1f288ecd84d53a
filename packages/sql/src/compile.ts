/**
 * Plan -> SQL: one self-contained query per relation (accounts, contacts) that labels every input row exactly as
 * the JS engine does (packages/engine is the reference). How each semantic is mapped:
 *
 * Input and coercion (engine/coerce.ts), stages `input_text` .. `coerced`:
 * - Every declared column is cast to text first, whatever its type (CSV gives VARCHAR; Parquet and database
 *   tables give typed columns), then trimmed with JavaScript's String.prototype.trim set (the `constants` CTE
 *   holds it: \t \n \v \f \r, space, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000,
 *   U+FEFF); empty text is missing (NULL). DuckDB only trims text that starts or ends with whitespace (its trim
 *   with a character list is slow; see DialectSql.jsTrim), and not the text of a list without placeholders whose
 *   separator holds no whitespace: its split trims the text's ends with the items' (DialectSql.splitsUntrimmed).
 * - Fast paths (measured in bench/sql-bench.mjs) come first and agree with the general rules: plain digits (at
 *   most 15, so below 2^53) are an integer's digits as they are; plain decimals go straight to the cast (DuckDB);
 *   a string[] whose separators have no whitespace or empty item next to them is a plain split (DuckDB,
 *   PostgreSQL); DuckDB's date cast checks the calendar of YYYY-MM-DD (year 0 refused first).
 * - DuckDB reads a value in its type's plain form (digits, a short decimal, YYYY-MM-DD, a boolean word, a list
 *   with a one-character separator and clean items) from the untrimmed text, in `input_text`, with plain
 *   functions of the one column, which DuckDB evaluates once per distinct value of a dictionary-encoded
 *   column; trimming and the general patterns (stage `trimmed_text` on) run only where that gave no value
 *   (QueryBuilder.rawFastValue).
 * - integer: the text must match [+-]?(digits | 1-3 digits (,3 digits)+)(.0*)? (thousands separators as
 *   `1,200`); the digits are stripped of sign, fraction, commas and leading zeros, and must be at most
 *   9007199254740991 (Number.isSafeInteger) before the cast to BIGINT.
 * - number: the text must match JavaScript's NUMBER pattern or the thousands pattern; commas are removed and
 *   the text is cast to a double. Number() gives Infinity at or above 2^1024 - 2^970 (invalid, so missing) and
 *   0 at or below 2^-1075: DuckDB's TRY_CAST does the same; for the other dialects, whose casts raise errors there,
 *   the decimal magnitude is computed from the digits (`value_parts`) and compared with those two
 *   bounds written out exactly, so the cast only sees text it accepts.
 * - boolean: lower-cased text in true/t/yes/y/1 or false/f/no/n/0.
 * - date: YYYY-MM-DD, optionally followed by a time (dropped), a real calendar date (leap years computed
 *   arithmetically), years 0001-9999; make_date only ever gets a valid triple or NULL.
 * - string[]: split on the field's separator (a plain string), items trimmed, empty items dropped; missing
 *   when no item is left.
 * - Normalisation (stage `normalized`, only for fields that declare it): trimmed text equal to a `nullValues`
 *   placeholder once its ASCII letters are lower-cased is missing; `case` folds ASCII letters with translate()
 *   (plan/fold.ts: the engines' lower() / upper() fold non-ASCII letters differently). Such fields skip DuckDB's
 *   plain-form fast path.
 * - An enum violation makes the value missing (lists: any item outside the enum); then the default applies.
 *
 * Conditions (engine/compiled.ts): two-valued logic. Every leaf test is wrapped in COALESCE(test, FALSE), so
 * a test on a missing value is false (exists / missing are IS [NOT] NULL), and AND / OR / NOT then never see
 * NULL: `not` negates exactly as in JS. `contains` is a substring test on strings and membership on lists;
 * `matches` is an RE2 partial match (see dialect.ts and regex.ts); `within_days: N` is
 * `date BETWEEN <as-of minus N days> AND <as-of>`, both bounds literal dates; `within_next_days: N` is
 * `date BETWEEN <as-of> AND <as-of plus N days>`. A measured ref (`days_ago`, `days_until`: the dialect's whole-day
 * difference between the date and the literal as-of date; `count`: the list's length, NULL for a missing list)
 * is tested as a number.
 *
 * Labels (engine/engine.ts, engine/allocate.ts):
 * - `icp`: include AND NOT exclude, over fields.
 * - Scores: criteria points added left to right from a DOUBLE zero (SQL's + is left-associative, so the
 *   floating-point sums are the same), then clamped to [0, 100]; a score from a field is the field clamped,
 *   missing = 0. A score may read earlier scores, so scores are computed in as many stages as needed.
 * - Tiers: `tier_matches` holds each tier's condition for ICP accounts. Capacities are allocated in tier
 *   order, one stage per capped tier: the candidates are the accounts that match the tier and were not taken
 *   by an earlier tier (an uncapped tier takes every account that matches it; a capped one the ones it kept);
 *   the tier keeps the first `capacity` candidates ordered by its rank keys (NULLS LAST), then the account key
 *   ascending (binary collation: code point order), then the input row: with a row column, the rows of a top-N
 *   subquery over the candidates (`_row IN (SELECT _row ... ORDER BY ... LIMIT n)`, which sorts the candidates
 *   only); without one, row_number() <= capacity over a window. This is what the engine's heap allocation
 *   computes (a capped tier keeps the best N of the accounts that reach it).
 *   The account's tier is the first tier it matches and was not turned away by.
 * - Segment: first matching segment for ICP accounts, else the fallback; NULL outside the ICP (with
 *   `segmentScope: all`, every account gets one; the tier is NULL outside the ICP).
 * - Audiences (plans with audiences): each audience's condition over every account, then the ids of those that hold,
 *   in plan order, joined with `;` ('' when none).
 * - Activations: for ICP accounts, the plan's activations (in plan order) that the account's tier or segment
 *   asks for and whose own `when` holds, joined with `;` ('' when none). With segments scoped to every account or
 *   with audiences, also outside the ICP: what the segment or the account's audiences ask for.
 * - Output (data/formats.ts): scores rounded as Math.round(x * 10000) / 10000, i.e. floor(y) + 1 when the
 *   fraction of y = x * 10000 is at least 0.5 (ties toward +infinity; y - floor(y) is exact in binary floating
 *   point, where floor(y + 0.5) is not), divided by 10000. Scores are never negative and a clamped score that
 *   would be -0 is written as the literal 0. The key is printed as the engine prints it: text as is, integers
 *   without a fraction, a date key as its day number (days since 1970-01-01, what the engine's key holds); a
 *   number key that is not a whole number below 2^53 is printed by the engine's own float formatting, which
 *   may differ from JavaScript's String().
 *
 * Ordering: by the row column when given (the input row number, also the last tie-break), else by the key.
 *
 * Names: internal columns are plain ASCII (`f_<field>`, `s_<score>`, `_icp`, ...), distinct even where names
 * compare case-insensitively; input columns, the table and the output columns keep their names, quoted.
 * Output columns that would collide (case-insensitively) are refused. Dialect details are in dialect.ts; the
 * DuckDB and PostgreSQL queries are checked against the JS engine by the agreement tests, the Snowflake and
 * BigQuery ones are pinned by golden files only.
 */
import { contactAggregates, aggregateKey, type ContactAggregate } from "@segform/engine";
import {
  computeRefs,
  exprRefs,
  formatDay,
  planDefines,
  parseDay,
  parseIsoDay,
  type ContactsExpr,
  type Expr,
  type FieldType,
  type Plan,
  type PlanField,
  type PlanTier,
  type Ref,
  type ScalarValue,
  type TestExpr,
  type ComputeExpr,
} from "@segform/plan";
import { SqlDate, sqlBuilder, type Dialect, type Sql, type SqlBuilder } from "./builder.js";
import { DialectSql } from "./dialect.js";
import { csvCell, ResultFormatter } from "@segform/engine";
import { SqlUnsupportedError } from "./errors.js";
import { typedInputValue } from "./typed-input.js";

export interface CompileSqlOptions {
  dialect: Dialect;
  /** The input relation; may be schema-qualified (split on dots, each part quoted). */
  table: string;
  /** Reference date (YYYY-MM-DD): `within_days` bounds become literal dates. */
  asOf: string;
  /**
   * An input column holding the 1-based input row number (e.g. row_number() when loading). The last
   * tie-break for capacities, the output order, and the number of a contact without a key. Without it,
   * output is ordered by key, and accounts with equal keys tie arbitrarily.
   */
  rowColumn?: string;
  /** The contacts relation (default `contacts`); used when the plan has contacts. */
  contactsTable?: string;
  /**
   * Also output each field's coerced value after the activations, in `plan.fields` order, as the JS engine holds
   * it: dates as day numbers (days since 1970-01-01), lists as lists. For commands that explain or measure the
   * labels (test's quality bars, diff, explain), which read field values beside them.
   */
  withValues?: boolean;
  /**
   * DuckDB: input columns that hold typed values (a Parquet file's), by name, with their DuckDB types, as
   * typedInputColumns chose them; the fields read them as they are (typed-input.ts). Other columns are text.
   */
  inputTypes?: Readonly<Record<string, string>>;
}

export interface CompiledSql {
  /** The accounts query: key, icp, one column per score, tier, segment, activations. */
  accounts: string;
  /** The contacts query (contact key, account key, role), or null when the plan has no contacts. */
  contacts: string | null;
}

/** JavaScript's String.prototype.trim whitespace. */
const WHITESPACE =
  "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/** Patterns over trimmed text, in the subset RE2, ARE and ERE read alike (no backslashes). */
const INTEGER_TEXT = "[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)([.]0*)?";
const NUMBER_TEXT = "[+-]?(([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?)";
const DATE_TEXT =
  "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?";
const NEGATIVE_EXPONENT_TEXT = "[^eE]*[eE]-[0-9]+";
/** Fast paths for the common forms: at most 15 digits (below 2^53), and such digits with a short fraction. */
const PLAIN_DIGITS_TEXT = "[0-9]{1,15}";
const PLAIN_DECIMAL_TEXT = "[0-9]{1,15}([.][0-9]{1,15})?";
const PLAIN_DATE_TEXT = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
/** Epoch seconds or milliseconds: at most 15 digits (below 2^53), an optional minus. */
const EPOCH_TEXT = "-?[0-9]{1,15}";
const BOOLEAN_WORDS: readonly [string, boolean][] = [
  ...["true", "t", "yes", "y", "1"].map((w): [string, boolean] => [w, true]),
  ...["false", "f", "no", "n", "0"].map((w): [string, boolean] => [w, false]),
];

/**
 * RE2: a list whose items are not empty, neither start nor end with whitespace (`ws`, a bracket expression's
 * body), and hold no separator (one character, not whitespace).
 */
function plainListPattern(separator: string, ws: string): string {
  const code = separator.codePointAt(0)!;
  const sep = /^\w$/.test(separator)
    ? separator
    : /^[!-~]$/.test(separator)
      ? `\\${separator}`
      : `\\x{${code.toString(16)}}`;
  const item = `[^${sep}${ws}]([^${sep}]*[^${sep}${ws}])?`;
  return `${item}(${sep}${item})*`;
}

/** Significant digits of 2^1024 - 2^970: Number() of a decimal at or above it is Infinity (E = 309). */
const OVERFLOW_DIGITS = (2n ** 1024n - 2n ** 970n).toString().replace(/0+$/, "");
/** Significant digits of 2^-1075 = 5^1075 / 10^1075: at or below it Number() gives 0 (E = -323). */
const UNDERFLOW_DIGITS = (5n ** 1075n).toString().replace(/0+$/, "");
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);
const FIRST_DAY = parseDay("0001-01-01")!;
const LAST_DAY = parseDay("9999-12-31")!;

/** The SQL type of a field's value: integers are BIGINT unless a fractional default makes them DOUBLE. */
function numericType(field: PlanField): "bigint" | "double" | null {
  if (field.type === "number") return "double";
  if (field.type !== "integer") return null;
  return field.default !== null && !Number.isInteger(field.default) ? "double" : "bigint";
}

/** The as-of date as a day number (throws on anything but a real YYYY-MM-DD date). */
function asOfDayOf(options: CompileSqlOptions): number {
  const asOfDay = parseIsoDay(options.asOf);
  if (asOfDay === null) throw new RangeError(`invalid as-of date ${JSON.stringify(options.asOf)} (use YYYY-MM-DD)`);
  return asOfDay;
}

export function compileSql(plan: Plan, options: CompileSqlOptions): CompiledSql {
  const { accounts, contacts } = compileSqlFragments(plan, options);
  return { accounts: accounts.text, contacts: contacts?.text ?? null };
}

/** The same queries as builder fragments, for a runner to embed in its own statements (never spliced as text). */
export function compileSqlFragments(plan: Plan, options: CompileSqlOptions): { accounts: Sql; contacts: Sql | null } {
  const asOfDay = asOfDayOf(options);
  const accounts = new AccountsQuery(plan, options, asOfDay).build();
  const contacts = plan.contacts ? new ContactsQuery(plan, options, asOfDay).build() : null;
  return { accounts, contacts };
}

/**
 * DuckDB: a COPY statement that writes `segform run`'s CSV output (without roles) to `path`, byte for byte what
 * the CLI's formatter writes for the JS engine: the accounts query with each account's line (see
 * AccountsQuery.csvOutput) as one column named as the header line, written with quoting and escaping off. Null
 * when the key is a number field held as a double (the engine prints such keys with JavaScript's String(), which
 * SQL does not reproduce in every case): stream the rows instead. `path` is the caller's own temporary file (it
 * renames it when done), so DuckDB writes it directly: its own `tmp_<name>` file beside it would be left behind
 * when the statement fails (out of memory, a read error).
 */
export function compileCsvCopySql(
  plan: Plan,
  options: CompileSqlOptions & { rolesTable?: string },
  path: string,
): { statement: string; columns: number } | null {
  if (options.dialect !== "duckdb") throw new RangeError("CSV output is written by DuckDB only");
  const asOfDay = asOfDayOf(options);
  const doubleKey = (field: PlanField | undefined) => field !== undefined && numericType(field) === "double";
  if (doubleKey(plan.fields.find((field) => field.name === plan.key))) return null;
  if (
    options.rolesTable !== undefined &&
    doubleKey(plan.contacts?.fields.find((field) => field.name === plan.contacts!.accountKey))
  )
    return null;
  const query = new AccountsQuery(plan, options, asOfDay, true, options.rolesTable ?? null).build();
  const { sql } = sqlBuilder("duckdb");
  const statement = sql`COPY (\n${query}\n) TO ${path} (FORMAT csv, HEADER true, QUOTE '', ESCAPE '', USE_TMP_FILE false)`;
  return {
    statement: statement.text,
    columns: plan.scores.length + 5 + (plan.audiences ? 1 : 0) + (options.rolesTable !== undefined ? 1 : 0),
  };
}

/**
 * DuckDB: a statement creating the temporary table `table` with the roles cell of `segform run`'s CSV output per
 * account key (columns `account_key`, `roles`), from the contacts relation; see ContactsQuery.rolesPerAccount.
 * Null when the plan has no contacts.
 */
export function compileRolesPerAccountSql(plan: Plan, options: CompileSqlOptions, table: string): string | null {
  if (!plan.contacts) return null;
  if (options.dialect !== "duckdb") throw new RangeError("roles per account are written by DuckDB only");
  const asOfDay = asOfDayOf(options);
  const { sql, ident } = sqlBuilder("duckdb");
  return sql`CREATE TEMP TABLE ${ident(table)} AS\n${new ContactsQuery(plan, options, asOfDay, true).build()}`.text;
}

/** The header line of `segform run`'s CSV output, as the CLI's formatter writes it (without the line break). */
function csvHeader(plan: Plan, roles: boolean): string {
  return new ResultFormatter(plan, "csv", roles).begin().slice(0, -1);
}

/** The accounts query, then (when there is one) the contacts query after a `-- contacts` line: what `segform compile --format sql` prints. */
export function renderSqlScript(compiled: CompiledSql): string {
  let out = compiled.accounts + ";\n";
  if (compiled.contacts !== null) out += "\n-- contacts\n" + compiled.contacts + ";\n";
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

/** Internal column names: distinct even where engines compare names case-insensitively, and plain ASCII. */
class ColumnNames {
  private readonly used = new Set<string>();

  take(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 40);
    let name = clean;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${clean}_${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

interface Stage {
  name: string;
  comment: string;
  body: Sql;
}

/** What the `constants` stage holds, by column name: the whitespace set and the double range's digits (or null). */
interface CoercionConstants {
  whitespace: string;
  digits: { overflow: string; underflow: string } | null;
}

/** The columns of stages `text_parts` and `value_parts`, gathered while each field's typed value is built. */
interface TypedStageColumns {
  parts: [Sql, string][];
  valueParts: [Sql, string][];
}

interface FieldColumns {
  field: PlanField;
  /** Trimmed text (DuckDB lists that DialectSql.splitsUntrimmed splits as they are: the text untrimmed). */
  text: string;
  /**
   * DuckDB, types with a plain form: the input's text as it is, and the value read from it where it is in that
   * form (NULL elsewhere); `text` is then only computed where that value is NULL. Set with the input stage.
   * `typed`: the value is read from a typed input column (no text at all), and is the typed value as it is.
   */
  raw: { text: string; value: string; typed: boolean } | null;
  /** The final, coerced value. */
  value: string;
  /** The SQL type of the value. */
  numeric: "bigint" | "double" | null;
}

/** What every query shares: the builder, dialect functions, stages, coercion and conditions. */
abstract class QueryBuilder {
  protected readonly b: SqlBuilder;
  protected readonly d: DialectSql;
  protected readonly names = new ColumnNames();
  protected readonly stages: Stage[] = [];
  protected readonly fieldColumns = new Map<string, FieldColumns>();
  protected readonly rowName: string | null;

  constructor(
    protected readonly plan: Plan,
    protected readonly options: CompileSqlOptions,
    protected readonly asOfDay: number,
  ) {
    this.b = sqlBuilder(options.dialect);
    this.d = new DialectSql(options.dialect);
    this.rowName = options.rowColumn !== undefined ? this.names.take("_row") : null;
  }

  protected get sql() {
    return this.b.sql;
  }

  protected col(name: string): Sql {
    return this.b.ident(name);
  }

  protected get last(): string {
    return this.stages[this.stages.length - 1]!.name;
  }

  /** A stage `SELECT *, <columns> FROM <previous stage>`. */
  protected addColumns(name: string, comment: string, columns: [Sql, string][]): void {
    this.stages.push({
      name,
      comment,
      body: this.select(
        [this.sql`*`, ...columns.map(([expr, alias]) => this.alias(expr, alias))],
        this.sql`FROM ${this.col(this.last)}`,
      ),
    });
  }

  protected alias(expr: Sql, alias: string): Sql {
    return this.sql`${expr} AS ${this.col(alias)}`;
  }

  protected select(items: Sql[], from: Sql): Sql {
    const list = this.b.join(
      items.map((item) => this.b.indent(item, 2)),
      ",\n  ",
    );
    return this.sql`SELECT\n  ${list}\n${from}`;
  }

  /**
   * PostgreSQL inlines a CTE read once into the query that reads it and writes each of its columns' expressions
   * wherever that column is read, so a score read by three tier tests would be computed three times, and its
   * fields as often again at every stage (measured: 12 s for 100k accounts, 1.2 s with the fence). `OFFSET 0`
   * keeps each stage a subquery of its own, evaluated once per row and streamed, not materialised.
   */
  protected render(header: string, final: Sql): Sql {
    this.checkStageNames();
    const fence = this.options.dialect === "postgres" ? this.sql`\n  OFFSET 0` : this.sql``;
    const ctes = this.stages.map(
      (stage) =>
        this
          .sql`${this.col(stage.name)} AS (\n  ${this.b.comment(stage.comment)}\n  ${this.b.indent(stage.body, 2)}${fence}\n)`,
    );
    return this.sql`${this.b.comment(header)}\nWITH\n${this.b.join(ctes, ",\n")}\n${final}`;
  }

  protected header(what: string): string {
    const hash = /^[A-Za-z0-9:]+$/.test(this.plan.hash) ? this.plan.hash : "?";
    const row = this.options.rowColumn !== undefined ? "input row" : "key";
    return `segform ${what} for plan ${hash} (${this.options.dialect}), as of ${formatDay(this.asOfDay)}; ordered by ${row}`;
  }

  /** Output rows in input order when there is a row column, else by key. */
  protected outputOrder(key: FieldColumns | undefined): Sql {
    const { sql } = this;
    return this.rowName !== null
      ? sql`${this.col(this.rowName)}`
      : key
        ? sql`${this.keyOrder(key)} NULLS LAST`
        : sql`1`;
  }

  /** Text as a CSV cell, quoted as data/formats.ts csvCell quotes (when it holds a comma, quote, CR or LF). */
  protected csvQuoted(value: Sql): Sql {
    const { sql, b } = this;
    const special = [",", '"', "\r", "\n"].map((c) => sql`contains(${value}, ${c})`);
    return sql`CASE WHEN ${b.join(special, " OR ")} THEN '"' || replace(${value}, '"', '""') || '"' ELSE ${value} END`;
  }

  /** Unqualified input tables must not share a name with a stage (checked when the query is rendered). */
  private readonly inputTables: string[] = [];

  protected noteInputTable(table: string): void {
    if (!table.includes(".")) this.inputTables.push(table);
  }

  private checkStageNames(): void {
    const stages = new Set(this.stages.map((stage) => stage.name.toLowerCase()));
    const table = this.inputTables.find((name) => stages.has(name.toLowerCase()));
    if (table !== undefined) {
      throw new SqlUnsupportedError(
        `the input table "${table}" has the name of a stage of the generated query`,
        this.options.dialect,
        null,
        `qualify it with its schema, e.g. main.${table} or public.${table}`,
      );
    }
  }

  // --- coercion -------------------------------------------------------------------------------------------

  /** A boolean word (lower-cased) as TRUE or FALSE, else NULL; a simple CASE (engines turn a long IN list into a join). */
  private booleanWord(text: Sql): Sql {
    const words = BOOLEAN_WORDS.map(
      ([word, value]) => this.sql`WHEN ${word} THEN ${value ? this.sql`TRUE` : this.sql`FALSE`}`,
    );
    return this.sql`CASE lower(${text})\n  ${this.b.join(words, "\n  ")}\nEND`;
  }

  /**
   * DuckDB: the value of untrimmed input text that is in its type's plain form, else NULL; null where the type
   * has no plain form (text, lists with a longer or whitespace separator) or the dialect is not DuckDB. Plain text
   * needs no trimming, and these tests and casts are plain functions of one column, which DuckDB evaluates once
   * per distinct value of a dictionary-encoded column (Parquet); the general path (trim, patterns, parts) is a CASE
   * over every row. Each plain form gives what the general path gives for the same text:
   * - integer: 1-15 digits (below 2^53), cast;
   * - number: 1-15 digits with an optional fraction of 1-15 digits, cast (finite);
   * - date: YYYY-MM-DD of a year other than 0000, DuckDB's date cast (NULL for a day not in the calendar, as the
   *   general path gives);
   * - boolean: one of the boolean words, lower-cased;
   * - string[] with a one-character separator that is not whitespace: items that are not empty, neither start
   *   nor end with whitespace and hold no separator, split.
   */
  private rawFastValue(c: FieldColumns, text: Sql): Sql | null {
    const { d, sql } = this;
    if (d.dialect !== "duckdb") return null;
    // A placeholder or a folded case is read from the trimmed text (stage `normalized`), never from a plain form.
    if (c.field.case !== undefined || (c.field.nullValues?.length ?? 0) > 0 || c.field.format !== undefined)
      return null;
    switch (c.field.type) {
      case "integer":
        return sql`CASE WHEN ${d.fullMatch(text, PLAIN_DIGITS_TEXT)} THEN TRY_CAST(${text} AS ${d.type(c.numeric === "double" ? "double" : "bigint")}) END`;
      case "number":
        return sql`CASE WHEN ${d.fullMatch(text, PLAIN_DECIMAL_TEXT)} THEN ${d.parseDouble(text)} END`;
      case "date":
        return sql`CASE WHEN ${d.fullMatch(text, PLAIN_DATE_TEXT)} AND NOT starts_with(${text}, '0000') THEN TRY_CAST(${text} AS DATE) END`;
      case "boolean":
        return this.booleanWord(text);
      case "string[]": {
        const separator = c.field.separator;
        if ([...separator].length !== 1 || WHITESPACE.includes(separator)) return null;
        return sql`CASE WHEN ${d.fullMatch(text, plainListPattern(separator, d.whitespaceClass!))} THEN string_split(${text}, ${separator}) END`;
      }
      case "string":
        return null;
    }
  }

  /**
   * The stages from the input relation to `coerced` (one column per field, plus the row number): `constants`,
   * `input_text` (and `trimmed_text` with DuckDB's plain forms), `normalized`, `text_parts`, `value_parts`,
   * `typed`, `coerced`. Each stage is built by a method of its own below.
   */
  protected coercion(fields: readonly PlanField[], table: string): void {
    this.noteInputTable(table);
    for (const field of fields) {
      this.fieldColumns.set(field.name, {
        field,
        text: this.names.take(`t_${field.name}`),
        value: this.names.take(`f_${field.name}`),
        numeric: numericType(field),
        raw: null,
      });
    }
    const columns = [...this.fieldColumns.values()];
    const constants = this.constantsStage(columns);
    this.inputStages(columns, table, constants);
    this.normalization(columns);
    const typed = this.typedStages(columns, constants);
    this.coercedStage(columns, typed);
  }

  /**
   * Stage `constants`: JavaScript's trim whitespace and, for the dialects that must tell overflow and underflow
   * before casting (Number() overflows to Infinity at or above 2^1024 - 2^970 and underflows to 0 at or below
   * 2^-1075), the significant digits of those bounds, carried to the `typed` stage.
   */
  private constantsStage(columns: readonly FieldColumns[]): CoercionConstants {
    const { b, sql } = this;
    const whitespace = this.names.take("whitespace");
    const guarded = this.d.guardsDoubleRange && columns.some((column) => column.field.type === "number");
    const digits = guarded
      ? { overflow: this.names.take("overflow_digits"), underflow: this.names.take("underflow_digits") }
      : null;
    const items = [this.alias(b.literal(WHITESPACE), whitespace)];
    if (digits)
      items.push(
        this.alias(b.literal(OVERFLOW_DIGITS), digits.overflow),
        this.alias(b.literal(UNDERFLOW_DIGITS), digits.underflow),
      );
    this.stages.push({
      name: "constants",
      comment: digits
        ? "JavaScript's String.prototype.trim whitespace; the digits of the largest and smallest doubles' rounding bounds"
        : "JavaScript's String.prototype.trim whitespace",
      body: sql`SELECT\n  ${b.join(items, ",\n  ")}`,
    });
    return { whitespace, digits };
  }

  /**
   * Stage `input_text`: every declared column as trimmed text (empty text is missing); with DuckDB, a typed input
   * column as its value, and text in its type's plain form as it is with that value (rawFastValue), trimmed in
   * stage `trimmed_text` only where it has none.
   */
  private inputStages(columns: readonly FieldColumns[], table: string, constants: CoercionConstants): void {
    const { b, d, sql } = this;
    const constantsWhitespace = sql`${this.col("constants")}.${this.col("whitespace")}`;
    const source = this.col("source");
    const items: Sql[] = [];
    if (this.rowName !== null)
      items.push(this.alias(d.cast(sql`${source}.${b.ident(this.options.rowColumn!)}`, "bigint"), this.rowName));
    items.push(this.alias(constantsWhitespace, constants.whitespace));
    if (constants.digits) {
      items.push(
        this.alias(sql`${this.col("constants")}.${this.col(constants.digits.overflow)}`, constants.digits.overflow),
      );
      items.push(
        this.alias(sql`${this.col("constants")}.${this.col(constants.digits.underflow)}`, constants.digits.underflow),
      );
    }
    const trimmed: [Sql, string][] = [];
    for (const column of columns) {
      const inputColumn = this.located(`field ${column.field.name}`, () => b.ident(column.field.column));
      const inputType =
        d.dialect === "duckdb" && table === this.options.table
          ? this.options.inputTypes?.[column.field.column]
          : undefined;
      if (inputType !== undefined) {
        // A typed column: its value as it is; the text path below sees no text (and computes nothing).
        column.raw = {
          text: this.names.take(`r_${column.field.name}`),
          value: this.names.take(`q_${column.field.name}`),
          typed: true,
        };
        const noText = d.cast(sql`NULL`, "text");
        items.push(
          this.alias(noText, column.raw.text),
          this.alias(
            typedInputValue(b, column.field, sql`${source}.${inputColumn}`, inputType, column.numeric),
            column.raw.value,
          ),
        );
        trimmed.push([noText, column.text]);
        continue;
      }
      const text = d.inputText(sql`${source}.${inputColumn}`);
      // A list split as it is (splitsUntrimmed) needs its text trimmed for nothing else when no placeholder is
      // compared with the whole text.
      const trim = (raw: Sql, whitespace: Sql) =>
        column.field.type === "string[]" &&
        (column.field.nullValues?.length ?? 0) === 0 &&
        d.splitsUntrimmed(column.field.separator, WHITESPACE)
          ? raw
          : d.jsTrim(raw, whitespace);
      const plainValue = this.rawFastValue(column, text);
      if (plainValue === null) {
        items.push(this.alias(sql`NULLIF(${trim(text, constantsWhitespace)}, '')`, column.text));
        continue;
      }
      column.raw = {
        text: this.names.take(`r_${column.field.name}`),
        value: this.names.take(`q_${column.field.name}`),
        typed: false,
      };
      items.push(this.alias(text, column.raw.text), this.alias(plainValue, column.raw.value));
      trimmed.push([
        sql`CASE WHEN ${this.col(column.raw.value)} IS NULL THEN NULLIF(${trim(this.col(column.raw.text), this.col(constants.whitespace))}, '') END`,
        column.text,
      ]);
    }
    const fast = trimmed.length > 0;
    this.stages.push({
      name: "input_text",
      comment: fast
        ? "every declared column as text, trimmed (empty text is missing), or as it is with the value of its plain form"
        : "every declared column as text, trimmed; empty text is missing",
      body: this.select(items, sql`FROM ${b.qualified(table)} AS ${source}\nCROSS JOIN ${this.col("constants")}`),
    });
    if (fast)
      this.addColumns(
        "trimmed_text",
        "the trimmed text of the values not in their type's plain form; empty text is missing",
        trimmed,
      );
  }

  /**
   * Stages `text_parts`, `value_parts` and `typed`: each field's text checked against its type's pattern and
   * taken apart, then its typed value (the plain form's value first where there is one). Returns the name of
   * each field's typed column, in the order of `columns`.
   */
  private typedStages(columns: readonly FieldColumns[], constants: CoercionConstants): string[] {
    const stages: TypedStageColumns = { parts: [], valueParts: [] };
    const typed: [Sql, string][] = [];
    for (const column of columns) {
      if (column.raw?.typed) {
        // A typed input column has no text: its value is the one read (the text path would give NULL).
        typed.push([this.col(column.raw.value), this.names.take(`v_${column.field.name}`)]);
        continue;
      }
      let value = this.typedValue(column, stages, constants);
      // The value of the plain form where there is one; CASE reads the general form's value only where there is not.
      if (column.raw !== null) {
        const plain = this.col(column.raw.value);
        value = this.sql`CASE WHEN ${plain} IS NOT NULL THEN ${plain} ELSE ${value} END`;
      }
      typed.push([value, this.names.take(`v_${column.field.name}`)]);
    }
    if (stages.parts.length)
      this.addColumns(
        "text_parts",
        "the text of each value checked against its type's pattern, and taken apart",
        stages.parts,
      );
    if (stages.valueParts.length)
      this.addColumns(
        "value_parts",
        "dates as year, month, day; numbers as 0.<significant digits> x 10^<magnitude> (overflow and underflow are told before any cast)",
        stages.valueParts,
      );
    this.addColumns("typed", "typed values; text that is not a value of the field's type is missing", typed);
    return typed.map(([, name]) => name);
  }

  /** A column of stage `text_parts` (or, with `valueParts`, of `value_parts`) for a field; its reference. */
  private partColumn(target: [Sql, string][], column: FieldColumns, suffix: string, expr: Sql): Sql {
    const name = this.names.take(`${suffix}_${column.field.name}`);
    target.push([expr, name]);
    return this.col(name);
  }

  /** The typed value of a field's (normalised) text: the expression of stage `typed`, its parts added to `stages`. */
  private typedValue(column: FieldColumns, stages: TypedStageColumns, constants: CoercionConstants): Sql {
    const text = this.col(column.text);
    switch (column.field.type) {
      case "string":
        return text;
      case "boolean":
        return this.booleanWord(text);
      case "integer":
        return this.integerValue(column, text, stages);
      case "number":
        return constants.digits
          ? this.guardedNumberValue(column, text, stages, constants.digits)
          : this.numberValue(column, text, stages);
      case "date":
        return this.dateValue(column, text, stages);
      case "string[]": {
        const list = this.partColumn(
          stages.parts,
          column,
          "items",
          this.d.splitList(text, column.field.separator, this.col(constants.whitespace), WHITESPACE),
        );
        return this.sql`CASE WHEN ${this.d.listLength(list)} > 0 THEN ${list} END`;
      }
    }
  }

  /** integer: plain digits (the common case) are their own digits; other forms are taken apart; at most 2^53 - 1. */
  private integerValue(column: FieldColumns, text: Sql, stages: TypedStageColumns): Sql {
    const { d, sql } = this;
    const digits = this.partColumn(
      stages.parts,
      column,
      "digits",
      sql`CASE\n  WHEN ${d.fullMatch(text, PLAIN_DIGITS_TEXT)} THEN ${text}\n  WHEN ${d.fullMatch(text, INTEGER_TEXT)} THEN ltrim(${d.replaceAll(text, "^[+-]|[.].*$|,", "")}, '0')\nEND`,
    );
    const safe = sql`length(${digits}) < ${MAX_SAFE_DIGITS.length} OR (length(${digits}) = ${MAX_SAFE_DIGITS.length} AND ${d.digitsCompare(digits, "<=", MAX_SAFE_DIGITS)})`;
    const value = sql`CASE WHEN left(${text}, 1) = '-' THEN ${-1} ELSE 1 END * ${d.cast(sql`CASE WHEN ${safe} THEN '0' || ${digits} END`, "bigint")}`;
    return column.numeric === "double" ? d.cast(value, "double") : value;
  }

  /** number, where the dialect's cast gives NULL outside the double range (DuckDB's TRY_CAST): finite values. */
  private numberValue(column: FieldColumns, text: Sql, stages: TypedStageColumns): Sql {
    const { d, sql } = this;
    const parsed = this.partColumn(
      stages.parts,
      column,
      "number",
      sql`CASE\n  WHEN ${d.fullMatch(text, PLAIN_DECIMAL_TEXT)} THEN ${d.parseDouble(text)}\n  WHEN ${d.fullMatch(text, NUMBER_TEXT)} THEN ${d.parseDouble(sql`replace(${text}, ',', '')`)}\nEND`,
    );
    return sql`CASE WHEN ${d.isFinite(parsed)} THEN ${parsed} END`;
  }

  /**
   * number, where the dialect's cast raises an error outside the double range: the decimal magnitude is worked
   * out from the digits and compared with the bounds first, so the cast only sees text it accepts.
   */
  private guardedNumberValue(
    column: FieldColumns,
    text: Sql,
    stages: TypedStageColumns,
    digits: { overflow: string; underflow: string },
  ): Sql {
    const { d, sql } = this;
    const part = (suffix: string, expr: Sql) => this.partColumn(stages.parts, column, suffix, expr);
    const mantissa = part(
      "mantissa",
      sql`CASE WHEN ${d.fullMatch(text, NUMBER_TEXT)} THEN ${d.replaceAll(text, "^[+-]|[eE].*$|[.,]", "")} END`,
    );
    const integerLength = part("integer_digits", sql`length(${d.replaceAll(text, "^[+-]|[.eE].*$|,", "")})`);
    const exponentDigits = part("exponent_digits", sql`ltrim(${d.replaceAll(text, "^[^eE]*[eE]?[+-]?", "")}, '0')`);
    const exponentNegative = part("exponent_negative", d.fullMatch(text, NEGATIVE_EXPONENT_TEXT));
    const significant = this.partColumn(
      stages.valueParts,
      column,
      "significant",
      sql`rtrim(ltrim(${mantissa}, '0'), '0')`,
    );
    const exponent = sql`CASE WHEN ${exponentNegative} THEN ${-1} ELSE 1 END * COALESCE(${d.cast(sql`CASE WHEN length(${exponentDigits}) <= 6 THEN '0' || ${exponentDigits} END`, "integer")}, 9999999)`;
    // Only for text that is a number: each stage is evaluated on every row (see render), and the exponent
    // of other text need not be digits.
    const magnitude = this.partColumn(
      stages.valueParts,
      column,
      "magnitude",
      sql`CASE WHEN ${mantissa} IS NOT NULL THEN ${integerLength} - (length(${mantissa}) - length(ltrim(${mantissa}, '0'))) + ${exponent} END`,
    );
    const overflow = sql`${magnitude} > 309 OR (${magnitude} = 309 AND ${d.digitsCompare(significant, ">=", this.col(digits.overflow))})`;
    const underflow = sql`${magnitude} < ${-323} OR (${magnitude} = ${-323} AND ${d.digitsCompare(significant, "<=", this.col(digits.underflow))})`;
    // CASE evaluates only the branch it takes, so the cast never sees text outside the double range.
    return sql`CASE
  WHEN ${mantissa} IS NULL THEN NULL
  WHEN ${significant} = '' OR ${underflow} THEN ${d.cast(sql`0`, "double")}
  WHEN ${overflow} THEN NULL
  ELSE ${d.parseDouble(sql`replace(${text}, ',', '')`)}
END`;
  }

  /** date: epoch days, or YYYY-MM-DD text (other formats rewritten to it) checked against the calendar. */
  private dateValue(column: FieldColumns, text: Sql, stages: TypedStageColumns): Sql {
    const { d, sql } = this;
    const format = column.field.format;
    if (format === "epoch_seconds" || format === "epoch_milliseconds") {
      // The UTC day: floor(n / one day), exact in doubles for at most 15 digits (plan/dates.ts parseDayAs).
      const perDay = format === "epoch_seconds" ? 86_400 : 86_400_000;
      const days = this.partColumn(
        stages.parts,
        column,
        "epoch_day",
        sql`CASE WHEN ${d.fullMatch(text, EPOCH_TEXT)} THEN floor(${d.parseDouble(text)} / ${d.cast(sql`${perDay}`, "double")}) END`,
      );
      return sql`CASE WHEN ${days} BETWEEN ${FIRST_DAY} AND ${LAST_DAY} THEN ${d.dateFromDays(days)} END`;
    }
    // Other formats are rewritten as YYYY-MM-DD text, which the ISO path below reads (calendar checks included).
    const date = this.partColumn(
      stages.parts,
      column,
      "date",
      format === undefined
        ? sql`CASE WHEN ${d.fullMatch(text, DATE_TEXT)} THEN substr(${text}, 1, 10) END`
        : this.isoText(text, format),
    );
    if (d.dialect === "duckdb") {
      // DuckDB's date cast of YYYY-MM-DD checks the calendar as the engine does (checked for every such
      // text of years 0000-9999, months 00-13, days 00-32), but reads year 0: that one is refused first.
      return sql`CASE WHEN NOT starts_with(${date}, '0000') THEN TRY_CAST(${date} AS DATE) END`;
    }
    const piece = (suffix: string, from: number, length: number) =>
      this.partColumn(stages.valueParts, column, suffix, d.cast(sql`substr(${date}, ${from}, ${length})`, "integer"));
    const year = piece("year", 1, 4);
    const month = piece("month", 6, 2);
    const day = piece("day", 9, 2);
    const leap = sql`((${d.mod(year, 4)} = 0 AND ${d.mod(year, 100)} <> 0) OR ${d.mod(year, 400)} = 0)`;
    const monthDays = sql`CASE WHEN ${month} IN (4, 6, 9, 11) THEN 30 WHEN ${month} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END ELSE 31 END`;
    const valid = sql`${year} >= 1 AND ${month} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND ${monthDays}`;
    return d.makeDate(sql`CASE WHEN ${valid} THEN ${year} END`, month, day);
  }

  /** Stage `coerced`: values outside the field's enum are missing; missing values take the field's default. */
  private coercedStage(columns: readonly FieldColumns[], typed: readonly string[]): void {
    const { sql } = this;
    const coerced: Sql[] = [];
    if (this.rowName !== null) coerced.push(this.col(this.rowName));
    for (const [index, column] of columns.entries()) {
      const value = this.col(typed[index]!);
      let expr = value;
      if (column.field.enum) expr = sql`CASE WHEN ${this.enumCheck(column, value)} THEN ${value} END`;
      if (column.field.default !== null) expr = sql`COALESCE(${expr}, ${this.defaultValue(column)})`;
      coerced.push(this.alias(expr, column.value));
    }
    this.stages.push({
      name: "coerced",
      comment: "values outside the field's enum are missing; missing values take the field's default",
      body: this.select(coerced, sql`FROM ${this.col(this.last)}`),
    });
  }

  /** Text in a day-month-year or compact date format as YYYY-MM-DD text (NULL when not in that form). */
  private isoText(t: Sql, format: "MM/DD/YYYY" | "DD/MM/YYYY" | "DD.MM.YYYY" | "YYYYMMDD"): Sql {
    const { sql, d } = this;
    if (format === "YYYYMMDD")
      return sql`CASE WHEN ${d.fullMatch(t, "[0-9]{8}")} THEN substr(${t}, 1, 4) || '-' || substr(${t}, 5, 2) || '-' || substr(${t}, 7, 2) END`;
    const separator = format === "DD.MM.YYYY" ? "." : "/";
    const pattern = format === "DD.MM.YYYY" ? "[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4}" : "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}";
    const [monthPart, dayPart] = format === "MM/DD/YYYY" ? [1, 2] : [2, 1];
    const two = (n: number) => sql`lpad(${d.splitPart(t, separator, n)}, 2, '0')`;
    return sql`CASE WHEN ${d.fullMatch(t, pattern)} THEN ${d.splitPart(t, separator, 3)} || '-' || ${two(monthPart)} || '-' || ${two(dayPart)} END`;
  }

  /**
   * Stage `normalized` (only for fields that declare it): text equal to a `null_values` placeholder, compared with
   * its ASCII letters lower-cased, is missing; `case` folds the ASCII letters of string and string[] text (a list's
   * separator holds no letters, compiler rule SEG040, so folding the cell folds each item alike). Each such field's
   * text column is replaced by the normalised one.
   */
  private normalization(columns: readonly FieldColumns[]): void {
    const { d, sql } = this;
    const normalized: [Sql, string][] = [];
    for (const c of columns) {
      const placeholders = c.field.nullValues ?? [];
      const fold = c.field.type === "string" || c.field.type === "string[]" ? c.field.case : undefined;
      if (placeholders.length === 0 && fold === undefined) continue;
      const t = this.col(c.text);
      let expr: Sql = fold !== undefined ? d.foldCase(t, fold) : t;
      if (placeholders.length > 0) {
        const lowered = fold === "lower" ? expr : d.foldCase(t, "lower");
        expr = sql`CASE WHEN ${lowered} IN (${d.values(placeholders)}) THEN NULL ELSE ${expr} END`;
      }
      const name = this.names.take(`n_${c.field.name}`);
      normalized.push([expr, name]);
      c.text = name;
    }
    if (normalized.length)
      this.addColumns(
        "normalized",
        "placeholders (null_values, any ASCII case) are missing; case folds ASCII letters",
        normalized,
      );
  }

  private enumCheck(c: FieldColumns, value: Sql): Sql {
    const allowed = c.field.enum!;
    if (c.field.type === "string[]") return this.d.listWithin(value, allowed.map(String));
    if (allowed.length === 0) return this.sql`FALSE`;
    return this.sql`${value} IN (${this.b.join(
      allowed.map((item) => this.b.literal(this.scalar(c.field.type, item))),
      ", ",
    )})`;
  }

  private defaultValue(c: FieldColumns): Sql {
    const value = c.field.default!;
    if (Array.isArray(value)) return this.d.listLiteral(value.map(String));
    return this.b.literal(this.scalar(c.field.type, value));
  }

  /** A plan value as a literal of the field's type (dates as DATE literals). */
  protected scalar(type: FieldType, value: ScalarValue): ScalarValue | SqlDate {
    if (type === "date" && typeof value === "string") return new SqlDate(formatDay(parseDay(value)!));
    return value;
  }

  // --- conditions ------------------------------------------------------------------------------------------

  /** The column a ref reads. */
  protected abstract ref(ref: Ref): Sql;

  /** A boolean that is never NULL. */
  protected condition(expr: Expr): Sql {
    const { sql } = this;
    switch (expr.op) {
      case "const":
        return expr.value ? sql`TRUE` : sql`FALSE`;
      case "named":
        return this.condition(expr.arg);
      case "define":
        return this.defineColumn(expr.name);
      case "not":
        return sql`(NOT ${this.condition(expr.arg)})`;
      case "and":
      case "or": {
        if (expr.args.length === 0) return expr.op === "and" ? sql`TRUE` : sql`FALSE`;
        const args = expr.args.map((arg) => this.condition(arg));
        if (args.length === 1) return args[0]!;
        const width = args.reduce((sum, arg) => sum + arg.text.length, 0);
        if (width < 90 && args.every((arg) => !arg.text.includes("\n")))
          return sql`(${this.b.join(args, expr.op === "and" ? " AND " : " OR ")})`;
        return sql`(\n  ${this.b.join(
          args.map((arg) => this.b.indent(arg, 2)),
          expr.op === "and" ? "\n  AND " : "\n  OR ",
        )}\n)`;
      }
      case "test":
        return this.test(expr);
      case "contacts":
        // A number that is never NULL (COALESCE(..., 0) where it is joined), tested as a present integer.
        return this.test(
          { op: "test", ref: { kind: "field", name: "", type: "integer" }, test: expr.test, value: expr.value },
          this.contactsColumn(expr),
        );
    }
  }

  /** The column holding a shared define's value (accounts only). */
  protected defineColumn(_name: string): Sql {
    throw new Error("sql: shared defines are not readable here");
  }

  /** The column holding a contacts aggregate's number (accounts only). */
  protected contactsColumn(_expr: ContactsExpr): Sql {
    throw new Error("sql: contacts are not readable here");
  }

  /**
   * A measure of a field's value (plan Ref.measure): whole days from the as-of date (a literal) to the date, or
   * from the date to it, and a list's number of items; NULL where the value is missing.
   */
  private measure(ref: Ref, value: Sql): Sql {
    const { sql, d } = this;
    const asOf = new SqlDate(formatDay(this.asOfDay));
    switch (ref.measure) {
      case undefined:
        return value;
      case "days_ago":
        return d.daysBetween(value, this.b.literal(asOf));
      case "days_until":
        return d.daysBetween(this.b.literal(asOf), value);
      case "count":
        return sql`CASE WHEN ${value} IS NULL THEN NULL ELSE ${d.listLength(value)} END`;
    }
  }

  private test(test: TestExpr, read?: Sql): Sql {
    const { sql, d } = this;
    const x = read ?? this.measure(test.ref, this.ref(test.ref));
    const type = test.ref.type;
    const value = (raw: ScalarValue) => this.scalar(type, raw);
    const one = () => value(test.value as ScalarValue);
    const list = () => (test.value as ScalarValue[]).map(value);
    const guard = (predicate: Sql) => sql`COALESCE(${predicate}, FALSE)`;
    const present = sql`(${x} IS NOT NULL)`;
    switch (test.test) {
      case "exists":
        return present;
      case "missing":
        return sql`(${x} IS NULL)`;
      case "eq":
        return guard(sql`${x} = ${one()}`);
      case "ne":
        return guard(sql`${x} <> ${one()}`);
      case "gt":
        return guard(sql`${x} > ${one()}`);
      case "gte":
        return guard(sql`${x} >= ${one()}`);
      case "lt":
        return guard(sql`${x} < ${one()}`);
      case "lte":
        return guard(sql`${x} <= ${one()}`);
      case "between": {
        const [low, high] = list();
        return guard(sql`${x} BETWEEN ${low!} AND ${high!}`);
      }
      case "in":
      case "not_in": {
        const items = list();
        if (items.length === 0) return test.test === "in" ? sql`FALSE` : present;
        const values = this.d.values(items);
        return guard(test.test === "in" ? sql`${x} IN (${values})` : sql`${x} NOT IN (${values})`);
      }
      case "contains": {
        const needle = String(test.value);
        if (type === "string[]") return guard(d.listContains(x, needle));
        return needle === "" ? present : guard(d.containsText(x, needle));
      }
      case "contains_any": {
        const items = (test.value as ScalarValue[]).map(String);
        return items.length === 0 ? sql`FALSE` : guard(d.listHasAny(x, items));
      }
      case "contains_all": {
        const items = (test.value as ScalarValue[]).map(String);
        return items.length === 0 ? present : guard(d.listHasAll(x, items));
      }
      case "starts_with": {
        const prefix = String(test.value);
        return prefix === "" ? present : guard(d.startsWith(x, prefix));
      }
      case "ends_with": {
        const suffix = String(test.value);
        return suffix === "" ? present : guard(d.endsWith(x, suffix));
      }
      case "matches":
        return guard(d.regexPartialMatch(x, String(test.value)));
      case "within_days": {
        const days = test.value as number;
        if (days < 0) return sql`FALSE`;
        const from = Math.max(this.asOfDay - days, FIRST_DAY);
        return guard(sql`${x} BETWEEN ${new SqlDate(formatDay(from))} AND ${new SqlDate(formatDay(this.asOfDay))}`);
      }
      case "within_next_days": {
        const days = test.value as number;
        if (days < 0) return sql`FALSE`;
        const to = Math.min(this.asOfDay + days, LAST_DAY);
        return guard(sql`${x} BETWEEN ${new SqlDate(formatDay(this.asOfDay))} AND ${new SqlDate(formatDay(to))}`);
      }
    }
  }

  /** Conditions located for errors. */
  protected located(where: string, build: () => Sql): Sql {
    try {
      return build();
    } catch (error) {
      if (error instanceof SqlUnsupportedError) throw error.at(where);
      throw error;
    }
  }

  /** Text of a key as the engine prints it (String(value)). */
  protected keyText(c: FieldColumns): Sql {
    const { d, sql } = this;
    const value = this.col(c.value);
    switch (c.field.type) {
      case "date":
        return d.dayNumberText(value);
      case "integer":
      case "number":
        if (c.numeric === "bigint") return d.cast(value, "text");
        // Whole doubles below 2^53 print as their digits, as in JavaScript; other doubles in the engine's own
        // shortest form, which can differ from JavaScript's (exponent thresholds, digits above 2^53).
        return sql`CASE WHEN ${value} = floor(${value}) AND abs(${value}) < ${Number.MAX_SAFE_INTEGER + 1} THEN ${d.cast(d.cast(value, "bigint"), "text")} ELSE ${d.cast(value, "text")} END`;
      default:
        return value;
    }
  }

  /** Sort key of an account or contact key: binary for text. */
  protected keyOrder(c: FieldColumns): Sql {
    const value = this.col(c.value);
    return c.field.type === "string" ? this.d.binaryOrder(value) : value;
  }

  protected outputName(name: string, taken: Set<string>, what: string): string {
    const lower = name.toLowerCase();
    if (taken.has(lower)) {
      throw new SqlUnsupportedError(
        `the output column "${name}" (${what}) has the same name as another output column`,
        this.options.dialect,
        null,
        "rename the score or key field",
      );
    }
    taken.add(lower);
    return name;
  }
}

// ---------------------------------------------------------------------------------------------------------------

class AccountsQuery extends QueryBuilder {
  private readonly scoreColumns = new Map<string, string>();
  private readonly tierColumn: string;
  private readonly icpColumn: string;
  private readonly segmentColumn: string;
  private readonly activationsColumn: string;
  /** Plans with audiences: the `;`-joined ids of each account's audiences, and each audience's membership. */
  private readonly audiencesColumn: string | null = null;
  private readonly audienceColumns: string[] = [];

  constructor(
    plan: Plan,
    options: CompileSqlOptions,
    asOfDay: number,
    private readonly lines = false,
    private readonly rolesTable: string | null = null,
  ) {
    super(plan, options, asOfDay);
    this.icpColumn = this.names.take("_icp");
    this.tierColumn = this.names.take("_tier");
    this.segmentColumn = this.names.take("_segment");
    this.activationsColumn = this.names.take("_activations");
    if (plan.audiences) {
      this.audiencesColumn = this.names.take("_audiences");
      this.audienceColumns = plan.audiences.map((audience) => this.names.take(`_audience_${audience.id}`));
    }
  }

  /** The column of each contacts aggregate, by aggregateKey (filled by `contacts`). */
  private readonly aggregateColumns = new Map<string, string>();

  /** The plan's shared defines, and the column of each one computed so far (filled by `sharedDefines`). */
  private readonly defineBodies = planDefines(this.plan);
  private readonly defineColumns = new Map<string, string>();
  private defineStages = 0;

  protected override defineColumn(name: string): Sql {
    const column = this.defineColumns.get(name);
    if (column === undefined) throw new Error(`sql: shared define ${name} read before it is computed`);
    return this.col(column);
  }

  /**
   * Stages `shared_defines_N`: a column for each shared define (plan `defines`) that `exprs` read, directly or through
   * other shared defines, and no earlier stage computed; one stage per layer, a define after those it reads. Each is
   * computed once per account and read by name wherever it is used, so the query grows with the plan, not with the
   * expansion. Called just before the stage that reads them: what a define reads (scores, the tier) is known there.
   */
  private sharedDefines(exprs: readonly (Expr | null)[]): void {
    const needed = new Set<string>();
    const direct = (expr: Expr | null, out: string[]): string[] => {
      if (expr === null) return out;
      switch (expr.op) {
        case "define":
          out.push(expr.name);
          break;
        case "named":
        case "not":
          direct(expr.arg, out);
          break;
        case "and":
        case "or":
          for (const arg of expr.args) direct(arg, out);
          break;
        default:
          break;
      }
      return out;
    };
    const pending = exprs.flatMap((expr) => direct(expr, []));
    while (pending.length) {
      const name = pending.pop()!;
      if (needed.has(name) || this.defineColumns.has(name)) continue;
      needed.add(name);
      pending.push(...direct(this.defineBodies.get(name) ?? null, []));
    }
    if (needed.size === 0) return;
    // Plan order puts a define after those it reads: its layer is one past theirs.
    const layers: { name: string; when: Expr }[][] = [];
    const layerOf = new Map<string, number>();
    for (const define of this.plan.defines ?? []) {
      if (!needed.has(define.name)) continue;
      const layer = Math.max(0, ...direct(define.when, []).map((name) => (layerOf.get(name) ?? -1) + 1));
      layerOf.set(define.name, layer);
      (layers[layer] ??= []).push(define);
    }
    for (const layer of layers) {
      const columns = layer.map((define): [Sql, string] => [
        this.located(`define ${define.name}`, () => this.condition(define.when)),
        this.names.take(`_define_${define.name}`),
      ]);
      this.addColumns(
        `shared_defines_${++this.defineStages}`,
        "shared defines: each computed once per account, read by name where it is used",
        columns,
      );
      layer.forEach((define, index) => this.defineColumns.set(define.name, columns[index]![1]));
    }
  }

  protected override contactsColumn(expr: ContactsExpr): Sql {
    const name = this.aggregateColumns.get(aggregateKey(expr));
    if (name === undefined) throw new Error("sql: unknown contacts aggregate");
    return this.col(name);
  }

  /**
   * Stage `contact_aggregates`: each account's numbers over its contacts (the same aggregates, in the same order,
   * as the engine's contactAggregates), from the contacts query grouped by account key (ContactsQuery.aggregates),
   * joined on the key's text; 0 for an account without contacts or without a key.
   */
  private contacts(): void {
    const { plan, sql, b } = this;
    const aggregates = contactAggregates(plan);
    if (aggregates.length === 0) return;
    const columns = aggregates.map((aggregate) => {
      const name = this.names.take(`_contacts_${aggregate.measure}`);
      this.aggregateColumns.set(aggregateKey(aggregate), name);
      return name;
    });
    const key = this.fieldColumns.get(plan.key);
    const previous = this.col(this.last);
    const joined = this.col("contact_numbers");
    if (!key || !plan.contacts) {
      this.addColumns(
        "contact_aggregates",
        "no account key or contacts: every account has 0 contacts",
        columns.map((name) => [sql`0`, name]),
      );
      return;
    }
    const accountKey = this.names.take("_contact_account");
    const numbers = columns.map((_, index) => this.names.take(`_number_${index + 1}`));
    // Grouped by account, so the contacts' row numbers play no part (and the contacts table need not have the column).
    const query = new ContactsQuery(plan, { ...this.options, rowColumn: undefined }, this.asOfDay, false, {
      aggregates,
      accountKey,
      numbers,
    }).build();
    const items = [
      sql`${previous}.*`,
      ...columns.map((name, index) => this.alias(sql`COALESCE(${joined}.${this.col(numbers[index]!)}, 0)`, name)),
    ];
    this.stages.push({
      name: "contact_aggregates",
      comment: "each account's numbers over its contacts (grouped by account key), 0 without contacts",
      body: this.select(
        items,
        sql`FROM ${previous}
LEFT JOIN (
  ${b.indent(query, 2)}
) AS ${joined} ON ${joined}.${this.col(accountKey)} = ${this.keyText(key)}`,
      ),
    });
  }

  /**
   * Stages `computed`, `computed_2` ...: the derived fields (plan `computed`), each a column read like a field's,
   * one stage per layer (a derived field after those it reads). The engine's semantics (engine/computed.ts):
   * arithmetic in doubles (integers cast, so no integer division), NULL in gives NULL out (SQL's own rule)
   * except in COALESCE, `/` by zero is NULL (NULLIF), min and max are NULL when any argument is (checked before
   * LEAST / GREATEST, which skip NULLs in DuckDB and PostgreSQL), round is floor(x * 10^d + 0.5) / 10^d and
   * days_between the dialect's whole-day difference. DuckDB: a result that is not finite is NULL.
   */
  private computedFields(): void {
    const computed = this.plan.computed ?? [];
    if (computed.length === 0) return;
    const layerOf = new Map<string, number>();
    const layers: (typeof computed)[] = [];
    for (const field of computed) {
      const layer = Math.max(0, ...computeRefs(field.expr).map((name) => (layerOf.get(name) ?? -1) + 1));
      layerOf.set(field.name, layer);
      (layers[layer] ??= []).push(field);
    }
    layers.forEach((layer, index) => {
      const columns = layer.map((field): [Sql, string] => {
        const value = this.located(`field ${field.name}`, () => this.computeSql(field.expr));
        const checked =
          field.type === "number" && this.d.dialect === "duckdb"
            ? this.sql`CASE WHEN ${this.d.isFinite(value)} THEN ${value} END`
            : value;
        return [checked, this.names.take(`f_${field.name}`)];
      });
      this.addColumns(
        index === 0 ? "computed" : `computed_${index + 1}`,
        "derived fields (compute): doubles, NULL when an operand is missing (but in coalesce) or a divisor is 0",
        columns,
      );
      layer.forEach((field, i) => {
        const planField: PlanField = {
          name: field.name,
          type: field.type,
          column: field.name,
          default: null,
          nullable: true,
          enum: null,
          separator: ";",
        };
        this.fieldColumns.set(field.name, {
          field: planField,
          text: columns[i]![1],
          raw: null,
          value: columns[i]![1],
          numeric: field.type === "number" ? "double" : null,
        });
      });
    });
  }

  /** A derived field's expression (see computedFields); numbers are doubles, dates DATE. */
  private computeSql(expr: ComputeExpr): Sql {
    const { sql, d } = this;
    const double = (value: Sql) => d.cast(value, "double");
    const anyNull = (args: Sql[]) =>
      this.b.join(
        args.map((arg) => sql`${arg} IS NULL`),
        " OR ",
      );
    switch (expr.op) {
      case "number":
        return Number.isSafeInteger(expr.value) ? double(sql`${expr.value}`) : sql`${expr.value}`;
      case "field": {
        const c = this.fieldColumns.get(expr.name);
        if (!c) throw new Error(`sql: unknown field ${expr.name} in a derived field`);
        return expr.type === "integer" ? double(this.col(c.value)) : this.col(c.value);
      }
      case "neg":
        return sql`(-(${this.computeSql(expr.arg)}))`;
      case "+":
        return sql`(${this.computeSql(expr.left)} + ${this.computeSql(expr.right)})`;
      case "-":
        return sql`(${this.computeSql(expr.left)} - ${this.computeSql(expr.right)})`;
      case "*":
        return sql`(${this.computeSql(expr.left)} * ${this.computeSql(expr.right)})`;
      case "/":
        return sql`(${this.computeSql(expr.left)} / NULLIF(${this.computeSql(expr.right)}, 0))`;
      case "call": {
        const args = expr.args.map((arg) => this.computeSql(arg));
        switch (expr.fn) {
          case "min":
          case "max": {
            // Numbers written in the expression are never NULL: only the other arguments are checked.
            const nullable = args.filter((_, index) => expr.args[index]!.op !== "number");
            const extreme = sql`${expr.fn === "min" ? sql`LEAST` : sql`GREATEST`}(${this.b.join(args, ", ")})`;
            return nullable.length ? sql`CASE WHEN ${anyNull(nullable)} THEN NULL ELSE ${extreme} END` : extreme;
          }
          case "abs":
            return sql`abs(${args[0]!})`;
          case "round": {
            const digits = expr.args[1]?.op === "number" ? expr.args[1].value : 0;
            const half = double(sql`${0.5}`);
            if (digits === 0) return sql`floor(${args[0]!} + ${half})`;
            const scale = double(sql`${10 ** digits}`);
            return sql`(floor(${args[0]!} * ${scale} + ${half}) / ${scale})`;
          }
          case "coalesce":
            return sql`COALESCE(${this.b.join(args, ", ")})`;
          case "days_between":
            return double(d.daysBetween(args[0]!, args[1]!));
        }
      }
    }
    throw new Error(`sql: unknown compute node ${JSON.stringify(expr)}`);
  }

  protected ref(ref: Ref): Sql {
    switch (ref.kind) {
      case "role":
        throw new Error("sql: an account condition cannot read a role");
      case "field": {
        const c = this.fieldColumns.get(ref.name);
        if (!c) throw new Error(`sql: unknown field ${ref.name}`);
        return this.col(c.value);
      }
      case "score": {
        const name = this.scoreColumns.get(ref.name);
        if (!name) throw new Error(`sql: score ${ref.name} read before it is computed`);
        return this.col(name);
      }
      case "tier":
        return this.col(this.tierColumn);
    }
  }

  build(): Sql {
    const { plan, sql } = this;
    this.coercion(plan.fields, this.options.table);
    this.computedFields();
    this.contacts();

    // The ICP gate reads fields only, so it shares the first scores stage (one pass less over every row).
    this.sharedDefines([plan.icp]);
    this.scores([this.located("icp", () => this.condition(plan.icp)), this.icpColumn]);
    this.tiers();

    // Segment: first match among ICP accounts, else the fallback.
    this.sharedDefines(plan.segments.map((segment) => segment.when));
    const segmentCases = plan.segments.map((segment) =>
      this.located(
        `segment ${segment.id}`,
        () => sql`WHEN ${this.b.indent(this.condition(segment.when), 2)} THEN ${segment.id}`,
      ),
    );
    // Scoped to every account: no ICP line (the tier is NULL outside the ICP).
    const outside = plan.segmentScope === "all" ? sql`` : sql`WHEN NOT ${this.col(this.icpColumn)} THEN NULL\n  `;
    const segment =
      plan.segmentScope === "all" && segmentCases.length === 0
        ? this.d.cast(sql`${plan.fallback.id}`, "text")
        : sql`CASE\n  ${outside}${this.b.join(
            segmentCases.map((c) => this.b.indent(c, 2)),
            "\n  ",
          )}${segmentCases.length ? sql`\n  ` : sql``}ELSE ${plan.fallback.id}\nEND`;
    this.addColumns(
      "segments",
      plan.segmentScope === "all"
        ? "the first matching segment, else the fallback (every account)"
        : "the first matching segment, else the fallback; none outside the ICP",
      [[segment, this.segmentColumn]],
    );

    this.audiences();
    this.activations();

    return this.lines ? this.csvOutput() : this.rowsOutput();
  }

  /** The output columns: key, icp, one per score (rounded), tier, segment, activations. */
  private rowsOutput(): Sql {
    const { plan, sql, d } = this;
    const taken = new Set<string>();
    const key = this.fieldColumns.get(plan.key);
    const items: Sql[] = [];
    items.push(
      this.alias(
        key ? this.keyText(key) : sql`CAST(NULL AS ${d.type("text")})`,
        this.outputName(plan.key, taken, "the key"),
      ),
    );
    items.push(this.alias(this.col(this.icpColumn), this.outputName("icp", taken, "the ICP flag")));
    for (const score of plan.scores) {
      items.push(
        this.alias(sql`${this.scaledScore(score.name)} / 10000`, this.outputName(score.name, taken, "a score")),
      );
    }
    items.push(this.alias(this.col(this.tierColumn), this.outputName("tier", taken, "the tier")));
    items.push(this.alias(this.col(this.segmentColumn), this.outputName("segment", taken, "the segment")));
    items.push(this.alias(this.col(this.activationsColumn), this.outputName("activations", taken, "the activations")));
    if (this.audiencesColumn !== null)
      items.push(this.alias(this.col(this.audiencesColumn), this.outputName("audiences", taken, "the audiences")));
    if (this.options.withValues) {
      plan.fields.forEach((field, index) => {
        const c = this.fieldColumns.get(field.name)!;
        const value =
          field.type === "date" ? d.cast(sql`(${this.col(c.value)} - DATE '1970-01-01')`, "bigint") : this.col(c.value);
        items.push(
          this.alias(value, this.outputName(`segform_value_${index + 1}`, taken, `the value of field ${field.name}`)),
        );
      });
    }
    return this.render(
      this.header("accounts"),
      this.select(items, sql`FROM ${this.col(this.last)}\nORDER BY ${this.outputOrder(key)}`),
    );
  }

  /**
   * A score x 10000, rounded as Math.round rounds: floor(y) + 1 when the fraction of y is at least 0.5 (ties toward
   * +infinity; y - floor(y) is exact in binary floating point, where floor(y + 0.5) is not).
   */
  private scaledScore(name: string): Sql {
    const y = this.sql`${this.col(this.scoreColumns.get(name)!)} * 10000`;
    return this.sql`CASE WHEN ${y} - floor(${y}) >= ${0.5} THEN floor(${y}) + 1 ELSE floor(${y}) END`;
  }

  /**
   * Each account's line of `segform run`'s CSV output (data/formats.ts: cells through csvCell, joined with commas;
   * no line break), in one column named as the CSV header line.
   * Scores are printed from n = round(score x 10000) (an integer: 0..1,000,000) as n / 10000 in plain decimals,
   * which is what String() prints for Math.round(x * 10000) / 10000 (checked for every n). The key is quoted as
   * csvCell quotes it; ids and activation names are quoted here, once, when they need it.
   */
  private csvOutput(): Sql {
    const { plan, sql, b } = this;
    const key = this.fieldColumns.get(plan.key);
    const cell = (value: Sql) => this.csvQuoted(value);
    // Ids are known here: quoted through a CASE only when one of them needs it.
    const ids = (column: string, list: readonly string[]) =>
      list.every((id) => csvCell(id) === id)
        ? this.col(column)
        : sql`CASE ${this.col(column)} ${b.join(
            list.map((id) => sql`WHEN ${id} THEN ${csvCell(id)}`),
            " ",
          )} END`;

    // Rounded scores as integers (one stage, so each is computed once).
    const rounded = plan.scores.map((score): [Sql, string] => [
      sql`CAST(${this.scaledScore(score.name)} AS BIGINT)`,
      this.names.take(`n_${score.name}`),
    ]);
    if (rounded.length) this.addColumns("rounded", "scores x 10000, rounded as Math.round rounds (ties up)", rounded);

    const parts: Sql[] = [];
    if (key) parts.push(key.field.type === "string" ? cell(this.keyText(key)) : this.keyText(key));
    else parts.push(sql`''`);
    parts.push(sql`CASE WHEN ${this.col(this.icpColumn)} THEN ',true' ELSE ',false' END`);
    for (const [, name] of rounded) {
      const n = this.col(name);
      const whole = sql`CAST(${n} // 10000 AS VARCHAR)`;
      parts.push(
        sql`','`,
        sql`CASE WHEN ${n} % 10000 = 0 THEN ${whole} ELSE ${whole} || '.' || rtrim(lpad(CAST(${n} % 10000 AS VARCHAR), 4, '0'), '0') END`,
      );
    }
    parts.push(
      sql`','`,
      ids(
        this.tierColumn,
        plan.tiers.map((tier) => tier.id),
      ),
    );
    parts.push(sql`','`, ids(this.segmentColumn, [...plan.segments.map((segment) => segment.id), plan.fallback.id]));
    // The activations are a ;-joined list of names; quoted as a whole when any part needs it.
    const names = plan.activations.map((activation) => activation.name);
    const activations = this.col(this.activationsColumn);
    parts.push(sql`','`, names.some((name) => /[",\r\n]/.test(name)) ? cell(activations) : activations);
    // Audience ids need no quoting (letters, digits, _ and -).
    if (this.audiencesColumn !== null) parts.push(sql`','`, this.col(this.audiencesColumn));

    let from = sql`FROM ${this.col(this.last)}`;
    if (this.rolesTable !== null) {
      // Each account's roles cell, by its key's text (what the contact pass groups by).
      const roles = this.col("account_roles");
      parts.push(sql`','`, sql`${roles}.${this.col("roles")}`);
      from = sql`FROM ${this.col(this.last)}\nLEFT JOIN ${b.qualified(this.rolesTable)} AS ${roles} ON ${roles}.${this.col("account_key")} = ${key ? this.keyText(key) : sql`NULL`}`;
    }
    const line = this.alias(sql`concat(${b.join(parts, ", ")})`, csvHeader(plan, this.rolesTable !== null));
    return this.render(
      this.header("accounts, as CSV lines"),
      this.select([line], sql`${from}\nORDER BY ${this.outputOrder(key)}`),
    );
  }

  private scores(icp: [Sql, string]): void {
    const { plan, sql, d } = this;
    // A score can read the scores before it: each stage computes the scores whose inputs are all ready.
    const layer = new Map<string, number>();
    for (const score of plan.scores) {
      let depth = 1;
      if (score.kind === "criteria") {
        for (const criterion of score.criteria) {
          for (const ref of exprRefs(criterion.when, [], this.defineBodies))
            if (ref.kind === "score") depth = Math.max(depth, (layer.get(ref.name) ?? 0) + 1);
        }
      }
      layer.set(score.name, depth);
    }
    const depth = Math.max(0, ...layer.values());
    if (depth === 0) this.addColumns("icp", "the ICP gate: include and not exclude", [icp]);
    for (let level = 1; level <= depth; level++) {
      const columns: [Sql, string][] = [];
      this.sharedDefines(
        plan.scores
          .filter((s) => layer.get(s.name) === level)
          .flatMap((score) => (score.kind === "criteria" ? score.criteria.map((criterion) => criterion.when) : [])),
      );
      for (const score of plan.scores.filter((s) => layer.get(s.name) === level)) {
        const name = this.names.take(`s_${score.name}`);
        let expr: Sql;
        if (score.kind === "field") {
          const c = this.fieldColumns.get(score.field);
          if (!c) throw new Error(`sql: unknown field ${score.field}`);
          const x = this.col(c.value);
          expr = sql`CASE\n  WHEN ${x} IS NULL OR ${x} <= 0 THEN ${d.cast(sql`0`, "double")}\n  WHEN ${x} >= 100 THEN ${d.cast(sql`100`, "double")}\n  ELSE ${d.cast(x, "double")}\nEND`;
        } else {
          const terms = score.criteria.map((criterion) =>
            this.located(
              `score ${score.name}, criterion ${criterion.id}`,
              () =>
                sql`+ CASE WHEN ${this.b.indent(this.condition(criterion.when), 4)} THEN ${criterion.points} ELSE 0 END`,
            ),
          );
          const sum = terms.length
            ? sql`${d.cast(sql`0`, "double")}\n  ${this.b.join(terms, "\n  ")}`
            : d.cast(sql`0`, "double");
          expr = sql`LEAST(GREATEST(\n  ${sum},\n  0), 100)`;
        }
        columns.push([expr, name]);
        this.scoreColumns.set(score.name, name);
      }
      if (level === 1)
        this.addColumns(
          "scores",
          "the ICP gate (include and not exclude); scores: criteria points summed left to right, clamped to [0, 100]",
          [icp, ...columns],
        );
      else this.addColumns(`scores_${level}`, "scores that read the scores above", columns);
    }
  }

  private tiers(): void {
    const { plan, sql } = this;
    const icp = this.col(this.icpColumn);
    if (plan.tiers.length === 0) {
      this.addColumns("tiers", "no tiers", [[this.d.cast(sql`NULL`, "text"), this.tierColumn]]);
      return;
    }
    const matches = plan.tiers.map((tier) => this.names.take(`_match_${tier.id}`));
    this.sharedDefines(plan.tiers.map((tier) => tier.when));
    this.addColumns(
      "tier_matches",
      "which tiers each ICP account matches",
      plan.tiers.map((tier, index) => {
        const when = this.located(`tier ${tier.id}`, () => this.condition(tier.when));
        return [when.text === "TRUE" ? icp : sql`(${icp} AND ${this.b.indent(when, 2)})`, matches[index]!];
      }),
    );
    // Allocation in tier order: `taken` is what the earlier tiers took.
    const taken: Sql[] = [];
    const chooses: Sql[] = [];
    plan.tiers.forEach((tier, index) => {
      const match = this.col(matches[index]!);
      if (tier.capacity === null) {
        taken.push(match);
        chooses.push(sql`WHEN ${match} THEN ${tier.id}`);
        return;
      }
      const kept = this.names.take(`_keep_${tier.id}`);
      const candidate = taken.length ? sql`(${match} AND NOT (${this.b.join(taken, " OR ")}))` : match;
      const order = this.b.join(this.rankOrder(tier), ", ");
      let keeps: Sql;
      if (this.rowName !== null) {
        // The input row identifies an account: the tier keeps the rows of its best candidates (a top-N over the
        // candidates, instead of a window that sorts every row).
        const row = this.col(this.rowName);
        keeps = sql`(${candidate} AND ${row} IN (\n  SELECT ${row} FROM ${this.col(this.last)}\n  WHERE ${candidate}\n  ORDER BY ${order}\n  LIMIT ${tier.capacity}\n))`;
      } else {
        keeps = sql`(${candidate} AND row_number() OVER (\n  PARTITION BY ${candidate}\n  ORDER BY ${order}\n) <= ${tier.capacity})`;
      }
      this.addColumns(
        `tier_${index + 1}_capacity`,
        `capacity of tier ${index + 1}: it keeps the best ${tier.capacity} of the accounts that reach it`,
        [[keeps, kept]],
      );
      taken.push(this.col(kept));
      chooses.push(sql`WHEN ${this.col(kept)} THEN ${tier.id}`);
    });
    this.addColumns("tiers", "the first tier that matches and had room", [
      [sql`CASE\n  ${this.b.join(chooses, "\n  ")}\nEND`, this.tierColumn],
    ]);
  }

  /** Best first: rank keys (missing last), then the key ascending (binary), then the input row. */
  private rankOrder(tier: PlanTier): Sql[] {
    const { sql } = this;
    const order = tier.rankBy.map((rank) => {
      const direction = rank.order === "asc" ? sql`ASC` : sql`DESC`;
      return sql`${this.ref(rank.ref)} ${direction} NULLS LAST`;
    });
    const key = this.fieldColumns.get(this.plan.key);
    if (key) order.push(sql`${this.keyOrder(key)} ASC NULLS LAST`);
    if (this.rowName !== null) order.push(sql`${this.col(this.rowName)} ASC`);
    if (order.length === 0) order.push(sql`1`);
    return order;
  }

  /**
   * Stage `audiences` (plans with audiences): each audience's membership over every account (a condition is never
   * NULL), then the ids of those that hold, in plan order.
   */
  private audiences(): void {
    const { plan, sql } = this;
    const audiences = plan.audiences;
    if (!audiences || this.audiencesColumn === null) return;
    this.sharedDefines(audiences.map((audience) => audience.when));
    if (audiences.length) {
      this.addColumns(
        "audience_matches",
        "each audience's condition, over every account (audiences overlap)",
        audiences.map((audience, index) => [
          this.located(`audience ${audience.id}`, () => this.condition(audience.when)),
          this.audienceColumns[index]!,
        ]),
      );
    }
    const parts = audiences.map(
      (audience, index) => sql`CASE WHEN ${this.col(this.audienceColumns[index]!)} THEN ${audience.id} END`,
    );
    this.addColumns("audiences", "the audiences each account is in, in plan order", [
      [this.d.joinNonNull(parts, ";"), this.audiencesColumn],
    ]);
  }

  private activations(): void {
    const { plan, sql } = this;
    const icp = this.col(this.icpColumn);
    const tier = this.col(this.tierColumn);
    const segment = this.col(this.segmentColumn);
    const parts: Sql[] = [];
    // Segments scoped to every account, or audiences: activations reach accounts outside the ICP (the tier is NULL there).
    const everyAccount = plan.segmentScope === "all" || plan.audiences !== undefined;
    this.sharedDefines(plan.activations.map((activation) => activation.when));
    for (const activation of plan.activations) {
      const tiers = plan.tiers.filter((t) => t.activate.includes(activation.name)).map((t) => t.id);
      const segments = plan.segments.filter((s) => s.activate.includes(activation.name)).map((s) => s.id);
      if (plan.fallback.activate.includes(activation.name)) segments.push(plan.fallback.id);
      const audiences = (plan.audiences ?? []).flatMap((audience, index) =>
        audience.activate.includes(activation.name) ? [this.col(this.audienceColumns[index]!)] : [],
      );
      if (tiers.length === 0 && segments.length === 0 && audiences.length === 0) continue;
      const asks: Sql[] = [];
      const inList = (column: Sql, ids: string[]) => sql`${column} IN (${this.d.values(ids)})`;
      if (tiers.length) asks.push(inList(tier, tiers));
      if (segments.length) asks.push(inList(segment, segments));
      asks.push(...audiences);
      const wanted = sql`COALESCE(${this.b.join(asks, " OR ")}, FALSE)`;
      const when = activation.when
        ? this.located(`activation ${activation.name}`, () => this.condition(activation.when!))
        : null;
      const asked = everyAccount ? wanted : sql`${icp} AND ${wanted}`;
      const condition = when ? sql`${asked}\n  AND ${this.b.indent(when, 2)}` : asked;
      parts.push(sql`CASE WHEN ${this.b.indent(condition, 2)} THEN ${activation.name} END`);
    }
    this.addColumns(
      "activations",
      "the activations the tier and segment ask for whose own condition holds, in plan order",
      [[this.d.joinNonNull(parts, ";"), this.activationsColumn]],
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------

class ContactsQuery extends QueryBuilder {
  private readonly roleColumn: string;

  constructor(
    plan: Plan,
    options: CompileSqlOptions,
    asOfDay: number,
    private readonly perAccount = false,
    private readonly aggregates: {
      aggregates: ContactAggregate[];
      accountKey: string;
      numbers: string[];
    } | null = null,
  ) {
    super(plan, options, asOfDay);
    this.roleColumn = this.names.take("_role");
  }

  /**
   * One row per account key (its text, as the accounts' output prints it) with each aggregate's number: how many
   * contacts match its `where` (a column per condition, never NULL), or how many different roles they hold.
   */
  private aggregatesPerAccount(spec: { aggregates: ContactAggregate[]; accountKey: string; numbers: string[] }): Sql {
    const { sql } = this;
    const contacts = this.plan.contacts!;
    const matches = spec.aggregates.map((aggregate, index): [Sql, string] => [
      aggregate.where === null
        ? sql`TRUE`
        : this.located(`contacts condition ${index + 1}`, () => this.condition(aggregate.where!)),
      this.names.take(`_where_${index + 1}`),
    ]);
    this.addColumns("contact_matches", "which contacts each account condition over contacts counts", matches);
    const account = this.fieldColumns.get(contacts.accountKey);
    const keyText = account ? this.keyText(account) : sql`CAST(NULL AS ${this.d.type("text")})`;
    const items = [
      this.alias(keyText, spec.accountKey),
      ...spec.aggregates.map((aggregate, index) => {
        const match = this.col(matches[index]![1]);
        const number =
          aggregate.measure === "count"
            ? sql`count(CASE WHEN ${match} THEN 1 END)`
            : sql`count(DISTINCT CASE WHEN ${match} THEN ${this.col(this.roleColumn)} END)`;
        return this.alias(number, spec.numbers[index]!);
      }),
    ];
    return this.render(
      this.header("contact numbers per account"),
      this.select(
        items,
        sql`FROM ${this.col(this.last)}
WHERE ${keyText} IS NOT NULL
GROUP BY ${keyText}`,
      ),
    );
  }

  /**
   * One row per account with a role: `account_key` (the account key's text, as the accounts' output prints it)
   * and `roles`, the roles cell of `segform run`'s CSV output (the account's role ids in plan order, joined with
   * `;`, quoted as csvCell quotes).
   */
  private rolesPerAccount(): Sql {
    const { sql, b } = this;
    const contacts = this.plan.contacts!;
    const account = this.fieldColumns.get(contacts.accountKey);
    const role = this.col(this.roleColumn);
    const position = sql`CASE ${role} ${b.join(
      contacts.roles.map((r, index) => sql`WHEN ${r.id} THEN ${index}`),
      " ",
    )} END`;
    const pairs = this.select(
      [
        this.alias(account ? this.keyText(account) : sql`CAST(NULL AS VARCHAR)`, "account_key"),
        this.alias(role, "role"),
        this.alias(position, "position"),
      ],
      sql`FROM ${this.col(this.last)}\nWHERE ${role} IS NOT NULL`,
    );
    const joined = sql`string_agg(${this.col("role")}, ';' ORDER BY ${this.col("position")})`;
    const cell = contacts.roles.every((r) => csvCell(r.id) === r.id) ? joined : this.csvQuoted(joined);
    const items = [this.col("account_key"), this.alias(cell, "roles")];
    return this.render(
      this.header("roles per account"),
      this.select(
        items,
        sql`FROM (\n  ${b.indent(sql`SELECT DISTINCT * FROM (\n  ${b.indent(pairs, 2)}\n)`, 2)}\n)\nWHERE ${this.col("account_key")} IS NOT NULL\nGROUP BY ${this.col("account_key")}`,
      ),
    );
  }

  protected ref(ref: Ref): Sql {
    if (ref.kind === "role") return this.col(this.roleColumn);
    const c = ref.kind === "field" ? this.fieldColumns.get(ref.name) : undefined;
    if (!c) throw new Error(`sql: roles read contact fields only (${ref.kind} ${ref.name})`);
    return this.col(c.value);
  }

  build(): Sql {
    const { sql, d } = this;
    const contacts = this.plan.contacts!;
    this.coercion(contacts.fields, this.options.contactsTable ?? "contacts");
    const cases = contacts.roles.map((role) =>
      this.located(`role ${role.id}`, () => sql`WHEN ${this.b.indent(this.condition(role.when), 2)} THEN ${role.id}`),
    );
    const role = cases.length
      ? sql`CASE\n  ${this.b.join(
          cases.map((c) => this.b.indent(c, 2)),
          "\n  ",
        )}\nEND`
      : d.cast(sql`NULL`, "text");
    this.addColumns("roles", "the first matching buying-committee role", [[role, this.roleColumn]]);
    if (this.aggregates) return this.aggregatesPerAccount(this.aggregates);
    if (this.perAccount) return this.rolesPerAccount();

    const taken = new Set<string>();
    const items: Sql[] = [];
    const key = contacts.key !== null ? this.fieldColumns.get(contacts.key) : undefined;
    if (key) items.push(this.alias(this.keyText(key), this.outputName(contacts.key!, taken, "the contact key")));
    else {
      // Contacts without a key are numbered by input order (1-based).
      const number = this.rowName !== null ? this.col(this.rowName) : sql`row_number() OVER ()`;
      items.push(this.alias(d.cast(number, "text"), this.outputName("contact", taken, "the contact number")));
    }
    const account = this.fieldColumns.get(contacts.accountKey);
    items.push(
      this.alias(
        account ? this.keyText(account) : d.cast(sql`NULL`, "text"),
        this.outputName(contacts.accountKey, taken, "the account key"),
      ),
    );
    items.push(this.alias(this.col(this.roleColumn), this.outputName("role", taken, "the role")));
    return this.render(
      this.header("contacts"),
      this.select(items, sql`FROM ${this.col(this.last)}\nORDER BY ${this.outputOrder(key)}`),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * For tests: the coerced value of every field, one column per field (named as the field), dates as day numbers
 * (text), ordered by the row column. Not part of the package's interface.
 */
export function compileCoercionSql(
  fields: readonly PlanField[],
  options: CompileSqlOptions & { rowColumn: string },
): string {
  return new CoercionQuery(fields, options).build().text;
}

/**
 * The runners' key check: each account's input row (`row`) and coerced key (`key`, NULL where missing), as the
 * compiled accounts query reads them. Needs the row column.
 */
export function compileKeySql(plan: Plan, options: CompileSqlOptions & { rowColumn: string }): Sql {
  const key = plan.fields.find((field) => field.name === plan.key);
  if (!key) throw new RangeError(`sql: the plan's key ${plan.key} is not a field`);
  return new KeyQuery([key], options).build();
}

class CoercionQuery extends QueryBuilder {
  constructor(
    private readonly fields: readonly PlanField[],
    options: CompileSqlOptions,
  ) {
    super({ hash: "test" } as Plan, options, asOfDayOf(options));
  }

  protected fieldsOf(): readonly PlanField[] {
    return this.fields;
  }

  protected ref(): Sql {
    throw new Error("sql: no conditions in a coercion query");
  }

  build(): Sql {
    this.coercion(this.fields, this.options.table);
    const items = [...this.fieldColumns.values()].map((c) =>
      this.alias(c.field.type === "date" ? this.d.dayNumberText(this.col(c.value)) : this.col(c.value), c.field.name),
    );
    return this.render(
      "coercion",
      this.select(items, this.sql`FROM ${this.col(this.last)}\nORDER BY ${this.col(this.rowName!)}`),
    );
  }
}

class KeyQuery extends CoercionQuery {
  override build(): Sql {
    this.coercion(this.fieldsOf(), this.options.table);
    const [column] = [...this.fieldColumns.values()];
    const key = column!.field.type === "date" ? this.d.dayNumberText(this.col(column!.value)) : this.col(column!.value);
    return this.render(
      "account keys",
      this.select(
        [this.alias(this.col(this.rowName!), "row"), this.alias(key, "key")],
        this.sql`FROM ${this.col(this.last)}`,
      ),
    );
  }
}
