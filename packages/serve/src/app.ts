import { createHash, timingSafeEqual } from "node:crypto";
import rateLimit from "@fastify/rate-limit";
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import { formatScore } from "@segform/data";
import { SERVE_CODES } from "./errors.js";
import { evaluateAdHoc, evaluateWithContacts, type AdHocResult } from "./evaluate.js";
import type { StateHolder } from "./holder.js";
import { explainRecord, OneAtATime } from "./explain.js";
import { explainLoaded } from "./load.js";
import { ServeMetrics } from "./metrics.js";
import { bulkEvaluationRequest, evaluationRequest } from "./ofrep-schema.js";
import { ContextError, evaluateFlag, failureStatus, flagKeys, isFailure, subjectOf } from "./ofrep.js";
import type { Label, ServeState } from "./state.js";

export interface AppOptions {
  /** Bearer tokens accepted (several, for rotation); empty or absent: no authentication. */
  tokens?: readonly string[];
  /** Largest request body in bytes (default 256 KiB). */
  bodyLimit?: number;
  /** Requests per token (or per address without tokens) per window; 0 turns the limit off. Default 6,000/s. */
  rateLimit?: { max: number; windowMs: number };
  /** Most accounts in one batch request (default 1,000). */
  batchMax?: number;
  /** JSON log lines go here (default: stderr); false: no log. */
  logStream?: NodeJS.WritableStream | false;
  logLevel?: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Which configured token authenticated the request ("token-1" ...), or undefined without tokens. */
    tokenId?: string;
  }
}

const OFREP_PREFIX = "/ofrep/";
const OPEN_ROUTES = new Set(["/healthz", "/readyz"]);

/**
 * Builds the HTTP app over a state holder. The app holds no state of its own: every handler reads
 * `holder.current` once, so a reload swaps what the next request sees and never what a running one sees.
 */
