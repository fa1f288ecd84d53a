import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const ALL_TESTS = ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "test/**/*.test.ts"];
const UNIT_TESTS = ["spec", "plan", "compiler", "engine", "testing", "diff", "report", "sql"].flatMap((name) => [
  `packages/${name}/src/**/*.test.ts`,
  `packages/${name}/test/**/*.test.ts`,
]);

// Workspace packages resolve to their TypeScript sources (the `source` export condition), so tests never run a
// stale `dist`. Vite applies `resolve.conditions` to the browser environment only: the node (SSR) environment the
// tests run in needs `ssr.resolve` too (packages/cli/test/resolution.test.ts guards it).
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    testTimeout: 60_000,
    // Vitest leaves one core free by default: on a 2-core CI machine that is one test file at a time. The suite waits
    // on processes, servers and I/O as much as on the CPU, so every core runs a file.
    maxWorkers: availableParallelism(),
    reporters: ["default", "./scripts/summary-reporter.mjs"],
    globalSetup: ["test/setup/tmpdir.ts", "test/setup/postgres.ts"],
    setupFiles: ["test/setup/fast-check.ts"],
    // Two projects: the packages whose tests call functions and leave no process state behind run several test files
    // in one worker process (no isolation: each file does not load every module again, about 40% of their CPU
    // time); the CLI, deploy and serve tests and the end-to-end tests (the process's directory, environment,
    // signals, servers) each get a fresh process.
    projects: [
      { extends: true, test: { name: "units", include: UNIT_TESTS, isolate: false } },
      {
        extends: true,
        test: { name: "processes", include: ALL_TESTS, exclude: [...UNIT_TESTS, "**/node_modules/**"] },
      },
    ],
    // `pnpm coverage`: the sources of every package, the CLI included (its tests run it in process).
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.ts"],
      exclude: ["**/*.test.ts", "**/*.d.ts"],
      reporter: ["text-summary", "json-summary", "html"],
      reportsDirectory: "coverage",
    },
  },
});
