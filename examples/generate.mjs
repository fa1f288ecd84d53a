#!/usr/bin/env node
// Generates every bundled example data set for segform, deterministically.
//
//   node examples/generate.mjs
//
// Plain Node.js (ESM), no dependencies. Every data set has its own fixed seed (mulberry32), dates are
// computed from the fixed reference date 2026-11-01 (never the clock), and the output is byte-identical
// from run to run. The data is synthetic but shaped like CRM exports: Salesforce- or HubSpot-style column
// names, log-normal company sizes, outcomes (deal stage, amount) correlated with fit and with the latent
// buying motion the example projects segment on, and a few deliberately dirty rows per file (about 1%):
// unparseable numbers and dates, values outside an enum, odd booleans, trailing whitespace, quotes and
// commas inside names. Keys are always present and unique.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
    this.spare = null;
  }
  /** Uniform in [0, 1). */
  float() {
    return this.next();
  }
  /** Uniform in [lo, hi). */
  range(lo, hi) {
    return lo + (hi - lo) * this.next();
  }
  /** Integer in [lo, hi], inclusive. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Picks a key of `weights` ({ value: weight }) with probability proportional to its weight. */
  weighted(weights) {
    const entries = Object.entries(weights);
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
  /** Standard normal (Box-Muller). */
  normal() {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal with the given median and log-space sigma. */
  logNormal(median, sigma) {
    return Math.exp(Math.log(median) + sigma * this.normal());
  }
  /** Exponential with the given mean. */
  exponential(mean) {
    let u = 0;
    while (u === 0) u = this.next();
    return -Math.log(u) * mean;
  }
  /** k distinct items, in random order. */
  sample(items, k) {
    const pool = items.slice();
    const out = [];
    for (let i = 0; i < k && pool.length > 0; i++) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }
}

const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const roundTo = (x, step) => Math.round(x / step) * step;

// ---------------------------------------------------------------------------------------------------------
// Dates: whole days since 1970-01-01 (UTC), anchored on the projects' as_of date.
// ---------------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const dayOf = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const formatDay = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const AS_OF = dayOf("2026-11-01");

/** A date `days` before as_of. */
const daysAgo = (days) => formatDay(AS_OF - Math.max(0, Math.floor(days)));
/** A date `days` after as_of. */
const daysAhead = (days) => formatDay(AS_OF + Math.max(0, Math.floor(days)));
/** A recent activity date: exponential age with the given mean, capped at maxDays. */
const recent = (rng, meanDays, maxDays = 540) => daysAgo(Math.min(maxDays, rng.exponential(meanDays)));

// ---------------------------------------------------------------------------------------------------------
// Identifiers and names
// ---------------------------------------------------------------------------------------------------------

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** 18-character Salesforce-style ids: object prefix + pod + random tail, unique per generator. */
function salesforceIds(rng, prefix, pod) {
  const seen = new Set();
  return () => {
    for (;;) {
      let tail = "";
      for (let i = 0; i < 8; i++) tail += BASE62[Math.floor(rng.float() * 62)];
      const id = `${prefix}${pod}00000${tail}`;
      if (!seen.has(id)) {
        seen.add(id);
        return id;
      }
    }
  };
}

/** Increasing numeric HubSpot-style record ids. */
function hubspotIds(rng, start) {
  let current = start;
  return () => {
    current += rng.int(3, 977);
    return String(current);
  };
}

const NAME_A = [
  "Alder", "Anchor", "Apex", "Arrow", "Aspen", "Atlas", "Beacon", "Birch", "Blue", "Bright", "Cedar", "Clear",
  "Cobalt", "Copper", "Crest", "Crown", "Delta", "Drift", "Echo", "Ember", "Falcon", "Fern", "Flint", "Glacier",
  "Golden", "Granite", "Harbor", "Harvest", "Hawk", "Horizon", "Indigo", "Iron", "Jade", "Juniper", "Kestrel",
  "Keystone", "Lake", "Linden", "Lumen", "Maple", "Meridian", "Mosaic", "Nimbus", "North", "Nova", "Oak", "Onyx",
  "Orbit", "Pine", "Pinnacle", "Pioneer", "Polar", "Prairie", "Quarry", "Radiant", "Red", "Redwood", "River",
  "Sage", "Sierra", "Signal", "Silver", "Spruce", "Sterling", "Stone", "Summit", "Swift", "Terra", "Tidal",
  "True", "Union", "Valley", "Vertex", "Vista", "Wave", "West", "Willow", "Zenith",
];
const NAME_B = [
  "base", "bridge", "brook", "core", "craft", "field", "flow", "forge", "gate", "hub", "leaf", "light", "line",
  "loop", "mark", "path", "peak", "point", "port", "ridge", "scale", "shift", "sphere", "stack", "stone", "vale",
  "view", "well", "wind", "wise", "works",
];
const PLACES = [
  "Great Lakes", "Midwest", "Pacific", "Atlantic", "Gulf Coast", "Rocky Mountain", "Ohio Valley", "Carolina",
  "Bay Area", "Northern", "Southern", "Continental", "Allied", "United", "American", "Premier", "Heartland",
  "Lakeshore", "Tri-State", "Cascade", "Piedmont", "Hudson", "Thames", "Rhine", "Baltic", "Nordic", "Alpine",
];

const SUFFIXES = {
  software: ["Software", "Labs", "Technologies", "Systems", "Inc.", "Cloud", "AI", "Analytics", "Data"],
  saas: ["HQ", "App", "Cloud", "Software", "Labs", ".io", "Platform"],
  fintech: ["Pay", "Capital", "Financial", "Payments", "Lending", "Money", "Ledger"],
  financial_services: ["Bank", "Financial Group", "Capital", "Bancorp", "Trust", "Insurance", "Partners"],
  healthcare: ["Health", "Medical Group", "Health System", "Clinics", "Care", "Healthcare"],
  government: ["County", "City Council", "Department of Revenue", "Transit Authority", "Public Works"],
  public_sector: ["County", "City of", "Department of Revenue", "Transit Authority", "Water District", "School District"],
  retail: ["Outfitters", "Goods", "Market", "Stores", "Supply Co.", "Brands"],
  manufacturing: ["Industries", "Manufacturing", "Components", "Products", "Works", "Fabrication"],
  professional_services: ["Consulting", "Partners", "Advisory", "Group", "Associates"],
  education: ["University", "College", "Academy", "Learning", "Institute"],
  media: ["Media", "Studios", "Publishing", "Network", "Digital"],
  logistics: ["Logistics", "Freight", "Transport", "Shipping", "Distribution"],
  hospitality: ["Hotels", "Hospitality", "Resorts", "Restaurants"],
  nonprofit: ["Foundation", "Alliance", "Trust", "Society"],
  energy: ["Energy", "Power", "Utilities", "Renewables", "Oil & Gas"],
  banking: ["Bank", "Bancorp", "Savings Bank", "Credit Union", "Financial"],
  insurance: ["Insurance", "Mutual", "Assurance", "Insurance Group"],
  asset_management: ["Capital", "Asset Management", "Investments", "Wealth Partners"],
  hospitals: ["Health System", "Medical Center", "Hospital", "Regional Health"],
  healthcare_services: ["Health", "Care", "Clinics", "Medical Group", "Home Health"],
  pharmaceuticals: ["Pharmaceuticals", "Therapeutics", "Biosciences", "Pharma"],
  cybersecurity: ["Security", "Cyber", "Defense Labs", "Shield"],
  telecommunications: ["Telecom", "Networks", "Communications", "Wireless"],
  utilities: ["Electric", "Power & Light", "Gas & Electric", "Water", "Electric Cooperative", "Utilities"],
  default: ["Group", "Holdings", "Corp.", "Inc.", "Co.", "Ltd."],
};

/** Unique, plausible company names. */
function companyNames(rng) {
  const seen = new Set();
  const make = (kind) => {
    const suffixes = SUFFIXES[kind === "state_local_government" ? "public_sector" : kind] ?? SUFFIXES.default;
    const suffix = rng.pick(suffixes);
    const style = rng.float();
    const town = () => (rng.chance(0.4) ? rng.pick(PLACES) : `${rng.pick(NAME_A)}${rng.pick(["ville", "ton", "field", " Falls", " Springs", "wood", "port", " Harbor"])}`);
    if (kind === "public_sector" || kind === "government" || kind === "state_local_government") {
      const place = town();
      return suffix === "City of" ? `City of ${place}` : `${place} ${suffix}`;
    }
    if (kind === "public_education") {
      const place = town();
      return rng.pick([`${place} School District`, `${place} Community College`, `${place} State University`, `University of ${place}`]);
    }
    if (kind === "federal_government") {
      const topic = rng.pick(["Federal Records", "Grid Safety", "Coastal Survey", "Export Credit", "Veterans Benefits", "Public Housing", "Rail Safety", "Food Inspection", "Statistics", "Emergency Management", "Student Aid", "Small Business", "Maritime", "Aviation Safety", "Consumer Protection", "Patent", "Weather", "Customs", "Pension Benefits", "Land Management"]);
      return `${rng.chance(0.5) ? "National " : ""}${topic} ${rng.pick(["Agency", "Administration", "Office", "Service"])}`;
    }
    if (style < 0.55) return suffix === ".io" ? `${rng.pick(NAME_A)}${rng.pick(NAME_B)}.io` : `${rng.pick(NAME_A)}${rng.pick(NAME_B)} ${suffix}`;
    if (style < 0.8) return `${rng.pick(NAME_A)} ${rng.pick(NAME_A)} ${suffix === ".io" ? "Labs" : suffix}`;
    return `${rng.pick(PLACES)} ${suffix === ".io" ? "Software" : suffix}`;
  };
  return (kind) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = make(kind);
      if (!seen.has(name)) {
        seen.add(name);
        return name;
      }
    }
    for (let n = 2; ; n++) {
      const name = `${make(kind)} ${n}`;
      if (!seen.has(name)) {
        seen.add(name);
        return name;
      }
    }
  };
}

