import {
  canonicalJson,
  computeText,
  exprText,
  valueText,
  type Expr,
  type Plan,
  type PlanActivation,
  type PlanAudience,
  type PlanCriterion,
  type PlanDefine,
  type PlanDestination,
  type PlanField,
  type PlanRankKey,
  type PlanRole,
  type PlanScore,
  type PlanSegment,
  type PlanTier,
  type ScalarValue,
} from "@segform/plan";
import { diffCondition, icpParts } from "./conditions.js";
import type { DefinitionChange } from "./model.js";

/**
 * The semantic diff of two plans: what a reviewer needs to know, in a fixed subject order (tier, segment,
 * fallback, segments scope, audience, score, criterion, icp, field, activation, destination, role, contacts, contact-field, key, quality,
 * name) and, within a subject, in the head plan's order followed by what was removed in the base plan's order.
 * Plans that compile to the same thing (comments, formatting, key order, moves between files) give [].
 */
export function diffPlans(base: Plan, head: Plan): DefinitionChange[] {
  if (contentJson(base) === contentJson(head)) return [];
  const changes: DefinitionChange[] = [];
  changes.push(...diffList(base.tiers, head.tiers, TIERS));
  changes.push(...diffList(base.segments, head.segments, SEGMENTS));
  changes.push(...diffFallback(base.fallback, head.fallback));
  changes.push(...diffScope(base, head));
  changes.push(...diffList(base.audiences ?? [], head.audiences ?? [], AUDIENCES));
  changes.push(...diffList(base.scores, head.scores, SCORES));
  changes.push(...diffCriteria(base.scores, head.scores));
  changes.push(...diffIcp(base.icp, head.icp));
  changes.push(...diffList(base.defines ?? [], head.defines ?? [], DEFINES));
  changes.push(...diffList(fieldViews(base), fieldViews(head), fieldList("field", "field")));
  changes.push(...diffList(base.activations, head.activations, ACTIVATIONS));
  changes.push(...diffList(base.destinations, head.destinations, DESTINATIONS));
  changes.push(...diffList(base.contacts?.roles ?? [], head.contacts?.roles ?? [], ROLES));
  changes.push(...diffContacts(base.contacts, head.contacts));
  changes.push(
    ...diffList(base.contacts?.fields ?? [], head.contacts?.fields ?? [], fieldList("contact-field", "contact field")),
  );
  changes.push(...diffScalar("key", "key", base.key, head.key));
  changes.push(...diffQuality(base.quality, head.quality));
  changes.push(...diffScalar("name", "name", base.name, head.name));
  changes.push(...diffOtherKeys(base, head));
  return changes;
}

const KNOWN_KEYS = new Set([
  "planVersion",
  "hash",
  "name",
  "key",
  "fields",
  "icp",
  "scores",
  "tiers",
  "segments",
  "fallback",
  "contacts",
  "activations",
  "destinations",
  "quality",
  "defines",
  "computed",
  "segmentScope",
  "audiences",
]);

