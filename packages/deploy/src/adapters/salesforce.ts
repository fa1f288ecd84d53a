import { compareCodePoints } from "@segform/engine";
import { csvRecords } from "../csv.js";
import type { FieldValue, StateRecord } from "../model.js";
import { resolveEnv } from "../settings.js";
import {
  BatchRejectedError,
  TransientError,
  batchSize,
  type Adapter,
  type AdapterType,
  type JobStatus,
  type Operation,
  type OperationResult,
  type PendingResult,
  type SendContext,
} from "./adapter.js";
import { AggregateQueue } from "./aggregate.js";
import { HttpClient, baseUrl, bearerToken, brief, limiterFor, parseRateLimit } from "./http.js";
import { audiences, envName, joinAudiences } from "./hubspot.js";

/**
 * `type: salesforce`: fields on an object (Account by default) set by upsert on an external id field.
 *
 * - Small changes: sObject Collections upsert, `PATCH /services/data/vXX.X/composite/sobjects/{SObject}/{Field}`
 *   with `allOrNone: false`, at most 200 records, one result per record in order.
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
 * - More than `bulk_threshold` (default 2,000) creates and updates: Bulk API 2.0 upsert jobs, as Salesforce
 *   recommends for large loads: create the job, PUT the CSV, PATCH state UploadComplete, poll, then read
 *   successfulResults / failedResults / unprocessedrecords. The applier journals the job id before the upload,
 *   so an apply killed during the job polls the same job when resumed.
 *   https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0.htm
 * - A removal (mirror, or on_exit: clear) sets the mapped fields to null on the records that exist (found by a
 *   SOQL query on the external id); it never deletes the record.
 * - Drift: the same SOQL query reads the mapped fields of the records segform holds.
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 * - `audience` (the activation's `audience:`) is Campaign membership, not a field: one Campaign per audience name,
 *   found by Name (SOQL) or created (`POST /sobjects/Campaign`), the account made a member through CampaignMember
 *   records with `AccountId`. Campaign members are leads and contacts unless the org has the "Accounts as Campaign
 *   Members" setting on; with it, CampaignMember.AccountId (API 50.0+) relates an account to a campaign. segform
 *   activates accounts, so it uses that (without the setting Salesforce refuses the field and the records are
 *   rejected with its message) rather than guessing which of an account's contacts to enrol.
 *   https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_objects_campaignmember.htm
 *   Members are added with sObject Collections create (200 a request; DUPLICATE_VALUE, already a member, counts
 *   as done) and removed by querying their CampaignMember Ids and deleting them with sObject Collections delete
 *   (200 Ids a request). A record is acknowledged once its fields and its memberships are; memberships are
 *   aggregated across batches and jobs (`flush`), so a Bulk job's records are enrolled too. Drift reads the
 *   campaigns' members back (members segform does not hold are reported as added).
 *
 * Settings: `url: "${env:SF_INSTANCE_URL}"`, `token: "${env:SF_TOKEN}"` (an OAuth access token), `object:`
 * (default Account), `options: { external_id: Segform_Key__c, api_version: v62.0, bulk_threshold: 2000,
 * bulk_poll_seconds: 5 }`, `batch_size:` (<= 200).
 */

