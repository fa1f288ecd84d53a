// Vitest global setup: a throwaway PostgreSQL server for the tests that need one (scripts/postgres-test-server.mjs),
// started once before the suite and stopped after it, also when the run fails or is interrupted. Tests read its
// URL with `inject("segformPgUrl")` (or from SEGFORM_TEST_PG_URL in child processes).
//
// - SEGFORM_TEST_PG_URL already set: that server is used; nothing is started.
// - SEGFORM_SKIP_POSTGRES=1 (not in CI): no server; the PostgreSQL tests are skipped, with a notice.
// - CI=true: PostgreSQL tests never skip; a server that cannot be started fails the run.
import type { TestProject } from "vitest/node";
import { startServer, stopServer } from "../../scripts/postgres-test-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** The PostgreSQL test server's URL, or null when the PostgreSQL tests are skipped. */
    segformPgUrl: string | null;
  }
}

const inCi = () =>
  process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.SEGFORM_TEST_PG_URL;
  if (given) {
    project.provide("segformPgUrl", given);
    return undefined;
  }
  if (process.env.SEGFORM_SKIP_POSTGRES === "1") {
    if (inCi())
      throw new Error(
        "SEGFORM_SKIP_POSTGRES=1 is not honoured in CI: the PostgreSQL tests must run (unset it, or set SEGFORM_TEST_PG_URL)",
      );
    process.stderr.write("notice: SEGFORM_SKIP_POSTGRES=1: the PostgreSQL tests are skipped\n");
    project.provide("segformPgUrl", null);
    return undefined;
  }
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    // The watchdog (owner) stops the server even if this process is killed outright.
    server = await startServer({ owner: process.pid, log: (line: string) => process.stderr.write(line + "\n") });
  } catch (error) {
    const hint = inCi()
      ? "CI needs PostgreSQL (installed with apt-get as root when missing), or SEGFORM_TEST_PG_URL pointing at a server"
      : "set SEGFORM_TEST_PG_URL to a server to use, or SEGFORM_SKIP_POSTGRES=1 to skip the PostgreSQL tests";
    throw new Error(`cannot start the PostgreSQL test server: ${(error as Error).message}\n  ${hint}`);
  }
  const { installMs, initdbMs, startMs } = server.timings;
  process.stderr.write(
    `PostgreSQL test server ${server.url} (install ${installMs} ms, initdb ${initdbMs} ms, start ${startMs} ms)\n`,
  );
  process.env.SEGFORM_TEST_PG_URL = server.url;
  project.provide("segformPgUrl", server.url);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    stopServer(server.dir);
  };
  // Vitest ends an interrupted run (Ctrl-C, SIGTERM) with process.exit() without tearing down: stop on exit too.
  process.on("exit", stop);
  return stop;
}