function contentJson(plan: Plan): string {
  const { hash: _hash, ...content } = plan;
  return canonicalJson(content);
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

// Generic comparison of two lists of named items. ------------------------------------------------------------

interface ListSpec<T> {
  subject: string;
  /** `segment fintech`, `score fit, criterion mid-market`. */
  label(id: string): string;
  id(item: T): string;
  /** First-match (or evaluation) order carries meaning: report moves and positions. */
  ordered: boolean;
  /** Report an id removed and another added with the same definition as one rename. */
  renames: boolean;
  /** Lines describing an item on its own (for added and removed items). */
  describe(item: T): string[];
  /** Lines describing what changed between two versions of an item; empty when nothing did. */
  details(base: T, head: T): string[];
}

/**
 * Pairs the items of two versions of a list: for each head item, the index of the base item it continues (same
 * id, or with `renames`, an unpaired base item with the same definition apart from the id), or undefined when new.
 */
export function pairItems<T>(
  baseItems: readonly T[],
  headItems: readonly T[],
  id: (item: T) => string,
  renames: boolean,
): { origin: (number | undefined)[]; renamed: Set<number> } {
  const baseIds = baseItems.map(id);
  const headIds = headItems.map(id);
  const basePosition = new Map(baseIds.map((itemId, index) => [itemId, index]));
  const headPosition = new Set(headIds);
  const origin: (number | undefined)[] = headIds.map((itemId) => basePosition.get(itemId));
  const renamed = new Set<number>();
  if (renames) {
    const body = (item: T, itemId: string): string =>
      canonicalJson({ ...(item as object), [idProperty(item, itemId)]: null });
    const headBodies = headItems.map((item, index) =>
      origin[index] === undefined ? body(item, headIds[index]!) : undefined,
    );
    baseItems.forEach((baseItem, baseIndex) => {
      if (headPosition.has(baseIds[baseIndex]!)) return;
      const baseBody = body(baseItem, baseIds[baseIndex]!);
      const headIndex = headBodies.findIndex((headBody, index) => headBody === baseBody && !renamed.has(index));
      if (headIndex >= 0) {
        renamed.add(headIndex);
        origin[headIndex] = baseIndex;
      }
    });
  }
  return { origin, renamed };
}

function diffList<T>(baseItems: readonly T[], headItems: readonly T[], spec: ListSpec<T>): DefinitionChange[] {
  const baseIds = baseItems.map((item) => spec.id(item));
  const headIds = headItems.map((item) => spec.id(item));
  const { origin, renamed } = pairItems(baseItems, headItems, spec.id, spec.renames);
  const continued = new Set(origin.filter((index): index is number => index !== undefined));
  const moved = spec.ordered ? movedItems(origin) : new Set<number>();

  const changes: DefinitionChange[] = [];
  headItems.forEach((headItem, headIndex) => {
    const id = headIds[headIndex]!;
    const baseIndex = origin[headIndex];
    if (baseIndex === undefined) {
      const where = spec.ordered ? ` at position ${headIndex + 1}` : "";
      changes.push({
        subject: spec.subject,
        id,
        kind: "added",
        summary: `${spec.label(id)} added${where}`,
        details: spec.describe(headItem),
      });
      return;
    }
    if (renamed.has(headIndex)) {
      changes.push({
        subject: spec.subject,
        id,
        kind: "renamed",
        summary: `${spec.label(baseIds[baseIndex]!)} renamed to ${id}`,
        details: [],
      });
    }
    if (moved.has(headIndex)) {
      changes.push({
        subject: spec.subject,
        id,
        kind: "moved",
        summary: `${spec.label(id)} moved from position ${baseIndex + 1} to ${headIndex + 1}`,
        details: [],
      });
    }
    const details = spec.details(baseItems[baseIndex]!, headItem);
    if (details.length)
      changes.push({
        subject: spec.subject,
        id,
        kind: "changed",
        summary: changedSummary(spec.label(id), details),
        details,
      });
  });
  baseItems.forEach((baseItem, baseIndex) => {
    if (continued.has(baseIndex)) return;
    const id = baseIds[baseIndex]!;
    const where = spec.ordered ? ` from position ${baseIndex + 1}` : "";
    changes.push({
      subject: spec.subject,
      id,
      kind: "removed",
      summary: `${spec.label(id)} removed${where}`,
      details: spec.describe(baseItem),
    });
  });
  return changes;
}

/** The property that holds an item's id (`id` or `name`), blanked when comparing definitions for renames. */
function idProperty(item: unknown, id: string): string {
  const record = item as Record<string, unknown>;
  return record.id === id ? "id" : "name";
}

/**
 * Which continuing items moved: those outside a longest subsequence kept in base order (the fewest moves that
 * explain the new order, so that inserting one item does not report every item after it as moved).
 */
function movedItems(origin: readonly (number | undefined)[]): Set<number> {
  const positions = origin
    .map((baseIndex, headIndex) => ({ baseIndex, headIndex }))
    .filter((p): p is { baseIndex: number; headIndex: number } => p.baseIndex !== undefined);
  const length = positions.map(() => 1);
  const previous = positions.map(() => -1);
  let best = -1;
  positions.forEach((position, i) => {
    for (let j = 0; j < i; j++) {
      if (positions[j]!.baseIndex < position.baseIndex && length[j]! + 1 > length[i]!) {
        length[i] = length[j]! + 1;
        previous[i] = j;
      }
    }
    // Among equally long subsequences keep the one ending last: in a swap, the item that moved up is reported.
    if (best < 0 || length[i]! >= length[best]!) best = i;
  });
  const kept = new Set<number>();
  for (let i = best; i >= 0; i = previous[i]!) kept.add(positions[i]!.headIndex);
  return new Set(positions.filter((position) => !kept.has(position.headIndex)).map((position) => position.headIndex));
}

/** One detail: `label: detail`; several: `label: when, capacity changed`. */
function changedSummary(label: string, details: readonly string[]): string {
  if (details.length === 1) return `${label}: ${details[0]}`;
  const aspects: string[] = [];
  for (const detail of details) {
    const aspect = /^[A-Za-z_]+/.exec(detail)?.[0] ?? "clauses";
    if (!aspects.includes(aspect)) aspects.push(aspect);
  }
  return `${label}: ${aspects.join(", ")} changed`;
}

// Text of values. ---------------------------------------------------------------------------------------------

function text(value: ScalarValue | ScalarValue[] | null | undefined): string {
  return value === null || value === undefined ? "none" : valueText(value);
}

function change(
  label: string,
  base: ScalarValue | ScalarValue[] | null,
  head: ScalarValue | ScalarValue[] | null,
): string[] {
  return same(base, head) ? [] : [`${label} ${text(base)} -> ${text(head)}`];
}

/** A change of a name (type, column, axis, owner, destination): printed bare, not as a quoted value. */
function nameChange(label: string, base: string | null, head: string | null): string[] {
  return base === head ? [] : [`${label} ${base ?? "none"} -> ${head ?? "none"}`];
}

function conditionLines(label: string, base: Expr, head: Expr): string[] {
  return diffCondition(base, head).map((line) => `${label}: ${line}`);
}

/** Additions and removals in a list of names, or its new order when only the order changed. */
function listChange(label: string, base: readonly string[], head: readonly string[]): string[] {
  if (same(base, head)) return [];
  const removed = base.filter((item) => !head.includes(item));
  const added = head.filter((item) => !base.includes(item));
  if (!removed.length && !added.length) return [`${label} order [${base.join(", ")}] -> [${head.join(", ")}]`];
  return [...removed.map((item) => `${label}: - ${item}`), ...added.map((item) => `${label}: + ${item}`)];
}

const rankText = (keys: readonly PlanRankKey[]): string =>
  keys.length ? keys.map((key) => `${key.ref.name} ${key.order}`).join(", ") : "none";

// Tiers, segments, fallback. -------------------------------------------------------------------------------------

const TIERS: ListSpec<PlanTier> = {
  subject: "tier",
  label: (id) => `tier ${id}`,
  id: (tier) => tier.id,
  ordered: true,
  renames: true,
  describe: (tier) => [
    `when: ${exprText(tier.when)}`,
    ...(tier.capacity !== null ? [`capacity ${tier.capacity}`, `rank_by ${rankText(tier.rankBy)}`] : []),
    ...(tier.activate.length ? [`activate: ${tier.activate.join(", ")}`] : []),
  ],
  details: (base, head) => [
    ...conditionLines("when", base.when, head.when),
    ...change("capacity", base.capacity, head.capacity),
    ...(same(base.rankBy, head.rankBy) ? [] : [`rank_by ${rankText(base.rankBy)} -> ${rankText(head.rankBy)}`]),
    ...listChange("activate", base.activate, head.activate),
  ],
};

const SEGMENTS: ListSpec<PlanSegment> = {
  subject: "segment",
  label: (id) => `segment ${id}`,
  id: (segment) => segment.id,
  ordered: true,
  renames: true,
  describe: (segment) => [
    `when: ${exprText(segment.when)}`,
    ...(segment.axis !== null ? [`axis ${segment.axis}`] : []),
    ...(segment.owner !== null ? [`owner ${segment.owner}`] : []),
    ...(segment.activate.length ? [`activate: ${segment.activate.join(", ")}`] : []),
  ],
  details: (base, head) => [
    ...conditionLines("when", base.when, head.when),
    ...nameChange("axis", base.axis, head.axis),
    ...nameChange("owner", base.owner, head.owner),
    ...listChange("activate", base.activate, head.activate),
  ],
};

function diffFallback(base: Plan["fallback"], head: Plan["fallback"]): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  if (base.id !== head.id) {
    changes.push({
      subject: "fallback",
      id: head.id,
      kind: "renamed",
      summary: `fallback segment ${base.id} renamed to ${head.id}`,
      details: [],
    });
  }
  const details = listChange("activate", base.activate, head.activate);
  if (details.length)
    changes.push({
      subject: "fallback",
      id: head.id,
      kind: "changed",
      summary: changedSummary(`fallback segment ${head.id}`, details),
      details,
    });
  return changes;
}

