// Nothing is left behind: an interrupted `run --out` (SIGTERM, SIGINT) removes its temporary file before it ends, and
// what a run killed outright (kill -9) left is removed by the next segform that writes beside it. The same for
// DuckDB's spill directory in the system's temporary directory.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, REPO, segform } from "./helpers.js";

const QUICKSTART = join(REPO, "segments.example.yaml");
let dir: string;
let data: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "segform-leftovers-"));
  // 200,000 accounts (the quick start's, with distinct keys): a run long enough to interrupt mid-write.
  const [header, ...rows] = readFileSync(join(REPO, "examples/quickstart/data/accounts.csv"), "utf8")
    .trimEnd()
    .split("\n");
  const lines = [header!];
  for (let copy = 0; copy < 250; copy++) for (const row of rows) lines.push(row.replace(/^([^,]*)/, `$1-${copy}`));
  data = join(dir, "accounts.csv");
  writeFileSync(data, lines.join("\n") + "\n");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const temporaries = (where: string, prefix: string) => readdirSync(where).filter((name) => name.startsWith(prefix));

/** Starts `segform run` into `out`, waits until its temporary file (or spill directory) exists, then sends `signal`. */
async function interrupted(
  args: string[],
  signal: NodeJS.Signals,
  appeared: (pid: number) => boolean,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; pid: number }> {
  const child = spawn(process.execPath, [BIN, "run", QUICKSTART, "--data", data, "-q", ...args], { stdio: "ignore" });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, sig) => resolve({ code, signal: sig })),
  );
  const started = Date.now();
  while (!appeared(child.pid!)) {
    if (Date.now() - started > 60_000) throw new Error("the run never wrote a temporary file");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill(signal);
  return { ...(await ended), pid: child.pid! };
}

describe("temporary files", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} during run --out removes the temporary file and leaves the previous output as it was`, async () => {
      const target = join(dir, signal);
      mkdirSync(target);
      writeFileSync(join(target, "membership.csv"), "previous\n");
      const end = await interrupted(
        ["--out", join(target, "membership.csv")],
        signal,
        () => temporaries(target, ".segform-tmp-").length > 0,
      );
      expect(end.signal).toBe(signal);
      expect(readdirSync(target)).toEqual(["membership.csv"]);
      expect(readFileSync(join(target, "membership.csv"), "utf8")).toBe("previous\n");
    }, 120_000);
  }

  it("what kill -9 left beside the output is removed by the next run writing there", async () => {
    const target = join(dir, "kill9");
    mkdirSync(target);
    const end = await interrupted(
      ["--out", join(target, "membership.csv")],
      "SIGKILL",
      () => temporaries(target, ".segform-tmp-").length > 0,
    );
    expect(end.signal).toBe("SIGKILL");
    const left = temporaries(target, ".segform-tmp-");
    expect(left.length).toBe(1);
    expect(left[0]!.startsWith(`.segform-tmp-${end.pid}-`)).toBe(true);
    // The next run (a small one) writes its output into the same directory: the dead run's file goes.
    const run = await segform(["run", QUICKSTART, "-q", "--out", join(target, "small.csv")]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(target).sort()).toEqual(["small.csv", "small.csv.meta.json"]);
  }, 120_000);

  it("DuckDB's spill directory of a killed run is removed by the next DuckDB run", async () => {
    const spills = () => temporaries(tmpdir(), "segform-duckdb-spill-");
    const before = new Set(spills());
    // Its own directory (named by its pid): other test files may run DuckDB at the same time.
    const end = await interrupted(["--engine", "duckdb", "--out", join(dir, "duck.csv")], "SIGKILL", (pid) =>
      spills().some((name) => name.startsWith(`segform-duckdb-spill-${pid}-`)),
    );
    expect(end.signal).toBe("SIGKILL");
    const mine = spills().filter((name) => name.startsWith(`segform-duckdb-spill-${end.pid}-`));
    expect(mine.length).toBe(1);
    const run = await segform(["run", QUICKSTART, "-q", "--engine", "duckdb"]);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(tmpdir(), mine[0]!))).toBe(false);
    // The run's own spill directory is gone too: no new directory is left whose process has ended (a directory
    // of a DuckDB run in another test file that is still going is that run's to remove).
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const pidOf = (name: string) => Number(/^segform-duckdb-spill-(\d+)-/.exec(name)?.[1]);
    expect(spills().filter((name) => !before.has(name) && !alive(pidOf(name)))).toEqual([]);
  }, 120_000);
});
