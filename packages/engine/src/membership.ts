import type { Plan } from "@segform/plan";
import type { AccountResult } from "./engine.js";

/**
 * Reads back the membership rows `ResultFormatter` (formats.ts) writes: one implementation for every reader of a
 * `segform run --out` file (serve's loader, `segform plan --membership`). The record is one CSV row (cells, with
 * the header) or one JSON object (JSONL, a JSON list); the caller opens the file and turns a `MembershipRowError`
 * into its own located error.
 */

/**
 * One account of a membership: the engine's labels (AccountResult) as `segform run` wrote them, with the key as
 * text. `activations`: equal lists are one shared, frozen array; `audiences`: when the membership has an
 * `audiences` column (or key).
 */
export interface MembershipRow extends Omit<AccountResult, "key"> {
  key: string;
  /** Role id -> contact keys; a CSV names roles only (each with no contact keys). */
  roles?: Record<string, (string | number)[]>;
}

/** A row that is not a membership of the plan: `message` says what is wrong with it. */
export class MembershipRowError extends Error {}

/** The columns every CSV membership of the plan has, in the order `segform run` writes them. */
export function membershipColumns(plan: Plan): string[] {
  return [plan.key, "icp", ...plan.scores.map((score) => score.name), "tier", "segment", "activations"];
}

/**
 * A parser for the rows of one membership file. `header`: the CSV header (undefined for JSON rows); the caller has
 * checked it holds every `membershipColumns`.
 */
export function membershipRowParser(
  plan: Plan,
  header: readonly string[] | undefined,
): (record: { cells?: string[]; object?: unknown }) => MembershipRow {
  const scoreNames = plan.scores.map((score) => score.name);
  const lists = new ListInterner();
  // Column positions, found once (-1: no such column); a row is read by index.
  const position = new Map((header ?? []).map((name, index) => [name, index]));
  const at = (name: string) => position.get(name) ?? -1;
  const [keyAt, icpAt, tierAt, segmentAt, activationsAt, audiencesAt, rolesAt] = [
    plan.key,
    "icp",
    "tier",
    "segment",
    "activations",
    "audiences",
    "roles",
  ].map(at) as [number, number, number, number, number, number, number];
  const scoreAt = scoreNames.map(at);
  const cell = (cells: string[], index: number) => (index < 0 ? undefined : cells[index]);
  const split = (text: string | undefined) => (text ? text.split(";") : []);
  /** A list cell's shared list, by its text: a membership repeats a handful of texts, split once each. */
  const listsByText = new Map<string, string[]>();
  const listCell = (text: string | undefined) => {
    const key = text ?? "";
    let list = listsByText.get(key);
    if (!list) listsByText.set(key, (list = lists.list(split(key))));
    return list;
  };

  const fromCells = (cells: string[]): MembershipRow => {
    const key = cell(cells, keyAt) ?? "";
    if (key === "") throw new MembershipRowError("an account without a key");
    const icp = cell(cells, icpAt);
    if (icp !== "true" && icp !== "false") throw new MembershipRowError("icp is not true or false");
    const scores: number[] = new Array(scoreAt.length);
    for (let i = 0; i < scoreAt.length; i++) {
      const text = cell(cells, scoreAt[i]!);
      const value = text === undefined || text === "" ? Number.NaN : Number(text);
      if (Number.isNaN(value) ? text !== "NaN" : !writtenByRun(text!, value))
        throw new MembershipRowError(`score ${scoreNames[i]} is not a number`);
      scores[i] = value;
    }
    const row: MembershipRow = {
      key,
      icp: icp === "true",
      scores,
      tier: cell(cells, tierAt) || null,
      segment: cell(cells, segmentAt) || null,
      activations: listCell(cell(cells, activationsAt)),
    };
    const audiences = cell(cells, audiencesAt);
    if (audiences !== undefined) row.audiences = listCell(audiences);
    const roles = cell(cells, rolesAt);
    if (roles !== undefined) row.roles = Object.fromEntries(split(roles).map((role) => [role, []]));
    return row;
  };

  const fromObject = (value: unknown): MembershipRow => {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new MembershipRowError("a row is not an object");
    const object = value as Record<string, unknown>;
    const key = object.account;
    if (typeof key !== "string" && typeof key !== "number")
      throw new MembershipRowError("an account without a key (`account`)");
    if (typeof object.icp !== "boolean") throw new MembershipRowError("icp is not true or false");
    const scoreObject = (object.scores ?? {}) as Record<string, unknown>;
    const scores = scoreNames.map((name) => {
      const score = scoreObject[name];
      if (typeof score !== "number") throw new MembershipRowError(`score ${name} is not a number`);
      return score;
    });
    const text = (field: unknown, what: string) => {
      if (field === null || field === undefined) return null;
      if (typeof field !== "string") throw new MembershipRowError(`${what} is not a string`);
      return field;
    };
    const activations = object.activations ?? [];
    if (!isStringList(activations)) throw new MembershipRowError("activations is not a list of names");
    const row: MembershipRow = {
      key: String(key),
      icp: object.icp,
      scores,
      tier: text(object.tier, "tier"),
      segment: text(object.segment, "segment"),
      activations: lists.list(activations),
    };
    if (object.audiences !== undefined) {
      if (!isStringList(object.audiences)) throw new MembershipRowError("audiences is not a list of ids");
      row.audiences = lists.list(object.audiences);
    }
    if (object.roles && typeof object.roles === "object")
      row.roles = object.roles as Record<string, (string | number)[]>;
    return row;
  };

  return (record) => (record.cells ? fromCells(record.cells) : fromObject(record.object));
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/** Shares equal lists between accounts (a membership has few distinct activation lists). */
export class ListInterner {
  private readonly lists = new Map<string, string[]>();
  list(items: string[]): string[] {
    const id = items.join("\u0000");
    let found = this.lists.get(id);
    if (!found) {
      found = Object.freeze(items.slice()) as string[];
      this.lists.set(id, found);
    }
    return found;
  }
}

/**
 * Whether `text`, which Number() read as `value`, is a score as `run` writes it: a finite decimal (`12`, `-3.5`,
 * `1e-7`), not `Infinity`, blanks around it, a `+`, or a hex, octal or binary prefix, which Number() also takes.
 * Checked by character codes: this runs for every score of every membership row.
 */
function writtenByRun(text: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (last < 48 || last > 57 || !(first === 45 || (first >= 48 && first <= 57))) return false;
  const zeroAt = first === 45 ? 1 : 0;
  // `0x10`, `-0b1`, `0o7`: a letter right after a leading zero.
  return !(text.charCodeAt(zeroAt) === 48 && (text.charCodeAt(zeroAt + 1) | 32) >= 97);
}
