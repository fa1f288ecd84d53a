import { describe, expect, it } from "vitest";
import { withHash, type Expr, type Plan } from "@segform/plan";
import { compile, edit, yaml } from "../test/helpers.js";
import { BASE } from "../test/projects.js";
import { diffPlans } from "./definitions.js";
import type { DefinitionChange } from "./model.js";

const base = compile(BASE);
/** The changes from BASE to BASE with the given edits. */
const diffTo = (...edits: [string, string][]): DefinitionChange[] => diffPlans(base, compile(edit(BASE, ...edits)));

const RECENT = "  - { id: recent, when: { last_visit: { within_days: 30 } }, activate: [crm-segment] }\n";

describe("diffPlans: no change", () => {
  it("returns [] for the same plan", () => {
    expect(diffPlans(base, compile(BASE))).toEqual([]);
  });

  it("returns [] when only comments, formatting, key order and the file a define lives in differ", () => {
    const rewritten = {
      "segments.yaml": yaml(
        "# The demo project, reformatted: the plan must not notice.",
        "version: 1",
        "key: id",
        "name: demo",
        "imports: [shared/conditions.yaml]",
        "fields:",
        "  last_visit: { type: date }",
        "  intent_score: { default: 0, type: number }",
        "  region:",
        "    enum: [NA, EMEA, APAC]",
        "    type: string",
        "  industry: { type: string }",
        "  employees: { type: integer }   # headcount",
        "  id: { type: string }",
        "icp:",
        "  exclude: { industry: { eq: government } }",
        "  include: mid_market",
        "scores:",
        "  fit:",
        "    criteria:",
        "      - points: 40",
        "        when: mid_market",
        "        id: mid-market",
        "      - { id: target-industry, points: 30, when: { industry: { in: [software, fintech] } } }",
        "  intent: { from: intent_score }",
        "tiers:",
        "  - { id: tier1, activate: [crm-tier], capacity: 2, when: { intent: { gte: 60 }, fit: { gte: 70 } } }",
        "  - { id: tier2, when: { fit: { gte: 70 } }, activate: [crm-tier] }",
        "  - id: tier3",
        "    when: { fit: { gte: 40 } }",
        "segments:",
        "  - { id: fintech, when: { industry: fintech }, axis: firmographic, activate: [crm-segment, li-fintech] }",
        "  - { id: emea, when: { region: EMEA }, activate: [crm-segment] }",
        "  - { id: software, when: { industry: software }, activate: [crm-segment] }",
        "  - { id: recent, when: { last_visit: { within_days: 30 } }, activate: [crm-segment] }",
        "  - { id: other, activate: [crm-segment] }",
        "destinations:",
        '  linkedin:   { token: "${env:LI_TOKEN}", type: linkedin }',
        '  salesforce: { type: salesforce, token: "${env:SF_TOKEN}", url: "${env:SF_URL}" }',
        "activations:",
        "  li-fintech:  { destination: linkedin, audience: Fintech buyers }",
        '  crm-tier:    { set: { Tier__c: "{{ tier.id }}" }, destination: salesforce }',
        '  crm-segment: { destination: salesforce, set: { Segment__c: "{{ segment.id }}" } }',
        "quality: { segment_size: { min: 1 } }",
      ),
      "shared/conditions.yaml": yaml(
        "version: 1",
        "# moved here from segments.yaml",
        "define:",
        "  mid_market: { employees: { between: [200, 2000] } }",
      ),
    };
    const head = compile(rewritten);
    expect(head.hash).toBe(base.hash);
    expect(diffPlans(base, head)).toEqual([]);
  });
});

