import {
  PLAN_VERSION,
  exprText,
  foldCase,
  normalizeNullValues,
  withHash,
  type Expr,
  type FieldType,
  type Plan,
  type PlanAudience,
  type PlanDefine,
  type PlanField,
  type PlanRankKey,
  type Ref,
  type ScalarValue,
  type TestOperator,
} from "@segform/plan";
import type { Condition, ContactsCondition, FieldSpec, FieldTest, RankKey, SettingValue } from "@segform/spec";
import type { Scope } from "./context.js";
import { accountScope, collectSites, contactScope, isContactsKey } from "./context.js";
import type { ResolvedSpec } from "./resolve.js";
import { definesInDependencyOrder, sharedDefines } from "./sharing.js";
import { lowerComputed } from "./computed.js";
import { normalizeScalar, operandType } from "./values.js";

/**
 * Lowers a checked project to the plan. Runs only when every check passed, so anything unexpected here is
 * an internal error. Order that carries meaning (tiers, segments, criteria, scores, roles, list items) is
 * kept; order that does not (mapping keys, fields, activations, destinations) is sorted, so reformatting or
 * reordering keys never changes the plan or its hash.
 */
export function lowerProject(spec: ResolvedSpec): Plan {
  const shared = sharedDefines(spec.define, collectSites(spec));
  const lower: Lower = (condition, scope) => lowerConditionShared(condition, scope, shared);
  const allScores = [...spec.scores.keys()];
  const fullScope = accountScope(spec, allScores, true);
  const declared = spec.segments?.value ?? [];
  const last = declared[declared.length - 1];
  const fallbackSpec = last && last.when === undefined ? last : undefined;

  // Only when declared: a plan without them keeps its hash.
  const scoped: Pick<Plan, "segmentScope" | "audiences"> = {};
  if (spec.segmentScope?.value === "all") scoped.segmentScope = "all";
  if (spec.audiences) scoped.audiences = lowerAudiences(spec, lower, fullScope);

  const defines = lowerDefines(spec, lower, shared, fullScope);
  // Derived fields (`compute:`): only when declared, so plans without them keep their hash.
  const computed = lowerComputed(spec);

  return withHash({
    ...(defines.length ? { defines } : {}),
    ...(computed.length ? { computed } : {}),
    planVersion: PLAN_VERSION,
    name: spec.name?.value ?? null,
    key: spec.key?.value ?? "id",
    fields: lowerFields(
      [...spec.fields]
        .filter(([, entry]) => entry.value.compute === undefined)
        .map(([name, entry]) => [name, entry.value]),
    ),
    icp: lowerIcp(spec, lower),
    scores: lowerScores(spec, lower),
    tiers: lowerTiers(spec, lower, allScores, fullScope),
    segments: declared
      .filter((segment) => segment !== fallbackSpec)
      .map((segment) => ({
        id: segment.id,
        axis: segment.axis ?? null,
        owner: segment.owner ?? null,
        when: lower(segment.when!, fullScope),
        activate: segment.activate ?? [],
      })),
    ...scoped,
    fallback: { id: fallbackSpec?.id ?? "other", activate: fallbackSpec?.activate ?? [] },
    contacts: lowerContactsSection(spec, lower),
    activations: lowerActivations(spec, lower, fullScope),
    destinations: lowerDestinations(spec),
    quality: (spec.quality?.value ?? {}) as Record<string, unknown>,
  });
}

/** Lowers one condition in a scope, with the project's shared defines as references. */
type Lower = (condition: Condition, scope: Scope) => Expr;

function lowerIcp(spec: ResolvedSpec, lower: Lower): Expr {
  const icpScope = accountScope(spec, [], false);
  const include = spec.icp?.value.include;
  const exclude = spec.icp?.value.exclude;
  const parts: Expr[] = [];
  if (include !== undefined) parts.push(lower(include, icpScope));
  if (exclude !== undefined) parts.push({ op: "not", arg: lower(exclude, icpScope) });
  return parts.length === 0
    ? { op: "const", value: true }
    : parts.length === 1
      ? parts[0]!
      : { op: "and", args: parts };
}

