import { compareCodePoints } from "@segform/engine";
import type { FieldValue, StateRecord } from "../model.js";
import { resolveEnv } from "../settings.js";
import {
  BatchRejectedError,
  DestinationGoneError,
  batchSize,
  type Adapter,
  type AdapterType,
  type Operation,
  type OperationResult,
  type PendingResult,
  type SendContext,
} from "./adapter.js";
import { AggregateQueue } from "./aggregate.js";
import { HttpClient, baseUrl, bearerToken, brief, limiterFor, parseRateLimit } from "./http.js";
import { audiences, envName, joinAudiences } from "./hubspot.js";

/**
 * `type: linkedin`: one company DMP segment per audience (the activation's `audience:`), companies streamed in
 * and out of it, for account-based ads.
 *
 * - Segments: found by name with the `q=account` finder, created with `POST /rest/dmpSegments` (type COMPANY,
 *   destination LINKEDIN) when missing.
 *   https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments
 * - Companies: `POST /rest/dmpSegments/{id}/companies` with `X-RestLi-Method: BATCH_CREATE`, elements
 *   `{ action: ADD | REMOVE, organizationUrn?, companyWebsiteDomain?, companyEmailDomain?, companyName? }` taken
 *   from the record's mapped fields of those names, one status per element in order. Elements are aggregated
 *   across batches per segment (`flush`): a call goes when a segment has 5,000 waiting, the rest after the last
 *   batch; a record is acknowledged (journaled) once every element it has is.
 *   https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-companies
 * - Every request carries `LinkedIn-Version: YYYYMM` (`linkedin_version:`, required: LinkedIn sunsets each version
 *   after about a year, so the project pins the one it tested) and `X-Restli-Protocol-Version: 2.0.0`.
 * - Limits: 300 requests a minute per member for the companies endpoint (client side, `rate_limit:`); 429 with
 *   Retry-After retried; a 401 stops the apply for this destination.
 * - Drift: LinkedIn gives no way to read a segment's companies back: the companies resource takes BATCH_CREATE
 *   (ADD / REMOVE) only (create-and-manage-segment-companies, above), and a segment reads back its status,
 *   `inputCount` and, per destination, `matchedCount` (matches of the last seven days only) and `audienceSize`
 *   (https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-destinations).
 *   So `--refresh-only` reports per record what the status shows (a segment deleted, renamed, or FAILED, EXPIRED
 *   or ERROR, which campaigns cannot target, no longer holds its companies), and per segment, as notes, its status
 *   and counts beside the number of companies segform holds there; a company taken out by hand is not visible.
 *
 * - A segment just created is given `segment_wait_seconds` (default 5) before companies go in, as documented.
 *
 * Settings: `token: "${env:NAME}"`, `url:` (default https://api.linkedin.com), `options: { ad_account:
 * "urn:li:sponsoredAccount:123" (or the number), linkedin_version: "202511", source_platform: ENUM }` (the
 * sourcePlatform value LinkedIn gives a partner when it grants Audience API access).
 */

export const LINKEDIN_DEFAULT_URL = "https://api.linkedin.com";
/**
 * Elements per companies call (and the request size aggregation fills): the figure this adapter has used since
 * its first version and the contract server enforces. The copies of create-and-manage-segment-companies that
 * could be read while aggregating (2026-12) state no batch maximum: re-check it against the live page.
 */
const MAX_ELEMENTS = 5000;
const DEFAULT_LIMIT = { max: 300, windowMs: 60_000 };
const READ_TIMEOUT_MS = 30_000;
/** The company identifiers LinkedIn matches on, as mapped field names. */
export const COMPANY_FIELDS = [
  "organizationUrn",
  "companyWebsiteDomain",
  "companyEmailDomain",
  "companyName",
  "companyPageUrl",
  "stockSymbol",
  "industries",
  "city",
  "state",
  "country",
  "postalCode",
] as const;
/** Segment statuses that no longer hold their companies for targeting. */
const UNUSABLE = new Set(["FAILED", "EXPIRED", "ERROR"]);