/** A web domain from a company name, unique per generator. */
function domains() {
  const seen = new Set();
  return (name, tld = "com") => {
    const words = name
      .toLowerCase()
      .replace(/\b(inc|corp|co|ltd|llc|the|of|group|holdings)\b\.?/g, "")
      .replace(/&/g, "and")
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    const joined = words.join("");
    const base = (joined.length <= 22 ? joined : words[0] + words.slice(1).map((w) => w[0]).join("")) || "company";
    let domain = `${base}.${tld}`;
    for (let n = 2; seen.has(domain); n++) domain = `${base}${n}.${tld}`;
    seen.add(domain);
    return domain;
  };
}

const FIRST_NAMES = [
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William",
  "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Chris", "Karen", "Daniel", "Lisa",
  "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily", "Paul", "Michelle", "Andrew",
  "Amanda", "Joshua", "Melissa", "Kevin", "Stephanie", "Brian", "Rebecca", "Priya", "Arjun", "Mei", "Wei",
  "Hiroshi", "Yuki", "Fatima", "Omar", "Lukas", "Sofia", "Mateo", "Camila", "Noah", "Emma", "Liam", "Olivia",
  "Lars", "Ingrid", "Pierre", "Claire", "Giulia", "Marco", "Aisha", "Kwame", "Siobhan", "Niamh", "Jakub", "Zofia",
];
const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson",
  "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker",
  "Patel", "Shah", "Chen", "Wang", "Kim", "Nguyen", "Tanaka", "Sato", "Müller", "Schmidt", "Fischer", "Dubois",
  "Moreau", "Rossi", "Bianchi", "Nielsen", "Johansson", "Kowalski", "Nowak", "O'Brien", "Murphy", "Okafor",
  "Mensah", "Haddad", "Khan", "Silva", "Santos", "Fernández", "van Dijk", "de Vries",
];

