import { ContractServer, json, type ContractAnswer, type ContractRequest } from "./server.js";

/**
 * A LinkedIn contract server: the Marketing API's DMP segment endpoints the linkedin adapter uses, as documented,
 * with segments and their companies in memory. Every request must carry `LinkedIn-Version: YYYYMM` and
 * `X-Restli-Protocol-Version: 2.0.0`; errors use LinkedIn's shape ({ status, serviceErrorCode, code, message }).
 */

interface Segment {
  id: number;
  name: string;
  account: string;
  sourcePlatform: string;
  status: "BUILDING" | "UPDATING" | "READY" | "FAILED" | "EXPIRED" | "ARCHIVED";
  createdAt: number;
  /** Companies by their identity (JSON of the identifying fields). */
  companies: Set<string>;
  /** The audience LinkedIn reports (set by a test; default: one per company). */
  audienceSize?: number;
}

const IDENTITY = [
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
];
const MAX_ELEMENTS = 5000;

function error(status: number, code: string, message: string, serviceErrorCode = 100): ContractAnswer {
  return { status, body: { status, serviceErrorCode, code, message } };
}

export class LinkedInContract extends ContractServer {
  readonly segments = new Map<number, Segment>();
  /** Companies (by companyWebsiteDomain or organizationUrn) whose element is refused with a 400 status. */
  readonly rejectCompanies = new Set<string>();
  /** A new segment takes companies only after this long ("wait 5 seconds ... before adding companies"). */
  availableAfterMs = 200;
  private nextId = 1;

  constructor(
    token: string,
    rateLimit: { max: number; windowMs: number } = { max: 300, windowMs: 60_000 },
    /** LinkedIn-Version values still served (older ones are sunset: 426). */
    readonly versions: string[] = ["202511", "202601", "202604"],
    /** The sourcePlatform values this app was granted (LinkedIn gives one to each Audience API partner). */
    readonly platforms: string[] = ["SEGFORM_TEST"],
  ) {
    super(token, rateLimit);
  }

  protected unauthorized(expired: boolean): unknown {
    // https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow (401 on expired or invalid tokens)
    return expired
      ? {
          status: 401,
          serviceErrorCode: 65601,
          code: "REVOKED_ACCESS_TOKEN",
          message: "The token used in the request has been revoked by the user",
        }
      : { status: 401, serviceErrorCode: 65600, code: "INVALID_ACCESS_TOKEN", message: "Invalid access token" };
  }

  protected rateLimited(): unknown {
    // https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-companies (Rate Limits: 429)
    return {
      status: 429,
      serviceErrorCode: 101,
      code: "TOO_MANY_REQUESTS",
      message: "Resource level throttle 1 MINUTE limit for calls to this resource is reached.",
    };
  }

  protected route(request: ContractRequest): ContractAnswer {
    const version = String(request.headers["linkedin-version"] ?? "");
    if (!/^\d{6}$/.test(version))
      return error(
        400,
        "VERSION_MISSING",
        "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
      );
    if (!this.versions.includes(version))
      return error(426, "NONEXISTENT_VERSION", `Requested version ${version} is not active`);
    if (request.headers["x-restli-protocol-version"] !== "2.0.0")
      return error(400, "ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version 2.0.0 is required");
    const { method, path } = request;
    let match: RegExpExecArray | null;
    if (method === "GET" && path === "/rest/dmpSegments") return this.find(request);
    if (method === "POST" && path === "/rest/dmpSegments") return this.create(request);
    if (method === "GET" && (match = /^\/rest\/dmpSegments\/(\d+)$/.exec(path))) return this.get(Number(match[1]));
    if (method === "POST" && (match = /^\/rest\/dmpSegments\/(\d+)\/companies$/.exec(path)))
      return this.companies(request, Number(match[1]));
    return error(404, "NOT_FOUND", `No resource ${method} ${path}`);
  }

  /**
   * GET /rest/dmpSegments?q=account&account={sponsoredAccount urn}&start=&count=
   * https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments (Find DMP Segments by Account)
   */
  private find(request: ContractRequest): ContractAnswer {
    if (
      request.query.get("q") !== "account" ||
      !/^urn:li:sponsoredAccount:\d+$/.test(request.query.get("account") ?? "")
    )
      return error(400, "ILLEGAL_ARGUMENT", "q=account and account=urn:li:sponsoredAccount:<id> are required");
    const start = Number(request.query.get("start") ?? "0");
    const count = Math.min(Number(request.query.get("count") ?? "10"), 100);
    const all = [...this.segments.values()].filter((segment) => segment.account === request.query.get("account"));
    return {
      status: 200,
      body: {
        elements: all.slice(start, start + count).map((segment) => this.view(segment)),
        paging: { start, count, total: all.length },
      },
    };
  }

