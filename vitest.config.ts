import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    reporters: ["default", "./scripts/summary-reporter.mjs"],
    globalSetup: ["test/setup/postgres.ts"],
  },
});
