// The file destination writes its snapshot as the state's records stream by: nothing holds every record. The
// records come from a generator that makes each one when asked; the snapshot's temporary file has grown before the
// last record is made, and CSV reads the records twice (its columns first), JSONL once.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileDestination } from "../src/adapters/file.js";
import { recordHash } from "../src/hash.js";
import type { StateRecord } from "../src/model.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const COUNT = 100_000;

function record(i: number): StateRecord {
  const values: Record<string, string | number> = { segment: `s${i % 7}`, n: i };
  if (i === COUNT - 1) values.late = "only the last record has this column";
  return { key: `k${String(i).padStart(6, "0")}`, hash: recordHash(values), values, segment: null, tier: null };
}

async function finish(path: string) {
  const dir = mkdtempSync(join(tmpdir(), "segform-file-finish-"));
  dirs.push(dir);
  mkdirSync(join(dir, "out"));
  const adapter = await fileDestination.open({
    destination: "d",
    settings: { path },
    env: {},
    root: dir,
    serial: 1,
    plan: "sha256:p",
  });
  let passes = 0;
  /** The temporary snapshot's size when the last record was asked for, in each pass. */
  const sizes: number[] = [];
  const temporary = () => readdirSync(join(dir, "out")).filter((name) => name.startsWith(".segform-tmp-"));
  async function* records(): AsyncGenerator<StateRecord> {
    passes++;
    for (let i = 0; i < COUNT; i++) {
      if (i === COUNT - 1) sizes.push(temporary().reduce((n, name) => n + statSync(join(dir, "out", name)).size, 0));
      yield record(i);
    }
  }
  await adapter.finish!(records);
  await adapter.close();
  return { text: readFileSync(join(dir, "out", path.slice(4)), "utf8"), passes, sizes, left: temporary() };
}

describe("file destination snapshot, streamed", () => {
  it("CSV: columns in a first pass, rows written while they stream by", async () => {
    const { text, passes, sizes, left } = await finish("out/m.csv");
    expect(passes).toBe(2);
    // The first pass only collects column names; in the second the file had grown past 1 MiB (the atomic stream's buffer) before the end.
    expect(sizes[0]).toBe(0);
    expect(sizes[1]).toBeGreaterThan(1 << 20);
    const lines = text.split("\n");
    expect(lines[0]).toBe("key,late,n,segment");
    expect(lines[1]).toBe("k000000,,0,s0");
    expect(lines[COUNT]).toBe(`k099999,only the last record has this column,99999,s${(COUNT - 1) % 7}`);
    expect(lines.length).toBe(COUNT + 2);
    expect(left).toEqual([]);
  });

  it("JSONL: one pass", async () => {
    const { text, passes, sizes } = await finish("out/m.jsonl");
    expect(passes).toBe(1);
    expect(sizes[0]).toBeGreaterThan(1 << 20);
    expect(text.split("\n", 2)[0]).toBe('{"key":"k000000","n":0,"segment":"s0"}');
    expect(text.split("\n").length).toBe(COUNT + 1);
  });
});
