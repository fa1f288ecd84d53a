import { describe, expect, it } from "vitest";
import {
  ALWAYS,
  AS_OF,
  AS_OF_DAY,
  and,
  field,
  named,
  not,
  planWith,
  rankByScore,
  run,
  scoreTest,
  test,
  values,
} from "../test/helpers.js";
import { withHash } from "@segform/plan";
import { ContactEngine, Engine, evaluateAccounts, type AccountResult } from "./engine.js";

const mid = named("mid", test("employees", "between", [200, 2000], "integer"));

const plan = planWith({
  fields: [
    field("id", "string", { nullable: false }),
    field("employees", "integer", { column: "NumberOfEmployees" }),
    field("industry", "string", { enum: ["software", "fintech", "retail", "government"] }),
    field("region", "string"),
    field("tech", "string[]"),
    field("visit", "date", { column: "LastVisit" }),
    field("surge", "number", { default: 0 }),
    field("warehouse", "string"),
  ],
  icp: and(mid, test("region", "in", ["NA", "EMEA"], "string"), not(test("industry", "in", ["government"], "string"))),
  scores: [
    {
      name: "fit",
      kind: "criteria",
      criteria: [
        { id: "mid", when: mid, points: 40 },
        { id: "industry", when: test("industry", "in", ["software", "fintech"], "string"), points: 30 },
        { id: "dbt", when: test("tech", "contains", "dbt", "string[]"), points: 20 },
        { id: "recent", when: test("visit", "within_days", 30, "date"), points: 10 },
      ],
    },
    { name: "intent", kind: "field", field: "surge" },
  ],
  tiers: [
    {
      id: "t1",
      when: and(scoreTest("fit", "gte", 70), scoreTest("intent", "gte", 60)),
      capacity: 2,
      rankBy: [rankByScore("intent"), rankByScore("fit")],
      activate: ["crm"],
    },
    { id: "t2", when: scoreTest("fit", "gte", 70) },
    { id: "t3", when: scoreTest("fit", "gte", 50) },
  ],
  segments: [
    { id: "warehouse-snowflake", when: test("warehouse", "eq", "snowflake", "string"), activate: ["crm", "li"] },
    { id: "fintech", when: test("industry", "eq", "fintech", "string"), activate: ["crm"] },
    { id: "top", when: test("tier", "eq", "t1"), activate: ["crm"] },
  ],
  activations: [{ name: "crm" }, { name: "li", when: scoreTest("intent", "gte", 50) }],
});

const accounts: Record<string, unknown>[] = [
  {
    id: "a01",
    NumberOfEmployees: "500",
    industry: "software",
    region: "NA",
    tech: "dbt;snowflake",
    LastVisit: "2026-06-01",
    surge: 90,
    warehouse: "snowflake",
  },
  {
    id: "a02",
    NumberOfEmployees: "1,200",
    industry: "fintech",
    region: "EMEA",
    tech: "dbt",
    LastVisit: "2026-01-01",
    surge: "75",
    warehouse: "bigquery",
  },
  {
    id: "a03",
    NumberOfEmployees: 300,
    industry: "software",
    region: "NA",
    tech: "",
    surge: 80,
    warehouse: "snowflake",
  },
  { id: "a04", NumberOfEmployees: 250, industry: "retail", region: "EMEA", tech: ["dbt"], surge: "n/a" },
  { id: "a05", NumberOfEmployees: 5000, industry: "software", region: "NA", tech: "dbt", surge: 99 },
  { id: "a06", NumberOfEmployees: 400, industry: "government", region: "NA", tech: "dbt" },
  { id: "a07", NumberOfEmployees: 800, industry: "fintech", region: "APAC", surge: 70 },
  { id: "a08", NumberOfEmployees: "n/a", industry: "software", region: "NA" },
  { id: "a09", NumberOfEmployees: 2000, industry: "fintech", region: "EMEA", LastVisit: "2026-05-16", surge: 10 },
  {
    id: "a10",
    NumberOfEmployees: 200,
    industry: " software ",
    region: "NA",
    tech: "snowflake",
    LastVisit: "2026-05-15",
    surge: 55,
    warehouse: "snowflake",
  },
  { id: "a11", NumberOfEmployees: 199, industry: "software", region: "NA" },
  { id: "a12", NumberOfEmployees: 1000, industry: "Software", region: "NA", surge: 20, warehouse: "snowflake" },
];

