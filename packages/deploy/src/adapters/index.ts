import type { AdapterType } from "./adapter.js";
import { fileDestination } from "./file.js";
import { hubspotDestination } from "./hubspot.js";
import { linkedinDestination } from "./linkedin.js";
import { postgresDestination } from "./postgres.js";
import { salesforceDestination } from "./salesforce.js";
import { webhookDestination } from "./webhook.js";

/** The destination types segform can deploy to, by `type:`. */
export const ADAPTERS: Readonly<Record<string, AdapterType>> = {
  file: fileDestination,
  webhook: webhookDestination,
  postgres: postgresDestination,
  hubspot: hubspotDestination,
  salesforce: salesforceDestination,
  linkedin: linkedinDestination,
};

export * from "./adapter.js";
