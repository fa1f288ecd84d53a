import { suggest, type DestinationSpec } from "@segform/spec";
import { at, type CheckContext } from "../context.js";
import type { Origin } from "../resolve.js";

/**
 * The settings of each destination type segform deploys to, as its adapter (packages/deploy/src/adapters/)
 * reads them: the keys beside `type:`, the `options:` keys, what is required, and the value checks. Kept here
 * because the compiler may not depend on the deploy package; the adapters check again when they open.
 */
interface TypeSettings {
  /** Keys beside `type:` beyond those every destination has. */
  keys: readonly string[];
  options: readonly string[];
  /** Settings without which apply cannot run (`options.NAME` for an option). */
  required: readonly string[];
  /**
   * The settings whose presence says the destination is set up for deploy (the SaaS types; declared without it,
   * a destination only documents where membership goes, and apply skips it with SEG420).
   */
  deployKey?: readonly string[];
  /** Records per batch the destination accepts. */
  maxBatch?: number;
}

const COMMON = ["type", "description", "mode", "on_exit", "max_removals", "max_changes", "batch_size", "options"];

const TYPES: Record<string, TypeSettings> = {
  file: { keys: ["path", "format"], options: [], required: ["path"] },
  webhook: { keys: ["url", "secret", "token"], options: [], required: ["url"] },
  postgres: { keys: ["url", "table"], options: [], required: ["url"] },
  hubspot: {
    keys: ["token", "url", "object"],
    options: ["id_property", "object_type_id", "rate_limit"],
    required: ["token", "options.id_property"],
    deployKey: ["options.id_property"],
    maxBatch: 10_000,
  },
  salesforce: {
    keys: ["url", "token", "object"],
    options: ["external_id", "api_version", "bulk_threshold", "bulk_poll_seconds", "rate_limit"],
    required: ["url", "token", "options.external_id"],
    deployKey: ["options.external_id"],
    maxBatch: 200,
  },
  linkedin: {
    keys: ["token", "url"],
    options: ["ad_account", "linkedin_version", "source_platform", "segment_wait_seconds", "rate_limit"],
    required: ["token", "options.ad_account", "options.linkedin_version", "options.source_platform"],
    deployKey: ["options.ad_account", "options.linkedin_version"],
    maxBatch: 5000,
  },
};

const HUBSPOT_OBJECTS = ["companies", "contacts", "deals", "tickets"];
const ENV_REF = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

type Setting = { value: unknown; origin: Origin; label: string };

/**
 * Destination settings, checked when compiling (not first at `segform plan`): for each type segform deploys to
 * (file, webhook, postgres, hubspot, salesforce, linkedin), a key or option that type does not read (SEG410, with
 * did-you-mean), a required setting missing (SEG411; for a SaaS type only once it is set up for deploy), and a
 * value its adapter would refuse (SEG412). Types segform only documents (google_ads, warehouse) are left alone.
 */
export function DestinationSettingsRule(ctx: CheckContext): void {
  for (const [name, entry] of ctx.spec.destinations) {
    const spec = entry.value;
    const settings = TYPES[spec.type];
    if (!settings) continue;
    const owner = `destination ${name} (type ${spec.type})`;
    const allowed = [...COMMON, ...settings.keys];
    for (const key of Object.keys(spec)) {
      if (allowed.includes(key)) continue;
      // Any other key the schema admits belongs to another type.
      ctx.error(
        "SEG410",
        `${owner}: \`${key}:\` is not a setting of ${spec.type} destinations`,
        at(entry.at, key),
        "key",
        `${spec.type} destinations take: ${[...settings.keys, ...COMMON.slice(2)].join(", ")}`,
      );
    }
    const options = (spec.options ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(options)) {
      if (settings.options.includes(key)) continue;
      const close = suggest(key, settings.options);
      const beside =
        allowed.includes(key) && key !== "options"
          ? `write \`${key}:\` beside \`type:\`, not under options`
          : undefined;
      const hint = close
        ? `did you mean "${close}"?`
        : (beside ??
          (settings.options.length
            ? `${spec.type} options: ${settings.options.join(", ")}`
            : `${spec.type} destinations take no options`));
      ctx.error("SEG410", `${owner}: unknown option \`${key}\``, at(entry.at, "options", key), "key", hint);
    }
    const get = (path: string): Setting | undefined => {
      const option = path.startsWith("options.") ? path.slice("options.".length) : undefined;
      const raw = option !== undefined ? options[option] : (spec as unknown as Record<string, unknown>)[path];
      if (raw === undefined) return undefined;
      const origin = option !== undefined ? at(entry.at, "options", option) : at(entry.at, path);
      // `{ value, secret: false }`: the value it marks.
      const value = raw !== null && typeof raw === "object" && "value" in raw ? (raw as { value: unknown }).value : raw;
      return { value, origin, label: path };
    };
    const setUp = !settings.deployKey || settings.deployKey.every((path) => get(path) !== undefined);
    if (setUp) {
      const missing = settings.required.filter((path) => get(path) === undefined);
      if (missing.length) {
        const list = missing.map((path) => `\`${path}\``).join(", ");
        ctx.error("SEG411", `${owner}: missing ${list}`, entry.at, "key", requiredHint(spec.type, missing));
      }
    }
    const invalid = (setting: Setting | undefined, problem: string, hint?: string) => {
      if (setting) ctx.error("SEG412", `${owner}: ${setting.label} ${problem}`, setting.origin, "value", hint);
    };
    checkValues(spec, settings, get, invalid);
  }
}

