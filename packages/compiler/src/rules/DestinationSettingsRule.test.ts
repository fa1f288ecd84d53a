import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { DestinationSettingsRule } from "./DestinationSettingsRule.js";

const run = (...lines: string[]) => {
  const text = project("destinations:", ...lines);
  const diagnostics = runRule(DestinationSettingsRule, text);
  return { text: diagnosticsText(diagnostics), underlined: underlined(diagnostics, text), hints: hints(diagnostics) };
};

describe("DestinationSettingsRule", () => {
  it("accepts every deployable type set up as the README shows, and SaaS destinations declared only for documentation", () => {
    const text = project(
      "destinations:",
      "  out: { type: file, path: out/membership.csv, mode: mirror, max_removals: 2, batch_size: 500 }",
      '  hook: { type: webhook, url: "${env:HOOK_URL}", secret: "${env:HOOK_SECRET}" }',
      '  table: { type: postgres, url: "${env:PG_URL}", table: crm.membership }',
      '  hubspot: { type: hubspot, token: "${env:HUBSPOT_TOKEN}", mode: mirror, options: { id_property: segform_account_id, rate_limit: 100/10s } }',
      '  salesforce: { type: salesforce, url: "${env:SF_INSTANCE_URL}", token: "${env:SF_TOKEN}", object: Account, options: { external_id: Segform_Key__c, api_version: v61.0, bulk_threshold: 5000 } }',
      '  linkedin: { type: linkedin, token: "${env:LINKEDIN_TOKEN}", options: { ad_account: "${env:LINKEDIN_AD_ACCOUNT}", linkedin_version: "202511", source_platform: ACME_DMP } }',
      '  crm: { type: salesforce, url: "${env:SF_INSTANCE_URL}", token: "${env:SF_TOKEN}" }',
      '  ads: { type: google_ads, options: { customer_id: "123" } }',
    );
    expect(diagnosticsText(runRule(DestinationSettingsRule, text))).toEqual([]);
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports an unknown option with did-you-mean, at the key", () => {
    const result = run(
      '  hubspot: { type: hubspot, token: "${env:HUBSPOT_TOKEN}", options: { id_propety: segform_account_id, ratelimit: none, colour: blue } }',
    );
    expect(result.text).toEqual([
      "segments.yaml:14:71 error SEG410 destination hubspot (type hubspot): unknown option `id_propety`",
      "segments.yaml:14:103 error SEG410 destination hubspot (type hubspot): unknown option `ratelimit`",
      "segments.yaml:14:120 error SEG410 destination hubspot (type hubspot): unknown option `colour`",
    ]);
    expect(result.underlined).toEqual(["id_propety", "ratelimit", "colour"]);
    expect(result.hints).toEqual([
      'did you mean "id_property"?',
      'did you mean "rate_limit"?',
      "hubspot options: id_property, object_type_id, rate_limit",
    ]);
  });

  it("reports a key of another type, and a key written under options that belongs beside type", () => {
    const result = run(
      '  hook: { type: webhook, url: "${env:HOOK_URL}", path: out/a.csv, options: { secret: "${env:S}" } }',
    );
    expect(result.text).toEqual([
      "segments.yaml:14:50 error SEG410 destination hook (type webhook): `path:` is not a setting of webhook destinations",
      "segments.yaml:14:78 error SEG410 destination hook (type webhook): unknown option `secret`",
    ]);
    expect(result.underlined).toEqual(["path", "secret"]);
    expect(result.hints).toEqual([
      "webhook destinations take: url, secret, token, mode, on_exit, max_removals, max_changes, batch_size, options",
      "write `secret:` beside `type:`, not under options",
    ]);
  });

  it("reports missing required settings at the destination; a SaaS destination only once it is set up for deploy", () => {
    const result = run(
      "  out: { type: file, mode: mirror }",
      "  crm: { type: salesforce, options: { external_id: Key__c } }",
      '  li: { type: linkedin, options: { ad_account: 42, linkedin_version: "202511" } }',
      "  hs: { type: hubspot }",
      "  ads: { type: linkedin, options: { ad_account: 42 } }",
    );
    expect(result.text).toEqual([
      "segments.yaml:14:3 error SEG411 destination out (type file): missing `path`",
      "segments.yaml:15:3 error SEG411 destination crm (type salesforce): missing `url`, `token`",
      "segments.yaml:16:3 error SEG411 destination li (type linkedin): missing `token`, `options.source_platform`",
    ]);
    expect(result.underlined).toEqual(["out", "crm", "li"]);
    expect(result.hints).toEqual([
      "add path: out/membership.csv (README: Deploying)",
      'add url: "${env:SF_INSTANCE_URL}"; token: "${env:SALESFORCE_TOKEN}" (README: Deploying)',
      'add token: "${env:LINKEDIN_TOKEN}"; options: { source_platform: ACME_DMP } (README: Deploying)',
    ]);
  });

  it("reports values the adapter would refuse, at the value", () => {
    const result = run(
      "  out: { type: file, path: ../outside.csv, batch_size: 0 }",
      "  table: { type: postgres, url: mysql://db/x, table: drop table }",
      '  crm: { type: salesforce, url: "${env:U}", token: "${env:T}", options: { external_id: "Key c", api_version: "62", bulk_poll_seconds: 0 }, batch_size: 500 }',
      '  li: { type: linkedin, token: "${env:T}", options: { ad_account: acme, linkedin_version: "2025-11", source_platform: acme, rate_limit: fast } }',
    );
    expect(result.text).toEqual([
      "segments.yaml:14:28 error SEG412 destination out (type file): path must be relative to the definitions file and stay inside the project",
      "segments.yaml:14:56 error SEG412 destination out (type file): batch_size must be a whole number of records, at least 1",
      "segments.yaml:15:33 error SEG412 destination table (type postgres): url must be postgres://... or ${env:NAME}",
      "segments.yaml:15:54 error SEG412 destination table (type postgres): table must be a table name, optionally schema-qualified (schema.table)",
      "segments.yaml:16:88 error SEG412 destination crm (type salesforce): options.external_id must be a Salesforce API name (e.g. Account, Segform_Key__c)",
      'segments.yaml:16:110 error SEG412 destination crm (type salesforce): options.api_version must look like "v62.0"',
      "segments.yaml:16:135 error SEG412 destination crm (type salesforce): options.bulk_poll_seconds must be a number above 0",
      "segments.yaml:16:152 error SEG412 destination crm (type salesforce): batch_size is over the 200 records a salesforce batch takes",
      "segments.yaml:17:67 error SEG412 destination li (type linkedin): options.ad_account must be urn:li:sponsoredAccount:<number>, a number, or ${env:NAME}",
      'segments.yaml:17:91 error SEG412 destination li (type linkedin): options.linkedin_version must be "YYYYMM" (the LinkedIn-Version header, e.g. "202511")',
      "segments.yaml:17:119 error SEG412 destination li (type linkedin): options.source_platform must be the sourcePlatform enum value LinkedIn granted (capitals, digits, _)",
      'segments.yaml:17:137 error SEG412 destination li (type linkedin): options.rate_limit must look like "190/10s" (requests per window) or "none"',
    ]);
    expect(result.underlined).toEqual([
      "../outside.csv",
      "0",
      "mysql://db/x",
      "drop table",
      '"Key c"',
      '"62"',
      "0",
      "500",
      "acme",
      '"2025-11"',
      "acme",
      "fast",
    ]);
    expect(result.hints.slice(0, 3)).toEqual([
      "write a path such as out/membership.csv",
      undefined,
      'e.g. url: "${env:MEMBERSHIP_PG_URL}"',
    ]);
  });
});
