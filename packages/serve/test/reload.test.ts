import { describe, expect, it } from "vitest";
import { Reloader, StateHolder, stateFromData, type LoadResult } from "../src/index.js";
import { ACCOUNTS, compileFile, QUICKSTART } from "./helpers.js";

const plan = compileFile(QUICKSTART);
const load = () => stateFromData({ plan, asOf: "2026-11-01", definitions: QUICKSTART, data: ACCOUNTS });

describe("Reloader", () => {
  it("runs one load at a time, runs a reload asked for meanwhile once afterwards, and keeps the old state on failure", async () => {
    const initial = await load();
    const holder = new StateHolder(initial);
    const events: string[] = [];
    let active = 0;
    const results: LoadResult[] = [
      { ok: true, state: await load() },
      { ok: false, errors: ["segments.yaml:3:1: error SEG001: broken"] },
    ];
    const reloader = new Reloader(
      holder,
      async () => {
        active++;
        events.push(`start (${active} running)`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        active--;
        return results.shift() ?? { ok: true, state: await load() };
      },
      (entry, message) => events.push(`${message}${entry.code ? ` ${String(entry.code)}` : ""}`),
    );
    const first = reloader.reload("edit 1");
    const second = reloader.reload("edit 2");
    const third = reloader.reload("edit 3"); // folded into the second: both wait for the same run
    await Promise.all([first, second, third]);
    expect(events).toEqual([
      "start (1 running)",
      "reloaded",
      "start (1 running)",
      "reload failed: the previous plan keeps serving SEG507",
    ]);
    expect(holder.generation).toBe(2);
    expect(holder.reloads).toEqual({ ok: 1, failed: 1 });
    expect(holder.current).not.toBe(initial);
    expect(holder.last).toMatchObject({
      ok: false,
      reason: "edit 3",
      errors: ["segments.yaml:3:1: error SEG001: broken"],
    });
  });
});
