// segform plan / apply from the installed CLI against a webhook receiver and the suite's PostgreSQL: drift
// (--refresh-only) after hand edits, and no secret in any file segform wrote or in its output.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { segform as segformInProcess, type Run } from "../../cli/test/helpers.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Receiver, TEST_KEY, TEST_SECRET } from "./receiver.js";

const FIXTURE = fileURLToPath(new URL("../../cli/test/fixtures/deploy/", import.meta.url));
const url = inject("segformPgUrl");
const schema = `segform_cli_${process.pid}`;
const TOKEN = "tok_DoNotLeak_4f1c9a";

/** The CLI in process (its sources), in `dir`, with `env` added: the contract servers above run in this process. */
function segform(dir: string, args: string[], env: Record<string, string>): Promise<Run> {
  return segformInProcess(args, { cwd: dir, env });
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe.skipIf(!url)("segform plan / apply with webhook and postgres destinations", () => {
  let dir: string;
  let receiver: Receiver;
  let client: pg.Client;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "segform-cli-deploy-"));
    cpSync(FIXTURE, dir, { recursive: true });
    const definitions = readFileSync(join(dir, "segments.yaml"), "utf8")
      .replace(
        'secret: "${env:DEPLOY_TEST_HOOK_SECRET}" }',
        'secret: "${env:DEPLOY_TEST_HOOK_SECRET}", token: "${env:DEPLOY_TEST_TOKEN}" }',
      )
      .replace(
        "  crm: {",
        `  table: { type: postgres, url: "\${env:DEPLOY_TEST_PG_URL}", table: ${schema}.membership, mode: mirror }\n  crm: {`,
      )
      .replace(
        "  notify: {",
        '  to-table: { destination: table, set: { segment: "{{ segment.id }}", tier: "{{ tier.id }}" } }\n  notify: {',
      )
      .replaceAll("activate: [crm-segment, export, notify]", "activate: [crm-segment, export, notify, to-table]");
    writeFileSync(join(dir, "segments.yaml"), definitions);
    receiver = await new Receiver(TEST_KEY).start();
    client = new pg.Client({ connectionString: url! });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    env = {
      DEPLOY_TEST_HOOK_URL: receiver.url,
      DEPLOY_TEST_HOOK_SECRET: TEST_SECRET,
      DEPLOY_TEST_TOKEN: TOKEN,
      DEPLOY_TEST_PG_URL: url!,
    };
  });
  afterAll(async () => {
    await receiver.stop();
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies a saved plan to all three, reports hand edits as drift, accepts them with --refresh-only, and never writes a secret", async () => {
    const outputs: string[] = [];
    const run = async (...args: string[]) => {
      const result = await segform(dir, args, env);
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    expect((await run("plan", "--out", "deploy.plan")).code).toBe(0);
    const applied = await run("apply", "deploy.plan");
    expect([applied.code, applied.stdout]).toEqual([
      0,
      "hook: 3 records acknowledged\nout: 7 records acknowledged\ntable: 7 records acknowledged\ncrm: skipped (not set up for deploy: needs options.external_id (the external id field that holds the account key))\n",
    ]);
    expect(receiver.deliveries.every((d) => d.signatureValid)).toBe(true);
    expect([...receiver.held.keys()].sort()).toEqual(["A-001", "A-005", "A-010"]);

    // Hand edits at the destinations.
    await client.query(`UPDATE ${schema}.membership SET segment = 'retail' WHERE key = 'A-004'`);
    await client.query(`DELETE FROM ${schema}.membership WHERE key = 'A-009'`);
    writeFileSync(
      join(dir, "out/membership.csv"),
      readFileSync(join(dir, "out/membership.csv"), "utf8").replace(
        "A-007,salesforce-shops,tier2",
        "A-007,salesforce-shops,tier9",
      ),
    );
    const drift = await run("plan", "--refresh-only", "--detailed-exitcode");
    expect([drift.code, drift.stdout]).toEqual([
      2,
      `out: 1 record drifted (7 records in state)
  edited A-007: tier "tier2" -> "tier9"
table: 2 records drifted (7 records in state)
  edited A-004: segment "fintech" -> "retail"
  removed A-009
hook: cannot be read back (drift is not checked for this type)

segform apply --refresh-only accepts these values into state; segform apply puts segform's values back.
`,
    ]);
    const accepted = await run("apply", "--refresh-only");
    expect(accepted.stdout).toBe(
      "out: state now holds 7 records as found (1 drifted record accepted)\ntable: state now holds 6 records as found (2 drifted records accepted)\nhook: cannot be read back; state unchanged\n",
    );
    expect((await run("plan", "--refresh-only", "--detailed-exitcode")).code).toBe(0);
    // The next apply puts segform's values back.
    const plan = await run("plan", "--destination", "table");
    expect(plan.stdout).toContain(
      '  1 to create, 1 to update, 0 to remove, 5 unchanged\n  + A-009  entered segment other, tier tier2\n  ~ A-004  segment "retail" -> "fintech"\n',
    );

    // No secret anywhere segform wrote, nor in what it printed.
    const written = files(dir).map((path) => readFileSync(path, "utf8"));
    expect(written.length).toBeGreaterThan(8);
    for (const secret of [TEST_SECRET, TEST_SECRET.slice("whsec_".length), TOKEN]) {
      expect(written.filter((text) => text.includes(secret))).toEqual([]);
      expect(outputs.filter((text) => text.includes(secret))).toEqual([]);
    }
  });
});
