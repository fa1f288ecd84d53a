import { sha256 } from "../hash.js";
import { SettingError } from "../settings.js";
import { AuthenticationError, TransientError } from "./adapter.js";
import { retryAfter } from "./webhook.js";

/**
 * The small HTTP client the SaaS adapters (hubspot, salesforce, linkedin) share: Node's global fetch with a
 * per-request timeout, a client-side rate limiter, and the failure classes the applier understands. Timeouts,
 * connection errors, 408, 429 and 5xx are TransientError (Retry-After honoured); 401 is AuthenticationError
 * (the apply stops sending there: retrying or splitting a batch cannot renew a token). Other statuses are the
 * caller's to read (per-record errors live in vendor-specific bodies).
 */

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Response headers that say how many requests are left in the vendor's window, and how long the window is. */
export interface RateLimitHeaders {
  remaining: string;
  intervalMs: string;
}

export class HttpClient {
  /** When the vendor said its window is spent: no request before this time. */
  private readonly pause: { until: number };

  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string>,
    private readonly limiter: RateLimiter | undefined,
    /** Names the vendor in messages: "HubSpot". */
    private readonly vendor: string,
    /** Names the environment variable of the token, for the 401 hint (never its value). */
    private readonly tokenSetting: string,
    private readonly rateLimitHeaders?: RateLimitHeaders,
    pause?: { until: number },
  ) {
    this.pause = pause ?? limiter?.pause ?? { until: 0 };
  }

  async request(
    method: string,
    path: string,
    options: { body?: string; contentType?: string; timeoutMs: number; accept?: string },
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...this.headers, accept: options.accept ?? "application/json" };
    if (options.body !== undefined) headers["content-type"] = options.contentType ?? "application/json";
    const send = async (): Promise<HttpAnswer> => {
      let response: Response;
      try {
        response = await fetch(this.base + path, {
          method,
          headers,
          body: options.body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        const name = (error as Error).name;
        throw new TransientError(
          `${this.vendor} ${method} ${routeOf(path)}: ${name === "TimeoutError" || name === "AbortError" ? `no answer within ${options.timeoutMs} ms` : `request failed${cause ? ` (${cause})` : ""}`}`,
        );
      }
      let text: string;
      try {
        text = await response.text();
      } catch {
        throw new TransientError(`${this.vendor} ${method} ${routeOf(path)}: the answer was cut off`);
      }
      return { status: response.status, headers: response.headers, text };
    };
    const wait = this.pause.until - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const answer = this.limiter ? await this.limiter.run(send) : await send();
    const { status } = answer;
    if (this.rateLimitHeaders && answer.headers.get(this.rateLimitHeaders.remaining) === "0") {
      // The window is spent (HubSpot's X-HubSpot-RateLimit-Remaining: 0): wait it out rather than earn a 429.
      const interval = Number(answer.headers.get(this.rateLimitHeaders.intervalMs));
      if (interval > 0) this.pause.until = Math.max(this.pause.until, Date.now() + interval);
    }
    if (status === 401) {
      throw new AuthenticationError(
        `${this.vendor} refused the token (HTTP 401${brief(answer.text) ? `: ${brief(answer.text)}` : ""}); renew the token in ${this.tokenSetting} and apply again`,
      );
    }
    if (status === 429 || status === 408 || status >= 500) {
      throw new TransientError(
        `${this.vendor} ${method} ${routeOf(path)}: HTTP ${status}${brief(answer.text) ? ` ${brief(answer.text)}` : ""}`,
        retryAfter(answer.headers.get("retry-after")),
      );
    }
    return answer;
  }

  async json<T>(
    method: string,
    path: string,
    body: unknown,
    timeoutMs: number,
    extraHeaders?: Record<string, string>,
  ): Promise<{ status: number; body: T; text: string }> {
    const answer = await (extraHeaders ? this.with(extraHeaders) : this).request(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs,
    });
    let parsed: T;
    try {
      parsed = (answer.text ? JSON.parse(answer.text) : undefined) as T;
    } catch {
      // A proxy's HTML error page, a truncated answer: worth another try.
      throw new TransientError(
        `${this.vendor} ${method} ${routeOf(path)}: HTTP ${answer.status} with a body that is not JSON`,
      );
    }
    return { status: answer.status, body: parsed, text: answer.text };
  }

  private with(extra: Record<string, string>): HttpClient {
    return new HttpClient(
      this.base,
      { ...this.headers, ...extra },
      this.limiter,
      this.vendor,
      this.tokenSetting,
      this.rateLimitHeaders,
      this.pause,
    );
  }
}