function checkValues(
  spec: DestinationSpec,
  settings: TypeSettings,
  get: (path: string) => Setting | undefined,
  invalid: (setting: Setting | undefined, problem: string, hint?: string) => void,
): void {
  const text = (setting: Setting | undefined) =>
    setting && typeof setting.value === "string" ? setting.value : undefined;
  const batch = get("batch_size");
  if (batch && (typeof batch.value !== "number" || !Number.isInteger(batch.value) || batch.value < 1))
    invalid(batch, "must be a whole number of records, at least 1");
  else if (batch && settings.maxBatch !== undefined && (batch.value as number) > settings.maxBatch)
    invalid(
      batch,
      `is over the ${settings.maxBatch} records a ${spec.type} batch takes`,
      `use at most ${settings.maxBatch}`,
    );
  for (const path of ["url", "token", "secret"]) {
    const setting = get(path);
    if (setting && (typeof setting.value !== "string" || !setting.value))
      invalid(setting, "must be a non-empty string");
  }
  switch (spec.type) {
    case "file": {
      const path = get("path");
      const value = text(path);
      if (path && value === undefined) invalid(path, "must be a file path");
      else if (
        value !== undefined &&
        (value.startsWith("/") || /^[A-Za-z]:[\\/]/.test(value) || value.split(/[\\/]/).some((part) => part === ".."))
      ) {
        // Definitions may come from an unreviewed pull request: their paths stay inside the project.
        invalid(
          path,
          "must be relative to the definitions file and stay inside the project",
          "write a path such as out/membership.csv",
        );
      } else if (value !== undefined && !/\.(csv|jsonl)$/i.test(value) && spec.format === undefined)
        invalid(path, "should end in .csv or .jsonl", "or set `format: csv` / `format: jsonl`");
      break;
    }
    case "postgres": {
      const url = get("url");
      const value = text(url);
      if (value !== undefined && !ENV_REF.test(value) && !/^postgres(ql)?:\/\//i.test(value))
        invalid(url, "must be postgres://... or ${env:NAME}", 'e.g. url: "${env:MEMBERSHIP_PG_URL}"');
      const table = get("table");
      const name = text(table);
      if (table && (name === undefined || !/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/.test(name)))
        invalid(table, "must be a table name, optionally schema-qualified (schema.table)");
      break;
    }
    case "hubspot": {
      const id = get("options.id_property");
      if (id && (typeof id.value !== "string" || !/^[a-z0-9_]+$/i.test(id.value)))
        invalid(id, "must be a HubSpot property name (letters, digits, _)");
      const object = text(get("object")) ?? "companies";
      if (!HUBSPOT_OBJECTS.includes(object) && get("options.object_type_id") === undefined)
        invalid(
          get("object"),
          `${object} needs options.object_type_id for its lists`,
          `objects with a known type id: ${HUBSPOT_OBJECTS.join(", ")}`,
        );
      break;
    }
    case "salesforce": {
      for (const path of ["options.external_id", "object"]) {
        const setting = get(path);
        if (setting && (typeof setting.value !== "string" || !API_NAME.test(setting.value)))
          invalid(setting, "must be a Salesforce API name (e.g. Account, Segform_Key__c)");
      }
      const version = get("options.api_version");
      if (version && !/^v\d+\.\d$/.test(String(version.value))) invalid(version, 'must look like "v62.0"');
      for (const path of ["options.bulk_threshold", "options.bulk_poll_seconds"]) positive(get(path), invalid);
      break;
    }
    case "linkedin": {
      const account = get("options.ad_account");
      if (
        account &&
        !/^(urn:li:sponsoredAccount:)?\d+$/.test(String(account.value)) &&
        !ENV_REF.test(String(account.value))
      )
        invalid(account, "must be urn:li:sponsoredAccount:<number>, a number, or ${env:NAME}");
      const version = get("options.linkedin_version");
      if (version && !/^\d{6}$/.test(String(version.value)))
        invalid(version, 'must be "YYYYMM" (the LinkedIn-Version header, e.g. "202511")');
      const platform = get("options.source_platform");
      if (platform && (typeof platform.value !== "string" || !/^[A-Z0-9_]+$/.test(platform.value)))
        invalid(platform, "must be the sourcePlatform enum value LinkedIn granted (capitals, digits, _)");
      positive(get("options.segment_wait_seconds"), invalid);
      break;
    }
  }
  const rate = get("options.rate_limit");
  if (
    rate &&
    rate.value !== false &&
    rate.value !== "none" &&
    !(
      typeof rate.value === "string" &&
      /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(s|ms)$/.test(rate.value.trim()) &&
      Number(rate.value.trim().split("/")[0]) >= 1
    )
  ) {
    invalid(rate, 'must look like "190/10s" (requests per window) or "none"');
  }
}

function positive(
  setting: Setting | undefined,
  invalid: (setting: Setting | undefined, problem: string) => void,
): void {
  if (setting && (typeof setting.value !== "number" || !(setting.value > 0)))
    invalid(setting, "must be a number above 0");
}

function requiredHint(type: string, missing: string[]): string {
  const examples: Record<string, string> = {
    path: "path: out/membership.csv",
    url:
      type === "postgres"
        ? 'url: "${env:MEMBERSHIP_PG_URL}"'
        : type === "salesforce"
          ? 'url: "${env:SF_INSTANCE_URL}"'
          : 'url: "${env:HOOK_URL}"',
    token: `token: "\${env:${type.toUpperCase()}_TOKEN}"`,
    "options.id_property": "options: { id_property: segform_account_id }",
    "options.external_id": "options: { external_id: Segform_Key__c }",
    "options.ad_account": 'options: { ad_account: "${env:LINKEDIN_AD_ACCOUNT}" }',
    "options.linkedin_version": 'options: { linkedin_version: "202511" }',
    "options.source_platform": "options: { source_platform: ACME_DMP }",
  };
  return `add ${missing.map((path) => examples[path] ?? path).join("; ")} (README: Deploying)`;
}
