import { compareCodePoints } from "@segform/engine";
import type { FieldValue, StateRecord } from "../model.js";
import { resolveEnv } from "../settings.js";
import {
  BatchRejectedError,
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

/**
 * `type: hubspot`: CRM record properties by batch upsert keyed by a unique property, and list membership.
 *
 * - Properties: `POST /crm/v3/objects/{object}/batch/upsert` with `idProperty` (a property with unique values,
 *   e.g. a custom `segform_account_id`), at most 100 inputs, each carrying the operation's idempotency id as
 *   `objectWriteTraceId`; results come back per input (matched by that id, not by position), per-input errors
 *   in a 207 Multi-Status answer are rejected records.
 *   https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/batch/upsert-companies
 * - `audience` (the activation's `audience:`) is list membership, not a property: one MANUAL list per audience
 *   name, found by name or created, members changed with `PUT /crm/v3/lists/{listId}/memberships/add-and-remove`
 *   (record ids from the upsert results, or a search by the unique property for removals).
 *   https://developers.hubspot.com/docs/api-reference/crm-lists-v3/memberships/put-crm-v3-lists-listId-memberships-add-and-remove
 * - A removal (mirror, or on_exit: clear) clears the mapped properties and takes the record out of segform's
 *   lists; it never deletes the CRM record (sales owns it).
 * - Limits: at most 190 requests per 10 s per token (private apps, client side, `rate_limit:` to change); an
 *   answer with X-HubSpot-RateLimit-Remaining: 0 pauses for X-HubSpot-RateLimit-Interval-Milliseconds; 429 with
 *   Retry-After retried; a 401 (expired token) stops the apply for this destination.
 *
 * Settings: `token: "${env:NAME}"` (private-app token), `url:` (default https://api.hubapi.com), `object:`
 * (default `companies`), `options: { id_property: NAME, rate_limit: "190/10s" }`, `batch_size:` (records per
 * batch, default 1,000: upserts go 100 at a time within it). List memberships are aggregated across batches: a
 * list's request goes when it holds 100,000 record ids, or after the last batch; a record is acknowledged (and
 * journaled) only once its upsert and its memberships are.
 */

export const HUBSPOT_DEFAULT_URL = "https://api.hubapi.com";
const MAX_INPUTS = 100;
/**
 * Record ids per lists v3 membership request (adds and removes together): the 100,000 HubSpot's lists guide gives
 * (https://developers.hubspot.com/docs/guides/api/crm/lists/overview), which the contract server enforces; the
 * endpoint's reference page (add-and-remove, above) states no maximum of its own.
 */
const MAX_LIST_IDS = 100_000;
const DEFAULT_LIMIT = { max: 190, windowMs: 10_000 };
/** Object type ids of lists (https://developers.hubspot.com/docs/guides/api/crm/understanding-the-crm#object-type-ids). */
const OBJECT_TYPE_IDS: Record<string, string> = { companies: "0-2", contacts: "0-1", deals: "0-3", tickets: "0-5" };
const READ_TIMEOUT_MS = 30_000;

/** Records per batch: upserts go 100 at a time within it. */
const DEFAULT_BATCH = 1000;
const MAX_BATCH = 10_000;

export const hubspotDestination: AdapterType = {
  defaultBatchSize: DEFAULT_BATCH,
  unconfigured(settings) {
    return settings.id_property === undefined
      ? "needs options.id_property (a HubSpot property with unique values that holds the account key)"
      : undefined;
  },
  check(settings) {
    const problems: string[] = [];
    if (typeof settings.token !== "string" || !settings.token)
      problems.push('`token:` is required (e.g. "${env:HUBSPOT_TOKEN}", a private-app token)');
    if (typeof settings.id_property !== "string" || !/^[a-z0-9_]+$/i.test(settings.id_property)) {
      problems.push(
        "`options: { id_property: NAME }` is required: a property with unique values that holds the account key",
      );
    }
    const object = typeof settings.object === "string" ? settings.object : "companies";
    if (!OBJECT_TYPE_IDS[object] && typeof settings.object_type_id !== "string")
      problems.push(`object ${object}: give options.object_type_id for its lists`);
    if (typeof settings.batch_size === "number" && settings.batch_size > MAX_BATCH)
      problems.push(
        `batch_size ${settings.batch_size} is over ${MAX_BATCH} (upserts go ${MAX_INPUTS} at a time within a batch)`,
      );
    const limit = parseRateLimit(settings.rate_limit, DEFAULT_LIMIT);
    if (typeof limit === "string") problems.push(limit);
    return problems;
  },
  describe(settings) {
    return `HubSpot ${typeof settings.object === "string" ? settings.object : "companies"} by ${String(settings.id_property)}`;
  },
  async open(context) {
    const where = `destination ${context.destination}`;
    const token = bearerToken(
      resolveEnv(String(context.settings.token), context.env, `${where}: token`),
      context.destination,
      envName(context.settings.token),
    );
    const url = baseUrl(
      typeof context.settings.url === "string"
        ? resolveEnv(context.settings.url, context.env, `${where}: url`)
        : HUBSPOT_DEFAULT_URL,
      context.destination,
    );
    const limit = parseRateLimit(context.settings.rate_limit, DEFAULT_LIMIT) as
      | { max: number; windowMs: number }
      | undefined;
    // https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details#rate-limits (private apps' headers)
    const headers = {
      remaining: "x-hubspot-ratelimit-remaining",
      intervalMs: "x-hubspot-ratelimit-interval-milliseconds",
    };
    const client = new HttpClient(
      url,
      { authorization: `Bearer ${token}`, "user-agent": "segform" },
      limiterFor("hubspot", token, limit),
      "HubSpot",
      envName(context.settings.token),
      headers,
    );
    const object = typeof context.settings.object === "string" ? context.settings.object : "companies";
    const objectTypeId =
      typeof context.settings.object_type_id === "string" ? context.settings.object_type_id : OBJECT_TYPE_IDS[object]!;
    return new HubSpotAdapter(
      client,
      object,
      objectTypeId,
      String(context.settings.id_property),
      Math.min(MAX_BATCH, batchSize(context.settings, DEFAULT_BATCH)),
    );
  },
};

/** The variable a `${env:NAME}` setting names (for hints; never the value). */
export function envName(setting: FieldValue | undefined): string {
  const match = typeof setting === "string" ? /\$\{env:([^}]+)\}/.exec(setting) : null;
  return match ? match[1]! : "the token's environment variable";
}