const MAX_RECORDS = 200;
const DEFAULT_VERSION = "v62.0";
/** Records per Bulk job: far below the 100 MB upload limit for segform's narrow rows. */
const JOB_SIZE = 100_000;
const READ_TIMEOUT_MS = 30_000;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export const salesforceDestination: AdapterType = {
  defaultBatchSize: MAX_RECORDS,
  unconfigured(settings) {
    return settings.external_id === undefined
      ? "needs options.external_id (the external id field that holds the account key)"
      : undefined;
  },
  check(settings) {
    const problems: string[] = [];
    if (typeof settings.url !== "string" || !settings.url)
      problems.push('`url:` is required (the instance URL, e.g. "${env:SF_INSTANCE_URL}")');
    if (typeof settings.token !== "string" || !settings.token)
      problems.push('`token:` is required (an OAuth access token, e.g. "${env:SF_TOKEN}")');
    if (typeof settings.external_id !== "string" || !NAME.test(settings.external_id))
      problems.push("`options: { external_id: FIELD }` is required: the external id field that holds the account key");
    if (settings.object !== undefined && (typeof settings.object !== "string" || !NAME.test(settings.object)))
      problems.push("`object:` must be an sObject API name (e.g. Account)");
    if (settings.api_version !== undefined && !/^v\d+\.\d$/.test(String(settings.api_version)))
      problems.push('`api_version:` must look like "v62.0"');
    if (typeof settings.batch_size === "number" && settings.batch_size > MAX_RECORDS)
      problems.push(
        `batch_size ${settings.batch_size} is over the ${MAX_RECORDS} records an sObject Collections request takes`,
      );
    const limit = parseRateLimit(settings.rate_limit, undefined);
    if (typeof limit === "string") problems.push(limit);
    return problems;
  },
  describe(settings) {
    return `Salesforce ${typeof settings.object === "string" ? settings.object : "Account"} by ${String(settings.external_id)}`;
  },
  async open(context) {
    const where = `destination ${context.destination}`;
    const settings = context.settings;
    const token = bearerToken(
      resolveEnv(String(settings.token), context.env, `${where}: token`),
      context.destination,
      envName(settings.token),
    );
    const url = baseUrl(resolveEnv(String(settings.url), context.env, `${where}: url`), context.destination);
    const limit = parseRateLimit(settings.rate_limit, undefined) as { max: number; windowMs: number } | undefined;
    const client = new HttpClient(
      url,
      { authorization: `Bearer ${token}`, "user-agent": "segform" },
      limiterFor("salesforce", token, limit),
      "Salesforce",
      envName(settings.token),
    );
    const threshold = typeof settings.bulk_threshold === "number" ? settings.bulk_threshold : 2000;
    const pollMs = (typeof settings.bulk_poll_seconds === "number" ? settings.bulk_poll_seconds : 5) * 1000;
    return new SalesforceAdapter(
      client,
      String(settings.api_version ?? DEFAULT_VERSION),
      typeof settings.object === "string" ? settings.object : "Account",
      String(settings.external_id),
      Math.min(MAX_RECORDS, batchSize(settings, MAX_RECORDS)),
      { threshold, size: JOB_SIZE, pollMs, removals: false },
    );
  },
};

interface SaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors?: { statusCode?: string; message?: string; fields?: string[] }[];
}

interface JobInfo {
  id: string;
  state: "Open" | "UploadComplete" | "InProgress" | "JobComplete" | "Failed" | "Aborted";
  errorMessage?: string;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
}

/** One Campaign membership change of an operation. */
interface Membership {
  campaign: string;
  add: boolean;
  key: string;
}

/** CampaignMember records per sObject Collections request (create: records; delete: ids). */
const MAX_MEMBERS = 200;

class SalesforceAdapter implements Adapter {
  readonly capabilities;
  private readonly base: string;
  /** Record Ids by external id, from upsert and Bulk results (saves a query before enrolling them). */
  private readonly recordIds = new Map<string, string>();
  /** Campaign Ids by name (null: not there). */
  private readonly campaigns = new Map<string, string | null>();
  /** Campaign membership changes of pending operations, per campaign and direction, sent 200 a request (`flush`). */
  private readonly memberships = new AggregateQueue<Membership>();

  constructor(
    private readonly client: HttpClient,
    version: string,
    private readonly object: string,
    private readonly externalId: string,
    size: number,
    jobs: { threshold: number; size: number; pollMs: number; removals: boolean },
  ) {
    this.capabilities = { batchSize: size, canRead: true, jobs };
    this.base = `/services/data/${version}`;
  }

