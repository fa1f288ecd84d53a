import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import type { FastifyInstance } from "fastify";
import { buildApp, StateHolder, stateFromData } from "../src/index.js";
import * as ofrep from "../src/ofrep-schema.js";
import { ACCOUNTS, compileFile, CONTACTS, json, QUICKSTART } from "./helpers.js";

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = {
  evaluationSuccess: ajv.compile(ofrep.evaluationSuccess),
  evaluationFailure: ajv.compile(ofrep.evaluationFailure),
  flagNotFound: ajv.compile(ofrep.flagNotFound),
  bulkEvaluationSuccess: ajv.compile(ofrep.bulkEvaluationSuccess),
  bulkEvaluationFailure: ajv.compile(ofrep.bulkEvaluationFailure),
};

function conforms(name: keyof typeof validators, body: unknown): string[] {
  const validate = validators[name];
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${name}${error.instancePath} ${error.message}`);
}

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  const plan = compileFile(QUICKSTART);
  app = await buildApp(
    new StateHolder(
      await stateFromData({ plan, asOf: "2026-11-01", definitions: QUICKSTART, data: ACCOUNTS, contacts: CONTACTS }),
    ),
    { logStream: false },
  );
  await app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(() => app.close());

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

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

describe("OFREP requests are validated against the document's request schemas", () => {
  it("records the vendored document", () => {
    expect(ofrep.OFREP_DOCUMENT).toEqual({
      url: "https://github.com/open-feature/protocol/blob/d1a63a4e84e6297599ce566126e7764c1419f80a/service/openapi.yaml",
      version: "0.3.0",
    });
  });

  it("malformed single-evaluation bodies get evaluationFailure bodies with OFREP codes", async () => {
    const cases: [unknown, number, unknown][] = [
      [
        { context: { targetingKey: 42 } },
        400,
        { key: "tier", errorCode: "INVALID_CONTEXT", errorDetails: "body/context/targetingKey must be string" },
      ],
      [
        { context: { targetingKey: null } },
        400,
        { key: "tier", errorCode: "INVALID_CONTEXT", errorDetails: "body/context/targetingKey must be string" },
      ],
      [
        { context: { region: "NA" } },
        400,
        {
          key: "tier",
          errorCode: "TARGETING_KEY_MISSING",
          errorDetails: "the context needs a `targetingKey`: the account key",
        },
      ],
      [
        { context: "0015g000002v6PA1kU" },
        400,
        { key: "tier", errorCode: "INVALID_CONTEXT", errorDetails: "the request needs a `context` object" },
      ],
      [
        { context: [] },
        400,
        { key: "tier", errorCode: "INVALID_CONTEXT", errorDetails: "the request needs a `context` object" },
      ],
      [[], 400, { key: "tier", errorCode: "INVALID_CONTEXT", errorDetails: "the request needs a `context` object" }],
      [
        { targetingKey: "0015g000002v6PA1kU" },
        400,
        { key: "tier", errorCode: "INVALID_CONTEXT", errorDetails: "the request needs a `context` object" },
      ],
    ];
    const problems: string[] = [];
    for (const [body, status, expected] of cases) {
      const response = await post("/ofrep/v1/evaluate/flags/tier", body);
      const answer = await json(response);
      expect([body, response.status, answer]).toEqual([body, status, expected]);
      problems.push(...conforms("evaluationFailure", answer));
    }
    expect(problems).toEqual([]);
  });

  it("malformed bulk bodies get bulkEvaluationFailure bodies; a valid context still evaluates", async () => {
    const bad = await post("/ofrep/v1/evaluate/flags", { context: { targetingKey: true } });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({
      errorCode: "INVALID_CONTEXT",
      errorDetails: "body/context/targetingKey must be string",
    });
    const missing = await post("/ofrep/v1/evaluate/flags", {});
    expect(missing.status).toBe(400);
    expect(await json(missing)).toEqual({
      errorCode: "INVALID_CONTEXT",
      errorDetails: "the request needs a `context` object",
    });
    const good = await post("/ofrep/v1/evaluate/flags/tier", { context: { targetingKey: "0015g000002v6PA1kU" } });
    expect(good.status).toBe(200);
    expect((await json(good)).value).toBe("tier1");
  });
});
