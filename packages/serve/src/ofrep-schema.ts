/**
 * JSON Schemas of the OpenFeature Remote Evaluation Protocol, vendored from its OpenAPI document
 * (`components.schemas` of service/openapi.yaml), so the routes validate against the published protocol.
 *
 * Source: https://github.com/open-feature/protocol/blob/d1a63a4e84e6297599ce566126e7764c1419f80a/service/openapi.yaml
 * (document `info.version` 0.3.0). `$ref`s are inlined; descriptions and examples are left out.
 *
 * Request schemas are used as they are (fastify route `schema.body`). Response schemas differ from the letter of
 * the document in two deliberate ways, both towards what it means:
 * - the value alternatives are `anyOf`, not `oneOf`: an integer value matches both `integerFlag` and `floatFlag`,
 *   and `codeDefaultFlag` (no properties) matches everything, so a literal `oneOf` rejects every response;
 * - `reason` also allows DEFAULT, an OpenFeature resolution reason (segform answers it for the fallback segment
 *   and for "no tier") that the document's enum does not list.
 * Responses are not serialized through these schemas (fast-json-stringify would drop or coerce fields); the tests
 * validate every response body against them instead.
 *
 * Not vendored: `GET /ofrep/v1/configuration` and its `configurationResponse`, removed from the protocol in
 * document version 0.2.0 (open-feature/protocol#38, "not used in any of the provider").
 */
export const OFREP_DOCUMENT = {
  url: "https://github.com/open-feature/protocol/blob/d1a63a4e84e6297599ce566126e7764c1419f80a/service/openapi.yaml",
  version: "0.3.0",
} as const;

/** `context`: an object with a string `targetingKey`, any other properties allowed. */
export const context = {
  type: "object",
  required: ["targetingKey"],
  properties: { targetingKey: { type: "string" } },
  additionalProperties: true,
} as const;

/** `evaluationRequest` (POST /ofrep/v1/evaluate/flags/{key}). */
export const evaluationRequest = { type: "object", required: ["context"], properties: { context } } as const;

/** `bulkEvaluationRequest` (POST /ofrep/v1/evaluate/flags). */
export const bulkEvaluationRequest = { type: "object", required: ["context"], properties: { context } } as const;

const metadata = {
  type: "object",
  additionalProperties: { anyOf: [{ type: "boolean" }, { type: "string" }, { type: "number" }] },
} as const;

/** `evaluationSuccess` (the 200 of a single evaluation, and a success item of a bulk one). */
export const evaluationSuccess = {
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
} as const;

/** `evaluationFailure` (the 400 of a single evaluation, and a failure item of a bulk one). */
export const evaluationFailure = {
  type: "object",
  required: ["key", "errorCode"],
  properties: {
    key: { type: "string" },
    errorCode: { type: "string", enum: ["PARSE_ERROR", "TARGETING_KEY_MISSING", "INVALID_CONTEXT", "GENERAL"] },
    errorDetails: { type: "string" },
    metadata,
  },
} as const;

/** `flagNotFound` (the 404 of a single evaluation). */
export const flagNotFound = {
  type: "object",
  required: ["key", "errorCode"],
  properties: {
    key: { type: "string" },
    errorCode: { type: "string", enum: ["FLAG_NOT_FOUND"] },
    errorDetails: { type: "string" },
    metadata,
  },
} as const;

/** `bulkEvaluationSuccess` (the 200 of a bulk evaluation; `eventStreams` is not answered). */
export const bulkEvaluationSuccess = {
  type: "object",
  required: ["flags"],
  properties: { flags: { type: "array", items: { anyOf: [evaluationSuccess, evaluationFailure] } }, metadata },
} as const;

/** `bulkEvaluationFailure` (the 400 of a bulk evaluation). */
export const bulkEvaluationFailure = {
  type: "object",
  required: ["errorCode"],
  properties: { errorCode: { type: "string" }, errorDetails: { type: "string" } },
} as const;
