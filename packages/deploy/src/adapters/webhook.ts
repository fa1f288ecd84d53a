import { createHmac } from "node:crypto";
import { canonicalJson } from "@segform/plan";
import { sha256 } from "../hash.js";
import { resolveEnv, SettingError } from "../settings.js";
import {
  BatchRejectedError,
  DestinationGoneError,
  TransientError,
  batchSize,
  type Adapter,
  type AdapterType,
  type Operation,
  type OperationResult,
  type SendContext,
} from "./adapter.js";

/**
 * `type: webhook`: one POST per batch of changes, signed per the Standard Webhooks spec
 * (https://www.standardwebhooks.com/, "Signature scheme"): headers `webhook-id` (stable across retries of the
 * batch), `webhook-timestamp` (seconds), `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with
 * the key from `secret: "${env:NAME}"` (`whsec_<base64>`). 2xx: every record acknowledged; 429, 408, 5xx,
 * timeouts and connection errors: retried (Retry-After honoured); 410: the destination is disabled; another 4xx:
 * the batch is rejected (the applier splits it to find the bad records).
 *
 * Body: {"type":"segform.changes","destination":NAME,"records":[{"id","key","action","effect"?,"values","previous"?}]}
 * where each record's `id` is its idempotency id: a receiver that has seen an id already must not apply it twice.
 */
export const webhookDestination: AdapterType = {
  defaultBatchSize: 100,
  check(settings) {
    const problems: string[] = [];
    if (typeof settings.url !== "string" || !settings.url) problems.push("`url:` is required");
    return problems;
  },
  describe() {
    return "POST (Standard Webhooks)";
  },
  async open(context) {
    const url = resolveEnv(String(context.settings.url), context.env, `destination ${context.destination}: url`);
    if (!/^https?:\/\//i.test(url))
      throw new SettingError(`destination ${context.destination}: url must be http(s)://...`);
    const secret =
      typeof context.settings.secret === "string"
        ? signingKey(
            resolveEnv(context.settings.secret, context.env, `destination ${context.destination}: secret`),
            context.destination,
          )
        : undefined;
    const token =
      typeof context.settings.token === "string"
        ? resolveEnv(context.settings.token, context.env, `destination ${context.destination}: token`)
        : undefined;
    return new WebhookAdapter(
      context.destination,
      url,
      secret,
      token,
      batchSize(context.settings, webhookDestination.defaultBatchSize),
    );
  },
};

/** The HMAC key of a `whsec_<base64>` secret (the prefix is optional, as in the reference libraries). */
function signingKey(secret: string, destination: string): Buffer {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  const key = Buffer.from(encoded, "base64");
  if (!key.length)
    throw new SettingError(
      `destination ${destination}: the signing secret is empty or not base64`,
      "use a secret of the form whsec_<base64>",
    );
  return key;
}

/** `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`. */
export function standardWebhookSignature(key: Buffer, id: string, timestamp: number, body: string): string {
  return "v1," + createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
}

class WebhookAdapter implements Adapter {
  readonly capabilities;

  constructor(
    private readonly destination: string,
    private readonly url: string,
    private readonly key: Buffer | undefined,
    private readonly token: string | undefined,
    size: number,
  ) {
    this.capabilities = { batchSize: size, canRead: false };
  }

  async send(batch: Operation[], context: SendContext): Promise<OperationResult[]> {
    const records = batch.map((op) => ({
      id: op.id,
      key: op.key,
      action: op.action,
      effect: op.effect,
      values: op.values,
      previous: op.previous,
    }));
    const body = canonicalJson({ type: "segform.changes", destination: this.destination, records });
    // The message id depends only on the operations, so every retry of this batch carries the same one.
    const id = "msg_" + sha256(batch.map((op) => op.id).join(",")).slice(0, 32);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "user-agent": "segform",
    };
    if (this.key) headers["webhook-signature"] = standardWebhookSignature(this.key, id, timestamp, body);
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(context.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const name = (error as Error).name;
      throw new TransientError(
        name === "TimeoutError" || name === "AbortError"
          ? `no answer within ${context.timeoutMs} ms`
          : `request failed${cause ? ` (${cause})` : ""}`,
      );
    }
    const text = await response.text().catch(() => "");
    const status = response.status;
    if (status >= 200 && status < 300) return batch.map(() => ({ status: "ok" }));
    if (status === 410) throw new DestinationGoneError(`the endpoint answered 410 Gone`);
    if (status === 429 || status === 408 || status >= 500)
      throw new TransientError(`HTTP ${status}`, retryAfter(response.headers.get("retry-after")));
    throw new BatchRejectedError(`HTTP ${status}${text ? `: ${text.slice(0, 200).replace(/\s+/g, " ")}` : ""}`);
  }

  async close(): Promise<void> {}
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function retryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
