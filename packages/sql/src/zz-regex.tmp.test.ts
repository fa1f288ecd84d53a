import fc from "fast-check";
import { it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { RE2JS } from "re2js";
import { regexArb, STRING_POOL } from "../test/property/arbitraries.js";
import { oddAnchors } from "../test/property/known-issues.js";
import { portableRe2 } from "./regex.js";
it("duckdb regex vs re2js", async () => {
  const i = await DuckDBInstance.create(":memory:"); const c = await i.connect();
  const strings = [...STRING_POOL, "a\nc", "abc", "aXc", "a😀c", "aéc", "a%c", "a_c", "xyz", "\n", "é\n", "k\u212a", "ab\n"];
  await c.run(`CREATE TABLE t (n INTEGER, x VARCHAR)`);
  const ap = await c.createAppender("t"); strings.forEach((s, n) => { ap.appendInteger(n); ap.appendVarchar(s); ap.endRow(); }); ap.closeSync();
  const sample = fc.sample(regexArb, { numRuns: 12000, seed: 77 });
  const seen = new Set<string>(); let bad = 0, flagged = 0, missed = 0, fa = 0, fb = 0;
  for (const p of sample) {
    if (seen.has(p)) continue; seen.add(p);
    const a = oddAnchors(p), b = /\\B/.test(p.replace(/\\\\/g, "")); const known = a || b; if (a) fa++; if (b) fb++;
    if (known) flagged++;
    const lit = "'" + portableRe2(p).replace(/'/g, "''") + "'";
    const rows = (await c.runAndReadAll(`SELECT x, regexp_matches(x, ${lit}) FROM t ORDER BY n`)).getRowsJS();
    const re = RE2JS.compile(p);
    const diffs = rows.filter(([x, m]) => m !== re.test(x as string));
    if (diffs.length) { bad++; if (!known) { missed++; console.log("MISSED", JSON.stringify(p)); } }
  }
  console.log(`${bad} disagree, ${flagged} flagged (anchors ${fa}, \\B ${fb}), ${missed} missed, of ${seen.size}`);
}, 120000);
