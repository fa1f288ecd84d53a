import { csvRecords } from "../../src/csv.js";
import { ContractServer, json, type ContractAnswer, type ContractRequest } from "./server.js";

/**
 * A Salesforce contract server: sObject Collections upsert, Bulk API 2.0 ingest jobs and the SOQL query the
 * salesforce adapter uses, as documented, for one object with an external id field, held in memory. Errors use
 * Salesforce's shape ([{ message, errorCode }] for requests, { statusCode, message, fields } per record).
 */

type Fields = Record<string, string>;

interface Job {
  id: string;
  state: "Open" | "UploadComplete" | "InProgress" | "JobComplete" | "Failed" | "Aborted";
  object: string;
  externalIdFieldName: string;
  csv?: string;
  polls: number;
  successful: string[];
  failed: string[];
  unprocessed: string[];
  header: string[];
  errorMessage?: string;
}

export class SalesforceContract extends ContractServer {
  /** Records by external id. */
  readonly records = new Map<string, { Id: string; fields: Fields }>();
  readonly jobs = new Map<string, Job>();
  /** Campaigns by Id. */
  readonly campaigns = new Map<string, { Id: string; Name: string; IsActive: boolean }>();
  /** CampaignMember records by Id (accounts as campaign members: AccountId set); change through addMember / removeMember. */
  readonly members = new Map<string, { Id: string; CampaignId: string; AccountId: string }>();
  /** "<CampaignId> <AccountId>" -> CampaignMember Id. */
  private readonly memberIndex = new Map<string, string>();
  /** Record Id -> external id (records are created by `save`, or by a test through `records`: then looked up). */
  private readonly keyById = new Map<string, string>();
  /** The org's "Accounts as Campaign Members" setting (off: CampaignMember has no AccountId field). */
  accountsAsCampaignMembers = true;
  private nextCampaign = 1;
  private nextMember = 1;
  /** Keys refused per record (a validation rule). */
  readonly rejectKeys = new Set<string>();
  /** While set, closed jobs stay InProgress (a test kills the client meanwhile). */
  holdJobs = false;
  /** The next job processes this many rows, then ends Failed with this message (the rest unprocessed). */
  failNextJob: { after: number; message: string } | undefined;
  /** Job polls before a closed job completes. */
  pollsToComplete = 2;
  private nextId = 1;

  constructor(
    token: string,
    readonly object = "Account",
    readonly externalId = "Segform_Key__c",
    readonly version = "v62.0",
    /** Fields a new record must have (Account: Name). */
    readonly requiredOnCreate: string[] = [],
  ) {
    super(token);
  }

