import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative } from "node:path";
import { compileProject } from "../packages/compiler/dist/index.js";
import { compileSql } from "../packages/sql/dist/index.js";
import { defineFileView } from "../packages/sql/dist/runners/duckdb-input.js";
const ROOT = "/work/main"; process.chdir(ROOT);
const { DuckDBInstance } = await import(pathToFileURL(createRequire(join(ROOT, "packages/sql/package.json")).resolve("@duckdb/node-api")).href);
const diskReader = { read(p){ try { if(!existsSync(p)||!statSync(p).isFile()) return undefined; return readFileSync(p,"utf8"); } catch { return undefined; } }, resolve(from, rel){ if (isAbsolute(rel)) return rel; const j = join(dirname(from), rel); return isAbsolute(from)? j : relative(".", j) || "."; } };
const r = compileProject("segments.example.yaml", diskReader);
const plan = r.plan, asOf = r.resolved.asOf.value;
const file = process.argv[2];
const db = await DuckDBInstance.create(":memory:", { preserve_insertion_order: "true" });
const c = await db.connect();
await defineFileView(c, "segform_accounts", file, "parquet", plan.fields, "segform_row");
const { accounts } = compileSql(plan, { dialect: "duckdb", table: "segform_accounts", asOf, rowColumn: "segform_row" });
const hand = `
WITH accounts AS (
  SELECT
    file_row_number AS rn,
    Id AS account_id,
    Name AS name,
    TRY_CAST(replace(NumberOfEmployees, ',', '') AS INTEGER) AS employees,
    Industry AS industry,
    Region AS region,
    string_split(Technologies, ';') AS tech,
    Data_Warehouse__c AS warehouse,
    COALESCE(TRY_CAST(Intent_Score__c AS DOUBLE), 0) AS intent_score,
    TRY_CAST(Last_Pricing_Visit__c AS DATE) AS last_visit,
    COALESCE(Demo_Requested__c, FALSE) AS demo_requested
  FROM read_parquet('${file}', file_row_number = true)
),
scored AS (
  SELECT
    rn, account_id, industry, warehouse, last_visit, demo_requested,
    COALESCE(employees BETWEEN 200 AND 2000 AND region IN ('NA', 'EMEA'), FALSE)
      AND industry IS DISTINCT FROM 'government'
      AND NOT COALESCE(regexp_matches(name, '(?i)\\b(test|demo)\\b'), FALSE) AS icp,
    CASE WHEN employees BETWEEN 200 AND 2000 THEN 40 ELSE 0 END
      + CASE WHEN industry IN ('software', 'fintech', 'saas') THEN 30 ELSE 0 END
      + CASE WHEN list_has_any(tech, ['segment', 'dbt', 'snowflake']) THEN 20 ELSE 0 END
      + CASE WHEN warehouse IS NOT NULL THEN 10 ELSE 0 END AS fit,
    CASE WHEN intent_score >= 60 THEN 50 ELSE 0 END
      + CASE WHEN last_visit BETWEEN DATE '2026-10-02' AND DATE '2026-11-01' THEN 30 ELSE 0 END
      + CASE WHEN demo_requested THEN 20 ELSE 0 END AS intent
  FROM accounts
),
tiered AS (
  SELECT
    *,
    CASE
      WHEN icp AND fit >= 70 AND intent >= 60
        AND row_number() OVER (PARTITION BY icp AND fit >= 70 AND intent >= 60 ORDER BY fit DESC, intent DESC, account_id, rn) <= 25 THEN 'tier1'
      WHEN icp AND fit >= 60 AND intent >= 30 THEN 'tier2'
      WHEN icp AND fit >= 40 THEN 'tier3'
    END AS tier,
    CASE
      WHEN NOT icp THEN NULL
      WHEN warehouse IN ('snowflake', 'bigquery', 'databricks') THEN 'warehouse-native'
      WHEN industry = 'fintech' THEN 'fintech'
      WHEN demo_requested OR last_visit BETWEEN DATE '2026-10-18' AND DATE '2026-11-01' THEN 'hot-evaluators'
      WHEN industry IN ('software', 'saas') THEN 'software-core'
      ELSE 'other'
    END AS segment
  FROM scored
)
SELECT
  account_id, icp, fit, intent, tier, segment,
  concat_ws(';',
    CASE WHEN icp THEN 'crm-segment' END,
    CASE WHEN tier IS NOT NULL THEN 'crm-tier' END,
    CASE WHEN segment = 'warehouse-native' THEN 'li-warehouse' END,
    CASE WHEN segment = 'hot-evaluators' AND fit >= 60 THEN 'sdr-fast-track' END
  ) AS activations
FROM tiered
ORDER BY rn`;
const time = async (label, q) => { const t = performance.now(); await c.run(q); console.log(label, ((performance.now()-t)/1000).toFixed(2), "s"); };
await time("hand", `CREATE OR REPLACE TEMP TABLE out_hand AS ${hand}`);
await time("segform", `CREATE OR REPLACE TEMP TABLE out_segform AS ${accounts}`);
const q = async (s) => (await c.runAndReadAll(s)).getRows();
console.log(await q(`SELECT (SELECT count(*) FROM (SELECT * FROM out_segform EXCEPT ALL SELECT * FROM out_hand)), (SELECT count(*) FROM (SELECT * FROM out_hand EXCEPT ALL SELECT * FROM out_segform)), (SELECT count(*) FROM out_hand), (SELECT count(*) FROM out_segform)`));
console.log(await q(`DESCRIBE out_hand`));
console.log(await q(`DESCRIBE out_segform`));
console.log(await q(`SELECT * FROM (SELECT * FROM out_segform EXCEPT ALL SELECT * FROM out_hand) LIMIT 5`));
console.log(await q(`SELECT * FROM (SELECT * FROM out_hand EXCEPT ALL SELECT * FROM out_segform) LIMIT 5`));
for (const [name, sql] of [["hand", hand], ["segform", accounts]]) {
  await c.run(`PRAGMA enable_profiling='json'`);
  await c.run(`PRAGMA profiling_output='/tmp/prof-${name}.json'`);
  await time(name + " profiled", `CREATE OR REPLACE TEMP TABLE o AS ${sql}`);
  await c.run(`PRAGMA disable_profiling`);
}
for (let i = 0; i < 3; i++) { await time("hand", `CREATE OR REPLACE TEMP TABLE out_hand AS ${hand}`); }
