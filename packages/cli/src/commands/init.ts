import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "@segform/data";
import { segformSchema } from "@segform/spec";
import { fixturesSchema, testSuiteSchema } from "@segform/testing";
import { CliError, EXIT } from "../errors.js";
import { VERSION } from "../version.js";
import { io } from "../io.js";
import { envelope } from "../envelope.js";
import { projectSchemaText, projectTestSchemaText } from "./schema.js";

const SEGMENTS = `# yaml-language-server: $schema=./schemas/segform.schema.json
# A starting point: edit the fields to match your CRM export, then the ICP, scores, tiers and segments.
# Check it:  npx segform validate      Test it:  npx segform test      Run it:  npx segform run
version: 1
name: my-segmentation
description: Which accounts to target, how hard, and with which play.
source: data/accounts.csv
key: account_id
as_of: "2026-11-01"

fields:
  account_id: { type: string, from: Id, nullable: false }
  employees:  { type: integer, from: NumberOfEmployees }
  industry:   { type: string, from: Industry }
  country:    { type: string, from: BillingCountry }
  tech:       { type: "string[]", from: Technologies }
  intent:     { type: number, from: Intent_Score__c, default: 0 }

define:
  mid_market:
    employees: { between: [200, 2000] }

icp:
  include:
    all: [mid_market, { country: [US, GB, DE] }]
  exclude:
    industry: government

scores:
  fit:
    criteria:
      - { id: mid-market, when: mid_market, points: 50 }
      - { id: software, when: { industry: software }, points: 30 }
      - { id: on-salesforce, when: { tech: { contains: salesforce } }, points: 20 }
  intent_score:
    from: intent

tiers:
  - id: tier1
    when:
      fit: { gte: 80 }
      intent_score: { gte: 60 }
    capacity: 2
  - id: tier2
    when:
      fit: { gte: 70 }

segments:
  - { id: software, axis: firmographic, owner: pod-software, when: { industry: software }, activate: [crm-segment] }
  - { id: fintech, axis: firmographic, owner: pod-fintech, when: { industry: fintech }, activate: [crm-segment] }
  - { id: salesforce-shops, axis: technographic, owner: pod-platform, when: { tech: { contains: salesforce } }, activate: [crm-segment] }
  - { id: high-intent, axis: intent, owner: pod-velocity, when: { intent_score: { gte: 70 } }, activate: [crm-segment] }
  - { id: other, activate: [crm-segment] }

activations:
  crm-segment: { destination: crm, set: { Segment__c: "{{ segment.id }}" } }

destinations:
  # Account fields upserted on an External ID field that holds the account key; segform plan shows what apply sends.
  crm: { type: salesforce, url: "\${env:SF_INSTANCE_URL}", token: "\${env:SF_TOKEN}", object: Account, options: { external_id: Segform_Key__c } }

quality:
  segment_count: { min: 4, max: 7 }
  actionability: { every_segment_activated: true }
`;

const ACCOUNTS = `Id,Name,NumberOfEmployees,Industry,BillingCountry,Technologies,Intent_Score__c
A-001,Northwind Analytics,450,software,US,salesforce;slack,82
A-002,Contoso Pay,1200,fintech,GB,hubspot,40
A-003,Fabrikam Tools,90,manufacturing,DE,,10
A-004,Tailspin Ledger,800,fintech,US,salesforce,75
A-005,Adatum Cloud,1900,software,DE,salesforce;snowflake,91
A-006,City of Springfield,600,government,US,salesforce,50
A-007,Litware Retail,350,retail,US,salesforce,72
A-008,Proseware,5000,software,US,salesforce,88
A-009,Wingtip Health,700,healthcare,GB,,20
A-010,Blue Yonder Apps,240,software,GB,hubspot;segment,65
A-011,Trey Research,500,healthcare,US,,78
`;

