import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
const WSCLASS = "\\t\\n\\x{0b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}";
const must = (s, a, b) => { const t = s.replace(a, b); if (t === s) throw new Error("no change: " + a); return t; };
// B: guard the trims of input_text
let B = must(accounts, /trim\((CAST\("source"\."[^"]+" AS VARCHAR\)), "constants"\."whitespace"\)/g, (m, e) => `CASE WHEN regexp_full_match(${e}, '(?s)[^${WSCLASS}](.*[^${WSCLASS}])?') THEN ${e} ELSE ${m} END`);
// C: list fast path
let C = must(B, /(\[trim\(item, "whitespace"\) FOR item IN string_split\("(t_[a-z_]+)", ';'\) IF trim\(item, "whitespace"\) <> ''\])/g, (m, e, col) => `CASE WHEN regexp_matches("${col}", ';[${WSCLASS}]|[${WSCLASS}];|^;|;$|;;') THEN ${e} ELSE string_split("${col}", ';') END`);
// D: window over the candidates only (Top-N), joined back by row
let D = must(C, /\("_match_tier1" AND row_number\(\) OVER \(\s*PARTITION BY "_match_tier1"\s*ORDER BY ([^\n]*)\s*\) <= 25\) AS "_keep_tier1"\s*FROM "tier_matches"/, (m, order) => `("_match_tier1" AND "_row" IN (SELECT "_row" FROM "tier_matches" WHERE "_match_tier1" ORDER BY ${order} LIMIT 25)) AS "_keep_tier1"\n  FROM "tier_matches"`);
let D2 = must(C, /\("_match_tier1" AND row_number\(\) OVER \(\s*PARTITION BY "_match_tier1"\s*ORDER BY ([^\n]*)\s*\) <= 25\) AS "_keep_tier1"\s*FROM "tier_matches"/, (m, order) => `COALESCE("_keep", FALSE) AS "_keep_tier1"\n  FROM "tier_matches" LEFT JOIN (SELECT "_row" AS "_krow", TRUE AS "_keep" FROM "tier_matches" WHERE "_match_tier1" ORDER BY ${order} LIMIT 25) ON "_row" = "_krow"`);
writeFileSync("/tmp/variant-D.sql", D);
const time = async (label, q) => { const t = performance.now(); await c.run(q); const s = (performance.now()-t)/1000; console.log(label.padEnd(40), s.toFixed(2), "s"); return s; };
const q = async (s) => (await c.runAndReadAll(s)).getRows();
await time("A compiled", `CREATE OR REPLACE TEMP TABLE out_A AS ${accounts}`);
for (const [name, sql] of [["B trim guard", B], ["C + list fast path", C], ["D + top-N IN", D], ["D2 + top-N join", D2]]) {
  await time(name, `CREATE OR REPLACE TEMP TABLE out_X AS ${sql}`);
  await time(name, `CREATE OR REPLACE TEMP TABLE out_X AS ${sql}`);
  console.log("  diff", await q(`SELECT (SELECT count(*) FROM (SELECT * FROM out_A EXCEPT ALL SELECT * FROM out_X)), (SELECT count(*) FROM (SELECT * FROM out_X EXCEPT ALL SELECT * FROM out_A))`));
}
