import type { Condition, DiagnosticBag, FieldSpec, FieldTest, Operators, Path } from "@segform/spec";
import type { Entry, Origin, ResolvedSpec } from "./resolve.js";

/** Names a condition may use at a given place. */
export interface Scope {
  /** Which fields: the account's or the contact's. */
  kind: "account" | "contact";
  fields: Map<string, Entry<FieldSpec>>;
  defines: Map<string, Entry<Condition>>;
  /** Scores readable here (those computed before this point). */
  scores: string[];
  /** All declared scores (to tell "unknown" from "not yet computed"). */
  allScores: string[];
  /** Whether the account's tier is known here (segments and activations). */
  tier: boolean;
  /** Contacts `where` only: the contact's role may be tested as `role`. */
  role?: boolean;
  /** Account scopes of a project with contacts: the scope of a `contacts: { where }` condition. */
  contactWhere?: Scope;
}

/** Whether a mapping key is a test over the account's contacts (not a field named `contacts`). */
export function isContactsKey(scope: Scope, key: string): boolean {
  return key === "contacts" && scope.kind === "account" && !scope.fields.has("contacts");
}

/** One place a condition is written, with what it may refer to. */
export interface ConditionSite {
  /** Human label: `icp.include`, `tiers[0] (tier1)`, `contacts.roles[2]`. */
  label: string;
  condition: Condition;
  at: Origin;
  scope: Scope;
}

/** One operator test on one name, as written. */
export interface Leaf {
  site: ConditionSite;
  name: string;
  /** Origin of the name (the mapping key). */
  nameAt: Origin;
  op: keyof Operators;
  value: unknown;
  /** Origin of the value. */
  valueAt: Origin;
  /** Written as a scalar (eq) or list (in) shorthand. */
  shorthand: boolean;
}

/** What the rules share: the resolved project and a place to report. */
export class CheckContext {
  constructor(
    readonly spec: ResolvedSpec,
    readonly bag: DiagnosticBag,
  ) {}

  error(code: string, message: string, at: Origin, part: "value" | "key" = "value", hint?: string): void {
    this.bag.error(code, message, at.doc.locate(at.path, part), hint);
  }

  warning(code: string, message: string, at: Origin, part: "value" | "key" = "value", hint?: string): void {
    this.bag.warning(code, message, at.doc.locate(at.path, part), hint);
  }

  private cachedSites?: ConditionSite[];

  /** Every condition in the project, with its scope. */
  sites(): ConditionSite[] {
    this.cachedSites ??= collectSites(this.spec);
    return this.cachedSites;
  }

  /** Every leaf test, including those inside `define`d conditions (visited once, at the define). */
  leaves(): Leaf[] {
    const out: Leaf[] = [];
    for (const site of this.sites())
      walkCondition(site.condition, site.at.path, site, { leaf: (leaf) => out.push(leaf) });
    return out;
  }
}

export const at = (origin: Origin, ...more: Path): Origin => ({ doc: origin.doc, path: [...origin.path, ...more] });

export function accountScope(spec: ResolvedSpec, scores: string[], tier: boolean): Scope {
  const contacts = contactScope(spec);
  const scope: Scope = {
    kind: "account",
    fields: spec.fields,
    defines: spec.define,
    scores,
    allScores: [...spec.scores.keys()],
    tier,
  };
  if (contacts) scope.contactWhere = { ...contacts, role: true };
  return scope;
}

/** The fields of `contacts:`, each with its origin, as `spec.fields` holds the account fields. */
function contactFields(spec: ResolvedSpec): Map<string, Entry<FieldSpec>> | undefined {
  const contacts = spec.contacts;
  if (!contacts) return undefined;
  return new Map(
    Object.entries(contacts.value.fields).map(([name, value]) => [
      name,
      { value, at: at(contacts.at, "fields", name) },
    ]),
  );
}

/** The account fields, then the contact fields when the project declares contacts: what field rules check. */
export function fieldSets(spec: ResolvedSpec): Map<string, Entry<FieldSpec>>[] {
  const contacts = contactFields(spec);
  return contacts ? [spec.fields, contacts] : [spec.fields];
}

export function contactScope(spec: ResolvedSpec): Scope | undefined {
  const contacts = spec.contacts;
  if (!contacts) return undefined;
  const fields = contactFields(spec)!;
  const defines = new Map(
    Object.entries(contacts.value.define ?? {}).map(([name, value]) => [
      name,
      { value, at: at(contacts.at, "define", name) },
    ]),
  );
  return { kind: "contact", fields, defines, scores: [], allScores: [], tier: false };
}