  async send(batch: Operation[], context: SendContext): Promise<(OperationResult | PendingResult)[]> {
    for (const op of batch)
      for (const field of fieldsOf(op))
        if (!NAME.test(field))
          throw new BatchRejectedError(`Salesforce: ${JSON.stringify(field)} is not a field API name`);
    const results = new Map<string, OperationResult>();
    // Removals: only records that exist are cleared (an upsert would create the missing ones).
    const removals = batch.filter((op) => op.action === "remove");
    const existing = removals.length
      ? await this.query(
          removals.map((op) => op.key),
          [],
          context.timeoutMs,
        )
      : new Map();
    for (const op of removals) if (!existing.has(op.key)) results.set(op.id, { status: "ok" });
    // An update that changes only Campaign membership leaves the record's fields as they are.
    for (const op of batch)
      if (op.action === "update" && !results.has(op.id) && sameFields(op)) results.set(op.id, { status: "ok" });
    const writes = batch.filter((op) => !results.has(op.id));
    if (writes.length) {
      const records = writes.map((op) => ({
        attributes: { type: this.object },
        [this.externalId]: op.key,
        ...fieldValues(op),
      }));
      const path = `${this.base}/composite/sobjects/${this.object}/${this.externalId}`;
      const { status, body, text } = await this.client.json<SaveResult[] | { errorCode?: string; message?: string }[]>(
        "PATCH",
        path,
        { allOrNone: false, records },
        context.timeoutMs,
      );
      if (status !== 200 || !Array.isArray(body) || body.length !== writes.length)
        throw new BatchRejectedError(`Salesforce sObject Collections upsert: HTTP ${status} ${brief(text)}`);
      writes.forEach((op, i) => {
        const result = body[i] as SaveResult;
        if (result.success && result.id) this.recordIds.set(op.key, result.id);
        results.set(
          op.id,
          result.success ? { status: "ok" } : { status: "rejected", reason: `Salesforce: ${saveErrors(result)}` },
        );
      });
    }
    for (const [key, record] of existing) if (typeof record.Id === "string") this.recordIds.set(key, record.Id);
    return batch.map((op) => this.pendingIfEnrolling(op, results.get(op.id)!));
  }

  /** An acknowledged write whose Campaign memberships are still to change is pending (see `flush`). */
  private pendingIfEnrolling(op: Operation, result: OperationResult): OperationResult | PendingResult {
    if (result.status !== "ok") return result;
    const now = op.action === "remove" ? [] : audiences(op.values.audience);
    const before = audiences(op.previous?.audience);
    const changes: Membership[] = [
      ...now.map((campaign) => ({ campaign, add: true, key: op.key })),
      ...before.filter((name) => !now.includes(name)).map((campaign) => ({ campaign, add: false, key: op.key })),
    ];
    if (!changes.length) return result;
    this.memberships.add(
      op.id,
      changes.map((change) => ({ group: `${change.campaign}\u0000${change.add ? "+" : "-"}`, item: change })),
    );
    return { status: "pending" };
  }

  /**
   * Campaign memberships: per call, one sObject Collections request of up to 200 CampaignMember records (adds) or
   * Ids (removals) for the first campaign (by name) with 200 waiting, or with `final` any left, plus the lookups
   * it needs (the campaign, account Ids, the members to delete).
   */
  async flush(
    _pending: ReadonlyMap<string, Operation>,
    final: boolean,
    context: SendContext,
  ): Promise<{ settled: Map<string, OperationResult>; idle: boolean }> {
    const due = this.memberships.due(MAX_MEMBERS, final);
    if (!due) return { settled: new Map(), idle: true };
    const chunk = due.items.map((entry) => entry.item);
    const refusals = chunk[0]!.add
      ? await this.enrol(chunk, context.timeoutMs)
      : await this.unenrol(chunk, context.timeoutMs);
    return { settled: this.memberships.answered(due.group, chunk.length, refusals), idle: false };
  }

