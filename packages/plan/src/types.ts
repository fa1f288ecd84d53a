/**
 * The plan: segform's backend-neutral intermediate representation.
 *
 * A plan is plain JSON data: no functions, no regex objects, no JS-only constructs, so that the JS engine,
 * the SQL backends, the diff and deploy can all consume it. Everything a backend needs is explicit here
 * (types of every test, coercion rules, tie-breaks). Names and order carry meaning; source positions do not.
 */

export const PLAN_VERSION = 1;

export type FieldType = "integer" | "number" | "string" | "boolean" | "date" | "string[]";
export type ScalarValue = string | number | boolean;

/** A typed input column. Dates are carried as YYYY-MM-DD strings in the plan. */
export interface PlanField {
  name: string;
  type: FieldType;
  /** Input column name. */
  column: string;
  default: ScalarValue | string[] | null;
  nullable: boolean;
  enum: ScalarValue[] | null;
  /** Separator for string[] values in delimited text. */
  separator: string;
  /**
   * Case folding of string / string[] values (list items) after trimming: only ASCII A-Z / a-z change. Absent when
   * not declared (so plans without it keep their hash). Enum and default values in the plan are already folded.
   */
  case?: "lower" | "upper";
  /**
   * Placeholders read as missing (before any type coercion, no warning): the trimmed text, with ASCII letters
   * lower-cased, is one of these (stored lower-cased, sorted, unique). Absent when not declared.
   */
  nullValues?: string[];
  /** Date fields: how values are written when not YYYY-MM-DD (plan/dates.ts parseDayAs). Absent when not declared. */
  format?: DateFormat;
}

export type DateFormat =
  | "MM/DD/YYYY"
  | "DD/MM/YYYY"
  | "DD.MM.YYYY"
  | "YYYYMMDD"
  | "epoch_seconds"
  | "epoch_milliseconds";

/** What a test reads: an input field, a score computed earlier, the account's tier, or (in a contacts `where`) the contact's role. */
export type RefKind = "field" | "score" | "tier" | "role";

/**
 * A number measured from a field, relative to the as-of day: `days_ago` (as-of minus the date, in days),
 * `days_until` (the date minus as-of) and `count` (the items of a string[]; an empty list 0). Missing when the
 * field is missing.
 */
export type Measure = "days_ago" | "days_until" | "count";

export interface Ref {
  kind: RefKind;
  name: string;
  /** The value type the test sees (scores are numbers; tier is a string; a measure is an integer). */
  type: FieldType;
  /** Field refs only: the test sees this measure of the field instead of its value. Absent: the value itself. */
  measure?: Measure;
}

export type TestOperator =
  | "eq"
  | "ne"
  | "in"
  | "not_in"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "between"
  | "exists"
  | "missing"
  | "contains"
  | "contains_any"
  | "contains_all"
  | "starts_with"
  | "ends_with"
  | "matches"
  | "within_days"
  | "within_next_days";

/**
 * Boolean expression tree. Leaf tests are two-valued: a test on a missing value is false (except
 * `exists` / `missing`), and `not` negates that result. A SQL backend gets the same by wrapping every
 * leaf test in COALESCE(test, FALSE).
 */
export type Expr = AndExpr | OrExpr | NotExpr | ConstExpr | TestExpr | NamedExpr | ContactsExpr | DefineExpr;

/**
 * A numeric test over an account's contacts: of the contacts whose account key is the account's (as text) and for
 * which `where` holds (over contact fields and `role`; null: every contact), `count` is how many there are and
 * `distinct_roles` how many different roles they hold (contacts without a role add none). Never missing: an
 * account without contacts has 0. `test` is one of eq, ne, in, not_in, gt, gte, lt, lte, between.
 */
export interface ContactsExpr {
  op: "contacts";
  where: Expr | null;
  measure: "count" | "distinct_roles";
  test: TestOperator;
  value: number | number[];
}

export interface AndExpr {
  op: "and";
  args: Expr[];
}
export interface OrExpr {
  op: "or";
  args: Expr[];
}
export interface NotExpr {
  op: "not";
  arg: Expr;
}
export interface ConstExpr {
  op: "const";
  value: boolean;
}
/** A use of a `define`d condition, kept by name for explanations. */
export interface NamedExpr {
  op: "named";
  name: string;
  arg: Expr;
}
/**
 * A use of a shared define (`Plan.defines`): its condition is stored once and evaluated once per account, however
 * many places use it. Only in plans whose defines would expand past the inline bound (see `Plan.defines`).
 */
export interface DefineExpr {
  op: "define";
  name: string;
}

/** A shared account define: its condition (which may use earlier shared defines, never later ones). */
export interface PlanDefine {
  name: string;
  when: Expr;
}

/**
 * One operator applied to one ref. Values are already normalised to the ref's type: numbers for
 * integer/number, YYYY-MM-DD strings for dates, strings for string and string[] elements, booleans.
 * `between` has [low, high]; `in`/`not_in`/`contains_any`/`contains_all` have arrays; `exists`/`missing`
 * have true; `within_days` and `within_next_days` have a whole number of days; `matches` has an RE2 pattern.
 */