/** `segments: { scope }`: which accounts get a segment (absent in the plan: the ICP). */
function diffScope(base: Plan, head: Plan): DefinitionChange[] {
  const before = base.segmentScope ?? "icp";
  const after = head.segmentScope ?? "icp";
  if (before === after) return [];
  const detail = `scope ${before} -> ${after}`;
  const what =
    after === "all" ? "every account gets a segment, outside the ICP too" : "only ICP accounts get a segment";
  return [
    { subject: "segments", id: "scope", kind: "changed", summary: `segments ${detail}: ${what}`, details: [detail] },
  ];
}

const AUDIENCES: ListSpec<PlanAudience> = {
  subject: "audience",
  label: (id) => `audience ${id}`,
  id: (audience) => audience.id,
  // Audiences overlap: their order is not a first-match order, but it is the order of the `audiences` output list.
  ordered: true,
  renames: true,
  describe: (audience) => [
    `when: ${exprText(audience.when)}`,
    ...(audience.owner !== null ? [`owner ${audience.owner}`] : []),
    ...(audience.activate.length ? [`activate: ${audience.activate.join(", ")}`] : []),
  ],
  details: (base, head) => [
    ...conditionLines("when", base.when, head.when),
    ...nameChange("owner", base.owner, head.owner),
    ...listChange("activate", base.activate, head.activate),
  ],
};