  /** Adds the chunk's accounts to its campaign (created when missing); the ones refused, by index. */
  private async enrol(chunk: Membership[], timeoutMs: number): Promise<Map<number, string>> {
    const name = chunk[0]!.campaign;
    const refusals = new Map<number, string>();
    const campaignId = await this.campaign(name, true, timeoutMs);
    await this.resolveRecordIds(
      chunk.map((change) => change.key),
      timeoutMs,
    );
    const enrolling: number[] = [];
    chunk.forEach((change, i) => {
      if (this.recordIds.has(change.key)) enrolling.push(i);
      else
        refusals.set(
          i,
          `Salesforce: no ${this.object} with ${this.externalId} ${change.key} to add to campaign "${name}"`,
        );
    });
    if (!enrolling.length) return refusals;
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
    const records = enrolling.map((i) => ({
      attributes: { type: "CampaignMember" },
      CampaignId: campaignId,
      AccountId: this.recordIds.get(chunk[i]!.key),
    }));
    const { status, body, text } = await this.client.json<SaveResult[]>(
      "POST",
      `${this.base}/composite/sobjects`,
      { allOrNone: false, records },
      timeoutMs,
    );
    if (status !== 200 || !Array.isArray(body) || body.length !== enrolling.length) {
      for (const i of enrolling)
        refusals.set(i, `Salesforce campaign "${name}" members: HTTP ${status} ${brief(text)}`);
      return refusals;
    }
    enrolling.forEach((i, n) => {
      const result = body[n]!;
      // DUPLICATE_VALUE: the account is a member already (added by hand, or by a request whose answer was lost).
      if (!result.success && !(result.errors ?? []).some((error) => error.statusCode === "DUPLICATE_VALUE"))
        refusals.set(i, `Salesforce campaign "${name}": ${saveErrors(result)}`);
    });
    return refusals;
  }

  /** Takes the chunk's accounts out of its campaign: their CampaignMember Ids queried, then deleted. */
  private async unenrol(chunk: Membership[], timeoutMs: number): Promise<Map<number, string>> {
    const name = chunk[0]!.campaign;
    const all = (reason: string) => new Map(chunk.map((_, i) => [i, reason]));
    const campaignId = await this.campaign(name, false, timeoutMs);
    await this.resolveRecordIds(
      chunk.map((change) => change.key),
      timeoutMs,
    );
    const accountIds = [
      ...new Set(chunk.map((change) => this.recordIds.get(change.key)).filter((id): id is string => id !== undefined)),
    ];
    const memberIds: string[] = [];
    if (campaignId && accountIds.length) {
      const soql = `SELECT Id, AccountId FROM CampaignMember WHERE CampaignId IN (${soqlString(campaignId)}) AND AccountId IN (${accountIds.map(soqlString).join(",")})`;
      for (const record of await this.soql(soql, timeoutMs)) memberIds.push(String(record.Id));
    }
    if (memberIds.length) {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm
      const { status, body, text } = await this.client.json<SaveResult[]>(
        "DELETE",
        `${this.base}/composite/sobjects?ids=${memberIds.map(encodeURIComponent).join(",")}&allOrNone=false`,
        undefined,
        timeoutMs,
      );
      if (status !== 200 || !Array.isArray(body) || body.length !== memberIds.length)
        return all(`Salesforce campaign "${name}" members: HTTP ${status} ${brief(text)}`);
      // ENTITY_IS_DELETED: taken out already.
      const failed = body.filter(
        (result) => !result.success && !(result.errors ?? []).some((error) => error.statusCode === "ENTITY_IS_DELETED"),
      );
      if (failed.length) return all(`Salesforce campaign "${name}": ${saveErrors(failed[0]!)}`);
    }
    // Out of the campaign now (or never in it, or no such account or campaign): nothing left to take out.
    return new Map();
  }

  /** A campaign's Id by Name (cached), created when missing and `create` is set. */
  private async campaign(name: string, create: boolean, timeoutMs: number): Promise<string | null> {
    const cached = this.campaigns.get(name);
    if (cached || (cached === null && !create)) return cached;
    const found = await this.soql(`SELECT Id, Name FROM Campaign WHERE Name IN (${soqlString(name)})`, timeoutMs);
    if (found.length) {
      this.campaigns.set(name, String(found[0]!.Id));
      return String(found[0]!.Id);
    }
    if (!create) {
      this.campaigns.set(name, null);
      return null;
    }
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
    const { status, body, text } = await this.client.json<SaveResult>(
      "POST",
      `${this.base}/sobjects/Campaign`,
      { Name: name, IsActive: true },
      timeoutMs,
    );
    if (status !== 201 || !body?.id)
      throw new BatchRejectedError(`Salesforce create campaign "${name}": HTTP ${status} ${brief(text)}`);
    this.campaigns.set(name, body.id);
    return body.id;
  }