const expected: AccountResult[] = [
  // fit 40+30+20+10, intent 90: t1 (best intent)
  { key: "a01", icp: true, scores: [100, 90], tier: "t1", segment: "warehouse-snowflake", activations: ["crm", "li"] },
  // fit 90, intent 75: third for t1 (90, 80, 75), falls to t2
  { key: "a02", icp: true, scores: [90, 75], tier: "t2", segment: "fintech", activations: ["crm"] },
  // fit 70, intent 80: t1 (second)
  { key: "a03", icp: true, scores: [70, 80], tier: "t1", segment: "warehouse-snowflake", activations: ["crm", "li"] },
  // surge "n/a" is invalid: the default 0 applies; fit 60: t3; no segment
  { key: "a04", icp: true, scores: [60, 0], tier: "t3", segment: "other", activations: [] },
  // too big for the ICP, still scored
  { key: "a05", icp: false, scores: [50, 99], tier: null, segment: null, activations: [] },
  // excluded industry
  { key: "a06", icp: false, scores: [60, 0], tier: null, segment: null, activations: [] },
  // region outside the ICP
  { key: "a07", icp: false, scores: [70, 70], tier: null, segment: null, activations: [] },
  // employees invalid: missing, so not mid
  { key: "a08", icp: false, scores: [30, 0], tier: null, segment: null, activations: [] },
  // visit exactly 30 days ago counts; fit 80, intent 10: t2
  { key: "a09", icp: true, scores: [80, 10], tier: "t2", segment: "fintech", activations: ["crm"] },
  // visit 31 days ago does not; fit 70, intent 55 (< 60): t2; li because intent >= 50
  { key: "a10", icp: true, scores: [70, 55], tier: "t2", segment: "warehouse-snowflake", activations: ["crm", "li"] },
  // one below the range
  { key: "a11", icp: false, scores: [30, 0], tier: null, segment: null, activations: [] },
  // "Software" is not in the enum: missing, so not excluded but not scored either; li held back by intent 20
  { key: "a12", icp: true, scores: [40, 20], tier: null, segment: "warehouse-snowflake", activations: ["crm"] },
];

describe("evaluateAccounts", () => {
  it("labels accounts end to end", () => {
    expect(run(plan, accounts)).toEqual(expected);
  });

  it("is deterministic: the same input twice, or through the same engine twice, gives equal results", () => {
    expect(run(plan, accounts)).toEqual(run(plan, accounts));
    const engine = new Engine(plan, { asOf: AS_OF });
    const rows = accounts.map((a) => values(plan, a));
    const first = evaluateAccounts(engine, rows);
    expect(evaluateAccounts(engine, rows)).toEqual(first);
    expect(first).toEqual(expected);
  });

  it("gives the same labels whatever the order of the accounts", () => {
    expect(run(plan, [...accounts].reverse()).reverse()).toEqual(expected);
  });

  it("moves `within_days` with the as-of date", () => {
    // As of 2026-06-16 a09's visit is 31 days old: fit 70.
    expect(run(plan, [accounts[8]!], "2026-06-16")[0]).toMatchObject({ key: "a09", scores: [70, 10], tier: "t2" });
  });

  it("returns an empty list for no accounts", () => {
    expect(run(plan, [])).toEqual([]);
  });
});

describe("Engine", () => {
  it("refuses an invalid as-of date", () => {
    expect(() => new Engine(plan, { asOf: "2026-13-01" })).toThrow(new RangeError("invalid as-of date 2026-13-01"));
  });

  it("prepares accounts (ICP, scores, matching tiers) and makes candidates only for capped tiers", () => {
    const engine = new Engine(plan, { asOf: AS_OF });
    expect(engine.asOfDay).toBe(AS_OF_DAY);
    const a01 = engine.prepare(values(plan, accounts[0]!), 0);
    expect(a01).toMatchObject({ row: 0, key: "a01", icp: true, scores: [100, 90], matches: [0, 1, 2] });
    expect(engine.candidate(a01)).toEqual({ row: 0, key: "a01", matches: [0, 1, 2], ranks: new Map([[0, [90, 100]]]) });
    const a04 = engine.prepare(values(plan, accounts[3]!), 3);
    expect(a04.matches).toEqual([2]);
    expect(engine.candidate(a04)).toBeUndefined();
    expect(engine.finish(a04)).toEqual(expected[3]);
    const outside = engine.prepare(values(plan, accounts[4]!), 4);
    expect(outside.matches).toEqual([]);
    expect(engine.finish(outside)).toEqual(expected[4]);
  });

  it("without allocation, gives an account its first uncapped matching tier", () => {
    const engine = new Engine(plan, { asOf: AS_OF });
    expect(engine.finish(engine.prepare(values(plan, accounts[0]!), 0)).tier).toBe("t2");
  });

  it("uses a null key when the plan's key field is not declared", () => {
    const keyless = planWith({ key: "nope", tiers: [{ id: "t", when: ALWAYS }] });
    expect(run(keyless, [{ id: "a" }])).toEqual([
      { key: null, icp: true, scores: [], tier: "t", segment: "other", activations: [] },
    ]);
  });
});

