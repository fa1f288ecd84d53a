import { ContractServer, json, type ContractAnswer, type ContractRequest } from "./server.js";

/**
 * A HubSpot contract server: the CRM v3 object batch endpoints and lists v3 endpoints segform uses, as HubSpot
 * documents them, with companies, lists and memberships in memory. Errors use HubSpot's error shape
 * ({ status: "error", category, message, correlationId, context }).
 */

interface Company {
  id: string;
  properties: Record<string, string>;
}

interface List {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: "MANUAL" | "SNAPSHOT" | "DYNAMIC";
  members: Set<string>;
}

const MAX_BATCH = 100;

function error(status: number, category: string, message: string, context?: Record<string, string[]>): ContractAnswer {
  return {
    status,
    body: {
      status: "error",
      category,
      message,
      correlationId: "00000000-0000-4000-8000-000000000000",
      ...(context ? { context } : {}),
    },
  };
}

export class HubSpotContract extends ContractServer {
  readonly companies = new Map<string, Company>();
  readonly lists = new Map<string, List>();
  /** Keys whose upsert input is refused (207, VALIDATION_ERROR), as a property value HubSpot rejects. */
  readonly rejectKeys = new Set<string>();
  private nextId = 1001;
  private nextListId = 1;

  constructor(
    token: string,
    /** Properties created with "unique values" (the only valid `idProperty`s). */
    readonly uniqueProperties: string[] = ["segform_key"],
    rateLimit: { max: number; windowMs: number } = { max: 190, windowMs: 10_000 },
    /** Send the X-HubSpot-RateLimit-* headers (private apps get them; some answers do not carry them). */
    readonly rateLimitHeaders = true,
  ) {
    super(token, rateLimit);
  }

  protected unauthorized(expired: boolean): unknown {
    // https://developers.hubspot.com/docs/api/error-handling (401 Unauthorized)
    return expired
      ? {
          status: "error",
          message: "The OAuth token used to make this call expired 1 second(s) ago.",
          correlationId: "00000000-0000-4000-8000-000000000000",
          category: "EXPIRED_AUTHENTICATION",
        }
      : {
          status: "error",
          message: "Authentication credentials not found.",
          correlationId: "00000000-0000-4000-8000-000000000000",
          category: "INVALID_AUTHENTICATION",
        };
  }

  protected rateLimited(): unknown {
    // https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details (429 body, policyName TEN_SECONDLY_ROLLING)
    return {
      status: "error",
      message: "You have reached your ten_secondly_rolling limit.",
      errorType: "RATE_LIMIT",
      correlationId: "00000000-0000-4000-8000-000000000000",
      policyName: "TEN_SECONDLY_ROLLING",
    };
  }

  protected override headersFor(): Record<string, string> {
    // https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details#rate-limits (private apps' headers)
    if (!this.rateLimitHeaders) return {};
    const limit = this.rateLimit!;
    const now = Date.now();
    const recent = this.requests.filter((request) => request.at > now - limit.windowMs).length;
    return {
      "x-hubspot-ratelimit-max": String(limit.max),
      "x-hubspot-ratelimit-remaining": String(Math.max(0, limit.max - recent)),
      "x-hubspot-ratelimit-interval-milliseconds": String(limit.windowMs),
    };
  }

  protected route(request: ContractRequest): ContractAnswer {
    const { method, path } = request;
    let match: RegExpExecArray | null;
    if (method === "POST" && (match = /^\/crm\/v3\/objects\/(companies)\/batch\/upsert$/.exec(path)))
      return this.upsert(request);
    if (method === "POST" && /^\/crm\/v3\/objects\/companies\/batch\/read$/.test(path)) return this.batchRead(request);
    if (method === "POST" && /^\/crm\/v3\/objects\/companies\/search$/.test(path)) return this.search(request);
    if (method === "GET" && (match = /^\/crm\/v3\/lists\/object-type-id\/([^/]+)\/name\/([^/]+)$/.exec(path)))
      return this.listByName(match[1]!, decodeURIComponent(match[2]!));
    if (method === "POST" && path === "/crm/v3/lists") return this.createList(request);
    if (method === "PUT" && (match = /^\/crm\/v3\/lists\/([^/]+)\/memberships\/add-and-remove$/.exec(path)))
      return this.addAndRemove(request, decodeURIComponent(match[1]!));
    if (method === "GET" && (match = /^\/crm\/v3\/lists\/([^/]+)\/memberships$/.exec(path)))
      return this.members(request, decodeURIComponent(match[1]!));
    return error(404, "OBJECT_NOT_FOUND", `No route for ${method} ${path}`);
  }