export const linkedinDestination: AdapterType = {
  defaultBatchSize: MAX_ELEMENTS,
  unconfigured(settings) {
    const missing = [
      settings.ad_account === undefined ? "options.ad_account" : "",
      settings.linkedin_version === undefined
        ? 'options.linkedin_version (the LinkedIn-Version you tested, e.g. "202511")'
        : "",
    ].filter(Boolean);
    return missing.length ? `needs ${missing.join(" and ")}` : undefined;
  },
  check(settings) {
    const problems: string[] = [];
    if (typeof settings.token !== "string" || !settings.token)
      problems.push('`token:` is required (e.g. "${env:LINKEDIN_TOKEN}", an OAuth access token with rw_dmp_segments)');
    if (typeof settings.ad_account !== "string" && typeof settings.ad_account !== "number")
      problems.push('`options: { ad_account: ... }` is required (e.g. "urn:li:sponsoredAccount:508915432")');
    else if (
      !/^(urn:li:sponsoredAccount:)?\d+$/.test(String(settings.ad_account)) &&
      !/^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/.test(String(settings.ad_account))
    )
      problems.push("`ad_account:` must be urn:li:sponsoredAccount:<number>, a number, or ${env:NAME}");
    if (typeof settings.source_platform !== "string" || !/^[A-Z0-9_]+$/.test(settings.source_platform))
      problems.push(
        "`options: { source_platform: ENUM }` is required: the sourcePlatform value LinkedIn gives a partner with Audience API access",
      );
    if (!/^\d{6}$/.test(String(settings.linkedin_version ?? "")))
      problems.push(
        '`options: { linkedin_version: "YYYYMM" }` is required (the LinkedIn-Version header, e.g. "202511")',
      );
    if (typeof settings.batch_size === "number" && settings.batch_size > MAX_ELEMENTS)
      problems.push(`batch_size ${settings.batch_size} is over ${MAX_ELEMENTS} companies per request`);
    const limit = parseRateLimit(settings.rate_limit, DEFAULT_LIMIT);
    if (typeof limit === "string") problems.push(limit);
    return problems;
  },
  describe(settings) {
    return `LinkedIn DMP company segments of ${String(settings.ad_account)}`;
  },
  async open(context) {
    const where = `destination ${context.destination}`;
    const settings = context.settings;
    const token = bearerToken(
      resolveEnv(String(settings.token), context.env, `${where}: token`),
      context.destination,
      envName(settings.token),
    );
    const url = baseUrl(
      typeof settings.url === "string" ? resolveEnv(settings.url, context.env, `${where}: url`) : LINKEDIN_DEFAULT_URL,
      context.destination,
    );
    const account = resolveEnv(String(settings.ad_account), context.env, `${where}: ad_account`);
    const urn = account.startsWith("urn:") ? account : `urn:li:sponsoredAccount:${account}`;
    const limit = parseRateLimit(settings.rate_limit, DEFAULT_LIMIT) as { max: number; windowMs: number } | undefined;
    const headers = {
      authorization: `Bearer ${token}`,
      "linkedin-version": String(settings.linkedin_version),
      "x-restli-protocol-version": "2.0.0",
      "user-agent": "segform",
    };
    const client = new HttpClient(
      url,
      headers,
      limiterFor("linkedin", token, limit),
      "LinkedIn",
      envName(settings.token),
    );
    const platform = String(settings.source_platform);
    const readyMs = (typeof settings.segment_wait_seconds === "number" ? settings.segment_wait_seconds : 5) * 1000;
    return new LinkedInAdapter(
      client,
      urn,
      platform,
      Math.min(MAX_ELEMENTS, batchSize(settings, linkedinDestination.defaultBatchSize)),
      readyMs,
    );
  },
};

interface Segment {
  id: number | string;
  name: string;
  type?: string;
  inputCount?: number;
  destinations?: { destination: string; status?: string; matchedCount?: number; audienceSize?: number }[];
}

type Company = Partial<Record<(typeof COMPANY_FIELDS)[number], string>>;

/** LinkedIn answers 426 for a sunset LinkedIn-Version: no request can succeed until the setting changes. */
function checkVersion(status: number, text: string): void {
  if (status === 426)
    throw new DestinationGoneError(
      `LinkedIn no longer serves this LinkedIn-Version (HTTP 426 ${brief(text)}); set options.linkedin_version to a current version`,
    );
}

class LinkedInAdapter implements Adapter {
  readonly capabilities;
  private segments: Map<string, Segment> | undefined;
  /** When segments this run created become available ("wait 5 seconds before adding companies"). */
  private readonly readyAt = new Map<string, number>();
  /** Elements of pending operations, per segment, sent across batches in calls of up to 5,000 (`flush`). */
  private readonly elements = new AggregateQueue<Record<string, string>>();
  private lastNotes: string[] = [];

  constructor(
    private readonly client: HttpClient,
    private readonly account: string,
    private readonly platform: string,
    size: number,
    private readonly readyMs: number,
  ) {
    this.capabilities = { batchSize: size, canRead: true };
  }