const TESTS = `# yaml-language-server: $schema=../schemas/segform-test.schema.json
# Fixture tests: each case states what an account must get. Run them:  npx segform test --coverage
# fit = mid-market 50 + software 30 + on Salesforce 20; intent_score = Intent_Score__c. tier1: fit >= 80 and
# intent >= 60, two seats (F-001, F-010 and F-011 contend); tier2: fit >= 70; below that, no tier.
name: my-segmentation
description: Pins the ICP, both tiers (with tier1's capacity), every segment and the activation.
project: ../segments.yaml
fixtures:
  accounts: [fixtures/accounts.yaml]

tests:
  - name: A mid-market software company on Salesforce with high intent is tier1 software
    account: F-001
    expect:
      icp: true
      scores: { fit: 100, intent_score: 85 }
      tier: tier1
      segment: software
      activations: [crm-segment]

  - name: Fintech without Salesforce is in the fintech segment, below the tiers
    account: F-002
    expect: { icp: true, scores: { fit: 50 }, tier: null, segment: fintech }

  - name: A Salesforce shop outside software and fintech
    account: F-003
    expect: { icp: true, scores: { fit: 70 }, tier: tier2, segment: salesforce-shops }

  - name: High intent alone makes the high-intent segment (no tier)
    account: F-004
    expect: { icp: true, scores: { fit: 50, intent_score: 75 }, tier: null, segment: high-intent }

  - name: Everything else in the ICP falls back to other (no tier)
    account: F-005
    expect: { icp: true, tier: null, segment: other }

  - name: Too small, too large, outside the countries or government is outside the ICP
    accounts: [F-006, F-007, F-008, F-009]
    expect: { icp: false, tier: null, segment: null, activations: [] }

  - name: "Capacity: F-010 takes tier1's second seat"
    account: F-010
    expect: { scores: { fit: 100, intent_score: 95 }, tier: tier1, segment: software }

  - name: "Capacity: F-011 qualifies for tier1 too, but tier1 is full, so it falls to tier2"
    account: F-011
    expect: { scores: { fit: 80, intent_score: 65 }, tier: tier2, segment: software }
`;

const FIXTURES = `# yaml-language-server: $schema=../../schemas/segform-fixtures.schema.json
# Hand-written accounts for tests/segments_test.yaml, with the same column names as data/accounts.csv.
accounts:
  - { Id: F-001, NumberOfEmployees: 300, Industry: software, BillingCountry: US, Technologies: [salesforce], Intent_Score__c: 85 }
  - { Id: F-002, NumberOfEmployees: 900, Industry: fintech, BillingCountry: GB, Technologies: [hubspot], Intent_Score__c: 30 }
  - { Id: F-003, NumberOfEmployees: 500, Industry: retail, BillingCountry: DE, Technologies: [salesforce], Intent_Score__c: 40 }
  - { Id: F-004, NumberOfEmployees: 650, Industry: healthcare, BillingCountry: US, Technologies: [], Intent_Score__c: 75 }
  - { Id: F-005, NumberOfEmployees: 700, Industry: healthcare, BillingCountry: GB, Technologies: [], Intent_Score__c: 20 }
  - { Id: F-006, NumberOfEmployees: 50, Industry: software, BillingCountry: US, Technologies: [salesforce], Intent_Score__c: 90 }
  - { Id: F-007, NumberOfEmployees: 9000, Industry: software, BillingCountry: US, Technologies: [salesforce], Intent_Score__c: 90 }
  - { Id: F-008, NumberOfEmployees: 400, Industry: software, BillingCountry: FR, Technologies: [salesforce], Intent_Score__c: 90 }
  - { Id: F-009, NumberOfEmployees: 400, Industry: government, BillingCountry: US, Technologies: [salesforce], Intent_Score__c: 90 }
  - { Id: F-010, NumberOfEmployees: 1500, Industry: software, BillingCountry: DE, Technologies: [salesforce, snowflake], Intent_Score__c: 95 }
  - { Id: F-011, NumberOfEmployees: 250, Industry: software, BillingCountry: GB, Technologies: [hubspot], Intent_Score__c: 65 }
`;

const GITIGNORE = `# segform's local state and membership snapshots (segform run --snapshot)
.segform/
snapshots/
node_modules/
`;

const WORKFLOW = `# yaml-language-server: $schema=https://json.schemastore.org/github-workflow.json
# segform on every pull request: tests the definitions (a failure blocks the merge) and comments with what the
# change does to definitions and account membership. The action installs the segform package from npm.
name: segform

on:
  pull_request:

permissions:
  contents: read
  pull-requests: write

concurrency:
  group: segform-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  segform:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # segform diff reads the base commit's definitions from git history
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - uses: segform/segform@v${VERSION}
        with:
          version: ${VERSION}
          definitions: segments.yaml
          # Membership and quality bars run on the project's source, data/accounts.csv: keep it an anonymised
          # sample. For your real accounts, don't commit them: give an export made by an earlier step
          # (data: exports/accounts.parquet, engine: duckdb), or the warehouse over a read-only role
          # (engine: postgres, pg-url: \${{ secrets.SEGFORM_PG_URL }}, table: analytics.accounts).
          # Without data, the fixtures still run and the bars are reported as skipped.
`;