// Scores and their criteria. -----------------------------------------------------------------------------------

const criterionText = (criterion: PlanCriterion): string => `${criterion.id} ${points(criterion.points)}`;
const points = (value: number): string => (value < 0 ? String(value) : `+${value}`);

const SCORES: ListSpec<PlanScore> = {
  subject: "score",
  label: (name) => `score ${name}`,
  id: (score) => score.name,
  ordered: true,
  renames: true,
  describe: (score) =>
    score.kind === "field" ? [`from ${score.field}`] : [`criteria: ${score.criteria.map(criterionText).join(", ")}`],
  details: (base, head) => {
    if (base.kind !== head.kind) return [`kind ${base.kind} -> ${head.kind}`];
    if (base.kind === "field" && head.kind === "field")
      return base.field === head.field ? [] : [`from ${base.field} -> ${head.field}`];
    return []; // criteria are compared one by one under the `criterion` subject
  },
};

function diffCriteria(baseScores: readonly PlanScore[], headScores: readonly PlanScore[]): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  for (const head of headScores) {
    const base = baseScores.find((score) => score.name === head.name);
    if (base?.kind !== "criteria" || head.kind !== "criteria") continue;
    changes.push(
      ...diffList(base.criteria, head.criteria, {
        subject: "criterion",
        label: (id) => `score ${head.name}, criterion ${id}`,
        id: (criterion) => criterion.id,
        ordered: true,
        renames: true,
        describe: (criterion) => [`when: ${exprText(criterion.when)}`, `points ${criterion.points}`],
        details: (b, h) => [...conditionLines("when", b.when, h.when), ...change("points", b.points, h.points)],
      }),
    );
  }
  return changes;
}

