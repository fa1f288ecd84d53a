import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "@segform/data";
import { CliError, EXIT } from "../errors.js";

const SEGMENTS = `# yaml-language-server: $schema=https://segform.dev/schemas/segform.schema.json
# A starting point: edit the fields to match your CRM export, then the ICP, scores, tiers and segments.
# Check it:  segform validate segments.yaml      Run it:  segform run segments.yaml
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
  mid_market: { employees: { between: [200, 2000] } }

icp:
  include: { all: [mid_market, { country: [US, GB, DE] }] }
  exclude: { industry: government }

scores:
  fit:
    criteria:
      - { id: mid-market, when: mid_market, points: 50 }
      - { id: software, when: { industry: software }, points: 30 }
      - { id: on-salesforce, when: { tech: { contains: salesforce } }, points: 20 }
  intent_score:
    from: intent

tiers:
  - { id: tier1, when: { fit: { gte: 80 }, intent_score: { gte: 60 } }, capacity: 2 }
  - { id: tier2, when: { fit: { gte: 50 } } }

segments:
  - { id: software, axis: firmographic, owner: pod-software, when: { industry: software }, activate: [crm-segment] }
  - { id: fintech, axis: firmographic, owner: pod-fintech, when: { industry: fintech }, activate: [crm-segment] }
  - { id: salesforce-shops, axis: technographic, owner: pod-platform, when: { tech: { contains: salesforce } }, activate: [crm-segment] }
  - { id: high-intent, axis: intent, owner: pod-velocity, when: { intent_score: { gte: 70 } }, activate: [crm-segment] }
  - { id: other, activate: [crm-segment] }

activations:
  crm-segment: { destination: crm, set: { Segment__c: "{{ segment.id }}" } }

destinations:
  crm: { type: salesforce, url: "\${env:SF_INSTANCE_URL}", token: "\${env:SF_TOKEN}" }

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
`;

/** `segform init [dir]`: a small, working project to start from. Never overwrites. */
export function initCommand(directory: string | undefined, options: { force?: boolean }): number {
  const dir = directory ?? ".";
  ensureDirectory(dir);
  const files = [
    { path: join(dir, "segments.yaml"), content: SEGMENTS },
    { path: join(dir, "data", "accounts.csv"), content: ACCOUNTS },
  ];
  const existing = files.filter((file) => existsSync(file.path));
  if (existing.length && !options.force) {
    throw new CliError(EXIT.usage, `${existing.map((f) => f.path).join(", ")} already exist${existing.length === 1 ? "s" : ""}`, "pick an empty directory, or pass --force to overwrite");
  }
  ensureDirectory(join(dir, "data"));
  for (const file of files) writeFileAtomic(file.path, file.content);
  process.stderr.write(`created ${files.map((f) => f.path).join(" and ")}\nnext: segform run ${files[0]!.path}\n`);
  return EXIT.ok;
}

/**
 * Creates `dir` and its missing parents one level at a time, refusing a path that exists and is not a directory.
 * (Node's recursive mkdir never returns on some special file systems, e.g. for /proc/x.)
 */
function ensureDirectory(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new CliError(EXIT.usage, `${dir} exists and is not a directory`, "pass a directory to create the project in");
    return;
  }
  const parent = dirname(resolve(dir));
  if (parent !== resolve(dir)) ensureDirectory(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    throw new CliError(EXIT.input, `cannot create directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, "pass a directory you can write to");
  }
}