/** "A; B" as the audience names. */
export function audiences(value: FieldValue | undefined): string[] {
  return typeof value === "string" && value ? value.split("; ") : [];
}

/** One list change of an operation. */
interface Membership {
  list: string;
  add: boolean;
  recordId: string;
}

/** The list changes an operation makes: added to the lists it is in now, out of those it left. */
function memberships(op: Operation, recordId: string): Membership[] {
  const now = op.action === "remove" ? [] : audiences(op.values.audience);
  const before = audiences(op.previous?.audience);
  return [
    ...now.map((list) => ({ list, add: true, recordId })),
    ...before.filter((name) => !now.includes(name)).map((list) => ({ list, add: false, recordId })),
  ];
}

interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  objectWriteTraceId?: string;
}

interface HubSpotBatchAnswer {
  status?: string;
  results?: HubSpotObject[];
  errors?: { status?: string; category?: string; message?: string; context?: Record<string, string[]> }[];
  message?: string;
  category?: string;
}

interface HubSpotList {
  listId: string;
  name: string;
  processingType: string;
}

class HubSpotAdapter implements Adapter {
  readonly capabilities;
  private readonly lists = new Map<string, HubSpotList | null>();
  /** Operations whose upsert the destination acknowledged in this run: a retried batch does not write them again. */
  private readonly upserted = new Map<string, string | null>();
  /** Operations HubSpot refused in this run (a retried batch does not send them again). */
  private readonly refused = new Map<string, string>();
  /** List changes of pending operations, sent across batches in full requests (`flush`). */
  private readonly memberships = new AggregateQueue<Membership>();

  constructor(
    private readonly client: HttpClient,
    private readonly object: string,
    private readonly objectTypeId: string,
    private readonly idProperty: string,
    size: number,
  ) {
    this.capabilities = { batchSize: size, canRead: true };
  }

