// Runs the built CLI in a child process under the hostile-input budget: 10 s of CPU and 1 GiB of memory (peak
// resident set). The child is sampled from /proc every 20 ms and killed the moment it passes either bound, so a
// hang or a runaway allocation ends the case instead of the suite. CPU time, not wall time, is the bound: the suite
// shares two cores with other test files, and a case must not fail because its neighbour was busy.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
const BIN = fileURLToPath(new URL("../../packages/cli/dist/bin.js", import.meta.url));

export const CPU_LIMIT_MS = 10_000;
export const MEMORY_LIMIT_KB = 1 << 20;
/** A last resort for a child that sleeps instead of spinning (waiting on a FIFO, say). */
const WALL_LIMIT_MS = 60_000;
const TICKS_PER_SECOND = 100; // Linux USER_HZ, the unit of utime and stime in /proc/PID/stat

export interface BoundedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  cpuMs: number;
  peakKb: number;
  /** Set when the child was killed for passing a bound. */
  exceeded?: "cpu" | "memory" | "wall";
}

export function bounded(args: readonly string[], options: { cwd?: string } = {}): Promise<BoundedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CI: "true" },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    let cpuMs = 0;
    let peakKb = 0;
    let exceeded: BoundedRun["exceeded"];
    const started = Date.now();
    const sample = () => {
      const usage = readUsage(child.pid!);
      if (!usage) return;
      cpuMs = Math.max(cpuMs, usage.cpuMs);
      peakKb = Math.max(peakKb, usage.peakKb);
      exceeded ??=
        cpuMs > CPU_LIMIT_MS
          ? "cpu"
          : peakKb > MEMORY_LIMIT_KB
            ? "memory"
            : Date.now() - started > WALL_LIMIT_MS
              ? "wall"
              : undefined;
      if (exceeded) child.kill("SIGKILL");
    };
    const timer = setInterval(sample, 20);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        cpuMs,
        peakKb,
        exceeded,
      });
    });
  });
}

function readUsage(pid: number): { cpuMs: number; peakKb: number } | undefined {
  try {
    // Fields after the command name (which may hold spaces, hence the last ")"): utime is the 14th field, stime the 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, peakKb };
  } catch {
    return undefined; // the child has exited between two samples
  }
}

/**
 * A hostile case ended well: on its own within the budget, with the expected exit code, the expected located
 * message, and no stack trace or internal error.
 */
export function expectContained(run: BoundedRun, exit: number, message: string | RegExp): void {
  const what = `exit ${run.code}, ${run.cpuMs} ms CPU, ${run.peakKb} kB: ${run.stderr.slice(0, 600)}`;
  expect(run.exceeded, what).toBeUndefined();
  expect(run.code, what).toBe(exit);
  expect(run.stderr, what).not.toMatch(/\n\s+at |internal error|RangeError|TypeError/);
  if (typeof message === "string") expect(run.stderr, what).toContain(message);
  else expect(run.stderr, what).toMatch(message);
}
