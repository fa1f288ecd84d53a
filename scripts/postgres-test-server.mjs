#!/usr/bin/env node
// A throwaway PostgreSQL server for the test suite: a fresh cluster in a temporary directory, listening only on
// 127.0.0.1 on a free port, trust authentication for one test user on loopback only, fsync off. No dependencies.
//
//   node scripts/postgres-test-server.mjs start [--owner PID]   prints the URL (postgres://segform@127.0.0.1:PORT/segform_test)
//   node scripts/postgres-test-server.mjs stop URL|DIR          stops that server and removes its directory
//
// When PostgreSQL is not installed and this runs as root, it installs Debian's `postgresql` with apt-get. PostgreSQL
// refuses to run as root, so as root the cluster is run by the `postgres` system user (made by the Debian package).
// With --owner PID, a detached watchdog stops the server when process PID is gone (even if it was killed outright).
import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

export const TEST_USER = "segform";
export const TEST_DATABASE = "segform_test";
const PREFIX = "segform-pg-";
const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** A failure to report in one line (no stack trace). */
export class PostgresSetupError extends Error {}

/** The newest installed PostgreSQL's bin directory (Debian layout: /usr/lib/postgresql/<version>/bin), or undefined. */
export function findPostgresBin() {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter(
      (version) => existsSync(join(root, version, "bin", "initdb")) && existsSync(join(root, version, "bin", "pg_ctl")),
    )
    .sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
  return versions.length ? join(root, versions[0], "bin") : undefined;
}

/** Installs Debian's postgresql (as root), or explains why it cannot. Returns the bin directory. */
export function installPostgres(log = (line) => process.stderr.write(line + "\n")) {
  const found = findPostgresBin();
  if (found) return found;
  if (process.platform !== "linux")
    throw new PostgresSetupError(
      `PostgreSQL is not installed (looked for /usr/lib/postgresql/*/bin/initdb) and automatic installation needs Debian/Ubuntu; install it, or set SEGFORM_TEST_PG_URL to a server to use`,
    );
  if (!isRoot())
    throw new PostgresSetupError(
      `PostgreSQL is not installed (looked for /usr/lib/postgresql/*/bin/initdb) and installing it needs root; run: sudo apt-get install -y --no-install-recommends postgresql (or set SEGFORM_TEST_PG_URL to a server to use)`,
    );
  if (spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0)
    throw new PostgresSetupError(
      "PostgreSQL is not installed and there is no apt-get to install it with; install PostgreSQL, or set SEGFORM_TEST_PG_URL",
    );
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const started = Date.now();
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "postgresql"]]) {
    log(`postgres-test-server: apt-get ${args.join(" ")}`);
    // Wait for the package lock rather than fail when another apt-get (or a second test run) holds it.
    const result = spawnSync("apt-get", ["-q", "-o", "DPkg::Lock::Timeout=300", ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
      throw new PostgresSetupError(
        `apt-get ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
      );
    }
  }
  const bin = findPostgresBin();
  if (!bin)
    throw new PostgresSetupError("apt-get installed postgresql, but no /usr/lib/postgresql/*/bin/initdb appeared");
  log(`postgres-test-server: installed PostgreSQL in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return bin;
}

/** A free TCP port on 127.0.0.1 (the kernel picks one; a race with another process is retried by the caller). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The system user that runs the cluster: `postgres` when we are root (PostgreSQL refuses root), else ourselves. */
function clusterUser() {
  if (!isRoot()) return undefined;
  const lookup = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const group = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (lookup.status !== 0)
    throw new PostgresSetupError(
      "running as root, but there is no `postgres` system user to run PostgreSQL as (the Debian package creates it)",
    );
  return { name: "postgres", uid: Number(lookup.stdout.trim()), gid: Number(group.stdout.trim()) };
}

/** Runs a PostgreSQL program as the cluster user; throws with its output when it fails. */
function runAs(user, program, args, options = {}) {
  const [command, commandArgs] = user ? ["runuser", ["-u", user.name, "--", program, ...args]] : [program, args];
  const result = spawnSync(command, commandArgs, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    cwd: options.cwd ?? tmpdir(),
    env: { ...process.env, LC_ALL: "C", ...options.env },
  });
  if (result.status !== 0 && !options.allowFailure) {
    throw new PostgresSetupError(
      `${program.split("/").pop()} failed (${result.error?.message ?? `exit ${result.status}`}): ${`${result.stdout}${result.stderr}`.trim()}`,
    );
  }
  return result;
}

/**
 * Starts a fresh cluster. Returns { url, dir, port, bin, timings }. The directory holds the data, the unix socket
 * and the log; `stopServer(dir)` stops the server and removes it.
 */
export async function startServer(options = {}) {
  const log = options.log ?? ((line) => process.stderr.write(line + "\n"));
  const t0 = Date.now();
  const bin = installPostgres(log);
  const t1 = Date.now();
  const user = clusterUser();
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const data = join(dir, "data");
    // No fsync and trust for the test user only; the pg_hba.conf written below replaces initdb's.
    runAs(user, join(bin, "initdb"), [
      "-D",
      data,
      "-U",
      TEST_USER,
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
      "--no-instructions",
    ]);
    writeFileSync(
      join(data, "pg_hba.conf"),
      [
        "# segform test server: the test user only, over its private unix socket or 127.0.0.1",
        `local all ${TEST_USER} trust`,
        `host all ${TEST_USER} 127.0.0.1/32 trust`,
        "",
      ].join("\n"),
    );
    if (user) chownSync(join(data, "pg_hba.conf"), user.uid, user.gid);
    const t2 = Date.now();
    let port;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const settings = [
        "-c listen_addresses=127.0.0.1",
        `-c port=${port}`,
        `-c unix_socket_directories='${dir}'`,
        "-c fsync=off",
        "-c synchronous_commit=off",
        "-c full_page_writes=off",
        "-c max_connections=50",
        "-c shared_buffers=32MB",
      ].join(" ");
      const started = runAs(
        user,
        join(bin, "pg_ctl"),
        ["start", "-D", data, "-w", "-t", "30", "-s", "-l", join(dir, "server.log"), "-o", settings],
        { allowFailure: true },
      );
      if (started.status === 0) break;
      const logText = existsSync(join(dir, "server.log")) ? readFileSync(join(dir, "server.log"), "utf8") : "";
      if (attempt < 3 && /could not bind|Address already in use/i.test(logText)) continue;
      throw new PostgresSetupError(
        `pg_ctl start failed: ${`${started.stdout}${started.stderr}`.trim()}\n${logText.trim().split("\n").slice(-10).join("\n")}`,
      );
    }
    writeFileSync(join(dir, "server.json"), JSON.stringify({ bin, port }) + "\n");
    runAs(user, join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", TEST_USER, TEST_DATABASE]);
    const t3 = Date.now();
    if (options.owner) startWatchdog(dir, options.owner);
    const url = `postgres://${TEST_USER}@127.0.0.1:${port}/${TEST_DATABASE}`;
    return {
      url,
      dir,
      port,
      bin,
      timings: { installMs: t1 - t0, initdbMs: t2 - t1, startMs: t3 - t2, totalMs: t3 - t0 },
    };
  } catch (error) {
    removeServer(dir);
    throw error;
  }
}

/** Stops the server in `dir` (fast shutdown: open sessions are ended) and removes the directory. Synchronous, so it can run in an exit handler. */
export function stopServer(dir) {
  if (!dir || !existsSync(dir)) return false;
  // It removes the directory: only ever one this script made.
  if (!basename(dir).startsWith(PREFIX) || !existsSync(join(dir, "data")))
    throw new PostgresSetupError(`${dir} is not a directory of this script's test server`);
  return removeServer(dir);
}

function removeServer(dir) {
  const data = join(dir, "data");
  let stopped = false;
  if (existsSync(join(data, "postmaster.pid"))) {
    const bin = existsSync(join(dir, "server.json"))
      ? JSON.parse(readFileSync(join(dir, "server.json"), "utf8")).bin
      : findPostgresBin();
    const user = clusterUser();
    const result = runAs(user, join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "fast", "-w", "-t", "30", "-s"], {
      allowFailure: true,
    });
    if (result.status !== 0)
      runAs(user, join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w", "-s"], { allowFailure: true });
    stopped = true;
  }
  rmSync(dir, { recursive: true, force: true });
  return stopped;
}

/** A detached process that stops the server once `owner` (a pid) has exited, however it exited. */
function startWatchdog(dir, owner) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "watch", dir, String(owner)], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
}