  protected unauthorized(): unknown {
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm (401: session expired or invalid)
    return [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }];
  }

  protected rateLimited(): unknown {
    return [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }];
  }

  protected route(request: ContractRequest): ContractAnswer {
    const { method, path } = request;
    const base = `/services/data/${this.version}`;
    if (!path.startsWith(base + "/"))
      return { status: 404, body: [{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }] };
    const rest = path.slice(base.length);
    let match: RegExpExecArray | null;
    if (method === "PATCH" && (match = /^\/composite\/sobjects\/([^/]+)\/([^/]+)$/.exec(rest)))
      return this.collectionsUpsert(request, match[1]!, match[2]!);
    if (method === "GET" && rest === "/query") return this.query(request);
    if (method === "POST" && rest === "/sobjects/Campaign") return this.createCampaign(request);
    if (method === "POST" && rest === "/composite/sobjects") return this.collectionsCreate(request);
    if (method === "DELETE" && rest === "/composite/sobjects") return this.collectionsDelete(request);
    if (method === "POST" && rest === "/jobs/ingest") return this.createJob(request);
    if ((match = /^\/jobs\/ingest\/([^/]+)\/batches$/.exec(rest)) && method === "PUT")
      return this.upload(request, match[1]!);
    if ((match = /^\/jobs\/ingest\/([^/]+)$/.exec(rest))) {
      if (method === "PATCH") return this.setState(request, match[1]!);
      if (method === "GET") return this.jobInfo(match[1]!);
    }
    if (
      method === "GET" &&
      (match = /^\/jobs\/ingest\/([^/]+)\/(successfulResults|failedResults|unprocessedrecords)\/?$/.exec(rest))
    )
      return this.results(match[1]!, match[2]!);
    return { status: 404, body: [{ message: `No resource ${method} ${path}`, errorCode: "NOT_FOUND" }] };
  }

  /** Applies one record; returns the per-record error, if any. */
  private save(
    request: ContractRequest,
    key: string,
    fields: Record<string, string | null>,
  ): { id?: string; created?: boolean; error?: { statusCode: string; message: string; fields: string[] } } {
    if (this.rejectKeys.has(key))
      return {
        error: {
          statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
          message: `Segment values are locked for ${key}`,
          fields: [],
        },
      };
    let record = this.records.get(key);
    const created = !record;
    if (!record) {
      const missing = this.requiredOnCreate.filter((field) => !fields[field]);
      if (missing.length)
        return {
          error: {
            statusCode: "REQUIRED_FIELD_MISSING",
            message: `Required fields are missing: [${missing.join(", ")}]`,
            fields: missing,
          },
        };
      record = { Id: "001" + String(this.nextId++).padStart(15, "0"), fields: { [this.externalId]: key } };
      this.records.set(key, record);
      this.keyById.set(record.Id, key);
    }
    for (const [field, value] of Object.entries(fields)) {
      if (value === null) delete record.fields[field];
      else record.fields[field] = value;
    }
    this.write(request, key, JSON.stringify(Object.entries(fields).sort()));
    return { id: record.Id, created };
  }

  /**
   * PATCH /services/data/vXX.X/composite/sobjects/{SObject}/{ExternalIdField}  { allOrNone, records[] }
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
   * At most 200 records, each with attributes.type and the external id; one SaveResult per record, in order.
   */
  private collectionsUpsert(request: ContractRequest, object: string, field: string): ContractAnswer {
    if (object !== this.object || field !== this.externalId)
      return {
        status: 400,
        body: [{ message: `${object}.${field} is not an external id field`, errorCode: "INVALID_FIELD" }],
      };
    const body = json<{ allOrNone?: unknown; records?: Record<string, unknown>[] }>(request.body);
    if (!body || !Array.isArray(body.records))
      return { status: 400, body: [{ message: "records is required", errorCode: "JSON_PARSER_ERROR" }] };
    if (body.records.length > 200)
      return {
        status: 400,
        body: [{ message: "Maximum number of records in a collection is 200", errorCode: "EXCEEDED_ID_LIMIT" }],
      };
    if (body.allOrNone !== false)
      return {
        status: 400,
        body: [{ message: "segform's contract expects allOrNone: false", errorCode: "INVALID_INPUT" }],
      };
    const results = body.records.map((record) => {
      const {
        attributes,
        [this.externalId]: key,
        ...fields
      } = record as { attributes?: { type?: string } } & Record<string, unknown>;
      if (attributes?.type !== this.object || typeof key !== "string")
        return {
          success: false,
          errors: [
            { statusCode: "INVALID_INPUT", message: "attributes.type and the external id are required", fields: [] },
          ],
        };
      for (const value of Object.values(fields))
        if (value !== null && typeof value !== "string")
          return {
            success: false,
            errors: [{ statusCode: "INVALID_TYPE", message: "values must be text or null", fields: [] }],
          };
      const saved = this.save(request, key, fields as Record<string, string | null>);
      return saved.error
        ? { success: false, errors: [saved.error] }
        : { id: saved.id, success: true, errors: [], created: saved.created };
    });
    return { status: 200, body: results };
  }

  /**
   * GET /services/data/vXX.X/query?q=SELECT a, b FROM {object} WHERE F IN ('x','y') [AND G IN (...)]
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
   * Only the query shapes the adapter sends (on the deploy object, Campaign and CampaignMember); SOQL string
   * escapes (\' and \\) are honoured.
   */
  private query(request: ContractRequest): ContractAnswer {
    const soql = request.query.get("q") ?? "";
    const match = /^SELECT (.+?) FROM (\w+) WHERE (.+)$/s.exec(soql);
    const known =
      match !== null &&
      (match[2] === this.object ||
        match[2] === "Campaign" ||
        (match[2] === "CampaignMember" && this.accountsAsCampaignMembers));
    // WHERE: `Field IN ('a','b')` conditions joined by AND, read literal by literal (quotes may hold anything).
    const conditions: { field: string; values: Set<string> }[] = [];
    let where = match ? match[3]! : "";
    while (where) {
      const head = /^(\w+) IN \(/.exec(where);
      if (!head) return { status: 400, body: [{ message: `unexpected query: ${soql}`, errorCode: "MALFORMED_QUERY" }] };
      where = where.slice(head[0].length);
      const values = new Set<string>();
      for (;;) {
        const literal = /^'((?:[^'\\]|\\.)*)'(,?)/s.exec(where);
        if (!literal) break;
        values.add(literal[1]!.replace(/\\(.)/gs, (_, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c));
        where = where.slice(literal[0].length);
        if (!literal[2]) break;
      }
      if (!where.startsWith(")"))
        return { status: 400, body: [{ message: `unexpected query: ${soql}`, errorCode: "MALFORMED_QUERY" }] };
      conditions.push({ field: head[1]!, values });
      where = where.slice(1);
      if (where.startsWith(" AND ")) where = where.slice(5);
      else if (where)
        return { status: 400, body: [{ message: `unexpected query: ${soql}`, errorCode: "MALFORMED_QUERY" }] };
    }
    if (!match || !known || !conditions.length)
      return { status: 400, body: [{ message: `unexpected query: ${soql}`, errorCode: "MALFORMED_QUERY" }] };
    const object = match[2]!;
    const columns = match[1]!.split(",").map((column) => column.trim());
    // By external id: the records asked for, not a scan.
    const candidates: Record<string, string | null>[] =
      object === this.object && conditions[0]!.field === this.externalId
        ? [...conditions[0]!.values].flatMap((key) => {
            const record = this.records.get(key);
            return record ? [{ Id: record.Id, ...record.fields }] : [];
          })
        : this.rows(object)!;
    const records = candidates
      .filter((row) => conditions.every((condition) => condition.values.has(String(row[condition.field] ?? ""))))
      .map((row) => ({
        attributes: { type: object },
        ...Object.fromEntries(columns.map((column) => [column, row[column] ?? null])),
      }));
    return { status: 200, body: { totalSize: records.length, done: true, records } };
  }

  /** The rows of an object the query endpoint answers for. */
  private rows(object: string): Record<string, string | null>[] | undefined {
    if (object === this.object)
      return [...this.records.values()].map(
        (record): Record<string, string | null> => ({ Id: record.Id, ...record.fields }),
      );
    if (object === "Campaign")
      return [...this.campaigns.values()].map((campaign) => ({ Id: campaign.Id, Name: campaign.Name }));
    if (object === "CampaignMember" && this.accountsAsCampaignMembers)
      return [...this.members.values()].map((member) => ({ ...member }));
    return undefined;
  }

  /**
   * POST /services/data/vXX.X/sobjects/Campaign  { Name, IsActive }  -> 201 { id, success, errors }
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
   */
  private createCampaign(request: ContractRequest): ContractAnswer {
    const body = json<{ Name?: unknown; IsActive?: unknown }>(request.body);
    if (!body || typeof body.Name !== "string" || !body.Name)
      return {
        status: 400,
        body: [
          { message: "Required fields are missing: [Name]", errorCode: "REQUIRED_FIELD_MISSING", fields: ["Name"] },
        ],
      };
    const campaign = {
      Id: "701" + String(this.nextCampaign++).padStart(15, "0"),
      Name: body.Name,
      IsActive: body.IsActive === true,
    };
    this.campaigns.set(campaign.Id, campaign);
    return { status: 201, body: { id: campaign.Id, success: true, errors: [] } };
  }

  /**
   * POST /services/data/vXX.X/composite/sobjects  { allOrNone, records: [{ attributes: { type: CampaignMember }, CampaignId, AccountId }] }
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
   * At most 200 records, one SaveResult each in order. CampaignMember.AccountId exists only with the "Accounts
   * as Campaign Members" setting (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_objects_campaignmember.htm);
   * an account already in the campaign: DUPLICATE_VALUE.
   */
  private collectionsCreate(request: ContractRequest): ContractAnswer {
    const body = json<{ allOrNone?: unknown; records?: Record<string, unknown>[] }>(request.body);
    if (!body || !Array.isArray(body.records))
      return { status: 400, body: [{ message: "records is required", errorCode: "JSON_PARSER_ERROR" }] };
    if (body.records.length > 200)
      return {
        status: 400,
        body: [{ message: "Maximum number of records in a collection is 200", errorCode: "EXCEEDED_ID_LIMIT" }],
      };
    if (body.allOrNone !== false)
      return {
        status: 400,
        body: [{ message: "segform's contract expects allOrNone: false", errorCode: "INVALID_INPUT" }],
      };
    if (!this.accountsAsCampaignMembers && body.records.some((record) => "AccountId" in record))
      return {
        status: 400,
        body: [{ message: "No such column 'AccountId' on sobject of type CampaignMember", errorCode: "INVALID_FIELD" }],
      };
    const results = body.records.map((record) => {
      const { attributes, CampaignId, AccountId } = record as {
        attributes?: { type?: string };
        CampaignId?: unknown;
        AccountId?: unknown;
      };
      if (attributes?.type !== "CampaignMember")
        return {
          success: false,
          errors: [
            { statusCode: "INVALID_TYPE", message: "this contract server creates CampaignMember records", fields: [] },
          ],
        };
      if (typeof CampaignId !== "string" || !this.campaigns.has(CampaignId))
        return {
          success: false,
          errors: [
            {
              statusCode: "INVALID_CROSS_REFERENCE_KEY",
              message: "invalid cross reference id",
              fields: ["CampaignId"],
            },
          ],
        };
      const key = typeof AccountId === "string" ? this.keyOf(AccountId) : undefined;
      if (key === undefined)
        return {
          success: false,
          errors: [
            { statusCode: "INVALID_CROSS_REFERENCE_KEY", message: "invalid cross reference id", fields: ["AccountId"] },
          ],
        };
      if (this.memberIndex.has(`${CampaignId} ${AccountId}`))
        return {
          success: false,
          errors: [{ statusCode: "DUPLICATE_VALUE", message: "Already a campaign member.", fields: [] }],
        };
      const member = this.addMember(CampaignId, AccountId as string);
      this.write(request, key, `member ${this.campaigns.get(CampaignId)!.Name} +`);
      return { id: member.Id, success: true, errors: [] };
    });
    return { status: 200, body: results };
  }

  /**
   * DELETE /services/data/vXX.X/composite/sobjects?ids=a,b&allOrNone=false  (at most 200 ids; DeleteResults in order)
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm
   */
  private collectionsDelete(request: ContractRequest): ContractAnswer {
    const ids = (request.query.get("ids") ?? "").split(",").filter(Boolean);
    if (!ids.length) return { status: 400, body: [{ message: "ids is required", errorCode: "INVALID_INPUT" }] };
    if (ids.length > 200)
      return { status: 400, body: [{ message: "Maximum number of ids is 200", errorCode: "EXCEEDED_ID_LIMIT" }] };
    const results = ids.map((id) => {
      const member = this.members.get(id);
      if (!member)
        return {
          id,
          success: false,
          errors: [{ statusCode: "ENTITY_IS_DELETED", message: "entity is deleted", fields: [] }],
        };
      this.removeMember(id);
      const key = this.keyOf(member.AccountId) ?? member.AccountId;
      this.write(request, key, `member ${this.campaigns.get(member.CampaignId)?.Name ?? member.CampaignId} -`);
      return { id, success: true, errors: [] };
    });
    return { status: 200, body: results };
  }

  /**
   * POST /services/data/vXX.X/jobs/ingest  { object, externalIdFieldName, contentType: CSV, operation: upsert }
   * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm
   */
  private createJob(request: ContractRequest): ContractAnswer {
    const body = json<{
      object?: string;
      externalIdFieldName?: string;
      contentType?: string;
      operation?: string;
      lineEnding?: string;
    }>(request.body);
    if (
      !body ||
      body.object !== this.object ||
      body.operation !== "upsert" ||
      body.externalIdFieldName !== this.externalId ||
      (body.contentType ?? "CSV") !== "CSV"
    ) {
      return {
        status: 400,
        body: [
          {
            message: "InvalidJob: object, operation upsert, externalIdFieldName and contentType CSV are required",
            errorCode: "INVALIDJOB",
          },
        ],
      };
    }
    const id = "750" + String(this.jobs.size + 1).padStart(15, "0");
    const job: Job = {
      id,
      state: "Open",
      object: body.object,
      externalIdFieldName: body.externalIdFieldName,
      polls: 0,
      successful: [],
      failed: [],
      unprocessed: [],
      header: [],
    };
    this.jobs.set(id, job);
    return {
      status: 200,
      body: { ...this.info(job), contentUrl: `services/data/${this.version}/jobs/ingest/${id}/batches` },
    };
  }

  /**
   * PUT /services/data/vXX.X/jobs/ingest/{jobId}/batches  (text/csv, one upload per job, <= 100 MB)
   * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/upload_job_data.htm
   */
  private upload(request: ContractRequest, id: string): ContractAnswer {
    const job = this.jobs.get(id);
    if (!job) return { status: 404, body: [{ message: "Job not found", errorCode: "NOT_FOUND" }] };
    if (job.state !== "Open" || job.csv !== undefined)
      return {
        status: 400,
        body: [{ message: "Data can only be uploaded once to an Open job", errorCode: "INVALIDJOBSTATE" }],
      };
    if (!String(request.headers["content-type"] ?? "").startsWith("text/csv"))
      return { status: 400, body: [{ message: "Content-Type must be text/csv", errorCode: "INVALID_CONTENT_TYPE" }] };
    if (Buffer.byteLength(request.body) > 100 * 1024 * 1024)
      return { status: 400, body: [{ message: "Upload exceeds 100 MB", errorCode: "EXCEEDED_QUOTA" }] };
    job.csv = request.body;
    return { status: 201 };
  }

  /**
   * PATCH /services/data/vXX.X/jobs/ingest/{jobId}  { state: UploadComplete | Aborted }
   * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/close_job.htm
   */
  private setState(request: ContractRequest, id: string): ContractAnswer {
    const job = this.jobs.get(id);
    if (!job) return { status: 404, body: [{ message: "Job not found", errorCode: "NOT_FOUND" }] };
    const state = json<{ state?: string }>(request.body)?.state;
    if (state === "UploadComplete" && job.state === "Open" && job.csv !== undefined) job.state = "UploadComplete";
    else if (state === "Aborted" && ["Open", "UploadComplete", "InProgress"].includes(job.state)) job.state = "Aborted";
    else
      return {
        status: 400,
        body: [{ message: `Cannot change the state of a ${job.state} job to ${state}`, errorCode: "INVALIDJOBSTATE" }],
      };
    if (job.state === "UploadComplete") this.process(request, job, "start");
    return { status: 200, body: this.info(job) };
  }

  /**
   * GET /services/data/vXX.X/jobs/ingest/{jobId}
   * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm
   */
  private jobInfo(id: string): ContractAnswer {
    const job = this.jobs.get(id);
    if (!job) return { status: 404, body: [{ message: "Job not found", errorCode: "NOT_FOUND" }] };
    if ((job.state === "UploadComplete" || job.state === "InProgress") && !this.holdJobs) {
      job.state = "InProgress";
      if (++job.polls >= this.pollsToComplete) this.process(undefined, job, "finish");
    }
    return { status: 200, body: this.info(job) };
  }

  /** Rows are applied when the job finishes (or up to the failure point of a failing job). */
  private process(request: ContractRequest | undefined, job: Job, step: "start" | "finish"): void {
    if (step === "start") return;
    const rows = csvRecords(job.csv ?? "");
    job.header = (job.csv ?? "").split("\n")[0]!.split(",");
    const fail = this.failNextJob;
    this.failNextJob = undefined;
    const fake = request ?? ({ n: this.requests.length - 1 } as ContractRequest);
    rows.forEach((row, index) => {
      const line = job.header.map((column) => csvCell(row[column] ?? "")).join(",");
      if (fail && index >= fail.after) {
        job.unprocessed.push(line);
        return;
      }
      const { [this.externalId]: key, ...cells } = row;
      const fields: Record<string, string | null> = {};
      for (const [field, value] of Object.entries(cells))
        if (value !== "") fields[field] = value === "#N/A" ? null : value;
      const saved = this.save(fake, key!, fields);
      if (saved.error)
        job.failed.push(`${csvCell("")},${csvCell(`${saved.error.statusCode}:${saved.error.message}`)},${line}`);
      else job.successful.push(`${csvCell(saved.id!)},${saved.created ? "true" : "false"},${line}`);
    });
    if (fail) {
      job.state = "Failed";
      job.errorMessage = fail.message;
    } else job.state = "JobComplete";
  }

  /**
   * GET .../jobs/ingest/{jobId}/successfulResults/ | failedResults/ | unprocessedrecords/  (text/csv)
   * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm
   */
  private results(id: string, kind: string): ContractAnswer {
    const job = this.jobs.get(id);
    if (!job) return { status: 404, body: [{ message: "Job not found", errorCode: "NOT_FOUND" }] };
    if (!["JobComplete", "Failed", "Aborted"].includes(job.state))
      return {
        status: 400,
        body: [{ message: "Results are available when the job is done", errorCode: "INVALIDJOBSTATE" }],
      };
    const header = job.header.join(",");
    if (kind === "successfulResults")
      return { status: 200, raw: [`"sf__Id","sf__Created",${header}`, ...job.successful].join("\n") + "\n" };
    if (kind === "failedResults")
      return { status: 200, raw: [`"sf__Id","sf__Error",${header}`, ...job.failed].join("\n") + "\n" };
    return { status: 200, raw: [header, ...job.unprocessed].join("\n") + "\n" };
  }

  private info(job: Job) {
    return {
      id: job.id,
      operation: "upsert",
      object: job.object,
      externalIdFieldName: job.externalIdFieldName,
      state: job.state,
      contentType: "CSV",
      apiVersion: Number(this.version.slice(1)),
      jobType: "V2Ingest",
      lineEnding: "LF",
      columnDelimiter: "COMMA",
      numberRecordsProcessed: job.successful.length + job.failed.length,
      numberRecordsFailed: job.failed.length,
      ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    };
  }

  /** A CampaignMember (also a hand edit in Salesforce's UI). */
  addMember(campaignId: string, accountId: string): { Id: string; CampaignId: string; AccountId: string } {
    const member = {
      Id: "00v" + String(this.nextMember++).padStart(15, "0"),
      CampaignId: campaignId,
      AccountId: accountId,
    };
    this.members.set(member.Id, member);
    this.memberIndex.set(`${campaignId} ${accountId}`, member.Id);
    return member;
  }

  removeMember(id: string): void {
    const member = this.members.get(id);
    if (!member) return;
    this.members.delete(id);
    this.memberIndex.delete(`${member.CampaignId} ${member.AccountId}`);
  }

  private keyOf(id: string): string | undefined {
    const key = this.keyById.get(id);
    if (key !== undefined && this.records.get(key)?.Id === id) return key;
    for (const [other, record] of this.records) if (record.Id === id) return other;
    return undefined;
  }

  /** What Salesforce holds per key: the fields without the external id, records with no field left omitted. */
  held(): Map<string, Fields> {
    const out = new Map<string, Fields>();
    const campaignsOf = new Map<string, string[]>();
    for (const member of this.members.values())
      campaignsOf.set(member.AccountId, [
        ...(campaignsOf.get(member.AccountId) ?? []),
        this.campaigns.get(member.CampaignId)!.Name,
      ]);
    for (const [key, record] of [...this.records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const { [this.externalId]: _key, ...fields } = record.fields;
      const campaigns = (campaignsOf.get(record.Id) ?? []).sort();
      if (campaigns.length) fields.campaigns = campaigns.join("|");
      if (Object.keys(fields).length) out.set(key, fields);
    }
    return out;
  }
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
