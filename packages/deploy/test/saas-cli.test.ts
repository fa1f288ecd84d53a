// segform plan / apply (the built CLI) to hubspot and linkedin destinations on their contract servers: a saved
// plan applied, drift through `plan --refresh-only` after hand edits, an expired token (SEG421), and the tokens
// in no output and no file segform wrote (plan file, state, journal).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { segform as segformInProcess, type Run } from "../../cli/test/helpers.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubSpotContract } from "./contract/hubspot.js";
import { LinkedInContract } from "./contract/linkedin.js";

const HS_TOKEN = "pat-na1-11112222-CliDoNotLeak-3333";
const LI_TOKEN = "AQXcliLinkedInDoNotLeak77";

const DEFINITIONS = `version: 1
name: saas-cli
source: data/accounts.csv
key: account_id
as_of: "2026-11-01"
fields:
  account_id: { type: string, from: Id, nullable: false }
  industry:   { type: string, from: Industry }
  domain:     { type: string, from: Domain }
icp:
  include: { industry: { in: [software, fintech, retail, health] } }
segments:
  - { id: software, when: { industry: software }, activate: [crm, ads] }
  - { id: fintech, when: { industry: fintech }, activate: [crm] }
  - { id: retail, when: { industry: retail }, activate: [crm] }
  - { id: health, when: { industry: health }, activate: [crm] }
activations:
  crm: { destination: hubspot, set: { segform_segment: "{{ segment.id }}" }, audience: "ICP accounts" }
  ads: { destination: linkedin, set: { companyWebsiteDomain: "{{ account.domain }}" }, audience: "Software ABM" }
destinations:
  hubspot: { type: hubspot, url: "\${env:HS_URL}", token: "\${env:HS_TOKEN}", mode: mirror, options: { id_property: segform_key } }
  linkedin: { type: linkedin, url: "\${env:LI_URL}", token: "\${env:LI_TOKEN}", mode: mirror, options: { ad_account: "urn:li:sponsoredAccount:42", linkedin_version: "202511", source_platform: SEGFORM_TEST, segment_wait_seconds: 0.25 } }
`;

/** The CLI in process (its sources), in `dir`, with `env` added: the contract servers above run in this process. */
function segform(dir: string, args: string[], env: Record<string, string>): Promise<Run> {
  return segformInProcess(args, { cwd: dir, env });
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("segform plan / apply to hubspot and linkedin", () => {
  let dir: string;
  let hubspot: HubSpotContract;
  let linkedin: LinkedInContract;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "segform-saas-cli-"));
    hubspot = await new HubSpotContract(HS_TOKEN).start();
    linkedin = await new LinkedInContract(LI_TOKEN).start();
    env = { HS_URL: hubspot.url, HS_TOKEN, LI_URL: linkedin.url, LI_TOKEN };
    writeFileSync(join(dir, "segments.yaml"), DEFINITIONS);
    mkdirSync(join(dir, "data"));
    const industries = ["software", "fintech", "retail", "health", "energy"];
    writeFileSync(
      join(dir, "data/accounts.csv"),
      "Id,Industry,Domain\n" +
        Array.from({ length: 20 }, (_, i) => `A-${String(i).padStart(3, "0")},${industries[i % 5]},a${i}.example`).join(
          "\n",
        ) +
        "\n",
    );
  });
  afterAll(async () => {
    await hubspot.stop();
    await linkedin.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies a saved plan, reports hand edits as drift, stops at an expired token, and never writes or prints a token", {
    timeout: 60_000,
  }, async () => {
    const outputs: string[] = [];
    const run = async (...args: string[]) => {
      const result = await segform(dir, args, env);
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    expect((await run("plan", "--out", "deploy.plan")).code).toBe(0);
    const applied = await run("apply", "deploy.plan");
    expect([applied.code, applied.stdout]).toEqual([
      0,
      "hubspot: 16 records acknowledged\nlinkedin: 4 records acknowledged\n",
    ]);
    expect(hubspot.listNamed("ICP accounts")!.members.size).toBe(16);
    expect(linkedin.held()).toEqual(
      new Map([["Software ABM", ["a0.example", "a10.example", "a15.example", "a5.example"]]]),
    );

    // Hand edits: a HubSpot property, a company out of the list; the LinkedIn segment expires.
    hubspot.edit("A-001", "segform_segment", "retail");
    hubspot.listNamed("ICP accounts")!.members.delete(hubspot.company("A-002")!.id);
    linkedin.segmentNamed("Software ABM")!.status = "EXPIRED";
    const drift = await run("plan", "--refresh-only", "--detailed-exitcode");
    expect([drift.code, drift.stdout]).toEqual([
      2,
      `hubspot: 2 records drifted (16 records in state)
  edited A-001: segform_segment "fintech" -> "retail"
  edited A-002: audience "ICP accounts" -> null
linkedin: 4 records drifted (4 records in state)
  edited A-000: audience "Software ABM" -> null
  edited A-005: audience "Software ABM" -> null
  edited A-010: audience "Software ABM" -> null
  edited A-015: audience "Software ABM" -> null
  note: segment "Software ABM": EXPIRED, input 4, matched 4 (last 7 days), audience size 4; segform holds 4 companies there

segform apply --refresh-only accepts these values into state; segform apply puts segform's values back.
`,
    ]);

    // The HubSpot token expires: SEG421, the rest deferred, exit 1.
    writeFileSync(
      join(dir, "data/accounts.csv"),
      readFileSync(join(dir, "data/accounts.csv"), "utf8").replace("A-003,health", "A-003,software"),
    );
    hubspot.faults.push({ kind: "expired" });
    const expired = await run("apply", "--auto-approve", "--destination", "hubspot");
    expect(expired.code).toBe(1);
    expect(expired.stdout).toContain(
      '  error SEG421: hubspot: HubSpot refused the token (HTTP 401: {"status":"error","message":"The OAuth token used to make this call expired 1 second(s) ago.","correlationId":"00000000-0000-4000-8000-000000000000","category":"EXPIRED_AUTHENTICATION"}); renew the token in HS_TOKEN and apply again\n',
    );

    const written = files(dir).map((path) => readFileSync(path, "utf8"));
    expect(written.length).toBeGreaterThan(6);
    for (const token of [HS_TOKEN, LI_TOKEN]) {
      expect(written.filter((text) => text.includes(token))).toEqual([]);
      expect(outputs.filter((text) => text.includes(token))).toEqual([]);
    }
  });
});