  /**
   * POST /crm/v3/objects/companies/batch/upsert
   * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/batch/upsert-companies
   * Inputs { idProperty, id, properties, objectWriteTraceId? }, at most 100; creates or updates by the unique
   * property; 200 with every result, 207 Multi-Status with `errors` (context.objectWriteTraceId) when some fail.
   */
  private upsert(request: ContractRequest): ContractAnswer {
    const body = json<{
      inputs?: {
        idProperty?: string;
        id?: string;
        properties?: Record<string, unknown>;
        objectWriteTraceId?: string;
      }[];
    }>(request.body);
    const inputs = body?.inputs;
    if (!Array.isArray(inputs) || inputs.length === 0)
      return error(400, "VALIDATION_ERROR", "Invalid input JSON: inputs is required");
    if (inputs.length > MAX_BATCH)
      return error(400, "VALIDATION_ERROR", `Too many inputs: ${inputs.length} (the limit is ${MAX_BATCH})`);
    const ids = inputs.map((input) => input.id);
    if (new Set(ids).size !== ids.length) return error(400, "VALIDATION_ERROR", "Duplicate IDs found in batch input");
    for (const input of inputs) {
      if (
        typeof input.id !== "string" ||
        typeof input.idProperty !== "string" ||
        typeof input.properties !== "object" ||
        input.properties === null
      )
        return error(400, "VALIDATION_ERROR", "Invalid input JSON: each input needs id, idProperty and properties");
      if (!this.uniqueProperties.includes(input.idProperty))
        return error(400, "VALIDATION_ERROR", `Property ${input.idProperty} is not a unique identifier property`);
      for (const value of Object.values(input.properties))
        if (typeof value !== "string") return error(400, "VALIDATION_ERROR", "Property values must be strings");
    }
    const results: unknown[] = [];
    const errors: unknown[] = [];
    const now = new Date().toISOString();
    for (const input of inputs) {
      if (this.rejectKeys.has(input.id!)) {
        errors.push({
          status: "error",
          category: "VALIDATION_ERROR",
          message: `Property values were not valid for ${input.idProperty}=${input.id}`,
          context: { objectWriteTraceId: [input.objectWriteTraceId ?? ""], ids: [input.id!] },
        });
        continue;
      }
      let company = this.byKey(input.idProperty!, input.id!);
      const created = !company;
      if (!company) {
        company = { id: String(this.nextId++), properties: {} };
        this.companies.set(company.id, company);
        this.setProperty(company, input.idProperty!, input.id!);
      }
      for (const [name, value] of Object.entries(input.properties as Record<string, string>))
        this.setProperty(company, name, value);
      this.write(request, input.id!, `upsert ${input.objectWriteTraceId ?? JSON.stringify(input.properties)}`);
      results.push({
        id: company.id,
        properties: { ...company.properties, hs_object_id: company.id },
        createdAt: now,
        updatedAt: now,
        archived: false,
        new: created,
        ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}),
      });
    }
    // Results are not in input order (clients match them by objectWriteTraceId or the id property).
    results.reverse();
    const answer = { status: "COMPLETE", results, requestedAt: now, startedAt: now, completedAt: now };
    return errors.length
      ? { status: 207, body: { ...answer, numErrors: errors.length, errors } }
      : { status: 200, body: answer };
  }

  /**
   * POST /crm/v3/objects/companies/batch/read
   * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/batch/read-companies
   * Inputs { id } by record id, or by a unique property with `idProperty`; missing ones in a 207's errors.
   */
  private batchRead(request: ContractRequest): ContractAnswer {
    const body = json<{ idProperty?: string; inputs?: { id?: string }[]; properties?: string[] }>(request.body);
    if (!body || !Array.isArray(body.inputs) || !Array.isArray(body.properties))
      return error(400, "VALIDATION_ERROR", "Invalid input JSON");
    if (body.inputs.length > MAX_BATCH)
      return error(400, "VALIDATION_ERROR", `Too many inputs: ${body.inputs.length} (the limit is ${MAX_BATCH})`);
    if (body.idProperty && !this.uniqueProperties.includes(body.idProperty))
      return error(400, "VALIDATION_ERROR", `Property ${body.idProperty} is not a unique identifier property`);
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of body.inputs) {
      const company = body.idProperty
        ? this.byKey(body.idProperty, String(input.id))
        : this.companies.get(String(input.id));
      if (!company) {
        missing.push(String(input.id));
        continue;
      }
      const properties: Record<string, string | null> = { hs_object_id: company.id };
      for (const name of body.properties) properties[name] = company.properties[name] ?? null;
      results.push({ id: company.id, properties, archived: false });
    }
    const answer = { status: "COMPLETE", results };
    if (!missing.length) return { status: 200, body: answer };
    return {
      status: 207,
      body: {
        ...answer,
        numErrors: 1,
        errors: [
          {
            status: "error",
            category: "OBJECT_NOT_FOUND",
            message: "Could not get some COMPANY objects, they may be deleted or not exist.",
            context: { ids: missing },
          },
        ],
      },
    };
  }

  /**
   * POST /crm/v3/objects/companies/search
   * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/search/search-companies
   * Only what segform sends: one filter `IN` on a property (at most 100 values), limit <= 200.
   */
  private search(request: ContractRequest): ContractAnswer {
    const body = json<{
      filterGroups?: { filters?: { propertyName?: string; operator?: string; values?: string[] }[] }[];
      properties?: string[];
      limit?: number;
    }>(request.body);
    const filter = body?.filterGroups?.[0]?.filters?.[0];
    if (filter?.operator !== "IN" || !Array.isArray(filter.values) || typeof filter.propertyName !== "string")
      return error(400, "VALIDATION_ERROR", "This contract server answers one IN filter");
    if (filter.values.length > 100)
      return error(400, "VALIDATION_ERROR", "Too many values in an IN filter (the limit is 100)");
    if ((body!.limit ?? 10) > 200) return error(400, "VALIDATION_ERROR", "limit must be at most 200");
    if (!this.uniqueProperties.includes(filter.propertyName))
      return error(400, "VALIDATION_ERROR", "This contract server searches unique properties only");
    const results = filter.values
      .map((value) => this.byKey(filter.propertyName!, value))
      .filter((company): company is Company => company !== undefined)
      .map((company) => ({
        id: company.id,
        properties: Object.fromEntries(
          (body!.properties ?? []).map((name) => [name, company.properties[name] ?? null]),
        ),
        archived: false,
      }));
    return { status: 200, body: { total: results.length, results } };
  }

  /**
   * GET /crm/v3/lists/object-type-id/{objectTypeId}/name/{listName}
   * https://developers.hubspot.com/docs/api-reference/crm-lists-v3/lists/get-crm-v3-lists-object-type-id-objectTypeId-name-listName
   */
  private listByName(objectTypeId: string, name: string): ContractAnswer {
    const list = [...this.lists.values()].find(
      (l) => l.objectTypeId === objectTypeId && l.name.toLowerCase() === name.toLowerCase(),
    );
    if (!list) return error(404, "OBJECT_NOT_FOUND", `List does not exist with name ${name}`);
    return { status: 200, body: { list: this.listView(list) } };
  }

  /**
   * POST /crm/v3/lists  { name, objectTypeId, processingType }
   * https://developers.hubspot.com/docs/api-reference/crm-lists-v3/lists/post-crm-v3-lists-
   */
  private createList(request: ContractRequest): ContractAnswer {
    const body = json<{ name?: string; objectTypeId?: string; processingType?: string }>(request.body);
    if (!body?.name || !body.objectTypeId || !["MANUAL", "SNAPSHOT", "DYNAMIC"].includes(body.processingType ?? ""))
      return error(400, "VALIDATION_ERROR", "name, objectTypeId and processingType are required");
    if ([...this.lists.values()].some((l) => l.name.toLowerCase() === body.name!.toLowerCase()))
      return error(400, "VALIDATION_ERROR", `A list named ${body.name} already exists`);
    const list: List = {
      listId: String(this.nextListId++),
      name: body.name,
      objectTypeId: body.objectTypeId,
      processingType: body.processingType as List["processingType"],
      members: new Set(),
    };
    this.lists.set(list.listId, list);
    return { status: 200, body: { list: this.listView(list) } };
  }

  /**
   * PUT /crm/v3/lists/{listId}/memberships/add-and-remove  { recordIdsToAdd, recordIdsToRemove }
   * https://developers.hubspot.com/docs/api-reference/crm-lists-v3/memberships/put-crm-v3-lists-listId-memberships-add-and-remove
   * MANUAL or SNAPSHOT lists only; ids that are not records come back in recordIdsMissing.
   */
  private addAndRemove(request: ContractRequest, listId: string): ContractAnswer {
    const list = this.lists.get(listId);
    if (!list) return error(404, "OBJECT_NOT_FOUND", `List ${listId} does not exist`);
    if (list.processingType === "DYNAMIC")
      return error(400, "VALIDATION_ERROR", "Memberships of DYNAMIC lists cannot be changed by hand");
    const body = json<{ recordIdsToAdd?: unknown[]; recordIdsToRemove?: unknown[] }>(request.body);
    if (!body || !Array.isArray(body.recordIdsToAdd) || !Array.isArray(body.recordIdsToRemove))
      return error(400, "VALIDATION_ERROR", "recordIdsToAdd and recordIdsToRemove are required");
    if (body.recordIdsToAdd.length + body.recordIdsToRemove.length > 100_000)
      return error(400, "VALIDATION_ERROR", "At most 100,000 record ids per request");
    const added: string[] = [];
    const removed: string[] = [];
    const missing: string[] = [];
    for (const raw of body.recordIdsToAdd) {
      const id = String(raw);
      if (!this.companies.has(id)) missing.push(id);
      else {
        list.members.add(id);
        added.push(id);
        this.write(request, this.companies.get(id)!.properties[this.uniqueProperties[0]!] ?? id, `list ${list.name} +`);
      }
    }
    for (const raw of body.recordIdsToRemove) {
      const id = String(raw);
      if (list.members.delete(id)) {
        removed.push(id);
        this.write(request, this.companies.get(id)?.properties[this.uniqueProperties[0]!] ?? id, `list ${list.name} -`);
      } else if (!this.companies.has(id)) missing.push(id);
    }
    return { status: 200, body: { recordIdsAdded: added, recordIdsRemoved: removed, recordIdsMissing: missing } };
  }

  /**
   * GET /crm/v3/lists/{listId}/memberships?after=&limit=  (limit <= 250, ascending record id)
   * https://developers.hubspot.com/docs/api-reference/crm-lists-v3/memberships/get-crm-v3-lists-listId-memberships
   */
  private members(request: ContractRequest, listId: string): ContractAnswer {
    const list = this.lists.get(listId);
    if (!list) return error(404, "OBJECT_NOT_FOUND", `List ${listId} does not exist`);
    const limit = Number(request.query.get("limit") ?? "100");
    if (!(limit >= 1 && limit <= 250)) return error(400, "VALIDATION_ERROR", "limit must be between 1 and 250");
    const after = Number(request.query.get("after") ?? "0");
    const ids = [...list.members].map(Number).sort((a, b) => a - b);
    const page = ids.filter((id) => id > after).slice(0, limit);
    const more = ids.filter((id) => id > after).length > page.length;
    return {
      status: 200,
      body: {
        results: page.map((id) => ({ recordId: String(id), membershipTimestamp: "2026-12-03T00:00:00Z" })),
        ...(more ? { paging: { next: { after: String(page[page.length - 1]) } } } : {}),
      },
    };
  }

  private listView(list: List) {
    return {
      listId: list.listId,
      name: list.name,
      objectTypeId: list.objectTypeId,
      processingType: list.processingType,
      size: list.members.size,
    };
  }

  /** Unique property values -> record id (HubSpot enforces the uniqueness). */
  private readonly index = new Map<string, string>();

  private byKey(property: string, key: string): Company | undefined {
    const id = this.index.get(`${property}\u0000${key}`);
    return id === undefined ? undefined : this.companies.get(id);
  }

  private setProperty(company: Company, name: string, value: string): void {
    if (this.uniqueProperties.includes(name)) {
      const old = company.properties[name];
      if (old !== undefined) this.index.delete(`${name}\u0000${old}`);
      if (value !== "") this.index.set(`${name}\u0000${value}`, company.id);
    }
    if (value === "") delete company.properties[name];
    else company.properties[name] = value;
  }

  /** A hand edit in HubSpot's UI: a property changed (or cleared with ""). */
  edit(key: string, name: string, value: string): void {
    this.setProperty(this.company(key)!, name, value);
  }

  // Hand edits and views for the tests.

  /** What HubSpot holds per key: the properties (without the key) and the lists the company is in. */
  held(property = this.uniqueProperties[0]!): Map<string, Record<string, string>> {
    const out = new Map<string, Record<string, string>>();
    for (const company of this.companies.values()) {
      const { [property]: key, ...rest } = company.properties;
      const lists = [...this.lists.values()]
        .filter((list) => list.members.has(company.id))
        .map((list) => list.name)
        .sort();
      const values: Record<string, string> = { ...rest };
      if (lists.length) values.lists = lists.join("|");
      if (Object.keys(values).length) out.set(key!, values);
    }
    return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  company(key: string): Company | undefined {
    return this.byKey(this.uniqueProperties[0]!, key);
  }

  listNamed(name: string): List | undefined {
    return [...this.lists.values()].find((list) => list.name === name);
  }
}
