import type { Plan } from "@segform/plan";
import {
  accountEnv,
  ContactEngine,
  ContactIndex,
  Engine,
  explainAccount,
  renderExplanation,
  type AccountResult,
  type CoercionIssue,
  type Env,
  type PreparedAccount,
  type Value,
} from "@segform/engine";
import {
  DiagnosticBag,
  suggest,
  type Diagnostic,
  type Path,
  type SourceDocument,
  type SourceLocation,
} from "@segform/spec";
import type { CoverageCollector } from "./coverage.js";
import type { CaseResult, ExpectationFailure, SuiteResult } from "./report.js";
import type { FixtureRecord } from "./suite-load.js";
import type { Expectation, NumberExpectation, RawRecord, TestSuiteDocument } from "./types.js";

/** A test file ready to run: parsed, with its fixture records loaded. */
export interface LoadedSuite {
  file: string;
  document: SourceDocument;
  suite: TestSuiteDocument;
  accounts: FixtureRecord[];
  contacts: FixtureRecord[];
}

interface PopulationMember {
  record: RawRecord;
  location: SourceLocation;
  prepared?: PreparedAccount;
  result?: AccountResult;
}

/**
 * Runs one suite. Its population is every fixture account plus every inline account of its cases, evaluated
 * together (so tier capacities apply across the suite, as they would on real data); each case then checks
 * only the expectations it lists, on the accounts it names.
 */
export function runSuite(
  plan: Plan,
  loaded: LoadedSuite,
  options: { asOf: string; coverage?: CoverageCollector },
): { result: SuiteResult; diagnostics: Diagnostic[] } {
  const bag = new DiagnosticBag();
  const engine = new Engine(plan, { asOf: options.asOf });
  const { population, inlineIndex } = buildPopulation(plan, loaded);
  const roles = plan.contacts ? evaluateContacts(plan, engine, loaded, bag, options.coverage) : new Map();
  const byKey = evaluatePopulation(plan, engine, loaded, population, bag, options.coverage);
  const run: SuiteRun = { plan, engine, document: loaded.document, population, inlineIndex, byKey, roles };
  const unknown = unknownIds(plan, loaded.suite, loaded.document, bag);
  const cases = loaded.suite.tests.map((test, caseIndex) => runCase(run, test, caseIndex, unknown.has(caseIndex)));
  return { result: { name: loaded.suite.name, file: loaded.file, cases }, diagnostics: bag.sorted() };
}

/** What the cases of a suite read once its population is evaluated. */
interface SuiteRun {
  plan: Plan;
  engine: Engine;
  document: SourceDocument;
  population: PopulationMember[];
  /** Population row of each inline account, by its path (as JSON). */
  inlineIndex: Map<string, number>;
  /** Population row of each account key (the first with it). */
  byKey: Map<string, number>;
  /** Each contact's role, by contact key. */
  roles: Map<string, string | null>;
}

type TestCase = TestSuiteDocument["tests"][number];

function listedAccounts(test: TestCase): (string | RawRecord)[] {
  return test.accounts ?? (test.account !== undefined ? [test.account] : []);
}

function accountPath(test: TestCase, caseIndex: number, itemIndex: number): Path {
  return test.accounts ? ["tests", caseIndex, "accounts", itemIndex] : ["tests", caseIndex, "account"];
}

/** The population: fixtures first, then inline accounts in case order. */
function buildPopulation(
  plan: Plan,
  loaded: LoadedSuite,
): { population: PopulationMember[]; inlineIndex: Map<string, number> } {
  const keyField = plan.fields.find((field) => field.name === plan.key);
  const keyColumn = keyField?.column ?? plan.key;
  const population: PopulationMember[] = loaded.accounts.map((fixture) => ({
    record: fixture.record,
    location: fixture.location,
  }));
  const inlineIndex = new Map<string, number>();
  loaded.suite.tests.forEach((test, caseIndex) => {
    listedAccounts(test).forEach((account, itemIndex) => {
      if (typeof account === "string") return;
      const path = accountPath(test, caseIndex, itemIndex);
      const record = keyColumn in account ? account : { ...account, [keyColumn]: `${test.name} #${itemIndex + 1}` };
      inlineIndex.set(JSON.stringify(path), population.length);
      population.push({ record, location: loaded.document.locate(path) });
    });
  });
  return { population, inlineIndex };
}