/** A contact's email local part from a name. */
const emailLocal = (first, last) =>
  `${first}.${last}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z.]/g, "");

// ---------------------------------------------------------------------------------------------------------
// Dirty data: a few rows per file get one realistic defect each. Keys are never touched.
// ---------------------------------------------------------------------------------------------------------

const BAD_NUMBERS = ["1,2k", "n/a", "approx. 450", "250-500", "1.200", "unknown", "~800"];
const BAD_DATES = ["2026-13-45", "2026-02-30", "10/14/2026", "2026/09/31", "N/A", "2026-00-12"];
const ODD_BOOLEANS = ["TRUE", "yes", "0", "Y", "1", "False", "no"];
const BAD_AMOUNTS = ["$45,000", "45k", "USD 38000", "TBD"];

/** An ISO date (YYYY-MM-DD) written as a US date (MM/DD/YYYY); anything else as it is. */
function usDate(text) {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? "");
  return iso ? `${iso[2]}/${iso[3]}/${iso[1]}` : text;
}

const dirt = {
  number: (col) => (row, rng) => (row[col] = rng.pick(BAD_NUMBERS)),
  date: (col) => (row, rng) => (row[col] = rng.pick(BAD_DATES)),
  boolean: (col) => (row, rng) => (row[col] = rng.pick(ODD_BOOLEANS)),
  amount: (col) => (row, rng) => (row[col] = rng.pick(BAD_AMOUNTS)),
  value: (col, values) => (row, rng) => (row[col] = rng.pick(values)),
  trailingSpace: (col) => (row) => {
    if (row[col] !== "" && row[col] !== undefined) row[col] = `${row[col]} `;
  },
  quotedName: (col) => (row) => (row[col] = String(row[col]).replace(/^(\S+)/, '"$1"')),
  commaName: (col) => (row, rng) => (row[col] = `${row[col]}, ${rng.pick(["Inc.", "LLC", "Ltd.", "GmbH"])}`),
  empty: (col) => (row) => (row[col] = ""),
};

/** Applies one defect to each of about `rate` of the rows (at least one of every kind). */
function applyDirt(rng, rows, defects, rate = 0.008) {
  const count = Math.min(rows.length, Math.max(defects.length, Math.round(rows.length * rate)));
  const indices = rng.sample(
    rows.map((_, i) => i),
    count,
  );
  indices.forEach((rowIndex, i) => defects[i % defects.length](rows[rowIndex], rng));
}

// ---------------------------------------------------------------------------------------------------------
// CSV output (RFC 4180: fields with a comma, quote or newline are quoted, quotes doubled; LF line ends)
// ---------------------------------------------------------------------------------------------------------

function csvCell(value) {
  if (value === null || value === undefined) return "";
  const text = Array.isArray(value) ? value.join(";") : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const written = [];

function writeCsv(path, columns, rows) {
  const lines = [columns.map(csvCell).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(","));
  const full = join(HERE, path);
  mkdirSync(dirname(full), { recursive: true });
  const text = `${lines.join("\n")}\n`;
  writeFileSync(full, text);
  written.push({ path: relative(join(HERE, ".."), full), rows: rows.length, bytes: Buffer.byteLength(text) });
}

// ---------------------------------------------------------------------------------------------------------
// Shared outcome model
// ---------------------------------------------------------------------------------------------------------

/**
 * Deal outcome for one account: whether there is an opportunity, its stage and amount. `winLogit` is the
 * log-odds of a closed deal being won; `dealSize` the expected amount.
 */
function outcome(rng, { oppChance, winLogit, dealSize, openShare = 0.3 }) {
  if (!rng.chance(oppChance)) return { stage: "none", amount: "", close: "" };
  const amount = Math.max(2000, roundTo(dealSize * rng.logNormal(1, 0.35), 100));
  if (rng.chance(openShare)) return { stage: "open", amount, close: daysAhead(rng.int(10, 170)) };
  const won = rng.chance(sigmoid(winLogit));
  return { stage: won ? "closed_won" : "closed_lost", amount, close: daysAgo(rng.int(5, 360)) };
}

/** Typical annual revenue for a headcount, in USD, rounded; missing for some accounts. */
function revenueFor(rng, employees, perEmployee) {
  if (rng.chance(0.08)) return "";
  return roundTo(employees * perEmployee * rng.logNormal(1, 0.45), 10000);
}

// ---------------------------------------------------------------------------------------------------------
// 1. Quick start (segments.example.yaml)
// ---------------------------------------------------------------------------------------------------------

/** Titles by seniority and department, for the Salesforce-style contact files. */
function titleFor(rng, seniority, department) {
  const label = {
    marketing: "Marketing",
    sales: "Sales",
    revenue_operations: rng.pick(["Revenue Operations", "Revenue"]),
    data: rng.pick(["Data", "Analytics", "Data Engineering"]),
    finance: "Finance",
    engineering: "Engineering",
    it: "IT",
  }[department];
  switch (seniority) {
    case "c_level":
      return {
        marketing: "Chief Marketing Officer",
        sales: "Chief Revenue Officer",
        revenue_operations: "Chief Revenue Officer",
        data: "Chief Data Officer",
        finance: rng.pick(["CFO", "Chief Financial Officer"]),
        engineering: "CTO",
        it: "CIO",
      }[department];
    case "vp":
      return rng.chance(0.7) ? `VP of ${label}` : `Head of ${label}`;
    case "director":
      return rng.chance(0.6) ? `Director of ${label}` : `Senior Director, ${label}`;
    case "manager":
      return rng.chance(0.7) ? `${label} Manager` : `Senior ${label} Manager`;
    default:
      return rng.pick(
        {
          marketing: ["Marketing Specialist", "Content Marketer", "Demand Generation Specialist"],
          sales: ["Account Executive", "Sales Development Representative", "Solutions Consultant"],
          revenue_operations: ["Revenue Operations Analyst", "Salesforce Administrator"],
          data: ["Data Analyst", "Analytics Engineer", "Data Engineer"],
          finance: ["Financial Analyst", "Accountant"],
          engineering: ["Software Engineer", "Senior Software Engineer", "Platform Engineer"],
          it: ["Systems Administrator", "IT Specialist"],
        }[department],
      );
  }
}

function generateQuickstart() {
  const rng = new Rng(1001);
  const newId = salesforceIds(rng, "001", "5g");
  const newContactId = salesforceIds(rng, "003", "5g");
  const nameFor = companyNames(rng);
  const N = 800;
  const TECH_POOL = ["salesforce", "hubspot", "marketo", "slack", "zendesk", "intercom", "stripe", "aws", "gcp", "azure", "looker", "tableau", "fivetran", "okta", "jira", "github"];
  const accounts = [];

  for (let i = 0; i < N; i++) {
    const industry = rng.weighted({ software: 21, saas: 14, fintech: 13, healthcare: 9, retail: 9, manufacturing: 8, government: 6, education: 5, media: 7, logistics: 8 });
    const region = rng.weighted({ NA: 45, EMEA: 31, APAC: 14, LATAM: 10 });
    const employees = Math.round(clamp(rng.logNormal(560, 1.05), 8, 120000));
    const techy = ["software", "saas", "fintech", "media"].includes(industry);
    const warehouse = rng.weighted(
      techy
        ? { snowflake: 22, bigquery: 12, databricks: 10, redshift: 11, "": 45 }
        : { snowflake: 9, bigquery: 6, databricks: 4, redshift: 10, "": 71 },
    );
    const tech = rng.sample(TECH_POOL, rng.int(2, 6));
    if (warehouse && rng.chance(0.9)) tech.push(warehouse);
    if (rng.chance(techy ? 0.3 : 0.1)) tech.push("dbt");
    if (rng.chance(techy ? 0.28 : 0.08)) tech.push("segment");
    const inMarket = rng.chance(0.32);
    const intent = rng.chance(0.05) ? "" : inMarket ? Math.round(rng.range(52, 99)) : Math.round(62 * rng.float() ** 2);
    const visit = inMarket ? (rng.chance(0.85) ? recent(rng, 13) : "") : rng.chance(0.4) ? recent(rng, 120) : "";
    const demo = rng.chance(inMarket ? 0.28 : 0.02);
    const midMarket = employees >= 200 && employees <= 2000;
    const target = ["software", "saas", "fintech"].includes(industry);
    const deal = outcome(rng, {
      oppChance: 0.2 + (inMarket ? 0.34 : 0) + (midMarket ? 0.08 : 0),
      winLogit: -2.1 + (midMarket ? 0.7 : 0) + (target ? 0.6 : 0) + (["snowflake", "bigquery", "databricks"].includes(warehouse) ? 0.9 : 0) + (inMarket ? 0.6 : 0) + (industry === "fintech" ? 0.3 : 0),
      dealSize: clamp(employees, 50, 5000) * rng.range(45, 85) * (warehouse ? 1.25 : 1),
    });
    accounts.push({
      Id: newId(),
      Name: nameFor(industry),
      NumberOfEmployees: employees,
      Industry: industry,
      Region: region,
      Technologies: tech,
      Data_Warehouse__c: warehouse,
      Intent_Score__c: intent,
      Last_Pricing_Visit__c: visit,
      Demo_Requested__c: demo ? "true" : "false",
      Opportunity_Stage__c: deal.stage === "none" && rng.chance(0.06) ? "" : deal.stage,
      Opportunity_Amount__c: deal.amount,
    });
  }

  // Sandbox and test records that the ICP must exclude, and look-alikes it must keep.
  const specials = [
    ["Test Account - Do Not Use", "software"],
    ["Demo Company (Sandbox)", "saas"],
    ["ACME Test Org", "fintech"],
    ["Salesforce Demo Data", "software"],
    ["TEST - Brightline Software", "software"],
    ["Demo Account 2", "saas"],
    ["Testament Software", "software"],
    ["Demographix Analytics", "saas"],
  ];
  specials.forEach(([name, industry], k) => {
    const row = accounts[17 + k * 61];
    Object.assign(row, { Name: name, Industry: industry, Region: k % 2 ? "EMEA" : "NA", NumberOfEmployees: 300 + 97 * k, Intent_Score__c: 75, Demo_Requested__c: "true" });
  });

  applyDirt(rng, accounts, [
    dirt.number("NumberOfEmployees"),
    dirt.date("Last_Pricing_Visit__c"),
    dirt.value("Region", ["North America", "Europe", "emea"]),
    dirt.boolean("Demo_Requested__c"),
    dirt.commaName("Name"),
    dirt.quotedName("Name"),
    dirt.trailingSpace("Industry"),
    dirt.value("Opportunity_Stage__c", ["Closed Won", "Negotiation"]),
    dirt.value("Intent_Score__c", ["high", "n/a"]),
  ]);

  const contacts = [];
  for (const account of accounts) {
    const n = rng.int(2, 4);
    for (let k = 0; k < n; k++) {
      const seniority = rng.weighted({ c_level: 11, vp: 17, director: 22, manager: 26, individual: 24 });
      const department = rng.weighted({ marketing: 22, sales: 20, revenue_operations: 12, data: 14, finance: 10, engineering: 14, it: 8 });
      contacts.push({ ContactId: newContactId(), AccountId: account.Id, Title: titleFor(rng, seniority, department), Seniority: seniority, Department: department });
    }
  }
  applyDirt(rng, contacts, [
    dirt.value("Seniority", ["Senior Manager", "VP ", "exec"]),
    dirt.trailingSpace("Title"),
    dirt.value("Department", ["Marketing", "RevOps"]),
    dirt.value("AccountId", ["001000000000000AAA", "0015g00000DeLeTeD1"]),
  ], 0.005);

  writeCsv("quickstart/data/accounts.csv", ["Id", "Name", "NumberOfEmployees", "Industry", "Region", "Technologies", "Data_Warehouse__c", "Intent_Score__c", "Last_Pricing_Visit__c", "Demo_Requested__c", "Opportunity_Stage__c", "Opportunity_Amount__c"], accounts);
  writeCsv("quickstart/data/contacts.csv", ["ContactId", "AccountId", "Title", "Seniority", "Department"], contacts);
}

// ---------------------------------------------------------------------------------------------------------
// Shared geography (ISO 3166-1 alpha-2 codes and the sales regions they roll up to)
// ---------------------------------------------------------------------------------------------------------

const REGION_OF = {
  US: "NA", CA: "NA", MX: "LATAM", BR: "LATAM", AR: "LATAM",
  GB: "EMEA", IE: "EMEA", DE: "EMEA", FR: "EMEA", NL: "EMEA", SE: "EMEA", ES: "EMEA", IT: "EMEA", PL: "EMEA", CH: "EMEA", DK: "EMEA", AE: "EMEA",
  AU: "APAC", SG: "APAC", IN: "APAC", JP: "APAC",
};
const TLD_OF = { GB: "co.uk", DE: "de", FR: "fr", NL: "nl", SE: "se", IE: "ie", ES: "es", IT: "it", PL: "pl", CH: "ch", DK: "dk", AU: "com.au", JP: "jp", IN: "in", BR: "com.br", MX: "mx" };
const tldFor = (rng, country) => (TLD_OF[country] && rng.chance(0.6) ? TLD_OF[country] : rng.weighted({ com: 80, io: 12, co: 8 }));

/** Salesforce-style contacts for one account. */
function makeContact(rng, newId, account, domain, { title, department, seniority }) {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return {
    Id: newId(),
    AccountId: account.Id,
    FirstName: first,
    LastName: last,
    Title: title,
    Department: department,
    Seniority__c: seniority,
    Email: `${emailLocal(first, last)}@${domain}`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// 2. hr-tech-midmarket: four buying motions for a mid-market HRIS / payroll vendor (US + EMEA)
// ---------------------------------------------------------------------------------------------------------

function generateHrTech() {
  const rng = new Rng(2002);
  const newId = salesforceIds(rng, "001", "Hr");
  const newContactId = salesforceIds(rng, "003", "Hr");
  const nameFor = companyNames(rng);
  const domainFor = domains();
  const N = 1600;
  const LEGACY = { adp_workforce_now: 30, ukg_pro: 22, sap_successfactors: 14, oracle_hcm: 10, paylocity: 24 };
  const MODERN = { workday: 25, bamboohr: 25, hibob: 18, personio: 17, rippling: 15 };
  const BI = ["tableau", "looker", "power_bi"];
  const EOR = ["deel", "remote_com", "papaya_global", "oyster"];
  const BASE_TECH = ["slack", "google_workspace", "microsoft_365", "okta", "greenhouse", "lever", "netsuite", "quickbooks", "salesforce", "jira", "zendesk", "lattice", "culture_amp", "docusign"];
  const WINDOW_START = dayOf("2026-11-01");
  const WINDOW_END = dayOf("2027-07-31");
  const accounts = [];
  const contacts = [];

  for (let i = 0; i < N; i++) {
    const motion = rng.weighted({ replacement: 18, first: 16, global: 15, analytics: 15, none: 36 });
    const country = rng.weighted(
      motion === "global"
        ? { US: 30, CA: 4, GB: 16, DE: 13, FR: 8, NL: 8, IE: 5, SE: 4, ES: 3, PL: 3, CH: 3, AU: 2, SG: 2, IN: 1 }
        : { US: 42, CA: 5, GB: 12, DE: 8, FR: 6, NL: 5, IE: 3, SE: 3, ES: 3, IT: 2, PL: 2, AU: 3, SG: 2, IN: 2, BR: 2 },
    );
    const industry = rng.weighted({ software: 18, professional_services: 12, financial_services: 10, healthcare: 11, manufacturing: 12, retail: 9, education: 5, logistics: 6, hospitality: 5, nonprofit: 4, government: 4, media: 4 });
    const employees = Math.round(clamp(rng.logNormal(motion === "first" ? 330 : 520, 0.95), 12, 60000));
    const type = rng.weighted({ Prospect: 88, Customer: 7, Partner: 3, Competitor: 2 });

    let hris;
    let contractEnd = "";
    const outsideWindow = () => (rng.chance(0.5) ? rng.int(dayOf("2026-03-01"), WINDOW_START - 1) : rng.int(WINDOW_END + 1, dayOf("2028-10-31")));
    switch (motion) {
      case "replacement":
        hris = rng.weighted(LEGACY);
        contractEnd = formatDay(rng.chance(0.9) ? rng.int(WINDOW_START + 3, WINDOW_END - 2) : outsideWindow());
        break;
      case "first":
        hris = rng.weighted({ spreadsheet: 52, none: 40, "": 8 });
        break;
      case "global":
        hris = rng.weighted({ ...Object.fromEntries(Object.entries(LEGACY).map(([k, v]) => [k, v * 0.3])), ...MODERN, "": 12 });
        break;
      case "analytics":
        hris = rng.weighted(MODERN);
        break;
      default:
        hris = rng.weighted({ ...LEGACY, ...Object.fromEntries(Object.entries(MODERN).map(([k, v]) => [k, v * 0.8])), spreadsheet: 6, "": 20 });
    }
    if (!contractEnd && hris && !["spreadsheet", "none"].includes(hris) && rng.chance(0.8)) contractEnd = formatDay(outsideWindow());

    const payrollCountries = motion === "global" ? (rng.chance(0.85) ? rng.int(3, 14) : 2) : rng.chance(0.9) ? 1 : 2;
    const tech = rng.sample(BASE_TECH, rng.int(3, 7));
    if (hris && !["spreadsheet", "none"].includes(hris)) tech.push(hris);
    if (hris === "spreadsheet") tech.push("excel");
    if (motion === "global" && rng.chance(0.55)) tech.push(rng.pick(EOR));
    if (motion === "analytics" ? rng.chance(0.8) : rng.chance(0.12)) tech.push(rng.pick(BI));
    const paHiring = motion === "analytics" ? rng.chance(0.4) : rng.chance(0.02);

    const inMarket = rng.chance(motion === "none" ? 0.12 : 0.38);
    const topics = [];
    const topicPool = {
      replacement: ["HRIS", "Core HR", "HR Software Migration"],
      first: ["HRIS", "Onboarding Software", "Employee Records"],
      global: ["Global Payroll", "Employer of Record", "International Expansion"],
      analytics: ["People Analytics", "Workforce Planning", "HR Dashboards"],
      none: ["Employee Engagement", "Benefits Administration", "Performance Management"],
    }[motion];
    if (inMarket || rng.chance(0.25)) topics.push(...rng.sample(topicPool, rng.int(1, 2)));
    if (rng.chance(0.2)) topics.push(rng.pick(["Employee Engagement", "Benefits Administration", "Performance Management", "Applicant Tracking"]));
    const intent = rng.chance(0.06) ? "" : inMarket ? Math.round(rng.range(50, 99)) : Math.round(70 * rng.float() ** 1.8);
    const pricingVisit = inMarket ? (rng.chance(0.75) ? recent(rng, 15) : "") : rng.chance(0.3) ? recent(rng, 110) : "";
    const g2Views = inMarket ? rng.int(0, 9) : rng.chance(0.15) ? rng.int(1, 3) : 0;
    const demo = rng.chance(inMarket ? 0.3 : 0.02);
    const growth = Math.round(clamp(rng.normal() * 11 + (motion === "global" ? 16 : 7), -25, 80) * 10) / 10;

    const fitLogit = (employees >= 300 && employees <= 1500 ? 0.5 : 0) + (growth >= 10 ? 0.4 : 0) + (["software", "professional_services", "financial_services", "healthcare"].includes(industry) ? 0.4 : 0);
    const motionLogit = { replacement: 0.4, first: -0.3, global: -0.6, analytics: -1.2, none: -1.6 }[motion];
    const perSeat = { replacement: 96, first: 58, global: 124, analytics: 34, none: 60 }[motion];
    const deal = outcome(rng, {
      oppChance: 0.14 + (inMarket ? 0.3 : 0) + (motion === "none" ? 0 : 0.08),
      winLogit: -1.1 + motionLogit + fitLogit + (inMarket ? 0.3 : 0),
      dealSize: clamp(employees, 80, 4000) * perSeat,
    });

    const name = nameFor(industry);
    const domain = domainFor(name, tldFor(rng, country));
    const account = {
      Id: newId(),
      Name: name,
      Website: `www.${domain}`,
      Type: type,
      NumberOfEmployees: employees,
      AnnualRevenue: revenueFor(rng, employees, industry === "software" ? 210000 : 160000),
      Industry: industry,
      BillingCountryCode: country,
      Sales_Region__c: REGION_OF[country],
      Employee_Growth_12m__c: growth,
      Current_HRIS__c: hris,
      HRIS_Contract_End__c: contractEnd,
      Payroll_Countries__c: payrollCountries,
      Technologies: tech,
      People_Analytics_Hiring__c: paHiring ? "true" : "false",
      Intent_Score__c: intent,
      Intent_Topics__c: [...new Set(topics)],
      Last_Pricing_Visit__c: pricingVisit,
      G2_Category_Views_30d__c: g2Views,
      Demo_Requested__c: demo ? "true" : "false",
      Opportunity_Stage__c: deal.stage,
      Opportunity_Amount__c: deal.amount,
      Opportunity_Close_Date__c: deal.close,
    };
    accounts.push(account);

    // Buying committee.
    const committee = [];
    if (rng.chance(0.7)) committee.push(rng.chance(0.65) ? { title: rng.pick(["CHRO", "Chief People Officer", "Chief Human Resources Officer"]), department: "hr", seniority: "c_level" } : { title: rng.pick(["CFO", "Chief Financial Officer"]), department: "finance", seniority: "c_level" });
    if (rng.chance(0.75)) committee.push({ title: rng.pick(["HR Operations Manager", "Director of People Operations", "HRIS Manager", "People Operations Lead", "Head of HR Operations"]), department: "hr", seniority: rng.pick(["manager", "director", "manager"]) });
    if (rng.chance(0.5)) committee.push(rng.pick([
      { title: "VP People", department: "hr", seniority: "vp" },
      { title: "Head of Talent Acquisition", department: "hr", seniority: "director" },
      { title: "Director of Total Rewards", department: "hr", seniority: "director" },
      { title: "Payroll Manager", department: "finance", seniority: "manager" },
      { title: "Financial Controller", department: "finance", seniority: "director" },
      { title: "IT Director", department: "it", seniority: "director" },
    ]));
    if (rng.chance(0.2)) committee.push(rng.pick([
      { title: "General Counsel", department: "legal", seniority: "vp" },
      { title: "Procurement Manager", department: "procurement", seniority: "manager" },
      { title: "Information Security Manager", department: "security", seniority: "manager" },
    ]));
    const endUsers = rng.int(0, 2);
    for (let k = 0; k < endUsers; k++) committee.push({ title: rng.pick(["HR Generalist", "HR Business Partner", "Recruiter", "Payroll Specialist", "People Coordinator", "Benefits Specialist"]), department: rng.pick(["hr", "hr", "hr", "finance"]), seniority: "individual" });
    if (committee.length === 0) committee.push({ title: "HR Manager", department: "hr", seniority: "manager" });
    for (const member of committee) contacts.push(makeContact(rng, newContactId, account, domain, member));
  }

  applyDirt(rng, accounts, [
    dirt.number("NumberOfEmployees"),
    dirt.date("HRIS_Contract_End__c"),
    dirt.value("Current_HRIS__c", ["ADP", "Excel sheets", "workday "]),
    dirt.boolean("Demo_Requested__c"),
    dirt.boolean("People_Analytics_Hiring__c"),
    dirt.commaName("Name"),
    dirt.quotedName("Name"),
    dirt.value("BillingCountryCode", ["USA", "UK", "Deutschland"]),
    dirt.amount("Opportunity_Amount__c"),
    dirt.value("Payroll_Countries__c", ["3+", "several"]),
    dirt.date("Last_Pricing_Visit__c"),
    dirt.trailingSpace("Industry"),
  ]);
  applyDirt(rng, contacts, [
    dirt.value("Seniority__c", ["C-Level", "Sr. Manager", "exec"]),
    dirt.trailingSpace("Title"),
    dirt.value("Department", ["Human Resources", "People"]),
    dirt.value("AccountId", ["001000000000000AAA", "001Hr00000DeLeTeD1"]),
    dirt.empty("Email"),
  ], 0.005);

  writeCsv("hr-tech-midmarket/data/accounts.csv", ["Id", "Name", "Website", "Type", "NumberOfEmployees", "AnnualRevenue", "Industry", "BillingCountryCode", "Sales_Region__c", "Employee_Growth_12m__c", "Current_HRIS__c", "HRIS_Contract_End__c", "Payroll_Countries__c", "Technologies", "People_Analytics_Hiring__c", "Intent_Score__c", "Intent_Topics__c", "Last_Pricing_Visit__c", "G2_Category_Views_30d__c", "Demo_Requested__c", "Opportunity_Stage__c", "Opportunity_Amount__c", "Opportunity_Close_Date__c"], accounts);
  writeCsv("hr-tech-midmarket/data/contacts.csv", ["Id", "AccountId", "FirstName", "LastName", "Title", "Department", "Seniority__c", "Email"], contacts);
}

// ---------------------------------------------------------------------------------------------------------
// 3. security-maturity: maturity tiers crossed with regulated industries (financial services, healthcare,
//    public sector, critical infrastructure)
// ---------------------------------------------------------------------------------------------------------

function generateSecurity() {
  const rng = new Rng(3003);
  const newId = salesforceIds(rng, "001", "Sc");
  const newContactId = salesforceIds(rng, "003", "Sc");
  const nameFor = companyNames(rng);
  const domainFor = domains();
  const N = 1800;
  const GROUP_OF = {
    banking: "fs", insurance: "fs", asset_management: "fs",
    hospitals: "hc", healthcare_services: "hc", pharmaceuticals: "hc",
    federal_government: "ps", state_local_government: "ps", public_education: "ps",
    energy: "ci", utilities: "ci", telecommunications: "ci",
  };
  const TOOLS = ["crowdstrike", "sentinelone", "microsoft_defender", "splunk", "microsoft_sentinel", "okta", "cyberark", "palo_alto_networks", "zscaler", "netskope", "qualys", "tenable", "rapid7", "wiz", "proofpoint", "mimecast", "knowbe4", "varonis"];
  const accounts = [];
  const contacts = [];

  for (let i = 0; i < N; i++) {
    const industry = rng.weighted({
      banking: 8, insurance: 6, asset_management: 4, hospitals: 7, healthcare_services: 5, pharmaceuticals: 4,
      federal_government: 3, state_local_government: 5, public_education: 4, software: 12, retail: 9, manufacturing: 10,
      energy: 5, utilities: 4, telecommunications: 4, media: 4, professional_services: 6, cybersecurity: 2,
    });
    const group = GROUP_OF[industry] ?? "other";
    const country = rng.weighted({ US: 52, CA: 6, GB: 10, IE: 3, DE: 6, FR: 4, NL: 3, AU: 4, SG: 2, IN: 3, JP: 2, BR: 3, MX: 2 });
    const employees = Math.round(clamp(rng.logNormal(group === "ps" ? 1400 : group === "ci" ? 1200 : 950, 1.25), 20, 300000));
    const type = industry === "cybersecurity" ? rng.weighted({ Competitor: 70, Partner: 30 }) : rng.weighted({ Prospect: 87, Customer: 8, Partner: 3, "Former Customer": 2 });
    const large = employees >= 2500;
    const maturity = Number(rng.weighted(group === "fs" ? { 0: 18, 1: 40, 2: 42 } : group === "other" ? { 0: 42, 1: 38, 2: 20 } : { 0: 30, 1: 42, 2: 28 }) ) + (large && rng.chance(0.25) ? 1 : 0);
    const level = Math.min(2, maturity);
    const hasCiso = rng.chance([0.08, 0.5, 0.95][level]);
    const toolCount = level === 2 ? rng.int(6, 12) : level === 1 ? rng.int(3, 6) : rng.int(0, 3);
    const stack = rng.sample(TOOLS, toolCount);
    const breachChance = (group === "hc" ? 0.2 : group === "ps" ? 0.16 : group === "ci" ? 0.14 : group === "fs" ? 0.1 : 0.08) + (level === 0 ? 0.04 : 0);
    const breach = rng.chance(breachChance) ? daysAgo(rng.int(20, 1500)) : "";
    const frameworks = [];
    if (group === "fs") frameworks.push(...rng.sample(["pci_dss", "soc2", "iso27001", "nydfs", "dora"], rng.int(1, 3)));
    if (group === "hc") frameworks.push(...rng.sample(["hipaa", "hitrust", "soc2"], rng.int(1, 2)));
    if (group === "ps") frameworks.push(...rng.sample(["fedramp", "nist_csf", "cjis", "stateramp"], rng.int(1, 2)));
    if (group === "ci") frameworks.push(...rng.sample(industry === "telecommunications" ? ["nis2", "iso27001", "soc2", "nist_csf"] : ["nerc_cip", "nis2", "tsa_sd", "iso27001", "nist_csf"], rng.int(1, 2)));
    if (group === "other" && rng.chance(0.45)) frameworks.push(...rng.sample(["soc2", "iso27001", "pci_dss", "nist_csf"], rng.int(1, 2)));
    const clouds = rng.sample(["aws", "azure", "gcp"], rng.weighted({ 0: 12, 1: 55, 2: 25, 3: 8 }) * 1);

    const inMarket = rng.chance(0.12 + (breach && dayOf(breach) > AS_OF - 365 ? 0.3 : 0) + (level === 1 ? 0.08 : 0));
    const surge = rng.chance(0.05) ? "" : inMarket ? Math.round(rng.range(48, 99)) : Math.round(72 * rng.float() ** 1.9);
    const pricing = inMarket ? (rng.chance(0.7) ? recent(rng, 14) : "") : rng.chance(0.25) ? recent(rng, 120) : "";
    const webinar = rng.chance(inMarket ? 0.5 : 0.15) ? recent(rng, inMarket ? 30 : 140) : "";
    const jobPost = rng.chance(inMarket ? 0.45 : 0.18) ? recent(rng, inMarket ? 40 : 160) : "";

    // Critical infrastructure (energy, utilities, telecom): long OT-heavy procurement, so fewer wins but larger deals.
    const winLogit = -2.2 + (group !== "other" ? 0.9 : 0) + [0, 0.7, 1.3][level] + (hasCiso ? 0.3 : 0) + (inMarket ? 0.4 : 0) + (group === "fs" ? 0.3 : group === "ps" ? -0.3 : group === "ci" ? -1.8 : 0);
    const deal = outcome(rng, {
      oppChance: 0.2 + (inMarket ? 0.3 : 0) + level * 0.05,
      winLogit,
      dealSize: 15000 + Math.sqrt(clamp(employees, 100, 100000)) * { fs: 1900, hc: 1300, ps: 750, ci: 3600, other: 850 }[group] * (level === 2 ? 1.4 : 1),
    });

    const name = nameFor(industry);
    const domain = domainFor(name, group === "ps" ? (country === "US" ? (industry === "public_education" ? "edu" : "gov") : TLD_OF[country] ?? "org") : tldFor(rng, country));
    const account = {
      Id: newId(),
      Name: name,
      Website: `www.${domain}`,
      Type: type,
      NumberOfEmployees: employees,
      AnnualRevenue: group === "ps" ? "" : revenueFor(rng, employees, 240000),
      Industry: industry,
      BillingCountryCode: country,
      Has_CISO__c: hasCiso ? "true" : "false",
      Security_Stack__c: stack,
      Security_Tool_Count__c: stack.length,
      Last_Breach_Date__c: breach,
      Compliance_Frameworks__c: frameworks,
      Cloud_Providers__c: clouds,
      Bombora_Surge__c: surge,
      Last_Pricing_Visit__c: pricing,
      Last_Webinar_Date__c: webinar,
      Last_Security_Job_Post__c: jobPost,
      Opportunity_Stage__c: deal.stage,
      Opportunity_Amount__c: deal.amount,
      Opportunity_Close_Date__c: deal.close,
    };
    accounts.push(account);

    const committee = [];
    if (hasCiso && rng.chance(0.85)) committee.push({ title: rng.pick(["CISO", "Chief Information Security Officer", "VP & CISO"]), department: "security", seniority: "c_level" });
    else if (rng.chance(0.5)) committee.push({ title: rng.pick(["CIO", "Chief Information Officer", "CTO"]), department: "it", seniority: "c_level" });
    if (rng.chance(0.7)) committee.push({ title: rng.pick(group === "ci" ? ["Director of OT Security", "SOC Manager", "Head of Security Engineering", "OT Security Architect", "Director, Information Security"] : ["Director of Security Operations", "SOC Manager", "Head of Security Engineering", "Security Architect", "Director, Information Security"]), department: "security", seniority: rng.pick(["director", "manager", "director"]) });
    if (rng.chance(0.45)) committee.push(rng.pick([
      { title: "IT Director", department: "it", seniority: "director" },
      { title: "VP Infrastructure", department: "it", seniority: "vp" },
      { title: "Compliance Manager", department: "compliance", seniority: "manager" },
      { title: "Director of Risk Management", department: "risk", seniority: "director" },
    ]));
    if (rng.chance(0.25)) committee.push(rng.pick([
      { title: "Procurement Manager", department: "procurement", seniority: "manager" },
      { title: "Associate General Counsel", department: "legal", seniority: "director" },
    ]));
    const analysts = rng.int(0, 2);
    for (let k = 0; k < analysts; k++) committee.push({ title: rng.pick(["Security Analyst", "SOC Analyst", "Security Engineer", "IT Administrator", "Cloud Security Engineer"]), department: rng.pick(["security", "security", "it"]), seniority: "individual" });
    if (committee.length === 0) committee.push({ title: "IT Manager", department: "it", seniority: "manager" });
    for (const member of committee) contacts.push(makeContact(rng, newContactId, account, domain, member));
  }

  applyDirt(rng, accounts, [
    dirt.number("NumberOfEmployees"),
    dirt.date("Last_Breach_Date__c"),
    dirt.boolean("Has_CISO__c"),
    dirt.value("Industry", ["Banking", "Healthcare", "gov"]),
    dirt.commaName("Name"),
    dirt.quotedName("Name"),
    dirt.value("Security_Tool_Count__c", ["8+", "n/a"]),
    dirt.date("Last_Pricing_Visit__c"),
    dirt.value("Opportunity_Stage__c", ["Closed Lost", "Discovery"]),
    dirt.trailingSpace("BillingCountryCode"),
    dirt.boolean("Has_CISO__c"),
    dirt.value("Type", ["prospect", "Prospect - Other"]),
  ]);
  applyDirt(rng, contacts, [
    dirt.value("Seniority__c", ["CXO", "Sr Director", "Staff"]),
    dirt.trailingSpace("Title"),
    dirt.value("Department", ["InfoSec", "Information Technology"]),
    dirt.value("AccountId", ["001Sc00000DeLeTeD1", "001Sc00000DeLeTeD2"]),
    dirt.empty("Email"),
  ], 0.005);

  writeCsv("security-maturity/data/accounts.csv", ["Id", "Name", "Website", "Type", "NumberOfEmployees", "AnnualRevenue", "Industry", "BillingCountryCode", "Has_CISO__c", "Security_Stack__c", "Security_Tool_Count__c", "Last_Breach_Date__c", "Compliance_Frameworks__c", "Cloud_Providers__c", "Bombora_Surge__c", "Last_Pricing_Visit__c", "Last_Webinar_Date__c", "Last_Security_Job_Post__c", "Opportunity_Stage__c", "Opportunity_Amount__c", "Opportunity_Close_Date__c"], accounts);
  writeCsv("security-maturity/data/contacts.csv", ["Id", "AccountId", "FirstName", "LastName", "Title", "Department", "Seniority__c", "Email"], contacts);
}

// ---------------------------------------------------------------------------------------------------------
// 4. manufacturing-verticals: six sub-industry microsites
// ---------------------------------------------------------------------------------------------------------

function generateManufacturing() {
  const rng = new Rng(4004);
  const newId = salesforceIds(rng, "001", "Mf");
  const nameFor = companyNames(rng);
  const domainFor = domains();
  const N = 1500;
  // NAICS 2022 codes per sub-industry (6-digit national industries).
  const NAICS = {
    food_and_beverage: ["311111", "311230", "311412", "311421", "311511", "311612", "311812", "311919", "312111", "312120", "312130"],
    automotive: ["336110", "336211", "336310", "336320", "336340", "336350", "336370", "336390"],
    industrial_equipment: ["333111", "333120", "333249", "333415", "333511", "333914", "333922", "333996"],
    electronics: ["334111", "334220", "334413", "334418", "334511", "335311", "335921", "335999"],
    chemicals: ["325110", "325180", "325211", "325311", "325510", "325611", "325998"],
    building_materials: ["327211", "327310", "327320", "327390", "327993", "332311", "332321", "321911"],
    plastics_and_rubber: ["326111", "326122", "326199", "326211"],
    paper_and_packaging: ["322130", "322211", "322220", "322299"],
    aerospace: ["336411", "336412", "336413"],
    medical_devices: ["339112", "339113", "334510"],
    pharmaceuticals: ["325412", "325414"],
    metals: ["331110", "331315", "332710"],
  };
  const SUB_NAME = {
    food_and_beverage: ["Foods", "Beverage Co.", "Dairy", "Bakeries", "Brewing Company", "Provisions", "Farms Foods"],
    automotive: ["Automotive", "Auto Parts", "Motor Components", "Drivetrain Systems", "Vehicle Systems"],
    industrial_equipment: ["Machinery", "Industrial Equipment", "Compressors", "Pumps & Valves", "Machine Tools"],
    electronics: ["Electronics", "Circuits", "Semiconductor", "Electrical Products", "Controls"],
    chemicals: ["Chemical", "Chemicals", "Coatings", "Polymers", "Specialty Chemicals"],
    building_materials: ["Building Products", "Cement", "Glass", "Concrete", "Millwork", "Steel Structures"],
    plastics_and_rubber: ["Plastics", "Rubber Products", "Molding"],
    paper_and_packaging: ["Packaging", "Paper", "Containers"],
    aerospace: ["Aerospace", "Aero Components"],
    medical_devices: ["Medical Devices", "Surgical", "Orthopedics"],
    pharmaceuticals: ["Pharma", "Biologics"],
    metals: ["Metals", "Steel", "Foundry"],
  };
  const OTHER_INDUSTRIES = { distribution: 8, logistics: 4, retail: 3 };
  const accounts = [];
  const seen = new Set();

  for (let i = 0; i < N; i++) {
    const industry = rng.chance(0.85) ? "manufacturing" : rng.weighted(OTHER_INDUSTRIES);
    const sub = industry === "manufacturing"
      ? rng.weighted({ food_and_beverage: 15, automotive: 13, industrial_equipment: 15, electronics: 12, chemicals: 11, building_materials: 11, plastics_and_rubber: 5, paper_and_packaging: 5, aerospace: 4, medical_devices: 4, pharmaceuticals: 3, metals: 2 })
      : "";
    const country = rng.weighted({ US: 50, CA: 6, MX: 6, DE: 10, GB: 6, FR: 4, IT: 4, PL: 3, NL: 2, SE: 2, JP: 3, IN: 2, BR: 2 });
    const employees = Math.round(clamp(rng.logNormal(sub === "automotive" ? 1100 : 700, 1.05), 15, 150000));
    const type = rng.weighted({ Prospect: 88, Customer: 8, Competitor: 2, Partner: 2 });
    const plants = Math.max(1, Math.round(clamp(employees / rng.range(250, 900), 1, 60)));
    const erp = rng.weighted(employees >= 1000
      ? { sap_s4hana: 30, sap_ecc: 18, oracle_ebs: 14, microsoft_dynamics_365: 12, infor: 10, epicor: 6, plex: 5, "": 5 }
      : { sap_s4hana: 8, sap_ecc: 8, oracle_ebs: 5, microsoft_dynamics_365: 18, infor: 12, epicor: 16, plex: 8, netsuite: 12, "": 13 });
    const tech = rng.sample(["salesforce", "microsoft_365", "autodesk", "solidworks", "ptc_windchill", "ptc_thingworx", "aveva", "ignition", "rockwell_factorytalk", "siemens_opcenter", "maximo", "tableau", "power_bi", "aws", "azure"], rng.int(2, 6));
    if (erp) tech.push(erp);
    // Known sub-industry in the CRM for most accounts; enrichment always has a NAICS code.
    const naics = sub ? rng.pick(NAICS[sub]) : rng.pick(industry === "distribution" ? ["423830", "423610", "424690"] : industry === "logistics" ? ["484121", "493110"] : ["444110", "452210"]);
    const subRecorded = sub && rng.chance(0.88) ? sub : "";

    const inMarket = rng.chance(0.22);
    const intent = rng.chance(0.06) ? "" : inMarket ? Math.round(rng.range(50, 99)) : Math.round(68 * rng.float() ** 1.7);
    const visit = inMarket ? (rng.chance(0.8) ? recent(rng, 16) : "") : rng.chance(0.35) ? recent(rng, 120) : "";
    const tradeShow = rng.chance(0.14) ? daysAgo(rng.pick([dayOf("2026-11-01") - dayOf("2026-09-14"), dayOf("2026-11-01") - dayOf("2026-04-22"), dayOf("2026-11-01") - dayOf("2026-03-10")]) + rng.int(0, 4)) : "";

    const subLogit = { food_and_beverage: 1.1, automotive: -0.8, industrial_equipment: 0.6, electronics: -0.2, chemicals: 0.3, building_materials: -1.0 }[sub] ?? -0.5;
    const deal = outcome(rng, {
      oppChance: 0.3 + (inMarket ? 0.3 : 0) + (plants >= 3 ? 0.06 : 0),
      winLogit: -1.0 + subLogit + (["sap_s4hana", "sap_ecc", "oracle_ebs", "microsoft_dynamics_365"].includes(erp) ? 0.4 : 0) + (plants >= 3 ? 0.3 : 0) + (inMarket ? 0.4 : 0),
      dealSize: 25000 + plants * ({ automotive: 30000, chemicals: 26000, food_and_beverage: 18000, building_materials: 15000 }[sub] ?? 20000),
    });

    let name = nameFor("manufacturing");
    if (sub && rng.chance(0.75)) {
      name = `${rng.chance(0.5) ? rng.pick(PLACES) : rng.pick(NAME_A)} ${rng.pick(SUB_NAME[sub])}`;
      for (let n = 2; seen.has(name); n++) name = `${name.replace(/ \d+$/, "")} ${n}`;
    }
    if (!sub) name = nameFor(industry);
    seen.add(name);
    const domain = domainFor(name, tldFor(rng, country));
    accounts.push({
      Id: newId(),
      Name: name,
      Website: `www.${domain}`,
      Type: type,
      NumberOfEmployees: employees,
      AnnualRevenue: revenueFor(rng, employees, 280000),
      Industry: industry,
      Sub_Industry__c: subRecorded,
      NAICS_Code__c: naics,
      BillingCountryCode: country,
      Plant_Count__c: plants,
      ERP_System__c: erp,
      Technologies: tech,
      Intent_Score__c: intent,
      Last_Website_Visit__c: visit,
      Trade_Show_Lead_Date__c: tradeShow,
      Opportunity_Stage__c: deal.stage,
      Opportunity_Amount__c: deal.amount,
      Opportunity_Close_Date__c: deal.close,
    });
  }

  applyDirt(rng, accounts, [
    dirt.number("NumberOfEmployees"),
    dirt.value("Sub_Industry__c", ["Food & Beverage", "Auto", "Industrial Machinery"]),
    dirt.date("Trade_Show_Lead_Date__c"),
    dirt.commaName("Name"),
    dirt.quotedName("Name"),
    dirt.value("Plant_Count__c", ["3-5", "many"]),
    dirt.trailingSpace("ERP_System__c"),
    dirt.value("Intent_Score__c", ["hot", "-"]),
    dirt.amount("Opportunity_Amount__c"),
    dirt.value("NAICS_Code__c", ["33-6", "n/a"]),
    dirt.date("Last_Website_Visit__c"),
  ]);

  writeCsv("manufacturing-verticals/data/accounts.csv", ["Id", "Name", "Website", "Type", "NumberOfEmployees", "AnnualRevenue", "Industry", "Sub_Industry__c", "NAICS_Code__c", "BillingCountryCode", "Plant_Count__c", "ERP_System__c", "Technologies", "Intent_Score__c", "Last_Website_Visit__c", "Trade_Show_Lead_Date__c", "Opportunity_Stage__c", "Opportunity_Amount__c", "Opportunity_Close_Date__c"], accounts);
}

// ---------------------------------------------------------------------------------------------------------
// 5. warehouse-tracks: four data-warehouse tracks for a data tool
// ---------------------------------------------------------------------------------------------------------

function generateWarehouse() {
  const rng = new Rng(5005);
  const newId = salesforceIds(rng, "001", "Wh");
  const nameFor = companyNames(rng);
  const domainFor = domains();
  const N = 1800;
  const WAREHOUSES = ["snowflake", "databricks", "bigquery", "redshift"];
  const CLOUD_OF = { snowflake: null, databricks: null, bigquery: "gcp", redshift: "aws", synapse: "azure", postgres: null, teradata: null, "": null };
  const TOOLS = ["dbt", "fivetran", "airbyte", "airflow", "dagster", "looker", "tableau", "power_bi", "mode", "hex", "segment", "census", "hightouch", "kafka", "monte_carlo", "great_expectations", "postgres", "mysql", "mongodb", "salesforce", "hubspot"];
  const accounts = [];

  for (let i = 0; i < N; i++) {
    const industry = rng.weighted({ software: 24, fintech: 10, financial_services: 8, retail: 10, media: 8, healthcare: 8, logistics: 6, manufacturing: 8, telecommunications: 4, education: 4, professional_services: 6, government: 4 });
    const country = rng.weighted({ US: 48, CA: 5, GB: 10, DE: 7, FR: 4, NL: 4, SE: 2, IE: 2, AU: 5, SG: 3, IN: 4, JP: 2, BR: 4 });
    const employees = Math.round(clamp(rng.logNormal(650, 1.15), 10, 200000));
    const type = rng.weighted({ Prospect: 86, Customer: 9, Competitor: 2, Partner: 3 });
    const main = rng.weighted({ snowflake: 29, databricks: 18, bigquery: 17, redshift: 15, synapse: 6, teradata: 3, postgres: 7, "": 5 });
    const stack = rng.sample(TOOLS, rng.int(2, 7));
    if (main && rng.chance(0.95)) stack.push(main);
    // Many data teams run two warehouses (a migration in flight, or a lakehouse next to a warehouse).
    let second = "";
    if (main && rng.chance(0.24)) {
      second = rng.pick(WAREHOUSES.filter((w) => w !== main));
      stack.push(second);
    }
    const primaryKnown = main && rng.chance(0.72);
    const cloud = CLOUD_OF[main] ?? rng.weighted({ aws: 55, azure: 25, gcp: 20 });
    const scanAge = rng.chance(0.8) ? rng.exponential(70) : rng.range(200, 900);
    const dataTeam = Math.max(0, Math.round(employees * rng.logNormal(0.012, 0.8)));
    const openRoles = rng.chance(0.35) ? rng.int(1, Math.max(1, Math.min(12, Math.round(dataTeam / 4) + 1))) : 0;

    const inMarket = rng.chance(0.24);
    const intent = rng.chance(0.05) ? "" : inMarket ? Math.round(rng.range(50, 99)) : Math.round(70 * rng.float() ** 1.8);
    const docsVisits = inMarket ? rng.int(0, 25) : rng.chance(0.25) ? rng.int(1, 4) : 0;
    const lastDocs = docsVisits > 0 ? recent(rng, inMarket ? 8 : 60) : "";
    const trial = rng.chance(inMarket ? 0.3 : 0.02) ? recent(rng, 25) : "";

    const whLogit = { snowflake: 0.6, databricks: 0.1, bigquery: -0.2, redshift: -0.8 }[main] ?? -1.0;
    const deal = outcome(rng, {
      oppChance: 0.22 + (inMarket ? 0.32 : 0) + (trial ? 0.15 : 0),
      winLogit: -1.4 + whLogit + (dataTeam >= 10 ? 0.5 : 0) + (stack.includes("dbt") ? 0.4 : 0) + (inMarket ? 0.4 : 0),
      dealSize: 10000 + clamp(dataTeam, 1, 200) * ({ snowflake: 2600, databricks: 3400, bigquery: 1400, redshift: 800 }[main] ?? 700),
    });

    const name = nameFor(industry === "government" ? "public_sector" : industry);
    const domain = domainFor(name, tldFor(rng, country));
    accounts.push({
      Id: newId(),
      Name: name,
      Website: `www.${domain}`,
      Type: type,
      NumberOfEmployees: employees,
      AnnualRevenue: revenueFor(rng, employees, 220000),
      Industry: industry,
      BillingCountryCode: country,
      Primary_Data_Warehouse__c: primaryKnown ? main : "",
      Tech_Stack__c: stack,
      Tech_Scan_Date__c: rng.chance(0.04) ? "" : daysAgo(scanAge),
      Cloud_Provider__c: cloud,
      Data_Team_Size__c: dataTeam,
      Open_Data_Roles__c: openRoles,
      Intent_Score__c: intent,
      Docs_Visits_30d__c: docsVisits,
      Last_Docs_Visit__c: lastDocs,
      Trial_Started__c: trial,
      Opportunity_Stage__c: deal.stage,
      Opportunity_Amount__c: deal.amount,
      Opportunity_Close_Date__c: deal.close,
    });
  }

  applyDirt(rng, accounts, [
    dirt.number("NumberOfEmployees"),
    dirt.value("Primary_Data_Warehouse__c", ["Snowflake", "Azure Synapse", "BigQuery"]),
    dirt.date("Tech_Scan_Date__c"),
    dirt.commaName("Name"),
    dirt.quotedName("Name"),
    dirt.number("Data_Team_Size__c"),
    dirt.trailingSpace("Primary_Data_Warehouse__c"),
    dirt.date("Trial_Started__c"),
    dirt.value("Opportunity_Stage__c", ["Closed Won", "Qualification"]),
    dirt.value("Cloud_Provider__c", ["AWS", "on-prem"]),
    dirt.amount("Opportunity_Amount__c"),
  ]);

  writeCsv("warehouse-tracks/data/accounts.csv", ["Id", "Name", "Website", "Type", "NumberOfEmployees", "AnnualRevenue", "Industry", "BillingCountryCode", "Primary_Data_Warehouse__c", "Tech_Stack__c", "Tech_Scan_Date__c", "Cloud_Provider__c", "Data_Team_Size__c", "Open_Data_Roles__c", "Intent_Score__c", "Docs_Visits_30d__c", "Last_Docs_Visit__c", "Trial_Started__c", "Opportunity_Stage__c", "Opportunity_Amount__c", "Opportunity_Close_Date__c"], accounts);
}

// ---------------------------------------------------------------------------------------------------------
// 6. abm-intent-stages: one ICP, segmented by intent stage (HubSpot export: internal property names)
// ---------------------------------------------------------------------------------------------------------

function generateAbm() {
  const rng = new Rng(6006);
  const newId = hubspotIds(rng, 18_204_000_000);
  const newContactId = hubspotIds(rng, 51_370_000_000);
  const nameFor = companyNames(rng);
  const domainFor = domains();
  const N = 2400;
  const HS_INDUSTRY = {
    COMPUTER_SOFTWARE: 36, INFORMATION_TECHNOLOGY_AND_SERVICES: 14, INTERNET: 12, COMPUTER_NETWORK_SECURITY: 5,
    FINANCIAL_SERVICES: 7, MARKETING_AND_ADVERTISING: 8, HOSPITAL_HEALTH_CARE: 5, E_LEARNING: 4, STAFFING_AND_RECRUITING: 4,
    RETAIL: 5,
  };
  const COUNTRY = { "United States": 50, "United Kingdom": 18, Canada: 7, Germany: 6, France: 3, Netherlands: 3, Australia: 5, India: 4, Ireland: 4 };
  const TLD = { "United Kingdom": "co.uk", Germany: "de", France: "fr", Netherlands: "nl", Australia: "com.au", India: "in", Ireland: "ie" };
  const TOPICS = ["Account-Based Marketing", "Sales Intelligence", "Intent Data", "Revenue Operations", "Data Enrichment", "Sales Engagement", "Conversation Intelligence", "Lead Scoring", "Marketing Attribution"];
  const accounts = [];
  const contacts = [];

  for (let i = 0; i < N; i++) {
    const model = rng.weighted({ b2b_saas: 70, b2c_saas: 8, marketplace: 6, agency: 6, ecommerce: 5, hardware: 5 });
    const industry = rng.weighted(HS_INDUSTRY);
    const country = rng.weighted(COUNTRY);
    const employees = Math.round(clamp(rng.logNormal(520, 0.9), 8, 40000));
    const lifecycle = rng.weighted({ subscriber: 10, lead: 32, marketingqualifiedlead: 18, salesqualifiedlead: 12, opportunity: 14, customer: 9, evangelist: 1, other: 4 });
    const stage = rng.weighted({ procurement: 9, proof: 11, comparing: 16, research: 24, none: 40 });
    const level = { none: 0, research: 1, comparing: 2, proof: 3, procurement: 4 }[stage];

    const surge = rng.chance(0.05) ? "" : level >= 1 ? Math.round(rng.range(level === 1 ? 45 : 55, 99)) : Math.round(60 * rng.float() ** 1.8);
    const topics = level >= 1 || rng.chance(0.12) ? rng.sample(TOPICS, rng.int(1, 3)) : [];
    const contentDownload = level >= 1 ? (rng.chance(0.6) ? recent(rng, 25) : "") : rng.chance(0.2) ? recent(rng, 150) : "";
    const g2Views = level >= 2 ? (rng.chance(0.8) ? rng.int(2, 12) : rng.int(0, 1)) : rng.chance(0.06) ? 1 : 0;
    const comparisonVisit = level >= 2 ? (rng.chance(0.7) ? recent(rng, 10) : recent(rng, 90)) : rng.chance(0.08) ? recent(rng, 150) : "";
    const pricingViews = level >= 2 ? rng.int(0, 9) : rng.chance(0.15) ? rng.int(1, 2) : 0;
    const trial = level >= 3 ? (rng.chance(0.7) ? recent(rng, 18) : rng.chance(0.5) ? recent(rng, 120) : "") : rng.chance(0.03) ? recent(rng, 200) : "";
    const poc = level >= 3 ? rng.weighted({ none: 25, requested: 25, active: 35, completed: 15 }) : rng.chance(0.02) ? "completed" : "none";
    const questionnaire = level === 4 ? (rng.chance(0.75) ? recent(rng, 20) : "") : rng.chance(0.01) ? recent(rng, 300) : "";
    const procurementEngaged = level === 4 ? rng.chance(0.6) : rng.chance(0.005);

    const fitLogit = (["COMPUTER_SOFTWARE", "INTERNET", "INFORMATION_TECHNOLOGY_AND_SERVICES", "COMPUTER_NETWORK_SECURITY"].includes(industry) ? 0.4 : 0) + (employees >= 300 && employees <= 1500 ? 0.3 : 0);
    const deal = outcome(rng, {
      oppChance: [0.12, 0.2, 0.34, 0.55, 0.85][level],
      openShare: [0.2, 0.25, 0.35, 0.45, 0.5][level],
      winLogit: [-2.3, -1.6, -0.9, -0.2, 0.6][level] + fitLogit,
      dealSize: 14000 + clamp(employees, 50, 3000) * rng.range(40, 70) * (level >= 3 ? 1.3 : 1),
    });

    const name = nameFor(model === "b2b_saas" ? rng.pick(["saas", "software"]) : model === "agency" ? "professional_services" : model === "ecommerce" ? "retail" : "software");
    const domain = domainFor(name, TLD[country] && rng.chance(0.5) ? TLD[country] : rng.weighted({ com: 70, io: 22, ai: 8 }));
    const account = {
      hs_object_id: newId(),
      name,
      domain,
      numberofemployees: employees,
      annualrevenue: revenueFor(rng, employees, 190000),
      industry,
      business_model: model,
      country,
      lifecyclestage: lifecycle,
      bombora_topic_surge: surge,
      bombora_surging_topics: topics,
      last_content_download_date: contentDownload,
      g2_comparison_views_30d: g2Views,
      last_comparison_page_visit: comparisonVisit,
      pricing_page_views_30d: pricingViews,
      trial_started_date: trial,
      poc_status: poc,
      security_questionnaire_date: questionnaire,
      procurement_contact_engaged: procurementEngaged ? "true" : "false",
      associated_deal_stage: deal.stage,
      associated_deal_amount: deal.amount,
    };
    accounts.push(account);

    const committee = [];
    if (rng.chance(0.65)) committee.push(rng.pick([
      { title: "Chief Revenue Officer", function: "sales", seniority: "c_level" },
      { title: "Chief Marketing Officer", function: "marketing", seniority: "c_level" },
      { title: "VP of Sales", function: "sales", seniority: "vp" },
      { title: "VP Marketing", function: "marketing", seniority: "vp" },
      { title: "CEO", function: "executive", seniority: "c_level" },
    ]));
    if (rng.chance(0.7)) committee.push(rng.pick([
      { title: "Director of Revenue Operations", function: "revenue_operations", seniority: "director" },
      { title: "Head of RevOps", function: "revenue_operations", seniority: "director" },
      { title: "Marketing Operations Manager", function: "marketing", seniority: "manager" },
      { title: "Director of Demand Generation", function: "marketing", seniority: "director" },
      { title: "Sales Operations Manager", function: "revenue_operations", seniority: "manager" },
    ]));
    if (rng.chance(0.35)) committee.push(rng.pick([
      { title: "Sales Manager", function: "sales", seniority: "manager" },
      { title: "Senior Manager, Growth Marketing", function: "marketing", seniority: "manager" },
      { title: "Director of Sales Development", function: "sales", seniority: "director" },
    ]));
    if (level === 4 || rng.chance(0.1)) committee.push(rng.pick([
      { title: "Procurement Manager", function: "procurement", seniority: "manager" },
      { title: "IT Security Manager", function: "security", seniority: "manager" },
      { title: "Legal Counsel", function: "legal", seniority: "individual" },
    ]));
    const reps = rng.int(0, 2);
    for (let k = 0; k < reps; k++) committee.push(rng.pick([
      { title: "Sales Development Representative", function: "sales", seniority: "individual" },
      { title: "Account Executive", function: "sales", seniority: "individual" },
      { title: "Marketing Specialist", function: "marketing", seniority: "individual" },
      { title: "Demand Generation Specialist", function: "marketing", seniority: "individual" },
    ]));
    if (committee.length === 0) committee.push({ title: "Marketing Manager", function: "marketing", seniority: "manager" });
    for (const member of committee) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      contacts.push({
        hs_object_id: newContactId(),
        associatedcompanyid: account.hs_object_id,
        firstname: first,
        lastname: last,
        jobtitle: member.title,
        email: `${emailLocal(first, last)}@${domain}`,
        seniority: member.seniority,
        job_function: member.function,
      });
    }
  }

  applyDirt(rng, accounts, [
    dirt.number("numberofemployees"),
    dirt.value("country", ["USA", "U.K.", "united states"]),
    dirt.date("trial_started_date"),
    dirt.boolean("procurement_contact_engaged"),
    dirt.commaName("name"),
    dirt.quotedName("name"),
    dirt.value("poc_status", ["In Progress", "yes"]),
    dirt.value("bombora_topic_surge", ["surging", "n/a"]),
    dirt.date("security_questionnaire_date"),
    dirt.trailingSpace("business_model"),
    dirt.value("associated_deal_stage", ["closedwon", "appointmentscheduled"]),
    dirt.amount("associated_deal_amount"),
  ]);
  // The product-analytics export writes trial start dates the US way (MM/DD/YYYY); the project declares `format`.
  // Converted after the defects, so the random stream (and every other column) stays as it was.
  for (const row of accounts) row.trial_started_date = usDate(row.trial_started_date);
  applyDirt(rng, contacts, [
    dirt.value("seniority", ["Executive", "Senior IC"]),
    dirt.trailingSpace("jobtitle"),
    dirt.value("job_function", ["Sales & Marketing", "RevOps"]),
    dirt.value("associatedcompanyid", ["18203999999", "18299999999"]),
    dirt.empty("email"),
  ], 0.005);

  writeCsv("abm-intent-stages/data/accounts.csv", ["hs_object_id", "name", "domain", "numberofemployees", "annualrevenue", "industry", "business_model", "country", "lifecyclestage", "bombora_topic_surge", "bombora_surging_topics", "last_content_download_date", "g2_comparison_views_30d", "last_comparison_page_visit", "pricing_page_views_30d", "trial_started_date", "poc_status", "security_questionnaire_date", "procurement_contact_engaged", "associated_deal_stage", "associated_deal_amount"], accounts);
  writeCsv("abm-intent-stages/data/contacts.csv", ["hs_object_id", "associatedcompanyid", "firstname", "lastname", "jobtitle", "email", "seniority", "job_function"], contacts);
}

// ---------------------------------------------------------------------------------------------------------

generateQuickstart();
generateHrTech();
generateSecurity();
generateManufacturing();
generateWarehouse();
generateAbm();

for (const file of written) console.log(`${file.path.padEnd(52)} ${String(file.rows).padStart(6)} rows ${String(Math.round(file.bytes / 1024)).padStart(5)} KB`);