export function collectSites(spec: ResolvedSpec): ConditionSite[] {
  const sites: ConditionSite[] = [];
  const allScores = [...spec.scores.keys()];
  const everything = accountScope(spec, allScores, true);
  for (const [name, entry] of spec.define)
    sites.push({ label: `define.${name}`, condition: entry.value, at: entry.at, scope: everything });
  if (spec.icp) {
    const icpScope = accountScope(spec, [], false);
    if (spec.icp.value.include !== undefined)
      sites.push({
        label: "icp.include",
        condition: spec.icp.value.include,
        at: at(spec.icp.at, "include"),
        scope: icpScope,
      });
    if (spec.icp.value.exclude !== undefined)
      sites.push({
        label: "icp.exclude",
        condition: spec.icp.value.exclude,
        at: at(spec.icp.at, "exclude"),
        scope: icpScope,
      });
  }
  const before: string[] = [];
  for (const [name, entry] of spec.scores) {
    (entry.value.criteria ?? []).forEach((criterion, index) => {
      sites.push({
        label: `scores.${name}.criteria[${index}]`,
        condition: criterion.when,
        at: at(entry.at, "criteria", index, "when"),
        scope: accountScope(spec, [...before], false),
      });
    });
    before.push(name);
  }
  spec.tiers?.value.forEach((tier, index) => {
    if (tier.when !== undefined)
      sites.push({
        label: `tier ${tier.id}`,
        condition: tier.when,
        at: at(spec.tiers!.at, index, "when"),
        scope: accountScope(spec, allScores, false),
      });
  });
  spec.segments?.value.forEach((segment, index) => {
    if (segment.when !== undefined)
      sites.push({
        label: `segment ${segment.id}`,
        condition: segment.when,
        at: at(spec.segments!.at, index, "when"),
        scope: everything,
      });
  });
  spec.audiences?.value.forEach((audience, index) => {
    sites.push({
      label: `audience ${audience.id}`,
      condition: audience.when,
      at: at(spec.audiences!.at, index, "when"),
      scope: everything,
    });
  });
  for (const [name, entry] of spec.activations) {
    if (entry.value.when !== undefined)
      sites.push({
        label: `activations.${name}`,
        condition: entry.value.when,
        at: at(entry.at, "when"),
        scope: everything,
      });
  }
  const contacts = contactScope(spec);
  if (contacts && spec.contacts) {
    for (const [name, entry] of contacts.defines)
      sites.push({ label: `contacts.define.${name}`, condition: entry.value, at: entry.at, scope: contacts });
    spec.contacts.value.roles.forEach((role, index) => {
      sites.push({
        label: `role ${role.id}`,
        condition: role.when,
        at: at(spec.contacts!.at, "roles", index, "when"),
        scope: contacts,
      });
    });
  }
  return sites;
}

export interface ConditionVisitor {
  leaf?(leaf: Leaf): void;
  /** A `contacts` test (its `where` is walked with the contacts scope, as a site of its own). */
  contacts?(value: unknown, at: Origin, site: ConditionSite): void;
  named?(name: string, at: Origin, site: ConditionSite): void;
  /** A mapping with no tests, or an empty `all`/`any` list. */
  empty?(at: Origin, site: ConditionSite): void;
}

/** Walks one condition as written (defines are not expanded here). */
export function walkCondition(condition: Condition, path: Path, site: ConditionSite, visitor: ConditionVisitor): void {
  const origin = (p: Path): Origin => ({ doc: site.at.doc, path: p });
  if (typeof condition === "string") {
    visitor.named?.(condition, origin(path), site);
    return;
  }
  const entries = Object.entries(condition);
  if (entries.length === 0) visitor.empty?.(origin(path), site);
  for (const [key, value] of entries) {
    if (key === "all" || key === "any") {
      const list = value as Condition[];
      if (list.length === 0) visitor.empty?.(origin([...path, key]), site);
      list.forEach((item, index) => walkCondition(item, [...path, key, index], site, visitor));
    } else if (key === "not") {
      walkCondition(value as Condition, [...path, key], site, visitor);
    } else if (isContactsKey(site.scope, key)) {
      visitor.contacts?.(value, origin([...path, key]), site);
      const where =
        value !== null && typeof value === "object" && !Array.isArray(value)
          ? (value as { where?: Condition }).where
          : undefined;
      if (where !== undefined && site.scope.contactWhere) {
        const whereSite: ConditionSite = {
          label: `${site.label} (contacts where)`,
          condition: where,
          at: origin([...path, key, "where"]),
          scope: site.scope.contactWhere,
        };
        walkCondition(where, [...path, key, "where"], whereSite, visitor);
      }
    } else {
      const test = value as FieldTest;
      const nameAt = origin([...path, key]);
      if (test !== null && typeof test === "object" && !Array.isArray(test)) {
        const ops = Object.entries(test);
        if (ops.length === 0) visitor.empty?.(nameAt, site);
        for (const [op, opValue] of ops) {
          visitor.leaf?.({
            site,
            name: key,
            nameAt,
            op: op as keyof Operators,
            value: opValue,
            valueAt: origin([...path, key, op]),
            shorthand: false,
          });
        }
      } else {
        visitor.leaf?.({
          site,
          name: key,
          nameAt,
          op: Array.isArray(test) ? "in" : "eq",
          value: test,
          valueAt: nameAt,
          shorthand: true,
        });
      }
    }
  }
}

/** The type a name has in a scope: a field's type, `number` for scores, `string` for tier. */
export function typeOfName(scope: Scope, name: string): string | undefined {
  const field = scope.fields.get(name);
  if (field) return field.value.type;
  if (scope.allScores.includes(name)) return "number";
  if (name === "tier" && scope.kind === "account") return "string";
  if (name === "role" && scope.role) return "string";
  return undefined;
}
