import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const ALL_TESTS = ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "test/**/*.test.ts"];
const UNIT_TESTS = ["spec", "plan", "compiler", "engine", "testing", "diff", "report", "sql"].flatMap((name) => [
  `packages/${name}/src/**/*.test.ts`,
  `packages/${name}/test/**/*.test.ts`,
]);

// The files that take longest (seconds of one file on the 2-core CI machine, idle), started first in this order
// whatever their project: a long file started last keeps one core busy alone at the end of the run. Vitest's own
// order (projects one after the other, then unknown or larger files first) started the longest file, the deploy
// crash test, after three minutes. Update when a file's duration changes much (the JSON reporter gives them).
const SLOWEST_FIRST = [
  "packages/deploy/test/crash.test.ts",
  "packages/deploy/test/saas-crash.test.ts",
  "test/hostile/hostile.test.ts",
  "packages/sql/src/property.test.ts",
  "test/journey.test.ts",
  "packages/compiler/src/rules/ExpandedSizeRule.test.ts",
  "packages/cli/test/serve-state.test.ts",
  "packages/cli/test/report-browser.test.ts",
  "packages/sql/src/runners/json-lists.test.ts",
  "packages/cli/test/hostile.test.ts",
  "packages/cli/test/engines-commands.test.ts",
  "packages/sql/src/contacts-agreement.test.ts",
  "packages/cli/test/engines.test.ts",
  "packages/cli/test/untrusted.test.ts",
  "packages/spec/src/schema.test.ts",
  "packages/deploy/test/salesforce-kill-points.test.ts",
  "packages/sql/src/parse-check.test.ts",
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification) => {
      const index = SLOWEST_FIRST.indexOf(relative(root, spec.moduleId).replaceAll("\\", "/"));
      return index < 0 ? SLOWEST_FIRST.length : index;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: SlowestFirst },
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
