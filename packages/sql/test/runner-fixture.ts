// A project and messy generated data for the runner tests, with the JS engine's results as the reference.
import { csvCell, formatScore } from "@segform/data";
import { ContactEngine, Engine, evaluateAccounts, type AccountResult } from "@segform/engine";
import type { Plan } from "@segform/plan";
import { AS_OF, compileText } from "./examples.js";

export { AS_OF } from "./examples.js";

const PROJECT = `
version: 1
key: account_id
fields:
  account_id: { type: string, from: Id, nullable: false }
  employees:  { type: integer, from: Employees }
  revenue:    { type: number, from: Revenue }
  region:     { type: string, from: Region, enum: [NA, EMEA, APAC] }
  tech:       { type: "string[]", from: Tech }
  visit:      { type: date, from: LastVisit }
  demo:       { type: boolean, from: Demo, default: false }
  intent:     { type: number, from: Intent, default: 0 }
define:
  mid: { employees: { between: [100, 5000] } }
icp:
  include: { all: [mid, { region: [NA, EMEA] }] }
  exclude: { account_id: { starts_with: "test" } }
scores:
  fit:
    criteria:
      - { id: mid, when: mid, points: 40 }
      - { id: stack, when: { tech: { contains_any: [dbt, snowflake] } }, points: 35.5 }
      - { id: rich, when: { revenue: { gte: 1000000 } }, points: 24.25 }
  heat: { from: intent }
tiers:
  - { id: t1, when: { fit: { gte: 70 }, heat: { gte: 40 } }, capacity: 15, rank_by: [{ by: heat }, { by: revenue }] }
  - { id: t2, when: { fit: { gte: 40 } } }
segments:
  - { id: hot, axis: intent, when: { any: [{ demo: true }, { visit: { within_days: 14 } }] }, activate: [crm, fast] }
  - { id: data, axis: technographic, when: { tech: { contains: dbt } }, activate: [crm] }
  - { id: big, axis: firmographic, when: { employees: { gte: 2000 } }, activate: [crm] }
  - { id: top, axis: contextual, when: { tier: t1 }, activate: [crm] }
  - { id: rest, activate: [crm] }
contacts:
  account_key: account
  key: cid
  fields:
    cid:     { type: string, from: ContactId }
    account: { type: string, from: AccountId }
    title:   { type: string, from: Title }
  roles:
    - { id: buyer, when: { title: { matches: "(?i)^(vp|chief)" } } }
    - { id: user, when: { title: { exists: true } } }
activations:
  crm:  { destination: sf, set: { Segment__c: "{{ segment.id }}" } }
  fast: { destination: sf, sequence: fast, when: { fit: { gte: 60 } } }
destinations:
  sf: { type: salesforce, token: "\${env:SF_TOKEN}" }
`;

/** The fixture project's plan. */
export function fixturePlan(): Plan {
  return compileText(PROJECT);
}

export const ACCOUNT_COLUMNS = ["Id", "Employees", "Revenue", "Region", "Tech", "LastVisit", "Demo", "Intent"];
export const CONTACT_COLUMNS = ["ContactId", "AccountId", "Title"];

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

/** Account rows as CSV cells: clean values mixed with the messy ones real exports have. */
export function accountCells(count: number, seed = 7): string[][] {
  const next = random(seed);
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const id = i % 97 === 5 ? `test-${i}` : i % 211 === 3 ? `A-${i - 1}x` : `A-${i}`;
    const employees = pick(next, [
      String(Math.floor(next() * 8000)),
      "1,200",
      " 350 ",
      "250-500",
      "",
      "4999.0",
      "+120",
      "n/a",
    ]);
    const revenue = pick(next, [String(Math.round(next() * 3e6)), "1.5e6", "", "999999.99", "2,500,000.50", "-3"]);
    const region = pick(next, ["NA", "EMEA", "APAC", "emea", "", " NA "]);
    const tech = pick(next, ["dbt;looker", "snowflake", " dbt ; ;aws", "", "salesforce;hubspot", "DBT"]);
    const visit = pick(next, [
      "2026-10-25",
      "2026-10-01",
      "2026-11-01",
      "2026-11-02",
      "",
      "2026-02-30",
      "N/A",
      "2026-10-20T10:00:00Z",
    ]);
    const demo = pick(next, ["true", "false", "yes", "0", "", "maybe"]);
    const intent = pick(next, [String(Math.floor(next() * 100)), "55.5", "", "120", "-5", "x"]);
    rows.push([id, employees, revenue, region, tech, visit, demo, intent]);
  }
  return rows;
}

export function contactCells(accounts: number, seed = 11): string[][] {
  const next = random(seed);
  const rows: string[][] = [];
  for (let i = 0; i < accounts * 2; i++) {
    const account = `A-${Math.floor(next() * accounts)}`;
    const title = pick(next, ["VP of Sales", "Chief Revenue Officer", "Engineer", "", "vp marketing", "Analyst"]);
    rows.push([i % 13 === 0 ? "" : `C-${i}`, i % 17 === 0 ? "" : account, title]);
  }
  return rows;
}

/** RFC 4180 CSV text with a header. */
export function csvText(header: string[], rows: string[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

/** The JS engine's results for the same cells. */
export function jsResults(plan: Plan, rows: string[][]): AccountResult[] {
  const engine = new Engine(plan, { asOf: AS_OF });
  const indexes = engine.coercer.columnIndexes(ACCOUNT_COLUMNS);
  return evaluateAccounts(
    engine,
    rows.map((cells) => engine.coercer.fromCells(cells, indexes)),
  ).map((result) => ({ ...result, scores: result.scores.map(formatScore) }));
}

/** The JS engine's roles for the same contact cells (as `segform run` groups them). */
export function jsRoles(plan: Plan, rows: string[][]): Map<string, Map<string, (string | number)[]>> {
  const engine = new Engine(plan, { asOf: AS_OF });
  const contacts = new ContactEngine(plan, engine.asOfDay);
  const indexes = contacts.coercer.columnIndexes(CONTACT_COLUMNS);
  const byAccount = new Map<string, Map<string, (string | number)[]>>();
  rows.forEach((cells, index) => {
    const contact = contacts.evaluate(contacts.coercer.fromCells(cells, indexes), index);
    if (contact.role === null || contact.accountKey === null) return;
    const roles = byAccount.get(String(contact.accountKey)) ?? new Map<string, (string | number)[]>();
    byAccount.set(String(contact.accountKey), roles);
    roles.set(contact.role, [...(roles.get(contact.role) ?? []), contact.key ?? index + 1]);
  });
  return byAccount;
}

/** A runner's rows, scores formatScore and roles dropped, for comparison with jsResults. */
export async function collect(rows: AsyncIterable<AccountResult & { roles?: unknown }>): Promise<AccountResult[]> {
  const out: AccountResult[] = [];
  for await (const { roles: _roles, ...row } of rows) out.push({ ...row, scores: row.scores.map(formatScore) });
  return out;
}