// ICP. -------------------------------------------------------------------------------------------------------------

function diffIcp(baseIcp: Expr, headIcp: Expr): DefinitionChange[] {
  const base = icpParts(baseIcp);
  const head = icpParts(headIcp);
  const changes: DefinitionChange[] = [];
  for (const part of ["include", "exclude"] as const) {
    const before = base[part];
    const after = head[part];
    const label = `icp ${part}`;
    if (before === null && after === null) continue;
    if (before === null)
      changes.push({ subject: "icp", id: part, kind: "added", summary: `${label} added`, details: [exprText(after!)] });
    else if (after === null)
      changes.push({
        subject: "icp",
        id: part,
        kind: "removed",
        summary: `${label} removed`,
        details: [exprText(before)],
      });
    else {
      const details = diffCondition(before, after);
      const summary = details.length === 1 ? `${label}: ${details[0]}` : `${label}: ${details.length} clause changes`;
      if (details.length) changes.push({ subject: "icp", id: part, kind: "changed", summary, details });
    }
  }
  return changes;
}

// Fields. ---------------------------------------------------------------------------------------------------------

/** A field as the diff shows it: a derived field (plan `computed`) carries its expression's text. */
type FieldView = PlanField & { compute?: string };

/** Input and derived fields by name: a field that turns from read to computed is one field that changed. */
function fieldViews(plan: Plan): FieldView[] {
  const derived: FieldView[] = (plan.computed ?? []).map((field) => ({
    name: field.name,
    type: field.type,
    column: field.name,
    default: null,
    nullable: true,
    enum: null,
    separator: ";",
    compute: computeText(field.expr),
  }));
  return [...plan.fields, ...derived].sort((a, b) => compareText(a.name, b.name));
}

function fieldList(subject: string, word: string): ListSpec<FieldView> {
  return {
    subject,
    label: (name) => `${word} ${name}`,
    id: (field) => field.name,
    ordered: false,
    renames: false,
    describe: (field) => [
      `type ${field.type}`,
      ...(field.column !== field.name ? [`column ${field.column}`] : []),
      ...(field.default !== null ? [`default ${text(field.default)}`] : []),
      ...(field.enum !== null ? [`enum ${text(field.enum)}`] : []),
      ...(field.nullable ? [] : ["nullable false"]),
      ...(field.case !== undefined ? [`case ${field.case}`] : []),
      ...(field.nullValues !== undefined ? [`null_values ${text(field.nullValues)}`] : []),
      ...(field.format !== undefined ? [`format ${field.format}`] : []),
      ...(field.compute !== undefined ? [`compute ${field.compute}`] : []),
    ],
    details: (base, head) => [
      ...nameChange("type", base.type, head.type),
      ...nameChange("column", base.column, head.column),
      ...change("default", base.default, head.default),
      ...change("nullable", base.nullable, head.nullable),
      ...enumChange(base.enum, head.enum),
      ...nameChange("case", base.case ?? null, head.case ?? null),
      ...change("null_values", base.nullValues ?? null, head.nullValues ?? null),
      ...nameChange("format", base.format ?? null, head.format ?? null),
      ...nameChange("compute", base.compute ?? null, head.compute ?? null),
      ...(base.separator !== head.separator && (base.type === "string[]" || head.type === "string[]")
        ? change("separator", base.separator, head.separator)
        : []),
    ],
  };
}

function enumChange(base: ScalarValue[] | null, head: ScalarValue[] | null): string[] {
  if (same(base, head)) return [];
  if (base === null || head === null) return change("enum", base, head);
  const has = (list: ScalarValue[], value: ScalarValue) => list.some((item) => item === value);
  const removed = base.filter((value) => !has(head, value)).map((value) => `enum: - ${valueText(value)}`);
  const added = head.filter((value) => !has(base, value)).map((value) => `enum: + ${valueText(value)}`);
  return removed.length || added.length ? [...removed, ...added] : change("enum", base, head);
}

