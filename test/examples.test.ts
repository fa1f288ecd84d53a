import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { segform } from "../packages/cli/test/helpers.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const projects = [
  "segments.example.yaml",
  ...readdirSync(`${REPO}/examples`)
    .map((name) => `examples/${name}/segments.yaml`)
    .filter((path) => existsSync(`${REPO}/${path}`))
    .sort(),
];

describe("bundled projects", () => {
  it("are the quick start plus five examples", () => {
    expect(projects).toEqual([
      "segments.example.yaml",
      "examples/abm-intent-stages/segments.yaml",
      "examples/hr-tech-midmarket/segments.yaml",
      "examples/manufacturing-verticals/segments.yaml",
      "examples/security-maturity/segments.yaml",
      "examples/warehouse-tracks/segments.yaml",
    ]);
  });

  for (const project of projects) {
    it(`${project}: validates without warnings, and its suite and error bars pass with every tier and segment covered`, async () => {
      const validate = await segform(["validate", project]);
      expect(validate.code, validate.stderr).toBe(0);
      expect(validate.stderr).not.toContain("warning");
      const run = await segform(["test", project, "--format", "json", "--coverage"]);
      const report = JSON.parse(run.stdout);
      expect(report.diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
      expect(report.summary.failed).toBe(0);
      expect(report.summary.passed).toBeGreaterThanOrEqual(15);
      expect(report.summary.barErrors).toBe(0);
      expect(run.code).toBe(0);
      const unlandedTargets = report.coverage.items.filter(
        (item: { kind: string; seenTrue: boolean }) => item.kind === "target" && !item.seenTrue,
      );
      expect(unlandedTargets).toEqual([]);
    });
  }
});