/** The directory of the server this script started for `url` (found by its port), or undefined. */
function serverDirectory(url) {
  const port = Number(new URL(url).port);
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const state = join(tmpdir(), name, "server.json");
    if (existsSync(state) && JSON.parse(readFileSync(state, "utf8")).port === port) return join(tmpdir(), name);
  }
  return undefined;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === "start") {
    const ownerAt = rest.indexOf("--owner");
    const server = await startServer({ owner: ownerAt >= 0 ? Number(rest[ownerAt + 1]) : undefined });
    const { installMs, initdbMs, startMs } = server.timings;
    process.stderr.write(
      `postgres-test-server: ${server.url} (install ${installMs} ms, initdb ${initdbMs} ms, start + createdb ${startMs} ms); stop with: node scripts/postgres-test-server.mjs stop ${server.url}\n`,
    );
    process.stdout.write(server.url + "\n");
    return 0;
  }
  if (command === "stop") {
    const dir = rest[0] && /^postgres(ql)?:\/\//.test(rest[0]) ? serverDirectory(rest[0]) : rest[0];
    if (!dir) {
      process.stderr.write(
        `postgres-test-server: ${rest[0] ? `no test server of this script at ${rest[0]}` : "which server? pass the URL or the directory that start printed"}\n`,
      );
      return 1;
    }
    process.stderr.write(
      stopServer(dir)
        ? `postgres-test-server: stopped ${dir}\n`
        : `postgres-test-server: no server running in ${dir}\n`,
    );
    return 0;
  }
  if (command === "watch") {
    const [dir, owner] = [rest[0], Number(rest[1])];
    while (alive(owner) && existsSync(dir)) await new Promise((resolve) => setTimeout(resolve, 1000));
    if (existsSync(dir)) stopServer(dir);
    return 0;
  }
  process.stderr.write("usage: node scripts/postgres-test-server.mjs start [--owner PID] | stop URL|DIR\n");
  return 2;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(
        `postgres-test-server: ${error instanceof PostgresSetupError ? error.message : (error?.stack ?? String(error))}\n`,
      );
      process.exitCode = 1;
    },
  );
}