export async function buildApp(holder: StateHolder, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    logger:
      options.logStream === false
        ? false
        : {
            level: options.logLevel ?? "info",
            stream: options.logStream ?? process.stderr,
            base: { service: "segform-serve" },
          },
    // One line per request from the onResponse hook instead of fastify's two (which carry the URL).
    logController: new LogController({ disableRequestLogging: true }),
    // Keys can be any text; find-my-way decodes path parameters.
    routerOptions: { maxParamLength: 1000 },
    // Only the OFREP routes carry schemas (vendored from the OFREP OpenAPI document); a number is not a string.
    ajv: { customOptions: { coerceTypes: false } },
  });
  const metrics = new ServeMetrics(() => holder.current, holder);
  const tokens = (options.tokens ?? []).map((token) => digest(token));
  const batchMax = options.batchMax ?? 1000;
  /** Explanations that read the data file in full (no usable record index): one at a time. */
  const fullReads = new OneAtATime();

  app.addHook("onRequest", async (request, reply) => {
    if (!tokens.length || OPEN_ROUTES.has(request.routeOptions.url ?? "")) return;
    const presented = bearer(request);
    const index = presented === undefined ? -1 : matchToken(tokens, digest(presented));
    if (index < 0) {
      reply.header("www-authenticate", 'Bearer realm="segform"');
      return reply
        .code(401)
        .send(
          nativeError(
            SERVE_CODES.unauthorized,
            presented === undefined ? "a bearer token is required" : "unknown token",
            "send Authorization: Bearer TOKEN (one of SEGFORM_SERVE_TOKENS)",
          ),
        );
    }
    request.tokenId = `token-${index + 1}`;
  });

  const limit = options.rateLimit ?? { max: 6000, windowMs: 1000 };
  if (limit.max > 0) {
    await app.register(rateLimit, {
      global: true,
      max: limit.max,
      timeWindow: limit.windowMs,
      hook: "preHandler",
      keyGenerator: (request) => request.tokenId ?? request.ip,
      allowList: (request) => OPEN_ROUTES.has(request.routeOptions.url ?? ""),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: SERVE_CODES.rateLimited,
        message: `over the rate limit of ${context.max} requests per ${context.after}`,
      }),
    });
  }

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "(unknown)";
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    // No attribute values, bodies, keys or secrets: the route pattern, never the URL.
    request.log.info(
      {
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        token: request.tokenId,
      },
      "request",
    );
  });

  app.setErrorHandler((error: FastifyError & { statusCode?: number }, request, reply) => {
    const ofrep = request.url.startsWith(OFREP_PREFIX);
    const status = error.statusCode ?? 500;
    if (status === 429)
      return reply
        .code(429)
        .send(ofrep ? {} : nativeError(SERVE_CODES.rateLimited, error.message, "slow down, or raise --rate-limit"));
    if (status === 413) {
      return reply
        .code(413)
        .send(
          ofrep
            ? { errorCode: "PARSE_ERROR", errorDetails: "request body too large" }
            : nativeError(SERVE_CODES.bodyTooLarge, "request body too large", "send fewer accounts per request"),
        );
    }
    if (status === 400 && error.validation && ofrep) {
      const key = (request.params as { key?: string } | undefined)?.key;
      return reply.code(400).send({
        ...(key !== undefined ? { key } : {}),
        ...ofrepValidationError(error.validation, error.validationContext ?? "body"),
      });
    }
    if (status >= 400 && status < 500) {
      const parse = error.code?.startsWith("FST_ERR_CTP") ?? false;
      const message = parse ? "the request body is not JSON" : "bad request";
      if (ofrep) {
        const key = (request.params as { key?: string } | undefined)?.key;
        return reply.code(400).send({
          ...(key !== undefined ? { key } : {}),
          errorCode: parse ? "PARSE_ERROR" : "INVALID_CONTEXT",
          errorDetails: message,
        });
      }
      return reply
        .code(status === 415 ? 415 : 400)
        .send(
          nativeError(
            parse ? SERVE_CODES.malformedJson : SERVE_CODES.badRequest,
            message,
            "send a JSON object with Content-Type: application/json",
          ),
        );
    }
    // An internal error: logged without the request's values, answered without details.
    request.log.error(
      { err: { message: error.message, stack: error.stack }, route: request.routeOptions.url },
      "internal error",
    );
    return reply
      .code(500)
      .send(
        ofrep
          ? { errorDetails: "internal error" }
          : nativeError(SERVE_CODES.internal, "internal error", "see the server log"),
      );
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith(OFREP_PREFIX))
      return reply
        .code(404)
        .send({ errorDetails: `no such OFREP endpoint: ${request.method} ${request.url.split("?")[0]}` });
    return reply
      .code(404)
      .send(
        nativeError(
          SERVE_CODES.notFound,
          `no such endpoint: ${request.method} ${request.url.split("?")[0]}`,
          "see GET /v1/plan, /v1/accounts/{key}, POST /v1/evaluate, /ofrep/v1/evaluate/flags",
        ),
      );
  });

  // ---- native API ----
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_request, reply) => {
    const last = holder.last;
    const body = {
      status: last && !last.ok ? "degraded" : "ready",
      plan: holder.current.plan.hash,
      accounts: holder.current.labels.size,
      ...(last
        ? {
            lastReload: {
              ok: last.ok,
              ...(last.ok ? {} : { code: SERVE_CODES.reloadFailed }),
              at: last.at,
              reason: last.reason,
              errors: last.errors,
            },
          }
        : {}),
    };
    // Ready while a plan serves; a failed reload is reported (the old plan still answers).
    return reply.code(200).send(body);
  });

  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.contentType);
    return metrics.text();
  });

  app.get("/v1/plan", async () => {
    const state = holder.current;
    return {
      hash: state.plan.hash,
      planVersion: state.plan.planVersion,
      name: state.plan.name,
      asOf: state.asOf,
      key: state.plan.key,
      source: state.source,
      accounts: state.labels.size,
      loadedAt: state.loadedAt,
      generation: holder.generation,
      flags: flagKeys(state),
      capacity: [...state.cutoffs.values()].map((cutoff) => ({
        tier: cutoff.tier,
        capacity: cutoff.capacity,
        taken: cutoff.taken,
        cutoff: cutoff.last ? { account: cutoff.last.key, rank: cutoff.last.ranks } : null,
        known: cutoff.known,
      })),
    };
  });

  app.get<{ Params: { key: string }; Querystring: { explain?: string } }>(
    "/v1/accounts/:key",
    async (request, reply) => {
      const state = holder.current;
      const notFound = () =>
        reply
          .code(404)
          .send(
            nativeError(
              SERVE_CODES.accountNotFound,
              `no account with key ${JSON.stringify(request.params.key)} in the loaded membership`,
              `the key is the field \`${state.plan.key}\`; POST /v1/evaluate labels an account from its attributes`,
            ),
          );
      const busy = () => {
        reply.header("retry-after", "1");
        return reply
          .code(503)
          .send(
            nativeError(
              SERVE_CODES.explainBusy,
              "an explanation that reads the data in full is running; one runs at a time",
              "retry in a moment; a data file in CSV or JSON Lines, unchanged since load, is explained from its record alone",
            ),
          );
      };
      const label = state.labels.get(request.params.key);
      if (!label) return notFound();
      const explain = request.query.explain;
      if (explain === undefined || explain === "0" || explain === "false") return labelJson(state, label);
      if (state.source.kind !== "data") {
        return reply
          .code(409)
          .send(
            nativeError(
              SERVE_CODES.explainNeedsData,
              `an explanation needs the account's attributes; this server loaded a ${state.source.kind}, which has labels only`,
              "serve from --data (or the project's source) to explain loaded accounts, or POST /v1/evaluate the attributes",
            ),
          );
      }
      if (state.source.engine !== undefined && state.source.engine !== "js") {
        if (state.explainFromSource) {
          // The SQL engine's query runs again for the account's values (one such read at a time).
          const read = state.explainFromSource;
          const full = await fullReads.run(() => read(label.key));
          if (full.busy) return busy();
          if (!full.value) return notFound();
          return { ...labelJson(state, label), explanation: full.value };
        }
        return reply
          .code(409)
          .send(
            nativeError(
              SERVE_CODES.explainNeedsData,
              `an explanation reads the account's record with the JS engine; this server's labels came from --engine ${state.source.engine}`,
              "serve with --engine js to explain loaded accounts, or POST /v1/evaluate the attributes",
            ),
          );
      }
      // The record alone, found by the line index built at load (one read of its bytes).
      const quick = explainRecord(state, label);
      if (quick) return { ...labelJson(state, label), explanation: quick };
      // No usable index (a JSON array, a file changed since load): the file is read again in full, one at a time.
      const full = await fullReads.run(() => explainLoaded(state, label.key));
      if (full.busy) return busy();
      if (!full.value) return notFound();
      return { ...labelJson(state, label), explanation: full.value };
    },
  );

  app.post("/v1/evaluate", async (request, reply) => {
    const state = holder.current;
    const body = request.body as AdHocItem | undefined;
    const problem = attributesProblem(state, body);
    if (problem)
      return reply
        .code(400)
        .send(
          nativeError(
            SERVE_CODES.badRequest,
            problem,
            'send {"attributes": {"field": value, ...}}, optionally with "key" and "contacts"',
          ),
        );
    return adHocJson(state, evaluateItem(state, body!), true);
  });

  app.post("/v1/evaluate/batch", async (request, reply) => {
    const state = holder.current;
    const body = request.body as { accounts?: unknown; explain?: unknown } | undefined;
    if (!body || typeof body !== "object" || !Array.isArray(body.accounts)) {
      return reply
        .code(400)
        .send(
          nativeError(
            SERVE_CODES.badRequest,
            "the body needs an `accounts` list",
            'send {"accounts": [{"attributes": {...}}, ...]}',
          ),
        );
    }
    if (body.accounts.length > batchMax)
      return reply
        .code(400)
        .send(
          nativeError(
            SERVE_CODES.badRequest,
            `at most ${batchMax} accounts per batch (got ${body.accounts.length})`,
            "split the batch",
          ),
        );
    for (let i = 0; i < body.accounts.length; i++) {
      const problem = attributesProblem(state, body.accounts[i]);
      if (problem)
        return reply
          .code(400)
          .send(
            nativeError(
              SERVE_CODES.badRequest,
              `accounts[${i}]: ${problem}`,
              'each item is {"attributes": {...}}, optionally with "key" and "contacts"',
            ),
          );
    }
    const explain = body.explain === true;
    return {
      plan: state.plan.hash,
      results: (body.accounts as AdHocItem[]).map((item) => adHocJson(state, evaluateItem(state, item), explain)),
    };
  });

  // ---- OFREP ----
  app.post<{ Params: { key: string } }>(
    "/ofrep/v1/evaluate/flags/:key",
    { schema: { body: evaluationRequest } },
    async (request, reply) => {
      const state = holder.current;
      const flag = request.params.key;
      const body = request.body as { context?: unknown } | undefined;
      if (!flagKeys(state).includes(flag))
        return reply.code(404).send({
          key: flag,
          errorCode: "FLAG_NOT_FOUND",
          errorDetails: `flag ${JSON.stringify(flag)} was not found; flags are ${flagKeys(state).join(", ")}`,
        });
      let subject;
      try {
        subject = subjectOf(state, body && typeof body === "object" ? body.context : undefined);
      } catch (error) {
        if (error instanceof ContextError)
          return reply.code(400).send({ key: flag, errorCode: error.errorCode, errorDetails: error.errorDetails });
        throw error;
      }
      const result = evaluateFlag(state, flag, subject);
      return isFailure(result) ? reply.code(failureStatus(result)).send(result) : result;
    },
  );

  app.post("/ofrep/v1/evaluate/flags", { schema: { body: bulkEvaluationRequest } }, async (request, reply) => {
    const state = holder.current;
    const body = request.body as { context?: unknown } | undefined;
    let subject;
    try {
      subject = subjectOf(state, body && typeof body === "object" ? body.context : undefined);
    } catch (error) {
      if (error instanceof ContextError)
        return reply.code(400).send({ errorCode: error.errorCode, errorDetails: error.errorDetails });
      throw error;
    }
    const text = JSON.stringify({
      flags: flagKeys(state).map((flag) => evaluateFlag(state, flag, subject)),
      metadata: { planHash: state.plan.hash },
    });
    // The ETag is a digest of the answer itself: equal answers (same plan, membership and context) share it.
    const etag = `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`;
    reply.header("etag", etag);
    if (ifNoneMatch(request.headers["if-none-match"], etag)) return reply.code(304).send();
    return reply.type("application/json; charset=utf-8").send(text);
  });

  holder.onReload = (ok) => metrics.reloaded(ok);
  return app;
}

