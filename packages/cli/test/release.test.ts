import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../src/version.js";
import { importOptional, missingPackageError } from "../src/optional.js";
import { CliError } from "../src/errors.js";
import { REPO } from "./helpers.js";

describe("the package version", () => {
  it("is one number: version.ts, the CLI's package.json, the CHANGELOG's newest entry and the action's default", () => {
    expect(JSON.parse(readFileSync(join(REPO, "packages/cli/package.json"), "utf8")).version).toBe(VERSION);
    expect(/^## (\S+)$/m.exec(readFileSync(join(REPO, "CHANGELOG.md"), "utf8"))![1]).toBe(VERSION);
  });
});

describe("optional dependencies", () => {
  it("a missing package is named, with how to install it", async () => {
    const error = await importOptional(() => import("segform-no-such-package" as string), "--engine duckdb", [
      "segform-no-such-package",
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe(
      "--engine duckdb needs the package segform-no-such-package, which is not installed",
    );
    expect((error as CliError).hint).toBe("install it beside segform: npm install segform-no-such-package");
    expect((error as CliError).exitCode).toBe(2);
  });

  it("other errors pass through unchanged", async () => {
    const other = new Error("boom");
    expect(missingPackageError(other, "--engine duckdb", ["@duckdb/node-api"])).toBeUndefined();
    const missingOther = await import("segform-other-missing" as string).catch((e: unknown) => e);
    expect(missingPackageError(missingOther, "--engine duckdb", ["@duckdb/node-api"])).toBeUndefined();
  });
});