// Activations and destinations. --------------------------------------------------------------------------------

function recordLines(
  label: string,
  record: Record<string, ScalarValue>,
  show: (key: string, value: ScalarValue) => string,
): string[] {
  return Object.keys(record)
    .sort(compareText)
    .map((key) => `${label} ${key}: ${show(key, record[key]!)}`);
}

function recordChange(
  label: string,
  base: Record<string, ScalarValue>,
  head: Record<string, ScalarValue>,
  show: (key: string, value: ScalarValue) => string,
): string[] {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort(compareText);
  const lines: string[] = [];
  for (const key of keys) {
    const has = (record: Record<string, ScalarValue>) => Object.hasOwn(record, key);
    if (!has(head)) lines.push(`${label} - ${key}: ${show(key, base[key]!)}`);
    else if (!has(base)) lines.push(`${label} + ${key}: ${show(key, head[key]!)}`);
    else if (base[key] !== head[key])
      lines.push(`${label} ${key}: ${show(key, base[key]!)} -> ${show(key, head[key]!)}`);
  }
  return lines;
}

const plainValue = (_key: string, value: ScalarValue): string => valueText(value);

const ACTIVATIONS: ListSpec<PlanActivation> = {
  subject: "activation",
  label: (name) => `activation ${name}`,
  id: (activation) => activation.name,
  ordered: false,
  renames: false,
  describe: (activation) => [
    `destination ${activation.destination}`,
    ...(activation.when ? [`when: ${exprText(activation.when)}`] : []),
    ...recordLines("set", activation.set, plainValue),
    ...(activation.audience !== null ? [`audience ${valueText(activation.audience)}`] : []),
    ...(activation.sequence !== null ? [`sequence ${valueText(activation.sequence)}`] : []),
  ],
  details: (base, head) => [
    ...nameChange("destination", base.destination, head.destination),
    ...(base.when && head.when
      ? conditionLines("when", base.when, head.when)
      : base.when || head.when
        ? [`when: ${base.when ? exprText(base.when) : "always"} -> ${head.when ? exprText(head.when) : "always"}`]
        : []),
    ...recordChange("set", base.set, head.set, plainValue),
    ...change("audience", base.audience, head.audience),
    ...change("sequence", base.sequence, head.sequence),
  ],
};

const ENV_REFERENCE = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/;
const SECRET_NAME = /token|secret|password|passwd|credential|private|api[_-]?key|^key$/i;

/**
 * A destination setting as text. Secrets are `${env:NAME}` references in the plan and print as such; a literal in
 * a setting named like a secret is never printed (the compiler rejects most of these; this is the last guard).
 */
function settingText(key: string, value: ScalarValue): string {
  if (typeof value === "string" && SECRET_NAME.test(key) && !ENV_REFERENCE.test(value)) return "(literal value hidden)";
  return valueText(value);
}

const DESTINATIONS: ListSpec<PlanDestination> = {
  subject: "destination",
  label: (name) => `destination ${name}`,
  id: (destination) => destination.name,
  ordered: false,
  renames: false,
  describe: (destination) => [`type ${destination.type}`, ...recordLines("setting", destination.settings, settingText)],
  details: (base, head) => [
    ...nameChange("type", base.type, head.type),
    ...recordChange("setting", base.settings, head.settings, settingText),
  ],
};

// Contacts. -------------------------------------------------------------------------------------------------------

/** Shared defines (plan `defines`): conditions read them by name, so a changed body is reported here, once. */
const DEFINES: ListSpec<PlanDefine> = {
  subject: "define",
  label: (name) => `define ${name}`,
  id: (define) => define.name,
  ordered: false,
  renames: false,
  describe: (define) => [`when: ${exprText(define.when)}`],
  details: (base, head) => conditionLines("when", base.when, head.when),
};

