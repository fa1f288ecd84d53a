import { execFileSync, spawnSync } from "node:child_process";
import type pg from "pg";
import { openSource } from "@segform/data";
import { fileURLToPath } from "node:url";
import { Writable } from "node:stream";

export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
export const REPO = fileURLToPath(new URL("../../../", import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
}

/**
 * Runs the CLI in this process, from its sources (`main(argv, io)` with captured streams), as a user would run
 * `segform ARGS` in `cwd` with `env` added to the environment. Calls are serialised: each one changes the process's
 * directory and environment for its duration (vitest's default `forks` pool gives every test file its own process).
 * Use `segformBin` where the process itself is under test (signals, exit, stdin, the built bin).
 */
export function segform(args: string[], options: Omit<RunOptions, "input"> = {}): Promise<Run> {
  const result = queue.then(() => runInProcess(args, options));
  queue = result.catch(() => undefined);
  return result;
}

let queue: Promise<unknown> = Promise.resolve();

async function runInProcess(args: string[], options: Omit<RunOptions, "input">): Promise<Run> {
  const { main } = await import("../src/main.js");
  const directory = process.cwd();
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(options.env ?? {})) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
  const stdout = collector();
  const stderr = collector();
  try {
    process.chdir(options.cwd ?? REPO);
    const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    process.chdir(directory);
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 1 << 30,
    write(chunk: Buffer | string, encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Runs the built CLI (`pnpm test` builds first) in a child process: for what only a real process shows. */
export function segformBin(args: string[], options: RunOptions = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    encoding: "utf8",
    env: { ...process.env, ...options.env },
    input: options.input ?? "",
    timeout: 60_000,
    maxBuffer: 256 << 20, // a large report must not end the child as if it had crashed
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Loads a CSV file into a new PostgreSQL table (schema-qualified name) of text columns, cells as written (empty
 * stays empty), with a 1-based row sequence in `segform_row`.
 */
export async function loadCsv(client: pg.Client, table: string, path: string): Promise<void> {
  const source = await openSource(path);
  const header = source.header!;
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  await client.query(
    `CREATE TABLE ${table} (segform_row bigint, ${header.map((name) => `${quote(name)} text`).join(", ")})`,
  );
  let rows: string[][] = [];
  let row = 0;
  const flush = async () => {
    if (!rows.length) return;
    const values: unknown[] = [];
    const tuples = rows.map((cells) => {
      values.push(++row, ...header.map((_, i) => cells[i] ?? null));
      const base = values.length - header.length - 1;
      return `(${[...header.keys(), header.length].map((i) => `$${base + i + 1}`).join(", ")})`;
    });
    await client.query(`INSERT INTO ${table} VALUES ${tuples.join(", ")}`, values);
    rows = [];
  };
  for await (const batch of source.batches) {
    for (const record of batch) {
      rows.push(record.cells!);
      if (rows.length === 500) await flush();
    }
  }
  await flush();
}

/** Makes `dir` a git repository and commits everything in it (the base of a diff); `--allow-empty` for none. */
export function commitAll(dir: string, message = "base"): void {
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "--allow-empty", "-m", message);
}
