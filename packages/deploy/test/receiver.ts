import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A webhook receiver on 127.0.0.1 for the tests: verifies Standard Webhooks signatures (its own HMAC code, checked
 * against the spec's test vector in webhook.test.ts), records every delivery, applies each record at most once by
 * its idempotency id, and plays switchable faults.
 */

export type Fault =
  | { kind: "status"; status: number; retryAfter?: string; body?: string }
  /** Applies the records, then answers only after `ms` (past the client's timeout). */
  | { kind: "slow"; ms: number }
  /** Reads the request, then destroys the connection without an answer (nothing applied). */
  | { kind: "reset" };

export interface Delivery {
  webhookId: string;
  timestamp: number;
  signatureValid: boolean;
  keys: string[];
  ids: string[];
  status: number;
}

interface ReceivedRecord {
  id: string;
  key: string;
  action: "create" | "update" | "remove";
  effect?: "delete" | "clear";
  values: Record<string, unknown>;
}

export class Receiver {
  readonly deliveries: Delivery[] = [];
  /** What the receiver holds, by key. */
  readonly held = new Map<string, Record<string, unknown>>();
  /** Idempotency ids applied, and how often each was delivered. */
  readonly applied = new Map<string, number>();
  /** The last operation applied per key: a new id carrying the same operation again would be a duplicate. */
  private readonly lastOperation = new Map<string, { id: string; operation: string }>();
  /** Operations applied twice under different ids, with nothing else applied to the key in between (must be none). */
  private readonly duplicated: string[] = [];
  /** Faults for the next requests, in order. */
  readonly faults: Fault[] = [];
  /** Keys whose batch is refused with 422 (the applier must split down to them). */
  readonly rejectKeys = new Set<string>();
  private server: Server | undefined;
  url = "";

  constructor(private readonly key: Buffer) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of request) body += chunk;
    const webhookId = String(request.headers["webhook-id"]);
    const timestamp = Number(request.headers["webhook-timestamp"]);
    const signatureValid = this.verify(webhookId, timestamp, body, String(request.headers["webhook-signature"] ?? ""));
    const records = (JSON.parse(body) as { records: ReceivedRecord[] }).records;
    const delivery: Delivery = {
      webhookId,
      timestamp,
      signatureValid,
      keys: records.map((r) => r.key),
      ids: records.map((r) => r.id),
      status: 0,
    };
    this.deliveries.push(delivery);
    const fault = this.faults.shift();
    if (fault?.kind === "reset") {
      delivery.status = -1;
      request.socket.destroy();
      return;
    }
    if (!signatureValid) return this.answer(response, delivery, 401);
    if (fault?.kind === "status") return this.answer(response, delivery, fault.status, fault.retryAfter, fault.body);
    if (records.some((record) => this.rejectKeys.has(record.key)))
      return this.answer(response, delivery, 422, undefined, '{"error":"invalid record"}');
    for (const record of records) this.apply(record);
    if (fault?.kind === "slow") {
      delivery.status = 204; // applied; the answer comes too late
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
    }
    this.answer(response, delivery, 204);
  }

  private apply(record: ReceivedRecord): void {
    const seen = this.applied.get(record.id);
    this.applied.set(record.id, (seen ?? 0) + 1);
    if (seen) return; // idempotent: an id is applied once
    const operation = `${record.key}|${record.action}|${JSON.stringify(record.values)}`;
    const last = this.lastOperation.get(record.key);
    if (last && last.operation === operation) this.duplicated.push(`${operation} (ids ${last.id}, ${record.id})`);
    this.lastOperation.set(record.key, { id: record.id, operation });
    if (record.action === "remove") this.held.delete(record.key);
    else this.held.set(record.key, record.values);
  }

  private answer(response: ServerResponse, delivery: Delivery, status: number, retryAfter?: string, body = ""): void {
    delivery.status = status;
    if (response.destroyed) return;
    response.writeHead(status, retryAfter ? { "retry-after": retryAfter } : {});
    response.end(body);
  }

  private verify(id: string, timestamp: number, body: string, header: string): boolean {
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
    const expected = Buffer.from(createHmac("sha256", this.key).update(`${id}.${timestamp}.${body}`).digest("base64"));
    return header.split(" ").some((part) => {
      const [version, signature] = part.split(",");
      const given = Buffer.from(signature ?? "");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
  }

  /** Operations applied again under a new idempotency id with no other change to the key in between (must be none). */
  duplicates(): string[] {
    return [...this.duplicated];
  }
}

export const TEST_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
export const TEST_KEY = Buffer.from(TEST_SECRET.slice("whsec_".length), "base64");