/** Contacts: fixture contacts plus inline ones. Returns the roles by contact key. */
function evaluateContacts(
  plan: Plan,
  engine: Engine,
  loaded: LoadedSuite,
  bag: DiagnosticBag,
  coverage: CoverageCollector | undefined,
): Map<string, string | null> {
  const roles = new Map<string, string | null>();
  const contactEngine = new ContactEngine(plan, engine.asOfDay);
  // Account conditions over contacts read every fixture contact (first: the accounts are evaluated after).
  const index = engine.needsContacts ? new ContactIndex(plan, engine.asOfDay, 5) : undefined;
  if (index) engine.useContacts(index);
  const contactRecords: FixtureRecord[] = [...loaded.contacts];
  loaded.suite.tests.forEach((test, caseIndex) =>
    test.contacts?.forEach((record, contactIndex) =>
      contactRecords.push({
        record,
        location: loaded.document.locate(["tests", caseIndex, "contacts", contactIndex]),
      }),
    ),
  );
  contactRecords.forEach((fixture, row) => {
    const values = contactEngine.coercer.fromObject(fixture.record as Record<string, unknown>, (problem) =>
      bag.warning(
        problem.code,
        `fixture column ${problem.column}: ${problem.message}; treated as missing`,
        fixture.location,
      ),
    );
    const contact = contactEngine.evaluate(values, row);
    index?.add(values, row);
    if (contact.key !== null) roles.set(String(contact.key), contact.role);
    if (coverage) coverage.recordContact(contactEnv(plan, values, engine.asOfDay));
  });
  return roles;
}

/**
 * Evaluates the whole population together (tier capacities apply across it) and fills in each member's result.
 * Returns the population row of each account key; a fixture key seen twice is a warning.
 */
function evaluatePopulation(
  plan: Plan,
  engine: Engine,
  loaded: LoadedSuite,
  population: PopulationMember[],
  bag: DiagnosticBag,
  coverage: CoverageCollector | undefined,
): Map<string, number> {
  const issue = (member: PopulationMember) => (problem: CoercionIssue) =>
    bag.warning(
      problem.code,
      `fixture column ${problem.column}: ${problem.message}; treated as missing`,
      member.location,
    );
  const prepared = population.map((member, row) =>
    engine.prepare(engine.coercer.fromObject(member.record as Record<string, unknown>, issue(member)), row),
  );
  const allocation = engine.allocate(prepared);
  const byKey = new Map<string, number>();
  prepared.forEach((account, index) => {
    const member = population[index]!;
    member.prepared = account;
    member.result = engine.finish(account, allocation);
    if (coverage)
      coverage.recordAccount(
        accountEnv(plan, account, member.result.tier, engine.asOfDay, engine.contacts),
        member.result.icp,
        member.result.tier,
        member.result.segment,
        member.result.audiences,
      );
    if (account.key === null) return;
    const key = String(account.key);
    if (byKey.has(key) && index < loaded.accounts.length)
      bag.warning("SEG104", `duplicate fixture account key ${JSON.stringify(key)}`, member.location);
    else if (!byKey.has(key)) byKey.set(key, index);
  });
  return byKey;
}

