import { describe, expect, it } from "vitest";
import { compileText, diagnosticsText, hints, project, runRule, underlined } from "../../test/helpers.js";
import { SecretRule } from "./SecretRule.js";

describe("SecretRule", () => {
  it("accepts environment references for tokens and secret-looking options", () => {
    const text = project(
      "destinations:",
      "  crm: { type: salesforce, url: \"https://example.my.salesforce.com\", token: \"${env:SF_TOKEN}\", options: { api_key: \"${env:SF_KEY}\", region: eu } }",
    );
    expect(diagnosticsText(compileText(text))).toEqual([]);
  });

  it("reports a password in a URL and literal secret-looking options, at the value", () => {
    const text = project(
      "destinations:",
      "  crm:",
      "    type: webhook",
      "    url: \"https://bot:hunter2@hooks.example.com/x\"",
      "    options: { api_key: abc123, client_secret: 42, Password: \"${env:PW}\", note: secret-free }",
    );
    const diagnostics = runRule(SecretRule, text);
    expect(diagnosticsText(diagnostics)).toEqual([
      "segments.yaml:16:10 error SEG030 destination crm: the url carries a password",
      "segments.yaml:17:25 error SEG030 destination crm: option api_key looks like a secret but is a literal",
      "segments.yaml:17:48 error SEG030 destination crm: option client_secret looks like a secret but is a literal",
    ]);
    expect(underlined(diagnostics, text)).toEqual(['"https://bot:hunter2@hooks.example.com/x"', "abc123", "42"]);
    expect(hints(diagnostics)).toEqual([
      'move the credential to `token: "${env:NAME}"`',
      'write "${env:NAME}" and set NAME in the environment',
      'write "${env:NAME}" and set NAME in the environment',
    ]);
  });

  it("leaves a literal token to the schema (SEG030 from the token pattern)", () => {
    const text = project("destinations:", "  crm: { type: salesforce, token: abc123 }");
    const result = compileText(text);
    expect(diagnosticsText(result)).toEqual(["segments.yaml:14:35 error SEG030 destinations.crm.token: secrets may only be given as an environment reference"]);
    expect(underlined(result, text)).toEqual(["abc123"]);
    expect(hints(result)).toEqual(['write "${env:NAME}" and set NAME in the environment; never commit a token']);
  });
});
