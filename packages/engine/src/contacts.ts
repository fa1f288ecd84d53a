import type { Plan } from "@segform/plan";
import { contactAggregates, type ContactAggregate } from "./aggregates.js";
import { id, join, js } from "./codegen.js";
import type { Value } from "./coerce.js";
import { ContactEngine } from "./engine.js";
import { ExprCompiler } from "./compiled.js";

/** Per account: the number behind each aggregate, and (for explanations) the first matching contacts' keys. */
interface AccountContacts {
  counts: number[];
  roles: (Set<number> | null)[];
  keys: (string | number)[][] | null;
}

/**
 * An account's contacts, summed up per aggregate: built from every contact (coerced by the plan's contact fields),
 * then read by account key. Contacts join an account when their account key's text is the account key's text
 * (`String(value)`, as roles are grouped). Memory: a few numbers per account that has contacts.
 */
export class ContactIndex {
  readonly aggregates: ContactAggregate[];
  private readonly contactEngine: ContactEngine;
  private readonly where: (v: Value[], asOf: number, r: string | null) => boolean[];
  private readonly roleIndex: Map<string, number>;
  private readonly byAccount = new Map<string, AccountContacts>();
  private readonly zero: number[];

  /** `keepKeys`: keep up to this many matching contact keys per account and aggregate (for explanations). */
  constructor(
    readonly plan: Plan,
    readonly asOfDay: number,
    private readonly keepKeys = 0,
  ) {
    this.aggregates = contactAggregates(plan);
    this.contactEngine = new ContactEngine(plan, asOfDay);
    this.roleIndex = new Map((plan.contacts?.roles ?? []).map((role, index) => [role.id, index]));
    this.where = compileWhere(plan, this.aggregates);
    this.zero = this.aggregates.map(() => 0);
  }

  get coercer() {
    return this.contactEngine.coercer;
  }

  /** Adds one contact (values from `coercer`; `row` numbers a contact without a key, 0-based). */
  add(values: Value[], row: number): void {
    const contact = this.contactEngine.evaluate(values, row);
    if (contact.accountKey === null) return;
    const matches = this.where(values, this.asOfDay, contact.role);
    const accountKey = String(contact.accountKey);
    let entry = this.byAccount.get(accountKey);
    for (let i = 0; i < matches.length; i++) {
      if (!matches[i]) continue;
      if (!entry) {
        entry = {
          counts: this.aggregates.map(() => 0),
          roles: this.aggregates.map((a) => (a.measure === "distinct_roles" ? new Set<number>() : null)),
          keys: this.keepKeys > 0 ? this.aggregates.map(() => []) : null,
        };
        this.byAccount.set(accountKey, entry);
      }
      entry.counts[i]!++;
      if (contact.role !== null) entry.roles[i]?.add(this.roleIndex.get(contact.role)!);
      const keys = entry.keys?.[i];
      if (keys && keys.length < this.keepKeys && contact.key !== null) keys.push(contact.key);
    }
  }

  /** The aggregates' numbers for an account key (0 for an account without contacts, or without a key). */
  numbers(accountKey: Value): number[] {
    const entry = accountKey === null ? undefined : this.byAccount.get(String(accountKey));
    if (!entry) return this.zero;
    return this.aggregates.map((aggregate, i) =>
      aggregate.measure === "count" ? entry.counts[i]! : entry.roles[i]!.size,
    );
  }

  /** The first kept keys of the contacts behind aggregate `index` for an account (empty unless `keepKeys`). */
  contactKeys(accountKey: Value, index: number): (string | number)[] {
    const entry = accountKey === null ? undefined : this.byAccount.get(String(accountKey));
    return entry?.keys?.[index] ?? [];
  }
}

/** One function evaluating every aggregate's `where` for a contact (its values, the as-of day and its role). */
function compileWhere(
  plan: Plan,
  aggregates: readonly ContactAggregate[],
): (v: Value[], asOf: number, r: string | null) => boolean[] {
  const fields = new Map((plan.contacts?.fields ?? []).map((field, index) => [field.name, index]));
  const compiler = new ExprCompiler({
    field(name) {
      const slot = fields.get(name);
      if (slot === undefined) throw new Error(`engine: unknown contact field ${name}`);
      return slot;
    },
    score() {
      throw new Error("engine: a contacts condition cannot read scores");
    },
  });
  const items = aggregates.map((aggregate) => (aggregate.where === null ? js`true` : compiler.expr(aggregate.where)));
  const body = js`"use strict"; return function where(v, asOf, r) { const s = null, t = null; return [${join(items, ", ")}]; };`;
  return (
    new Function(id("K").text, body.text) as (k: unknown[]) => (v: Value[], asOf: number, r: string | null) => boolean[]
  )(compiler.constants);
}