/** Each score reads the scores declared before it. */
function lowerScores(spec: ResolvedSpec, lower: Lower): Plan["scores"] {
  const scores: Plan["scores"] = [];
  const before: string[] = [];
  for (const [name, entry] of spec.scores) {
    const score = entry.value;
    if (score.from !== undefined) scores.push({ name, kind: "field", field: score.from });
    else {
      const scope = accountScope(spec, [...before], false);
      scores.push({
        name,
        kind: "criteria",
        criteria: (score.criteria ?? []).map((criterion) => {
          const when = lower(criterion.when, scope);
          return { id: criterion.id ?? exprText(when), when, points: criterion.points };
        }),
      });
    }
    before.push(name);
  }
  return scores;
}

function lowerTiers(spec: ResolvedSpec, lower: Lower, allScores: string[], fullScope: Scope): Plan["tiers"] {
  const tierScope = accountScope(spec, allScores, false);
  const defaultRank: RankKey[] = spec.rankBy?.value ?? allScores.map((by) => ({ by, order: "desc" as const }));
  return (spec.tiers?.value ?? []).map((tier) => ({
    id: tier.id,
    when: tier.when === undefined ? { op: "const", value: true } : lower(tier.when, tierScope),
    capacity: tier.capacity ?? null,
    rankBy:
      tier.capacity === undefined ? [] : (tier.rank_by ?? defaultRank).map((rank) => lowerRankKey(rank, fullScope)),
    activate: tier.activate ?? [],
  }));
}

function lowerAudiences(spec: ResolvedSpec, lower: Lower, fullScope: Scope): PlanAudience[] {
  return (spec.audiences?.value ?? []).map((audience) => ({
    id: audience.id,
    owner: audience.owner ?? null,
    when: lower(audience.when, fullScope),
    activate: audience.activate ?? [],
  }));
}

function lowerContactsSection(spec: ResolvedSpec, lower: Lower): Plan["contacts"] {
  const contactsSpec = spec.contacts?.value;
  const contactsScope = contactScope(spec);
  if (!contactsSpec || !contactsScope) return null;
  return {
    accountKey: contactsSpec.account_key,
    key: contactsSpec.key ?? null,
    fields: lowerFields(Object.entries(contactsSpec.fields)),
    roles: contactsSpec.roles.map((role) => ({ id: role.id, when: lower(role.when, contactsScope) })),
  };
}

function lowerActivations(spec: ResolvedSpec, lower: Lower, fullScope: Scope): Plan["activations"] {
  return [...spec.activations]
    .sort(([left], [right]) => compare(left, right))
    .map(([name, { value }]) => ({
      name,
      destination: value.destination,
      when: value.when === undefined ? null : lower(value.when, fullScope),
      set: plainSettings(value.set),
      audience: value.audience ?? null,
      sequence: value.sequence ?? null,
    }));
}

function lowerDestinations(spec: ResolvedSpec): Plan["destinations"] {
  return [...spec.destinations]
    .sort(([left], [right]) => compare(left, right))
    .map(([name, { value }]) => {
      const settings: Record<string, string | number | boolean> = plainSettings(
        value.options as Record<string, SettingValue> | undefined,
      );
      if (value.url !== undefined) settings.url = value.url;
      if (value.token !== undefined) settings.token = value.token;
      if (value.object !== undefined) settings.object = value.object;
      for (const setting of DEPLOY_SETTINGS) {
        const declared = value[setting];
        if (declared !== undefined) settings[setting] = declared;
      }
      return { name, type: value.type, settings };
    });
}

/** Shared defines, each after those it uses; a body reads names the way every place that uses it does. */
function lowerDefines(spec: ResolvedSpec, lower: Lower, shared: ReadonlySet<string>, fullScope: Scope): PlanDefine[] {
  return definesInDependencyOrder(spec.define)
    .filter((name) => shared.has(name))
    .map((name) => ({ name, when: lower(spec.define.get(name)!.value, fullScope) }));
}

