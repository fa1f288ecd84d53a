// The benchmarks' accounts: a seeded generator for the quick start's CSV columns (segments.example.yaml), shared
// by bench/engine-bench.mjs (1M accounts as CSV and JSONL) and bench/sql-bench.mjs (10M accounts as CSV and
// Parquet). Every run and every machine gets the same values; the first N accounts of a larger set are the N
// accounts of a smaller one. Bump GENERATOR_VERSION when the generator changes, so stale files are rebuilt.

/** Bump when the generator changes, so stale data is rebuilt. */
export const GENERATOR_VERSION = "2";
export const SEED = 20261101;

/** sfc32: small, fast, seedable. */
function prng(seed) {
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

export const HEADER = [
  "Id",
  "Name",
  "NumberOfEmployees",
  "Industry",
  "Region",
  "Technologies",
  "Data_Warehouse__c",
  "Intent_Score__c",
  "Last_Pricing_Visit__c",
  "Demo_Requested__c",
  "Opportunity_Stage__c",
  "Opportunity_Amount__c",
];
const NAME_A = [
  "Sprucevale",
  "Alder",
  "Piedmont",
  "Redwood",
  "Northmark",
  "Meridian",
  "Bluepeak",
  "Ironbridge",
  "Cedar",
  "Harbor",
  "Summit",
  "Juniper",
  "Granite",
  "Silverline",
  "Oakridge",
  "Lumen",
  "Crescent",
  "Evergreen",
  "Falcon",
  "Brightwater",
];
const NAME_B = [
  "Cloud",
  "Falls",
  "HQ",
  "flow",
  "Labs",
  "wise",
  "Systems",
  "Analytics",
  "Health",
  "Logistics",
  "Bank",
  "Pay",
  "Media",
  "Works",
  "Data",
  "Retail",
  "Capital",
  "Software",
  "Group",
  "Partners",
];
const NAME_C = ["", "", "", "", " Inc.", " Ltd", " GmbH", ", Inc.", ", LLC", " Test Account", " Demo"];
const INDUSTRIES = [
  ["software", 21],
  ["saas", 14],
  ["fintech", 13],
  ["logistics", 9],
  ["manufacturing", 9],
  ["healthcare", 8],
  ["retail", 7],
  ["government", 7],
  ["media", 7],
  ["education", 5],
];
const REGIONS = [
  ["NA", 40],
  ["EMEA", 30],
  ["APAC", 18],
  ["LATAM", 12],
];
const TECHS = [
  "azure",
  "okta",
  "looker",
  "zendesk",
  "hubspot",
  "marketo",
  "stripe",
  "tableau",
  "dbt",
  "slack",
  "salesforce",
  "aws",
  "jira",
  "fivetran",
  "segment",
  "snowflake",
  "gcp",
];
const WAREHOUSES = [
  ["", 58],
  ["snowflake", 18],
  ["bigquery", 9],
  ["redshift", 9],
  ["databricks", 6],
];
const STAGES = [
  ["none", 70],
  ["open", 14],
  ["closed_won", 8],
  ["closed_lost", 8],
];

function weighted(table) {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  return (r) => {
    let x = r * total;
    for (const [value, w] of table) if ((x -= w) < 0) return value;
    return table[table.length - 1][0];
  };
}

/**
 * Generates accounts as row objects of raw CSV strings (before quoting). Dirty values appear at low rates
 * (they become data warnings and missing values), as in real CRM exports.
 */
export function* accounts(count, seed = SEED) {
  const rand = prng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const industry = weighted(INDUSTRIES);
  const region = weighted(REGIONS);
  const warehouse = weighted(WAREHOUSES);
  const stage = weighted(STAGES);
  const asOf = Date.UTC(2026, 10, 1);
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i < count; i++) {
    let suffix = "";
    for (let k = 0; k < 6; k++) suffix += alphabet[Math.floor(rand() * 62)];
    const id = `0015g${i.toString(36).toUpperCase().padStart(7, "0")}${suffix}`;
    let name = `${pick(NAME_A)}${rand() < 0.5 ? " " : ""}${pick(NAME_B)}${rand() < 0.15 ? pick(NAME_C) : ""}`;
    if (rand() < 0.004) name = `"${name}"`; // quotes inside a quoted field
    // About half the accounts are mid-market (200-2,000 employees), as in the quick start's sample.
    const e =
      rand() < 0.5
        ? 200 + Math.floor(rand() * 1801)
        : Math.round(Math.exp(Math.log(5) + rand() * (Math.log(50_000) - Math.log(5))));
    const r = rand();
    const employees =
      r < 0.02 ? "" : r < 0.022 ? "250-500" : r < 0.03 && e >= 1000 ? e.toLocaleString("en-US") : String(e);
    const reg = rand() < 0.002 ? "emea" : region(rand());
    const techs = [];
    const n = 2 + Math.floor(rand() * 6);
    for (let k = 0; k < n; k++) {
      const t = pick(TECHS);
      if (!techs.includes(t)) techs.push(t);
    }
    const wh = warehouse(rand());
    const ri = rand();
    const intent =
      ri < 0.03 ? "" : ri < 0.031 ? "n/a" : ri < 0.1 ? (rand() * 100).toFixed(1) : String(Math.floor(rand() * 101));
    const rv = rand();
    const visit =
      rv < 0.7
        ? ""
        : rv < 0.701
          ? "N/A"
          : new Date(asOf - Math.floor(rand() * 120) * 86_400_000).toISOString().slice(0, 10);
    const rd = rand();
    const demo = rd < 0.02 ? "" : rd < 0.08 ? "true" : "false";
    const st = rand() < 0.001 ? "Negotiation" : stage(rand());
    const amount = st === "none" ? "" : String(1000 * (5 + Math.floor(rand() * 195)));
    yield [id, name, employees, industry(rand()), reg, techs.join(";"), wh, intent, visit, demo, st, amount];
  }
}

export const csvCell = (value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