const ROLES: ListSpec<PlanRole> = {
  subject: "role",
  label: (id) => `role ${id}`,
  id: (role) => role.id,
  ordered: true,
  renames: true,
  describe: (role) => [`when: ${exprText(role.when)}`],
  details: (base, head) => conditionLines("when", base.when, head.when),
};

function diffContacts(base: Plan["contacts"], head: Plan["contacts"]): DefinitionChange[] {
  if (base === null && head === null) return [];
  const describe = (contacts: NonNullable<Plan["contacts"]>) => [
    `account_key ${contacts.accountKey}`,
    `key ${contacts.key ?? "none"}`,
  ];
  if (base === null)
    return [
      { subject: "contacts", id: "contacts", kind: "added", summary: "contacts added", details: describe(head!) },
    ];
  if (head === null)
    return [
      { subject: "contacts", id: "contacts", kind: "removed", summary: "contacts removed", details: describe(base) },
    ];
  const details = [
    ...nameChange("account_key", base.accountKey, head.accountKey),
    ...nameChange("key", base.key, head.key),
  ];
  return details.length
    ? [{ subject: "contacts", id: "contacts", kind: "changed", summary: changedSummary("contacts", details), details }]
    : [];
}

// Key, name, quality bars, anything else. ----------------------------------------------------------------------

function diffScalar(subject: string, label: string, base: string | null, head: string | null): DefinitionChange[] {
  if (base === head) return [];
  const detail = `${label} ${base ?? "none"} -> ${head ?? "none"}`;
  return [{ subject, id: head ?? base ?? "", kind: "changed", summary: detail, details: [detail] }];
}

/** Leaf values of a quality bar by path (`min`, `pipeline_share.min`), for line-by-line comparison. */
function flatten(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort(compareText)) flatten(record[key], path ? `${path}.${key}` : key, out);
  } else {
    out.set(path, canonicalJson(value));
  }
  return out;
}

function diffQuality(base: Record<string, unknown>, head: Record<string, unknown>): DefinitionChange[] {
  const bars = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort(compareText);
  const changes: DefinitionChange[] = [];
  const lines = (bar: unknown) =>
    [...flatten(bar, "", new Map())].map(([path, value]) => (path ? `${path} ${value}` : value));
  for (const bar of bars) {
    const has = (record: Record<string, unknown>) => Object.hasOwn(record, bar);
    const label = `quality ${bar}`;
    if (!has(base))
      changes.push({
        subject: "quality",
        id: bar,
        kind: "added",
        summary: `${label} added`,
        details: lines(head[bar]),
      });
    else if (!has(head))
      changes.push({
        subject: "quality",
        id: bar,
        kind: "removed",
        summary: `${label} removed`,
        details: lines(base[bar]),
      });
    else if (!same(base[bar], head[bar])) {
      const before = flatten(base[bar], "", new Map());
      const after = flatten(head[bar], "", new Map());
      const paths = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
      const details = paths
        .filter((path) => before.get(path) !== after.get(path))
        .map((path) => `${path || "value"} ${before.get(path) ?? "none"} -> ${after.get(path) ?? "none"}`);
      changes.push({ subject: "quality", id: bar, kind: "changed", summary: changedSummary(label, details), details });
    }
  }
  return changes;
}

/** Keys a later plan version may add: never silently equal when they differ. */
function diffOtherKeys(base: Plan, head: Plan): DefinitionChange[] {
  const record = (plan: Plan) => plan as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(base), ...Object.keys(head)])]
    .filter((key) => !KNOWN_KEYS.has(key))
    .sort(compareText);
  const changes: DefinitionChange[] = keys
    .filter((key) => !same(record(base)[key], record(head)[key]))
    .map((key) => ({ subject: key, id: key, kind: "changed", summary: `${key} changed`, details: [] }));
  if (base.planVersion !== head.planVersion) {
    const detail = `plan version ${base.planVersion} -> ${head.planVersion}`;
    changes.push({ subject: "planVersion", id: "planVersion", kind: "changed", summary: detail, details: [detail] });
  }
  return changes;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
