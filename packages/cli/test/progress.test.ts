import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { ApplyProgress, progressBar, progressLine } from "../src/progress.js";
import { BIN, FIXTURES, segform } from "./helpers.js";

/** A real stream that keeps what was written. */
function sink(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  return { stream, text: () => text };
}

describe("progress renderers", () => {
  it("a log line per destination: counts and percentage", () => {
    expect(progressLine({ destination: "membership", done: 12_000, total: 38_715, elapsedMs: 5000 })).toBe(
      "membership: 12,000 / 38,715 records (30%)",
    );
    expect(progressLine({ destination: "out", done: 0, total: 0, elapsedMs: 0 })).toBe("out: 0 / 0 records (100%)");
  });

  it("a bar with rate and time left, fitted to the terminal", () => {
    expect(progressBar({ destination: "membership", done: 12_000, total: 38_715, elapsedMs: 3000 }, 80)).toBe(
      "membership [######---------------]  12,000 / 38,715  30%  4,000/s  eta 7s",
    );
    expect(progressBar({ destination: "out", done: 7, total: 7, elapsedMs: 0 }, 80)).toBe(
      "out [######################################]  7 / 7  100%",
    );
    expect(progressBar({ destination: "m", done: 1000, total: 400_000, elapsedMs: 1000 }, 120)).toBe(
      "m [----------------------------------------]  1,000 / 400,000  0%  1,000/s  eta 6m39s",
    );
    // Never wider than the terminal.
    expect(progressBar({ destination: "membership", done: 1, total: 1_000_000, elapsedMs: 1000 }, 40)).toBe(
      "membership [----------]  1 / 1,000,000 ",
    );
  });
});

describe("ApplyProgress", () => {
  it("logs: one line per interval per destination, and always the last", () => {
    let now = 0;
    const out = sink();
    const progress = new ApplyProgress(out.stream, { tty: false, now: () => now });
    for (const [at, done] of [
      [0, 1000],
      [1000, 2000],
      [2100, 3000],
      [3000, 4000],
      [4200, 5000],
      [4300, 5500],
    ] as const) {
      now = at;
      progress.update({ destination: "a", done, total: 5500 });
    }
    now = 4400;
    progress.update({ destination: "b", done: 10, total: 20 });
    now = 4500;
    progress.update({ destination: "b", done: 20, total: 20 });
    progress.finish();
    expect(out.text()).toBe(
      "a: 3,000 / 5,500 records (54%)\na: 5,000 / 5,500 records (90%)\na: 5,500 / 5,500 records (100%)\nb: 20 / 20 records (100%)\n",
    );
  });

  it("terminal: redraws one bar in place at most every 100 ms, ends it with a newline; a bar left open is closed", () => {
    let now = 0;
    const out = sink();
    const progress = new ApplyProgress(out.stream, { tty: true, columns: 60, now: () => now });
    for (const [at, done] of [
      [0, 100],
      [50, 200],
      [150, 300],
      [400, 400],
    ] as const) {
      now = at;
      progress.update({ destination: "a", done, total: 400 });
    }
    now = 500;
    progress.update({ destination: "b", done: 1, total: 9 });
    progress.finish();
    expect(out.text().split("\r")).toEqual([
      "",
      "a [####------------]  100 / 400  25%\x1b[K",
      "a [############----]  300 / 400  75%  2,000/s  eta 1s\x1b[K",
      "a [################]  400 / 400  100%  1,000/s\x1b[K\n",
      "b [##------------------]  1 / 9  11%\x1b[K\n",
    ]);
  });
});

describe("segform apply: progress on stderr", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-progress-"));
    dirs.push(dir);
    cpSync(join(FIXTURES, "deploy"), dir, { recursive: true });
    return dir;
  };

  it("writes the last line per destination when stderr is not a terminal; --json puts the summary on stdout", async () => {
    const dir = project();
    const result = await segform(["apply", "--auto-approve", "--destination", "out", "--json"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("out: 7 / 7 records (100%)\n");
    const summary = JSON.parse(result.stdout).result;
    expect(
      summary.destinations.map((d: { name: string; acknowledged: number; planned: number }) => [
        d.name,
        d.planned,
        d.acknowledged,
      ]),
    ).toEqual([["out", 7, 7]]);
  });

  // A pseudo-terminal from util-linux `script` (no native module): what a person at a terminal sees.
  const script = spawnSync("script", ["--version"], { encoding: "utf8" });
  it.skipIf(script.status !== 0 || !existsSync(BIN))("draws a bar in place when stderr is a terminal", () => {
    const dir = project();
    const command = `stty cols 80; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} apply --auto-approve --destination out 2>&1 >/dev/null`;
    const result = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\rout \[#{38}\] {2}7 \/ 7 {2}100%( {2}[\d,]+\/s)?\x1b\[K\r?\n$/);
  });
});