/** The path without its query (ids in queries are not secrets, but keep messages short and stable). */
function routeOf(path: string): string {
  return path.split("?")[0]!;
}

/** The first 200 characters of an error body, on one line. */
export function brief(text: string): string {
  return text.slice(0, 200).replace(/\s+/g, " ").trim();
}

/**
 * At most `max` requests in any `windowMs`, counted the way the vendor counts them: a request may start only
 * when the request `max` places before it *finished* at least `windowMs` ago, so arrivals at the vendor can never
 * crowd more than `max` into a window, whatever the network does.
 */
export class RateLimiter {
  /** Set when the vendor's answer says its window is spent (shared by every client of this token). */
  readonly pause = { until: 0 };
  /** The last `max` requests, oldest first: when each finished (Infinity while in flight). */
  private readonly recent: { end: number }[] = [];

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    for (;;) {
      if (this.recent.length < this.max) break;
      const wait = this.recent[0]!.end + this.windowMs - Date.now();
      if (wait <= 0) {
        this.recent.shift();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, Number.isFinite(wait) ? wait + 1 : 5));
    }
    const entry = { end: Infinity };
    this.recent.push(entry);
    try {
      return await work();
    } finally {
      entry.end = Date.now();
    }
  }
}

const limiters = new Map<string, RateLimiter>();

/**
 * The limiter shared by every destination using the same token (the vendor limits per token or app): keyed by
 * a hash of the token, never the token itself.
 */
export function limiterFor(
  vendor: string,
  token: string,
  limit: { max: number; windowMs: number } | undefined,
): RateLimiter | undefined {
  if (!limit) return undefined;
  const key = `${vendor}:${sha256(token).slice(0, 16)}:${limit.max}/${limit.windowMs}`;
  let limiter = limiters.get(key);
  if (!limiter) limiters.set(key, (limiter = new RateLimiter(limit.max, limit.windowMs)));
  return limiter;
}

/** `rate_limit: "190/10s"` (requests per window; the window in s or ms), or `false` for none. */
export function parseRateLimit(
  value: unknown,
  fallback: { max: number; windowMs: number } | undefined,
): { max: number; windowMs: number } | undefined | string {
  if (value === undefined) return fallback;
  if (value === false || value === "none") return undefined;
  const match = typeof value === "string" ? /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(s|ms)$/.exec(value.trim()) : null;
  if (!match || Number(match[1]) < 1) return '`rate_limit:` must look like "190/10s" (requests per window) or "none"';
  return { max: Number(match[1]), windowMs: Number(match[2]) * (match[3] === "s" ? 1000 : 1) };
}

/**
 * A token as an `Authorization: Bearer` value: surrounding whitespace (a trailing newline from a secrets file) is
 * dropped; anything else a header cannot carry is refused here, naming the variable, because fetch's own error
 * would quote the header value, token and all.
 */
export function bearerToken(value: string, destination: string, setting: string): string {
  const token = value.trim();
  if (!token || !/^[\x21-\x7e]+$/.test(token)) {
    throw new SettingError(
      `destination ${destination}: the token in ${setting} is empty or holds spaces or control characters, which an HTTP header cannot carry`,
      `check the value of ${setting}`,
    );
  }
  return token;
}

/** A base URL from settings (`url:`, may be `${env:NAME}`) or the vendor's default, without a trailing slash. */
export function baseUrl(value: string, destination: string): string {
  if (!/^https?:\/\/[^/\s]+/i.test(value))
    throw new SettingError(`destination ${destination}: url must be http(s)://...`);
  return value.replace(/\/+$/, "");
}