describe("diffPlans: tiers and segments", () => {
  it("reports a threshold change clause by clause", () => {
    expect(diffTo(["fit: { gte: 70 }, intent", "fit: { gte: 75 }, intent"])).toEqual([
      {
        subject: "tier",
        id: "tier1",
        kind: "changed",
        summary: "tier tier1: when: fit >= 70 -> fit >= 75",
        details: ["when: fit >= 70 -> fit >= 75"],
      },
    ]);
  });

  it("reports a capacity change", () => {
    expect(diffTo(["capacity: 2", "capacity: 5"])).toEqual([
      {
        subject: "tier",
        id: "tier1",
        kind: "changed",
        summary: "tier tier1: capacity 2 -> 5",
        details: ["capacity 2 -> 5"],
      },
    ]);
  });

  it("reports capacity and ranking added to a tier, with the default ranking", () => {
    expect(
      diffTo(["id: tier2, when: { fit: { gte: 70 } }", "id: tier2, when: { fit: { gte: 70 } }, capacity: 10"]),
    ).toEqual([
      {
        subject: "tier",
        id: "tier2",
        kind: "changed",
        summary: "tier tier2: capacity, rank_by changed",
        details: ["capacity none -> 10", "rank_by none -> fit desc, intent desc"],
      },
    ]);
  });

  it("reports a reordered segment once, with its positions, not every segment it passed", () => {
    expect(diffTo([RECENT, ""], ["segments:\n", "segments:\n" + RECENT])).toEqual([
      {
        subject: "segment",
        id: "recent",
        kind: "moved",
        summary: "segment recent moved from position 4 to 1",
        details: [],
      },
    ]);
  });

  it("reports an id changed on an otherwise identical segment as a rename", () => {
    expect(diffTo(["id: software,", "id: software-core,"])).toEqual([
      {
        subject: "segment",
        id: "software-core",
        kind: "renamed",
        summary: "segment software renamed to software-core",
        details: [],
      },
    ]);
  });

  it("reports a renamed segment that also moved as a rename and a move", () => {
    expect(
      diffTo([RECENT, ""], ["segments:\n", "segments:\n" + RECENT.replace("id: recent", "id: recent-visitors")]),
    ).toEqual([
      {
        subject: "segment",
        id: "recent-visitors",
        kind: "renamed",
        summary: "segment recent renamed to recent-visitors",
        details: [],
      },
      {
        subject: "segment",
        id: "recent-visitors",
        kind: "moved",
        summary: "segment recent-visitors moved from position 4 to 1",
        details: [],
      },
    ]);
  });

  it("reports an added clause, keeping the unchanged clause out of the details", () => {
    expect(diffTo(["when: { industry: fintech }", "when: { industry: fintech, region: [NA, EMEA] }"])).toEqual([
      {
        subject: "segment",
        id: "fintech",
        kind: "changed",
        summary: 'segment fintech: when: + clause region in ["EMEA", "NA"]',
        details: ['when: + clause region in ["EMEA", "NA"]'],
      },
    ]);
  });

  it("reports a removed clause and a changed one together", () => {
    expect(diffTo(["when: { fit: { gte: 70 }, intent: { gte: 60 } }", "when: { fit: { gte: 65 } }"])).toEqual([
      {
        subject: "tier",
        id: "tier1",
        kind: "changed",
        summary: "tier tier1: when changed",
        details: ["when: fit >= 70 -> fit >= 65", "when: - clause intent >= 60"],
      },
    ]);
  });

  it("compares a condition with a disjunction alternative by alternative", () => {
    expect(diffTo(["when: { region: EMEA }", "when: { any: [{ region: EMEA }, { region: APAC }] }"])).toEqual([
      {
        subject: "segment",
        id: "emea",
        kind: "changed",
        summary: 'segment emea: when: + alternative region = "APAC"',
        details: ['when: + alternative region = "APAC"'],
      },
    ]);
  });

  it("falls back to the whole condition when the two share no clause", () => {
    expect(diffTo(["when: { region: EMEA }", "when: { not: { region: APAC } }"])).toEqual([
      {
        subject: "segment",
        id: "emea",
        kind: "changed",
        summary: 'segment emea: when: region = "EMEA" -> not (region = "APAC")',
        details: ['when: region = "EMEA" -> not (region = "APAC")'],
      },
    ]);
  });

  it("reports added and removed segments with positions and definitions, and axis and owner changes", () => {
    expect(
      diffTo(
        ["  - { id: emea, when: { region: EMEA }, activate: [crm-segment] }\n", ""],
        [
          "  - { id: other,",
          "  - { id: apac, axis: contextual, owner: pod-apac, when: { region: APAC } }\n  - { id: other,",
        ],
        ["axis: firmographic,", "axis: technographic, owner: pod-fintech,"],
      ),
    ).toEqual([
      {
        subject: "segment",
        id: "fintech",
        kind: "changed",
        summary: "segment fintech: axis, owner changed",
        details: ["axis firmographic -> technographic", "owner none -> pod-fintech"],
      },
      {
        subject: "segment",
        id: "apac",
        kind: "added",
        summary: "segment apac added at position 4",
        details: ['when: region = "APAC"', "axis contextual", "owner pod-apac"],
      },
      {
        subject: "segment",
        id: "emea",
        kind: "removed",
        summary: "segment emea removed from position 2",
        details: ['when: region = "EMEA"', "activate: crm-segment"],
      },
    ]);
  });

  it("reports a changed define inside each condition that uses it, by name", () => {
    expect(diffTo(["between: [200, 2000]", "between: [250, 2000]"])).toEqual([
      {
        subject: "criterion",
        id: "mid-market",
        kind: "changed",
        summary:
          "score fit, criterion mid-market: when: mid_market: employees between [200, 2000] -> employees between [250, 2000]",
        details: ["when: mid_market: employees between [200, 2000] -> employees between [250, 2000]"],
      },
      {
        subject: "icp",
        id: "include",
        kind: "changed",
        summary: "icp include: mid_market: employees between [200, 2000] -> employees between [250, 2000]",
        details: ["mid_market: employees between [200, 2000] -> employees between [250, 2000]"],
      },
    ]);
  });

  it("reports the fallback renamed and its activations changed", () => {
    expect(
      diffTo(["  - { id: other, activate: [crm-segment] }", "  - { id: general, activate: [crm-segment, crm-tier] }"]),
    ).toEqual([
      {
        subject: "fallback",
        id: "general",
        kind: "renamed",
        summary: "fallback segment other renamed to general",
        details: [],
      },
      {
        subject: "fallback",
        id: "general",
        kind: "changed",
        summary: "fallback segment general: activate: + crm-tier",
        details: ["activate: + crm-tier"],
      },
    ]);
  });
});