/** Checks one case's expectations on the accounts it names; `unknownId`: it names an id the project lacks. */
function runCase(run: SuiteRun, test: TestCase, caseIndex: number, unknownId: boolean): CaseResult {
  const { plan, engine, document } = run;
  const location = document.locate(["tests", caseIndex]);
  if (unknownId)
    return {
      name: test.name,
      status: "skip",
      location,
      skipReason: "not run: it expects an id the project does not define (SEG205)",
      failures: [],
    };
  if (test.skip)
    return {
      name: test.name,
      status: "skip",
      location,
      skipReason: typeof test.skip === "string" ? test.skip : "skipped",
      failures: [],
    };
  const failures: ExpectationFailure[] = [];
  const listed = listedAccounts(test);
  if (listed.length === 0) {
    failures.push({
      account: "(none)",
      what: "account",
      location,
      expected: "an `account` or `accounts`",
      actual: "neither",
      explanation: "",
    });
  }
  listed.forEach((account, itemIndex) => {
    const path = accountPath(test, caseIndex, itemIndex);
    const index = typeof account === "string" ? run.byKey.get(account) : run.inlineIndex.get(JSON.stringify(path));
    if (index === undefined) {
      failures.push({
        account: String(account),
        what: "account",
        location: document.locate(path),
        expected: "a fixture account with this key",
        actual: "no such fixture",
        explanation: "",
      });
      return;
    }
    const member = run.population[index]!;
    const label = member.result!.key === null ? `#${index + 1}` : String(member.result!.key);
    for (const failure of checkExpectation(test.expect, member.result!, run.roles, plan)) {
      failures.push({
        account: label,
        what: failure.what,
        location: document.locate(["tests", caseIndex, "expect", ...failure.path]),
        expected: failure.expected,
        actual: failure.actual,
        explanation: renderExplanation(
          explainAccount(plan, member.prepared!, member.result!, engine.asOfDay, engine.contacts),
        ),
      });
    }
  });
  failures.sort(
    (left, right) => left.location.line - right.location.line || left.location.column - right.location.column,
  );
  return { name: test.name, status: failures.length ? "fail" : "pass", location, failures };
}

function contactEnv(plan: Plan, values: Value[], asOf: number): Env {
  const fieldIndex = new Map(plan.contacts!.fields.map((field, index) => [field.name, index]));
  return {
    field: (name) => values[fieldIndex.get(name)!] ?? null,
    score: () => 0,
    tier: null,
    asOf,
    refType: (test) => test.ref.type,
  };
}

interface Mismatch {
  what: string;
  path: Path;
  expected: string;
  actual: string;
}

const show = (value: unknown) =>
  value === null || value === undefined ? "none" : typeof value === "string" ? value : JSON.stringify(value);

/**
 * Expectations naming a tier, segment, activation, score or role the project does not define are located errors
 * (SEG205, with the nearest id), not a failing comparison with a long explanation: a typo in a test is not a
 * behaviour of the definitions. Returns the cases that have one (they are not run).
 */
function unknownIds(plan: Plan, suite: TestSuiteDocument, document: SourceDocument, bag: DiagnosticBag): Set<number> {
  const known = {
    tier: plan.tiers.map((tier) => tier.id),
    segment: [...plan.segments.map((segment) => segment.id), plan.fallback.id],
    activation: plan.activations.map((activation) => activation.name),
    score: plan.scores.map((score) => score.name),
    role: plan.contacts?.roles.map((role) => role.id) ?? [],
    audience: plan.audiences?.map((audience) => audience.id) ?? [],
  };
  const cases = new Set<number>();
  suite.tests.forEach((test, caseIndex) => {
    const expect = test.expect ?? {};
    const check = (
      kind: keyof typeof known,
      id: string | null | undefined,
      path: Path,
      at: "key" | "value" = "value",
    ) => {
      if (id === null || id === undefined || known[kind].includes(id)) return;
      const near = suggest(id, known[kind]);
      const listed = known[kind].length
        ? `the project defines ${known[kind].slice(0, 12).join(", ")}${known[kind].length > 12 ? ", ..." : ""}`
        : `the project defines no ${kind}s`;
      bag.error(
        "SEG205",
        `test "${test.name}" expects ${kind} "${id}", which the project does not define`,
        document.locate(["tests", caseIndex, "expect", ...path], at),
        near ? `did you mean "${near}"? (${listed})` : listed,
      );
      cases.add(caseIndex);
    };
    check("tier", expect.tier, ["tier"]);
    check("segment", expect.segment, ["segment"]);
    expect.activations?.forEach((name, index) => check("activation", name, ["activations", index]));
    expect.audiences?.forEach((id, index) => check("audience", id, ["audiences", index]));
    for (const name of Object.keys(expect.scores ?? {})) check("score", name, ["scores", name], "key");
    for (const [contact, role] of Object.entries(expect.roles ?? {})) check("role", role, ["roles", contact]);
  });
  return cases;
}