describe("ContactEngine", () => {
  const contactsPlan = planWith({
    contacts: {
      accountKey: "account",
      key: "cid",
      fields: [
        field("account", "string"),
        field("cid", "string"),
        field("title", "string"),
        field("seniority", "integer"),
      ],
      roles: [
        { id: "economic-buyer", when: test("title", "matches", "(?i)^(chief|vp|head of) .*(revenue|sales)", "string") },
        { id: "champion", when: test("title", "contains", "Data", "string") },
        { id: "senior", when: test("seniority", "gte", 3, "integer") },
        { id: "user", when: test("title", "exists", true, "string") },
      ],
    },
  });
  const contacts = [
    { cid: "c1", account: "a1", title: "VP Sales and Data" }, // buyer and champion: the first role wins
    { cid: "c2", account: "a1", title: "Head of Data" },
    { cid: "c3", account: "a2", title: "Analyst", seniority: "5" },
    { cid: "c4", account: "a2", title: "Analyst" },
    { cid: "c5", account: "a3" },
    { cid: "c6", account: "a3", seniority: 3 },
    { account: 42, title: "chief revenue officer" },
  ];

  it("gives each contact the first matching role", () => {
    const engine = new ContactEngine(contactsPlan, AS_OF_DAY);
    const results = contacts.map((contact, row) => engine.evaluate(engine.coercer.fromObject(contact), row));
    expect(results).toEqual([
      { key: "c1", accountKey: "a1", role: "economic-buyer" },
      { key: "c2", accountKey: "a1", role: "champion" },
      { key: "c3", accountKey: "a2", role: "senior" },
      { key: "c4", accountKey: "a2", role: "user" },
      { key: "c5", accountKey: "a3", role: null },
      { key: "c6", accountKey: "a3", role: "senior" },
      { key: null, accountKey: "42", role: "economic-buyer" },
    ]);
  });

  it("numbers contacts by input order when the plan has no contact key", () => {
    const unkeyed = planWith({ contacts: { ...contactsPlan.contacts!, key: null } });
    const engine = new ContactEngine(unkeyed, AS_OF_DAY);
    expect(
      contacts.slice(0, 2).map((contact, row) => engine.evaluate(engine.coercer.fromObject(contact), row).key),
    ).toEqual([1, 2]);
  });

  it("refuses a plan without contacts", () => {
    expect(() => new ContactEngine(planWith({}), AS_OF_DAY)).toThrow("engine: the plan has no contacts section");
  });
});

describe("segments scoped to every account, and audiences", () => {
  const { hash: _hash, ...unhashed } = plan;
  const scoped = withHash({
    ...unhashed,
    segmentScope: "all" as const,
    audiences: [
      { id: "big", owner: "ops", when: test("employees", "gte", 1000, "integer"), activate: ["li"] },
      { id: "hot", owner: null, when: scoreTest("intent", "gte", 70), activate: [] },
      { id: "tiered", owner: null, when: test("tier", "exists", true), activate: [] },
    ],
  });
  const byKey = (results: AccountResult[]) => new Map(results.map((result) => [result.key, result]));

  it("labels accounts outside the ICP with a segment and every account with its audiences (none, one or several)", () => {
    const results = byKey(run(scoped, accounts));
    // Outside the ICP (too big, no warehouse, not fintech; `top` needs a tier, which it cannot have): the fallback.
    expect(results.get("a05")).toEqual({
      key: "a05",
      icp: false,
      scores: [50, 99],
      tier: null,
      segment: "other",
      activations: ["li"],
      audiences: ["big", "hot"],
    });
    // Outside the ICP (APAC), fintech: its segment's activation, and an audience without one.
    expect(results.get("a07")).toEqual({
      key: "a07",
      icp: false,
      scores: [70, 70],
      tier: null,
      segment: "fintech",
      activations: ["crm"],
      audiences: ["hot"],
    });
    // In the ICP, tier t1: three audiences; li through the segment and the audience (once).
    expect(results.get("a01")).toEqual({
      key: "a01",
      icp: true,
      scores: [100, 90],
      tier: "t1",
      segment: "warehouse-snowflake",
      activations: ["crm", "li"],
      audiences: ["hot", "tiered"],
    });
    // In the ICP, in no audience.
    expect(results.get("a04")).toEqual({
      key: "a04",
      icp: true,
      scores: [60, 0],
      tier: "t3",
      segment: "other",
      activations: [],
      audiences: ["tiered"],
    });
    expect(results.get("a08")).toEqual({
      key: "a08",
      icp: false,
      scores: [30, 0],
      tier: null,
      segment: "other",
      activations: [],
      audiences: [],
    });
    // An audience's activation still needs its own `when` (li: intent >= 50): a12 is big (and untiered) but intent 20.
    expect(results.get("a12")).toEqual({
      key: "a12",
      icp: true,
      scores: [40, 20],
      tier: null,
      segment: "warehouse-snowflake",
      activations: ["crm"],
      audiences: ["big"],
    });
  });

  it("prepare and finish give what evaluateAccounts gives", () => {
    const engine = new Engine(scoped, { asOf: AS_OF });
    const prepared = accounts.map((record, row) => engine.prepare(values(scoped, record), row));
    const allocation = engine.allocate(prepared);
    expect(prepared.map((account) => engine.finish(account, allocation))).toEqual(run(scoped, accounts));
  });

  it("a plan without audiences gives results without an audiences key", () => {
    for (const result of run(plan, accounts)) expect("audiences" in result).toBe(false);
  });
});