  /**
   * POST /rest/dmpSegments  { name, sourcePlatform, account, accessPolicy?, type: COMPANY, destinations: [{ destination: LINKEDIN }] }
   * https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments (Create a DMP Segment)
   * 201 with the new id in the x-restli-id header.
   */
  private create(request: ContractRequest): ContractAnswer {
    const body = json<{
      name?: string;
      sourcePlatform?: string;
      account?: string;
      accessPolicy?: string;
      type?: string;
      destinations?: { destination?: string }[];
    }>(request.body);
    if (
      !body?.name ||
      !body.sourcePlatform ||
      !/^urn:li:sponsoredAccount:\d+$/.test(body.account ?? "") ||
      !["USER", "COMPANY"].includes(body.type ?? "") ||
      !body.destinations?.some((d) => d.destination === "LINKEDIN")
    ) {
      return error(422, "UNPROCESSABLE_ENTITY", "name, sourcePlatform, account, type and destinations are required");
    }
    if (body.type !== "COMPANY")
      return error(422, "UNPROCESSABLE_ENTITY", "this contract server holds COMPANY segments");
    if (!this.platforms.includes(body.sourcePlatform))
      return error(403, "ACCESS_DENIED", `sourcePlatform ${body.sourcePlatform} is not granted to this application`);
    if (body.accessPolicy !== undefined && !["PRIVATE", "PUBLIC"].includes(body.accessPolicy))
      return error(422, "UNPROCESSABLE_ENTITY", "accessPolicy must be PRIVATE or PUBLIC");
    const segment: Segment = {
      id: this.nextId++,
      name: body.name,
      account: body.account!,
      sourcePlatform: body.sourcePlatform,
      status: "BUILDING",
      createdAt: Date.now(),
      companies: new Set(),
    };
    this.segments.set(segment.id, segment);
    return { status: 201, headers: { "x-restli-id": String(segment.id), "x-linkedin-id": String(segment.id) } };
  }

  /**
   * GET /rest/dmpSegments/{id}: the segment, with its destination status (BUILDING, UPDATING, READY, FAILED, ...)
   * https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segments (Get a DMP Segment)
   */
  private get(id: number): ContractAnswer {
    const segment = this.segments.get(id);
    return segment
      ? { status: 200, body: this.view(segment) }
      : error(404, "NOT_FOUND", `DMP segment ${id} does not exist`);
  }

  /**
   * POST /rest/dmpSegments/{id}/companies  (X-RestLi-Method: BATCH_CREATE) { elements: [{ action: ADD|REMOVE, ...company }] }
   * https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-companies
   * One status per element, in order (201 accepted, 400 with a message when refused).
   */
  private companies(request: ContractRequest, id: number): ContractAnswer {
    if (request.headers["x-restli-method"] !== "BATCH_CREATE")
      return error(400, "ILLEGAL_ARGUMENT", "X-RestLi-Method: BATCH_CREATE is required");
    const segment = this.segments.get(id);
    if (!segment) return error(404, "NOT_FOUND", `DMP segment ${id} does not exist`);
    if (Date.now() - segment.createdAt < this.availableAfterMs)
      return error(404, "NOT_FOUND", `DMP segment ${id} is not available yet`);
    const body = json<{ elements?: Record<string, unknown>[] }>(request.body);
    if (!body || !Array.isArray(body.elements) || !body.elements.length)
      return error(400, "ILLEGAL_ARGUMENT", "elements is required");
    if (body.elements.length > MAX_ELEMENTS)
      return error(400, "ILLEGAL_ARGUMENT", `At most ${MAX_ELEMENTS} elements per request`);
    const elements = body.elements.map((element) => {
      const identity = Object.fromEntries(
        IDENTITY.filter((field) => typeof element[field] === "string").map((field) => [
          field,
          element[field] as string,
        ]),
      );
      if (!["ADD", "REMOVE"].includes(String(element.action)) || !Object.keys(identity).length)
        return { status: 400, message: "action ADD or REMOVE and a company identifier are required" };
      if (this.rejectCompanies.has(String(identity.companyWebsiteDomain ?? identity.organizationUrn)))
        return { status: 400, message: "companyWebsiteDomain is not a valid domain" };
      const key = JSON.stringify(identity);
      if (element.action === "ADD") segment.companies.add(key);
      else segment.companies.delete(key);
      this.write(
        request,
        String(identity.companyWebsiteDomain ?? identity.organizationUrn ?? identity.companyName),
        `${element.action} ${segment.name}`,
      );
      return { status: 201 };
    });
    if (segment.status === "BUILDING") segment.status = "READY";
    return { status: 200, body: { elements } };
  }

  private view(segment: Segment) {
    // inputCount and, per destination, matchedCount (last seven days) and audienceSize, as the segment finder's
    // sample answer shows them; here every company input matches, and the audience is what LinkedIn could target.
    const counts =
      segment.status === "BUILDING"
        ? {}
        : { matchedCount: segment.companies.size, audienceSize: segment.audienceSize ?? segment.companies.size };
    return {
      id: segment.id,
      name: segment.name,
      account: segment.account,
      sourcePlatform: segment.sourcePlatform,
      type: "COMPANY",
      ...(segment.status === "BUILDING" ? {} : { inputCount: segment.companies.size }),
      destinations: [{ destination: "LINKEDIN", status: segment.status, ...counts }],
    };
  }

  /** Companies per segment name, by their website domain (or URN). */
  held(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const segment of [...this.segments.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      out.set(
        segment.name,
        [...segment.companies]
          .map((key) => {
            const c = JSON.parse(key) as Record<string, string>;
            return c.companyWebsiteDomain ?? c.organizationUrn ?? c.companyName!;
          })
          .sort(),
      );
    }
    return out;
  }

  segmentNamed(name: string): Segment | undefined {
    return [...this.segments.values()].find((segment) => segment.name === name);
  }
}