  async send(batch: Operation[], context: SendContext): Promise<(OperationResult | PendingResult)[]> {
    const results = new Map<string, OperationResult>();
    for (const op of batch) {
      const reason = this.refused.get(op.id);
      if (reason) results.set(op.id, { status: "rejected", reason });
    }
    const timeoutMs = context.timeoutMs;

    // 1. Removals: find the records by the unique property (one that is not there is removed already).
    const removals = batch.filter((op) => op.action === "remove" && !this.upserted.has(op.id) && !results.has(op.id));
    if (removals.length) {
      const found = await this.search(
        removals.map((op) => op.key),
        timeoutMs,
      );
      for (const op of removals) if (!found.has(op.key)) this.upserted.set(op.id, null);
    }

    // 2. Upserts of at most 100 inputs: the writes and the removals' cleared properties.
    const pending = batch.filter((op) => !this.upserted.has(op.id) && !results.has(op.id));
    for (let start = 0; start < pending.length; start += MAX_INPUTS)
      await this.upsert(pending.slice(start, start + MAX_INPUTS), results, timeoutMs);

    // 3. List memberships: aggregated across batches (`flush`), so the record is pending until they are sent.
    return batch.map((op) => {
      const result = results.get(op.id);
      if (result) return result;
      const recordId = this.upserted.get(op.id);
      const changes = recordId ? memberships(op, recordId) : [];
      if (!changes.length) return { status: "ok" };
      this.memberships.add(
        op.id,
        changes.map((change) => ({ group: change.list, item: change })),
      );
      return { status: "pending" };
    });
  }

  /**
   * List memberships: one `add-and-remove` request per call, for the first list (by name) with 100,000 record ids
   * to change (adds and removes together), or with `final` any left.
   */
  async flush(
    _pending: ReadonlyMap<string, Operation>,
    final: boolean,
    context: SendContext,
  ): Promise<{ settled: Map<string, OperationResult>; idle: boolean }> {
    const due = this.memberships.due(MAX_LIST_IDS, final);
    if (!due) return { settled: new Map(), idle: true };
    const refusals = await this.sendMemberships(
      due.group,
      due.items.map((entry) => entry.item),
      context.timeoutMs,
    );
    return { settled: this.memberships.answered(due.group, due.items.length, refusals), idle: false };
  }

  /** One add-and-remove request; the changes HubSpot refused, by index. */
  private async sendMemberships(name: string, chunk: Membership[], timeoutMs: number): Promise<Map<number, string>> {
    const all = (reason: string) => new Map(chunk.map((_, i) => [i, reason]));
    const list = await this.list(name, true, timeoutMs);
    if (list!.processingType !== "MANUAL" && list!.processingType !== "SNAPSHOT")
      return all(
        `HubSpot list "${name}" is ${list!.processingType}: only MANUAL or SNAPSHOT lists take members from segform`,
      );
    const add = new Set(chunk.filter((change) => change.add).map((change) => change.recordId));
    const body = {
      recordIdsToAdd: [...add],
      recordIdsToRemove: [
        ...new Set(chunk.filter((change) => !change.add && !add.has(change.recordId)).map((change) => change.recordId)),
      ],
    };
    const answer = await this.client.json<{ recordIdsMissing?: string[] }>(
      "PUT",
      `/crm/v3/lists/${encodeURIComponent(list!.listId)}/memberships/add-and-remove`,
      body,
      timeoutMs,
    );
    // The request as a whole was refused (not one record's fault: missing records come back per id).
    if (answer.status !== 200)
      return all(`HubSpot list "${name}" memberships: HTTP ${answer.status} ${brief(answer.text)}`);
    const missing = new Set(answer.body.recordIdsMissing ?? []);
    const refusals = new Map<number, string>();
    chunk.forEach((change, i) => {
      if (change.add && missing.has(change.recordId))
        refusals.set(i, `HubSpot list "${name}": record ${change.recordId} is missing`);
    });
    return refusals;
  }