  /**
   * Works out each operation's elements (ADD to the segments it is in, REMOVE from those it left or under an
   * identity it no longer has) and holds them: companies calls are aggregated across batches (`flush`).
   */
  async send(batch: Operation[]): Promise<(OperationResult | PendingResult)[]> {
    return batch.map((op) => {
      const now = op.action === "remove" ? [] : audiences(op.values.audience);
      const before = audiences(op.previous?.audience);
      const identity = company(op.values);
      const previousIdentity = company(op.previous ?? {});
      if (op.action !== "remove" && !Object.keys(identity).length) {
        return {
          status: "rejected",
          reason: `LinkedIn: a company needs one of ${COMPANY_FIELDS.slice(0, 4).join(", ")} among its mapped fields`,
        };
      }
      if (op.action !== "remove" && !now.length)
        return {
          status: "rejected",
          reason: "LinkedIn: no audience (give the activation an `audience:`, the DMP segment's name)",
        };
      const identityChanged = JSON.stringify(identity) !== JSON.stringify(previousIdentity);
      const elements: { group: string; item: Record<string, string> }[] = [];
      for (const name of before) {
        if (now.includes(name) && !identityChanged) continue;
        if (!Object.keys(previousIdentity).length) continue;
        elements.push({ group: name, item: { action: "REMOVE", ...previousIdentity } });
      }
      for (const name of now) elements.push({ group: name, item: { action: "ADD", ...identity } });
      if (!elements.length) return { status: "ok" };
      this.elements.add(op.id, elements);
      return { status: "pending" };
    });
  }

  /**
   * One companies call per flush: up to 5,000 elements, in the order they came, for the first segment (by name)
   * with 5,000 waiting, or with `final` any left. An operation is settled when every element it has is
   * acknowledged, rejected when LinkedIn refused one of them.
   */
  async flush(
    _pending: ReadonlyMap<string, Operation>,
    final: boolean,
    context: SendContext,
  ): Promise<{ settled: Map<string, OperationResult>; idle: boolean }> {
    const due = this.elements.due(MAX_ELEMENTS, final);
    if (!due) return { settled: new Map(), idle: true };
    const refusals = await this.sendCompanies(
      due.group,
      due.items.map((entry) => entry.item),
      context.timeoutMs,
    );
    return { settled: this.elements.answered(due.group, due.items.length, refusals), idle: false };
  }

  /** One companies call; the elements LinkedIn refused, by index. */
  private async sendCompanies(
    name: string,
    elements: Record<string, string>[],
    timeoutMs: number,
  ): Promise<Map<number, string>> {
    const segment = await this.segment(name, true, timeoutMs);
    const wait = (this.readyAt.get(name) ?? 0) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const { status, body, text } = await this.client.json<{ elements?: { status: number; message?: string }[] }>(
      "POST",
      `/rest/dmpSegments/${encodeURIComponent(String(segment!.id))}/companies`,
      { elements },
      timeoutMs,
      { "x-restli-method": "BATCH_CREATE" },
    );
    checkVersion(status, text);
    const refusals = new Map<number, string>();
    if (status !== 200 || !Array.isArray(body.elements) || body.elements.length !== elements.length) {
      elements.forEach((_, i) =>
        refusals.set(i, `LinkedIn segment "${name}" companies: HTTP ${status} ${brief(text)}`),
      );
      return refusals;
    }
    body.elements.forEach((answer, i) => {
      if (answer.status < 200 || answer.status >= 300)
        refusals.set(i, `LinkedIn segment "${name}": ${answer.status}${answer.message ? ` ${answer.message}` : ""}`);
    });
    return refusals;
  }

