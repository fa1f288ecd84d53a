// Starts one of the SaaS contract servers of packages/deploy/test/contract on 127.0.0.1, for trying the hubspot,
// salesforce and linkedin destinations without an account (the README's "Deploying" has the walk-through):
//
//   node scripts/contract-server.mjs hubspot|salesforce|linkedin [--port 8931] [--token demo-token]
//
// It prints the URL and the token to export, and on Ctrl-C what it holds.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const vendor = process.argv[2];
const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const CLASSES = { hubspot: "HubSpotContract", salesforce: "SalesforceContract", linkedin: "LinkedInContract" };
if (!CLASSES[vendor]) {
  process.stderr.write("usage: node scripts/contract-server.mjs hubspot|salesforce|linkedin [--port N] [--token T]\n");
  process.exit(2);
}
const token = option("--token", "demo-token");
const work = mkdtempSync(join(tmpdir(), "segform-contract-"));
const bundle = join(work, "contract.mjs");
writeFileSync(
  join(work, "entry.ts"),
  `export * from ${JSON.stringify(join(ROOT, `packages/deploy/test/contract/${vendor}.ts`))};`,
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
const Contract = (await import(pathToFileURL(bundle).href))[CLASSES[vendor]];
rmSync(work, { recursive: true, force: true });
const server = new Contract(token);
await server.start(Number(option("--port", "0")));
const prefix = { hubspot: "HUBSPOT", salesforce: "SF", linkedin: "LINKEDIN" }[vendor];
process.stdout.write(
  `${vendor} contract server on ${server.url}\n  export ${prefix}_URL=${server.url} ${prefix}_TOKEN=${token}\n`,
);
const report = () => {
  const held = server.held();
  process.stdout.write(`${server.requests.length} requests, ${server.writes.length} writes, ${held.size} held\n`);
  for (const [key, value] of [...held].slice(0, 10)) process.stdout.write(`  ${key} ${JSON.stringify(value)}\n`);
};
process.on("SIGINT", async () => {
  report();
  await server.stop();
  process.exit(0);
});
