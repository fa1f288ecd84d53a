// Seeded generator of the third-party benchmark's accounts (bench/third-party-bench.mjs): a messy CRM export.
// Every value is text as a CRM export writes it: categories in mixed case with stray spaces, placeholders
// (n/a, unknown, -), thousands separators, dates with time suffixes, two list columns (";" and "|"), and about 1%
// of rows with a dirty value somewhere (which segform reports as a data warning and reads as missing).
export const GENERATOR_VERSION = "1";
export const SEED = 20261203;
export const AS_OF = "2026-11-01";

export const HEADER = [
  "Account ID",
  "Company",
  "Employees",
  "Annual Revenue",
  "Industry",
  "Country",
  "Region",
  "Technologies",
  "Intent Topics",
  "Plan",
  "Web Visits 30d",
  "Intent Score",
  "Last Activity",
  "Renewal Date",
  "Is Customer",
  "Open Opportunities",
  "NPS",
  "Funding Stage",
  "Account Owner",
  "Headcount Growth",
];

/** mulberry32: a small seeded PRNG (the same numbers on every machine). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INDUSTRIES = [
  "software",
  "fintech",
  "saas",
  "healthcare",
  "insurance",
  "retail",
  "manufacturing",
  "education",
  "government",
  "media",
];
const COUNTRIES = [
  ["US", "NA"],
  ["CA", "NA"],
  ["GB", "EMEA"],
  ["DE", "EMEA"],
  ["FR", "EMEA"],
  ["NL", "EMEA"],
  ["JP", "APAC"],
  ["AU", "APAC"],
  ["IN", "APAC"],
  ["BR", "LATAM"],
  ["MX", "LATAM"],
  ["CU", "LATAM"],
];
const TECH = [
  "snowflake",
  "databricks",
  "bigquery",
  "redshift",
  "dbt",
  "segment",
  "looker",
  "tableau",
  "hubspot",
  "salesforce",
  "marketo",
  "zendesk",
  "slack",
  "aws",
  "gcp",
  "azure",
];
const TOPICS = ["reverse-etl", "data-activation", "cdp", "crm-sync", "attribution", "data-quality", "etl", "bi"];
const PLANS = ["free", "starter", "pro", "enterprise"];
const FUNDING = ["seed", "series_a", "series_b", "series_c", "growth", "public"];
const WORDS = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Stark",
  "Wayne",
  "Tyrell",
  "Cyberdyne",
  "Soylent",
  "Vandelay",
  "Wonka",
  "Falcon",
  "Nimbus",
  "Quantum",
  "Vertex",
];
const SUFFIXES = ["Inc", "Labs", "Data", "Systems", "Group", "Health", "Pay", "Cloud"];
const PEOPLE = ["jane.doe", "john.smith", "ana.lopez", "li.wei", "sam.patel", "eva.muller"];
const DAY_MS = 86_400_000;
const AS_OF_MS = Date.parse(`${AS_OF}T00:00:00Z`);

/** The accounts, one array of cells (strings, in HEADER order) per account. */
export function* accounts(count, seed = SEED) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  /** Mixed case and stray spaces, as typed by hand into a CRM. */
  const messy = (word) => {
    const r = random();
    const cased =
      r < 0.4
        ? word
        : r < 0.6
          ? word.toUpperCase()
          : r < 0.8
            ? word[0].toUpperCase() + word.slice(1)
            : word.replace(/[aeiou]/g, (c) => c.toUpperCase());
    return chance(0.15) ? ` ${cased} ` : cased;
  };
  const thousands = (n) => (chance(0.5) ? n.toLocaleString("en-US") : String(n));
  const placeholder = () => pick(["n/a", "N/A", "unknown", "-", " Unknown "]);
  const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
  const timestamp = (ms) => {
    const r = random();
    const iso = new Date(ms + Math.floor(random() * DAY_MS)).toISOString();
    if (r < 0.4) return iso.slice(0, 19) + "Z";
    if (r < 0.7) return iso.slice(0, 10) + " " + iso.slice(11, 19);
    if (r < 0.85) return iso.slice(0, 16).replace("T", " ");
    return isoDay(ms);
  };
  for (let i = 0; i < count; i++) {
    const dirty = chance(0.01) ? Math.floor(random() * 8) : -1;
    const id = `ACC-${String(i + 1).padStart(8, "0")}`;
    const company = chance(0.03)
      ? `${pick(WORDS)} ${pick(SUFFIXES)}, ${pick(["Inc.", "LLC", "Ltd."])}`
      : `${pick(WORDS)}${chance(0.5) ? " " : ""}${pick(SUFFIXES)}`;
    const size = Math.floor(Math.exp(random() * Math.log(100_000)));
    const employees = dirty === 0 ? "250-500" : chance(0.02) ? "" : chance(0.02) ? placeholder() : thousands(size);
    const revenueValue = Math.round(size * (50_000 + random() * 250_000));
    const revenue = chance(0.03)
      ? placeholder()
      : chance(0.3)
        ? `${revenueValue.toLocaleString("en-US")}.${String(Math.floor(random() * 100)).padStart(2, "0")}`
        : thousands(revenueValue);
    const industry = dirty === 1 ? "Soft ware/IT" : chance(0.03) ? placeholder() : messy(pick(INDUSTRIES));
    const [countryCode, regionName] = pick(COUNTRIES);
    const country = messy(countryCode.toLowerCase());
    const region = dirty === 2 ? "Europe" : chance(0.02) ? "" : messy(regionName.toLowerCase());
    const techCount = Math.floor(random() * 7);
    const tech = [];
    for (let t = 0; t < techCount; t++) tech.push(messy(pick(TECH)));
    const topicCount = Math.floor(random() * 5);
    const topics = [];
    for (let t = 0; t < topicCount; t++) topics.push(messy(pick(TOPICS)));
    const plan = dirty === 3 ? "trial" : chance(0.05) ? pick(["N/A", "none", ""]) : messy(pick(PLANS));
    const visits = Math.floor(Math.exp(random() * Math.log(50_000))) - 1;
    const webVisits = chance(0.05) ? "" : thousands(visits);
    const intent =
      dirty === 4 ? "high" : chance(0.1) ? "" : (Math.floor(random() * 1000) / 10).toFixed(1).replace(/\.0$/, "");
    const lastActivity =
      dirty === 5 ? "yesterday" : chance(0.05) ? "" : timestamp(AS_OF_MS - Math.floor(random() * 400) * DAY_MS);
    const renewal = chance(0.1) ? "" : timestamp(AS_OF_MS + Math.floor(random() * 430 - 30) * DAY_MS);
    const customer =
      dirty === 6
        ? "maybe"
        : chance(0.1)
          ? ""
          : pick(chance(0.25) ? ["Yes", "TRUE", "1", "y", "true"] : ["No", "false", "0", "N", "FALSE"]);
    const openOpps = String(chance(0.7) ? 0 : Math.floor(random() * 6));
    const nps = chance(0.2) ? "" : chance(0.02) ? "n/a" : String(Math.floor(random() * 201) - 100);
    const funding = chance(0.1) ? pick(["Unknown", "n/a", ""]) : messy(pick(FUNDING));
    const owner = dirty === 7 ? "rival@competitor.com" : `${pick(PEOPLE)}@${chance(0.3) ? "Vendor.com" : "vendor.com"}`;
    const growth = chance(0.05) ? "" : (random() * 40 - 10).toFixed(random() < 0.5 ? 1 : 2);
    yield [
      id,
      company,
      employees,
      revenue,
      industry,
      country,
      region,
      tech.join(chance(0.3) ? " ; " : ";"),
      topics.join("|"),
      plan,
      webVisits,
      intent,
      lastActivity,
      renewal,
      customer,
      openOpps,
      nps,
      funding,
      owner,
      growth,
    ];
  }
}

/** RFC 4180 quoting, as a CRM export writes it. */
export function csvCell(value) {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
