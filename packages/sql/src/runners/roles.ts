import type { Plan } from "@segform/plan";
import { keyValue, type SqlRolesByAccount } from "./results.js";

/**
 * Groups the compiled contacts query's rows (contact key, account key, role; every contact, in input order) by
 * account, as the JS engine's contact pass does: role id -> contact keys. A contact without a key (or a plan
 * without a contact key) stands as its 1-based position in the input, counted here.
 */
export class RoleCollector {
  readonly roles: SqlRolesByAccount = new Map();
  private readonly accountKeyType;
  private readonly contactKeyType;
  private readonly keyed: boolean;
  private position = 0;

  constructor(plan: Plan) {
    const contacts = plan.contacts!;
    this.keyed = contacts.key !== null;
    this.accountKeyType = contacts.fields.find((field) => field.name === contacts.accountKey)?.type;
    this.contactKeyType = contacts.fields.find((field) => field.name === contacts.key)?.type;
  }

  add(values: readonly unknown[]): void {
    const position = ++this.position;
    const [contactText, accountText, role] = values;
    const account = keyValue(accountText, this.accountKeyType);
    if (account === null || role === null || role === undefined) return;
    const accountKey = String(account);
    let roles = this.roles.get(accountKey);
    if (!roles) this.roles.set(accountKey, (roles = new Map()));
    let list = roles.get(String(role));
    if (!list) roles.set(String(role), (list = []));
    list.push((this.keyed ? keyValue(contactText, this.contactKeyType) : null) ?? position);
  }
}