  /** Record Ids for keys not seen in this run's results, by SOQL on the external id. */
  private async resolveRecordIds(keys: string[], timeoutMs: number): Promise<void> {
    const unknown = [...new Set(keys.filter((key) => !this.recordIds.has(key)))];
    if (!unknown.length) return;
    for (const [key, record] of await this.query(unknown, [], timeoutMs)) this.recordIds.set(key, String(record.Id));
  }

  /** A SOQL query's records, following nextRecordsUrl. */
  private async soql(soql: string, timeoutMs: number): Promise<Record<string, unknown>[]> {
    const records: Record<string, unknown>[] = [];
    let next: string | undefined = `${this.base}/query?q=${encodeURIComponent(soql)}`;
    while (next) {
      const {
        status,
        body,
        text,
      }: {
        status: number;
        body: { records?: Record<string, unknown>[]; nextRecordsUrl?: string; done?: boolean };
        text: string;
      } = await this.client.json("GET", next, undefined, timeoutMs);
      if (status !== 200) throw new BatchRejectedError(`Salesforce query: HTTP ${status} ${brief(text)}`);
      records.push(...(body.records ?? []));
      next = body.done === false ? body.nextRecordsUrl : undefined;
    }
    return records;
  }

  // Bulk API 2.0 ingest jobs (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm and the pages after it).

  async startJob(_batch: Operation[], context: SendContext): Promise<string> {
    const body = {
      object: this.object,
      externalIdFieldName: this.externalId,
      contentType: "CSV",
      operation: "upsert",
      lineEnding: "LF",
      columnDelimiter: "COMMA",
    };
    const {
      status,
      body: job,
      text,
    } = await this.client.json<JobInfo>("POST", `${this.base}/jobs/ingest`, body, context.timeoutMs);
    if (status !== 200 && status !== 201)
      throw new BatchRejectedError(`Salesforce Bulk API: create job: HTTP ${status} ${brief(text)}`);
    return job.id;
  }

  async uploadJob(id: string, batch: Operation[], context: SendContext): Promise<void> {
    const fields = [...new Set(batch.flatMap((op) => fieldsOf(op)))].sort(compareCodePoints);
    for (const field of fields)
      if (!NAME.test(field))
        throw new BatchRejectedError(`Salesforce: ${JSON.stringify(field)} is not a field API name`);
    let csv = [this.externalId, ...fields].map(csvCell).join(",") + "\n";
    for (const op of batch) {
      const values = fieldValues(op);
      // An empty cell leaves a field as it is; #N/A sets it to null (Bulk API 2.0 CSV rules).
      csv +=
        [
          op.key,
          ...fields.map((field) => (field in values ? (values[field] === null ? "#N/A" : String(values[field])) : "")),
        ]
          .map(csvCell)
          .join(",") + "\n";
    }
    const upload = await this.client.request("PUT", `${this.base}/jobs/ingest/${encodeURIComponent(id)}/batches`, {
      body: csv,
      contentType: "text/csv",
      timeoutMs: Math.max(context.timeoutMs, 120_000),
    });
    if (upload.status !== 201 && upload.status !== 200)
      throw new BatchRejectedError(`Salesforce Bulk API: upload job data: HTTP ${upload.status} ${brief(upload.text)}`);
    await this.setState(id, "UploadComplete", context.timeoutMs);
  }

  async abortJob(id: string, context: SendContext): Promise<void> {
    await this.setState(id, "Aborted", context.timeoutMs).catch((error) => {
      // A job that already finished or was aborted cannot be aborted: nothing of it is left to stop.
      if (!(error instanceof BatchRejectedError)) throw error;
    });
  }

  private async setState(id: string, state: "UploadComplete" | "Aborted", timeoutMs: number): Promise<void> {
    const { status, text } = await this.client.json<JobInfo>(
      "PATCH",
      `${this.base}/jobs/ingest/${encodeURIComponent(id)}`,
      { state },
      timeoutMs,
    );
    if (status !== 200)
      throw new BatchRejectedError(`Salesforce Bulk API: set job ${id} to ${state}: HTTP ${status} ${brief(text)}`);
  }

