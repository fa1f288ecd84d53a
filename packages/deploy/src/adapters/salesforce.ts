import { compareCodePoints } from "@segform/engine";
import { csvRecords } from "../csv.js";
import type { FieldValue, StateRecord } from "../model.js";
import { resolveEnv } from "../settings.js";
import { BatchRejectedError, TransientError, batchSize, type Adapter, type AdapterType, type JobStatus, type Operation, type OperationResult, type SendContext } from "./adapter.js";
import { HttpClient, baseUrl, bearerToken, brief, limiterFor, parseRateLimit } from "./http.js";
import { envName } from "./hubspot.js";

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
    return settings.external_id === undefined ? "needs options.external_id (the external id field that holds the account key)" : undefined;
  },
  check(settings) {
    const problems: string[] = [];
    if (typeof settings.url !== "string" || !settings.url) problems.push('`url:` is required (the instance URL, e.g. "${env:SF_INSTANCE_URL}")');
    if (typeof settings.token !== "string" || !settings.token) problems.push('`token:` is required (an OAuth access token, e.g. "${env:SF_TOKEN}")');
    if (typeof settings.external_id !== "string" || !NAME.test(settings.external_id)) problems.push("`options: { external_id: FIELD }` is required: the external id field that holds the account key");
    if (settings.object !== undefined && (typeof settings.object !== "string" || !NAME.test(settings.object))) problems.push("`object:` must be an sObject API name (e.g. Account)");
    if (settings.api_version !== undefined && !/^v\d+\.\d$/.test(String(settings.api_version))) problems.push('`api_version:` must look like "v62.0"');
    if (typeof settings.batch_size === "number" && settings.batch_size > MAX_RECORDS) problems.push(`batch_size ${settings.batch_size} is over the ${MAX_RECORDS} records an sObject Collections request takes`);
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
    const token = bearerToken(resolveEnv(String(settings.token), context.env, `${where}: token`), context.destination, envName(settings.token));
    const url = baseUrl(resolveEnv(String(settings.url), context.env, `${where}: url`), context.destination);
    const limit = parseRateLimit(settings.rate_limit, undefined) as { max: number; windowMs: number } | undefined;
    const client = new HttpClient(url, { authorization: `Bearer ${token}`, "user-agent": "segform" }, limiterFor("salesforce", token, limit), "Salesforce", envName(settings.token));
    const threshold = typeof settings.bulk_threshold === "number" ? settings.bulk_threshold : 2000;
    const pollMs = (typeof settings.bulk_poll_seconds === "number" ? settings.bulk_poll_seconds : 5) * 1000;
    return new SalesforceAdapter(client, String(settings.api_version ?? DEFAULT_VERSION), typeof settings.object === "string" ? settings.object : "Account", String(settings.external_id), Math.min(MAX_RECORDS, batchSize(settings, MAX_RECORDS)), { threshold, size: JOB_SIZE, pollMs, removals: false });
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

class SalesforceAdapter implements Adapter {
  readonly capabilities;
  private readonly base: string;

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

  async send(batch: Operation[], context: SendContext): Promise<OperationResult[]> {
    for (const op of batch) for (const field of fieldsOf(op)) if (!NAME.test(field)) throw new BatchRejectedError(`Salesforce: ${JSON.stringify(field)} is not a field API name`);
    const results = new Map<string, OperationResult>();
    // Removals: only records that exist are cleared (an upsert would create the missing ones).
    const removals = batch.filter((op) => op.action === "remove");
    const existing = removals.length ? await this.query(removals.map((op) => op.key), [], context.timeoutMs) : new Map();
    for (const op of removals) if (!existing.has(op.key)) results.set(op.id, { status: "ok" });
    const writes = batch.filter((op) => !results.has(op.id));
    if (writes.length) {
      const records = writes.map((op) => ({ attributes: { type: this.object }, [this.externalId]: op.key, ...fieldValues(op) }));
      const path = `${this.base}/composite/sobjects/${this.object}/${this.externalId}`;
      const { status, body, text } = await this.client.json<SaveResult[] | { errorCode?: string; message?: string }[]>("PATCH", path, { allOrNone: false, records }, context.timeoutMs);
      if (status !== 200 || !Array.isArray(body) || body.length !== writes.length) throw new BatchRejectedError(`Salesforce sObject Collections upsert: HTTP ${status} ${brief(text)}`);
      writes.forEach((op, i) => {
        const result = body[i] as SaveResult;
        results.set(op.id, result.success ? { status: "ok" } : { status: "rejected", reason: `Salesforce: ${saveErrors(result)}` });
      });
    }
    return batch.map((op) => results.get(op.id)!);
  }

  // Bulk API 2.0 ingest jobs (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm and the pages after it).

  async startJob(_batch: Operation[], context: SendContext): Promise<string> {
    const body = { object: this.object, externalIdFieldName: this.externalId, contentType: "CSV", operation: "upsert", lineEnding: "LF", columnDelimiter: "COMMA" };
    const { status, body: job, text } = await this.client.json<JobInfo>("POST", `${this.base}/jobs/ingest`, body, context.timeoutMs);
    if (status !== 200 && status !== 201) throw new BatchRejectedError(`Salesforce Bulk API: create job: HTTP ${status} ${brief(text)}`);
    return job.id;
  }

  async uploadJob(id: string, batch: Operation[], context: SendContext): Promise<void> {
    const fields = [...new Set(batch.flatMap((op) => fieldsOf(op)))].sort(compareCodePoints);
    for (const field of fields) if (!NAME.test(field)) throw new BatchRejectedError(`Salesforce: ${JSON.stringify(field)} is not a field API name`);
    let csv = [this.externalId, ...fields].map(csvCell).join(",") + "\n";
    for (const op of batch) {
      const values = fieldValues(op);
      // An empty cell leaves a field as it is; #N/A sets it to null (Bulk API 2.0 CSV rules).
      csv += [op.key, ...fields.map((field) => (field in values ? (values[field] === null ? "#N/A" : String(values[field])) : ""))].map(csvCell).join(",") + "\n";
    }
    const upload = await this.client.request("PUT", `${this.base}/jobs/ingest/${encodeURIComponent(id)}/batches`, { body: csv, contentType: "text/csv", timeoutMs: Math.max(context.timeoutMs, 120_000) });
    if (upload.status !== 201 && upload.status !== 200) throw new BatchRejectedError(`Salesforce Bulk API: upload job data: HTTP ${upload.status} ${brief(upload.text)}`);
    await this.setState(id, "UploadComplete", context.timeoutMs);
  }

  async abortJob(id: string, context: SendContext): Promise<void> {
    await this.setState(id, "Aborted", context.timeoutMs).catch((error) => {
      // A job that already finished or was aborted cannot be aborted: nothing of it is left to stop.
      if (!(error instanceof BatchRejectedError)) throw error;
    });
  }

  private async setState(id: string, state: "UploadComplete" | "Aborted", timeoutMs: number): Promise<void> {
    const { status, text } = await this.client.json<JobInfo>("PATCH", `${this.base}/jobs/ingest/${encodeURIComponent(id)}`, { state }, timeoutMs);
    if (status !== 200) throw new BatchRejectedError(`Salesforce Bulk API: set job ${id} to ${state}: HTTP ${status} ${brief(text)}`);
  }

  async pollJob(id: string, batch: Operation[], context: SendContext): Promise<JobStatus> {
    const { status, body: job, text } = await this.client.json<JobInfo>("GET", `${this.base}/jobs/ingest/${encodeURIComponent(id)}`, undefined, context.timeoutMs);
    if (status === 404) return { state: "done", results: batch.map(() => ({ status: "deferred", reason: `Salesforce Bulk job ${id} no longer exists` })) };
    if (status !== 200) throw new TransientError(`Salesforce Bulk API: job ${id}: HTTP ${status} ${brief(text)}`);
    if (job.state === "Open") return { state: "open" };
    if (job.state === "UploadComplete" || job.state === "InProgress") return { state: "running" };
    const rows = async (kind: "successfulResults" | "failedResults" | "unprocessedrecords") => {
      const answer = await this.client.request("GET", `${this.base}/jobs/ingest/${encodeURIComponent(id)}/${kind}/`, { timeoutMs: Math.max(context.timeoutMs, 120_000), accept: "text/csv" });
      if (answer.status !== 200) throw new TransientError(`Salesforce Bulk API: job ${id} ${kind}: HTTP ${answer.status}`);
      return csvRecords(answer.text);
    };
    const succeeded = new Set((await rows("successfulResults")).map((row) => row[this.externalId]));
    const failed = new Map((await rows("failedResults")).map((row) => [row[this.externalId], row.sf__Error ?? "failed"]));
    const reason = job.state === "Failed" ? `Salesforce Bulk job ${id} failed${job.errorMessage ? `: ${job.errorMessage}` : ""}` : `Salesforce Bulk job ${id} was ${job.state.toLowerCase()}`;
    const results = batch.map((op): OperationResult | { status: "deferred"; reason: string } => {
      if (failed.has(op.key)) return { status: "rejected", reason: `Salesforce: ${failed.get(op.key)}` };
      if (succeeded.has(op.key)) return { status: "ok" };
      return { status: "deferred", reason: job.state === "JobComplete" ? `no result for this record in Salesforce Bulk job ${id}` : reason };
    });
    return { state: "done", results };
  }

  /** SOQL on the external id (keys quoted per SOQL's rules), 200 keys a query, following nextRecordsUrl. */
  private async query(keys: string[], fields: string[], timeoutMs: number): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    const columns = ["Id", this.externalId, ...fields.filter((field) => field !== this.externalId)];
    for (let start = 0; start < keys.length; start += MAX_RECORDS) {
      const quoted = keys.slice(start, start + MAX_RECORDS).map(soqlString).join(",");
      let next: string | undefined = `${this.base}/query?q=${encodeURIComponent(`SELECT ${columns.join(", ")} FROM ${this.object} WHERE ${this.externalId} IN (${quoted})`)}`;
      while (next) {
        const { status, body, text }: { status: number; body: { records?: Record<string, unknown>[]; nextRecordsUrl?: string; done?: boolean }; text: string } = await this.client.json("GET", next, undefined, timeoutMs);
        if (status !== 200) throw new BatchRejectedError(`Salesforce query: HTTP ${status} ${brief(text)}`);
        for (const record of body.records ?? []) found.set(String(record[this.externalId]), record);
        next = body.done === false ? body.nextRecordsUrl : undefined;
      }
    }
    return found;
  }

  async read(held: ReadonlyMap<string, StateRecord> = new Map()): Promise<Map<string, Record<string, FieldValue>>> {
    const fields = [...new Set([...held.values()].flatMap((record) => Object.keys(record.values)))].filter((field) => NAME.test(field)).sort(compareCodePoints);
    const records = await this.query([...held.keys()], fields, READ_TIMEOUT_MS);
    const found = new Map<string, Record<string, FieldValue>>();
    for (const [key, record] of records) {
      const values: Record<string, FieldValue> = {};
      for (const field of fields) {
        const value = record[field];
        if (value !== null && value !== undefined && value !== "") values[field] = typeof value === "object" ? JSON.stringify(value) : (value as FieldValue);
      }
      found.set(key, values);
    }
    return found;
  }

  async close(): Promise<void> {}
}

/** The fields an operation writes: its values, plus fields it no longer maps (set to null). */
function fieldsOf(op: Operation): string[] {
  return [...new Set([...Object.keys(op.previous ?? {}), ...(op.action === "remove" ? [] : Object.keys(op.values))])];
}

/** Field values as sent: text, with "" and unmapped or removed fields as null. */
function fieldValues(op: Operation): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const field of Object.keys(op.previous ?? {})) out[field] = null;
  if (op.action !== "remove") for (const [field, value] of Object.entries(op.values)) out[field] = value === "" ? null : String(value);
  return out;
}

function saveErrors(result: SaveResult): string {
  return (result.errors ?? []).map((error) => `${error.statusCode ?? "ERROR"}: ${error.message ?? "rejected"}${error.fields?.length ? ` (${error.fields.join(", ")})` : ""}`).join("; ") || "rejected";
}

/** A SOQL string literal: quotes and backslashes escaped (SOQL "Quoted String Escape Sequences"). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}'`;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
