// SaaS deploy benchmark (numbers in bench/README.md; not a test): the first apply of N accounts (default 100,000)
// to each SaaS destination, through the built CLI in a child process, against the contract servers of
// packages/deploy/test/contract (bundled with esbuild into this process, so they answer while the CLI runs).
// Prints wall time, records per second, and the request count against the minimum the vendor's batch limits
// allow. Then an incremental apply where 1% of the accounts changed segment.
//
//   node bench/saas-bench.mjs [--rows 100000] [--only hubspot,salesforce,salesforce-campaigns,linkedin] [--hubspot-limit]
//
// --hubspot-limit keeps HubSpot's documented 190 requests / 10 s (client limiter and server); without it the
// limiter is off, to measure segform itself (the time the limit imposes is reported from the request count).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "packages/cli/dist/bin.js");
const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const ROWS = Number(option("--rows", "100000"));
const ONLY = option("--only", "hubspot,salesforce,salesforce-campaigns,linkedin").split(",");
const HUBSPOT_LIMIT = process.argv.includes("--hubspot-limit");
const TOKEN = "bench-token-not-a-secret";
const SEGMENTS = ["software", "fintech", "retail", "health"];

const work = mkdtempSync(join(tmpdir(), "segform-saas-bench-"));
const bundle = join(work, "contracts.mjs");
writeFileSync(
  join(work, "entry.ts"),
  ["hubspot", "salesforce", "linkedin"]
    .map((v) => `export * from ${JSON.stringify(join(ROOT, `packages/deploy/test/contract/${v}.ts`))};`)
    .join("\n"),
);
await build({
  entryPoints: [join(work, "entry.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: bundle,
  logLevel: "error",
  conditions: ["source"],
});
const { HubSpotContract, SalesforceContract, LinkedInContract } = await import(pathToFileURL(bundle).href);

function definitions(destination, settings, activation) {
  return `version: 1
name: saas-bench
source: data/accounts.csv
key: account_id
as_of: "2026-11-01"
fields:
  account_id: { type: string, from: Id, nullable: false }
  industry:   { type: string, from: Industry }
  domain:     { type: string, from: Domain }
icp:
  include: { industry: { in: [${SEGMENTS.join(", ")}, energy] } }
segments:
${[...SEGMENTS, "other"].map((s) => `  - { id: ${s}, ${s === "other" ? "" : `when: { industry: ${s} }, `}activate: [to-${s}] }`).join("\n")}
activations:
${[...SEGMENTS, "other"].map((s) => `  to-${s}: { destination: ${destination}, ${activation(s)} }`).join("\n")}
destinations:
  ${destination}: ${settings}
`;
}

const VENDORS = {
  hubspot: {
    server: () =>
      new HubSpotContract(
        TOKEN,
        ["segform_key"],
        HUBSPOT_LIMIT ? { max: 190, windowMs: 10_000 } : { max: 1e9, windowMs: 10_000 },
      ),
    settings: (url) =>
      `{ type: hubspot, url: "${url}", token: "\${env:BENCH_TOKEN}", mode: mirror, max_changes: "100%", options: { id_property: segform_key${HUBSPOT_LIMIT ? "" : ", rate_limit: none"} } }`,
    activation: (s) => `set: { segment: "{{ segment.id }}" }, audience: "${s} ABM"`,
    // 100 inputs per upsert; list memberships aggregated across batches, 100,000 ids an add-and-remove request.
    minimum: (n) =>
      `${(Math.ceil(n / 100) + 10 + 5 * Math.ceil(n / 5 / 100_000)).toLocaleString("en-US")}: ${Math.ceil(n / 100).toLocaleString("en-US")} upserts + 5 lists (lookup, create, ${Math.ceil(n / 5 / 100_000)} membership call each)`,
  },
  salesforce: {
    server: () => new SalesforceContract(TOKEN),
    settings: (url) =>
      `{ type: salesforce, url: "${url}", token: "\${env:BENCH_TOKEN}", mode: mirror, max_changes: "100%", options: { external_id: Segform_Key__c, bulk_poll_seconds: 0.2 } }`,
    activation: () => `set: { Segment__c: "{{ segment.id }}" }`,
    // One Bulk job: create, upload, close, >= 1 poll, 2 result files; sObject Collections for small changes: 200 a request.
    minimum: (n) => (n > 2000 ? "6 (one Bulk API 2.0 job)" : `${Math.ceil(n / 200)} collections upserts`),
  },
  "salesforce-campaigns": {
    server: () => new SalesforceContract(TOKEN),
    settings: (url) =>
      `{ type: salesforce, url: "${url}", token: "\${env:BENCH_TOKEN}", mode: mirror, max_changes: "100%", options: { external_id: Segform_Key__c, bulk_poll_seconds: 0.2 } }`,
    activation: (s) => `set: { Segment__c: "{{ segment.id }}" }, audience: "${s} ABM"`,
    // The Bulk job, then per campaign a lookup and a create, and CampaignMember creates of 200 (sObject Collections).
    minimum: (n) =>
      n > 2000
        ? `${6 + 10 + 5 * Math.ceil(n / 5 / 200)}: one Bulk job (6) + 5 campaigns (lookup, create) + ${5 * Math.ceil(n / 5 / 200)} member creates of 200`
        : "n/a",
  },
  linkedin: {
    server: () => new LinkedInContract(TOKEN),
    settings: (url) =>
      `{ type: linkedin, url: "${url}", token: "\${env:BENCH_TOKEN}", mode: mirror, max_changes: "100%", options: { ad_account: "urn:li:sponsoredAccount:1", linkedin_version: "202511", source_platform: SEGFORM_TEST, segment_wait_seconds: 0.2 } }`,
    activation: (s) => `set: { companyWebsiteDomain: "{{ account.domain }}" }, audience: "${s} ABM"`,
    // 5,000 elements per companies call, per segment (5 segments of n / 5); one finder call; one create per segment.
    minimum: (n) =>
      `${5 * Math.ceil(n / 5 / 5000) + 6}: ${5 * Math.ceil(n / 5 / 5000)} companies calls + 1 finder + 5 creates`,
  },
};

function writeAccounts(dir, changed) {
  let csv = "Id,Industry,Domain\n";
  for (let i = 0; i < ROWS; i++) {
    let industry = ["software", "fintech", "retail", "health", "energy"][i % 5];
    if (changed && i % 100 === 0) industry = industry === "software" ? "fintech" : "software";
    csv += `A-${String(i).padStart(7, "0")},${industry},a${i}.example\n`;
  }
  writeFileSync(join(dir, "data/accounts.csv"), csv);
}

function run(dir, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, BENCH_TOKEN: TOKEN } });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("close", (code) =>
      code === 0
        ? resolve({ seconds: (performance.now() - started) / 1000, out })
        : reject(new Error(`${args.join(" ")}: exit ${code}\n${out.slice(-2000)}`)),
    );
  });
}