/** The deploy keys of a destination, carried into the plan's settings as declared. */
const DEPLOY_SETTINGS = [
  "mode",
  "on_exit",
  "max_removals",
  "max_changes",
  "path",
  "format",
  "secret",
  "table",
  "batch_size",
] as const;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerFields(entries: [string, FieldSpec][]): PlanField[] {
  return entries
    .sort(([a], [b]) => compare(a, b))
    .map(([name, field]) => {
      const elementType = field.type === "string[]" ? "string" : field.type;
      const norm = (value: unknown) => {
        const result = normalizeScalar(elementType, value);
        if (!result.ok) throw new Error(`internal: unchecked value for ${name}`);
        return typeof result.value === "string" ? foldCase(result.value, field.case) : result.value;
      };
      let defaultValue: PlanField["default"] = null;
      if (field.default !== undefined)
        defaultValue = Array.isArray(field.default) ? field.default.map((v) => String(norm(v))) : norm(field.default);
      const planField: PlanField = {
        name,
        type: field.type,
        column: field.from ?? name,
        default: defaultValue,
        nullable: field.nullable ?? true,
        enum: field.enum ? field.enum.map(norm) : null,
        separator: field.separator ?? ";",
      };
      // Only when declared: a plan without them keeps its hash.
      if (field.case !== undefined) planField.case = field.case;
      if (field.null_values !== undefined) planField.nullValues = normalizeNullValues(field.null_values);
      if (field.format !== undefined) planField.format = field.format;
      return planField;
    });
}

/** The case folding of a name's values in a scope (a field's `case`), if any. */
function caseOf(scope: Scope, name: string): "lower" | "upper" | undefined {
  return scope.fields.get(name)?.value.case;
}

function refFor(scope: Scope, name: string): Ref {
  const field = scope.fields.get(name);
  if (field) return { kind: "field", name, type: field.value.type };
  if (scope.allScores.includes(name)) return { kind: "score", name, type: "number" };
  if (name === "tier") return { kind: "tier", name: "tier", type: "string" };
  if (name === "role" && scope.role) return { kind: "role", name: "role", type: "string" };
  throw new Error(`internal: unresolved name ${name}`);
}

function lowerRankKey(rank: RankKey, scope: Scope): PlanRankKey {
  return { ref: refFor(scope, rank.by), order: rank.order ?? "desc" };
}

/** A condition as an expression, every define copied where it is used. */
function lowerCondition(condition: Condition, scope: Scope): Expr {
  return lowerConditionShared(condition, scope, new Set());
}

/**
 * A condition as an expression. Mapping entries are sorted by key; single-entry conjunctions are unwrapped. An
 * account define in `shared` is a `define` node (its body is in the plan's `defines`); other defines are copied.
 */
function lowerConditionShared(condition: Condition, scope: Scope, shared: ReadonlySet<string>): Expr {
  const lowerCondition = (inner: Condition, innerScope: Scope) =>
    lowerConditionShared(inner, innerScope, innerScope.kind === "account" ? shared : NONE);
  if (typeof condition === "string") {
    if (scope.kind === "account" && shared.has(condition)) return { op: "define", name: condition };
    const entry = scope.defines.get(condition);
    if (!entry) throw new Error(`internal: unknown define ${condition}`);
    return { op: "named", name: condition, arg: lowerCondition(entry.value, scope) };
  }
  const conjuncts: Expr[] = [];
  for (const key of Object.keys(condition).sort(compare)) {
    const value = condition[key];
    if (key === "all" || key === "any") {
      const args = (value as Condition[]).map((item) => lowerCondition(item, scope));
      conjuncts.push(args.length === 1 ? args[0]! : { op: key === "all" ? "and" : "or", args });
    } else if (key === "not") {
      conjuncts.push({ op: "not", arg: lowerCondition(value as Condition, scope) });
    } else if (isContactsKey(scope, key)) {
      conjuncts.push(...lowerContacts(value as ContactsCondition, scope));
    } else {
      conjuncts.push(...lowerFieldTest(refFor(scope, key), value as FieldTest, caseOf(scope, key)));
    }
  }
  return conjuncts.length === 1 ? conjuncts[0]! : { op: "and", args: conjuncts };
}