export interface TestExpr {
  op: "test";
  ref: Ref;
  test: TestOperator;
  value: ScalarValue | ScalarValue[];
}

export interface PlanCriterion {
  id: string;
  when: Expr;
  points: number;
}

/** A score from criteria (sum of points, clamped to [0, 100]) or from a numeric field (clamped, missing = 0). */
export type PlanScore =
  | { name: string; kind: "criteria"; criteria: PlanCriterion[] }
  | { name: string; kind: "field"; field: string };

export interface PlanRankKey {
  ref: Ref;
  order: "asc" | "desc";
}

export interface PlanTier {
  id: string;
  when: Expr;
  /** null: unlimited. */
  capacity: number | null;
  /** Best first; missing values rank last; ties broken by account key ascending, then input order. */
  rankBy: PlanRankKey[];
  activate: string[];
}

export interface PlanSegment {
  id: string;
  axis: string | null;
  owner: string | null;
  when: Expr;
  activate: string[];
}

/** A named account set: every account (inside the ICP or not) whose `when` holds is in it; audiences overlap. */
export interface PlanAudience {
  id: string;
  owner: string | null;
  /** Over fields, scores and the tier (null outside the ICP), as a segment's condition. */
  when: Expr;
  activate: string[];
}

export interface PlanRole {
  id: string;
  when: Expr;
}

export interface PlanContacts {
  /** Contact field holding the account key. */
  accountKey: string;
  /** Contact id field, or null (contacts are then numbered by input order). */
  key: string | null;
  fields: PlanField[];
  roles: PlanRole[];
}

export interface PlanActivation {
  name: string;
  destination: string;
  when: Expr | null;
  set: Record<string, string | number | boolean>;
  audience: string | null;
  sequence: string | null;
}

export interface PlanDestination {
  name: string;
  type: string;
  /** Settings; secrets stay `${env:NAME}` references, never resolved into the plan. */
  settings: Record<string, string | number | boolean>;
}

export interface Plan {
  planVersion: number;
  /** sha256 over the canonical JSON of every other key. */
  hash: string;
  name: string | null;
  /** Account key field. */
  key: string;
  fields: PlanField[];
  /** ICP gate over fields: include AND NOT exclude. */
  icp: Expr;
  scores: PlanScore[];
  tiers: PlanTier[];
  segments: PlanSegment[];
  /**
   * `all`: every account gets a segment (the fallback when none matches), inside the ICP or not; tiers stay inside
   * the ICP. Absent: ICP accounts only (so plans that compiled before keep their hash).
   */
  segmentScope?: "all";
  /** Audiences, in declaration order. Absent when the project declares none (plans that compiled before keep their hash). */
  audiences?: PlanAudience[];
  /** The fallback segment for accounts in the segments' scope that match no segment. */
  fallback: { id: string; activate: string[] };
  contacts: PlanContacts | null;
  activations: PlanActivation[];
  destinations: PlanDestination[];
  /** Quality bars, carried as declared (validated by the schema) for the test runner. */
  quality: Record<string, unknown>;
  /**
   * Shared account defines, each after the defines it uses. Absent in a plan whose defines are all copied where
   * they are used (`named` nodes): the lowering shares a define (`define` nodes) only when copying every define
   * would expand the project past the compiler's inline bound, so plans that compiled before keep their hash.
   */
  defines?: PlanDefine[];
  /**
   * Derived fields (`compute:`), each after the derived fields it reads; read by conditions as fields (`Ref` kind
   * `field`). Absent when the project declares none, so plans without them keep their hash.
   */
  computed?: PlanComputed[];
}

/** A derived field: a value computed per account from other fields (plan/compute.ts). */
export interface PlanComputed {
  name: string;
  /** `number`, or `date` for a date-valued expression. */
  type: "number" | "date";
  expr: ComputeExpr;
}

/** The functions a derived field may call. */
export type ComputeFunction = "min" | "max" | "abs" | "round" | "coalesce" | "days_between";

/**
 * A derived field's expression. Numbers are doubles; dates are days. Every node but `coalesce` is missing when an
 * operand is missing; `/` by zero is missing; `round` rounds half up (floor(x * 10^digits + 0.5) / 10^digits).
 * `field` reads an input field or an earlier derived field (`type`: its value type).
 */
export type ComputeExpr =
  | { op: "number"; value: number }
  | { op: "field"; name: string; type: "integer" | "number" | "date" }
  | { op: "neg"; arg: ComputeExpr }
  | { op: "+" | "-" | "*" | "/"; left: ComputeExpr; right: ComputeExpr }
  | { op: "call"; fn: ComputeFunction; args: ComputeExpr[] };

/** A plan before its hash is computed. */
export type UnhashedPlan = Omit<Plan, "hash">;