  /** The ad account's segments by name (the `q=account` finder, paged), cached; a missing one created. */
  private async segment(name: string, create: boolean, timeoutMs: number): Promise<Segment | undefined> {
    if (!this.segments) {
      // https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments (Find DMP Segments by Account)
      const segments = new Map<string, Segment>();
      for (let start = 0; ; start += 100) {
        const { status, body, text } = await this.client.json<{ elements?: Segment[]; paging?: { total?: number } }>(
          "GET",
          `/rest/dmpSegments?q=account&account=${encodeURIComponent(this.account)}&start=${start}&count=100`,
          undefined,
          timeoutMs,
        );
        checkVersion(status, text);
        if (status !== 200) throw new BatchRejectedError(`LinkedIn find segments: HTTP ${status} ${brief(text)}`);
        for (const segment of body.elements ?? [])
          if (segment.type === undefined || segment.type === "COMPANY") segments.set(segment.name, segment);
        if ((body.elements ?? []).length < 100) break;
      }
      this.segments = segments;
    }
    const found = this.segments.get(name);
    if (found || !create) return found;
    // https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments (Create a DMP Segment)
    const body = {
      name,
      sourcePlatform: this.platform,
      account: this.account,
      accessPolicy: "PRIVATE",
      type: "COMPANY",
      destinations: [{ destination: "LINKEDIN" }],
    };
    const answer = await this.client.request("POST", "/rest/dmpSegments", { body: JSON.stringify(body), timeoutMs });
    checkVersion(answer.status, answer.text);
    const id = answer.headers.get("x-restli-id") ?? answer.headers.get("x-linkedin-id");
    if (answer.status !== 201 || !id)
      throw new BatchRejectedError(`LinkedIn create segment "${name}": HTTP ${answer.status} ${brief(answer.text)}`);
    const segment: Segment = {
      id,
      name,
      type: "COMPANY",
      destinations: [{ destination: "LINKEDIN", status: "BUILDING" }],
    };
    this.segments.set(name, segment);
    this.readyAt.set(name, Date.now() + this.readyMs);
    return segment;
  }

  async read(held: ReadonlyMap<string, StateRecord> = new Map()): Promise<Map<string, Record<string, FieldValue>>> {
    this.segments = undefined;
    this.lastNotes = [];
    const holding = new Map<string, number>();
    for (const record of held.values())
      for (const name of audiences(record.values.audience)) holding.set(name, (holding.get(name) ?? 0) + 1);
    const usable = new Map<string, boolean>();
    for (const name of [...holding.keys()].sort(compareCodePoints)) {
      const companies = `segform holds ${holding.get(name)!.toLocaleString("en-US")} ${holding.get(name) === 1 ? "company" : "companies"} there`;
      const segment = await this.segment(name, false, READ_TIMEOUT_MS);
      if (!segment) {
        usable.set(name, false);
        this.lastNotes.push(`segment "${name}": not found in the ad account (deleted or renamed); ${companies}`);
        continue;
      }
      // The segment's status and counts, read back: https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments (Get a DMP Segment)
      const { status, body, text } = await this.client.json<Segment>(
        "GET",
        `/rest/dmpSegments/${encodeURIComponent(String(segment.id))}`,
        undefined,
        READ_TIMEOUT_MS,
      );
      if (status === 404) {
        usable.set(name, false);
        this.lastNotes.push(`segment "${name}": not found in the ad account (deleted or renamed); ${companies}`);
        continue;
      }
      if (status !== 200) throw new BatchRejectedError(`LinkedIn segment "${name}": HTTP ${status} ${brief(text)}`);
      const destination = (body.destinations ?? []).find((entry) => entry.destination === "LINKEDIN");
      usable.set(name, !(body.destinations ?? []).some((entry) => UNUSABLE.has(entry.status ?? "")));
      const counts = [
        body.inputCount === undefined ? "" : `input ${body.inputCount.toLocaleString("en-US")}`,
        destination?.matchedCount === undefined
          ? ""
          : `matched ${destination.matchedCount.toLocaleString("en-US")} (last 7 days)`,
        destination?.audienceSize === undefined
          ? ""
          : `audience size ${destination.audienceSize.toLocaleString("en-US")}`,
      ].filter(Boolean);
      this.lastNotes.push(
        `segment "${name}": ${destination?.status ?? "no LINKEDIN destination"}${counts.length ? `, ${counts.join(", ")}` : ""}; ${companies}`,
      );
    }
    const found = new Map<string, Record<string, FieldValue>>();
    for (const [key, record] of held) {
      const { audience, ...values } = record.values;
      const still = audiences(audience).filter((name) => usable.get(name));
      found.set(key, still.length ? { ...values, audience: joinAudiences(still, audience) } : values);
    }
    return found;
  }

  /** Per segment, from the last `read`: its status and counts (LinkedIn does not list a segment's companies). */
  notes(): string[] {
    return [...this.lastNotes];
  }

  async close(): Promise<void> {}
}

/** The company identifiers among a record's mapped fields. */
function company(values: Record<string, FieldValue>): Company {
  const out: Company = {};
  for (const field of COMPANY_FIELDS) {
    const value = values[field];
    if (value !== undefined && value !== "") out[field] = String(value);
  }
  return out;
}