  private async upsert(chunk: Operation[], results: Map<string, OperationResult>, timeoutMs: number): Promise<void> {
    const inputs = chunk.map((op) => ({
      idProperty: this.idProperty,
      id: op.key,
      properties: properties(op),
      objectWriteTraceId: op.id,
    }));
    const { status, body, text } = await this.client.json<HubSpotBatchAnswer>(
      "POST",
      `/crm/v3/objects/${this.object}/batch/upsert`,
      { inputs },
      timeoutMs,
    );
    if (status !== 200 && status !== 201 && status !== 207)
      throw new BatchRejectedError(`HubSpot batch upsert: HTTP ${status} ${brief(text)}`);
    const byTrace = new Map<string, HubSpotObject>();
    for (const result of body.results ?? []) {
      if (result.objectWriteTraceId) byTrace.set(result.objectWriteTraceId, result);
      else if (result.properties[this.idProperty]) byTrace.set(`key:${result.properties[this.idProperty]}`, result);
    }
    const rejected = new Map<string, string>();
    for (const error of body.errors ?? []) {
      for (const trace of error.context?.objectWriteTraceId ?? [])
        rejected.set(trace, `${error.category ?? "ERROR"}: ${error.message ?? "rejected"}`);
    }
    for (const op of chunk) {
      const result = byTrace.get(op.id) ?? byTrace.get(`key:${op.key}`);
      if (result) this.upserted.set(op.id, result.id);
      else {
        const reason = `HubSpot: ${rejected.get(op.id) ?? "no result for this record"}`;
        this.refused.set(op.id, reason);
        results.set(op.id, { status: "rejected", reason });
      }
    }
  }