describe("diffPlans: scores, ICP, fields, activations, destinations, quality", () => {
  it("reports a points change on a criterion", () => {
    expect(diffTo(["points: 30", "points: 40"])).toEqual([
      {
        subject: "criterion",
        id: "target-industry",
        kind: "changed",
        summary: "score fit, criterion target-industry: points 30 -> 40",
        details: ["points 30 -> 40"],
      },
    ]);
  });

  it("reports an added criterion and a score whose kind changed", () => {
    expect(
      diffTo(
        ["points: 30 }", "points: 30 }\n      - { id: emea, when: { region: EMEA }, points: 10 }"],
        [
          "intent: { from: intent_score }",
          "intent: { criteria: [{ id: surge, when: { intent_score: { gte: 60 } }, points: 100 }] }",
        ],
      ),
    ).toEqual([
      {
        subject: "score",
        id: "intent",
        kind: "changed",
        summary: "score intent: kind field -> criteria",
        details: ["kind field -> criteria"],
      },
      {
        subject: "criterion",
        id: "emea",
        kind: "added",
        summary: "score fit, criterion emea added at position 3",
        details: ['when: region = "EMEA"', "points 10"],
      },
    ]);
  });

  it("reports the ICP include and exclude separately", () => {
    expect(diffTo(["exclude: { industry: government }", "exclude: { industry: [government, defense] }"])).toEqual([
      {
        subject: "icp",
        id: "exclude",
        kind: "changed",
        summary: 'icp exclude: industry = "government" -> industry in ["defense", "government"]',
        details: ['industry = "government" -> industry in ["defense", "government"]'],
      },
    ]);
    expect(diffTo(["  exclude: { industry: government }\n", ""])).toEqual([
      {
        subject: "icp",
        id: "exclude",
        kind: "removed",
        summary: "icp exclude removed",
        details: ['industry = "government"'],
      },
    ]);
  });

  it("summarises an ICP part with several clause changes by their number", () => {
    expect(
      diffTo(
        ["exclude: { industry: government }", "exclude: { any: [{ industry: government }, { region: APAC }] }"],
        ["include: mid_market", "include: { all: [mid_market, { region: [NA, EMEA] }] }"],
      ),
    ).toEqual([
      {
        subject: "icp",
        id: "include",
        kind: "changed",
        summary: 'icp include: + clause region in ["EMEA", "NA"]',
        details: ['+ clause region in ["EMEA", "NA"]'],
      },
      {
        subject: "icp",
        id: "exclude",
        kind: "changed",
        summary: 'icp exclude: + alternative region = "APAC"',
        details: ['+ alternative region = "APAC"'],
      },
    ]);
    expect(
      diffTo([
        "include: mid_market",
        "include: { all: [mid_market, { region: [NA, EMEA] }, { industry: { ne: retail } }] }",
      ]),
    ).toEqual([
      {
        subject: "icp",
        id: "include",
        kind: "changed",
        summary: "icp include: 2 clause changes",
        details: ['+ clause region in ["EMEA", "NA"]', '+ clause industry != "retail"'],
      },
    ]);
  });

  it("reports an added field with its column", () => {
    expect(
      diffTo([
        "  last_visit:   { type: date }\n",
        "  last_visit:   { type: date }\n  revenue:      { type: number, from: AnnualRevenue }\n",
      ]),
    ).toEqual([
      {
        subject: "field",
        id: "revenue",
        kind: "added",
        summary: "field revenue added",
        details: ["type number", "column AnnualRevenue"],
      },
    ]);
  });

  it("reports field changes: enum values, type, column, default", () => {
    expect(
      diffTo(
        ["enum: [NA, EMEA, APAC]", "enum: [NA, EMEA, LATAM]"],
        ["intent_score: { type: number, default: 0 }", "intent_score: { type: integer, default: 10, from: Intent }"],
      ),
    ).toEqual([
      {
        subject: "field",
        id: "intent_score",
        kind: "changed",
        summary: "field intent_score: type, column, default changed",
        details: ["type number -> integer", "column intent_score -> Intent", "default 0 -> 10"],
      },
      {
        subject: "field",
        id: "region",
        kind: "changed",
        summary: "field region: enum changed",
        details: ['enum: - "APAC"', 'enum: + "LATAM"'],
      },
    ]);
  });

  it("names the measure in a changed threshold: days_ago, within_next_days", () => {
    const from = compile(
      edit(BASE, ["{ last_visit: { within_days: 30 } }", "{ last_visit: { days_ago: { lte: 30 } } }"]),
    );
    const to = compile(
      edit(BASE, ["{ last_visit: { within_days: 30 } }", "{ last_visit: { days_ago: { lte: 45 } } }"]),
    );
    expect(diffPlans(from, to)).toEqual([
      {
        subject: "segment",
        id: "recent",
        kind: "changed",
        summary: "segment recent: when: last_visit days ago <= 30 -> last_visit days ago <= 45",
        details: ["when: last_visit days ago <= 30 -> last_visit days ago <= 45"],
      },
    ]);
    expect(diffTo(["{ last_visit: { within_days: 30 } }", "{ last_visit: { within_next_days: 30 } }"])).toEqual([
      {
        subject: "segment",
        id: "recent",
        kind: "changed",
        summary: "segment recent: when: last_visit within 30 days -> last_visit within the next 30 days",
        details: ["when: last_visit within 30 days -> last_visit within the next 30 days"],
      },
    ]);
  });

  it("names a changed contacts condition: its threshold, and its where", () => {
    const contacts =
      "contacts:\n  account_key: account\n  fields:\n    account: { type: string }\n    title: { type: string }\n  roles:\n    - { id: ciso, when: { title: CISO } }\n    - { id: champion, when: { title: Director } }\n";
    const withCondition = (test: string) =>
      compile(edit(BASE, ["{ last_visit: { within_days: 30 } }", `{ contacts: ${test} }`]) + contacts);
    const base = withCondition("{ where: { role: ciso }, count: { gte: 1 } }");
    expect(diffPlans(base, withCondition("{ where: { role: ciso }, count: { gte: 2 } }"))).toEqual([
      {
        subject: "segment",
        id: "recent",
        kind: "changed",
        summary:
          'segment recent: when: contacts where role = "ciso": count >= 1 -> contacts where role = "ciso": count >= 2',
        details: ['when: contacts where role = "ciso": count >= 1 -> contacts where role = "ciso": count >= 2'],
      },
    ]);
    expect(diffPlans(base, withCondition("{ where: { role: champion }, count: { gte: 1 } }"))[0]!.details).toEqual([
      'when: contacts where role = "ciso": count >= 1 -> contacts where role = "champion": count >= 1',
    ]);
  });

  it("names an added, changed and removed compute expression as a field change", () => {
    const derived =
      '  intent_score: { type: number, default: 0 }\n  per_head: { type: number, compute: "intent_score / employees" }';
    const withDerived = compile(edit(BASE, ["  intent_score: { type: number, default: 0 }", derived]));
    expect(diffPlans(base, withDerived)).toEqual([
      {
        subject: "field",
        id: "per_head",
        kind: "added",
        summary: "field per_head added",
        details: ["type number", "compute intent_score / employees"],
      },
    ]);
    const changed = compile(
      edit(BASE, [
        "  intent_score: { type: number, default: 0 }",
        derived.replace("intent_score / employees", "round((intent_score) / (employees - 1), 2)"),
      ]),
    );
    expect(diffPlans(withDerived, changed)).toEqual([
      {
        subject: "field",
        id: "per_head",
        kind: "changed",
        summary: "field per_head: compute intent_score / employees -> round(intent_score / (employees - 1), 2)",
        details: ["compute intent_score / employees -> round(intent_score / (employees - 1), 2)"],
      },
    ]);
    expect(diffPlans(withDerived, base)).toEqual([
      {
        subject: "field",
        id: "per_head",
        kind: "removed",
        summary: "field per_head removed",
        details: ["type number", "compute intent_score / employees"],
      },
    ]);
  });

  it("names a changed date format", () => {
    expect(diffTo(["  last_visit:   { type: date }", "  last_visit:   { type: date, format: MM/DD/YYYY }"])).toEqual([
      {
        subject: "field",
        id: "last_visit",
        kind: "changed",
        summary: "field last_visit: format none -> MM/DD/YYYY",
        details: ["format none -> MM/DD/YYYY"],
      },
    ]);
  });

  it("names a changed normalisation: case and null_values", () => {
    expect(
      diffTo([
        "  industry:     { type: string }",
        '  industry:     { type: string, case: lower, null_values: [N/A, "-"] }',
      ]),
    ).toEqual([
      {
        subject: "field",
        id: "industry",
        kind: "changed",
        summary: "field industry: case, null_values changed",
        details: ["case none -> lower", 'null_values none -> ["-", "n/a"]'],
      },
    ]);
    expect(
      diffTo([
        "  region:       { type: string, enum: [NA, EMEA, APAC] }",
        "  region:       { type: string, enum: [NA, EMEA, APAC], case: upper }",
      ]),
    ).toEqual([
      {
        subject: "field",
        id: "region",
        kind: "changed",
        summary: "field region: case none -> upper",
        details: ["case none -> upper"],
      },
    ]);
  });

  it("reports a removed activation and the segment that no longer uses it", () => {
    expect(
      diffTo(
        ["crm-segment, li-fintech]", "crm-segment]"],
        ["  li-fintech:  { destination: linkedin, audience: Fintech buyers }\n", ""],
      ),
    ).toEqual([
      {
        subject: "segment",
        id: "fintech",
        kind: "changed",
        summary: "segment fintech: activate: - li-fintech",
        details: ["activate: - li-fintech"],
      },
      {
        subject: "activation",
        id: "li-fintech",
        kind: "removed",
        summary: "activation li-fintech removed",
        details: ["destination linkedin", 'audience "Fintech buyers"'],
      },
    ]);
  });

  it("reports activation settings and destination settings, printing secrets only as references", () => {
    expect(
      diffTo(
        [
          'set: { Segment__c: "{{ segment.id }}" }',
          'set: { Segment__c: "seg-{{ segment.id }}", Owner__c: pod }, when: { fit: { gte: 40 } }',
        ],
        ['token: "${env:SF_TOKEN}"', 'token: "${env:SF_API_TOKEN}", object: Account'],
      ),
    ).toEqual([
      {
        subject: "activation",
        id: "crm-segment",
        kind: "changed",
        summary: "activation crm-segment: when, set changed",
        details: [
          "when: always -> fit >= 40",
          'set + Owner__c: "pod"',
          'set Segment__c: "{{ segment.id }}" -> "seg-{{ segment.id }}"',
        ],
      },
      {
        subject: "destination",
        id: "salesforce",
        kind: "changed",
        summary: "destination salesforce: setting changed",
        details: ['setting + object: "Account"', 'setting token: "${env:SF_TOKEN}" -> "${env:SF_API_TOKEN}"'],
      },
    ]);
  });

  it("never prints a literal in a setting named like a secret", () => {
    const head = structuredClone(base);
    head.destinations[1]!.settings.token = "hunter2";
    expect(diffPlans(base, head)).toEqual([
      {
        subject: "destination",
        id: "salesforce",
        kind: "changed",
        summary: 'destination salesforce: setting token: "${env:SF_TOKEN}" -> (literal value hidden)',
        details: ['setting token: "${env:SF_TOKEN}" -> (literal value hidden)'],
      },
    ]);
  });

  it("reports quality bars, key and name by path", () => {
    expect(
      diffTo(
        ["segment_size: { min: 1 }", "segment_size: { min: 5, max: 100 }\n  segment_count: { min: 4 }"],
        ["name: demo", "name: demo-2"],
      ),
    ).toEqual([
      {
        subject: "quality",
        id: "segment_count",
        kind: "added",
        summary: "quality segment_count added",
        details: ["min 4"],
      },
      {
        subject: "quality",
        id: "segment_size",
        kind: "changed",
        summary: "quality segment_size: max, min changed",
        details: ["max none -> 100", "min 1 -> 5"],
      },
      {
        subject: "name",
        id: "demo-2",
        kind: "changed",
        summary: "name demo -> demo-2",
        details: ["name demo -> demo-2"],
      },
    ]);
  });

  it("reports buying-committee roles as an ordered list, and the contacts' keys and fields", () => {
    const contacts = (roles: string[], key: string, seniority: string) =>
      compile(
        BASE +
          yaml(
            "contacts:",
            "  account_key: account_id",
            `  key: ${key}`,
            "  fields:",
            "    contact_id: { type: string }",
            "    email:      { type: string }",
            "    account_id: { type: string }",
            "    title:      { type: string }",
            `    seniority:  ${seniority}`,
            "  roles:",
            ...roles.map((role) => `    - ${role}`),
          ),
      );
    const before = contacts(
      [
        "{ id: economic-buyer, when: { seniority: c_level } }",
        '{ id: champion, when: { title: { matches: "(?i)director" } } }',
      ],
      "contact_id",
      "{ type: string }",
    );
    const after = contacts(
      [
        '{ id: champion, when: { title: { matches: "(?i)(director|head)" } } }',
        "{ id: economic-buyer, when: { seniority: c_level } }",
        "{ id: end-user, when: { seniority: individual } }",
      ],
      "email",
      "{ type: string, enum: [c_level, individual] }",
    );
    expect(diffPlans(before, after)).toEqual([
      {
        subject: "role",
        id: "champion",
        kind: "moved",
        summary: "role champion moved from position 2 to 1",
        details: [],
      },
      {
        subject: "role",
        id: "champion",
        kind: "changed",
        summary: 'role champion: when: title matches "(?i)director" -> title matches "(?i)(director|head)"',
        details: ['when: title matches "(?i)director" -> title matches "(?i)(director|head)"'],
      },
      {
        subject: "role",
        id: "end-user",
        kind: "added",
        summary: "role end-user added at position 3",
        details: ['when: seniority = "individual"'],
      },
      {
        subject: "contacts",
        id: "contacts",
        kind: "changed",
        summary: "contacts: key contact_id -> email",
        details: ["key contact_id -> email"],
      },
      {
        subject: "contact-field",
        id: "seniority",
        kind: "changed",
        summary: 'contact field seniority: enum none -> ["c_level", "individual"]',
        details: ['enum none -> ["c_level", "individual"]'],
      },
    ]);
  });

  it("orders changes by subject, then plan order, whatever the order edits were made in", () => {
    const head = compile(
      edit(
        BASE,
        ["name: demo", "name: renamed"],
        ["points: 30", "points: 40"],
        ["capacity: 2", "capacity: 3"],
        ["id: software,", "id: software-core,"],
      ),
    );
    const changes = diffPlans(base, head);
    expect(changes.map((c) => `${c.subject} ${c.id} ${c.kind}`)).toEqual([
      "tier tier1 changed",
      "segment software-core renamed",
      "criterion target-industry changed",
      "name renamed changed",
    ]);
    expect(diffPlans(base, head)).toEqual(changes);
  });
});