const README = `# my-segmentation

Account segmentation as code with [segform](https://www.npmjs.com/package/segform) ${VERSION}.

- \`segments.yaml\`: fields, ICP, scores, tiers, segments, activations and quality bars.
- \`data/accounts.csv\`: sample accounts; replace it with your CRM export (or pass \`--data\`).
- \`tests/\`: fixture tests (\`*_test.yaml\`) and their fixture accounts.
- \`schemas/\`: JSON Schemas for editors (the modelines on the first lines point at them). \`segform.schema.json\` knows this project's fields, operators, defines and ids: \`segform dev\` keeps it current, \`segform schema --project --out schemas/segform.schema.json\` rewrites it; \`segform-test.schema.json\` knows its segment, tier, activation and score ids (\`--kind test\`).
- \`.github/workflows/segform.yml\`: tests and a diff comment on every pull request.

\`\`\`sh
npx segform validate            # check the definitions
npx segform test --coverage     # fixtures, clause coverage, quality bars
npx segform run > membership.csv
npx segform explain --account A-001
npx segform diff --base main    # what your change does, before you push
npx segform serve               # labels over HTTP for routers, personalisation and agents (OpenFeature OFREP)
\`\`\`

\`segform serve\` answers \`GET http://127.0.0.1:8080/v1/accounts/A-001\` and OpenFeature's remote evaluation protocol
(\`/ofrep/v1/evaluate/flags/tier\` with \`{"context": {"targetingKey": "A-001"}}\`), and reloads when you save.
`;

/** `segform init [dir]`: a small project that passes its own checks, offline. Never overwrites without --force. */
export function initCommand(directory: string | undefined, options: { force?: boolean; json?: boolean }): number {
  const dir = directory ?? ".";
  ensureDirectory(dir);
  const schema = (value: Record<string, unknown>) => JSON.stringify(value, null, 2) + "\n";
  const files = [
    { path: "segments.yaml", content: SEGMENTS },
    { path: "data/accounts.csv", content: ACCOUNTS },
    { path: "tests/segments_test.yaml", content: TESTS },
    { path: "tests/fixtures/accounts.yaml", content: FIXTURES },
    { path: "schemas/segform.schema.json", content: schema(segformSchema()) },
    { path: "schemas/segform-test.schema.json", content: schema(testSuiteSchema()) },
    { path: "schemas/segform-fixtures.schema.json", content: schema(fixturesSchema()) },
    { path: ".gitignore", content: GITIGNORE },
    { path: ".github/workflows/segform.yml", content: WORKFLOW },
    { path: "README.md", content: README },
  ].map((file) => ({ ...file, path: join(dir, file.path) }));
  const existing = files.filter((file) => existsSync(file.path));
  if (existing.length && !options.force) {
    throw new CliError(
      EXIT.usage,
      `${existing.map((f) => f.path).join(", ")} already exist${existing.length === 1 ? "s" : ""}`,
      "pick an empty directory, or pass --force to overwrite",
    );
  }
  for (const file of files) {
    ensureDirectory(dirname(file.path));
    writeFileAtomic(file.path, file.content);
  }
  // The definitions' schema, specialised to the project just written (its fields, operators by type, defines, ...).
  writeFileAtomic(join(dir, "schemas/segform.schema.json"), projectSchemaText(join(dir, "segments.yaml")));
  // And the test suites' schema: expectations complete the project's segment, tier, activation and score ids.
  writeFileAtomic(join(dir, "schemas/segform-test.schema.json"), projectTestSchemaText(join(dir, "segments.yaml")));
  const json = envelope();
  if (json) json.result = { directory: dir, files: files.map((f) => f.path) };
  io().stderr.write(
    `created ${files.length} files in ${dir}: ${files.map((f) => f.path).join(", ")}\nnext: segform validate && segform test && segform run\n`,
  );
  return EXIT.ok;
}

/**
 * Creates `dir` and its missing parents one level at a time, refusing a path that exists and is not a directory.
 * (Node's recursive mkdir never returns on some special file systems, e.g. for /proc/x.)
 */
function ensureDirectory(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new CliError(
        EXIT.usage,
        `${dir} exists and is not a directory`,
        "pass a directory to create the project in",
      );
    return;
  }
  const parent = dirname(resolve(dir));
  if (parent !== resolve(dir)) ensureDirectory(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    throw new CliError(
      EXIT.input,
      `cannot create directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      "pass a directory you can write to",
    );
  }
}