/** An account's label as the native API shows it (scores rounded as `segform run` prints them). */
function labelJson(state: ServeState, label: Label): Record<string, unknown> {
  const scores = label.scores
    ? Object.fromEntries(state.plan.scores.map((score, index) => [score.name, formatScore(label.scores![index]!)]))
    : null;
  const body: Record<string, unknown> = {
    account: label.key,
    icp: label.icp,
    scores,
    tier: label.tier,
    segment: label.segment,
    activations: label.activations,
  };
  if (state.plan.audiences) body.audiences = label.audiences ?? null;
  if (label.roles) body.roles = label.roles;
  body.plan = state.plan.hash;
  return body;
}

function adHocJson(state: ServeState, adHoc: AdHocResult, explain: boolean): Record<string, unknown> {
  const body = labelJson(state, adHoc.label);
  delete body.plan;
  const tierReason = tierReasonText(state, adHoc);
  return {
    ...body,
    reason: { tier: tierReason },
    capacity: adHoc.capacity,
    issues: adHoc.issues,
    ...(explain ? { explanation: adHoc.explanation } : {}),
  };
}

/** Why the account got its tier, in words (capacity decisions included). */
function tierReasonText(state: ServeState, adHoc: AdHocResult): string {
  const { label, capacity } = adHoc;
  if (!label.icp) return "outside the ICP: no tier";
  const notes = capacity.map((decision) => decision.reason);
  if (label.tier === null)
    notes.push(adHoc.explanation.tiers.some((tier) => tier.matched) ? "no tier had room" : "no tier matched");
  else if (!capacity.some((decision) => decision.tier === label.tier))
    notes.push(`tier ${label.tier} matched (no capacity)`);
  void state;
  return notes.join("; ");
}