  async pollJob(id: string, batch: Operation[], context: SendContext): Promise<JobStatus> {
    const {
      status,
      body: job,
      text,
    } = await this.client.json<JobInfo>(
      "GET",
      `${this.base}/jobs/ingest/${encodeURIComponent(id)}`,
      undefined,
      context.timeoutMs,
    );
    if (status === 404)
      return {
        state: "done",
        results: batch.map(() => ({ status: "deferred", reason: `Salesforce Bulk job ${id} no longer exists` })),
      };
    if (status !== 200) throw new TransientError(`Salesforce Bulk API: job ${id}: HTTP ${status} ${brief(text)}`);
    if (job.state === "Open") return { state: "open" };
    if (job.state === "UploadComplete" || job.state === "InProgress") return { state: "running" };
    const rows = async (kind: "successfulResults" | "failedResults" | "unprocessedrecords") => {
      const answer = await this.client.request("GET", `${this.base}/jobs/ingest/${encodeURIComponent(id)}/${kind}/`, {
        timeoutMs: Math.max(context.timeoutMs, 120_000),
        accept: "text/csv",
      });
      if (answer.status !== 200)
        throw new TransientError(`Salesforce Bulk API: job ${id} ${kind}: HTTP ${answer.status}`);
      return csvRecords(answer.text);
    };
    const successful = await rows("successfulResults");
    for (const row of successful)
      if (row.sf__Id && row[this.externalId]) this.recordIds.set(row[this.externalId]!, row.sf__Id);
    const succeeded = new Set(successful.map((row) => row[this.externalId]));
    const failed = new Map(
      (await rows("failedResults")).map((row) => [row[this.externalId], row.sf__Error ?? "failed"]),
    );
    const reason =
      job.state === "Failed"
        ? `Salesforce Bulk job ${id} failed${job.errorMessage ? `: ${job.errorMessage}` : ""}`
        : `Salesforce Bulk job ${id} was ${job.state.toLowerCase()}`;
    const results = batch.map((op): OperationResult | PendingResult | { status: "deferred"; reason: string } => {
      if (failed.has(op.key)) return { status: "rejected", reason: `Salesforce: ${failed.get(op.key)}` };
      if (succeeded.has(op.key)) return this.pendingIfEnrolling(op, { status: "ok" });
      return {
        status: "deferred",
        reason: job.state === "JobComplete" ? `no result for this record in Salesforce Bulk job ${id}` : reason,
      };
    });
    return { state: "done", results };
  }

