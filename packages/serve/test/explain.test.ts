import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildApp,
  csvRecord,
  explainLoaded,
  explainRecord,
  OneAtATime,
  StateHolder,
  stateFromData,
} from "../src/index.js";
import { ACCOUNTS, compileFile, CONTACTS, QUICKSTART } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "segform-serve-explain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("explanations from one record (the line index built at load)", () => {
  it("gives exactly the full read's explanation for every 8th quick-start account, capped tiers included", async () => {
    const plan = compileFile(QUICKSTART);
    const state = await stateFromData({
      plan,
      asOf: "2026-11-01",
      definitions: QUICKSTART,
      data: ACCOUNTS,
      contacts: CONTACTS,
    });
    expect(state.dataInputs?.index?.lines).toBe(801);
    const keys = [...state.labels.keys()].filter((_, i) => i % 8 === 0);
    const tiers = new Set<string | null>();
    for (const key of keys) {
      const label = state.labels.get(key)!;
      tiers.add(label.tier);
      const quick = explainRecord(state, label);
      expect(quick, key).toBeDefined();
      expect(quick, key).toEqual(await explainLoaded(state, key));
    }
    expect([...tiers].sort()).toEqual([null, "tier1", "tier2", "tier3"].sort());
  });

  it("JSON Lines with blank lines; a file changed since load falls back (undefined)", async () => {
    const plan = compileFile(QUICKSTART);
    const [header, ...rows] = readFileSync(ACCOUNTS, "utf8").trim().split("\n");
    const names = header!.split(",");
    const path = join(dir, "accounts.jsonl");
    const objects = rows.slice(0, 40).map((row) => {
      const cells = csvRecord(row, ",")!;
      return JSON.stringify(Object.fromEntries(names.map((name, i) => [name, cells[i] === "" ? null : cells[i]])));
    });
    writeFileSync(path, objects.join("\n\n") + "\n");
    const state = await stateFromData({ plan, asOf: "2026-11-01", definitions: QUICKSTART, data: path });
    for (const key of [...state.labels.keys()].slice(0, 10)) {
      expect(explainRecord(state, state.labels.get(key)!), key).toEqual(await explainLoaded(state, key));
    }
    writeFileSync(path, objects.join("\n") + "\n");
    expect(explainRecord(state, state.labels.get([...state.labels.keys()][3]!)!)).toBeUndefined();
  });

  it("OneAtATime: a second task while one runs is refused at once (busy), not queued; afterwards it runs", async () => {
    const gate = new OneAtATime();
    let release!: () => void;
    const first = gate.run(() => new Promise<string>((resolve) => (release = () => resolve("first"))));
    expect(await gate.run(async () => "second")).toEqual({ busy: true });
    release();
    expect(await first).toEqual({ busy: false, value: "first" });
    expect(await gate.run(async () => "third")).toEqual({ busy: false, value: "third" });
  });

  it("a JSON array has no record index: explanations read it in full; concurrent ones are 200 or 503 SEG520", async () => {
    const plan = compileFile(QUICKSTART);
    const [header, ...rows] = readFileSync(ACCOUNTS, "utf8").trim().split("\n");
    const names = header!.split(",");
    const path = join(dir, "accounts.json");
    writeFileSync(
      path,
      JSON.stringify(
        rows.map((row) => Object.fromEntries(names.map((name, i) => [name, csvRecord(row, ",")![i] || null]))),
      ),
    );
    const state = await stateFromData({ plan, asOf: "2026-11-01", definitions: QUICKSTART, data: path });
    expect(state.dataInputs?.index).toBeUndefined();
    const app = await buildApp(new StateHolder(state), { logStream: false });
    await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/v1/accounts/${[...state.labels.keys()][5]}?explain=1`;
      const expected = await explainLoaded(state, [...state.labels.keys()][5]!);
      const answers = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const response = await fetch(url);
          return {
            status: response.status,
            retryAfter: response.headers.get("retry-after"),
            body: (await response.json()) as { explanation?: unknown; error?: unknown },
          };
        }),
      );
      const ok = answers.filter((answer) => answer.status === 200);
      const busy = answers.filter((answer) => answer.status !== 200);
      // (Whether any overlap depends on the scheduler: the gate's refusal is pinned by the OneAtATime test.)
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const answer of ok) expect(answer.body.explanation).toEqual(expected);
      for (const answer of busy) {
        expect(answer).toEqual({
          status: 503,
          retryAfter: "1",
          body: {
            error: {
              code: "SEG520",
              message: "an explanation that reads the data in full is running; one runs at a time",
              hint: "retry in a moment; a data file in CSV or JSON Lines, unchanged since load, is explained from its record alone",
            },
          },
        });
      }
      // One at a time, each is answered.
      expect((await fetch(url)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("csvRecord: quoted cells, doubled quotes, line breaks inside quotes; null for what is not one record", () => {
    expect(csvRecord('a,"b,c","say ""hi""",\r\n', ",")).toEqual(["a", "b,c", 'say "hi"', ""]);
    expect(csvRecord('x,"two\nlines"\n', ",")).toEqual(["x", "two\nlines"]);
    expect(csvRecord("a\tb\n", "\t")).toEqual(["a", "b"]);
    expect(csvRecord("a,b\nc,d\n", ",")).toBeNull();
    expect(csvRecord('a,"open\n', ",")).toBeNull();
  });
});
