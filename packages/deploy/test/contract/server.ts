import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What the contract servers (hubspot.ts, salesforce.ts, linkedin.ts) share: an HTTP server on 127.0.0.1 that
 * checks the bearer token, records every request with its arrival time, counts every write by the operation it
 * carries, and plays faults queued by the test. Each vendor module implements its documented endpoints in
 * `route` and answers errors in that vendor's shape.
 */

export type Fault = (
  | { kind: "status"; status: number; retryAfter?: string; body?: string }
  /** Handles the request (writes happen), then answers only after `ms` (past the client's timeout). */
  | { kind: "slow"; ms: number }
  /** Reads the request, then destroys the connection without an answer (nothing written). */
  | { kind: "reset" }
  /** The token has expired: 401 in the vendor's shape. */
  | { kind: "expired" }
) & {
  /** Only a request whose "METHOD /path" contains this (default: the next request, whatever it is). */
  match?: string;
  /** Let this many matching requests through first. */
  skip?: number;
};

export interface LoggedRequest {
  n: number;
  at: number;
  method: string;
  path: string;
  status: number;
  /** Handled, but answered after the client gave up (its writes are not acknowledged). */
  late?: boolean;
}

export interface ContractRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  /** This request's number in the log (writes are counted against it). */
  n: number;
}

export interface ContractAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body sent as is (CSV). */
  raw?: string;
}

export interface Write {
  key: string;
  /** The operation: an idempotency id when the vendor carries one, else the change itself. */
  op: string;
  request: number;
}

export abstract class ContractServer {
  readonly requests: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  readonly writes: Write[] = [];
  /** Requests refused because they came over the vendor's rate limit (must stay empty). */
  readonly overLimit: LoggedRequest[] = [];
  url = "";
  /** Called with each request once it is handled (its writes done), before the answer goes out (a crash test kills the client here). */
  onHandled: ((request: LoggedRequest) => void) | undefined;
  /**
   * Called with each request as it arrives, before anything is done; "drop": the connection is destroyed, the
   * request neither handled nor answered (a crash test kills the client here: it died before the vendor got it).
   */
  onReceived: ((request: LoggedRequest) => "drop" | undefined) | undefined;
  private server: Server | undefined;

  constructor(
    /** The token the server accepts (`Authorization: Bearer <token>`). */
    public token: string,
    /** The vendor's rate limit, enforced as the vendor does (429) and checked from arrival times. */
    readonly rateLimit?: { max: number; windowMs: number },
  ) {}

  protected abstract route(request: ContractRequest): Promise<ContractAnswer> | ContractAnswer;
  /** The vendor's 401 body. */
  protected abstract unauthorized(expired: boolean): unknown;
  /** The vendor's 429 body. */
  protected abstract rateLimited(): unknown;
  /** Headers the vendor adds to every answer. */
  protected headersFor(_request: ContractRequest): Record<string, string> {
    return {};
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Counts a write (vendor modules call this for every record they change). */
  protected write(request: ContractRequest, key: string, op: string): void {
    this.writes.push({ key, op, request: request.n });
  }

  private nextFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex((fault) => {
      if (fault.match && !`${method} ${path}`.includes(fault.match)) return false;
      if (!fault.skip) return true;
      fault.skip--;
      return false;
    });
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of request) body += chunk;
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const method = request.method ?? "GET";
    const logged: LoggedRequest = { n: this.requests.length, at: Date.now(), method, path: url.pathname, status: 0 };
    this.requests.push(logged);
    if (this.onReceived?.(logged) === "drop") {
      logged.status = -1;
      request.socket.destroy();
      return;
    }
    const contract: ContractRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body,
      n: logged.n,
    };
    const send = (answer: ContractAnswer) => {
      logged.status = answer.status;
      if (response.destroyed) return;
      const text = answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
      const type = answer.raw !== undefined ? "text/csv" : "application/json";
      response.writeHead(answer.status, {
        ...this.headersFor(contract),
        ...(text ? { "content-type": type } : {}),
        ...answer.headers,
      });
      response.end(text);
    };
    // The vendor counts every request against the limit, refused ones included.
    if (this.rateLimit && this.countSince(logged.at - this.rateLimit.windowMs, logged.n) > this.rateLimit.max) {
      this.overLimit.push(logged);
      return send({
        status: 429,
        body: this.rateLimited(),
        headers: { "retry-after": String(Math.ceil(this.rateLimit.windowMs / 1000)) },
      });
    }
    const fault = this.nextFault(method, url.pathname);
    if (fault?.kind === "reset") {
      logged.status = -1;
      request.socket.destroy();
      return;
    }
    if (fault?.kind === "expired") return send({ status: 401, body: this.unauthorized(true) });
    if (request.headers.authorization !== `Bearer ${this.token}`)
      return send({ status: 401, body: this.unauthorized(false) });
    if (fault?.kind === "status") {
      logged.status = fault.status;
      if (response.destroyed) return;
      response.writeHead(fault.status, {
        "content-type": "application/json",
        ...(fault.retryAfter ? { "retry-after": fault.retryAfter } : {}),
      });
      response.end(fault.body ?? "");
      return;
    }
    let answer: ContractAnswer;
    try {
      answer = await this.route(contract);
    } catch (error) {
      answer = { status: 500, body: { message: String((error as Error).message) } };
    }
    this.onHandled?.(logged);
    if (fault?.kind === "slow") {
      logged.late = true;
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
    }
    send(answer);
  }

  /** Requests that arrived at or after `from`, up to and including request `upTo`. */
  private countSince(from: number, upTo: number): number {
    let count = 0;
    for (let i = upTo; i >= 0 && this.requests[i]!.at > from; i--) count++;
    return count;
  }

  /** The most requests that arrived within any `windowMs` (from the recorded timestamps). */
  maxInWindow(windowMs: number): number {
    let most = 0;
    let start = 0;
    for (let end = 0; end < this.requests.length; end++) {
      while (this.requests[end]!.at - this.requests[start]!.at >= windowMs) start++;
      most = Math.max(most, end - start + 1);
    }
    return most;
  }

  /**
   * Operations written more than once by requests whose answer reached the client (must be none). A write in a
   * request answered too late is not acknowledged, so the client must send it again: that one is not counted.
   */
  duplicates(): string[] {
    const late = new Set(
      this.requests.filter((request) => request.late || request.status === -1).map((request) => request.n),
    );
    const counts = new Map<string, number>();
    for (const write of this.writes)
      if (!late.has(write.request))
        counts.set(`${write.key} ${write.op}`, (counts.get(`${write.key} ${write.op}`) ?? 0) + 1);
    return [...counts].filter(([, count]) => count > 1).map(([op, count]) => `${op} x${count}`);
  }

  /** Requests by "METHOD /path" pattern, for request-count checks. */
  count(match: string): number {
    return this.requests.filter((request) => `${request.method} ${request.path}`.includes(match)).length;
  }
}

export function json<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
