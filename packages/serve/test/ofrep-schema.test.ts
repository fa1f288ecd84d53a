import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import type { FastifyInstance } from "fastify";
import { buildApp, StateHolder, stateFromData } from "../src/index.js";
import { ACCOUNTS, compileFile, CONTACTS, json, QUICKSTART } from "./helpers.js";

/**
 * The response schemas of the OFREP OpenAPI document (open-feature/protocol, service/openapi.yaml, version
 * 0.3.0: components.schemas), transcribed as JSON Schema. Two deliberate differences, both in the direction of
 * what the document means rather than what its letter says:
 * - the value alternatives are `anyOf`, not `oneOf`: an integer value matches both `integerFlag` and
 *   `floatFlag`, and `codeDefaultFlag` (no properties) matches everything, so a literal `oneOf` rejects every
 *   response;
 * - `reason` also allows DEFAULT, an OpenFeature resolution reason (segform answers it for the fallback segment
 *   and for "no tier", as issue #15 asks) that the document's example enum does not list.
 */
const metadata = { type: "object", additionalProperties: { anyOf: [{ type: "boolean" }, { type: "string" }, { type: "number" }] } };
const evaluationSuccess = {
  type: "object",
  required: ["key", "reason"],
  properties: {
    key: { type: "string" },
    reason: { type: "string", enum: ["STATIC", "TARGETING_MATCH", "SPLIT", "DISABLED", "UNKNOWN", "DEFAULT"] },
    variant: { type: "string" },
    metadata,
  },
  anyOf: [
    { required: ["value"], properties: { value: { type: "boolean" } } },
    { required: ["value"], properties: { value: { type: "string" } } },
    { required: ["value"], properties: { value: { type: "integer" } } },
    { required: ["value"], properties: { value: { type: "number" } } },
    { required: ["value"], properties: { value: { type: "object" } } },
  ],
};
const evaluationFailure = {
  type: "object",
  required: ["key", "errorCode"],
  properties: { key: { type: "string" }, errorCode: { enum: ["PARSE_ERROR", "TARGETING_KEY_MISSING", "INVALID_CONTEXT", "GENERAL"] }, errorDetails: { type: "string" }, metadata },
};
const flagNotFound = {
  type: "object",
  required: ["key", "errorCode"],
  properties: { key: { type: "string" }, errorCode: { enum: ["FLAG_NOT_FOUND"] }, errorDetails: { type: "string" }, metadata },
};
const bulkEvaluationSuccess = {
  type: "object",
  required: ["flags"],
  properties: { flags: { type: "array", items: { anyOf: [evaluationSuccess, evaluationFailure, flagNotFound] } }, metadata },
};
const bulkEvaluationFailure = { type: "object", required: ["errorCode"], properties: { errorCode: { type: "string" }, errorDetails: { type: "string" } } };

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = {
  evaluationSuccess: ajv.compile(evaluationSuccess),
  evaluationFailure: ajv.compile(evaluationFailure),
  flagNotFound: ajv.compile(flagNotFound),
  bulkEvaluationSuccess: ajv.compile(bulkEvaluationSuccess),
  bulkEvaluationFailure: ajv.compile(bulkEvaluationFailure),
};

function conforms(name: keyof typeof validators, body: unknown): string[] {
  const validate = validators[name];
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${name}${error.instancePath} ${error.message}`);
}

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  const plan = compileFile(QUICKSTART);
  app = await buildApp(new StateHolder(await stateFromData({ plan, asOf: "2026-11-01", definitions: QUICKSTART, data: ACCOUNTS, contacts: CONTACTS })), { logStream: false });
  await app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(() => app.close());

const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("OFREP responses match the OFREP OpenAPI document's schemas", () => {
  const contexts = [
    { targetingKey: "0015g000002v6PA1kU" }, // tier1, a named segment
    { targetingKey: "0015g00000uIJieIdx" }, // the fallback segment
    { targetingKey: "0015g00000ZHgV4TnV" }, // outside the ICP
    { targetingKey: "new", employees: 500, region: "NA", industry: "fintech", warehouse: "snowflake" }, // ad hoc
  ];
  const flags = ["segment", "tier", "icp", "fit", "intent", "activations", "audiences", "roles"];

  it("single evaluation: 200 bodies are evaluationSuccess, 400 evaluationFailure, 404 flagNotFound", async () => {
    const problems: string[] = [];
    for (const context of contexts) {
      for (const flag of flags) {
        const response = await post(`/ofrep/v1/evaluate/flags/${flag}`, { context });
        expect(response.status).toBe(200);
        problems.push(...conforms("evaluationSuccess", await json(response)));
      }
    }
    for (const body of [{ context: {} }, { context: { targetingKey: "nobody" } }, {}, "{bad"]) {
      const response = await post("/ofrep/v1/evaluate/flags/tier", body);
      expect(response.status).toBe(400);
      problems.push(...conforms("evaluationFailure", await json(response)));
    }
    const missing = await post("/ofrep/v1/evaluate/flags/colour", { context: contexts[0] });
    expect(missing.status).toBe(404);
    problems.push(...conforms("flagNotFound", await json(missing)));
    expect(problems).toEqual([]);
  });

  it("bulk evaluation: bulkEvaluationSuccess, and bulkEvaluationFailure for a bad context", async () => {
    const problems: string[] = [];
    for (const context of contexts) {
      const response = await post("/ofrep/v1/evaluate/flags", { context });
      expect(response.status).toBe(200);
      problems.push(...conforms("bulkEvaluationSuccess", await json(response)));
    }
    const bad = await post("/ofrep/v1/evaluate/flags", { context: { targetingKey: 42 } });
    expect(bad.status).toBe(400);
    problems.push(...conforms("bulkEvaluationFailure", await json(bad)));
    expect(problems).toEqual([]);
  });
});