/** A contacts test: one leaf per measure and operator (sorted), each with the lowered `where`. */
function lowerContacts(spec: ContactsCondition, scope: Scope): Expr[] {
  if (!scope.contactWhere) throw new Error("internal: contacts test without contacts");
  // Contact defines are always copied (shared defines are the account's).
  const where = spec.where === undefined ? null : lowerCondition(spec.where, scope.contactWhere);
  const out: Expr[] = [];
  for (const measure of ["count", "distinct_roles"] as const) {
    const tests = spec[measure] as Record<string, unknown> | undefined;
    if (tests === undefined) continue;
    for (const op of Object.keys(tests).sort(compare)) {
      const raw = tests[op];
      const value = Array.isArray(raw)
        ? op === "between"
          ? (raw as number[])
          : (sortedSet(raw as number[]) as number[])
        : (raw as number);
      out.push({ op: "contacts", where, measure, test: op as TestOperator, value });
    }
  }
  return out;
}

function lowerFieldTest(ref: Ref, test: FieldTest, fold: "lower" | "upper" | undefined): Expr[] {
  if (test === null || typeof test !== "object") return [leaf(ref, "eq", test, fold)];
  if (Array.isArray(test)) return [leaf(ref, "in", test, fold)];
  return Object.keys(test)
    .sort(compare)
    .flatMap((op) => {
      const value = (test as Record<string, unknown>)[op];
      // days_ago / days_until / count: numeric tests on a measure of the field, one leaf each (sorted by operator).
      if (op === "days_ago" || op === "days_until" || op === "count")
        return lowerFieldTest({ ...ref, type: "integer", measure: op }, value as FieldTest, undefined);
      return [leaf(ref, op as TestOperator, value, fold)];
    });
}

/** A leaf test. On a field with `case`, text values are folded as the data is (except `matches`, a pattern). */
function leaf(ref: Ref, op: TestOperator, raw: unknown, fold: "lower" | "upper" | undefined): Expr {
  if (op === "exists" || op === "missing") {
    const present = op === "exists" ? raw === true : raw === false;
    return { op: "test", ref, test: present ? "exists" : "missing", value: true };
  }
  if (op === "within_days" || op === "within_next_days") return { op: "test", ref, test: op, value: raw as number };
  if (op === "matches") return { op: "test", ref, test: op, value: raw as string };
  if (op === "starts_with" || op === "ends_with")
    return { op: "test", ref, test: op, value: foldCase(raw as string, fold) };
  const elementType: FieldType | string = operandType(ref.type, op);
  const norm = (value: unknown): ScalarValue => {
    const result = normalizeScalar(elementType, value);
    if (!result.ok) throw new Error(`internal: unchecked value ${String(value)} for ${ref.name}`);
    return typeof result.value === "string" ? foldCase(result.value, fold) : result.value;
  };
  // Lists of in / not_in / contains_any / contains_all are sets: sorted and deduplicated, so their order in
  // the YAML never changes the plan. `between` is a [low, high] pair and keeps its order.
  const value = Array.isArray(raw) ? (op === "between" ? raw.map(norm) : sortedSet(raw.map(norm))) : norm(raw);
  return { op: "test", ref, test: op, value };
}

const NONE: ReadonlySet<string> = new Set();

function sortedSet(values: ScalarValue[]): ScalarValue[] {
  const unique = [...new Map(values.map((value) => [`${typeof value}:${String(value)}`, value])).values()];
  return unique.sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : compare(String(a), String(b)),
  );
}

/** Settings as the plan holds them: `{ value, secret: false }` is only a note for the secret check. */
function plainSettings(settings: Record<string, SettingValue> | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(settings ?? {}))
    out[name] = typeof value === "object" && value !== null ? value.value : value;
  return out;
}