/** Compares the listed expectations with the account's labels. */
export function checkExpectation(
  expect: Expectation,
  result: AccountResult,
  roles: Map<string, string | null>,
  plan: Plan,
): Mismatch[] {
  const out: Mismatch[] = [];
  if (expect.icp !== undefined && expect.icp !== result.icp)
    out.push({ what: "icp", path: ["icp"], expected: String(expect.icp), actual: String(result.icp) });
  for (const [name, expected] of Object.entries(expect.scores ?? {})) {
    const index = plan.scores.findIndex((score) => score.name === name);
    if (index < 0) {
      out.push({
        what: `scores.${name}`,
        path: ["scores", name],
        expected: describeNumber(expected),
        actual: `no score named ${name}`,
      });
      continue;
    }
    const actual = result.scores[index]!;
    if (!numberMatches(expected, actual))
      out.push({
        what: `scores.${name}`,
        path: ["scores", name],
        expected: describeNumber(expected),
        actual: String(Math.round(actual * 10_000) / 10_000),
      });
  }
  if (expect.tier !== undefined && expect.tier !== result.tier)
    out.push({ what: "tier", path: ["tier"], expected: show(expect.tier), actual: show(result.tier) });
  if (expect.segment !== undefined && expect.segment !== result.segment)
    out.push({ what: "segment", path: ["segment"], expected: show(expect.segment), actual: show(result.segment) });
  if (expect.activations !== undefined) {
    const wanted = [...new Set(expect.activations)].sort();
    const got = [...result.activations].sort();
    if (wanted.join("\u0000") !== got.join("\u0000"))
      out.push({
        what: "activations",
        path: ["activations"],
        expected: `[${wanted.join(", ")}]`,
        actual: `[${got.join(", ")}]`,
      });
  }
  if (expect.audiences !== undefined) {
    const wanted = [...new Set(expect.audiences)].sort();
    const got = [...(result.audiences ?? [])].sort();
    if (wanted.join("\u0000") !== got.join("\u0000"))
      out.push({
        what: "audiences",
        path: ["audiences"],
        expected: `[${wanted.join(", ")}]`,
        actual: `[${got.join(", ")}]`,
      });
  }
  for (const [contact, role] of Object.entries(expect.roles ?? {})) {
    const actual = roles.has(contact) ? roles.get(contact)! : undefined;
    if (actual !== role)
      out.push({
        what: `roles.${contact}`,
        path: ["roles", contact],
        expected: show(role),
        actual: actual === undefined ? "no such contact" : show(actual),
      });
  }
  return out;
}

const EPSILON = 1e-9;

function numberMatches(expected: number | NumberExpectation, actual: number): boolean {
  if (typeof expected === "number") return Math.abs(expected - actual) <= EPSILON;
  if (expected.eq !== undefined && Math.abs(expected.eq - actual) > EPSILON) return false;
  if (expected.gte !== undefined && actual < expected.gte - EPSILON) return false;
  if (expected.lte !== undefined && actual > expected.lte + EPSILON) return false;
  if (expected.between && (actual < expected.between[0]! - EPSILON || actual > expected.between[1]! + EPSILON))
    return false;
  return true;
}

function describeNumber(expected: number | NumberExpectation): string {
  if (typeof expected === "number") return String(expected);
  const parts: string[] = [];
  if (expected.eq !== undefined) parts.push(`= ${expected.eq}`);
  if (expected.gte !== undefined) parts.push(`>= ${expected.gte}`);
  if (expected.lte !== undefined) parts.push(`<= ${expected.lte}`);
  if (expected.between) parts.push(`between ${expected.between[0]} and ${expected.between[1]}`);
  return parts.join(" and ") || "any number";
}