console.log(
  `SaaS deploy benchmark: ${ROWS.toLocaleString("en-US")} accounts; HubSpot limiter ${HUBSPOT_LIMIT ? "on (190 / 10 s)" : "off"}`,
);
try {
  for (const name of ONLY) {
    const vendor = VENDORS[name];
    const server = await vendor.server().start();
    const dir = join(work, name);
    mkdirSync(join(dir, "data"), { recursive: true });
    writeFileSync(join(dir, "segments.yaml"), definitions("crm", vendor.settings(server.url), vendor.activation));
    writeAccounts(dir, false);
    const first = await run(dir, ["apply", "--auto-approve"]);
    const firstRequests = server.requests.length;
    const records = server.writes.length;
    console.log(
      `${name.padEnd(10)} first apply        ${first.seconds.toFixed(1).padStart(6)} s  ${Math.round(
        ROWS / first.seconds,
      )
        .toLocaleString("en-US")
        .padStart(
          7,
        )} accounts/s  ${String(firstRequests).padStart(5)} requests (minimum: ${vendor.minimum(ROWS)}), ${records.toLocaleString("en-US")} writes, duplicates ${server.duplicates().length}, 429s ${server.overLimit.length}`,
    );
    if (name === "hubspot")
      console.log(
        `${"".padEnd(10)} at HubSpot's 190 requests / 10 s, ${firstRequests} requests need >= ${(Math.max(0, firstRequests - 190) / 19).toFixed(0)} s`,
      );
    writeAccounts(dir, true);
    const before = server.requests.length;
    const second = await run(dir, ["apply", "--auto-approve"]);
    console.log(
      `${name.padEnd(10)} 1% changed         ${second.seconds.toFixed(1).padStart(6)} s  ${String(server.requests.length - before).padStart(5)} requests; ${second.out.trim().split("\n").at(-1)}`,
    );
    await server.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