  /** Record ids by unique-property value, through CRM search (`IN`, at most 100 values per filter). */
  private async search(keys: string[], timeoutMs: number): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let start = 0; start < keys.length; start += MAX_INPUTS) {
      const values = keys.slice(start, start + MAX_INPUTS);
      const body = {
        filterGroups: [{ filters: [{ propertyName: this.idProperty, operator: "IN", values }] }],
        properties: [this.idProperty],
        limit: 200,
      };
      const {
        status,
        body: answer,
        text,
      } = await this.client.json<{ results?: HubSpotObject[] }>(
        "POST",
        `/crm/v3/objects/${this.object}/search`,
        body,
        timeoutMs,
      );
      if (status !== 200) throw new BatchRejectedError(`HubSpot search: HTTP ${status} ${brief(text)}`);
      for (const result of answer.results ?? []) {
        const key = result.properties[this.idProperty];
        if (key) found.set(key, result.id);
      }
    }
    return found;
  }

  /** A list by name (cached), created as MANUAL when missing and `create` is set. */
  private async list(name: string, create: boolean, timeoutMs: number): Promise<HubSpotList | null> {
    const cached = this.lists.get(name);
    if (cached || (cached === null && !create)) return cached;
    // https://developers.hubspot.com/docs/api-reference/crm-lists-v3/lists/get-crm-v3-lists-object-type-id-objectTypeId-name-listName
    const found = await this.client.json<{ list?: HubSpotList }>(
      "GET",
      `/crm/v3/lists/object-type-id/${this.objectTypeId}/name/${encodeURIComponent(name)}`,
      undefined,
      timeoutMs,
    );
    if (found.status === 200 && found.body.list) {
      this.lists.set(name, found.body.list);
      return found.body.list;
    }
    if (found.status !== 404)
      throw new BatchRejectedError(`HubSpot list "${name}": HTTP ${found.status} ${brief(found.text)}`);
    if (!create) {
      this.lists.set(name, null);
      return null;
    }
    // https://developers.hubspot.com/docs/api-reference/crm-lists-v3/lists/post-crm-v3-lists-
    const created = await this.client.json<{ list?: HubSpotList }>(
      "POST",
      "/crm/v3/lists",
      { name, objectTypeId: this.objectTypeId, processingType: "MANUAL" },
      timeoutMs,
    );
    if (created.status !== 200 || !created.body.list)
      throw new BatchRejectedError(`HubSpot create list "${name}": HTTP ${created.status} ${brief(created.text)}`);
    this.lists.set(name, created.body.list);
    return created.body.list;
  }

  async read(held: ReadonlyMap<string, StateRecord> = new Map()): Promise<Map<string, Record<string, FieldValue>>> {
    const fields = new Set<string>();
    const listNames = new Set<string>();
    for (const record of held.values()) {
      for (const field of Object.keys(record.values)) if (field !== "audience") fields.add(field);
      for (const name of audiences(record.values.audience)) listNames.add(name);
    }
    const properties = [this.idProperty, ...[...fields].sort(compareCodePoints)];
    // Records by key, through batch read by the unique property.
    // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/batch/read-companies
    const records = new Map<string, HubSpotObject>();
    const keyOf = new Map<string, string>();
    const readBatch = async (ids: string[], byKey: boolean) => {
      for (let start = 0; start < ids.length; start += MAX_INPUTS) {
        const inputs = ids.slice(start, start + MAX_INPUTS).map((id) => ({ id }));
        const body = byKey ? { idProperty: this.idProperty, inputs, properties } : { inputs, properties };
        const {
          status,
          body: answer,
          text,
        } = await this.client.json<HubSpotBatchAnswer>(
          "POST",
          `/crm/v3/objects/${this.object}/batch/read`,
          body,
          READ_TIMEOUT_MS,
        );
        if (status !== 200 && status !== 207)
          throw new BatchRejectedError(`HubSpot batch read: HTTP ${status} ${brief(text)}`);
        for (const result of answer.results ?? []) {
          const key = result.properties[this.idProperty];
          if (!key) continue;
          records.set(key, result);
          keyOf.set(result.id, key);
        }
      }
    };
    await readBatch([...held.keys()], true);
    // Members of segform's lists, paged.
    const memberships = new Map<string, Set<string>>();
    for (const name of [...listNames].sort(compareCodePoints)) {
      const list = await this.list(name, false, READ_TIMEOUT_MS);
      const members = new Set<string>();
      memberships.set(name, members);
      if (!list) continue;
      let after: string | undefined;
      do {
        // https://developers.hubspot.com/docs/api-reference/crm-lists-v3/memberships/get-crm-v3-lists-listId-memberships
        const { status, body, text } = await this.client.json<{
          results?: { recordId: string }[];
          paging?: { next?: { after?: string } };
        }>(
          "GET",
          `/crm/v3/lists/${encodeURIComponent(list.listId)}/memberships?limit=250${after ? `&after=${encodeURIComponent(after)}` : ""}`,
          undefined,
          READ_TIMEOUT_MS,
        );
        if (status !== 200)
          throw new BatchRejectedError(`HubSpot list "${name}" memberships: HTTP ${status} ${brief(text)}`);
        for (const member of body.results ?? []) members.add(String(member.recordId));
        after = body.paging?.next?.after;
      } while (after);
    }
    // Members segform does not hold: read them by record id to learn their keys (reported as added).
    const strangers = [...new Set([...memberships.values()].flatMap((members) => [...members]))]
      .filter((id) => !keyOf.has(id))
      .sort(compareCodePoints);
    await readBatch(strangers, false);
    const found = new Map<string, Record<string, FieldValue>>();
    for (const [key, record] of records) {
      const values: Record<string, FieldValue> = {};
      for (const field of fields) {
        const value = record.properties[field];
        if (value !== null && value !== undefined && value !== "") values[field] = value;
      }
      const inLists = [...memberships].filter(([, members]) => members.has(record.id)).map(([name]) => name);
      if (inLists.length) values.audience = joinAudiences(inLists, held.get(key)?.values.audience);
      if (!held.has(key) && !inLists.length) continue;
      found.set(key, values);
    }
    return found;
  }

  async close(): Promise<void> {}
}

/** The properties an operation sets: its values as text, fields it no longer maps cleared, `audience` left out. */
function properties(op: Operation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of Object.keys(op.previous ?? {})) if (field !== "audience") out[field] = "";
  if (op.action !== "remove")
    for (const [field, value] of Object.entries(op.values)) if (field !== "audience") out[field] = String(value);
  return out;
}

/** Lists a record is in, in the order segform wrote them (so an unchanged membership reads back as the same text). */
export function joinAudiences(names: string[], written: FieldValue | undefined): string {
  const order = audiences(written);
  const known = order.filter((name) => names.includes(name));
  const extra = names.filter((name) => !order.includes(name)).sort(compareCodePoints);
  return [...known, ...extra].join("; ");
}
