import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { SecretRule } from "./SecretRule.js";

const HINT =
  'write "${env:NAME}" and set NAME in the environment; for a value that only looks secret, write { value: ..., secret: false }';

describe("SecretRule", () => {
  it("accepts environment references for tokens and secret-looking options", () => {
    const text = project(
      "destinations:",
      '  crm: { type: warehouse, url: "https://example.my.salesforce.com", token: "${env:SF_TOKEN}", options: { api_key: "${env:SF_KEY}", region: eu } }',
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports a password in a URL and literal secret-looking options, at the value", () => {
    const text = project(
      "destinations:",
      "  crm:",
      "    type: webhook",
      '    url: "https://bot:hunter2@hooks.example.com/x"',
      '    options: { api_key: abc123, client_secret: 42, Password: "${env:PW}", note: secret-free }',
    );
    const diagnostics = runRule(SecretRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:16:10 error SEG030 destination crm: url looks like a URL with a password",
      "segments.yaml:17:25 error SEG030 destination crm: options.api_key looks like a secret but is a literal",
      "segments.yaml:17:48 error SEG030 destination crm: options.client_secret looks like a secret but is a literal",
    ]);
    expect(underlined(diagnostics, text)).toEqual(['"https://bot:hunter2@hooks.example.com/x"', "abc123", "42"]);
    expect(hints(diagnostics)).toEqual(['move the credential to `token: "${env:NAME}"`', HINT, HINT]);
  });

  it("leaves a literal token to the schema (SEG030 from the token pattern)", () => {
    const text = project("destinations:", "  crm: { type: salesforce, token: abc123 }");
    const result = compileText(text);
    expect(diagnosticsText(result)).toEqual([
      "segments.yaml:14:35 error SEG030 destinations.crm.token: secrets may only be given as an environment reference",
    ]);
    expect(underlined(result, text)).toEqual(["abc123"]);
    expect(hints(result)).toEqual(['write "${env:NAME}" and set NAME in the environment; never commit a token']);
  });

  it("finds credential-shaped literals in any value of destinations and activations, whatever the key is called", () => {
    const text = project(
      "destinations:",
      '  ads: { type: linkedin, options: { ad_account: "sk_live_4eC39HqLyjWDarjtT1zdp7dc", region: eu } }',
      '  hook: { type: webhook, url: "https://hooks.example.com/in?token=abc123" }',
      '  jwt: { type: webhook, object: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" }',
      "activations:",
      '  crm: { destination: ads, set: { Segment__c: "{{ segment.id }}", Sync_Key__c: "ghp_16C7e42F292c6912E7710c838347Ae178B4a" } }',
      '  li: { destination: ads, audience: "xoxb-1234567890-abcdefghijkl" }',
    );
    const diagnostics = runRule(SecretRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:49 error SEG030 destination ads: options.ad_account looks like a Stripe secret key",
      "segments.yaml:15:31 error SEG030 destination hook: url looks like a URL with a token parameter",
      "segments.yaml:16:33 error SEG030 destination jwt: object looks like a JSON Web Token",
      "segments.yaml:18:80 error SEG030 activation crm: set.Sync_Key__c looks like a GitHub token",
      "segments.yaml:19:37 error SEG030 activation li: audience looks like a Slack token",
    ]);
    expect(underlined(diagnostics, text)).toEqual([
      '"sk_live_4eC39HqLyjWDarjtT1zdp7dc"',
      '"https://hooks.example.com/in?token=abc123"',
      '"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"',
      '"ghp_16C7e42F292c6912E7710c838347Ae178B4a"',
      '"xoxb-1234567890-abcdefghijkl"',
    ]);
  });

  it("finds a long random-looking string, but not ids, UUIDs, hostnames or words", () => {
    const clean = project(
      "destinations:",
      '  crm: { type: salesforce, url: "https://acme-corp-enterprise.my.salesforce.com/services/data", object: Account }',
      '  ads: { type: linkedin, options: { list: "550e8400-e29b-41d4-a716-446655440000", campaign: campaign_2024_enterprise_fintech_q3, account: 508915432 } }',
      "activations:",
      '  crm: { destination: crm, set: { Owner__c: "0015g00000ZHgV4TnV" } }',
    );
    expect(diagnosticsText(runRule(SecretRule, clean))).toEqual([]);
    const leaked = project(
      "destinations:",
      '  ads: { type: linkedin, options: { account: "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5aGVsbG8" } }',
    );
    expect(diagnosticsText(runRule(SecretRule, leaked))).toEqual([
      "segments.yaml:14:46 error SEG030 destination ads: options.account looks like a long random-looking string (a key or token)",
    ]);
  });

  it("refuses a credential written as an environment variable's name", () => {
    const text = project(
      "destinations:",
      '  crm: { type: hubspot, url: "${env:pat-na1-11111111-2222-3333-4444-555555555555}" }',
    );
    const diagnostics = runRule(SecretRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:14:30 error SEG030 destination crm: url names an environment variable that is a HubSpot private-app token",
    ]);
    expect(hints(diagnostics)).toEqual([
      "write the variable's name (e.g. ${env:HUBSPOT_TOKEN}) and put the secret in that variable",
    ]);
  });

  it("accepts { value, secret: false } for a value that only looks secret, and the plan holds the plain value", () => {
    const text = project(
      "destinations:",
      '  ads: { type: google_ads, options: { account: { value: "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5aGVsbG8", secret: false }, api_key: { value: public-demo-key, secret: false } } }',
      "activations:",
      '  li: { destination: ads, set: { Key__c: { value: "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", secret: false } } }',
    );
    const result = compileText(text);
    expect(diagnosticsText(result)).toEqual([]);
    expect(result.plan!.destinations[0]!.settings).toEqual({
      account: "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5aGVsbG8",
      api_key: "public-demo-key",
    });
    expect(result.plan!.activations[0]!.set).toEqual({ Key__c: "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6" });
  });
});