describe("shared defines (plan defines)", () => {
  const test = (name: string, value: number): Expr => ({
    op: "test",
    ref: { kind: "field", name, type: "integer" },
    test: "gte",
    value,
  });
  const withDefines = (defines: { name: string; when: Expr }[]): Plan => {
    const { hash: _hash, ...rest } = base;
    return withHash({ ...rest, defines });
  };

  it("reports a changed, added or removed shared define once, by name", () => {
    const before = withDefines([
      { name: "big", when: test("employees", 200) },
      { name: "old", when: test("employees", 1) },
    ]);
    const after = withDefines([
      { name: "big", when: test("employees", 500) },
      { name: "new", when: test("employees", 2) },
    ]);
    expect(diffPlans(before, after)).toEqual([
      {
        subject: "define",
        id: "big",
        kind: "changed",
        summary: "define big: when: employees >= 200 -> employees >= 500",
        details: ["when: employees >= 200 -> employees >= 500"],
      },
      { subject: "define", id: "new", kind: "added", summary: "define new added", details: ["when: employees >= 2"] },
      {
        subject: "define",
        id: "old",
        kind: "removed",
        summary: "define old removed",
        details: ["when: employees >= 1"],
      },
    ]);
  });
});

describe("diffPlans: segments scope and audiences", () => {
  const AUDIENCES =
    "audiences:\n  - { id: apac, owner: apac-team, when: { region: APAC }, activate: [li-fintech] }\n  - { id: hot, when: { intent: { gte: 60 } } }\nactivations:\n";
  const withAudiences = edit(BASE, ["activations:\n", AUDIENCES]);

  it("names added and removed audiences with their definition", () => {
    expect(
      diffPlans(base, compile(withAudiences)).map((change) => [change.kind, change.summary, change.details]),
    ).toEqual([
      [
        "added",
        "audience apac added at position 1",
        ['when: region = "APAC"', "owner apac-team", "activate: li-fintech"],
      ],
      ["added", "audience hot added at position 2", ["when: intent >= 60"]],
    ]);
    expect(diffPlans(compile(withAudiences), base).map((change) => [change.kind, change.summary])).toEqual([
      ["removed", "audience apac removed from position 1"],
      ["removed", "audience hot removed from position 2"],
    ]);
  });

  it("names a changed audience's owner and activations, and a move", () => {
    const changed = edit(withAudiences, [
      "owner: apac-team, when: { region: APAC }, activate: [li-fintech]",
      "owner: emea-team, when: { region: APAC }, activate: []",
    ]);
    expect(
      diffPlans(compile(withAudiences), compile(changed)).map((change) => [change.summary, change.details]),
    ).toEqual([["audience apac: owner, activate changed", ["owner apac-team -> emea-team", "activate: - li-fintech"]]]);
    const swapped = edit(withAudiences, [
      "  - { id: apac, owner: apac-team, when: { region: APAC }, activate: [li-fintech] }\n  - { id: hot, when: { intent: { gte: 60 } } }\n",
      "  - { id: hot, when: { intent: { gte: 60 } } }\n  - { id: apac, owner: apac-team, when: { region: APAC }, activate: [li-fintech] }\n",
    ]);
    // Not a first-match order, but the order of the `audiences` output list: a move.
    expect(diffPlans(compile(withAudiences), compile(swapped)).map((change) => change.summary)).toEqual([
      "audience hot moved from position 2 to 1",
    ]);
  });

  it("reports a change of the segments' scope; scope icp is the plain list", () => {
    const scoped = (scope: string) =>
      edit(
        BASE,
        ["segments:\n", `segments:\n  scope: ${scope}\n  list:\n`],
        ...["fintech", "emea", "software", "recent", "other"].map((id): [string, string] => [
          `  - { id: ${id},`,
          `    - { id: ${id},`,
        ]),
      );
    expect(diffPlans(base, compile(scoped("icp")))).toEqual([]);
    expect(diffPlans(base, compile(scoped("all")))).toEqual([
      {
        subject: "segments",
        id: "scope",
        kind: "changed",
        summary: "segments scope icp -> all: every account gets a segment, outside the ICP too",
        details: ["scope icp -> all"],
      },
    ]);
  });
});