/** One ad-hoc account: attributes, an optional key, optional contacts (objects of contact fields). */
interface AdHocItem {
  attributes: Record<string, unknown>;
  key?: string;
  contacts?: Record<string, unknown>[];
}

/** Most contacts sent with one ad-hoc account. */
const CONTACTS_MAX = 1000;

function attributesProblem(state: ServeState, body: unknown): string | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return "the body must be a JSON object";
  const { attributes, key, contacts } = body as { attributes?: unknown; key?: unknown; contacts?: unknown };
  if (!attributes || typeof attributes !== "object" || Array.isArray(attributes))
    return "`attributes` must be an object of field values";
  if (key !== undefined && typeof key !== "string") return "`key` must be a string";
  if (contacts === undefined) return undefined;
  if (!state.plan.contacts) return "`contacts` was sent but the plan has no `contacts` section";
  if (!Array.isArray(contacts)) return "`contacts` must be a list of objects of contact fields";
  if (contacts.length > CONTACTS_MAX) return `at most ${CONTACTS_MAX} contacts per account (got ${contacts.length})`;
  const bad = contacts.findIndex((contact) => !contact || typeof contact !== "object" || Array.isArray(contact));
  if (bad >= 0) return `contacts[${bad}] must be an object of contact fields`;
  if (adHocKey(state, body as AdHocItem) === undefined)
    return `\`contacts\` needs the account's key: send "key" (or the key field \`${state.plan.key}\` in the attributes)`;
  return undefined;
}

