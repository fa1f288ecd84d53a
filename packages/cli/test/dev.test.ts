import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, FIXTURES } from "./helpers.js";

/** Waits until `predicate(output)` holds, or fails after `ms`. */
function waitFor(read: () => string, predicate: (text: string) => boolean, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const text = read();
      if (predicate(text)) resolve(text);
      else if (Date.now() - started > ms) reject(new Error(`timed out; output so far:\n${text}`));
      else setTimeout(tick, 50);
    };
    tick();
  });
}

describe("segform dev", () => {
  it("reruns on a save, shows errors located, and stays alive", async () => {
    const dir = mkdtempSync(join(tmpdir(), "segform-dev-"));
    cpSync(join(FIXTURES, "basic"), dir, { recursive: true });
    const child = spawn(process.execPath, [BIN, "dev", "segments.yaml"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    try {
      await waitFor(
        () => stderr,
        (text) => text.includes("Ctrl-C to stop"),
        60_000,
      );
      expect(stdout).toContain("── start ──");
      expect(stdout).toContain("5 passed, 1 failed, 1 skipped");
      expect(stdout).toContain("segments: hot 2, sw 2, fin 0, top 0, rest 1");

      // Break the YAML: the error is shown, located, and the watcher keeps going.
      const file = join(dir, "segments.yaml");
      const good = readFileSync(file, "utf8");
      writeFileSync(file, good.replace("capacity: 2", "capacty: 2"));
      await waitFor(
        () => stdout,
        (text) => text.includes('unknown key "capacty"'),
        60_000,
      );
      expect(stdout).toMatch(/segments\.yaml:\d+:\d+: error SEG010: unknown key "capacty" in tiers\[0\]/);

      // Fix it with a different capacity: sizes update.
      writeFileSync(file, good.replace("capacity: 2", "capacity: 3"));
      await waitFor(
        () => stdout,
        (text) =>
          text.includes("segments: hot 2, sw 2, fin 0, top 0, rest 1") &&
          text.lastIndexOf("tiers:    t1 3, t2 2") > text.lastIndexOf("capacty"),
        60_000,
      );
      expect(child.exitCode).toBe(null);
    } finally {
      child.kill("SIGTERM");
    }
  }, 200_000);
});
