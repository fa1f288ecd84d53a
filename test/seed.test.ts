// The wiring of test/setup/fast-check.ts: property tests get a fixed seed in CI, SEGFORM_PROPERTY_SEED anywhere.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CI_SEED } from "./setup/fast-check.js";

describe("property-test seed", () => {
  it("is fixed in CI, given by SEGFORM_PROPERTY_SEED, random otherwise", () => {
    const inCi =
      process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false" && process.env.CI !== "0";
    const given = process.env.SEGFORM_PROPERTY_SEED;
    const expected = given !== undefined && given.trim() !== "" ? Number(given) : inCi ? CI_SEED : undefined;
    expect(fc.readConfigureGlobal().seed).toBe(expected);
    if (expected !== undefined) {
      // the same seed, the same cases
      expect(fc.sample(fc.integer(), 5)).toEqual(fc.sample(fc.integer(), 5));
    }
  });
});