  /** SOQL on the external id (keys quoted per SOQL's rules), 200 keys a query, following nextRecordsUrl. */
  private async query(
    keys: string[],
    fields: string[],
    timeoutMs: number,
  ): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    const columns = ["Id", this.externalId, ...fields.filter((field) => field !== this.externalId)];
    for (let start = 0; start < keys.length; start += MAX_RECORDS) {
      const quoted = keys
        .slice(start, start + MAX_RECORDS)
        .map(soqlString)
        .join(",");
      let next: string | undefined =
        `${this.base}/query?q=${encodeURIComponent(`SELECT ${columns.join(", ")} FROM ${this.object} WHERE ${this.externalId} IN (${quoted})`)}`;
      while (next) {
        const {
          status,
          body,
          text,
        }: {
          status: number;
          body: { records?: Record<string, unknown>[]; nextRecordsUrl?: string; done?: boolean };
          text: string;
        } = await this.client.json("GET", next, undefined, timeoutMs);
        if (status !== 200) throw new BatchRejectedError(`Salesforce query: HTTP ${status} ${brief(text)}`);
        for (const record of body.records ?? []) found.set(String(record[this.externalId]), record);
        next = body.done === false ? body.nextRecordsUrl : undefined;
      }
    }
    return found;
  }

  async read(held: ReadonlyMap<string, StateRecord> = new Map()): Promise<Map<string, Record<string, FieldValue>>> {
    const fields = [...new Set([...held.values()].flatMap((record) => Object.keys(record.values)))]
      .filter((field) => field !== "audience" && NAME.test(field))
      .sort(compareCodePoints);
    const records = await this.query([...held.keys()], fields, READ_TIMEOUT_MS);
    const keyOf = new Map<string, string>();
    for (const [key, record] of records) keyOf.set(String(record.Id), key);
    // Members of segform's campaigns: accounts by Id (those segform does not hold are looked up by Id: added).
    const names = [...new Set([...held.values()].flatMap((record) => audiences(record.values.audience)))].sort(
      compareCodePoints,
    );
    const memberOf = new Map<string, string[]>();
    if (names.length) {
      const campaigns = await this.soql(
        `SELECT Id, Name FROM Campaign WHERE Name IN (${names.map(soqlString).join(",")})`,
        READ_TIMEOUT_MS,
      );
      const nameOf = new Map(campaigns.map((campaign) => [String(campaign.Id), String(campaign.Name)]));
      if (nameOf.size) {
        const members = await this.soql(
          `SELECT Id, CampaignId, AccountId FROM CampaignMember WHERE CampaignId IN (${[...nameOf.keys()].map(soqlString).join(",")})`,
          READ_TIMEOUT_MS,
        );
        for (const member of members) {
          if (typeof member.AccountId !== "string") continue;
          const list = memberOf.get(member.AccountId);
          if (list) list.push(nameOf.get(String(member.CampaignId))!);
          else memberOf.set(member.AccountId, [nameOf.get(String(member.CampaignId))!]);
        }
        const strangers = [...memberOf.keys()].filter((id) => !keyOf.has(id)).sort(compareCodePoints);
        for (let start = 0; start < strangers.length; start += MAX_RECORDS) {
          const soql = `SELECT Id, ${[this.externalId, ...fields.filter((field) => field !== this.externalId)].join(", ")} FROM ${this.object} WHERE Id IN (${strangers
            .slice(start, start + MAX_RECORDS)
            .map(soqlString)
            .join(",")})`;
          for (const record of await this.soql(soql, READ_TIMEOUT_MS)) {
            if (typeof record[this.externalId] !== "string") continue;
            records.set(String(record[this.externalId]), record);
            keyOf.set(String(record.Id), String(record[this.externalId]));
          }
        }
      }
    }
    const found = new Map<string, Record<string, FieldValue>>();
    for (const [key, record] of records) {
      const values: Record<string, FieldValue> = {};
      for (const field of fields) {
        const value = record[field];
        if (value !== null && value !== undefined && value !== "")
          values[field] = typeof value === "object" ? JSON.stringify(value) : (value as FieldValue);
      }
      const campaigns = memberOf.get(String(record.Id)) ?? [];
      if (campaigns.length) values.audience = joinAudiences(campaigns, held.get(key)?.values.audience);
      found.set(key, values);
    }
    return found;
  }

  async close(): Promise<void> {}
}

/** The fields an operation writes: its values, plus fields it no longer maps (set to null). */
function fieldsOf(op: Operation): string[] {
  return [
    ...new Set([...Object.keys(op.previous ?? {}), ...(op.action === "remove" ? [] : Object.keys(op.values))]),
  ].filter((field) => field !== "audience");
}

/** An update whose fields (Campaign membership aside) are what the record held. */
function sameFields(op: Operation): boolean {
  const { audience: _now, ...now } = op.values;
  const { audience: _before, ...before } = op.previous ?? {};
  const names = new Set([...Object.keys(now), ...Object.keys(before)]);
  return [...names].every((name) => String(now[name] ?? "") === String(before[name] ?? ""));
}

/** Field values as sent: text, with "" and unmapped or removed fields as null. */
function fieldValues(op: Operation): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const field of Object.keys(op.previous ?? {})) if (field !== "audience") out[field] = null;
  if (op.action !== "remove")
    for (const [field, value] of Object.entries(op.values))
      if (field !== "audience") out[field] = value === "" ? null : String(value);
  return out;
}

function saveErrors(result: SaveResult): string {
  return (
    (result.errors ?? [])
      .map(
        (error) =>
          `${error.statusCode ?? "ERROR"}: ${error.message ?? "rejected"}${error.fields?.length ? ` (${error.fields.join(", ")})` : ""}`,
      )
      .join("; ") || "rejected"
  );
}

/** A SOQL string literal: quotes and backslashes escaped (SOQL "Quoted String Escape Sequences"). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}'`;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
