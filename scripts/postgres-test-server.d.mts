// Types for postgres-test-server.mjs, so the TypeScript test setup can import it.
export declare const TEST_USER: string;
export declare const TEST_DATABASE: string;

export declare class PostgresSetupError extends Error {}

/** The newest installed PostgreSQL's bin directory, or undefined. */
export declare function findPostgresBin(): string | undefined;

/** Installs Debian's postgresql when missing (as root); returns its bin directory. */
export declare function installPostgres(log?: (line: string) => void): string;

export interface TestServer {
  url: string;
  dir: string;
  port: number;
  bin: string;
  timings: { installMs: number; initdbMs: number; startMs: number; totalMs: number };
}

/** Starts a fresh cluster on 127.0.0.1; with `owner`, a watchdog stops it when that process is gone. */
export declare function startServer(options?: { owner?: number; log?: (line: string) => void }): Promise<TestServer>;

/** Stops the server in `dir` and removes the directory (synchronous). */
export declare function stopServer(dir: string): boolean;