/** The key an ad-hoc account's contacts join on: `key`, else the key field among the attributes (by name or column). */
function adHocKey(state: ServeState, item: AdHocItem): string | undefined {
  if (item.key !== undefined) return item.key;
  const field = state.plan.fields.find((f) => f.name === state.plan.key);
  const value = field
    ? Object.hasOwn(item.attributes, field.name)
      ? item.attributes[field.name]
      : item.attributes[field.column]
    : undefined;
  return value === undefined || value === null || value === "" ? undefined : String(value);
}

function evaluateItem(state: ServeState, item: AdHocItem): AdHocResult {
  if (item.contacts) return evaluateWithContacts(state, item.attributes, adHocKey(state, item)!, item.contacts);
  return evaluateAdHoc(state, item.attributes, item.key);
}

/** A request that fails the OFREP document's request schema, as OFREP's error shape (the first schema error). */
function ofrepValidationError(
  errors: NonNullable<FastifyError["validation"]>,
  where: string,
): { errorCode: "TARGETING_KEY_MISSING" | "INVALID_CONTEXT"; errorDetails: string } {
  const first = errors[0]!;
  const missing =
    first.keyword === "required" ? (first.params as { missingProperty?: string }).missingProperty : undefined;
  if (missing === "targetingKey" && first.instancePath === "/context")
    return { errorCode: "TARGETING_KEY_MISSING", errorDetails: "the context needs a `targetingKey`: the account key" };
  if (
    (missing === "context" && first.instancePath === "") ||
    (first.instancePath === "" && first.keyword === "type") ||
    (first.instancePath === "/context" && first.keyword === "type")
  ) {
    return { errorCode: "INVALID_CONTEXT", errorDetails: "the request needs a `context` object" };
  }
  // Ajv's messages name the path and the rule, never the value sent.
  return {
    errorCode: "INVALID_CONTEXT",
    errorDetails: `${where}${first.instancePath} ${first.message ?? "is invalid"}`,
  };
}

function nativeError(
  code: string,
  message: string,
  hint?: string,
): { error: { code: string; message: string; hint?: string } } {
  return { error: { code, message, ...(hint ? { hint } : {}) } };
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === "string") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) return match[1];
  }
  const apiKey = request.headers["x-api-key"]; // OFREP's ApiKeyAuth
  return typeof apiKey === "string" && apiKey !== "" ? apiKey : undefined;
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/** Compares digests in constant time, against every token (no early exit that would tell which matched). */
function matchToken(tokens: readonly Buffer[], presented: Buffer): number {
  let found = -1;
  tokens.forEach((token, index) => {
    if (timingSafeEqual(token, presented) && found < 0) found = index;
  });
  return found;
}

function ifNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const values = (Array.isArray(header) ? header.join(",") : header)
    .split(",")
    .map((value) => value.trim().replace(/^W\//, ""));
  return values.includes(etag) || values.includes("*");
}

export type { FastifyInstance, FastifyReply };
